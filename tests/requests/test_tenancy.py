"""Two municipalities with every kind of record and every role: each object route, with each
method, tried by each role of the other municipality, answers 403 or 404 (404 whenever the role
could use the route at home) and changes none of the first municipality's rows."""
import re

import pytest
from builders import (BODY, PARAMETERS, ROLES, add_membership, add_user, ids_of, login, municipality_with_everything,
                      snapshot, switch_to)
from sqlalchemy import select

from kooperacje.auth.permissions import PERMISSIONS, Role
from kooperacje.clients.models import Client
from kooperacje.clients.search import case_rows
from kooperacje.database import set_request_tenant
from kooperacje.extensions import db


def object_routes(app):
    for rule in app.url_map.iter_rules():
        names = re.findall(r"<int:(\w+)>", rule.rule)
        if names:
            yield rule, names


@pytest.fixture
def two_municipalities(app):
    first, _ = municipality_with_everything("102003", "a")
    second, staff = municipality_with_everything("101102", "b")
    return first, second, staff


def test_other_municipalities_records_are_never_reached(app, two_municipalities):
    first, _second, staff = two_municipalities
    with app.app_context():
        targets = ids_of(first.id)
        before = snapshot(first.id)
    assert all(targets.values()), targets
    probes = 0
    for role in ROLES:
        client = app.test_client()
        assert login(client, staff[role].username).status_code == 302
        probes += probe(app, client, role, targets)
    with app.app_context():
        assert snapshot(first.id) == before
    assert probes >= 3 * 30
    print(f"cross-tenant probes: {probes}, succeeded: 0")


def probe(app, client, role, targets):
    """Every object route with each method, on ``targets``' ids: 404 whenever ``role`` could use
    the route, else 403 or 404. Returns how many were tried."""
    probes = 0
    for rule, names in object_routes(app):
        missing = [n for n in names if n not in PARAMETERS]
        assert not missing, f"{rule.rule}: add {missing} to PARAMETERS"
        url = rule.rule
        for name in names:
            url = re.sub(rf"<int:{name}>", str(targets[name]), url)
        url = re.sub(r"<any\(([^)]*)\):\w+>", lambda m: m.group(1).split(",")[0].strip("'"), url)
        allowed = Role(role) in PERMISSIONS[app.view_functions[rule.endpoint].required_permission]
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            response = client.open(url, method=method, data=BODY if method == "POST" else None)
            probes += 1
            expected = (404,) if allowed else (403, 404)
            assert response.status_code in expected, f"{role} {method} {url}: {response.status_code}"
    return probes


def test_an_account_of_both_municipalities_reaches_only_the_one_it_works_in(app, two_municipalities):
    """A PCPR worker with a role in both: before switching, the other municipality is another
    tenant like any; after switching, so is the home one."""
    first, second, _staff = two_municipalities
    visitor = add_user("pcpr.both", Role.WORKER.value, second, must_change_password=False)
    membership_in_first = add_membership(visitor, first, Role.HEAD.value)
    client = app.test_client()
    assert login(client, visitor.username).status_code == 302
    with app.app_context():
        targets = {municipality.id: ids_of(municipality.id) for municipality in (first, second)}
        before = {municipality.id: snapshot(municipality.id) for municipality in (first, second)}
    probes = probe(app, client, Role.WORKER, targets[first.id])
    assert switch_to(client, membership_in_first).status_code == 302
    probes += probe(app, client, Role.HEAD, targets[second.id])
    with app.app_context():
        after = {municipality.id: snapshot(municipality.id) for municipality in (first, second)}
    for municipality_id, rows in before.items():
        changed = {key for key in rows.keys() | after[municipality_id].keys()
                   if rows.get(key) != after[municipality_id].get(key)}
        # what changed is the audit row of the switch itself, in the trail of the municipality switched to
        assert {after[municipality_id][key]["action"] for key in changed} <= {"membership_switched"}, changed
    print(f"cross-tenant probes of a two-municipality account: {probes}, succeeded: 0")


def test_posting_ownership_fields_moves_nothing_to_another_municipality(app, two_municipalities):
    first, second, staff = two_municipalities
    client = app.test_client()
    login(client, staff[Role.WORKER].username)
    response = client.post("/clients/new", data={"kind": "person", "first_name": "Ewa", "last_name": "Nowa",
                                                 "municipality_id": str(first.id), "worker_id": "1", "status": "x"})
    assert response.status_code == 302
    with app.app_context():
        created = db.session.scalar(select(Client).where(Client.surname_key == "nowa").execution_options(
            all_tenants=True))
        assert created.municipality_id == second.id and created.status == "active"
        assert created.worker_id == staff[Role.WORKER].id


def test_a_statement_built_once_reads_the_municipality_of_each_execution(app, two_municipalities):
    # Hot statements are built once per process (the case register's, the desk's, the session
    # lookup) and the tenant filter takes its value as a parameter of each execution: the same
    # statement object, run for one municipality and then the other, must read each one's rows.
    first, second, _staff = two_municipalities
    for tenant in (first.id, second.id, first.id):
        with app.test_request_context("/"):
            set_request_tenant(tenant)
            rows = db.session.execute(case_rows()).all()
            assert rows and {row.municipality_id for row in rows} == {tenant}


def test_each_municipalitys_workers_see_their_own_cases_on_the_list_in_turn(app, two_municipalities):
    first, second, _staff = two_municipalities
    with app.app_context():
        own = {m.id: set(db.session.scalars(select(Client.id).where(Client.municipality_id == m.id)
                                            .execution_options(all_tenants=True))) for m in (first, second)}
    workers = {}
    for municipality, suffix in ((first, "a"), (second, "b")):
        workers[municipality.id] = app.test_client()
        assert login(workers[municipality.id], f"{Role.WORKER.value}.{suffix}").status_code == 302
    for municipality_id in (first.id, second.id, first.id, second.id):
        page = workers[municipality_id].get("/clients/").get_data(as_text=True)
        shown = {int(client_id) for client_id in re.findall(r'href="/clients/(\d+)"', page)}
        assert shown and shown <= own[municipality_id], municipality_id
