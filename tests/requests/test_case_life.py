"""The case's life as the worker lives it: editing the case and its household (members join and
leave with dates, their history kept), closing a case with a reason and reopening it."""
import re

from builders import FEMALE_2005, MALE_1944, register, version_of, worker_client
from sqlalchemy import select

from kooperacje.audit.models import AuditEvent
from kooperacje.clients.models import Client, Person
from kooperacje.extensions import db

CASE = {"kind": "family", "first_name": "Jan", "last_name": "Kowalski", "pesel": MALE_1944, "street": "Długa 5",
        "postal_code": "95-100", "town": "Zgierz", "reasons": ["poverty"]}
WIFE = {"member-first_name": "Anna", "member-last_name": "Kowalska", "member-relation": "spouse",
        "member-pesel": FEMALE_2005, "member-joined_on": "2026-01-15"}


def _new_case(client):
    return int(register(client).headers["Location"].rsplit("/", 1)[1])


def _events(app, action):
    with app.app_context():
        return db.session.scalars(select(AuditEvent.detail).where(AuditEvent.action == action)
                                  .execution_options(all_tenants=True)).all()


def _person(app, first_name):
    with app.app_context():
        return db.session.scalar(select(Person).where(Person.first_name == first_name)
                                 .execution_options(all_tenants=True))


def test_the_worker_edits_the_case_and_its_applicant(app):
    client, _ = worker_client(app)
    case_id = _new_case(client)
    form = client.get(f"/clients/{case_id}/edit").get_data(as_text=True)
    assert 'value="Długa 5"' in form and 'value="Kowalski"' in form
    saved = client.post(f"/clients/{case_id}/edit", data={**CASE, "version": version_of(form), "street": "Krótka 7",
                                                          "last_name": "Kowalski-Nowak"})
    assert saved.status_code == 302
    page = client.get(f"/clients/{case_id}").get_data(as_text=True)
    assert "Krótka 7" in page and "Jan Kowalski-Nowak" in page
    assert _events(app, "client_updated") == [None]


def test_a_second_save_from_the_same_version_gets_409_keeping_the_typed_text(app):
    client, _ = worker_client(app)
    case_id = _new_case(client)
    version = version_of(client.get(f"/clients/{case_id}/edit").get_data(as_text=True))
    client.post(f"/clients/{case_id}/edit", data={**CASE, "version": version, "street": "Pierwsza 1"})
    late = client.post(f"/clients/{case_id}/edit", data={**CASE, "version": version, "street": "Druga 2"})
    body = late.get_data(as_text=True)
    assert late.status_code == 409 and 'value="Druga 2"' in body and "Pierwsza 1" in body
    with app.app_context():
        assert db.session.get(Client, case_id).street == "Pierwsza 1"


def test_a_member_joins_and_leaves_with_dates_and_the_history_is_kept(app):
    client, _ = worker_client(app)
    case_id = _new_case(client)
    assert client.post(f"/clients/{case_id}/members", data=WIFE).status_code == 302
    wife = _person(app, "Anna")
    assert wife.joined_on.isoformat() == "2026-01-15"
    confirm = client.get(f"/clients/members/{wife.id}/leave").get_data(as_text=True)
    assert "Czy Anna Kowalska odchodzi z gospodarstwa domowego?" in confirm
    left = client.post(f"/clients/members/{wife.id}/leave", data={"version": version_of(confirm),
                                                                  "left_on": "2026-11-30"})
    assert left.status_code == 302
    page = client.get(f"/clients/{case_id}").get_data(as_text=True)
    current, former = page.split("<details class=\"former-members\">")
    assert "Anna Kowalska" not in current.split('id="czlonkowie"')[1]
    assert "Anna Kowalska" in former and "30.12.2026" not in former and "30.11.2026" in former
    assert re.search(r"odnotował\(a\): Worker", former)
    assert _person(app, "Anna").left_on.isoformat() == "2026-11-30"  # the row stays
    assert _events(app, "client_member_left") == [f"person:{wife.id}"]


def test_a_member_cannot_leave_before_joining_and_the_applicant_cannot_leave(app):
    client, _ = worker_client(app)
    case_id = _new_case(client)
    client.post(f"/clients/{case_id}/members", data=WIFE)
    wife, applicant = _person(app, "Anna"), _person(app, "Jan")
    version = version_of(client.get(f"/clients/members/{wife.id}/leave").get_data(as_text=True))
    early = client.post(f"/clients/members/{wife.id}/leave", data={"version": version, "left_on": "2025-12-31"})
    assert early.status_code == 400 and "nie może być wcześniejsza niż data dołączenia" in early.get_data(as_text=True)
    refused = client.post(f"/clients/members/{applicant.id}/leave", data={"version": version, "left_on": "2026-11-30"},
                          follow_redirects=True)
    assert "Wnioskodawca nie może odejść" in refused.get_data(as_text=True)
    assert _person(app, "Anna").left_on is None and _person(app, "Jan").left_on is None


def test_the_worker_corrects_a_members_data(app):
    client, _ = worker_client(app)
    case_id = _new_case(client)
    client.post(f"/clients/{case_id}/members", data=WIFE)
    wife = _person(app, "Anna")
    form = client.get(f"/clients/members/{wife.id}/edit").get_data(as_text=True)
    assert 'value="Kowalska"' in form
    data = {key.removeprefix("member-"): value for key, value in WIFE.items()}
    saved = client.post(f"/clients/members/{wife.id}/edit", data={**data, "version": version_of(form),
                                                                  "first_name": "Anna Maria"})
    assert saved.status_code == 302
    assert "Anna Maria Kowalska" in client.get(f"/clients/{case_id}").get_data(as_text=True)
    assert _events(app, "client_member_updated") == [f"person:{wife.id}"]
