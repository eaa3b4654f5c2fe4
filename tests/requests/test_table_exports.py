"""The lists a coordinator or an administrator sees download as CSV or XLSX (kooperacje/exports.py):
the same rows in either, dates as dates, no text a spreadsheet would run, every download audited."""
import csv
import io
import re
from datetime import date, datetime

import pytest
from builders import add_decision, add_institution, add_meeting, add_municipality, add_user, coordinator_client, login, set_up
from openpyxl import load_workbook
from sqlalchemy import select

from kooperacje.audit.models import AuditEvent
from kooperacje.extensions import db

HOSTILE = '=HYPERLINK("http://example.org/x","Kliknij")'


def sheet_rows(response):
    assert response.status_code == 200
    assert response.mimetype == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    sheet = load_workbook(io.BytesIO(response.data)).active
    return sheet, [[cell.value for cell in row] for row in sheet.iter_rows()]


def csv_rows(response):
    assert response.status_code == 200 and response.mimetype == "text/csv"
    return list(csv.reader(io.StringIO(response.data.decode("utf-8-sig")), delimiter=";"))


@pytest.fixture
def team(app):
    client, municipality = coordinator_client(app)
    set_up(client)
    institution = add_institution(client, "Powiatowy Urząd Pracy", sector="labour", joined="2025-01-10",
                                  contact_email="pup@example.org")
    add_institution(client, HOSTILE, sector="ngo", joined="2025-02-01", left="2025-06-30")
    meeting = add_meeting(client, "2025-02-01", place="Sala 12", starts_at="10:30")
    add_decision(client, meeting, "Regulamin", HOSTILE, institution, "2025-02-08")
    return client, municipality


def test_tasks_download_as_xlsx_with_the_csvs_rows_real_dates_and_no_formula(app, team):
    client, _municipality = team
    sheet, rows = sheet_rows(client.get("/partnership/tasks.xlsx?state=all"))
    assert rows[0] == csv_rows(client.get("/partnership/tasks.csv?state=all"))[0]
    assert rows[0] == ["Zadanie", "Instytucja", "Osoba", "Termin", "Stan", "Zamknięte"]
    title, institution, _person, due, status, _closed = rows[1]
    assert (title, institution, status) == (HOSTILE, "Powiatowy Urząd Pracy", "do zrobienia")
    assert sheet["A2"].data_type == "s"  # text, as typed: the spreadsheet never runs it
    assert due == datetime(2025, 2, 8) and sheet["D2"].number_format == "dd.mm.yyyy"
    assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref == "A1:F2"


def test_meetings_and_institutions_download_in_both_formats(app, team):
    client, _municipality = team
    _sheet, meetings = sheet_rows(client.get("/partnership/meetings.xlsx"))
    assert meetings[0] == ["Data", "Godzina", "Rodzaj", "Forma", "Miejsce", "Ustalenia", "Protokół"]
    assert meetings[1][1:] == ["10:30", "spotkanie robocze", "stacjonarnie", "Sala 12", 1, "projekt"]
    assert csv_rows(client.get("/partnership/meetings.csv"))[1][0] == "01.02.2025"

    _sheet, institutions = sheet_rows(client.get("/partnership/institutions.xlsx"))
    assert institutions[0][:8] == ["Instytucja", "Sektor", "Szczebel", "Osoba kontaktowa", "E-mail", "Telefon",
                                   "Przystąpienie", "Wystąpienie"]
    by_name = {row[0]: row for row in institutions[1:]}
    assert by_name["Powiatowy Urząd Pracy"][4] == "pup@example.org"
    assert by_name[HOSTILE][6:8] == [datetime(2025, 2, 1), datetime(2025, 6, 30)]
    in_csv = {row[0]: row for row in csv_rows(client.get("/partnership/institutions.csv"))[1:]}
    assert in_csv["'" + HOSTILE][7] == "30.06.2025"  # the CSV's formula guard


def test_every_download_is_audited_with_its_format(app, team):
    client, _municipality = team
    for url in ("/partnership/tasks.xlsx", "/partnership/meetings.csv", "/partnership/institutions.xlsx"):
        assert client.get(url).status_code == 200
    with app.app_context():
        events = db.session.execute(select(AuditEvent.action, AuditEvent.detail)
                                    .where(AuditEvent.action.like("%_exported"))).all()
    assert sorted(events) == [("institutions_exported", "xlsx"), ("meetings_exported", "csv"),
                              ("tasks_exported", "xlsx")]


def test_the_lists_link_both_formats_and_another_municipality_gets_none_of_the_rows(app, team):
    client, _municipality = team
    for page, link in (("/partnership/tasks?state=all", "/partnership/tasks.xlsx?state=all"),
                       ("/partnership/meetings", "/partnership/meetings.xlsx"),
                       ("/partnership/institutions", "/partnership/institutions.csv")):
        assert f'href="{link}"' in client.get(page).get_data(as_text=True)
    other = add_municipality("101102")
    add_user("koordynator.dalikow", "coordinator", other, must_change_password=False)
    stranger = app.test_client()
    login(stranger, "koordynator.dalikow")
    assert stranger.get("/partnership/meetings.xlsx").status_code == 404  # no PZK of its own: nothing leaks


def test_the_audit_log_downloads_as_xlsx_in_local_time(app):
    municipality = add_municipality("102003")
    admin = add_user("admin.zgierz", "municipality_admin", municipality, must_change_password=False)
    with app.app_context():
        db.session.add(AuditEvent(action="contract_signed", at=datetime(2026, 7, 15, 10, 0), user_id=admin.id,
                                  municipality_id=municipality.id, object_type="contract", object_id=3))
        db.session.commit()
    client = app.test_client()
    login(client, "admin.zgierz")
    sheet, rows = sheet_rows(client.get("/audit/export.xlsx?event=contract_signed"))
    assert rows[0] == ["Czas", "Użytkownik", "Zdarzenie", "Obiekt", "Szczegóły"]
    # 10:00 UTC in July is 12:00 in Poland (summer time)
    assert rows[1][:3] == [datetime(2026, 7, 15, 12, 0), "admin.zgierz", "Zawarcie kontraktu socjalnego"]
    assert sheet["A2"].number_format == "dd.mm.yyyy hh:mm:ss"
    assert date(2026, 7, 15) == rows[1][0].date()


def test_the_basket_downloads_as_searched_with_every_offer(app, team):
    client, _municipality = team
    listing = client.get("/partnership/institutions").get_data(as_text=True)
    pup = re.search(r'/partnership/institutions/(\d+)">Powiatowy', listing).group(1)
    for service_name in ("Staż zawodowy", "Doradztwo zawodowe"):
        assert client.post(f"/partnership/institutions/{pup}", data={
            "service": service_name, "target_group": "osoby bezrobotne"}).status_code == 302
    page = client.get("/partnership/basket?q=zawod").get_data(as_text=True)
    assert 'href="/partnership/basket.xlsx?q=zawod"' in page
    _sheet, rows = sheet_rows(client.get("/partnership/basket.xlsx?q=zawod"))
    assert rows[0] == ["Usługa", "Rodzaj wsparcia", "Opis", "Instytucja", "Sektor", "Dla kogo", "Liczba miejsc",
                       "Warunki", "Koszt dla gminy (zł)", "Za jednostkę", "Dostępna od", "Dostępna do", "Kontakt"]
    assert [row[0] for row in rows[1:]] == ["Doradztwo zawodowe", "Staż zawodowy"]
    assert rows[1][3:6] == ["Powiatowy Urząd Pracy", "urząd pracy", "osoby bezrobotne"]
    assert [row[0] for row in csv_rows(client.get("/partnership/basket.csv?q=staż"))[1:]] == ["Staż zawodowy"]
