"""Whatever arrives in any form of the app — control characters, NUL, invalid UTF-8, huge
strings, wrong types, repeated or unknown fields — the answer is a page or a redirect, never a 500.

Every POST route of the URL map is tried by a user whose role may use it, on real records of
their own municipality, with 1 000 generated bodies. Bodies are raw bytes, so what a browser
could never send (lone surrogates as invalid UTF-8, broken percent-escapes) reaches the app too;
field names come from the route's own form page.

Shapes no page of the app sends are tried over every route too: a file part in any form (the
login form included), numbers too big for any column in each field, and ids too big for any
id column in every URL and in the lists' ``?after=``."""
import os
import re
import tempfile
from pathlib import Path
from urllib.parse import quote_from_bytes

import pytest
from builders import HOSTILE, PARAMETERS, add_user, ids_of, login, make_app, municipality_with_everything
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kooperacje.auth.permissions import MUNICIPAL_ROLES, PERMISSIONS, Role

#: bodies per route (about 110 routes: 200 keeps the suite well under its time budget; set
#: KOOPERACJE_FUZZ_EXAMPLES higher for a deeper run); the PostgreSQL pass (scripts/test-postgres.sh)
#: sends fewer: the app's handling is the same, what differs there is the database's, which the
#: shapes of builders.HOSTILE try on every route
EXAMPLES = int(os.environ.get("KOOPERACJE_FUZZ_EXAMPLES", 200))
#: routes that end the fuzzing user's own session; they take no typed input anyway
SKIPPED = {"auth.logout", "auth.login", "auth.login_code", "i18n.set_language"}
FIELD_NAME = re.compile(r'name="([^"]+)"')
FUZZ = settings(max_examples=EXAMPLES, deadline=None, derandomize=True,
                suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])


def values():
    return st.one_of(st.sampled_from(HOSTILE), st.binary(max_size=300),
                     st.text(max_size=200).map(lambda t: t.encode("utf-8", "surrogatepass")))


def bodies(fields):
    names = st.one_of(st.sampled_from(fields), st.binary(max_size=20))
    return st.lists(st.tuples(names, values()), max_size=25).map(
        lambda pairs: "&".join(quote_from_bytes(n if isinstance(n, bytes) else n.encode()) + "=" + quote_from_bytes(v)
                               for n, v in pairs).encode())


def post_routes(app):
    """(endpoint, rule) for every POST route, in a fixed order."""
    rules = [r for r in app.url_map.iter_rules() if "POST" in r.methods and r.endpoint not in SKIPPED]
    return sorted(((r.endpoint, r) for r in rules), key=lambda pair: pair[1].rule)


def pytest_generate_tests(metafunc):
    """One fuzz test per POST route of the URL map itself, read from an app built for collection:
    a new route is fuzzed without anyone listing it."""
    if "endpoint" in metafunc.fixturenames:
        with tempfile.TemporaryDirectory() as folder:
            endpoints = [endpoint for endpoint, _rule in post_routes(make_app(Path(folder) / "routes.db"))]
        metafunc.parametrize("endpoint", endpoints)


def role_for(permission):
    """The least privileged role that may use ``permission``: a municipality's staff before the
    deployment's accounts."""
    allowed = PERMISSIONS[permission]
    return next((role for role in reversed(MUNICIPAL_ROLES) if role in allowed), None) or min(allowed)


@pytest.fixture
def world(app):
    municipality, staff = municipality_with_everything("102003", "a")
    other, _ = municipality_with_everything("101102", "b")  # so users/<id> has someone else to act on
    for role in set(Role) - set(staff):  # the deployment's own accounts
        staff[role] = add_user(f"{role.value}.a", role.value, voivodeship_code="10" if role is Role.OBSERVER else None,
                               must_change_password=False)
    with app.app_context():
        ids = ids_of(municipality.id)
        ids["user_id"] = staff[Role.WORKER].id
    clients = {}
    for role, user in staff.items():
        clients[role] = app.test_client()
        assert login(clients[role], user.username).status_code == 302
    return {"ids": ids, "clients": clients}


def test_every_post_route_is_covered_by_a_role(app):
    routes = post_routes(app)
    assert len(routes) > 30
    for endpoint, rule in routes:
        assert getattr(app.view_functions[endpoint], "required_permission", None), endpoint
        assert set(re.findall(r"<int:(\w+)>", rule.rule)) <= set(PARAMETERS), rule.rule


def test_generated_bodies_never_get_a_500(app, world, endpoint):
    rule = dict(post_routes(app))[endpoint]
    url = rule.rule
    for name in re.findall(r"<int:(\w+)>", url):
        url = url.replace(f"<int:{name}>", str(world["ids"][name]))
    url = re.sub(r"<any\(([^)]*)\):\w+>", lambda m: m.group(1).split(",")[0].strip("'"), url)
    client = world["clients"][role_for(app.view_functions[endpoint].required_permission)]
    page = client.get(url) if "GET" in rule.methods else None
    fields = sorted(set(FIELD_NAME.findall(page.get_data(as_text=True)))) if page and page.status_code == 200 else []
    fields = fields or ["version", "text", "status", "name", "action"]

    @FUZZ
    @given(data=bodies(fields))
    def post(data):
        response = client.post(url, data=data, content_type="application/x-www-form-urlencoded")
        assert response.status_code < 500, (url, data[:200])

    post()


# --- Shapes a browser never sends from these forms: file parts, huge numbers, huge ids ------------

#: past what a float holds (309 digits), past SQLite's 64-bit and PostgreSQL's 32-bit integers
HUGE_NUMBERS = ["9" * 309, str(2**63), str(2**31)]
#: paged lists that must be among those the URL map yields (so the crawl cannot find none)
KNOWN_PAGED_LISTS = {"users.index", "audit.index", "clients.index", "admin.municipalities",
                     "partnership.meetings", "notifications.index"}


def _filled(rule, ids):
    url = rule.rule
    for name in re.findall(r"<int:(\w+)>", url):
        url = url.replace(f"<int:{name}>", str(ids[name]))
    return re.sub(r"<any\(([^)]*)\):\w+>", lambda m: m.group(1).split(",")[0].strip("'"), url)


def _all_post_routes(app):
    return sorted((r for r in app.url_map.iter_rules() if "POST" in r.methods), key=lambda r: r.rule)


def _client_for(app, world, endpoint):
    permission = getattr(app.view_functions[endpoint], "required_permission", None)
    return world["clients"][role_for(permission)] if permission else app.test_client()


def _field_names(client, url, has_get):
    page = client.get(url) if has_get else None
    fields = sorted(set(FIELD_NAME.findall(page.get_data(as_text=True)))) if page and page.status_code == 200 else []
    return fields or ["version", "text", "status", "name", "action", "username", "password"]


def test_a_file_sent_in_any_form_is_refused_with_400(app, world):
    """No form of the app takes files: a file part where text belongs is a bad request, on every
    POST route (the login form included), not a 500."""
    from io import BytesIO

    answers = {}
    for rule in _all_post_routes(app):
        url = _filled(rule, world["ids"])
        client = _client_for(app, world, rule.endpoint)
        fields = _field_names(client, url, "GET" in rule.methods)
        data = {name: (BytesIO(b"plik"), "plik.txt") for name in fields}
        answers[url] = client.post(url, data=data, content_type="multipart/form-data").status_code
    assert {url: status for url, status in answers.items() if status != 400} == {}


def test_huge_numbers_in_any_field_never_get_a_500(app, world):
    """Each field in turn gets a number no column holds, the others a plausible value, so that
    the number reaches whatever the view does with it (a lookup, a save)."""
    from builders import BODY

    failures = []
    for rule in _all_post_routes(app):
        if rule.endpoint in SKIPPED:
            continue
        url = _filled(rule, world["ids"])
        client = _client_for(app, world, rule.endpoint)
        fields = _field_names(client, url, "GET" in rule.methods)
        for name in fields:
            for number in HUGE_NUMBERS:
                body = {field: BODY.get(field, "1") for field in fields if field != "csrf_token"}
                body[name] = number
                status = client.post(url, data=body).status_code
                if status >= 500:
                    failures.append((url, name, number[:20]))
    assert failures == []


@pytest.mark.parametrize("number", HUGE_NUMBERS)
def test_huge_ids_in_any_url_are_not_found(app, world, number):
    failures = []
    for rule in app.url_map.iter_rules():
        names = re.findall(r"<int:(\w+)>", rule.rule)
        for name in names:
            url = _filled(rule, {**world["ids"], name: number})
            client = _client_for(app, world, rule.endpoint)
            for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
                status = client.open(url, method=method).status_code
                if status != 404:
                    failures.append((method, url[:80], status))
    assert failures == []


@pytest.fixture
def paged_lists(app, world, monkeypatch):
    """Every page of the URL map that reads ``?after=`` (keyset pagination), found by visiting each
    GET page without parameters as a user who may see it: URL -> that user's client."""
    from flask import request

    from kooperacje import pagination

    reading, original = set(), pagination._after
    monkeypatch.setattr(pagination, "_after", lambda: reading.add(request.endpoint) or original())
    found = {}
    for rule in app.url_map.iter_rules():
        if "GET" in rule.methods and not rule.arguments and rule.endpoint != "static":
            client = _client_for(app, world, rule.endpoint)
            client.get(rule.rule)
            if rule.endpoint in reading:
                found[rule.rule] = client
    assert KNOWN_PAGED_LISTS <= reading
    return found


@pytest.mark.parametrize("after", [*HUGE_NUMBERS, "-1", "0", "abc"])
def test_a_page_after_an_impossible_id_is_a_bad_request_not_a_500(paged_lists, after):
    statuses = {url: client.get(f"{url}?after={after}").status_code for url, client in paged_lists.items()}
    assert {url: status for url, status in statuses.items() if status != 400} == {}


def test_database_errors_never_carry_the_typed_values(app):
    """A failing statement's error (which ends up in the log with its traceback) names the SQL,
    not the values a user typed into it."""
    from sqlalchemy import text
    from sqlalchemy.exc import DBAPIError

    from kooperacje.extensions import db

    with app.app_context():
        with pytest.raises(DBAPIError) as failure:
            db.session.execute(text("SELECT * FROM no_such_table WHERE name = :name"), {"name": "Kowalski 85010112345"})
    assert "85010112345" not in str(failure.value)
