"""Statutory documents are Polish whatever the interface language: a user who chose English
downloads the social contract and the PZK protocol with every text, vocabulary label and date
in Polish, and each names its legal basis."""
import io
import re
from pathlib import Path

import docx
from babel.messages.pofile import read_po
from builders import (_meeting_with_task, add_profile, coordinator_client, family_with_signed_diagnosis, new_contract,
                      part_one, post_part_one, signed_contract, version_of, worker_client)

from kooperacje import documents

CATALOGUE = Path(__file__).parents[2] / "kooperacje/translations/en/LC_MESSAGES/messages.po"
ENGLISH_DATE = re.compile(r"\b\d{1,2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]* \d{4}\b")
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|\{\w+\}|%[sd]")


def english():
    """msgid -> msgstr of every message the English catalogue translates differently."""
    with CATALOGUE.open("rb") as po:
        catalogue = read_po(po)
    return {m.id: m.string for m in catalogue if m.id and isinstance(m.id, str) and m.string and m.string != m.id}


def english_pieces(translations):
    """The literal parts of the English texts long enough to be recognised in a document."""
    return {piece.strip() for text in translations.values() for piece in PLACEHOLDER.split(text)
            if len(piece.strip()) >= 10}


def everything_in(document):
    """Paragraphs, table cells and the footer: all the text a reader of the document sees."""
    parts = [p.text for p in document.paragraphs]
    parts += [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    parts += [p.text for section in document.sections for p in section.footer.paragraphs]
    return "\n".join(parts)


def in_english(client):
    assert client.post("/language", data={"lang": "en"}).status_code == 302


def assert_polish(text, translations):
    leaked = sorted(piece for piece in english_pieces(translations) if piece in text)
    assert leaked == []
    assert not ENGLISH_DATE.search(text)


def test_an_english_user_downloads_the_contract_in_polish(app):
    client, municipality = worker_client(app)
    add_profile(app, municipality)
    view_url, _ = signed_contract(app, client, municipality)
    in_english(client)
    translations = english()
    assert translations["Pobierz DOCX"] in client.get(view_url).get_data(as_text=True)  # the interface is English
    response = client.get(view_url + "/contract.docx")
    text = everything_in(docx.Document(io.BytesIO(response.data)))
    for polish in ("KONTRAKT SOCJALNY", "Część I A – zawarcie kontraktu", "Część II A – ocena realizacji kontraktu",
                   "wariant A – rozwiązanie trudnej sytuacji życiowej osoby lub rodziny",  # a vocabulary label
                   "(pieczęć miejskiego ośrodka pomocy społecznej)", "Zgierz, dnia 01.12.2026", "strona 1 z"):
        assert polish in text
    assert f"Podstawa prawna: {documents.LEGAL_BASES['social_contract']}" in text
    assert "Dz.U. 2010 nr 218 poz. 1439" in text
    assert_polish(text, translations)


def test_an_english_user_downloads_a_variant_b_contract_in_polish(app):
    """Variant B's own parts (the referral, the four descriptions, the groups and their legal
    basis) are Polish too."""
    client, municipality = worker_client(app)
    add_profile(app, municipality)
    edit_url = new_contract(client, family_with_signed_diagnosis(client))
    post_part_one(client, edit_url, part_one(variant="B", labour_situations="large_family", referral_on="2026-11-20",
                                             referral_office="PUP w Zgierzu", unemployment_causes="Likwidacja zakładu"))
    sign_url = edit_url.replace("/edit", "/sign")
    client.post(sign_url, data={"version": version_of(client.get(sign_url).get_data(as_text=True)),
                                "concluded_on": "2026-12-01"})
    in_english(client)
    translations = english()
    text = everything_in(docx.Document(io.BytesIO(client.get(edit_url.replace("/edit", "/contract.docx")).data)))
    for polish in ("Część I B – zawarcie kontraktu", "Skierowanie z powiatowego urzędu pracy", "20.11.2026",
                   "Ograniczenia w znalezieniu pracy", "Przyczyny nieskuteczności dotychczasowych form aktywizacji",
                   "posiadająca Kartę Dużej Rodziny",  # a group's label
                   f"Grupy według: {documents.LABOUR_MARKET_ACT}"):
        assert polish in text
    assert_polish(text, translations)


def test_an_english_user_downloads_the_protocol_in_polish(app):
    client, municipality = coordinator_client(app)
    meeting_id = _meeting_with_task(client, due="2026-11-27")
    in_english(client)
    translations = english()
    response = client.get(f"/partnership/meetings/{meeting_id}/protocol.docx")
    text = everything_in(docx.Document(io.BytesIO(response.data)))
    for polish in ("Projekt protokołu ze spotkania", "Lista obecności", "13.11.2026", "27.11.2026",
                   "stacjonarnie"):  # the meeting mode's label
        assert polish in text
    assert f"Podstawa prawna: {documents.LEGAL_BASES['pzk_protocol']}" in text
    assert_polish(text, translations)


def test_every_statutory_document_has_its_legal_basis():
    assert set(documents.LEGAL_BASES) == {"social_contract", "pzk_protocol", "diagnosis"}
    assert "Rozporządzenie Ministra Pracy i Polityki Społecznej z dnia 8 listopada 2010 r. w sprawie wzoru " \
           "kontraktu socjalnego (Dz.U. 2010 nr 218 poz. 1439)" in documents.legal_basis("social_contract")
