"""The PZK's action plan as a DOCX: the body's name declined in the title, the goals with their
indicators and target dates, a table of actions with owners, dates and states, the date of
printing; Polish whatever the interface; audited; printed by LibreOffice."""
import io
import re

import docx
import pytest
from builders import add_institution, coordinator_client, pdf_text, set_up, to_pdf
from sqlalchemy import select

from kooperacje.audit.models import AuditEvent
from kooperacje.clock import local_today
from kooperacje.extensions import db



def _text(response):
    assert response.status_code == 200, response.status_code
    assert response.mimetype == "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    document = docx.Document(io.BytesIO(response.data))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells), document


def _plan(app, model="urban"):
    client, _municipality = coordinator_client(app, model)
    set_up(client, model)
    mops = add_institution(client, "Miejski Ośrodek Pomocy Społecznej")
    pup = add_institution(client, "Powiatowy Urząd Pracy")
    response = client.post("/partnership/plan/goals/new", data={
        "number": "1", "title": "Aktywizacja zawodowa rodziców", "indicator": "15 osób podejmie zatrudnienie",
        "target_on": "2027-06-30"})
    goal = int(re.search(r"#cel-(\d+)", response.headers["Location"]).group(1))
    for title, owner, state, ends in (("Warsztaty pisania CV", pup, "done", "2026-10-31"),
                                      ("Poradnictwo rodzinne", mops, "in_progress", "2027-03-31"),
                                      ("Targi pracy", pup, "dropped", "2026-09-30")):
        assert client.post(f"/partnership/plan/goals/{goal}/actions/new", data={
            "title": title, "owner_institution_id": owner, "starts_on": "2026-09-01", "ends_on": ends,
            "state": state}).status_code == 302
    return client


def test_the_document_holds_the_goals_actions_owners_and_states(app):
    client = _plan(app)
    text, document = _text(client.get("/partnership/plan/plan.docx"))
    for expected in ("Plan działania Partnerskiego Zespołu Kooperacyjnego (PZK)", "Cel 1. Aktywizacja zawodowa rodziców",
                     "Wskaźnik osiągnięcia: 15 osób podejmie zatrudnienie", "Termin osiągnięcia: 30.06.2027",
                     "Warsztaty pisania CV", "Poradnictwo rodzinne", "Targi pracy", "Powiatowy Urząd Pracy",
                     "Miejski Ośrodek Pomocy Społecznej", "01.09.2026", "31.03.2027", "wykonane", "w toku",
                     "zaniechane", "Wykonane działania: 1 z 2 (bez zaniechanych).",
                     "Data wydruku: " + local_today().strftime("%d.%m.%Y")):
        assert expected in text, expected
    (table,) = document.tables
    assert [c.text for c in table.rows[0].cells] == ["Działanie", "Instytucja odpowiedzialna", "Początek", "Koniec",
                                                     "Stan"]
    assert [c.text for c in table.rows[1].cells] == ["Warsztaty pisania CV", "Powiatowy Urząd Pracy", "01.09.2026",
                                                     "31.10.2026", "wykonane"]
    with app.app_context():
        events = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "plan_exported")).all()
    assert [e.detail for e in events] == ["docx"]


@pytest.mark.parametrize("model,title", [
    ("rural", "Plan działania Partnerskiego Zespołu Kooperacji (gminno-powiatowego)"),
    ("urban_rural", "Plan działania Partnerskiego Zespołu Kooperacyjnego decydentów"),
])
def test_the_title_declines_each_models_body_name(app, model, title):
    client = _plan(app, model)
    assert title in _text(client.get("/partnership/plan/plan.docx"))[0]


def test_the_document_is_polish_for_an_english_user(app):
    client = _plan(app)
    assert client.post("/language", data={"lang": "en"}).status_code == 302
    assert "Action plan" in client.get("/partnership/plan/").get_data(as_text=True)
    text, _document = _text(client.get("/partnership/plan/plan.docx"))
    assert "Plan działania Partnerskiego Zespołu" in text and "Wskaźnik osiągnięcia" in text and "w toku" in text
    assert "Action plan" not in text and "Indicator" not in text and "in progress" not in text


@pytest.mark.libreoffice
def test_libreoffice_prints_the_plan(app, office_suite, tmp_path):
    client = _plan(app)
    response = client.get("/partnership/plan/plan.docx")
    text = pdf_text(office_suite, to_pdf(office_suite, io.BytesIO(response.data), tmp_path, "plan"))
    assert "Plan działania" in text and "Warsztaty pisania CV" in text and "zaniechane" in text
