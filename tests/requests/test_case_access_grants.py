"""An administrator may not read client records but manages the accounts that do: every grant of
access to case files is audited and shown, and nobody grants it to themselves (issue 12)."""
import pytest
from builders import add_municipality, add_user, login
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from kooperacje.audit.models import AuditEvent
from kooperacje.auth.models import User
from kooperacje.clock import to_local
from kooperacje.extensions import db

SELF_GRANT = "Nie możesz nadać sobie dostępu do akt klientów. Poproś o to innego administratora."
OWN_NAME = "Nie możesz nadać dostępu do akt klientów kontu na własne imię i nazwisko lub własny e-mail."


@pytest.fixture
def admin(app, zgierz):
    add_user("admin.zgierz", "municipality_admin", zgierz, full_name="Anna Nowak", email="anna.nowak@ops.zgierz.pl",
             must_change_password=False)
    client = app.test_client()
    login(client, "admin.zgierz")
    return client


def _account(app, username):
    with app.app_context():
        return db.session.scalar(select(User).where(User.username == username).options(joinedload(User.home_municipality)))


def _access_events(app, username):
    """(action, granting login, role) of the case-access events about ``username``, oldest first."""
    with app.app_context():
        user_id = db.session.scalar(select(User.id).where(User.username == username))
        events = db.session.scalars(select(AuditEvent).where(
            AuditEvent.action.in_(["case_access_granted", "case_access_revoked"]),
            AuditEvent.object_type == "user_account", AuditEvent.object_id == user_id).order_by(AuditEvent.id)).all()
        return [(e.action, e.user.username if e.user else None, e.detail) for e in events]


def _create(client, username, role="social_worker", full_name="Ewa Lis", email=""):
    return client.post("/users/new", data={"full_name": full_name, "username": username, "email": email,
                                           "role": role})


def _edit(client, user, role):
    return client.post(f"/users/{user.id}/edit", data={"full_name": user.full_name, "email": user.email or "",
                                                       "role": role})


def test_creating_a_social_worker_records_who_granted_case_access(app, admin):
    assert _create(admin, "ewa.lis").status_code == 200
    assert _create(admin, "jan.koordynator", role="coordinator", full_name="Jan Wiśniewski").status_code == 200
    assert _access_events(app, "ewa.lis") == [("case_access_granted", "admin.zgierz", "social_worker")]
    assert _access_events(app, "jan.koordynator") == []  # a coordinator reads no case files


def test_the_user_list_shows_who_granted_case_access_and_when(app, admin):
    _create(admin, "ewa.lis")
    add_user("stary.pracownik", "social_worker", _account(app, "admin.zgierz").municipality)
    body = admin.get("/users/").get_data(as_text=True)
    row = next(line for line in body.split("<tr>") if "ewa.lis" in line)
    assert "nadał(a): Anna Nowak" in row
    with app.app_context():
        granted = db.session.scalar(select(AuditEvent.at).where(AuditEvent.action == "case_access_granted"))
    assert to_local(granted).strftime("%d.%m.%Y") in row  # stored in UTC, shown in Polish time
    older = next(line for line in body.split("<tr>") if "stary.pracownik" in line)
    assert "nadanie sprzed rejestrowania" in older  # created before grants were recorded
    admin.post("/language", data={"lang": "en"})
    assert "granted by: Anna Nowak" in admin.get("/users/").get_data(as_text=True)


def test_changing_the_role_grants_and_revokes_case_access(app, admin):
    _create(admin, "jan.koordynator", role="coordinator", full_name="Jan Wiśniewski")
    account = _account(app, "jan.koordynator")
    assert _edit(admin, account, "social_worker").status_code == 302
    assert _edit(admin, account, "coordinator").status_code == 302
    assert _access_events(app, "jan.koordynator") == [("case_access_granted", "admin.zgierz", "social_worker"),
                                                      ("case_access_revoked", "admin.zgierz", "coordinator")]


def test_deactivating_revokes_and_reactivating_grants_case_access_again(app, admin):
    _create(admin, "ewa.lis")
    account = _account(app, "ewa.lis")
    assert admin.post(f"/users/{account.id}/deactivate").status_code == 302
    assert admin.post(f"/users/{account.id}/activate").status_code == 302
    assert [action for action, _by, _role in _access_events(app, "ewa.lis")] == [
        "case_access_granted", "case_access_revoked", "case_access_granted"]


def test_an_administrator_cannot_give_their_own_account_a_client_reading_role(app, admin):
    me = _account(app, "admin.zgierz")
    response = _edit(admin, me, "social_worker")
    assert response.status_code == 400 and SELF_GRANT in response.get_data(as_text=True)
    assert _account(app, "admin.zgierz").role == "municipality_admin"
    assert _access_events(app, "admin.zgierz") == []


@pytest.mark.parametrize("full_name,email", [("Anna Nowak", ""), (" anna  NOWAK ", ""),
                                             ("Inna Osoba", "Anna.Nowak@ops.zgierz.pl")])
def test_an_administrator_cannot_open_case_files_through_a_second_account_of_their_own(app, admin, full_name, email):
    response = _create(admin, "anna.druga", full_name=full_name, email=email)
    assert response.status_code == 400 and OWN_NAME in response.get_data(as_text=True)
    assert _account(app, "anna.druga") is None


def test_an_administrator_cannot_turn_an_account_in_their_own_name_into_a_social_worker(app, admin):
    _create(admin, "anna.koordynator", role="coordinator", full_name="Anna Nowak")
    response = _edit(admin, _account(app, "anna.koordynator"), "social_worker")
    assert response.status_code == 400 and OWN_NAME in response.get_data(as_text=True)
    assert _account(app, "anna.koordynator").role == "coordinator"


def test_the_audit_log_readers_of_the_municipality_see_the_grants(app, admin, zgierz):
    _create(admin, "ewa.lis")
    add_user("drugi.admin", "municipality_admin", zgierz, must_change_password=False)
    colleague = app.test_client()
    login(colleague, "drugi.admin")
    body = colleague.get("/audit/").get_data(as_text=True)
    assert "Nadanie dostępu do akt klientów" in body and f"konto użytkownika nr {_account(app, 'ewa.lis').id}" in body
    stranger = app.test_client()  # another municipality's administrator does not see them
    add_user("admin.dalikow", "municipality_admin", add_municipality("101102"), must_change_password=False)
    login(stranger, "admin.dalikow")
    # the event's label is also a choice of the log's filter: the row is what must not show
    assert f"konto użytkownika nr {_account(app, 'ewa.lis').id}" not in stranger.get("/audit/").get_data(as_text=True)


def test_a_deployment_administrator_granting_access_is_recorded_in_that_municipality(app, zgierz):
    add_user("root", "superadmin", must_change_password=False)
    client = app.test_client()
    login(client, "root")
    response = client.post("/users/new", data={"full_name": "Ewa Lis", "username": "ewa.lis", "email": "",
                                               "role": "social_worker", "municipality_id": zgierz.id})
    assert response.status_code == 200
    assert _access_events(app, "ewa.lis") == [("case_access_granted", "root", "social_worker")]
    with app.app_context():
        event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "case_access_granted"))
        assert event.municipality_id == zgierz.id
