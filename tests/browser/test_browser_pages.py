"""Every page of the app, visited by the role that uses it, passes the accessibility check."""
import pytest
from browser_support import click_and_check, login_as, visit
from builders import add_municipality, add_user
from playwright.sync_api import expect

pytest_plugins = ["browser_support"]
pytestmark = pytest.mark.browser


@pytest.fixture
def zgierz_with_staff(live_server):
    municipality = add_municipality("102003")
    for username, role in (("admin", "municipality_admin"), ("koordynator", "coordinator"),
                           ("pracownik", "social_worker")):
        add_user(username, role, municipality, full_name=username.title(), must_change_password=False)
    add_user("root", "superadmin", must_change_password=False)
    add_user("obserwator", "regional_observer", voivodeship_code="10", must_change_password=False)
    return municipality


def test_administrator_pages(page, zgierz_with_staff):
    login_as(page, "admin")
    urls = ("/", "/municipality", "/municipality/setup", "/municipality/retention", "/models", "/models/urban", "/users/",
            "/users/new", "/audit/", "/account/password", "/partnership/")
    assert [visit(page, url).status for url in urls] == [200] * len(urls)
    visit(page, "/users/")
    click_and_check(page, page.get_by_role("link", name="Dezaktywuj").first)
    expect(page.get_by_role("heading", level=1)).to_have_text("Dezaktywować konto?")


def test_superadmin_and_observer_pages(page, zgierz_with_staff):
    login_as(page, "root")
    urls = ("/", "/admin/municipalities", "/admin/municipalities/new", "/users/", "/users/new",
            "/audit/", "/statistics/")
    assert [visit(page, url).status for url in urls] == [200] * len(urls)
    visit(page, "/admin/municipalities/new")
    page.get_by_label("Nazwa instalacji (ośrodka)").fill("GOPS w Kluczach")
    page.get_by_label("Imię i nazwisko administratora gminy").fill("Jan Nowak")
    page.get_by_label("Login administratora gminy").fill("admin.klucze")
    click_and_check(page, page.get_by_role("button", name="Utwórz gminę i konto administratora"))
    expect(page.get_by_text("To hasło widać tylko teraz")).to_be_visible()
    visit(page, "/")
    page.get_by_role("button", name="Wyloguj").click()
    login_as(page, "obserwator")
    visit(page, "/statistics/")
    expect(page.get_by_role("cell", name="Model dla gmin miejskich powyżej 20 000 mieszkańców")).to_have_count(0)
    expect(page.get_by_role("rowheader", name="Model dla gmin miejskich powyżej 20 000 mieszkańców").first).to_be_visible()
    expect(page.get_by_role("table", name="Spotkania zespołów PZK – według modelu")).to_be_visible()


def test_social_worker_registers_a_family_and_finds_it_again(page, zgierz_with_staff):
    login_as(page, "pracownik")
    visit(page, "/clients/")
    click_and_check(page, page.get_by_role("link", name="Zarejestruj sprawę"))
    page.get_by_label("rodzina").check()
    page.get_by_label("Imię").fill("Jan")
    page.get_by_label("Nazwisko").fill("Kowalski")
    page.get_by_label("PESEL").fill("44051401358")  # wrong check digit
    page.get_by_label("ubóstwo").check()
    click_and_check(page, page.get_by_role("button", name="Zarejestruj"))
    expect(page.locator("#error-summary")).to_be_focused()
    expect(page.get_by_label("PESEL")).to_have_attribute("aria-invalid", "true")
    expect(page.get_by_label("Nazwisko")).to_have_value("Kowalski")
    page.get_by_label("PESEL").fill("44051401359")
    click_and_check(page, page.get_by_role("button", name="Zarejestruj"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Jan Kowalski")
    expect(page.get_by_role("cell", name="14.05.1944")).to_be_visible()
    visit(page, "/clients/")
    expect(page.get_by_role("cell", name="•••••••1359")).to_be_visible()
    page.get_by_label("Imię i nazwisko, ich początek lub PESEL").fill("44051401359")
    click_and_check(page, page.get_by_role("button", name="Szukaj"))
    assert "44051401359" not in page.url
    expect(page.get_by_role("link", name="Kowalski Jan")).to_be_visible()
