"""A PCPR worker with one account in two gminas of the powiat zgierski, in a real browser: they
sign in to Zgierz and see its cases, switch to Aleksandrów Łódzki in the header with the keyboard
(on a phone's width), land on Aleksandrów's start page and see its cases, and none of Zgierz's."""
import pytest
from browser_support import check_accessibility, click_and_check, login_as
from builders import add_contract_row, add_membership, add_municipality, add_user
from playwright.sync_api import expect

pytest_plugins = ["browser_support"]
pytestmark = pytest.mark.browser


def test_a_powiat_worker_switches_from_zgierz_to_aleksandrow_and_sees_only_its_cases(browser, live_server):
    app = live_server.app
    zgierz, aleksandrow = add_municipality("102003"), add_municipality("102004")
    for municipality, surname in ((zgierz, "Zgierska"), (aleksandrow, "Aleksandrowska")):
        worker = add_user(f"worker.{surname.lower()}", "social_worker", municipality, must_change_password=False)
        add_contract_row(app, municipality, worker, last_name=surname)
    pcpr = add_user("pcpr.zgierski", "social_worker", zgierz, full_name="Joanna Wójcik", must_change_password=False)
    add_membership(pcpr, aleksandrow, "social_worker")

    page = browser.new_context(base_url=live_server.url, locale="pl-PL", viewport={"width": 360, "height": 800}).new_page()
    login_as(page, "pcpr.zgierski")
    main = page.locator("main")
    expect(main.get_by_role("heading", name=zgierz.label)).to_be_visible()
    click_and_check(page, page.get_by_role("link", name="Rejestr spraw"))
    expect(main.get_by_role("link", name="Zgierska Anna")).to_be_visible()
    expect(main.get_by_text("Aleksandrowska")).to_have_count(0)

    switch = page.get_by_label("Gmina", exact=True)
    expect(switch.locator("option")).to_have_count(2)
    # the header's switch fits a phone: the page itself never scrolls sideways
    assert page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")
    switch.focus()
    switch.select_option(label=f"{aleksandrow.label} — Pracownik socjalny")
    with page.expect_navigation():
        page.keyboard.press("Tab")  # to the switch's own button, and submit it with the keyboard
        page.keyboard.press("Enter")
    check_accessibility(page)
    expect(page.get_by_text(f"Pracujesz teraz w gminie {aleksandrow.label} jako: Pracownik socjalny.")).to_be_visible()
    expect(main.get_by_role("heading", name=aleksandrow.label)).to_be_visible()
    expect(page.get_by_label("Gmina", exact=True).locator("option:checked")).to_contain_text(aleksandrow.label)
    click_and_check(page, page.get_by_role("link", name="Rejestr spraw"))
    expect(main.get_by_role("link", name="Aleksandrowska Anna")).to_be_visible()
    expect(main.get_by_text("Zgierska")).to_have_count(0)
