"""The bulk export in a real browser, as the head of the centre and as the administrator: the progress bar follows the job through
the static script, without reloading the page, and the download link appears when it is done."""
import pytest
from browser_support import click_and_check, login_as, visit
from builders import add_contract_row, add_municipality, add_user, run_queued_jobs
from playwright.sync_api import expect

pytest_plugins = ["browser_support"]
pytestmark = pytest.mark.browser


@pytest.fixture
def live_server_config(tmp_path):
    return {"EXPORT_FOLDER": str(tmp_path / "exports")}


@pytest.mark.parametrize("role, links", [
    ("centre_head", ("Sprawy ośrodka", "Eksport kontraktów socjalnych do druku (paczka ZIP)")),
    ("municipality_admin", ("Eksport kontraktów",)),
])
def test_the_progress_bar_follows_the_job_and_the_link_appears(page, live_server, role, links):
    municipality = add_municipality("102003")
    worker = add_user("pracownik", "social_worker", municipality, full_name="Ewa Zielińska",
                      must_change_password=False)
    for name in ("Nowak", "Wójcik"):
        add_contract_row(live_server.app, municipality, worker, last_name=name)
    add_user("kierownik", role, municipality, must_change_password=False)
    login_as(page, "kierownik")
    for name in links:
        click_and_check(page, page.get_by_role("link", name=name, exact=True))
    page.get_by_label("Stan kontraktu").select_option("signed")
    click_and_check(page, page.get_by_role("button", name="Przygotuj paczkę ZIP"))
    expect(page.locator("#export-state")).to_have_text("w kolejce")
    address = page.url
    run_queued_jobs(live_server.app)  # the consumer's work, while the page stays open
    expect(page.locator("#export-state")).to_have_text("gotowa")
    expect(page.locator("#export-text")).to_contain_text("Liczba kontraktów w paczce: 2")
    assert page.url == address  # no reload: the script moved the bar
    assert page.locator("#export-bar").evaluate("bar => [bar.value, bar.max]") == [2, 2]
    expect(page.get_by_role("link", name="Pobierz paczkę ZIP")).to_be_visible()
    with page.expect_download() as download:
        page.get_by_role("link", name="Pobierz paczkę ZIP").click()
    assert download.value.suggested_filename.startswith("kontrakty-")
    visit(page, address)  # the finished page, checked for accessibility as it comes from the server
