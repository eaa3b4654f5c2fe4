"""The regional observer's journey on the demo data: filter by powiat and quarters, read a chart
against its table, download the XLSX and find in it what the page shows."""
import io

import openpyxl
import pytest
from browser_support import click_and_check, login_as, visit
from builders import PASSWORD, _latest
from playwright.sync_api import expect
from sqlalchemy import select

from kooperacje.auth.models import User
from kooperacje.extensions import db
from kooperacje.statistics.indicators import window

pytest_plugins = ["browser_support"]
pytestmark = pytest.mark.browser


@pytest.fixture
def demo(live_server):
    from kooperacje.demo import create_demo_data

    with _latest.app.app_context():
        create_demo_data()  # refreshes the summary too
        observer = db.session.scalars(select(User).where(User.username == "obserwator.lodzkie")).one()
        observer.set_password(PASSWORD)
        observer.must_change_password = False
        db.session.commit()


def _rows(table):
    return [[cell.strip() for cell in row.locator("th, td").all_inner_texts()]
            for row in table.locator("tbody tr, tfoot tr").all()]


def test_the_observer_filters_reads_a_chart_and_downloads_the_same_numbers(page, demo):
    quarters = window()
    login_as(page, "obserwator.lodzkie")
    visit(page, "/statistics/")
    expect(page.get_by_role("rowheader", name="Model dla gmin miejskich powyżej 20 000 mieszkańców").first).to_be_visible()
    page.get_by_label("Powiat", exact=True).select_option("zgierski")
    page.get_by_label("Od kwartału", exact=True).select_option(quarters[-3].code)
    page.get_by_label("Do kwartału", exact=True).select_option(quarters[-1].code)
    click_and_check(page, page.get_by_role("button", name="Pokaż"))
    assert "powiat=zgierski" in page.url

    section = page.locator("section#spotkania")
    chart_table = section.get_by_role("table", name="Dane wykresu: zgierski")
    expect(chart_table).to_be_visible()
    table = [row[1] for row in _rows(chart_table)]
    labels = section.locator("svg .chart-value").all_text_contents()
    assert labels == table and len(table) == 3
    by_powiat = _rows(section.get_by_role("table", name="Spotkania zespołów PZK – według powiatu"))
    assert by_powiat[0] == ["zgierski", *table]
    assert not [v for row in by_powiat for v in row[1:] if v.isdigit() and 0 < int(v) < 5]

    with page.expect_download() as download:
        page.get_by_role("link", name="XLSX (Excel, LibreOffice)").click()
    sheet = openpyxl.load_workbook(io.BytesIO(download.value.path().read_bytes())).active
    rows = [["" if v is None else str(v) for v in row] for row in sheet.iter_rows(values_only=True)]
    assert rows[0] == ["Wskaźnik", "Podział", "Wiersz"] + [q.label for q in quarters[-3:]]
    meetings = [row[2:] for row in rows if row[0] == "Spotkania zespołów PZK" and row[1] == "według powiatu"]
    assert meetings == [row for row in by_powiat if row[0] == "zgierski"]
    by_model = _rows(section.get_by_role("table", name="Spotkania zespołów PZK – według modelu"))
    assert [row[2:] for row in rows if row[0] == "Spotkania zespołów PZK" and row[1] != "według powiatu"] == by_model
