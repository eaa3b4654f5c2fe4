"""The municipality administrator in a real browser: first login, choosing the gmina from the
TERYT register, the recommended model, overriding it with a justification, the history.

Every page the tests see passes the accessibility check (see browser_support.py)."""
import re

import pytest
from browser_support import PASSWORD, check_accessibility, click_and_check, login_as, visit
from builders import add_municipality, add_user
from playwright.sync_api import expect

pytest_plugins = ["browser_support"]  # live_server, browser and page fixtures
pytestmark = pytest.mark.browser

URBAN = "Model dla gmin miejskich powyżej 20 000 mieszkańców"
URBAN_RURAL = "Model dla gmin miejsko-wiejskich"
NEW_PASSWORD = "Zielony rower nad rzeką 42"


@pytest.fixture
def new_admin(live_server):
    """An administrator (not yet signed in) of a municipality that has not chosen its gmina."""
    municipality = add_municipality(display_name="OPS w konfiguracji")
    return add_user("admin.nowa", "municipality_admin", municipality, full_name="Anna Nowak",
                    must_change_password=False)


def search_gmina(page, name, voivodeship):
    page.get_by_label("Nazwa gminy", exact=True).fill(name)
    page.get_by_label("Województwo", exact=True).select_option(label=voivodeship)
    click_and_check(page, page.get_by_role("button", name="Szukaj gminy"))
    return page.get_by_role("table", name=re.compile("Gminy pasujące do wyszukiwania"))


def start_setup(page, username):
    login_as(page, username)
    expect(page.get_by_role("heading", level=1)).to_contain_text("Dzień dobry")
    expect(page.get_by_text("Gmina nie ma jeszcze wybranego modelu współpracy.")).to_be_visible()
    click_and_check(page, page.get_by_role("link", name="Skonfiguruj gminę i wybierz model"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Konfiguracja gminy i wybór modelu")


def step(page, number):
    return page.get_by_role("region", name=re.compile(f"Krok {number}\\."))


def test_admin_picks_zgierz_overrides_the_recommendation_with_a_reason(page, new_admin):
    start_setup(page, "admin.nowa")

    results = search_gmina(page, "Zgierz", "łódzkie")
    rows = results.locator("tbody tr")
    expect(rows).to_have_count(2)  # the town and the rural gmina around it
    expect(rows.filter(has_text="1020031")).to_contain_text("gmina miejska")
    expect(rows.filter(has_text="1020092")).to_contain_text("gmina wiejska")
    for voivodeship in results.locator("tbody tr td:nth-child(4)").all_inner_texts():
        assert voivodeship == "łódzkie"
    # Typed values stay in the search form.
    expect(page.get_by_label("Nazwa gminy", exact=True)).to_have_value("Zgierz")

    click_and_check(page, page.get_by_role("button", name="Wybierz Zgierz (1020031)"))
    expect(page.get_by_text("Wybrano gminę")).to_be_visible()
    expect(step(page, 1)).to_contain_text("kod TERYT 1020031")
    # The population of Zgierz ships with the app.
    expect(page.get_by_label("Liczba mieszkańców", exact=True)).to_have_value("52938")
    expect(page.get_by_label("Stan na rok", exact=True)).to_have_value("2024")
    recommendation = step(page, 3).locator(".recommendation")
    expect(recommendation).to_contain_text(f"Zalecany model: {URBAN}")
    expect(recommendation.get_by_role("listitem").first).to_contain_text("52 938")
    expect(recommendation).to_contain_text("ponad 20 000")
    expect(page.get_by_label(f"{URBAN} (zalecany)")).to_be_checked()

    # Another model without a reason: a field error, summarised and tied to the field.
    page.get_by_label(URBAN_RURAL, exact=True).check()
    response = click_and_check(page, page.get_by_role("button", name="Zatwierdź model"))
    assert response.status == 400
    summary = page.locator("#error-summary")
    expect(summary).to_be_visible()
    expect(summary).to_be_focused()
    expect(summary.get_by_role("heading")).to_have_text("Popraw zaznaczone pola")
    expect(summary.get_by_role("link")).to_have_text(re.compile("^Uzasadnienie wyboru: .*uzasadnij wybór"))
    reason = page.get_by_label("Uzasadnienie wyboru", exact=True)
    expect(reason).to_have_attribute("aria-invalid", "true")
    expect(reason).to_have_attribute("aria-describedby", re.compile(r"\breason-error\b"))
    expect(page.locator("#reason-error")).to_contain_text("co najmniej trzy różne wyrazy")
    expect(page.get_by_label(URBAN_RURAL, exact=True)).to_be_checked()  # the choice is kept
    summary.get_by_role("link").click()  # the summary link leads to the field
    expect(reason).to_be_focused()
    check_accessibility(page)

    justification = "Sąsiednie gminy powiatu pracują już w modelu miejsko-wiejskim."
    reason.fill(justification)
    click_and_check(page, page.get_by_role("button", name="Zatwierdź model"))

    assert page.url.endswith("/municipality")
    expect(page.get_by_text(f"Zapisano wybór modelu: {URBAN_RURAL}.")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Zgierz")
    expect(page.locator(".facts")).to_contain_text("1020031")
    expect(page.locator(".facts")).to_contain_text("52 938 (2024")
    expect(page.locator("main strong", has_text=URBAN_RURAL)).to_be_visible()
    history = page.get_by_role("table", name="Historia decyzji o modelu")
    expect(history.locator("tbody tr")).to_have_count(1)
    row = history.locator("tbody tr").first
    cells = row.get_by_role("cell")
    expect(cells.nth(1)).to_have_text(URBAN)
    expect(cells.nth(2)).to_contain_text(URBAN_RURAL)
    expect(cells.nth(2)).to_contain_text("zmiana zalecenia")
    expect(cells.nth(3)).to_have_text(justification)
    expect(cells.nth(4)).to_have_text("Anna Nowak")

    # The home page now shows the chosen model.
    click_and_check(page, page.get_by_role("navigation", name="Menu główne").get_by_role("link", name="Start"))
    expect(page.locator("main")).to_contain_text(f"Model współpracy: {URBAN_RURAL}")


def test_small_town_outside_lodzkie_asks_for_the_population_first(page, new_admin):
    start_setup(page, "admin.nowa")
    search_gmina(page, "Ustka", "pomorskie")
    click_and_check(page, page.get_by_role("button", name="Wybierz Ustka (2212011)"))

    expect(step(page, 1)).to_contain_text("Ustka")
    expect(page.get_by_label("Liczba mieszkańców", exact=True)).to_have_value("")  # nothing shipped for Ustka
    expect(step(page, 3)).to_contain_text("podaj najpierw liczbę mieszkańców (krok 2)")
    expect(step(page, 3).locator(".recommendation")).to_have_count(0)

    # An impossible year: an error on that field, everything typed is kept.
    source = "GUS Bank Danych Lokalnych, stan na 31 grudnia 2023"
    page.get_by_label("Liczba mieszkańców", exact=True).fill("15100")
    page.get_by_label("Stan na rok", exact=True).fill("1890")
    page.get_by_label("Źródło", exact=True).fill(source)
    response = click_and_check(page, page.get_by_role("button", name="Zapisz liczbę mieszkańców"))
    assert response.status == 400
    summary = page.locator("#error-summary")
    expect(summary).to_be_focused()
    expect(summary.get_by_role("link")).to_have_text("Stan na rok: Podaj rok od 1990 do bieżącego.")
    expect(page.get_by_label("Stan na rok", exact=True)).to_have_attribute("aria-invalid", "true")
    expect(page.get_by_label("Liczba mieszkańców", exact=True)).not_to_have_attribute("aria-invalid", "true")
    expect(page.get_by_label("Liczba mieszkańców", exact=True)).to_have_value("15100")
    expect(page.get_by_label("Stan na rok", exact=True)).to_have_value("1890")
    expect(page.get_by_label("Źródło", exact=True)).to_have_value(source)

    page.get_by_label("Stan na rok", exact=True).fill("2023")
    click_and_check(page, page.get_by_role("button", name="Zapisz liczbę mieszkańców"))
    expect(page.get_by_text("Zapisano liczbę mieszkańców.")).to_be_visible()
    expect(page.locator("#error-summary")).to_have_count(0)
    recommendation = step(page, 3).locator(".recommendation")
    expect(recommendation).to_contain_text(f"Zalecany model: {URBAN_RURAL}")
    expect(recommendation).to_contain_text("15 100 mieszkańców (2023), czyli nie więcej niż 20 000")
    expect(recommendation.locator(".notice")).to_contain_text(
        "Żadnego z modeli nie zaprojektowano dla gmin miejskich do 20 000 mieszkańców")
    expect(step(page, 3)).to_contain_text("Pozostałe modele, które mogą pasować")
    expect(page.get_by_label(f"{URBAN_RURAL} (zalecany)")).to_be_checked()

    # Confirming the recommendation needs no reason.
    click_and_check(page, page.get_by_role("button", name="Zatwierdź model"))
    expect(page.get_by_text(f"Zapisano wybór modelu: {URBAN_RURAL}.")).to_be_visible()
    row = page.get_by_role("table", name="Historia decyzji o modelu").locator("tbody tr")
    expect(row).to_have_count(1)
    expect(row.get_by_role("cell").nth(2)).to_have_text(URBAN_RURAL)  # no "zmiana zalecenia" badge
    expect(row.get_by_role("cell").nth(3)).to_have_text("—")


def test_first_login_with_a_one_time_password_forces_a_new_password(page, live_server):
    municipality = add_municipality("102003")
    add_user("pracownik.zgierz", "social_worker", municipality, full_name="Jan Kowalski",
             must_change_password=True)

    login_as(page, "pracownik.zgierz")
    assert page.url.endswith("/account/password")
    expect(page.get_by_role("heading", level=1)).to_have_text("Zmiana hasła")
    expect(page.get_by_text("Logujesz się hasłem jednorazowym")).to_be_visible()

    # Nothing else opens until the password is changed.
    visit(page, "/book/")
    assert page.url.endswith("/account/password")

    page.get_by_label("Obecne hasło", exact=True).fill(PASSWORD)
    page.get_by_label("Nowe hasło", exact=True).fill(NEW_PASSWORD)
    page.get_by_label("Powtórz nowe hasło", exact=True).fill(NEW_PASSWORD + "x")
    response = click_and_check(page, page.locator("main").get_by_role("button", name="Zmień hasło"))
    assert response.status == 200  # the form is shown again with its error
    expect(page.locator("#error-summary")).to_contain_text("Powtórz nowe hasło: Hasła nie są takie same.")
    expect(page.get_by_label("Powtórz nowe hasło", exact=True)).to_have_attribute("aria-invalid", "true")
    expect(page.get_by_label("Nowe hasło", exact=True)).to_have_value("")  # passwords are never echoed

    page.get_by_label("Obecne hasło", exact=True).fill(PASSWORD)
    page.get_by_label("Nowe hasło", exact=True).fill(NEW_PASSWORD)
    page.get_by_label("Powtórz nowe hasło", exact=True).fill(NEW_PASSWORD)
    click_and_check(page, page.locator("main").get_by_role("button", name="Zmień hasło"))
    expect(page.get_by_text("Hasło zostało zmienione.")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_have_text("Dzień dobry, Jan Kowalski")

    visit(page, "/book/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Księga Rekomendacyjna")

    # Sign out and back in with the new password.
    click_and_check(page, page.get_by_role("button", name="Wyloguj"))
    expect(page.get_by_text("Wylogowano.")).to_be_visible()
    login_as(page, "pracownik.zgierz", NEW_PASSWORD)
    expect(page.get_by_role("heading", level=1)).to_have_text("Dzień dobry, Jan Kowalski")


def test_live_server_checks_csrf_tokens(page, new_admin):
    """The browser journeys above pass real CSRF tokens; a post without one is refused."""
    login_as(page, "admin.nowa")
    response = page.request.post("/municipality/setup/gmina", form={"teryt6": "102003"})
    assert response.status == 400
    visit(page, "/municipality")
    expect(page.get_by_text("Gmina nie została jeszcze wybrana z rejestru TERYT.")).to_be_visible()
