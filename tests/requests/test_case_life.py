"""The case's life as the worker lives it: editing the case and its household (members join and
leave with dates, their history kept), closing a case with a reason and reopening it."""
import re
from datetime import timedelta

from builders import (FEMALE_2005, MALE_1944, add_contract_row, add_municipality, client_as, register, signed_contract,
                      version_of, worker_client)
from sqlalchemy import select

from kooperacje.audit.models import AuditEvent
from kooperacje.clients.models import Client, Person
from kooperacje.clock import local_today
from kooperacje.contracts.models import Contract
from kooperacje.extensions import db
from kooperacje.jobs.casework import contract_reminders

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


def test_the_register_and_the_search_count_the_household_now_and_record_each_case_shown(app):
    client, _ = worker_client(app)
    case_id = _new_case(client)
    client.post(f"/clients/{case_id}/members", data=WIFE)
    row = re.compile(r"<tr><td><a href=\"/clients/(\d+)\">Kowalski Jan</a>.*?<td>(\d+)</td><td>Worker</td>", re.S)
    assert row.findall(client.get("/clients/").get_data(as_text=True)) == [(str(case_id), "2")]
    wife = _person(app, "Anna")
    confirm = client.get(f"/clients/members/{wife.id}/leave").get_data(as_text=True)
    client.post(f"/clients/members/{wife.id}/leave", data={"version": version_of(confirm), "left_on": "2026-11-30"})
    assert row.findall(client.get("/clients/").get_data(as_text=True)) == [(str(case_id), "1")]  # she left
    found = client.post("/clients/search", data={"query": "Anna Kowalska"}).get_data(as_text=True)
    assert row.findall(found) == [(str(case_id), "1")] and "Anna Kowalska (" in found  # found through her
    with app.app_context():
        shown = db.session.execute(select(AuditEvent.detail, AuditEvent.client_id).where(
            AuditEvent.action == "case_accessed", AuditEvent.detail.in_(["clients.index", "clients.search"]))
            .order_by(AuditEvent.id).execution_options(all_tenants=True)).all()
    assert shown == [("clients.index", case_id), ("clients.index", case_id), ("clients.search", case_id)]


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


# --- closing and reopening -------------------------------------------------------------------

def _close(client, case_id, **fields):
    confirm = client.get(f"/clients/{case_id}/close").get_data(as_text=True)
    data = {"version": version_of(confirm), "closed_on": "2026-12-01", "reason": "goals_achieved", **fields}
    return client.post(f"/clients/{case_id}/close", data=data)


def test_closing_asks_first_then_the_case_is_read_only_and_listed_as_closed(app):
    client, _ = worker_client(app)
    case_id = _new_case(client)
    confirm = client.get(f"/clients/{case_id}/close").get_data(as_text=True)
    assert "Zamknąć sprawę: Jan Kowalski?" in confirm and "osiągnięto cele pracy socjalnej" in confirm
    with app.app_context():
        assert db.session.get(Client, case_id).status == "active"  # the question wrote nothing
    assert _close(client, case_id).status_code == 302
    page = client.get(f"/clients/{case_id}").get_data(as_text=True)
    assert "Sprawa zamknięta" in page and "01.12.2026 – osiągnięto cele pracy socjalnej" in page
    assert "Zmień dane sprawy" not in page and "Rozpocznij diagnozę" not in page
    refused = client.post(f"/clients/{case_id}/diagnoses", follow_redirects=True)
    assert "Sprawa jest zamknięta, więc jej akt nie można zmieniać" in refused.get_data(as_text=True)
    assert client.post(f"/clients/{case_id}/members", data=WIFE).status_code == 302
    with app.app_context():
        case = db.session.get(Client, case_id)
        assert case.diagnoses == [] and len(case.members) == 1
    assert "Jan" not in client.get("/clients/").get_data(as_text=True).split("<h1>")[1].split("</h1>", 1)[1]
    closed_list = client.get("/clients/?state=closed").get_data(as_text=True)
    assert f'href="/clients/{case_id}"' in closed_list and "zamknięta" in closed_list
    assert _events(app, "case_closed") == ["reason:goals_achieved"]


def test_a_closed_cases_contract_and_diagnosis_refuse_edits(app):
    client, municipality = worker_client(app)
    case_id = _new_case(client)
    client.post(f"/clients/{case_id}/diagnoses")
    client.post(f"/clients/{case_id}/contracts")
    with app.app_context():
        case = db.session.get(Client, case_id)
        diagnosis_id, contract_id = case.diagnoses[0].id, case.contracts[0].id
    _close(client, case_id)
    for url in (f"/clients/diagnoses/{diagnosis_id}/edit", f"/clients/contracts/{contract_id}/edit"):
        response = client.post(url, data={"version": "1", "main_goal": "Zmiana"}, follow_redirects=True)
        assert "Sprawa jest zamknięta" in response.get_data(as_text=True), url
    with app.app_context():
        assert db.session.get(Client, case_id).contracts[0].main_goal is None


def test_other_reason_needs_words_and_reopening_records_who_and_why(app):
    client, _ = worker_client(app)
    case_id = _new_case(client)
    wordless = _close(client, case_id, reason="other")
    assert wordless.status_code == 400 and "Opisz powód zamknięcia sprawy." in wordless.get_data(as_text=True)
    assert _close(client, case_id, reason="other", text="Rodzina wyjechała za granicę").status_code == 302
    form = client.get(f"/clients/{case_id}/reopen").get_data(as_text=True)
    silent = client.post(f"/clients/{case_id}/reopen", data={"version": version_of(form), "reopened_on": "2026-12-02"})
    assert silent.status_code == 400 and "dlaczego sprawa jest ponownie otwierana" in silent.get_data(as_text=True)
    reopened = client.post(f"/clients/{case_id}/reopen", data={"version": version_of(form), "reopened_on": "2026-12-02",
                                                              "text": "Rodzina wróciła i prosi o pomoc"})
    assert reopened.status_code == 302
    page = client.get(f"/clients/{case_id}").get_data(as_text=True)
    assert "Sprawa zamknięta" not in page and "Zmień dane sprawy" in page
    assert "02.12.2026: ponowne otwarcie („Rodzina wróciła i prosi o pomoc”), odnotował(a): Worker" in page
    assert "Rodzina wyjechała za granicę" in page
    assert "<title>Sprawa · Kooperacje</title>" in page and page.count('id="historia"') == 1  # the history once, in the page
    assert _events(app, "case_reopened") == [None]


def test_closing_names_the_contracts_still_in_force(app):
    client, municipality = worker_client(app)
    view_url, _ = signed_contract(app, client, municipality)
    with app.app_context():
        case_id = db.session.scalars(select(Client.id).execution_options(all_tenants=True)).first()
    confirm = client.get(f"/clients/{case_id}/close").get_data(as_text=True)
    assert "Te kontrakty socjalne jeszcze obowiązują" in confirm and f'href="{view_url}"' in confirm


def test_a_closed_cases_contract_leaves_the_desk_and_its_reminders(app):
    municipality = add_municipality("102003")
    client, worker = client_as(app, "social_worker", municipality)
    contract_id = add_contract_row(app, municipality, worker)
    with app.app_context():
        contract = db.session.get(Contract, contract_id)
        contract.next_review_on = local_today() + timedelta(days=3)
        case_id = contract.client_id
        db.session.commit()
        assert [kind for kind in _reminder_kinds()] == ["review_due"]
    assert f"/clients/contracts/{contract_id}" in client.get("/clients/desk").get_data(as_text=True)
    _close(client, case_id)
    assert f"/clients/contracts/{contract_id}" not in client.get("/clients/desk").get_data(as_text=True)
    with app.app_context():
        assert _reminder_kinds() == []


def _reminder_kinds():
    return [reminder.kind for reminder, _candidates in contract_reminders(local_today())]
