"""The PZK coordinator in a real browser: set up the team, add institutions, log a meeting with
attendance and a decision, close the task at the next meeting, download the protocol.

Every page the tests see passes the accessibility check (see browser_support.py)."""
import io

import pytest
from browser_support import check_accessibility, click_and_check, login_as, visit
from builders import add_municipality, add_user
from docx import Document
from playwright.sync_api import expect

pytest_plugins = ["browser_support"]
pytestmark = pytest.mark.browser


def coordinator(teryt6):
    municipality = add_municipality(teryt6)
    return add_user("koordynator", "coordinator", municipality, full_name="Piotr Wiśniewski",
                    must_change_password=False)


def add_institution(page, name, sector):
    visit(page, "/partnership/institutions")
    click_and_check(page, page.get_by_role("link", name="Dodaj instytucję"))
    page.get_by_label("Nazwa instytucji").fill(name)
    page.get_by_label("Sektor").select_option(label=sector)
    page.get_by_label("Data przystąpienia").fill("2025-01-10")
    click_and_check(page, page.get_by_role("button", name="Zapisz"))
    expect(page.get_by_role("heading", level=1)).to_have_text(name)


def test_coordinator_runs_the_partnership_from_set_up_to_a_closed_task(page, live_server):
    coordinator("102003")  # Zgierz: urban model
    login_as(page, "koordynator")
    click_and_check(page, page.get_by_role("link", name="Zespół PZK"))
    click_and_check(page, page.get_by_role("link", name="Załóż zespół według modelu"))
    expect(page.get_by_text("deklaracje przystąpienia do PZK i ramowy regulamin PZK", exact=False).first).to_be_visible()
    expect(page.get_by_label("Planowana częstotliwość spotkań")).to_have_value("15")
    # The model's own field is required: saving without it keeps what was typed.
    page.get_by_label("Data powołania").fill("2025-01-10")
    click_and_check(page, page.get_by_role("button", name="Zapisz"))
    expect(page.locator("#error-summary")).to_be_focused()
    expect(page.get_by_label("Data powołania")).to_have_value("2025-01-10")
    page.get_by_label("Upoważnienie prezydenta lub burmistrza dla OPS (numer i data)").fill("Zarządzenie 12/2025")
    click_and_check(page, page.get_by_role("button", name="Zapisz"))
    expect(page.get_by_text("Zapisano ustawienia zespołu.")).to_be_visible()

    add_institution(page, "MOPS w Zgierzu", "pomoc społeczna")
    add_institution(page, "Powiatowy Urząd Pracy", "urząd pracy")

    visit(page, "/partnership/")
    click_and_check(page, page.get_by_role("link", name="Zapisz nowe spotkanie").first)
    click_and_check(page, page.get_by_role("link", name="spotkanie inicjujące"))
    expect(page.get_by_label("Porządek obrad")).to_contain_text("1. Powitanie i przedstawienie uczestników")
    page.get_by_label("Data", exact=True).fill("2025-02-01")
    page.get_by_label("Miejsce").fill("Urząd Miasta, sala 12")
    click_and_check(page, page.get_by_role("button", name="Zapisz spotkanie"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Spotkanie inicjujące, 01.02.2025")

    page.get_by_role("group", name="Obecność: MOPS w Zgierzu").get_by_label("obecna", exact=True).check()
    page.get_by_label("Przedstawiciel: MOPS w Zgierzu").fill("Anna Nowak")
    click_and_check(page, page.get_by_role("button", name="Zapisz obecność"))
    expect(page.get_by_text("Obecne instytucje: 1 z 2, kworum: 1. Kworum osiągnięte.")).to_be_visible()

    page.get_by_label("Treść ustalenia").fill("Partnerzy przygotują opisy usług.")
    page.get_by_label("Zadanie wynikające z ustalenia").fill("Opis usług PUP")
    page.get_by_label("Instytucja odpowiedzialna").select_option(label="Powiatowy Urząd Pracy")
    page.get_by_label("Termin").fill("2025-02-10")
    click_and_check(page, page.get_by_role("button", name="Dodaj ustalenie"))
    expect(page.get_by_text("Zadanie: Opis usług PUP")).to_be_visible()

    with page.expect_download() as download:
        page.get_by_role("link", name="Pobierz protokół (DOCX)").click()
    protocol = Document(io.BytesIO(download.value.path().read_bytes()))
    assert "1. Partnerzy przygotują opisy usług." in [p.text for p in protocol.paragraphs]

    visit(page, "/partnership/meetings/new")
    expect(page.get_by_label("Porządek obrad")).to_contain_text("Opis usług PUP (Powiatowy Urząd Pracy, termin 10.02.2025)")
    page.get_by_label("Data", exact=True).fill("2025-02-15")
    click_and_check(page, page.get_by_role("button", name="Zapisz spotkanie"))
    tasks = page.get_by_role("region", name="Zadania w toku z poprzednich spotkań")
    expect(tasks.get_by_text("po terminie")).to_be_visible()
    tasks.get_by_label("Stan zadania: Opis usług PUP").select_option(label="wykonane")
    click_and_check(page, tasks.get_by_role("button", name="Zmień"))
    expect(page.get_by_text("Zmieniono stan zadania: Opis usług PUP.")).to_be_visible()

    visit(page, "/partnership/tasks")
    expect(page.get_by_text("Brak zadań w tym widoku.")).to_be_visible()
    visit(page, "/partnership/")
    expect(page.get_by_text("Brak otwartych zadań.")).to_be_visible()
    check_accessibility(page)


def test_rural_model_sets_up_a_gmina_powiat_team(page, live_server):
    coordinator("101102")  # Dalików: rural model
    login_as(page, "koordynator")
    visit(page, "/partnership/setup")
    expect(page.get_by_text("Partnerski Zespół Kooperacji (gminno-powiatowy)").first).to_be_visible()
    expect(page.get_by_label("Powiat – strona porozumienia")).to_be_visible()
    expect(page.get_by_label("Planowana częstotliwość spotkań")).to_have_value("30")
    page.get_by_label("Powiat – strona porozumienia").fill("poddębicki")
    click_and_check(page, page.get_by_role("button", name="Zapisz"))
    visit(page, "/partnership/meetings/new")
    expect(page.get_by_role("link", name="warsztat diagnostyczny z rodziną")).to_be_visible()
    expect(page.get_by_label("Animator powiatowy obecny")).to_be_visible()
    assert "1. Zasady warsztatu i zgoda rodziny na udział partnerów" not in page.content()  # working-meeting template
    click_and_check(page, page.get_by_role("link", name="warsztat diagnostyczny z rodziną"))
    assert "1. Zasady warsztatu i zgoda rodziny na udział partnerów" in page.get_by_label("Porządek obrad").input_value()
