"""The statutory reports' numbers (issue 17): MRPiPS-03's social contracts and OZPS's cooperation
parts counted by hand from fixtures whose dates sit on the periods' edges (both ends inclusive), the
XLSX reopened and compared with the page, the default period, who may open them, another
municipality's rows never counted, bad periods answered with a message, and every view audited."""
import io
import os
import re
from datetime import date
from html.parser import HTMLParser

from builders import add_municipality, add_user, client_as
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook
from sqlalchemy import select

from kooperacje.audit.models import AuditEvent
from kooperacje.clients.models import Client, Person
from kooperacje.clock import local_today
from kooperacje.contracts.models import Contract
from kooperacje.extensions import db
from kooperacje.partnership.models import Decision, Institution, Meeting, Partnership, ServiceOffer, Task
from kooperacje.reports.service import Period, last_full_half_year, last_full_year
from kooperacje.teams.models import CaseTeam, CaseTeamMeeting


class ReportPage(HTMLParser):
    """The page's section tables: {section title: [[cell, …], …]} with the header row first."""

    def __init__(self, html):
        super().__init__()
        self.tables, self._title, self._row, self._cell, self._in_h2 = {}, None, None, None, False
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        if tag == "h2":
            self._in_h2, self._title = True, ""
        elif tag == "table" and "report-table" in dict(attrs).get("class", ""):
            self.tables[self._title] = []
        elif tag == "tr" and self._title in self.tables:
            self._row = []
            self.tables[self._title].append(self._row)
        elif tag in ("td", "th") and self._row is not None:
            self._cell = []

    def handle_endtag(self, tag):
        if tag == "h2":
            self._in_h2 = False
        elif tag in ("td", "th") and self._cell is not None:
            self._row.append("".join(self._cell).strip())
            self._cell = None
        elif tag in ("tr", "table"):
            self._row = None

    def handle_data(self, data):
        if self._in_h2:
            self._title += data.strip()
        elif self._cell is not None:
            self._cell.append(data)


def rows_by_label(table):
    return {row[1]: row[2:] for row in table[1:]}


def workbook_sections(data):
    """{section title: [[cell, …], …]} of the report's sheet: a section's title is a bold cell in
    column A followed by its header row; the section runs to the first empty row."""
    sheet = load_workbook(io.BytesIO(data)).active
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    sections, current = {}, None
    for row in values:
        cells = [value for value in row if value not in (None, "")]
        if not cells:
            current = None
        elif current is None and len(cells) == 1 and row[0]:
            current = sections.setdefault(row[0], [])
        elif current is not None:
            current.append(["" if value is None else str(value) for value in row[:len(cells) + 1]])
    # the title and the heading lines above the sections, and the list of what is left out, are no tables
    return {title: rows for title, rows in sections.items() if rows and rows[0][0] == "Lp."}


YEAR = local_today().year - 1  # a year that has ended, whatever day the tests run


def _case(municipality, worker, members=0):
    client = Client(municipality_id=municipality.id, kind="family", town="Zgierz", reasons=["poverty"],
                    worker_id=worker.id, surname_key="nowak")
    client.members = [Person(municipality_id=municipality.id, first_name="Anna", last_name="Nowak", relation="applicant"),
                      *(Person(municipality_id=municipality.id, first_name=f"Dziecko{n}", last_name="Nowak",
                               relation="child") for n in range(members))]
    db.session.add(client)
    db.session.flush()
    return client


def _contract(municipality, worker, client, variant, concluded_on, covered=(), status="signed"):
    client.contract_count = getattr(client, "contract_count", 0) + 1
    db.session.add(Contract(municipality_id=municipality.id, client_id=client.id, number=client.contract_count,
                            model_key="urban", variant=variant,
                            status=status, worker_id=worker.id, concluded_on=concluded_on,
                            covered_member_ids=[client.members[index].id for index in covered]))


def add_contracts(app, municipality, worker):
    """Hand-counted: the first half of YEAR has 3 contracts (A 1, B 2), 3 families, 5 persons; the
    whole year 4 contracts (A 2, B 2), 3 families (A 1, B 2), 5 persons (A 3, B 2)."""
    with app.app_context():
        family, single, other = _case(municipality, worker, 2), _case(municipality, worker), _case(municipality, worker)
        _contract(municipality, worker, family, "A", date(YEAR, 1, 1), covered=(1, 2))  # first day: in
        _contract(municipality, worker, single, "B", date(YEAR, 6, 30))  # the half-year's last day: in
        _contract(municipality, worker, family, "A", date(YEAR, 7, 1), covered=(1,))  # the year only; same people
        _contract(municipality, worker, other, "B", date(YEAR, 3, 15), status="evaluated")  # evaluated since: in
        _contract(municipality, worker, other, "A", date(YEAR - 1, 12, 31))  # the day before: out
        _contract(municipality, worker, other, "B", date(YEAR + 1, 1, 1))  # the day after: out
        _contract(municipality, worker, other, "A", date(YEAR, 2, 1), status="to_approve")  # not concluded: out
        db.session.commit()


def add_cooperation(app, municipality, worker):
    """Hand-counted for YEAR: members labour 1, education 2 (1 joined, 1 left), 3 in all; meetings 2
    (1 approved), tasks agreed 1, done 2; offers counselling 1, employment 1, other 1 (3 offers from
    2 institutions); case teams working 2, formed 1, families 2, meetings 2."""
    m = municipality.id
    with app.app_context():
        team = Partnership(municipality_id=m, name="PZK", model_key="urban")
        db.session.add(team)
        db.session.flush()

        def institution(sector, joined=None, left=None):
            row = Institution(municipality_id=m, partnership_id=team.id, name=f"{sector} {joined}", sector=sector,
                              level="gmina", joined_on=joined, left_on=left)
            db.session.add(row)
            db.session.flush()
            return row

        labour = institution("labour", date(YEAR - 1, 5, 1))
        school = institution("education", date(YEAR, 3, 1))
        institution("education", date(YEAR - 1, 1, 1), date(YEAR, 9, 30))
        institution("ngo", date(YEAR + 1, 1, 1))  # joined after the year
        institution("police", date(YEAR - 1, 1, 1), date(YEAR, 1, 1))  # left on its first day: not a member then

        def meeting(held_on, status="draft"):
            row = Meeting(municipality_id=m, partnership_id=team.id, meeting_type="working", held_on=held_on,
                          minutes_status=status)
            db.session.add(row)
            db.session.flush()
            return row

        first = meeting(date(YEAR, 1, 1), "approved")
        meeting(date(YEAR, 12, 31))
        meeting(date(YEAR + 1, 1, 1))
        before = meeting(date(YEAR - 1, 12, 31))
        for held, closed in ((first, date(YEAR, 2, 1)), (before, date(YEAR, 1, 5))):
            decision = Decision(municipality_id=m, meeting_id=held.id, number=1, text="Ustalenie")
            db.session.add(decision)
            db.session.flush()
            db.session.add(Task(municipality_id=m, partnership_id=team.id, decision_id=decision.id, title="Zadanie",
                                status="done", closed_on=closed))
        for owner, category, valid_from, valid_until in (
                (labour, "counselling", None, None), (school, "counselling", None, date(YEAR - 1, 12, 31)),
                (labour, "employment", date(YEAR, 12, 31), None), (school, None, None, None)):
            db.session.add(ServiceOffer(municipality_id=m, institution_id=owner.id, service="Usługa", category=category,
                                        valid_from=valid_from, valid_until=valid_until))
        cases = [_case(municipality, worker) for _ in range(3)]
        for case, formed, closed, held in ((cases[0], date(YEAR - 1, 10, 1), date(YEAR, 1, 1), date(YEAR, 1, 1)),
                                           (cases[1], date(YEAR, 5, 1), None, date(YEAR, 6, 1)),
                                           (cases[2], date(YEAR + 1, 1, 2), None, date(YEAR + 1, 1, 5))):
            case_team = CaseTeam(municipality_id=m, client_id=case.id, name="Zespół", formed_on=formed, closed_on=closed)
            db.session.add(case_team)
            db.session.flush()
            db.session.add(CaseTeamMeeting(municipality_id=m, team_id=case_team.id, client_id=case.id, held_on=held))
        db.session.commit()


def test_mrpips_counts_contracts_concluded_in_the_half_year_and_the_year(app):
    municipality = add_municipality("102003")
    worker = add_user("pracownik", "social_worker", municipality)
    add_contracts(app, municipality, worker)
    other = add_municipality("101102")  # another municipality's contract in the same half-year
    add_contracts(app, other, add_user("pracownik.b", "social_worker", other))
    admin, _ = client_as(app, "municipality_admin", municipality)

    half = admin.get(f"/reports/mrpips-03?year={YEAR}&period=h1")
    assert half.status_code == 200
    table = rows_by_label(ReportPage(half.get_data(as_text=True)).tables["Kontrakty socjalne"])
    assert table["Kontrakty socjalne zawarte w okresie"] == ["3", "1", "2"]
    assert table["Osoby i rodziny, z którymi zawarto kontrakt socjalny"] == ["3", "1", "2"]
    assert table["Osoby objęte kontraktami socjalnymi (strona kontraktu i członkowie rodziny nim objęci)"] == ["5", "3", "2"]

    year = ReportPage(admin.get(f"/reports/mrpips-03?year={YEAR}&period=year").get_data(as_text=True))
    table = rows_by_label(year.tables["Kontrakty socjalne"])
    assert table["Kontrakty socjalne zawarte w okresie"] == ["4", "2", "2"]
    assert table["Osoby i rodziny, z którymi zawarto kontrakt socjalny"] == ["3", "1", "2"]
    assert table["Osoby objęte kontraktami socjalnymi (strona kontraktu i członkowie rodziny nim objęci)"] == ["5", "3", "2"]


def test_the_xlsx_holds_the_page_s_numbers_in_the_report_s_layout(app):
    municipality = add_municipality("102003")
    worker = add_user("pracownik", "social_worker", municipality)
    add_contracts(app, municipality, worker)
    add_cooperation(app, municipality, worker)
    head, _ = client_as(app, "centre_head", municipality)
    for page_url, download_url in ((f"/reports/mrpips-03?year={YEAR}&period=year", f"/reports/mrpips-03.xlsx?year={YEAR}&period=year"),
                                   (f"/reports/ozps?year={YEAR}", f"/reports/ozps.xlsx?year={YEAR}")):
        page = ReportPage(head.get(page_url).get_data(as_text=True))
        download = head.get(download_url)
        assert download.status_code == 200 and download.mimetype.endswith("spreadsheetml.sheet")
        assert f"{YEAR}-rok" in download.headers["Content-Disposition"]
        sections = workbook_sections(download.data)
        assert sections.keys() == page.tables.keys()
        for title, table in page.tables.items():
            rows = [row[:len(table[0])] for row in sections[title]]
            assert rows[:len(table)] == table, title
            assert len(rows) - len(table) <= 1  # the section's note, under its table
    sheet = load_workbook(io.BytesIO(download.data)).active
    texts = [cell.value for row in sheet.iter_rows() for cell in row if isinstance(cell.value, str)]
    assert "Okres: 01.01.%d – 31.12.%d" % (YEAR, YEAR) in texts
    assert any(text.startswith("Kadra pomocy społecznej") for text in texts)  # what it leaves out, said
    assert isinstance(sheet["C5"].value, (int, type(None)))  # numbers are numbers, not texts


def test_ozps_counts_the_cooperation_of_the_year(app):
    municipality = add_municipality("102003")
    worker = add_user("pracownik", "social_worker", municipality)
    add_cooperation(app, municipality, worker)
    other = add_municipality("101102")
    add_cooperation(app, other, add_user("pracownik.b", "social_worker", other))
    admin, _ = client_as(app, "municipality_admin", municipality)
    page = ReportPage(admin.get(f"/reports/ozps?year={YEAR}").get_data(as_text=True))
    partners = rows_by_label(page.tables["1. Instytucje współpracujące w zespole PZK według sektora"])
    assert partners["urząd pracy"] == ["1", "0", "0"]
    assert partners["edukacja"] == ["2", "1", "1"]
    assert partners["organizacja pozarządowa"] == partners["policja"] == ["0", "0", "0"]
    assert partners["Razem"] == ["3", "1", "1"]
    meetings = rows_by_label(page.tables["2. Spotkania Partnerskiego Zespołu Kooperacyjnego"])
    assert [value for [value] in meetings.values()] == ["2", "1", "1", "2"]
    basket = rows_by_label(page.tables["3. Usługi lokalnego koszyka usług według rodzaju"])
    assert basket["poradnictwo i praca socjalna"] == basket["aktywizacja zawodowa"] == basket["inne"] == ["1", "1"]
    assert basket["uzależnienia"] == ["0", "0"]
    assert basket["Razem"] == ["3", "2"]
    teams = rows_by_label(page.tables["4. Zespoły wokół rodziny"])
    assert [value for [value] in teams.values()] == ["2", "1", "2", "2"]


def test_the_default_period_is_the_last_one_that_ended(app):
    assert last_full_half_year(date(2026, 7, 1)) == Period(2026, "h1")
    assert last_full_half_year(date(2026, 6, 30)) == Period(2025, "year")
    assert last_full_half_year(date(2027, 1, 1)) == Period(2026, "year")
    assert last_full_year(date(2026, 1, 1)) == Period(2025, "year")
    assert Period(2026, "h1").last == date(2026, 6, 30) and Period(2026).last == date(2026, 12, 31)
    admin, _ = client_as(app, "municipality_admin", add_municipality("102003"))
    expected = last_full_half_year(local_today())
    body = admin.get("/reports/mrpips-03").get_data(as_text=True)
    assert f'value="{expected.year}"' in body
    assert re.search(rf'<option (selected value="{expected.kind}"|value="{expected.kind}" selected)', body)
    assert f'value="{last_full_year(local_today()).year}"' in admin.get("/reports/ozps").get_data(as_text=True)


def test_bad_periods_get_a_polish_message_and_keep_what_was_typed(app):
    admin, _ = client_as(app, "municipality_admin", add_municipality("102003"))
    response = admin.get("/reports/mrpips-03?year=1999&period=h1")
    assert response.status_code == 400
    body = response.get_data(as_text=True)
    assert "Podaj rok od 2000 do" in body and 'value="1999"' in body
    assert admin.get(f"/reports/mrpips-03?year={YEAR}&period=h2").status_code == 400
    assert admin.get(f"/reports/ozps?year={local_today().year + 1}").status_code == 400
    download = admin.get("/reports/ozps.xlsx?year=abc")  # the page with the message, no file
    assert download.status_code == 400 and download.mimetype == "text/html"


FUZZ = settings(max_examples=int(os.environ.get("KOOPERACJE_FUZZ_EXAMPLES", 100)), deadline=None, derandomize=True,
                suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
HOSTILE = st.one_of(st.sampled_from(["", "\x00", "9" * 309, "-1", "0", "1e309", "2026.5", "％", "2026", "h1", "year"]),
                    st.text(max_size=40))


def test_any_query_is_a_page_never_a_500(app):
    admin, _ = client_as(app, "centre_head", add_municipality("102003"))

    @FUZZ
    @given(path=st.sampled_from(["/reports/mrpips-03", "/reports/mrpips-03.xlsx", "/reports/ozps", "/reports/ozps.xlsx"]),
           year=HOSTILE, period=HOSTILE)
    def check(path, year, period):
        assert admin.get(path, query_string={"year": year, "period": period}).status_code in (200, 400)

    check()


def test_only_the_administrator_and_the_head_open_the_reports(app):
    municipality = add_municipality("102003")
    for role, expected in (("municipality_admin", 200), ("centre_head", 200), ("coordinator", 403),
                           ("social_worker", 403), ("partner", 403)):
        client, _ = client_as(app, role, municipality)
        for url in ("/reports/", "/reports/mrpips-03", "/reports/ozps", f"/reports/ozps.xlsx?year={YEAR}"):
            assert client.get(url).status_code == expected, (role, url)
    observer, _ = client_as(app, "regional_observer", voivodeship_code="10")
    assert observer.get("/reports/mrpips-03").status_code == 403


def test_views_and_downloads_are_audited_with_the_period(app):
    municipality = add_municipality("102003")
    admin, user = client_as(app, "municipality_admin", municipality)
    admin.get(f"/reports/mrpips-03?year={YEAR}&period=h1")
    admin.get(f"/reports/ozps.xlsx?year={YEAR}")
    admin.get("/reports/ozps?year=nonsense")  # nothing shown, nothing recorded
    with app.app_context():
        events = db.session.execute(select(AuditEvent.action, AuditEvent.detail)
                                    .where(AuditEvent.user_id == user.id, AuditEvent.action.like("report_%"))
                                    .execution_options(all_tenants=True)).all()
    assert sorted(events) == [("report_exported", f"ozps:{YEAR}-rok.xlsx"), ("report_viewed", f"mrpips:{YEAR}-i-polrocze")]



def test_the_workbook_is_polish_for_a_user_who_chose_english(app):
    municipality = add_municipality("102003")
    add_contracts(app, municipality, add_user("pracownik", "social_worker", municipality))
    admin, _ = client_as(app, "municipality_admin", municipality)
    assert admin.post("/language", data={"lang": "en"}).status_code == 302
    page = admin.get(f"/reports/mrpips-03?year={YEAR}&period=h1").get_data(as_text=True)
    assert "Social contracts concluded in the period" in page  # the page follows the interface
    sections = workbook_sections(admin.get(f"/reports/mrpips-03.xlsx?year={YEAR}&period=h1").data)
    assert rows_by_label(sections["Kontrakty socjalne"])["Kontrakty socjalne zawarte w okresie"] == ["3", "1", "2"]
