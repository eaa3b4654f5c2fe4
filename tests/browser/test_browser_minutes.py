"""The minutes from draft to approval in a real browser (issue 16): the coordinator follows an
unread notification, sends the draft to the members for remarks; a member's representative is told,
reads the draft in their portal and sends a remark; the coordinator reads it and approves; the
protocol prints its number and stays as approved after the membership changes."""
import io
from types import SimpleNamespace

import pytest
from browser_support import click_and_check, login_as, visit
from builders import _latest, add_team, add_user
from docx import Document
from playwright.sync_api import expect
from sqlalchemy import select

from kooperacje.clock import local_today
from kooperacje.extensions import db
from kooperacje.jobs.reminders import produce_reminders
from kooperacje.partnership.models import Institution, Meeting

pytestmark = pytest.mark.browser
pytest_plugins = ["browser_support"]


def _protocol(page):
    with page.expect_download() as download:
        page.get_by_role("link", name="Pobierz protokół").click()
    return [p.text for p in Document(io.BytesIO(download.value.path().read_bytes())).paragraphs]


def test_the_minutes_go_for_remarks_a_member_remarks_and_the_approved_protocol_stays(page, live_server):
    app = _latest.app
    coordinator, _tasks, team_id = add_team(app, "102003", "m")
    with app.app_context():
        member_id = db.session.scalar(select(Institution.id).where(Institution.partnership_id == team_id,
                                                                   Institution.name == "Partner a"))
        meeting_id = db.session.scalar(select(Meeting.id).where(Meeting.partnership_id == team_id))
        db.session.get(Meeting, meeting_id).minutes = "Omówiono oferty partnerów."
        db.session.commit()
        produce_reminders(local_today())  # its tasks are overdue: the coordinator has notifications
    add_user("przedstawiciel.a", "partner", SimpleNamespace(id=coordinator.municipality_id),
             institution_id=member_id, must_change_password=False, full_name="Alicja Partnerska")

    login_as(page, coordinator.username)
    expect(page.locator(".notifications-link .badge")).to_be_visible()
    click_and_check(page, page.get_by_role("link", name="Powiadomienia"))
    click_and_check(page, page.get_by_role("button", name="Zadanie Zespołu PZK po terminie").first)
    expect(page.get_by_role("heading", level=1)).to_contain_text("Zadania")
    visit(page, f"/partnership/meetings/{meeting_id}")
    click_and_check(page, page.get_by_role("button", name="Przekaż projekt członkom zespołu do uwag"))
    expect(page.get_by_text("Projekt protokołu przekazano członkom zespołu do uwag.")).to_be_visible()
    click_and_check(page, page.get_by_role("button", name="Wyloguj"))

    login_as(page, "przedstawiciel.a")
    click_and_check(page, page.get_by_role("link", name="Powiadomienia"))
    click_and_check(page, page.get_by_role("button", name="Projekt protokołu spotkania Zespołu PZK czeka na uwagi"))
    expect(page.locator("main")).to_contain_text("Omówiono oferty partnerów.")
    page.get_by_label("Twoja uwaga do projektu protokołu").fill("Proszę dopisać nabór do programu w marcu.")
    click_and_check(page, page.get_by_role("button", name="Przekaż uwagę"))
    expect(page.get_by_text("Przekazano uwagę koordynatorowi zespołu.")).to_be_visible()
    click_and_check(page, page.get_by_role("button", name="Wyloguj"))

    login_as(page, coordinator.username)
    visit(page, f"/partnership/meetings/{meeting_id}")
    expect(page.locator("#uwagi").locator("..")).to_contain_text("Proszę dopisać nabór do programu w marcu.")
    click_and_check(page, page.get_by_role("link", name="Zatwierdź protokół"))
    click_and_check(page, page.get_by_role("button", name="Zatwierdź protokół"))
    expect(page.get_by_text("Zatwierdzono protokół nr")).to_be_visible()
    approved = _protocol(page)
    assert any("Protokół nr" in line for line in approved), approved
    with app.app_context():
        db.session.add(Institution(municipality_id=coordinator.municipality_id, partnership_id=team_id,
                                   name="Nowy członek zespołu", sector="ngo", level="gmina",
                                   joined_on=local_today()))
        db.session.commit()
    visit(page, f"/partnership/meetings/{meeting_id}")
    again = _protocol(page)
    assert again == approved and not any("Nowy członek zespołu" in line for line in again)
