"""The diagnosis as a DOCX: the household, the shared areas, the model's own sections after them,
the partners and the signatures; Polish whatever the interface; audited; printed by LibreOffice."""
import io

import docx
import pytest
from builders import (MUNICIPALITY_BY_MODEL, FEMALE_2005, add_municipality, client_as, family_with_signed_diagnosis,
                      new_diagnosis, pdf_text, required_answers, save, to_pdf, worker_client)
from sqlalchemy import select

from kooperacje.audit.models import AuditEvent
from kooperacje.extensions import db


def _text(response):
    assert response.status_code == 200, response.status_code
    assert response.mimetype == "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    document = docx.Document(io.BytesIO(response.data))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


def _signed_diagnosis_url(app):
    client, _municipality = worker_client(app)
    client_id = family_with_signed_diagnosis(client)
    page = client.get(f"/clients/{client_id}").get_data(as_text=True)
    diagnosis_id = int(page.split("/clients/diagnoses/", 1)[1].split('"', 1)[0].split("/")[0])
    return client, f"/clients/diagnoses/{diagnosis_id}"


def test_a_signed_diagnosis_prints_the_household_the_areas_and_the_signatures(app):
    client, url = _signed_diagnosis_url(app)
    assert "Pobierz diagnozę (DOCX)" in client.get(url).get_data(as_text=True)
    text = _text(client.get(url + "/diagnosis.docx"))
    assert "WIELOSEKTOROWA DIAGNOZA SYTUACJI OSOBY LUB RODZINY" in text
    assert "wersja 1, zatwierdzona" in text and "Dz.U. 2021 poz. 893" in text
    for expected in ("Kowalski", "Jan", "wnioskodawca", "Kowalska", "Ala", "dziecko", FEMALE_2005,
                     "Utrata pracy", "Dobre relacje z dziećmi", "Wnioski",
                     "osoba, z którą przeprowadzono diagnozę", "pracownik socjalny"):
        assert expected in text, expected
    # the segments of part I of the family community interview in its order, the model's part after them
    headings = ["A. Dane osoby i członków gospodarstwa domowego", "Sytuacja osoby lub rodziny",
                "H. Potrzeby i oczekiwania zgłaszane przez osobę lub rodzinę",
                "I. Diagnoza sytuacji osoby lub rodziny, w tym wnioski pracownika socjalnego", "J. Plan pomocy",
                "Część właściwa dla modelu", "Podpisy"]
    positions = [text.index(heading) for heading in headings]
    assert positions == sorted(positions)
    assert text.index("Powody z art. 7") < text.index("Sytuacja osoby lub rodziny")  # the reasons with segment A
    assert text.index("Dobre relacje z dziećmi") < text.index("H. Potrzeby")  # the person's resources: an area
    with app.app_context():
        events = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "diagnosis_exported")
                                    .execution_options(all_tenants=True)).all()
        assert len(events) == 1 and events[0].client_id is not None and events[0].detail is None


@pytest.mark.parametrize("model", sorted(MUNICIPALITY_BY_MODEL))
def test_each_model_prints_its_own_sections_after_the_shared_ones(app, model):
    client, _ = worker_client(app, MUNICIPALITY_BY_MODEL[model])
    _client_id, edit_url = new_diagnosis(client, MUNICIPALITY_BY_MODEL[model])
    save(client, edit_url, **required_answers(model, own_words__needs="Mieszkanie bez zadłużenia"))
    text = _text(client.get(edit_url.replace("/edit", "/diagnosis.docx")))
    assert "projekt, diagnoza nie została zatwierdzona" in text and "projekt" in text
    assert "Mieszkanie bez zadłużenia" in text and "Część właściwa dla modelu" in text


def test_the_diagnosis_is_printed_in_polish_for_an_english_user(app):
    client, url = _signed_diagnosis_url(app)
    assert client.post("/language", data={"lang": "en"}).status_code == 302
    assert "Download the diagnosis (DOCX)" in client.get(url).get_data(as_text=True)
    text = _text(client.get(url + "/diagnosis.docx"))
    assert "WIELOSEKTOROWA DIAGNOZA" in text and "Podpisy" in text and "Signatures" not in text


def test_another_municipality_and_other_roles_cannot_print_it(app):
    _client, url = _signed_diagnosis_url(app)
    stranger, _ = client_as(app, "social_worker", add_municipality("101101"))
    assert stranger.get(url + "/diagnosis.docx").status_code == 404
    coordinator, _ = client_as(app, "coordinator", add_municipality("101102"))
    assert coordinator.get(url + "/diagnosis.docx").status_code == 403


@pytest.mark.libreoffice
def test_libreoffice_prints_the_diagnosis(app, office_suite, tmp_path):
    client, url = _signed_diagnosis_url(app)
    response = client.get(url + "/diagnosis.docx")
    text = pdf_text(office_suite, to_pdf(office_suite, io.BytesIO(response.data), tmp_path, "diagnoza"))
    assert "WIELOSEKTOROWA DIAGNOZA" in text and "Kowalska" in text
