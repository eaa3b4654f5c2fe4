"""Partners taking part, in a real browser: a worker records a family's consent and refers it to
the labour office, whose representative accepts and records the outcome; once the consent is
withdrawn the office no longer sees who it is. A school pedagogue signals a family and a worker
qualifies the signal by registering its case. Every page passes the accessibility check."""
import pytest
from browser_support import click_and_check, login_as, visit
from builders import _latest, add_contract_row, add_institution_row, add_municipality, add_user
from sqlalchemy import select

from kooperacje.contracts.models import Contract
from kooperacje.extensions import db
from playwright.sync_api import expect

pytestmark = pytest.mark.browser
pytest_plugins = ["browser_support"]


def _office_and_case():
    app = _latest.app
    municipality = add_municipality("102003")
    worker = add_user("pracownik", "social_worker", municipality, must_change_password=False)
    office = add_institution_row(app, municipality, name="Powiatowy Urząd Pracy w Zgierzu")
    school = add_institution_row(app, municipality, name="Szkoła Podstawowa nr 3", sector="education")
    contract_id = add_contract_row(app, municipality, worker, last_name="Kowalska")
    with app.app_context():
        client_id = db.session.scalar(select(Contract.client_id).where(Contract.id == contract_id)
                                      .execution_options(all_tenants=True))
    add_user("pup.zgierz", "partner", municipality, institution_id=office, must_change_password=False,
             full_name="Anna Doradczyni")
    add_user("pedagog.sp3", "partner", municipality, institution_id=school, must_change_password=False,
             full_name="Ewa Pedagog")
    return client_id


def test_a_referral_with_consent_is_answered_and_the_withdrawal_hides_the_person(page, live_server):
    client_id = _office_and_case()
    login_as(page, "pracownik")
    visit(page, f"/clients/{client_id}")
    click_and_check(page, page.get_by_role("link", name="Zapisz nową zgodę"))
    page.get_by_label("Instytucja partnerska, której można udostępnić dane").select_option(
        label="Powiatowy Urząd Pracy w Zgierzu")
    page.get_by_label("dane potrzebne do skierowania").check()
    click_and_check(page, page.get_by_role("button", name="Zapisz zgodę"))
    expect(page.get_by_text("Zapisano zgodę w rejestrze.")).to_be_visible()

    visit(page, f"/clients/{client_id}")
    click_and_check(page, page.get_by_role("link", name="Skieruj do instytucji"))
    page.get_by_label("Instytucja, do której kierujesz").select_option(label="Powiatowy Urząd Pracy w Zgierzu")
    page.get_by_label("Cel skierowania").fill("Powrót na rynek pracy po długiej przerwie.")
    page.get_by_label("O co prosisz instytucję").fill("Rozmowa z doradcą zawodowym i propozycja stażu.")
    click_and_check(page, page.get_by_role("button", name="Wyślij skierowanie"))
    expect(page.get_by_text("Wysłano skierowanie")).to_be_visible()
    click_and_check(page, page.get_by_role("button", name="Wyloguj"))

    login_as(page, "pup.zgierz")
    click_and_check(page, page.get_by_role("navigation", name="Menu główne").get_by_role("link", name="Moja instytucja"))
    click_and_check(page, page.get_by_role("navigation", name="Moja instytucja").get_by_role("link", name="Skierowania"))
    click_and_check(page, page.get_by_role("link", name="Anna Kowalska"))
    expect(page.locator("main")).to_contain_text("Rozmowa z doradcą zawodowym i propozycja stażu.")
    page.get_by_label("Przyjmuję skierowanie").check()
    click_and_check(page, page.get_by_role("button", name="Zapisz odpowiedź"))
    page.get_by_label("Efekt skierowania").fill("Staż u lokalnego pracodawcy od przyszłego miesiąca.")
    click_and_check(page, page.get_by_role("button", name="Zapisz efekt i zakończ"))
    expect(page.locator("main")).to_contain_text("zakończone")
    referral_url = page.url
    click_and_check(page, page.get_by_role("button", name="Wyloguj"))

    login_as(page, "pracownik")
    visit(page, f"/clients/{client_id}")
    expect(page.locator("main")).to_contain_text("zakończone")
    click_and_check(page, page.get_by_role("link", name="Rejestr zgód (także wycofane)"))
    click_and_check(page, page.get_by_role("link", name="Wycofaj zgodę").first)
    click_and_check(page, page.get_by_role("button", name="Wycofaj zgodę"))
    expect(page.get_by_text("Zapisano wycofanie zgody.")).to_be_visible()
    click_and_check(page, page.get_by_role("button", name="Wyloguj"))

    login_as(page, "pup.zgierz")
    visit(page, referral_url.removeprefix(live_server.url))
    expect(page.locator("main")).not_to_contain_text("Kowalska")
    expect(page.locator("main")).to_contain_text("osoba bez zgody na udostępnienie danych")


def test_a_school_signals_a_family_and_a_worker_registers_its_case(page, live_server):
    _office_and_case()
    login_as(page, "pedagog.sp3")
    click_and_check(page, page.get_by_role("navigation", name="Menu główne").get_by_role("link", name="Moja instytucja"))
    click_and_check(page, page.get_by_role("navigation", name="Moja instytucja").get_by_role("link", name="Moje zgłoszenia"))
    click_and_check(page, page.get_by_role("link", name="Zgłoś rodzinę"))
    page.get_by_label("Imię").fill("Marta")
    page.get_by_label("Nazwisko").fill("Zając")
    page.get_by_label("Miejscowość").fill("Zgierz")
    page.get_by_label("Co zaobserwowano i dlaczego rodzina potrzebuje wsparcia").fill(
        "Dziecko od miesiąca przychodzi do szkoły bez śniadania i opuszcza zajęcia.")
    page.get_by_label("pilna").check()
    page.get_by_role("group", name="Czy rodzina wie o zgłoszeniu i zgodziła się na nie?").get_by_label("tak").check()
    click_and_check(page, page.get_by_role("button", name="Wyślij zgłoszenie"))
    expect(page.locator("main")).to_contain_text("nowe")
    click_and_check(page, page.get_by_role("button", name="Wyloguj"))

    login_as(page, "pracownik")
    click_and_check(page, page.get_by_role("navigation", name="Menu główne").get_by_role("link", name="Zgłoszenia", exact=True))
    click_and_check(page, page.get_by_role("link", name="Zgłoszenie nr").first)
    expect(page.locator("main")).to_contain_text("Marta Zając")
    click_and_check(page, page.get_by_role("button", name="Przyjmij do oceny"))
    click_and_check(page, page.get_by_role("link", name="Zarejestruj nową sprawę ze zgłoszenia"))
    expect(page.get_by_label("Nazwisko")).to_have_value("Zając")
    click_and_check(page, page.get_by_role("button", name="Zarejestruj"))
    expect(page.locator("main")).to_contain_text("Marta Zając")
    click_and_check(page, page.get_by_role("button", name="Wyloguj"))

    login_as(page, "pedagog.sp3")
    visit(page, "/partner/")
    click_and_check(page, page.get_by_role("navigation", name="Moja instytucja").get_by_role("link", name="Moje zgłoszenia"))
    expect(page.locator("main")).to_contain_text("zakwalifikowane")
