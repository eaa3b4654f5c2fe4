"""The documents a centre signs, in a real browser (issue 15): the coordinator prints the PZK's
agreement and a declaration of accession, filled with the partnership's data, and attaches the
signed scan (a file of the wrong type refused with a message); the worker prints a signed
diagnosis in the layout of part I of the family community interview; the coordinator keeps the
action plan and sees its progress on the overview. Every page passes the accessibility check."""
import io

import pytest
from browser_support import click_and_check, login_as, visit
from builders import SCAN_PDF, _latest, add_municipality, add_user
from docx import Document
from playwright.sync_api import expect
from sqlalchemy import select

from kooperacje.auth.models import User
from kooperacje.clients.models import Client
from kooperacje.clock import local_today
from kooperacje.demo import create_demo_case, create_demo_partnership
from kooperacje.diagnoses.models import Diagnosis
from kooperacje.extensions import db

pytest_plugins = ["browser_support"]
pytestmark = pytest.mark.browser


def demo_pzk(teryt6, seat=None, **model_data):
    """A municipality with its coordinator, worker and the demo PZK and family: {name: value}."""
    municipality = add_municipality(teryt6)
    coordinator = add_user("koordynator", "coordinator", municipality, full_name="Piotr Wiśniewski",
                           must_change_password=False)
    worker = add_user("pracownik", "social_worker", municipality, full_name="Ewa Zielińska",
                      must_change_password=False)
    with _latest.app.app_context():
        municipality = db.session.merge(municipality)
        partnership = create_demo_partnership(municipality, db.session.get(User, coordinator.id), local_today(),
                                              seat)
        partnership.model_data = model_data
        create_demo_case(municipality, db.session.get(User, worker.id), partnership, local_today())
        db.session.commit()
        client = db.session.scalar(select(Client).where(Client.municipality_id == municipality.id))
        diagnosis = db.session.scalar(select(Diagnosis).where(Diagnosis.client_id == client.id))
        return {"body": partnership.name, "municipality": municipality.display_name, "diagnosis_id": diagnosis.id,
                "applicant": client.applicant.last_name}


def download(page, link):
    with page.expect_download() as event:
        link.click()
    return Document(io.BytesIO(event.value.path().read_bytes()))


def text_of(document):
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


def test_the_coordinator_prints_the_agreement_and_attaches_its_signed_scan(page, live_server, tmp_path):
    pzk = demo_pzk("101102", powiat_name="poddębicki")  # a rural gmina: the gmina–powiat agreement
    login_as(page, "koordynator")
    click_and_check(page, page.get_by_role("link", name="Zespół PZK"))
    visit(page, "/partnership/acts/")
    agreement = download(page, page.get_by_role("link", name="Pobierz DOCX Porozumienie o współpracy gminy i powiatu"))
    text = text_of(agreement)
    assert "POROZUMIENIE O WSPÓŁPRACY GMINY I POWIATU" in text.upper()
    assert pzk["body"] in text and "poddębicki" in text and "Powiatowy Urząd Pracy" in text
    assert "Komenda Powiatowa Policji" in text  # a party of the agreement, with its signature line

    scan_input = page.locator("#akt-agreement-skan")
    wrong = tmp_path / "porozumienie.pdf"
    wrong.write_text("<html><body>to nie jest skan</body></html>")
    scan_input.set_input_files(str(wrong))
    click_and_check(page, page.locator("#akt-agreement").get_by_role("button", name="Wyślij skan"))
    expect(page.get_by_text("Wybierz plik PDF, PNG albo JPEG.")).to_be_visible()
    signed = tmp_path / "porozumienie-podpisane.pdf"
    signed.write_bytes(SCAN_PDF)
    page.locator("#akt-agreement-skan").set_input_files(str(signed))
    click_and_check(page, page.locator("#akt-agreement").get_by_role("button", name="Wyślij skan"))
    expect(page.get_by_text("Dołączono skan dokumentu.")).to_be_visible()
    expect(page.locator("#akt-agreement").get_by_role("link", name="porozumienie-podpisane.pdf", exact=True)).to_be_visible()


def test_the_coordinator_prints_a_declaration_of_accession_for_a_member(page, live_server, tmp_path):
    pzk = demo_pzk("102003", "w Zgierzu", mayor_authorisation="Zarządzenie 12/2025")  # Zgierz, the urban model
    login_as(page, "koordynator")
    visit(page, "/partnership/acts/")
    office = next(name for name in page.locator("li.act").all_inner_texts() if "Powiatowy Urząd Pracy" in name)
    assert "Deklaracja przystąpienia" in office
    declaration = download(page, page.get_by_role(
        "link", name="Pobierz DOCX Deklaracja przystąpienia do Partnerskiego Zespołu Kooperacyjnego "
                     "Powiatowy Urząd Pracy w Zgierzu"))
    text = text_of(declaration)
    assert "DEKLARACJA PRZYSTĄPIENIA" in text.upper() and "Powiatowy Urząd Pracy w Zgierzu" in text
    assert pzk["body"] in text
    row = page.locator("li.act").filter(has_text="Powiatowy Urząd Pracy w Zgierzu").first
    signed = tmp_path / "deklaracja.pdf"
    signed.write_bytes(SCAN_PDF)
    row.locator("input[type=file]").set_input_files(str(signed))
    click_and_check(page, row.get_by_role("button", name="Wyślij skan"))
    expect(page.get_by_text("Dołączono skan dokumentu.")).to_be_visible()
    expect(page.get_by_role("link", name="deklaracja.pdf", exact=True)).to_be_visible()


def test_the_worker_prints_a_signed_diagnosis_in_the_layout_of_the_interview(page, live_server):
    pzk = demo_pzk("102004")  # Aleksandrów Łódzki, urban-rural: the diagnosis refers to the card
    login_as(page, "pracownik")
    visit(page, f"/clients/diagnoses/{pzk['diagnosis_id']}")
    expect(page.get_by_role("heading", name="Karta kosztów zaniechania")).to_be_visible()
    expect(page.get_by_text("Szacunkowy koszt zaniechania: 31\xa0200,00 zł")).to_be_visible()  # 12 × 2 450 + 1 800
    document = download(page, page.get_by_role("link", name="Pobierz diagnozę (DOCX)"))
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    part_one = ["A. Dane osoby i członków gospodarstwa domowego", "Sytuacja osoby lub rodziny",
                "H. Potrzeby i oczekiwania zgłaszane przez osobę lub rodzinę",
                "I. Diagnoza sytuacji osoby lub rodziny, w tym wnioski pracownika socjalnego", "J. Plan pomocy"]
    assert [h for h in headings if h in part_one] == part_one
    model_part = next(i for i, h in enumerate(headings) if h.startswith("Część właściwa dla modelu"))
    assert headings.index("J. Plan pomocy") < model_part < headings.index("Podpisy")
    text = text_of(document)
    assert "wersja 1, zatwierdzona" in text and pzk["applicant"] in text
    assert "Praca na część etatu, opieka świetlicowa dla syna po lekcjach." in text  # segment H
    assert "Szacunkowy koszt zaniechania: 31\xa0200,00 zł" in text


def test_the_coordinator_keeps_the_action_plan_and_sees_its_progress(page, live_server):
    demo_pzk("102003", mayor_authorisation="Zarządzenie 12/2025")
    login_as(page, "koordynator")
    visit(page, "/partnership/")
    expect(page.get_by_text("Wykonane działania: 0 z 2 (bez zaniechanych).")).to_be_visible()
    click_and_check(page, page.get_by_role("navigation", name="Zespół PZK").get_by_role("link", name="Plan działania"))
    click_and_check(page, page.get_by_role("link", name="Dodaj cel"))
    expect(page.get_by_label("Numer celu")).to_have_value("2")
    page.get_by_label("Cel", exact=True).fill("Młodzież z rodzin objętych wsparciem kończy szkołę")
    page.get_by_label("Wskaźnik osiągnięcia").fill("15 uczniów z promocją do następnej klasy")
    click_and_check(page, page.get_by_role("button", name="Zapisz"))
    expect(page.get_by_text("Zapisano cel 2.")).to_be_visible()
    click_and_check(page, page.get_by_role("link", name="Dodaj działanie (cel 2)"))
    page.get_by_label("Działanie", exact=True).fill("Korepetycje w świetlicy stowarzyszenia")
    page.get_by_label("Instytucja odpowiedzialna").select_option(label="Stowarzyszenie na rzecz rodzin")
    page.get_by_label("Stan").select_option(label="w toku")
    click_and_check(page, page.get_by_role("button", name="Zapisz"))
    expect(page.get_by_text("Zapisano działanie: Korepetycje w świetlicy stowarzyszenia.")).to_be_visible()
    row = page.locator("tr", has_text="Korepetycje w świetlicy stowarzyszenia")
    expect(row).to_contain_text("Stowarzyszenie na rzecz rodzin")
    expect(row).to_contain_text("w toku")
    click_and_check(page, row.get_by_role("link", name="Edytuj Korepetycje w świetlicy stowarzyszenia"))
    page.get_by_label("Stan").select_option(label="wykonane")
    click_and_check(page, page.get_by_role("button", name="Zapisz"))
    expect(page.locator("tr", has_text="Korepetycje w świetlicy stowarzyszenia")).to_contain_text("wykonane")
    click_and_check(page, page.get_by_role("navigation", name="Zespół PZK").get_by_role("link", name="Przegląd"))
    expect(page.get_by_text("Wykonane działania: 1 z 3 (bez zaniechanych).")).to_be_visible()
