"""The municipality dashboard (issue 17): every indicator's number as counted by hand, the
municipality's own rows only, the coordinator's PZK part, the charts drawing the tables' numbers,
the downloads holding the tables, and an empty municipality with nothing to divide by."""
import csv
import io
from datetime import date, timedelta
from html.parser import HTMLParser

import time_machine
from builders import add_contract_row, add_municipality, add_user, client_as, login
from openpyxl import load_workbook
from sqlalchemy import select

from kooperacje.audit.models import AuditEvent
from kooperacje.clock import local_today, utcnow
from kooperacje.contracts.models import Contract, ContractAction
from kooperacje.diagnoses.models import Diagnosis
from kooperacje.extensions import db
from kooperacje.partnership.models import Attendance, Decision, Institution, Meeting, Partnership, Task


class DashboardPage(HTMLParser):
    """The indicator tables ({key: [[cell, …], …]} with the header row first) and the charts'
    numbers ({key: [(label, series, value), …]}) of a dashboard page."""

    def __init__(self, html):
        super().__init__()
        self.tables, self.charts, self.sections = {}, {}, []
        self._table = self._row = self._cell = None
        self._group = None
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "section" and "indicator" in attrs.get("class", ""):
            self.sections.append(attrs["id"])
            self.charts.setdefault(attrs["id"], [])
        elif tag == "table" and "data-indicator" in attrs:
            self._table = self.tables.setdefault(attrs["data-indicator"], [])
        elif tag == "tr" and self._table is not None:
            self._row = []
            self._table.append(self._row)
        elif tag in ("td", "th") and self._row is not None:
            self._cell = []
        elif tag == "g" and "chart-group" in attrs.get("class", ""):
            self._group = attrs["data-label"]
        elif tag == "g" and "chart-item" in attrs.get("class", ""):
            label = attrs.get("data-label", self._group)
            self.charts[self.sections[-1]].append((label, int(attrs.get("data-series", 0)), attrs["data-value"]))

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self._cell is not None:
            self._row.append("".join(self._cell).strip())
            self._cell = None
        elif tag == "tr":
            self._row = None
        elif tag == "table":
            self._table = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)


def numbers(page, key):
    """{row label: the row's cells after the label} of an indicator's table."""
    return {row[0]: row[1:] for row in page.tables[key][1:]}


def csv_rows(response):
    assert response.status_code == 200 and response.mimetype == "text/csv"
    return list(csv.reader(io.StringIO(response.data.decode("utf-8-sig")), delimiter=";"))


def quarter_start(day):
    return date(day.year, (day.month - 1) // 3 * 3 + 1, 1)


def quarters_back(day, count):
    """The first day of the quarter ``count`` quarters before ``day``'s."""
    start = quarter_start(day)
    for _step in range(count):
        start = quarter_start(start - timedelta(days=1))
    return start


def quarter_label(start):
    return f"{['I', 'II', 'III', 'IV'][(start.month - 1) // 3]} kw. {start.year}"


def _team(app, municipality, today):
    """The PZK of the hand count (cadence 30 days): four institutions (D left after the third
    meeting), meetings today, at the quarter's start, in the middle of the quarter two back and
    400 days ago, one planned, and seven tasks."""
    m = municipality.id
    with app.app_context():
        team = Partnership(municipality_id=m, name="Zespół", model_key="urban", cadence_days=30, model_data={})
        db.session.add(team)
        db.session.flush()
        third_on = quarters_back(today, 2) + timedelta(days=45)
        members = {key: Institution(municipality_id=m, partnership_id=team.id, name=f"Instytucja {key}", sector=sector,
                                    level="gmina", left_on=third_on + timedelta(days=1) if key == "D" else None)
                   for key, sector in (("A", "labour"), ("B", "ngo"), ("C", "ngo"), ("D", "education"))}
        db.session.add_all(members.values())
        meetings = {key: Meeting(municipality_id=m, partnership_id=team.id, meeting_type="working", held_on=held_on,
                                 model_data={})
                    for key, held_on in (("today", today), ("start", quarter_start(today)), ("third", third_on),
                                         ("old", today - timedelta(days=400)),
                                         ("planned", today + timedelta(days=20)))}
        db.session.add_all(meetings.values())
        db.session.flush()
        for meeting, present in (("today", {"A": "present", "B": "delegate", "C": "absent"}),
                                 ("start", {"A": "present"}),
                                 ("third", {"A": "present", "B": "present", "C": "absent", "D": "present"})):
            for key, status in present.items():
                db.session.add(Attendance(municipality_id=m, meeting_id=meetings[meeting].id,
                                          institution_id=members[key].id, status=status))
        decisions = {key: Decision(municipality_id=m, meeting_id=meetings[key].id, number=1, text="Ustalenie")
                     for key in ("today", "third", "old")}
        db.session.add_all(decisions.values())
        db.session.flush()
        for status, due_on, closed_on, decision in (
                ("done", today, today, "today"),  # on time
                ("done", today - timedelta(days=5), today, "today"),  # late
                ("done", None, today, None),  # on time: no deadline
                ("open", today + timedelta(days=5), None, "third"),  # open, in time
                ("in_progress", today - timedelta(days=1), None, "old"),  # overdue
                ("open", None, None, None),  # open, no deadline
                ("dropped", None, None, None)):
            db.session.add(Task(municipality_id=m, partnership_id=team.id, title="Zadanie", status=status, due_on=due_on,
                                closed_on=closed_on, owner_institution_id=members["A"].id,
                                decision_id=decisions[decision].id if decision else None))
        db.session.commit()


def _casework(app, municipality, today):
    """Ewa: two signed contracts (one review overdue, one action overdue) and a draft; Jan: one in
    progress (review overdue) and one closed; two diagnosis drafts, one older than 14 days."""
    ewa = add_user(f"ewa{municipality.id}", "social_worker", municipality, full_name="Ewa Lis")
    jan = add_user(f"jan{municipality.id}", "social_worker", municipality, full_name="Jan Wróbel")
    signed = add_contract_row(app, municipality, ewa, "signed")
    later = add_contract_row(app, municipality, ewa, "signed")
    draft = add_contract_row(app, municipality, ewa, "draft")
    going = add_contract_row(app, municipality, jan, "in_progress")
    add_contract_row(app, municipality, jan, "closed")
    with app.app_context():
        contracts = {c.id: c for c in db.session.scalars(select(Contract).where(Contract.id.in_(
            [signed, later, draft, going])).execution_options(all_tenants=True))}
        contracts[signed].next_review_on = today - timedelta(days=1)
        contracts[later].next_review_on = today + timedelta(days=5)
        contracts[going].next_review_on = today - timedelta(days=3)
        for contract_id, due_on, status in ((signed, today - timedelta(days=2), "planned"),  # overdue
                                            (signed, today - timedelta(days=2), "done"),
                                            (signed, today + timedelta(days=3), "planned"),
                                            (draft, today - timedelta(days=5), "planned")):  # not binding yet
            db.session.add(ContractAction(municipality_id=municipality.id, contract_id=contract_id, party="client",
                                          description="Działanie", due_on=due_on, status=status))
        client_id = contracts[signed].client_id
        for number, age, status in ((1, 20, "draft"), (2, 3, "draft"), (3, 20, "signed")):
            db.session.add(Diagnosis(municipality_id=municipality.id, client_id=client_id, number=number,
                                     model_key="urban", status=status, answers={},
                                     created_at=utcnow() - timedelta(days=age)))
        db.session.commit()


def _municipality(app, teryt6, today):
    municipality = add_municipality(teryt6)
    _casework(app, municipality, today)
    _team(app, municipality, today)
    return municipality


def test_every_indicator_shows_the_hand_counted_numbers_of_the_own_municipality_only(app):
    today = local_today()
    zgierz = _municipality(app, "102003", today)
    _municipality(app, "102004", today)  # another municipality's rows, every kind once more
    head, _user = client_as(app, "centre_head", zgierz)
    response = head.get("/dashboard/")
    assert response.status_code == 200
    page = DashboardPage(response.get_data(as_text=True))
    assert page.sections == ["obciazenie", "kontrakty", "kontrakty-zakonczone", "zaleglosci", "spotkania", "zadania",
                             "sektory", "obecnosc", "obecnosc-sektory", "zadania-w-czasie"]
    assert numbers(page, "obciazenie") == {"Ewa Lis": ["3"], "Jan Wróbel": ["2"]}
    body = response.get_data(as_text=True)
    assert "Otwarte sprawy na jednego aktywnego pracownika socjalnego: 2,5 (spraw otwartych: 5, aktywnych pracowników: 2)." in body
    assert numbers(page, "kontrakty") == {"w przygotowaniu (projekt, do zatwierdzenia, zatwierdzony)": ["1"],
                                          "obowiązujące (podpisane, w realizacji)": ["3"],
                                          "ocenione lub zamknięte": ["1"]}
    assert numbers(page, "zaleglosci") == {"oceny kontraktów po terminie": ["2"],
                                           "działania z kontraktów po terminie, niewykonane": ["1"],
                                           "projekty diagnoz starsze niż 14 dni": ["1"]}
    assert numbers(page, "spotkania") == {"spotkania odbyte w ostatnich 12 miesiącach": ["3"],
                                          "spotkania wymagane przy przyjętej częstotliwości (co 30 dni)": ["12"]}
    assert "Zespół jest aktywny: spotkał się w ostatnich 60 dniach" in body
    assert numbers(page, "zadania") == {"wykonane w terminie": ["2"], "wykonane po terminie": ["1"],
                                        "otwarte, w terminie": ["2"], "otwarte, po terminie": ["1"],
                                        "zaniechane": ["1"]}
    assert numbers(page, "sektory") == {"organizacja pozarządowa": ["2"], "urząd pracy": ["1"]}
    now, two_back = quarter_start(today), quarters_back(today, 2)
    labels = [quarter_label(quarters_back(today, n)) for n in (3, 2, 1, 0)]
    # this quarter: 2 of 3 members, then 1 of 3 (50 % on average); two back: 3 of the 4 members then
    assert numbers(page, "obecnosc") == {labels[0]: ["—", "0"], quarter_label(two_back): ["75", "1"],
                                         labels[2]: ["—", "0"], quarter_label(now): ["50", "2"]}
    # pairs of a member and a meeting: A came to all three; of B and C, B came twice (once a delegate)
    # in six; D, a member at the third meeting only, came to it
    assert numbers(page, "obecnosc-sektory") == {"edukacja": ["100", "1"], "urząd pracy": ["100", "3"],
                                                 "organizacja pozarządowa": ["33", "6"]}
    assert numbers(page, "zadania-w-czasie") == {labels[0]: ["0", "0"], labels[1]: ["1", "0"], labels[2]: ["0", "0"],
                                                 labels[3]: ["2", "3"]}
    assert "W ostatnich 12 miesiącach żaden kontrakt socjalny nie został zakończony i oceniony." in body
    assert "Nowak" not in body  # no client is named
    with app.app_context():
        assert not db.session.scalars(select(AuditEvent.action).where(AuditEvent.action == "case_accessed")
                                      .execution_options(all_tenants=True)).all()  # no case file opened


def test_ended_contracts_by_how_they_ended_with_the_median_length(app):
    """Hand-counted: ended in the last 12 months and evaluated; lengths from conclusion to end."""
    today = local_today()
    zgierz = add_municipality("102003")
    ewa = add_user("ewa", "social_worker", zgierz)
    for status, ending, concluded, ended in (("evaluated", "expired", 100, 10),  # 90 days
                                             ("closed", "expired", 200, 20),  # 180
                                             ("evaluated", "expired", 61, 1),  # 60
                                             ("evaluated", "terminated", 50, 20),  # 30
                                             ("evaluated", "terminated", 80, 35),  # 45
                                             ("evaluated", "expired", 500, 400),  # ended over a year ago
                                             ("signed", "terminated", 40, 5)):  # part II saved, not confirmed
        contract_id = add_contract_row(app, zgierz, ewa, status, concluded_on=today - timedelta(days=concluded))
        with app.app_context():
            contract = db.session.get(Contract, contract_id)
            contract.ending, contract.ended_on = ending, today - timedelta(days=ended)
            db.session.commit()
    head, _user = client_as(app, "centre_head", zgierz)
    response = head.get("/dashboard/")
    page = DashboardPage(response.get_data(as_text=True))
    assert numbers(page, "kontrakty-zakonczone") == {"upływ okresu, na który zawarto kontrakt": ["3", "90"],
                                                     "rozwiązanie kontraktu przed terminem": ["2", "38"]}
    # 30, 45, 60, 90, 180: the middle one
    assert "Mediana długości wszystkich zakończonych kontraktów: 60 dni." in response.get_data(as_text=True)
    assert csv_rows(head.get("/dashboard/kontrakty-zakonczone.csv"))[1:] == [
        ["upływ okresu, na który zawarto kontrakt", "3", "90"], ["rozwiązanie kontraktu przed terminem", "2", "38"]]


def test_each_chart_draws_the_numbers_of_the_table_beside_it(app):
    today = local_today()
    zgierz = _municipality(app, "102003", today)
    admin, _user = client_as(app, "municipality_admin", zgierz)
    body = admin.get("/dashboard/").get_data(as_text=True)
    page = DashboardPage(body)
    assert "<script" not in body.split("<main", 1)[1] and "style=" not in body  # the CSP allows neither
    assert body.count('role="img"') == 9  # every indicator with numbers: the ended contracts have none here
    for key, table in page.tables.items():
        rows = table[1:]
        drawn = page.charts[key]
        series = len(drawn) // len(rows)
        expected = [(row[0], s, "" if row[1 + s] == "—" else row[1 + s]) for row in rows for s in range(series)]
        assert drawn == expected, key
        assert series == (2 if key == "zadania-w-czasie" else 1), key


def test_the_downloads_hold_the_pages_tables_and_are_audited(app):
    today = local_today()
    zgierz = _municipality(app, "102003", today)
    head, _user = client_as(app, "centre_head", zgierz)
    page = DashboardPage(head.get("/dashboard/").get_data(as_text=True))
    for key, table in page.tables.items():
        expected = [[cell.replace("—", "") for cell in row] for row in table]
        assert csv_rows(head.get(f"/dashboard/{key}.csv")) == expected, key
        response = head.get(f"/dashboard/{key}.xlsx")
        assert response.status_code == 200
        sheet = load_workbook(io.BytesIO(response.data)).active
        cells = [["" if value is None else str(value) for value in row] for row in sheet.iter_rows(values_only=True)]
        assert cells == expected, key
    with app.app_context():
        events = db.session.scalars(select(AuditEvent.detail).where(AuditEvent.action == "dashboard_exported")
                                    .execution_options(all_tenants=True)).all()
    assert sorted(events) == sorted(f"{key}.{ext}" for key in page.tables for ext in ("csv", "xlsx"))
    assert head.get("/dashboard/nieznany.csv").status_code == 404


def test_the_coordinator_sees_the_pzk_part_only_and_a_worker_nothing(app):
    today = local_today()
    zgierz = _municipality(app, "102003", today)
    coordinator, _user = client_as(app, "coordinator", zgierz)
    response = coordinator.get("/dashboard/pzk")
    assert response.status_code == 200
    page = DashboardPage(response.get_data(as_text=True))
    assert page.sections == ["spotkania", "zadania", "sektory", "obecnosc", "obecnosc-sektory", "zadania-w-czasie"]
    assert 'href="/dashboard/pzk"' in response.get_data(as_text=True)  # in the menu
    assert coordinator.get("/dashboard/").status_code == 403
    assert coordinator.get("/dashboard/kontrakty.csv").status_code == 403
    assert coordinator.get("/dashboard/pzk/kontrakty.csv").status_code == 404  # not a PZK indicator
    assert csv_rows(coordinator.get("/dashboard/pzk/zadania.csv"))[1] == ["wykonane w terminie", "2"]
    worker = app.test_client()
    assert login(worker, f"ewa{zgierz.id}").status_code == 302
    for url in ("/dashboard/", "/dashboard/pzk", "/dashboard/zadania.csv", "/dashboard/pzk/zadania.xlsx"):
        assert worker.get(url).status_code == 403, url
    assert "/dashboard" not in worker.get("/").get_data(as_text=True)
    head, _user = client_as(app, "centre_head", zgierz)
    assert 'href="/dashboard/"' in head.get("/").get_data(as_text=True)


def test_an_empty_municipality_gets_empty_states_and_no_division_by_zero(app):
    empty = add_municipality("102004")
    admin, _user = client_as(app, "municipality_admin", empty)
    response = admin.get("/dashboard/")
    assert response.status_code == 200
    body = response.get_data(as_text=True)
    assert "Ośrodek nie ma jeszcze pracowników socjalnych ani spraw." in body
    assert "Ośrodek nie ma jeszcze kontraktów socjalnych." in body
    assert body.count("Gmina nie ma jeszcze zespołu PZK") == 6
    assert csv_rows(admin.get("/dashboard/obecnosc.csv")) == [["Kwartał", "Średnia obecność (%)", "Spotkania"]]
    coordinator, _user = client_as(app, "coordinator", empty)
    assert coordinator.get("/dashboard/pzk").status_code == 200
    # a team that never met, a worker without cases
    add_user("sam", "social_worker", empty)
    with app.app_context():
        db.session.add(Partnership(municipality_id=empty.id, name="Zespół", model_key="urban", cadence_days=30,
                                   model_data={}))
        db.session.commit()
    # within the dashboard's counting interval the page still shows the numbers counted before
    within = admin.get("/dashboard/").get_data(as_text=True)
    assert "Ośrodek nie ma jeszcze pracowników socjalnych ani spraw." in within
    assert "Pulpit przelicza je co 5 min" in within
    with time_machine.travel(utcnow() + timedelta(minutes=6), tick=False):
        body = admin.get("/dashboard/").get_data(as_text=True)
    assert "Otwarte sprawy na jednego aktywnego pracownika socjalnego: 0,0 (spraw otwartych: 0, aktywnych pracowników: 1)." in body
    assert "Zespół nie jest aktywny: nie odbył jeszcze żadnego spotkania." in body
    assert "W ostatnich czterech kwartałach zespół nie odbył spotkania." in body
    assert "Zespół nie ma jeszcze zadań." in body
    assert "Zespół nie ma dziś instytucji członkowskich." in body


def test_english_interface_translates_the_dashboard(app):
    zgierz = add_municipality("102003")
    admin, _user = client_as(app, "municipality_admin", zgierz)
    assert "Jak to liczymy" in admin.get("/dashboard/").get_data(as_text=True)  # counted and drawn in Polish first
    admin.post("/language", data={"lang": "en"})
    body = admin.get("/dashboard/").get_data(as_text=True)
    assert "Municipality dashboard" in body
    assert "How it is counted" in body and "Jak to liczymy" not in body  # the sections too, not the Polish ones kept





def test_a_download_of_an_unknown_or_odd_indicator_is_not_found_never_a_500(app):
    zgierz = add_municipality("102003")
    admin, _user = client_as(app, "municipality_admin", zgierz)
    for key in ("nieznany", "%27%3B--", "x" * 500, "obciazenie%00", "zadania.csv"):
        for prefix in ("/dashboard/", "/dashboard/pzk/"):
            assert admin.get(f"{prefix}{key}.csv").status_code == 404, (prefix, key)
    assert admin.get("/dashboard/zadania.pdf").status_code == 404
