"""The PZK's formation acts as DOCX, one set per model from its plugin: the title, the legal
basis, the parties and their signature lines, filled from the partnership's data; a declaration
per member institution; Polish whatever the interface; audited; printed by LibreOffice."""
import io
import re

import docx
import pytest
from builders import (
    add_institution,
    coordinator_client,
    partner_client,
    pdf_text,
    set_up,
    to_pdf,
    version_of,
)
from sqlalchemy import select

from kooperacje.audit.models import AuditEvent
from kooperacje.domain import ActText
from kooperacje.extensions import db
from kooperacje.plugins import get_plugins

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
#: what each model's plugin forms its PZK with: (key, title, a words of its legal basis, one per institution)
ACTS = {
    "rural": [("agreement", "Porozumienie o współpracy gminy i powiatu", "o samorządzie powiatowym", False),
              ("rules", "Ramowy regulamin Partnerskiego Zespołu Kooperacji", "art. 2 ust. 2", False)],
    "urban_rural": [("declaration", "Deklaracja współpracy kierowników instytucji", "art. 110 ust. 1", False),
                    ("rules", "Ramowy regulamin Partnerskiego Zespołu Kooperacyjnego decydentów", "art. 2 ust. 2",
                     False)],
    "urban": [("authorisation", "Upoważnienie prezydenta lub burmistrza dla ośrodka pomocy społecznej",
               "art. 110 ust. 8", False),
              ("accession", "Deklaracja przystąpienia do Partnerskiego Zespołu Kooperacyjnego", "ramowy regulamin",
               True),
              ("rules", "Ramowy regulamin Partnerskiego Zespołu Kooperacyjnego", "upoważnienie prezydenta", False)],
}


def _text(response):
    assert response.status_code == 200, response.status_code
    assert response.mimetype == DOCX
    assert response.headers["Content-Disposition"].startswith("attachment")
    document = docx.Document(io.BytesIO(response.data))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


def _team(app, model):
    client, municipality = coordinator_client(app, model)
    set_up(client, model, quorum_percent="60")
    ops = add_institution(client, "Ośrodek Pomocy Społecznej", contact_person="Anna Nowak")
    pup = add_institution(client, "Powiatowy Urząd Pracy", sector="labour", contact_person="Jan Kowalski")
    add_institution(client, "Dawna Fundacja", sector="ngo", joined="2024-01-01", left="2025-01-01")
    response = client.post("/partnership/setup", data={
        "name": "Zespół", "formed_on": "2025-01-10", "cadence_days": "15", "quorum_percent": "60",
        "leader_id": str(ops), "second_role_id": str(pup),
        "version": version_of(client.get("/partnership/setup").get_data(as_text=True)),
        **{"rural": {"model_powiat_name": "poddębicki"}, "urban_rural": {},
           "urban": {"model_mayor_authorisation": "Zarządzenie 12/2025"}}[model]})
    assert response.status_code == 302, response.get_data(as_text=True)
    return client, municipality, {"ops": ops, "pup": pup}


@pytest.mark.parametrize("model", sorted(ACTS))
def test_each_models_acts_print_title_legal_basis_parties_and_signature_lines(app, model):
    client, _municipality, ids = _team(app, model)
    for key, title, basis, per_institution in ACTS[model]:
        if per_institution:
            for name, institution_id in (("Ośrodek Pomocy Społecznej", ids["ops"]),
                                         ("Powiatowy Urząd Pracy", ids["pup"])):
                text = _text(client.get(f"/partnership/acts/{key}/institutions/{institution_id}.docx"))
                assert title.upper() in text and basis in text
                assert name in text and "Dawna Fundacja" not in text
                assert ".............." in text  # a line to sign
            assert "Anna Nowak" in _text(client.get(f"/partnership/acts/{key}/institutions/{ids['ops']}.docx"))
            assert client.get(f"/partnership/acts/{key}.docx").status_code == 404
            continue
        text = _text(client.get(f"/partnership/acts/{key}.docx"))
        assert title.upper() in text, (model, key)
        assert "Podstawa prawna: " in text and basis in text
        assert "{" not in text and "}" not in text  # every placeholder filled
        if key in ("agreement", "declaration"):  # signed by the parties: each current member, a line each
            for name in ("Ośrodek Pomocy Społecznej", "Powiatowy Urząd Pracy"):
                assert f"{name}\n(podpis osoby reprezentującej)" in text
            assert "Dawna Fundacja" not in text
            assert "Jan Kowalski" in text
        if key == "rules":
            assert "60%" in text and "co 15 dni" in text and "protokół" in text.lower()
            assert "Ośrodek Pomocy Społecznej" in text and "Powiatowy Urząd Pracy" in text
        assert text.count("..............") >= 1


def test_the_model_data_fills_the_acts(app):
    client, _municipality, _ids = _team(app, "rural")
    assert "powiat poddębicki" in _text(client.get("/partnership/acts/agreement.docx"))


def test_acts_are_polish_with_the_english_interface_and_the_page_lists_them(app):
    client, _municipality, ids = _team(app, "urban")
    client.post("/language", data={"lang": "en"})
    page = client.get("/partnership/").get_data(as_text=True)
    assert "Team formation documents" in page
    assert "Framework rules of the Partner Cooperation Team" in page
    text = _text(client.get("/partnership/acts/rules.docx"))
    assert "RAMOWY REGULAMIN PARTNERSKIEGO ZESPOŁU KOOPERACYJNEGO" in text and "Skład zespołu" in text
    assert "Framework" not in text
    institution_page = client.get(f"/partnership/institutions/{ids['pup']}").get_data(as_text=True)
    assert f"/partnership/acts/accession/institutions/{ids['pup']}.docx" in institution_page
    declaration = _text(client.get(f"/partnership/acts/accession/institutions/{ids['pup']}.docx"))
    assert "DEKLARACJA PRZYSTĄPIENIA" in declaration and "Powiatowy Urząd Pracy" in declaration


def test_printing_an_act_is_audited_and_a_worker_may_print_but_unknown_acts_are_404(app):
    client, municipality, ids = _team(app, "urban")
    assert client.get("/partnership/acts/rules.docx").status_code == 200
    assert client.get("/partnership/acts/nothing.docx").status_code == 404
    assert client.get(f"/partnership/acts/rules/institutions/{ids['ops']}.docx").status_code == 404
    with app.app_context():
        actions = db.session.scalars(select(AuditEvent.detail).where(AuditEvent.action == "formation_act_exported")
                                     .execution_options(all_tenants=True)).all()
    assert actions == ["rules"]


def test_a_partner_cannot_print_the_acts(app):
    client, municipality, ids = _team(app, "urban")
    partner = partner_client(app, municipality, ids["pup"])
    assert partner.get("/partnership/acts/rules.docx").status_code == 403


def test_hook_formation_acts(app):
    """Each built-in model returns its acts through the hook, and only its own."""
    with app.test_request_context():
        plugins = get_plugins(app)
        keys = {model: [a.key for a in plugins.formation_acts(model)] for model in ACTS}
        assert keys == {model: [key for key, *_rest in acts] for model, acts in ACTS.items()}
        assert all(isinstance(a, ActText) and a.legal_basis for model in ACTS for a in plugins.formation_acts(model))
        assert plugins.formation_acts("no-such-model") == []


@pytest.mark.libreoffice
def test_libreoffice_prints_the_agreement(app, office_suite, tmp_path):
    client, _municipality, _ids = _team(app, "rural")
    response = client.get("/partnership/acts/agreement.docx")
    text = pdf_text(office_suite, to_pdf(office_suite, io.BytesIO(response.data), tmp_path, "porozumienie"))
    assert "POROZUMIENIE O WSPÓŁPRACY" in text and "Powiatowy Urząd Pracy" in text
    assert re.search(r"strona 1 z \d", text)


def test_the_contract_check_reports_an_act_with_an_unknown_placeholder(app):
    from kooperacje.domain import ActSection
    from kooperacje.testing import _check_acts

    act = ActText(key="odd", title="Akt", legal_basis="art. 2", sections=(
        ActSection("Cel", ("{leader} i {nobody}", "{model[no_field]}", "{institution}")),))
    with app.test_request_context():
        problems = _check_acts([act], get_plugins(app).partnership_profile("urban"), "urban")
    assert problems == ["urban: formation act 'odd': unknown placeholder institution",
                        "urban: formation act 'odd': unknown placeholder model[no_field]",
                        "urban: formation act 'odd': unknown placeholder nobody"]


def test_a_missing_value_prints_a_line_to_fill_in(app):
    client, _municipality = coordinator_client(app, "urban", username="pusty")
    set_up(client, "urban", formed_on="")
    text = _text(client.get("/partnership/acts/authorisation.docx"))
    assert "obowiązuje od dnia ……" in text  # no date of formation yet
    assert "Zarządzenie 12/2025" in text  # the model's own set-up field
