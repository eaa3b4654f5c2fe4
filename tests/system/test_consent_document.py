"""The consent form as a DOCX: the person, the institution, the scope and purpose, the signature
lines and the art. 13 GDPR clause naming the centre of the centre profile as administrator;
Polish whatever the interface; a withdrawal is printed; audited; printed by LibreOffice."""
import io

import docx
import pytest
from builders import (add_institution_row, add_profile, family_with_signed_diagnosis, pdf_text, to_pdf, version_of,
                      worker_client)
from sqlalchemy import select

from kooperacje.audit.models import AuditEvent
from kooperacje.clients.models import Client
from kooperacje.clock import local_today
from kooperacje.consents.models import Consent
from kooperacje.municipalities.models import CentreProfile
from kooperacje.extensions import db


def _text(response):
    assert response.status_code == 200, response.status_code
    assert response.mimetype == "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    document = docx.Document(io.BytesIO(response.data))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    footer = [p.text for section in document.sections for p in section.footer.paragraphs]
    return "\n".join([p.text for p in document.paragraphs] + cells + footer)


def _consent(app, profile=True):
    client, municipality = worker_client(app)
    if profile:
        add_profile(app, municipality, full_name="Miejski Ośrodek Pomocy Społecznej w Zgierzu", street="ul. Długa 1",
                    postal_code="95-100", town="Zgierz", head_name="Anna Kierownik", head_title="Dyrektor")
    labour_id = add_institution_row(app, municipality, name="Powiatowy Urząd Pracy w Zgierzu")
    client_id = family_with_signed_diagnosis(client)
    with app.app_context():
        applicant = db.session.get(Client, client_id).applicant.id
    client.post(f"/clients/{client_id}/consents/new", data={
        "person_id": str(applicant), "institution_id": str(labour_id), "scopes": ["referral", "diagnosis_plan"],
        "given_on": local_today().isoformat(), "given_how": "written"})
    with app.app_context():
        consent_id = db.session.scalar(select(Consent.id).execution_options(all_tenants=True))
    return client, f"/clients/consents/{consent_id}"


def test_the_form_names_the_person_institution_scope_and_the_information_clause(app):
    client, url = _consent(app)
    text = _text(client.get(url + "/zgoda.docx"))
    for expected in ("ZGODA NA UDOSTĘPNIENIE DANYCH OSOBOWYCH INSTYTUCJI PARTNERSKIEJ", "Jan Kowalski",
                     "44051401359", "Powiatowy Urząd Pracy w Zgierzu", "dane potrzebne do skierowania",
                     "diagnoza i plan pomocy", "w celu: skierowanie do usługi", "na piśmie",
                     "czytelny podpis osoby wyrażającej zgodę", "pracownik socjalny przyjmujący zgodę",
                     "Wycofuję powyższą zgodę z dniem",
                     "Informacja o przetwarzaniu danych osobowych (art. 13 RODO)",
                     "Administratorem Pani/Pana danych osobowych jest Miejski Ośrodek Pomocy Społecznej w Zgierzu, "
                     "ul. Długa 1, 95-100 Zgierz, reprezentowany przez: Dyrektor Anna Kierownik",
                     "Odbiorcą danych na podstawie tej zgody jest wyłącznie: Powiatowy Urząd Pracy w Zgierzu",
                     "kategoria archiwalna B10, 10 lat", "wycofać zgodę w dowolnym momencie",
                     "Prezes Urzędu Ochrony Danych Osobowych (PUODO)", "art. 6 ust. 1 lit. a"):
        assert expected in text, expected
    assert "Strona" not in text and "strona {PAGE}" not in text  # the footer's fields are fields
    with app.app_context():
        events = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "consent_form_exported")
                                    .execution_options(all_tenants=True)).all()
    assert len(events) == 1 and events[0].client_id is not None


def test_the_form_is_polish_for_an_english_user_and_prints_a_withdrawal(app):
    client, url = _consent(app, profile=False)
    confirm = client.get(url + "/withdraw").get_data(as_text=True)
    client.post(url + "/withdraw", data={"version": version_of(confirm), "withdrawn_on": local_today().isoformat()})
    assert client.post("/language", data={"lang": "en"}).status_code == 302
    text = _text(client.get(url + "/zgoda.docx"))
    assert "Zgoda została wycofana z dniem " + local_today().strftime("%d.%m.%Y") in text
    assert "Administratorem Pani/Pana danych osobowych jest OPS Zgierz." in text  # no profile: the installation's name
    assert "Consent" not in text and "Withdrawal" not in text


def test_the_blank_form_has_lines_to_fill_in_every_scope_to_tick_and_no_one_named(app):
    client, municipality = worker_client(app)
    add_profile(app, municipality, full_name="Miejski Ośrodek Pomocy Społecznej w Zgierzu", town="Zgierz")
    client_id = family_with_signed_diagnosis(client)
    assert "/clients/consents/formularz-zgody.docx" in client.get(f"/clients/{client_id}").get_data(as_text=True)
    text = _text(client.get("/clients/consents/formularz-zgody.docx"))
    for expected in ("ZGODA NA UDOSTĘPNIENIE DANYCH OSOBOWYCH INSTYTUCJI PARTNERSKIEJ", "Zgierz, dnia …",
                     "☐ dane potrzebne do skierowania", "☐ diagnoza i plan pomocy", "☐ wszystkie dane sprawy",
                     "☐ na piśmie", "Odbiorcą danych na podstawie tej zgody jest wyłącznie: instytucja wskazana",
                     "Administratorem Pani/Pana danych osobowych jest Miejski Ośrodek Pomocy Społecznej w Zgierzu"):
        assert expected in text, expected
    assert "Jan Kowalski" not in text and "44051401359" not in text and "projekt" not in text


def test_the_clause_gives_the_data_protection_officer_of_the_centre_profile(app):
    client, url = _consent(app)
    with app.app_context():
        profile = db.session.scalar(select(CentreProfile).execution_options(all_tenants=True))
    before = _text(client.get(url + "/zgoda.docx"))
    assert "pisemnie na adres administratora, z dopiskiem „Inspektor ochrony danych”" in before
    with app.app_context():
        db.session.get(CentreProfile, profile.id).dpo_contact = "iod@mops.zgierz.pl"
        db.session.commit()
    after = _text(client.get(url + "/zgoda.docx"))
    assert ("Z inspektorem ochrony danych administratora można się kontaktować: iod@mops.zgierz.pl, we wszystkich "
            "sprawach dotyczących Pani/Pana danych.") in after


@pytest.mark.libreoffice
def test_libreoffice_prints_the_consent_form(app, office_suite, tmp_path):
    client, url = _consent(app)
    response = client.get(url + "/zgoda.docx")
    text = pdf_text(office_suite, to_pdf(office_suite, io.BytesIO(response.data), tmp_path, "zgoda"))
    assert "ZGODA NA UDOSTĘPNIENIE" in text and "PUODO" in text
