"""Issue 17 in a real browser, on the demo data: the administrator of MOPS w Zgierzu downloads the
MRPiPS-03 numbers for the year of the demo's contract and finds in the workbook what the page
shows and what the demo holds (counted by hand below); the head of the centre exports the caseload."""
import csv
import io
from datetime import timedelta
from pathlib import Path

import pytest
from browser_support import click_and_check, login_as
from builders import PASSWORD, _latest
from openpyxl import load_workbook
from sqlalchemy import select, update

from kooperacje.auth.models import User
from kooperacje.clock import local_today
from kooperacje.extensions import db

pytest_plugins = ["browser_support"]
pytestmark = pytest.mark.browser


@pytest.fixture
def demo(live_server):
    from kooperacje.demo import create_demo_data

    with _latest.app.app_context():
        create_demo_data()
        db.session.execute(update(User).values(must_change_password=False))
        for user in db.session.scalars(select(User)):
            user.set_password(PASSWORD)
        db.session.commit()


def test_the_administrator_downloads_the_mrpips_numbers(page, live_server, demo, tmp_path):
    # By hand, from kooperacje/demo.py: Zgierz's demo contract is of type B, concluded 40 days ago,
    # with Monika Przykładowa its only party (type B covers the person alone): in its year,
    # 1 contract (A 0, B 1), 1 family, 1 person.
    year = (local_today() - timedelta(days=40)).year
    login_as(page, "admin.zgierz")
    click_and_check(page, page.get_by_role("link", name="Sprawozdania"))
    click_and_check(page, page.get_by_role("link", name="MRPiPS-03 – kontrakty socjalne"))
    page.get_by_label("Rok").fill(str(year))
    page.get_by_label("Okres sprawozdawczy").select_option("year")
    click_and_check(page, page.get_by_role("button", name="Pokaż"))
    row = page.get_by_role("row", name="Osoby objęte kontraktami socjalnymi")
    assert row.locator("td").all_inner_texts() == ["3.", "1", "0", "1"]
    with page.expect_download() as download:
        page.get_by_role("link", name="Pobierz w układzie sprawozdania (XLSX)").click()
    assert download.value.suggested_filename == f"mrpips-03-{year}-rok.xlsx"
    saved = tmp_path / "mrpips.xlsx"
    download.value.save_as(saved)
    sheet = load_workbook(saved).active
    rows = {row[1]: row[2:5] for row in sheet.iter_rows(values_only=True) if row[1]}
    assert rows["Kontrakty socjalne zawarte w okresie"] == (1, 0, 1)
    assert rows["Osoby i rodziny, z którymi zawarto kontrakt socjalny"] == (1, 0, 1)
    assert rows["Osoby objęte kontraktami socjalnymi (strona kontraktu i członkowie rodziny nim objęci)"] == (1, 0, 1)


def test_the_head_of_the_centre_exports_the_caseload(page, live_server, demo, tmp_path):
    login_as(page, "kierownik.zgierz")
    click_and_check(page, page.get_by_role("link", name="Sprawy ośrodka"))
    worker = page.locator("table tbody tr").first.locator("td").first.inner_text()
    with page.expect_download() as download:
        page.get_by_role("link", name="CSV").click()
    saved = Path(tmp_path / "caseload.csv")
    download.value.save_as(saved)
    rows = list(csv.reader(io.StringIO(saved.read_text(encoding="utf-8-sig")), delimiter=";"))
    assert rows[0] == ["Pracownik socjalny", "Konto aktywne", "Sprawy otwarte", "Sprawy zamknięte"]
    assert [worker, "tak", "1", "0"] in rows  # the demo's one family, open, with Zgierz's worker
