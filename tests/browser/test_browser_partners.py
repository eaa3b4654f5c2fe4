"""A partner institution in a real browser: the coordinator invites its representative, who sets
a password, records progress on their institution's task and keeps their offer in the basket up
to date; the coordinator reads the progress on the task. Every page passes the accessibility check."""
import pytest
from browser_support import click_and_check, login_as, visit
from builders import _latest, add_team
from playwright.sync_api import expect

pytest_plugins = ["browser_support"]
pytestmark = pytest.mark.browser

NEW_PASSWORD = "Zielony kasztan nad Bzurą 77"


def test_coordinator_invites_a_representative_who_updates_their_task_and_offer(page, live_server):
    coordinator, _tasks, _team = add_team(_latest.app, "102003", "p", title="Przygotować ofertę staży")
    login_as(page, coordinator.username)
    visit(page, "/partnership/institutions")
    click_and_check(page, page.get_by_role("link", name="Partner a"))
    click_and_check(page, page.get_by_role("link", name="Przedstawiciele instytucji w aplikacji"))
    page.get_by_label("Imię i nazwisko przedstawiciela").fill("Anna Nowicka")
    page.get_by_label("Login").fill("anna.nowicka")
    click_and_check(page, page.get_by_role("button", name="Utwórz konto"))
    one_time = page.locator("code.secret").inner_text()
    click_and_check(page, page.get_by_role("button", name="Wyloguj"))

    login_as(page, "anna.nowicka", one_time)
    page.get_by_label("Obecne hasło", exact=True).fill(one_time)
    page.get_by_label("Nowe hasło", exact=True).fill(NEW_PASSWORD)
    page.get_by_label("Powtórz nowe hasło", exact=True).fill(NEW_PASSWORD)
    click_and_check(page, page.locator("main").get_by_role("button", name="Zmień hasło"))
    menu = page.get_by_role("navigation", name="Menu główne")
    expect(menu.get_by_role("link", name="Zespół PZK")).to_have_count(0)
    click_and_check(page, menu.get_by_role("link", name="Moja instytucja"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Partner a")

    click_and_check(page, page.get_by_role("link", name="Przygotować ofertę staży"))
    page.get_by_label("Stan zadania").select_option(label="w toku")
    page.get_by_label("Co zrobiono").fill("Zebrano oferty od trzech pracodawców.")
    click_and_check(page, page.get_by_role("button", name="Zapisz wpis"))
    expect(page.get_by_text("Zapisano postęp zadania.")).to_be_visible()
    expect(page.locator("#postepy")).to_contain_text("Zebrano oferty od trzech pracodawców.")

    click_and_check(page, page.get_by_role("navigation", name="Moja instytucja").get_by_role("link", name="Moja instytucja"))
    click_and_check(page, page.get_by_role("link", name="Dodaj usługę"))
    page.get_by_label("Usługa").fill("Staże zawodowe")
    page.get_by_label("Rodzaj wsparcia").select_option(label="aktywizacja zawodowa")
    page.get_by_label("Liczba miejsc").fill("15")
    page.get_by_label("Koszt dla gminy (zł)").fill("30,5")
    page.get_by_label("Za jednostkę").fill("godzina")
    click_and_check(page, page.get_by_role("button", name="Zapisz"))
    expect(page.get_by_text("Zapisano usługę w lokalnym koszyku.")).to_be_visible()
    expect(page.locator("#uslugi").locator("..")).to_contain_text("aktywizacja zawodowa · 15 miejsc · 30,50 zł / godzina")
    click_and_check(page, page.get_by_role("link", name="Edytuj Staże zawodowe"))
    page.get_by_label("Dla kogo").fill("osoby bezrobotne do 30 roku życia")
    click_and_check(page, page.get_by_role("button", name="Zapisz"))
    expect(page.locator("#uslugi").locator("..")).to_contain_text("osoby bezrobotne do 30 roku życia")
    click_and_check(page, page.get_by_role("button", name="Wyloguj"))

    login_as(page, coordinator.username)
    visit(page, "/partnership/tasks")
    row = page.get_by_role("row").filter(has_text="Partner a")  # its other task is done, not listed
    click_and_check(page, row.get_by_role("link", name="Postępy Przygotować ofertę staży"))
    expect(page.locator("#postepy")).to_contain_text("Zebrano oferty od trzech pracodawców.")
    expect(page.locator("#postepy")).to_contain_text("Anna Nowicka (Partner a)")
