"""Accounts and the audit trail are scoped by the same mechanism as case files: a municipality's
staff never see another municipality's accounts or events, nor the deployment's own; the
deployment administrator reads them all; signing in works for every kind of account."""
import pytest
from builders import PASSWORD, add_municipality, add_user, login
from sqlalchemy import select

from kooperacje.audit.models import AuditEvent
from kooperacje.auth.models import User
from kooperacje.extensions import db


@pytest.fixture
def deployment(app):
    zgierz, dalikow = add_municipality("102003"), add_municipality("101101")
    people = {
        "admin.zgierz": add_user("admin.zgierz", "municipality_admin", zgierz, full_name="Anna Zgierska"),
        "worker.zgierz": add_user("worker.zgierz", "social_worker", zgierz, full_name="Ewa Zgierska"),
        "admin.dalikow": add_user("admin.dalikow", "municipality_admin", dalikow, full_name="Jan Dalikowski"),
        "root": add_user("root", "superadmin", full_name="Piotr Wdrożeniowy"),
        "observer": add_user("observer", "regional_observer", voivodeship_code="10", full_name="Olga Regionalna"),
    }
    for username in people:  # every account leaves a login event in the trail
        assert login(app.test_client(), username).status_code == 302
    return zgierz, dalikow, people


def test_a_municipal_administrator_sees_only_the_accounts_of_their_municipality(app, deployment):
    zgierz, _dalikow, _people = deployment
    client = app.test_client()
    login(client, "admin.zgierz")
    page = client.get("/users/").get_data(as_text=True)
    assert "Ewa Zgierska" in page
    for stranger in ("Jan Dalikowski", "Piotr Wdrożeniowy", "Olga Regionalna"):
        assert stranger not in page
    with client:
        client.get("/")
        # a query written without any filter is scoped all the same
        seen = db.session.scalars(select(User)).all()
        assert {user.municipality_id for user in seen} == {zgierz.id}


def test_another_municipalitys_account_is_not_found_by_its_id(app, deployment):
    _zgierz, _dalikow, people = deployment
    client = app.test_client()
    login(client, "admin.zgierz")
    assert client.get(f"/users/{people['admin.dalikow'].id}/edit").status_code == 404
    assert client.get(f"/users/{people['root'].id}/edit").status_code == 404
    assert client.get(f"/users/{people['worker.zgierz'].id}/edit").status_code == 200


def test_a_municipal_administrator_reads_only_their_municipalitys_audit_trail(app, deployment):
    zgierz, _dalikow, _people = deployment
    client = app.test_client()
    login(client, "admin.zgierz")
    page = client.get("/audit/").get_data(as_text=True)
    export = client.get("/audit/export.csv").get_data(as_text=True)
    for trail in (page, export):
        assert "worker.zgierz" in trail
        for stranger in ("admin.dalikow", "root", "observer"):
            assert stranger not in trail
    with client:
        client.get("/")
        events = db.session.scalars(select(AuditEvent)).all()
        assert events and {event.municipality_id for event in events} == {zgierz.id}


def test_the_deployment_administrator_reads_every_account_and_event(app, deployment):
    client = app.test_client()
    login(client, "root")
    accounts = client.get("/users/").get_data(as_text=True)
    trail = client.get("/audit/").get_data(as_text=True)
    for person, username in (("Anna Zgierska", "admin.zgierz"), ("Jan Dalikowski", "admin.dalikow"),
                             ("Olga Regionalna", "observer")):
        assert person in accounts
        assert username in trail
    with client:
        client.get("/")
        assert db.session.scalars(select(User)).all() == []  # only through the reviewed opt-out


def test_deployment_accounts_sign_in_and_change_a_one_time_password(app, deployment):
    add_user("root2", "superadmin", must_change_password=True)
    client = app.test_client()
    assert login(client, "root2").headers["Location"].endswith("/account/password")
    response = client.post("/account/password", data={"current_password": PASSWORD,
                                                      "new_password": "Kasztanowa aleja 2026!",
                                                      "confirm": "Kasztanowa aleja 2026!"})
    assert response.status_code == 302
    assert client.get("/").status_code == 200
    with app.app_context():
        account = db.session.scalar(select(User).where(User.username == "root2"))
        assert account.must_change_password is False
