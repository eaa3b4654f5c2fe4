"""The regional dashboard: indicators counted into the summary (hand-counted fixtures), read
from it alone, filtered, charted with the same numbers as the table, and exported exactly as
shown (hidden figures included), each download audited."""
import io
import os
import re
from datetime import datetime, timedelta
from urllib.parse import quote_from_bytes

import openpyxl
import pytest
from builders import HOSTILE, add_contract_row, add_municipality, add_user, client_as, login
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kooperacje.audit.models import AuditEvent
from kooperacje.clock import local_today
from kooperacje.extensions import db
from kooperacje.municipalities.models import Municipality
from kooperacje.contracts.models import Contract, ContractGoal
from kooperacje.partnership.models import Decision, Institution, Meeting, Partnership, Task
from kooperacje.referrals.models import Referral
from kooperacje.statistics.indicators import window
from kooperacje.statistics.service import refresh
from kooperacje.statistics import service
from kooperacje.statistics.models import IndicatorSummary, SuppressedRelease
from kooperacje.statistics.suppression import THRESHOLD

CELL = re.compile(r"<td>([^<]*)</td>")


def _team(municipality):
    team = Partnership(municipality_id=municipality.id, model_key=municipality.model_key, name="PZK",
                       cadence_days=30, model_data={})
    db.session.add(team)
    db.session.flush()
    return team


def add_meetings(municipality, days, tasks=0, late=0):
    """Meetings held ``days`` ago, each with ``tasks`` tasks done on time and ``late`` done late."""
    with db.session.no_autoflush:
        team = db.session.merge(_team(db.session.merge(municipality)))
    for back in days:
        held_on = local_today() - timedelta(days=back)
        meeting = Meeting(municipality_id=municipality.id, partnership_id=team.id, meeting_type="working",
                          held_on=held_on, model_data={})
        decision = Decision(municipality_id=municipality.id, meeting=meeting, number=1, text="Ustalenie")
        db.session.add_all([meeting, decision])
        for number in range(tasks + late):
            closed = held_on + timedelta(days=1)
            db.session.add(Task(municipality_id=municipality.id, partnership_id=team.id, decision=decision,
                                title="Zadanie", due_on=closed + timedelta(days=-1 if number >= tasks else 0),
                                status="done", closed_on=closed))
    db.session.commit()


@pytest.fixture
def region(app):
    """Zgierz (urban) and Aleksandrów Łódzki (urban-rural), both powiat zgierski; Dalików (rural),
    powiat poddębicki; Wrocław's district outside the voivodeship."""
    places = {code: add_municipality(code) for code in ("102003", "102004", "101102", "026401")}
    with app.app_context():
        add_meetings(places["102003"], [1, 2, 3, 4, 5, 6], tasks=2, late=1)  # this quarter or last
        add_meetings(places["102004"], [3], tasks=1)
        add_meetings(places["101102"], [200, 201], tasks=0)
        add_meetings(places["026401"], [1] * 9)
        refresh()
    add_user("obs", "regional_observer", voivodeship_code="10")
    return places


@pytest.fixture
def observer(app, region):
    client = app.test_client()
    login(client, "obs")
    return client


def _quarter_of(back):
    day = local_today() - timedelta(days=back)
    return day.year, (day.month - 1) // 3 + 1


def test_the_summary_counts_records_per_municipality_and_quarter(app, region):
    with app.app_context():
        rows = {(r.municipality_id, r.year, r.quarter, r.indicator): r.value
                for r in db.session.scalars(db.select(IndicatorSummary))}
    zgierz = region["102003"].id
    expected = {}
    for back in range(1, 7):
        key = (zgierz, *_quarter_of(back))
        for indicator, count in (("spotkania", 1), ("zadania-w-terminie", 2), ("zadania-po-terminie", 1)):
            expected[(*key, indicator)] = expected.get((*key, indicator), 0) + count
        expected[(*key, "pzk-aktywne")] = 1  # the municipality once a quarter, however often it met
    assert {k: v for k, v in rows.items() if k[0] == zgierz} == expected
    dalikow = region["101102"].id
    assert sum(v for k, v in rows.items() if k[0] == dalikow and k[3] == "spotkania") == 2


def test_contracts_goals_and_referrals_are_counted_as_their_definitions_say(app, region):
    """Hand-counted: in Zgierz, ended contracts by how they ended and their goals by outcome,
    only once part II is confirmed; referrals accepted by the day of the answer."""
    zgierz = region["102003"]
    worker = add_user("ewa", "social_worker", zgierz)
    last_week = local_today() - timedelta(days=7)
    with app.app_context():
        institution = Institution(municipality_id=zgierz.id, partnership_id=db.session.scalar(
            db.select(Partnership.id).where(Partnership.municipality_id == zgierz.id)
            .execution_options(all_tenants=True)), name="PUP", sector="labour", level="powiat")
        db.session.add(institution)
        db.session.commit()
        institution_id = institution.id
    for status, ending, outcomes in (("evaluated", "expired", ("achieved", "achieved", "partly")),
                                     ("closed", "expired", ("not",)),
                                     ("evaluated", "terminated", ("partly", "not")),
                                     ("signed", "terminated", ("achieved",))):  # part II saved, not confirmed
        contract_id = add_contract_row(app, zgierz, worker, status=status, concluded_on=last_week - timedelta(90))
        with app.app_context():
            contract = db.session.get(Contract, contract_id)
            contract.ended_on, contract.ending = last_week, ending
            db.session.add_all(ContractGoal(municipality_id=zgierz.id, contract_id=contract_id, position=n,
                                            text="Cel", outcome=outcome) for n, outcome in enumerate(outcomes))
            db.session.commit()
    with app.app_context():
        case_id = db.session.scalar(db.select(Contract.client_id).where(Contract.id == contract_id)
                                    .execution_options(all_tenants=True))
        answered = datetime.combine(last_week, datetime.min.time())
        for state, at in (("accepted", answered), ("completed", answered), ("declined", answered), ("sent", None)):
            db.session.add(Referral(municipality_id=zgierz.id, client_id=case_id, institution_id=institution_id,
                                    purpose="Praca", ask="Oferta", answer_by=last_week, state=state, answered_at=at))
        db.session.commit()
        refresh()
        rows = {r.indicator: r.value for r in db.session.scalars(db.select(IndicatorSummary).where(
            IndicatorSummary.municipality_id == zgierz.id, IndicatorSummary.year == _quarter_of(7)[0],
            IndicatorSummary.quarter == _quarter_of(7)[1]))}
    assert rows["kontrakty-uplyw-okresu"] == 2 and rows["kontrakty-rozwiazane"] == 1
    assert rows["cele-osiagniete"] == 2 and rows["cele-czesciowo"] == 2 and rows["cele-nieosiagniete"] == 2
    assert rows["skierowania"] == 4 and rows["skierowania-przyjete"] == 2 and rows["skierowania-w-terminie"] == 3


def test_the_cli_refreshes_the_summary(app, region):
    result = app.test_cli_runner().invoke(args=["refresh-indicators"])
    assert result.exit_code == 0 and "Indicator summary:" in result.output


def test_the_page_reads_the_summary_only(app, observer):
    """A record added after the refresh is not counted until the next one."""
    def tables():
        page = observer.get("/statistics/?since=" + window()[0].code).get_data(as_text=True)
        return [_table(page, f"spotkania-{kind}") for kind in ("model", "powiat")]
    before = tables()
    with app.app_context():
        add_meetings(add_municipality("102005"), [2] * 20)  # Ozorków: urban, powiat zgierski, as Zgierz
    assert tables() == before


def _table(page, table_id):
    body = page.split(f'id="{table_id}"', 1)[1].split("</table>", 1)[0]
    rows = re.findall(r"<tr><th scope=\"row\">([^<]*)</th>(.*?)</tr>", body, re.S)
    return [[label] + CELL.findall(cells) for label, cells in rows]


def test_the_refresh_suppresses_each_release_once_and_the_page_reads_that_pattern(app, observer, monkeypatch):
    """The web worker does no suppression of its own (numpy stays out of it) while its release is
    the one the refresh saw, and shows exactly what suppressing it there would hide."""
    address = "/statistics/?since=" + window()[0].code
    computed_here = observer.get(address).get_data(as_text=True)
    with app.app_context():
        refresh()  # a new refresh: the page's caches are left behind with the old time
        assert db.session.scalar(db.select(db.func.count()).select_from(SuppressedRelease)) > 0

    def not_here(release):
        raise AssertionError("suppressed in the web worker")
    monkeypatch.setattr(service, "suppress_release", not_here)
    read = observer.get(address).get_data(as_text=True)
    for indicator in ("spotkania", "zadania-w-terminie"):
        for kind in ("model", "powiat"):
            assert _table(read, f"{indicator}-{kind}") == _table(computed_here, f"{indicator}-{kind}")
    assert "*" in "".join(CELL.findall(read))  # something is hidden: the pattern was applied


def test_the_whole_country_breaks_down_by_voivodeship(app, region):
    admin, _user = client_as(app, "superadmin")
    page = admin.get("/statistics/?since=" + window()[0].code).get_data(as_text=True)
    assert "Województwo" in page and "według województwa" in page
    rows = [row[0] for row in _table(page, "spotkania-powiat")]
    assert rows == ["dolnośląskie", "łódzkie", "Kraj razem"]
    assert admin.get("/statistics/?powiat=łódzkie").status_code == 200
    refused = admin.get("/statistics/?powiat=zgierski")
    assert refused.status_code == 400 and "Wybierz województwo z listy." in refused.get_data(as_text=True)


def test_small_counts_never_show_and_every_view_is_cut_from_the_same_release(observer):
    full = observer.get("/statistics/?since=" + window()[0].code).get_data(as_text=True)
    for value in re.findall(r"<td>(\d+)</td>", full.split('id="spotkania"', 1)[1]):
        assert not 0 < int(value) < THRESHOLD
    by_powiat = _table(full, "spotkania-powiat")
    filtered = observer.get(f"/statistics/?powiat=zgierski&since={window()[0].code}").get_data(as_text=True)
    assert _table(filtered, "spotkania-powiat") == [row for row in by_powiat if row[0] in ("zgierski", "Województwo razem")]
    assert _table(filtered, "spotkania-model") == _table(full, "spotkania-model")
    assert "Wrocław" not in full and "wrocławski" not in full


def test_the_total_over_quarters_shows_only_with_the_full_range(observer):
    quarters = window()
    last_two = observer.get(f"/statistics/?since={quarters[-2].code}&until={quarters[-1].code}").get_data(as_text=True)
    header = last_two.split('id="spotkania-model"', 1)[1].split("</thead>", 1)[0]
    assert "Razem" not in header and header.count('scope="col"') == 3
    full = observer.get(f"/statistics/?since={quarters[0].code}").get_data(as_text=True)
    assert "Razem" in full.split('id="spotkania-model"', 1)[1].split("</thead>", 1)[0]


def test_the_chart_shows_the_numbers_of_its_table(observer):
    page = observer.get("/statistics/?powiat=zgierski").get_data(as_text=True)
    for key in ("spotkania", "zadania-w-terminie"):
        section = page.split(f'id="{key}"', 1)[1].split("</section>", 1)[0]
        chart = section.split("<svg", 1)[1].split("</svg>", 1)[0]
        values = re.findall(r'data-value="([^"]*)"', chart)
        labels = re.findall(r'<text class="chart-value"[^>]*>([^<]*)</text>', chart)
        table = _table(section, f"{key}-chart-table")
        assert [row[1] for row in table] == labels == [value or "*" for value in values]
        powiat = [row for row in _table(section, f"{key}-powiat") if row[0] == "zgierski"][0]
        assert powiat[1:] == [row[1] for row in table]


def test_the_kept_tables_follow_a_refresh_and_the_language(app, region, observer):
    """The page's tables are rendered once and kept between views: until the next refresh of
    the summary, and for each language on its own."""
    address = "/statistics/?since=" + window()[0].code
    before = observer.get(address).get_data(as_text=True)
    assert _table(observer.get(address).get_data(as_text=True), "spotkania-model") == _table(before, "spotkania-model")
    with app.app_context():
        add_meetings(region["102003"], [1] * 10)
        refresh()
    after = observer.get(address).get_data(as_text=True)
    assert _table(after, "spotkania-model") != _table(before, "spotkania-model")
    observer.post("/language", data={"lang": "en"})
    english = observer.get(address).get_data(as_text=True)
    assert "Chart data:" in english and "Municipalities by model" in english and ">Show<" in english
    assert "Dane wykresu:" not in english and "Gminy według modelu" not in english


@pytest.mark.parametrize("query, message", [
    ("powiat=nieistniejacy", "Wybierz powiat z listy."),
    ("model=martian", "Wybierz model współpracy z listy."),
    ("since=1999-1", "Wybierz kwartał z listy"),
    ("until=2026-9", "Wybierz kwartał z listy"),
])
def test_a_bad_filter_gets_a_polish_message_not_an_error(observer, query, message):
    response = observer.get(f"/statistics/?{query}")
    body = response.get_data(as_text=True)
    assert response.status_code == 400 and message in body
    assert "Zestawienie przeliczone:" in body and "Wyczyść filtry" in body  # the summary is there; a way back
    assert observer.get(f"/statistics/regional.xlsx?{query}").status_code == 400


def test_a_reversed_range_is_refused(observer):
    quarters = window()
    response = observer.get(f"/statistics/?since={quarters[-1].code}&until={quarters[0].code}")
    assert "Kwartał końcowy nie może być wcześniejszy niż początkowy." in response.get_data(as_text=True)


def _page_rows(page):
    """The page's breakdown tables as the export writes them: (indicator, breakdown, row, cells…)."""
    rows = []
    for section in page.split('<section class="indicator"')[1:]:
        title = re.search(r"<h2 [^>]*>([^<]+)</h2>", section).group(1)
        for kind, label in (("model", "według modelu"), ("powiat", "według powiatu")):
            body = section.split(f'data-breakdown="{kind}"', 1)[1].split("<tfoot>", 1)[0]
            rows += [[title, label] + row for row in _table(f'id="x"{body}', "x")]
        total = section.split('data-breakdown="model"', 1)[1].split("<tfoot>", 1)[1].split("</tfoot>", 1)[0]
        rows += [[title, "województwo"] + row for row in _table(f'id="x"{total}', "x")]
    return rows


def test_the_xlsx_and_csv_hold_what_the_page_shows_and_are_audited(app, observer):
    query = "powiat=zgierski&since=" + window()[-3].code
    page = observer.get(f"/statistics/?{query}").get_data(as_text=True)
    expected = _page_rows(page)
    workbook = openpyxl.load_workbook(io.BytesIO(observer.get(f"/statistics/regional.xlsx?{query}").data))
    sheet = [[("" if v is None else str(v)) for v in row] for row in workbook.active.iter_rows(values_only=True)]
    assert sheet[0][:3] == ["Wskaźnik", "Podział", "Wiersz"] and sheet[1:] == expected
    csv = observer.get(f"/statistics/regional.csv?{query}").data.decode("utf-8-sig").splitlines()
    assert [line.split(";") for line in csv[1:]] == expected
    with app.app_context():
        details = db.session.scalars(db.select(AuditEvent.detail).where(
            AuditEvent.action == "statistics_exported")).all()
    assert len(details) == 2 and all("powiat=zgierski" in detail for detail in details)


@pytest.mark.parametrize("role", ["social_worker", "coordinator", "municipality_admin", "centre_head"])
def test_municipal_staff_cannot_download_regional_statistics(app, region, role):
    add_user("someone", role, region["102003"])
    client = app.test_client()
    login(client, "someone")
    assert client.get("/statistics/regional.xlsx").status_code == 403


@settings(max_examples=int(os.environ.get("KOOPERACJE_FUZZ_EXAMPLES", 60)), deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(st.lists(st.tuples(st.sampled_from(["powiat", "model", "since", "until", "x"]),
                          st.one_of(st.sampled_from(HOSTILE), st.binary(max_size=60))), max_size=6),
       st.sampled_from(["/statistics/", "/statistics/regional.csv", "/statistics/regional.xlsx"]))
def test_any_filter_gets_a_page_or_a_message_never_a_500(observer, pairs, path):
    query = "&".join(f"{name}={quote_from_bytes(value)}" for name, value in pairs)
    assert observer.get(f"{path}?{query}").status_code in (200, 400)


def test_the_nightly_job_recounts_the_summary(app, region):
    with app.app_context():
        add_meetings(add_municipality("102005"), [2] * 7)
        written = app.extensions["kooperacje.jobs"].refresh_indicator_summary.call_local()
        ozorkow = db.session.scalar(db.select(db.func.sum(IndicatorSummary.value)).join(
            Municipality, Municipality.id == IndicatorSummary.municipality_id).where(
            Municipality.teryt6 == "102005", IndicatorSummary.indicator == "spotkania"))
    assert written > 0 and ozorkow == 7
