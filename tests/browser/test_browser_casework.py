"""The social worker in a real browser: register a family, diagnose it, agree a contract, sign
it and download it. Every page the test sees passes the accessibility check."""
import io

import pytest
from browser_support import click_and_check, login_as, visit
from builders import _latest, add_municipality, add_user
from docx import Document
from playwright.sync_api import expect

from kooperacje.extensions import db
from kooperacje.partnership.models import Institution, Partnership

pytest_plugins = ["browser_support"]
pytestmark = pytest.mark.browser


def zgierz_with_a_partner():
    municipality = add_municipality("102003")  # Zgierz: urban model
    add_user("pracownik", "social_worker", municipality, full_name="Ewa Zielińska", must_change_password=False)
    with _latest.app.app_context():
        partnership = Partnership(municipality_id=municipality.id, name="PZK Zgierz", model_key="urban")
        db.session.add(partnership)
        db.session.flush()
        db.session.add(Institution(municipality_id=municipality.id, partnership_id=partnership.id,
                                   name="Powiatowy Urząd Pracy w Zgierzu", sector="labour", level="powiat"))
        db.session.commit()


def test_worker_goes_from_registration_to_a_signed_contract(page, live_server):
    zgierz_with_a_partner()
    login_as(page, "pracownik")
    click_and_check(page, page.get_by_role("link", name="Rejestr spraw"))
    click_and_check(page, page.get_by_role("link", name="Zarejestruj sprawę"))
    page.get_by_label("rodzina").check()
    page.get_by_label("Imię").fill("Łucja")
    page.get_by_label("Nazwisko").fill("Żółkiewska")
    page.get_by_label("bezrobocie").check()
    click_and_check(page, page.get_by_role("button", name="Zarejestruj"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Łucja Żółkiewska")

    click_and_check(page, page.get_by_role("button", name="Rozpocznij diagnozę"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Wielosektorowa diagnoza – wersja 1")
    page.get_by_label("Kto mieszka razem, relacje w rodzinie, ważne osoby poza gospodarstwem").fill(
        "Matka z dwojgiem dzieci, babcia pomaga w opiece.")
    click_and_check(page, page.get_by_role("button", name="Zapisz szkic"))
    expect(page.get_by_text("Zapisano szkic diagnozy.")).to_be_visible()
    # Signing without the required answers keeps everything typed and says what is missing.
    click_and_check(page, page.get_by_role("button", name="Zapisz i zatwierdź…"))
    expect(page.locator("#error-summary")).to_be_focused()
    expect(page.get_by_label("Kto mieszka razem, relacje w rodzinie, ważne osoby poza gospodarstwem")).to_have_value(
        "Matka z dwojgiem dzieci, babcia pomaga w opiece.")
    page.get_by_label("Ocena sytuacji i priorytety").fill("Najpilniejsze: praca matki i opieka nad dziećmi.")
    page.get_by_label("Potrzeby i oczekiwania").fill("Chcę wrócić do pracy, dzieci potrzebują świetlicy.")
    page.get_by_label("Przyczyny i źródła trudnej sytuacji").fill("Utrata pracy po zamknięciu zakładu.")
    page.get_by_label("Osoba prowadząca sprawę").fill("Ewa Zielińska")
    page.locator("#sekcja-partners").get_by_label("Powiatowy Urząd Pracy w Zgierzu").first.check()
    click_and_check(page, page.get_by_role("button", name="Zapisz i zatwierdź…"))
    expect(page.get_by_text("nie ma zgody klienta", exact=False)).to_be_visible()  # involved without consent
    click_and_check(page, page.get_by_role("button", name="Zatwierdź diagnozę"))
    expect(page.get_by_text("Zatwierdzono diagnozę (wersja 1).")).to_be_visible()

    click_and_check(page, page.get_by_role("link", name="Łucja Żółkiewska"))
    click_and_check(page, page.get_by_role("button", name="Przygotuj nowy kontrakt"))
    expect(page.get_by_label("Przyczyny trudnej sytuacji życiowej i z czego wynikają")).to_have_value(
        "Utrata pracy po zamknięciu zakładu.")
    expect(page.get_by_label("B – osoba bezrobotna w szczególnej sytuacji na rynku pracy")).to_be_checked()
    page.get_by_label("długotrwale bezrobotna").check()
    page.get_by_label("Powiatowy urząd pracy, który skierował osobę").fill("Powiatowy Urząd Pracy w Zgierzu")
    page.get_by_label("Data skierowania").fill("2026-11-20")
    page.get_by_label("Numer (znak) skierowania").fill("CAZ.5420.12.2026")
    page.get_by_label("Przyczyny pozostawania bez pracy").fill("Likwidacja zakładu.")
    page.get_by_label("Cel główny").fill("Matka podejmuje pracę, dzieci mają opiekę po lekcjach.")
    page.get_by_label("Cel szczegółowy").first.fill("Udział w szkoleniu zawodowym")
    actions = page.locator(".row-item").filter(has=page.get_by_label("Kto"))
    actions.nth(0).get_by_label("Działanie", exact=True).fill("Zgłoszenie się do doradcy zawodowego")
    actions.nth(1).get_by_label("Kto").select_option(label="instytucja partnerska")
    actions.nth(1).get_by_label("Instytucja partnerska").select_option(label="Powiatowy Urząd Pracy w Zgierzu")
    actions.nth(1).get_by_label("Działanie", exact=True).fill("Skierowanie na szkolenie")
    actions.nth(1).get_by_label("Termin").fill("2027-01-15")
    actions.nth(2).get_by_label("Kto").select_option(label="pracownik socjalny lub ośrodek")
    actions.nth(2).get_by_label("Działanie", exact=True).fill("Miejsce w świetlicy dla dzieci")
    page.get_by_label("Kontrakt obowiązuje od").fill("2026-12-01")
    page.get_by_label("Kontrakt obowiązuje do").fill("2027-03-31")
    page.get_by_label("Plan działań ZZK: co wnosi każda instytucja – kto, co, do kiedy").fill(
        "PUP: szkolenie do 15.01; MOPS: świetlica od grudnia.")
    click_and_check(page, page.get_by_role("button", name="Zapisz i przejdź do podpisania…"))
    expect(page.get_by_text("Podpisanie tworzy zobowiązania", exact=False)).to_be_visible()
    click_and_check(page, page.get_by_role("button", name="Potwierdzam: kontrakt został podpisany przez strony"))
    expect(page.get_by_text("Kontrakt został podpisany.", exact=False)).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_contain_text("podpisany")

    with page.expect_download() as download:
        page.get_by_role("link", name="Pobierz DOCX").click()
    assert download.value.suggested_filename.startswith("kontrakt-")
    document = Document(io.BytesIO(download.value.path().read_bytes()))
    text = "\n".join(p.text for p in document.paragraphs)
    cells = "\n".join(c.text for t in document.tables for row in t.rows for c in row.cells)
    assert "Matka podejmuje pracę" in text + cells and "Żółkiewska" in text + cells
    assert "Skierowanie na szkolenie" in cells and "Powiatowy Urząd Pracy w Zgierzu" in text + cells
    assert "CAZ.5420.12.2026" in cells and "Likwidacja zakładu." in text  # variant B: the referral, the causes

    click_and_check(page, page.get_by_role("link", name="Łucja Żółkiewska"))
    click_and_check(page, page.get_by_role("link", name="Informacja o przetwarzaniu danych (art. 15 RODO)"))
    expect(page.get_by_role("cell", name="zawarcie kontraktu socjalnego")).to_be_visible()

    visit(page, "/clients/desk")
    expect(page.get_by_role("heading", level=1)).to_have_text("Moje sprawy")


def test_worker_records_a_consent_prints_its_form_and_withdraws_it(page, live_server):
    zgierz_with_a_partner()
    login_as(page, "pracownik")
    visit(page, "/clients/new")
    page.get_by_label("osoba", exact=True).check()
    page.get_by_label("Imię").fill("Łucja")
    page.get_by_label("Nazwisko").fill("Żółkiewska")
    click_and_check(page, page.get_by_role("button", name="Zarejestruj"))
    expect(page.get_by_text("Brak zgód w mocy.", exact=False)).to_be_visible()
    click_and_check(page, page.get_by_role("link", name="Zapisz nową zgodę"))
    page.get_by_label("dane potrzebne do skierowania").check()
    click_and_check(page, page.get_by_role("button", name="Zapisz zgodę"))
    expect(page.get_by_text("Zapisano zgodę w rejestrze.")).to_be_visible()
    expect(page.get_by_role("cell", name="w mocy", exact=True)).to_be_visible()

    with page.expect_download() as download:
        page.get_by_role("link", name="Formularz zgody (DOCX)").click()
    assert download.value.suggested_filename.startswith("zgoda-")
    text = "\n".join(p.text for p in Document(io.BytesIO(download.value.path().read_bytes())).paragraphs)
    assert "Powiatowy Urząd Pracy w Zgierzu" in text and "PUODO" in text

    click_and_check(page, page.get_by_role("link", name="Wycofaj zgodę"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Wycofać zgodę?")
    click_and_check(page, page.get_by_role("button", name="Wycofaj zgodę"))
    expect(page.get_by_text("Zapisano wycofanie zgody.", exact=False)).to_be_visible()
    expect(page.get_by_text("wycofana", exact=False).first).to_be_visible()
    expect(page.get_by_role("link", name="Wycofaj zgodę")).to_have_count(0)
