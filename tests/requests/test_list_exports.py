"""The lists that lacked a download (issue 17): the head's caseload, the case register as listed
(PESEL masked, as in every list), the coordinator's referrals and the centre's intake queue, as CSV
and XLSX, each audited, each holding the page's rows and nothing of another municipality."""
import csv
import io

import pytest
from builders import ROLES, login, municipality_with_everything
from openpyxl import load_workbook
from sqlalchemy import func, select

from kooperacje.audit.models import AuditEvent
from kooperacje.auth.permissions import Role
from kooperacje.clients.models import Client, Person
from kooperacje.extensions import db


def csv_rows(response):
    assert response.status_code == 200 and response.mimetype == "text/csv", response.status_code
    return list(csv.reader(io.StringIO(response.data.decode("utf-8-sig")), delimiter=";"))


def xlsx_rows(response):
    assert response.status_code == 200 and response.mimetype.endswith("spreadsheetml.sheet")
    sheet = load_workbook(io.BytesIO(response.data)).active
    return [["" if value is None else str(value) for value in row] for row in sheet.iter_rows(values_only=True)]


@pytest.fixture
def world(app):
    municipality, staff = municipality_with_everything("102003", "a")
    municipality_with_everything("101102", "b")  # another municipality, whose rows never show
    clients = {}
    for role in ROLES:
        clients[role] = app.test_client()
        assert login(clients[role], staff[role].username).status_code == 302
    return municipality, staff, clients


def audited(app, user, action):
    with app.app_context():
        return db.session.scalars(select(AuditEvent.detail).where(AuditEvent.user_id == user.id,
                                                                  AuditEvent.action == action)
                                  .execution_options(all_tenants=True)).all()


def test_the_head_downloads_the_caseload_table_as_on_the_page(app, world):
    municipality, staff, clients = world
    head = clients[Role.HEAD]
    rows = csv_rows(head.get("/clients/caseload.csv"))
    assert rows[0] == ["Pracownik socjalny", "Konto aktywne", "Sprawy otwarte", "Sprawy zamknięte"]
    with app.app_context():
        open_cases = db.session.scalar(select(func.count(Client.id)).where(Client.municipality_id == municipality.id,
                                                                          Client.status != "closed")
                                       .execution_options(all_tenants=True))
    worker = staff[Role.WORKER]
    assert [worker.full_name, "tak", str(open_cases), "0"] in rows
    assert len(rows) == 2  # the other municipality's worker is not there
    assert xlsx_rows(head.get("/clients/caseload.xlsx"))[1][:3] == [worker.full_name, "tak", str(open_cases)]
    assert audited(app, staff[Role.HEAD], "caseload_exported") == ["csv", "xlsx"]
    assert clients[Role.WORKER].get("/clients/caseload.csv").status_code == 403


def test_the_register_downloads_with_pesel_masked_and_each_case_s_access_recorded(app, world):
    municipality, staff, clients = world
    with app.app_context():
        applicant = db.session.scalar(select(Person).where(Person.municipality_id == municipality.id,
                                                           Person.relation == "applicant")
                                      .execution_options(all_tenants=True))
        applicant.pesel = pesel = "44051401458"
        name = f"{applicant.last_name} {applicant.first_name}"
        db.session.commit()
    for role in (Role.WORKER, Role.HEAD):
        response = clients[role].get("/clients/export.csv?state=open")
        rows = csv_rows(response)
        assert rows[0][:2] == ["Wnioskodawca", "PESEL"]
        assert [name, "•••••••" + pesel[-4:]] in [row[:2] for row in rows]
        assert pesel not in response.get_data(as_text=True)
        assert audited(app, staff[role], "clients_exported") == [f"rows:{len(rows) - 1};csv"]
        assert audited(app, staff[role], "case_accessed")  # one access row per case it loaded
    assert csv_rows(clients[Role.WORKER].get("/clients/export.csv?state=closed")) == [
        ["Wnioskodawca", "PESEL", "Sprawa", "Osoby", "Pracownik", "Stan"]]
    assert pesel not in xlsx_rows(clients[Role.HEAD].get("/clients/export.xlsx"))[1][1]
    assert clients[Role.ADMIN].get("/clients/export.csv").status_code == 403


def test_the_coordinator_downloads_the_referrals_without_a_client(app, world):
    municipality, staff, clients = world
    rows = csv_rows(clients[Role.COORDINATOR].get("/partnership/referrals.csv"))
    assert rows[0] == ["Instytucja", "Usługa", "Wysłane", "Termin odpowiedzi", "Stan", "Odpowiedź w terminie"]
    assert len(rows) >= 2
    page = clients[Role.COORDINATOR].get("/partnership/referrals").get_data(as_text=True)
    assert all(row[0] in page for row in rows[1:])
    assert audited(app, staff[Role.COORDINATOR], "referrals_exported") == [f"rows:{len(rows) - 1};csv"]


def test_the_intake_queue_downloads_as_listed(app, world):
    municipality, staff, clients = world
    worker = clients[Role.WORKER]
    rows = csv_rows(worker.get("/intake/export.csv"))
    assert rows[0] == ["Numer", "Data zgłoszenia", "Instytucja", "Pilność", "Stan"]
    page = worker.get("/intake/").get_data(as_text=True)
    assert len(rows) >= 2 and all(f"Zgłoszenie nr {row[0]}" in page for row in rows[1:])
    assert csv_rows(worker.get("/intake/export.csv?state=not_qualified"))[1:] == [
        row for row in rows[1:] if row[4] == "niezakwalifikowane"]
    assert xlsx_rows(worker.get("/intake/export.xlsx"))[1][0] == rows[1][0]
    assert audited(app, staff[Role.WORKER], "signals_exported")[0] == f"rows:{len(rows) - 1};csv"
    assert clients[Role.COORDINATOR].get("/intake/export.csv").status_code == 403
