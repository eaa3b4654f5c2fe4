"""The inactivity warning: it appears before the session ends and extends it without a reload,
so text typed into a long form is not lost (WCAG 2.2.1)."""
import pytest
from browser_support import check_accessibility, click_and_check, login_as, visit
from builders import add_municipality, add_user
from playwright.sync_api import expect

pytest_plugins = ["browser_support"]
pytestmark = pytest.mark.browser


@pytest.fixture
def live_server_config():
    return {"SESSION_IDLE_MINUTES": 0.15}  # 9 seconds: the warning shows after 4.5


def test_extending_the_session_keeps_the_typed_text(page, live_server):
    add_user("koordynator", "coordinator", add_municipality("102003"), must_change_password=False)
    login_as(page, "koordynator")
    visit(page, "/partnership/setup")
    page.get_by_label("Nazwa zespołu").fill("Tekst, którego nie wolno zgubić")
    warning = page.get_by_role("alertdialog", name="Sesja wkrótce wygaśnie")
    expect(warning).to_be_visible(timeout=9000)
    expect(page.get_by_role("button", name="Przedłuż sesję")).to_be_focused()
    check_accessibility(page)
    page.get_by_role("button", name="Przedłuż sesję").click()
    expect(warning).to_be_hidden()
    expect(page.get_by_label("Nazwa zespołu")).to_have_value("Tekst, którego nie wolno zgubić")
    expect(warning).to_be_visible(timeout=9000)  # warns again at the next timeout
    page.get_by_role("button", name="Przedłuż sesję").click()
    page.get_by_label("Upoważnienie prezydenta lub burmistrza dla OPS (numer i data)").fill("Zarządzenie 1/2026")
    click_and_check(page, page.get_by_role("button", name="Zapisz"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Tekst, którego nie wolno zgubić")
