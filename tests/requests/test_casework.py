"""Client registry: PESEL checks, household members, masked lists, POST-only search, boundaries."""
import re

import pytest
from builders import FEMALE_2005, MALE_1944, add_user, login, register, worker_client
from sqlalchemy import select

from kooperacje.audit.models import CASE_ACCESSED, AuditEvent
from kooperacje.clients.models import Client, Person
from kooperacje.clients.pesel import masked, pesel_problems
from kooperacje.extensions import db


def test_pesel_checks(app):
    from datetime import date

    with app.test_request_context():
        assert pesel_problems(MALE_1944) == []
        assert pesel_problems(MALE_1944, date(1944, 5, 14), "M") == []
        assert pesel_problems("44051401358") and "cyfra kontrolna" in pesel_problems("44051401358")[0]
        assert pesel_problems("4405140135") == ["PESEL ma 11 cyfr."]
        assert pesel_problems(MALE_1944, date(1944, 5, 15)) == ["Data urodzenia nie zgadza się z numerem PESEL."]
        assert pesel_problems(MALE_1944, sex="F") == ["Płeć nie zgadza się z numerem PESEL."]
        assert pesel_problems(FEMALE_2005, date(2005, 2, 2), "F") == []
    assert masked(MALE_1944) == "•••••••1359"


def test_registering_fills_birth_date_and_sex_from_pesel(app):
    client, municipality = worker_client(app)
    response = register(client)
    assert response.status_code == 302
    with app.app_context():
        person = db.session.scalar(select(Person).execution_options(all_tenants=True))
        registered = db.session.scalar(select(Client).execution_options(all_tenants=True))
        assert (str(person.birth_date), person.sex, person.relation) == ("1944-05-14", "M", "applicant")
        assert registered.municipality_id == municipality.id and registered.reasons == ["poverty", "unemployment"]


@pytest.mark.parametrize("fields,message", [
    ({"pesel": "44051401358"}, "PESEL jest nieprawidłowy"),
    ({"birth_date": "1950-01-01"}, "Data urodzenia nie zgadza się z numerem PESEL."),
    ({"sex": "F"}, "Płeć nie zgadza się z numerem PESEL."),
    ({"postal_code": "95100"}, "Kod pocztowy ma postać 00-000."),
    ({"last_name": ""}, "Podaj nazwisko."),
])
def test_bad_client_input_gets_field_messages_and_keeps_values(app, fields, message):
    client, _ = worker_client(app)
    response = register(client, street="Ulica, której nie wolno zgubić 7", **fields)
    body = response.get_data(as_text=True)
    assert response.status_code == 400 and message in body
    assert "Ulica, której nie wolno zgubić 7" in body
    with app.app_context():
        assert db.session.scalar(select(Client.id).execution_options(all_tenants=True)) is None


def test_household_members_are_added_with_their_own_checks(app):
    client, _ = worker_client(app)
    client_id = int(register(client).headers["Location"].rsplit("/", 1)[1])
    bad = client.post(f"/clients/{client_id}/members", data={
        "member-first_name": "Ala", "member-last_name": "Kowalska", "member-relation": "child",
        "member-pesel": FEMALE_2005, "member-sex": "M"})
    assert bad.status_code == 400 and "Płeć nie zgadza się z numerem PESEL." in bad.get_data(as_text=True)
    client.post(f"/clients/{client_id}/members", data={
        "member-first_name": "Ala", "member-last_name": "Kowalska", "member-relation": "child", "member-pesel": FEMALE_2005})
    page = client.get(f"/clients/{client_id}").get_data(as_text=True)
    assert "Ala Kowalska" in page and "dziecko" in page and "02.02.2005" in page


def test_lists_mask_pesel_and_search_never_puts_it_in_a_url(app):
    client, _ = worker_client(app)
    register(client)
    listing = client.get("/clients/").get_data(as_text=True)
    assert MALE_1944 not in listing and "•••••••1359" in listing
    assert client.get(f"/clients/search?query={MALE_1944}").status_code == 405
    for query in (MALE_1944, "kowal", "KOWALSKI"):
        found = client.post("/clients/search", data={"query": query}).get_data(as_text=True)
        assert "Kowalski Jan" in found, query
        assert not re.search(r'href="[^"]*(?:' + MALE_1944 + r"|kowal)", found, re.I)
    assert "Nie znaleziono spraw" in client.post("/clients/search", data={"query": "Nowak"}).get_data(as_text=True)


def test_viewing_a_client_is_audited_without_personal_data(app):
    client, _ = worker_client(app)
    client_id = int(register(client).headers["Location"].rsplit("/", 1)[1])
    client.get(f"/clients/{client_id}")
    with app.app_context():
        events = db.session.scalars(select(AuditEvent).where(AuditEvent.action == CASE_ACCESSED)).all()
        details = " ".join(f"{e.detail} {e.object_type}" for e in db.session.scalars(select(AuditEvent)))
    # the redirect after registering shows the case too: one access row per page that showed it
    assert [(e.object_type, e.object_id, e.client_id, e.detail) for e in events][-1:] == [
        ("client", client_id, client_id, "clients.detail")]
    assert MALE_1944 not in details and "Kowalski" not in details


def test_clients_of_another_municipality_are_not_found(app):
    first, _ = worker_client(app, "102003", "worker.a")
    client_id = int(register(first).headers["Location"].rsplit("/", 1)[1])
    second, _ = worker_client(app, "101102", "worker.b")
    assert second.get(f"/clients/{client_id}").status_code == 404
    assert second.post(f"/clients/{client_id}/members", data={
        "member-first_name": "X", "member-last_name": "Y", "member-relation": "other"}).status_code == 404
    assert "Kowalski" not in second.post("/clients/search", data={"query": "kowal"}).get_data(as_text=True)
    assert "Kowalski" not in second.get("/clients/").get_data(as_text=True)
    with app.app_context():
        assert len(db.session.scalars(select(Person).execution_options(all_tenants=True)).all()) == 1


@pytest.mark.parametrize("role", ["coordinator", "municipality_admin", "regional_observer"])
def test_only_social_workers_open_client_records(app, role):
    client, municipality = worker_client(app)
    client_id = int(register(client).headers["Location"].rsplit("/", 1)[1])
    add_user("other", role, municipality if role != "regional_observer" else None, voivodeship_code="10")
    other = app.test_client()
    login(other, "other")
    assert other.get("/clients/").status_code == 403
    assert other.get(f"/clients/{client_id}").status_code == 403
