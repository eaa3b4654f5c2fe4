"""The urban-rural PZK's cost-of-inaction card (issue 15 item 7): per problem area, the items of
the cost of not acting with unit costs, source and year, kept by the coordinator (validated in
Polish, versioned, audited, downloaded as CSV/XLSX); a family's diagnosis refers to areas with
quantities and shows, keeps and prints the estimate; models without a card show none of it."""
import csv
import io
import re
from decimal import Decimal

import docx
import pytest
from builders import (MUNICIPALITY_BY_MODEL, add_municipality, client_as, coordinator_client, register, set_up,
                      version_of)
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook
from sqlalchemy import select

from kooperacje.audit.models import AuditEvent
from kooperacje.diagnoses.models import Diagnosis
from kooperacje.extensions import db
from kooperacje.inaction.models import DiagnosisInactionArea, InactionArea, InactionItem
from kooperacje.plugin_api import hookimpl
from kooperacje.plugins import get_plugins

CARD = "/partnership/inaction-costs"


def add_area(client, key="care_upbringing", **fields):
    response = client.post(f"{CARD}/areas/new", data={"area_key": key, "other_name": "", "description": "", **fields})
    assert response.status_code == 302, response.get_data(as_text=True)
    return int(re.search(r"#obszar-(\d+)", response.headers["Location"]).group(1))


def add_item(client, area_id, name, unit, cost, source="Sprawozdanie PCPR", year="2025"):
    response = client.post(f"{CARD}/areas/{area_id}/items/new", data={
        "name": name, "unit": unit, "unit_cost": cost, "source": source, "source_year": year})
    assert response.status_code == 302, response.get_data(as_text=True)
    return int(re.search(r"#pozycja-(\d+)", response.headers["Location"]).group(1))


@pytest.fixture
def card(app):
    """An urban-rural PZK whose coordinator keeps a card of two areas, and a worker of the same
    municipality with a family's draft diagnosis."""
    coordinator, municipality = coordinator_client(app, "urban_rural")
    set_up(coordinator, "urban_rural")
    care = add_area(coordinator, description="Zaległości szkolne, wniosek do sądu, piecza zastępcza.")
    foster = add_item(coordinator, care, "Miesiąc w rodzinnej pieczy zastępczej", "miesiąc", "2 450,50")
    court = add_item(coordinator, care, "Postępowanie przed sądem rodzinnym", "postępowanie", "1800")
    addiction = add_area(coordinator, "addiction")
    sobering = add_item(coordinator, addiction, "Pobyt w izbie wytrzeźwień", "dzień", "350,25", "Cennik izby", "2026")
    worker, _ = client_as(app, "social_worker", municipality)
    client_id = int(register(worker).headers["Location"].rsplit("/", 1)[1])
    edit_url = worker.post(f"/clients/{client_id}/diagnoses").headers["Location"]
    diagnosis_id = int(edit_url.split("/")[-2])
    return {"coordinator": coordinator, "worker": worker, "municipality": municipality, "care": care,
            "addiction": addiction, "foster": foster, "court": court, "sobering": sobering,
            "client_id": client_id, "diagnosis_id": diagnosis_id}


def costs_url(ids):
    return f"/clients/diagnoses/{ids['diagnosis_id']}/inaction-costs"


def refer(ids, **data):
    worker = ids["worker"]
    version = version_of(worker.get(costs_url(ids)).get_data(as_text=True))
    return worker.post(costs_url(ids), data={"version": version, **data})


def test_hook_inaction_card(app):
    """Only the urban-rural plugin keeps a card; its areas include the ones its Book names."""
    with app.test_request_context():
        plugins = get_plugins(app)
        cards = {key: plugins.inaction_card(key) for key in MUNICIPALITY_BY_MODEL}
    assert cards["rural"] is None and cards["urban"] is None
    areas = dict(cards["urban_rural"].problem_areas)
    assert {"domestic_violence", "care_upbringing", "homelessness", "addiction", "unemployment", "other"} <= areas.keys()
    assert str(cards["urban_rural"].title) == "Karta kosztów zaniechania"
    assert cards["urban_rural"].book == "urban_rural/procedura#karty-kosztow-zaniechania"


def test_the_coordinator_keeps_the_card_per_problem_area(app, card):
    coordinator = card["coordinator"]
    body = coordinator.get(f"{CARD}/").get_data(as_text=True)
    assert "bezradność w sprawach opiekuńczo-wychowawczych" in body and "uzależnienia" in body
    assert "Miesiąc w rodzinnej pieczy zastępczej" in body and "2\xa0450,50 zł" in body
    assert "Sprawozdanie PCPR (2025)" in body and "Zaległości szkolne" in body
    assert f'href="{CARD}/"' in coordinator.get("/partnership/").get_data(as_text=True)  # in the PZK's navigation
    edit = f"{CARD}/items/{card['court']}/edit"
    version = version_of(coordinator.get(edit).get_data(as_text=True))
    assert coordinator.post(edit, data={"name": "Postępowanie sądowe", "unit": "postępowanie", "unit_cost": "1900,00",
                                        "source": "Sąd rejonowy", "source_year": "2026",
                                        "version": version}).status_code == 302
    stale = coordinator.post(edit, data={"name": "Inna nazwa", "unit": "x", "unit_cost": "1", "source": "y",
                                         "source_year": "2026", "version": version})
    assert stale.status_code == 409 and "Ktoś inny zapisał w międzyczasie tę pozycję" in stale.get_data(as_text=True)
    with app.app_context():
        item = db.session.get(InactionItem, card["court"])
        assert (item.name, item.unit_cost, item.source_year) == ("Postępowanie sądowe", Decimal("1900.00"), 2026)
        actions = [e.action for e in db.session.scalars(select(AuditEvent).order_by(AuditEvent.id))]
    assert actions.count("inaction_area_saved") == 2 and actions.count("inaction_item_saved") == 4
    other = add_area(coordinator, "other", other_name="Zadłużenie czynszowe")
    assert "Zadłużenie czynszowe" in coordinator.get(f"{CARD}/").get_data(as_text=True)
    assert coordinator.post(f"{CARD}/areas/{other}/delete").status_code == 302
    with app.app_context():
        assert db.session.get(InactionArea, other) is None
        assert "inaction_area_deleted" in [e.action for e in db.session.scalars(select(AuditEvent))]


@pytest.mark.parametrize("data, message", [
    ({"area_key": "care_upbringing"}, "Ten obszar jest już na karcie. Dopisz pozycje do niego."),
    ({"area_key": "other", "other_name": " "}, "Podaj nazwę obszaru."),
    ({"area_key": "no_such_area"}, "Wybierz obszar problemowy z listy."),
])
def test_an_area_is_refused_with_a_polish_message(app, card, data, message):
    response = card["coordinator"].post(f"{CARD}/areas/new", data={"description": "Opis wpisany", **data})
    body = response.get_data(as_text=True)
    assert response.status_code == 400 and message in body and "Opis wpisany" in body


@pytest.mark.parametrize("field, value, message", [
    ("unit_cost", "", "Podaj koszt jednostkowy w złotych."),
    ("unit_cost", "dużo", "Podaj kwotę w złotych od 0 do 9 999 999,99, np. 120,50."),
    ("unit_cost", "-5", "Podaj kwotę w złotych od 0 do 9 999 999,99, np. 120,50."),
    ("name", "", "Podaj, czego dotyczy koszt."),
    ("unit", "", "Podaj jednostkę, np. miesiąc."),
    ("source", "", "Podaj, skąd pochodzi kwota."),
    ("source_year", "1999", "Podaj rok od 2000 do"),
    ("source_year", "9" * 40, "Podaj rok, którego dotyczy kwota."),
])
def test_an_item_is_refused_with_a_polish_message_and_the_typed_values_kept(app, card, field, value, message):
    data = {"name": "Interwencja kuratora", "unit": "interwencja", "unit_cost": "300", "source": "Sąd rejonowy",
            "source_year": "2025", field: value}
    response = card["coordinator"].post(f"{CARD}/areas/{card['care']}/items/new", data=data)
    body = response.get_data(as_text=True)
    assert response.status_code == 400 and message in body
    kept = "Sąd rejonowy" if field != "source" else "Interwencja kuratora"
    assert kept in body


def test_the_diagnosis_refers_to_areas_and_computes_the_estimate(app, card):
    """By hand: 12 × 2 450,50 = 29 406,00; 1 × 1 800,00; 2,5 × 350,25 = 875,625 → 875,63;
    the care area 31 206,00, the whole 32 081,63."""
    worker = card["worker"]
    page = worker.get(costs_url(card)).get_data(as_text=True)
    assert "Miesiąc w rodzinnej pieczy zastępczej" in page and "2\xa0450,50 zł" in page
    response = refer(card, **{f"area_{card['care']}": "y", f"note_{card['care']}": "Syn opuszcza zajęcia.",
                              f"quantity_{card['foster']}": "12", f"quantity_{card['court']}": "1",
                              f"area_{card['addiction']}": "y", f"quantity_{card['sobering']}": "2,5"})
    assert response.status_code == 302
    view = worker.get(f"/clients/diagnoses/{card['diagnosis_id']}").get_data(as_text=True)
    assert "31\xa0206,00 zł" in view and "875,63 zł" in view
    assert "Szacunkowy koszt zaniechania: 32\xa0081,63 zł" in view and "Syn opuszcza zajęcia." in view
    with app.app_context():
        references = db.session.scalars(select(DiagnosisInactionArea).order_by(DiagnosisInactionArea.id)).all()
        assert [r.estimate for r in references] == [Decimal("31206.00"), Decimal("875.63")]
        assert references[0].area_name == "bezradność w sprawach opiekuńczo-wychowawczych"
    # one area dropped: only the other is counted
    refer(card, **{f"area_{card['care']}": "y", f"quantity_{card['foster']}": "12"})
    view = worker.get(f"/clients/diagnoses/{card['diagnosis_id']}").get_data(as_text=True)
    assert "Szacunkowy koszt zaniechania: 29\xa0406,00 zł" in view and "izbie wytrzeźwień" not in view


def test_the_signed_diagnosis_keeps_its_estimate_and_prints_it_after_the_models_sections(app, card):
    refer(card, **{f"area_{card['care']}": "y", f"quantity_{card['foster']}": "3"})  # 7 351,50
    with app.app_context():
        diagnosis = db.session.get(Diagnosis, card["diagnosis_id"])
        diagnosis.status = "signed"
        db.session.commit()
    coordinator = card["coordinator"]
    edit = f"{CARD}/items/{card['foster']}/edit"
    version = version_of(coordinator.get(edit).get_data(as_text=True))
    coordinator.post(edit, data={"name": "Miesiąc w pieczy", "unit": "miesiąc", "unit_cost": "5000", "source": "PCPR",
                                 "source_year": "2026", "version": version})
    worker = card["worker"]
    refused = worker.post(costs_url(card), data={"version": "9"})
    assert refused.status_code == 302 and "/inaction-costs" not in refused.headers["Location"]
    view = worker.get(f"/clients/diagnoses/{card['diagnosis_id']}").get_data(as_text=True)
    assert "Szacunkowy koszt zaniechania: 7\xa0351,50 zł" in view and "Wskaż obszary i ilości" not in view
    document = docx.Document(io.BytesIO(worker.get(f"/clients/diagnoses/{card['diagnosis_id']}/diagnosis.docx").data))
    texts = [p.text for p in document.paragraphs]
    model_part = next(i for i, t in enumerate(texts) if t.startswith("Część właściwa dla modelu"))
    card_heading = texts.index("Karta kosztów zaniechania")
    assert model_part < card_heading < texts.index("Podpisy")
    assert "Szacunkowy koszt zaniechania: 7\xa0351,50 zł" in texts
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    assert "3 miesiąc" in cells and "2\xa0450,50 zł" in cells and "7\xa0351,50 zł" in cells
    # a new version starts with the references of the signed one
    new = worker.post(f"/clients/{card['client_id']}/diagnoses").headers["Location"]
    new_id = int(new.split("/")[-2])
    assert "7\xa0351,50 zł" in worker.get(f"/clients/diagnoses/{new_id}").get_data(as_text=True)


def test_a_bad_quantity_is_refused_in_polish_and_nothing_is_saved(app, card):
    response = refer(card, **{f"area_{card['care']}": "y", f"quantity_{card['foster']}": "dwanaście"})
    assert response.status_code == 400
    body = response.get_data(as_text=True)
    assert "Podaj ilość od 0 do 99 999,99, np. 2 lub 1,5." in body and 'value="dwanaście"' in body
    with app.app_context():
        assert db.session.scalars(select(DiagnosisInactionArea)).all() == []


def test_the_card_downloads_as_csv_and_xlsx_like_the_page(app, card):
    coordinator = card["coordinator"]
    response = coordinator.get(f"{CARD}/card.csv")
    assert response.headers["Content-Disposition"].startswith("attachment")
    rows = list(csv.reader(io.StringIO(response.data.decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == ["Obszar problemowy", "Pozycja kosztu", "Jednostka", "Koszt jednostkowy (zł)", "Źródło danych",
                       "Rok"]
    assert rows[1] == ["bezradność w sprawach opiekuńczo-wychowawczych", "Miesiąc w rodzinnej pieczy zastępczej",
                       "miesiąc", "2450,50", "Sprawozdanie PCPR", "2025"]
    assert len(rows) == 4
    sheet = load_workbook(io.BytesIO(coordinator.get(f"{CARD}/card.xlsx").data)).active
    assert sheet.cell(2, 4).value == 2450.5 and sheet.cell(4, 1).value == "uzależnienia"
    with app.app_context():
        details = [e.detail for e in db.session.scalars(select(AuditEvent).where(
            AuditEvent.action == "inaction_card_exported"))]
    assert sorted(details) == ["csv", "xlsx"]


@pytest.mark.parametrize("role, status", [("coordinator", 200), ("municipality_admin", 200), ("social_worker", 403),
                                          ("centre_head", 403)])
def test_only_the_coordinator_and_the_administrator_edit_the_card(app, card, role, status):
    client = card["coordinator"] if role == "coordinator" else client_as(app, role, card["municipality"])[0]
    assert client.get(f"{CARD}/").status_code == 200  # the whole staff reads it
    for url in (f"{CARD}/areas/new", f"{CARD}/areas/{card['care']}/edit", f"{CARD}/items/{card['foster']}/edit",
                f"{CARD}/areas/{card['care']}/items/new", f"{CARD}/items/{card['foster']}/delete"):
        assert client.get(url).status_code == status, url
    assert client.post(f"{CARD}/items/{card['foster']}/delete").status_code == (302 if status == 200 else 403)


def test_another_municipalitys_card_is_not_found(app, card):
    elsewhere = add_municipality("100108")  # Zelów, urban-rural too
    other, _user = client_as(app, "coordinator", elsewhere)
    set_up(other, "urban_rural")
    for url in (f"{CARD}/areas/{card['care']}/edit", f"{CARD}/items/{card['foster']}/edit",
                f"{CARD}/areas/{card['care']}/delete", f"{CARD}/items/{card['foster']}/delete",
                f"{CARD}/areas/{card['care']}/items/new"):
        assert other.get(url).status_code == 404, url
        assert other.post(url, data={"name": "Obca", "unit": "x", "unit_cost": "1", "source": "x",
                                     "source_year": "2025", "area_key": "addiction"}).status_code == 404, url
    assert "Miesiąc w rodzinnej pieczy" not in other.get(f"{CARD}/").get_data(as_text=True)
    worker, _user = client_as(app, "social_worker", elsewhere)
    assert worker.get(costs_url(card)).status_code == 404
    with app.app_context():
        assert db.session.get(InactionItem, card["foster"]).name == "Miesiąc w rodzinnej pieczy zastępczej"


@pytest.mark.parametrize("model", ["urban", "rural"])
def test_a_model_without_a_card_shows_none(app, model):
    coordinator, municipality = coordinator_client(app, model)
    set_up(coordinator, model)
    assert coordinator.get(f"{CARD}/").status_code == 404
    assert coordinator.get(f"{CARD}/areas/new").status_code == 404
    assert CARD not in coordinator.get("/partnership/").get_data(as_text=True)
    worker, _ = client_as(app, "social_worker", municipality)
    client_id = int(register(worker).headers["Location"].rsplit("/", 1)[1])
    diagnosis = worker.post(f"/clients/{client_id}/diagnoses").headers["Location"].replace("/edit", "")
    assert "Karta kosztów zaniechania" not in worker.get(diagnosis).get_data(as_text=True)


def test_an_add_on_may_give_a_model_a_card(db_path):
    """The card follows the hook, not the model's key: an add-on's card reaches the urban model."""
    from dataclasses import replace

    from builders import make_app

    from plugins.urban_rural.card import inaction_card

    class Card:
        @hookimpl
        def inaction_card(self, model_key):
            return replace(inaction_card(), title="Koszty bezczynności") if model_key == "urban" else None

    app = make_app(db_path, plugins=[("card", Card())])
    municipality = add_municipality(MUNICIPALITY_BY_MODEL["urban"])
    coordinator, _user = client_as(app, "coordinator", municipality)
    set_up(coordinator)
    assert "Koszty bezczynności" in coordinator.get(f"{CARD}/").get_data(as_text=True)


FUZZ = settings(max_examples=int(__import__("os").environ.get("KOOPERACJE_FUZZ_EXAMPLES", 60)), deadline=None,
                derandomize=True, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
HOSTILE = st.one_of(st.sampled_from(["", "\x00", "9" * 309, str(2**63), "-1", "1e309", "NaN", "Infinity", "1,2,3",
                                     "x" * 5000, "<script>", "zażółć"]), st.text(max_size=50))


def test_the_card_and_the_diagnosis_pages_never_answer_500_to_bad_input(app, card):
    """The shared fuzz (test_bad_input) reaches these routes in an urban municipality, where they
    are not found; here every form gets hostile values where they exist."""
    coordinator, worker = card["coordinator"], card["worker"]
    targets = [(coordinator, f"{CARD}/areas/new", ["area_key", "other_name", "description", "version"]),
               (coordinator, f"{CARD}/areas/{card['addiction']}/edit", ["area_key", "other_name", "version"]),
               (coordinator, f"{CARD}/areas/{card['care']}/items/new",
                ["name", "unit", "unit_cost", "source", "source_year", "version"]),
               (coordinator, f"{CARD}/items/{card['court']}/edit", ["name", "unit_cost", "source_year", "version"]),
               (worker, costs_url(card), ["version", f"area_{card['care']}", f"quantity_{card['foster']}",
                                          f"note_{card['care']}", f"quantity_{card['sobering']}"])]
    for client, url, fields in targets:
        @FUZZ
        @given(values=st.fixed_dictionaries({name: HOSTILE for name in fields}))
        def post(values):
            assert client.post(url, data=values).status_code < 500, (url, values)

        post()


def test_the_upgrade_turns_the_family_cards_into_references_to_the_pzks_card(app):
    """The urban-rural diagnoses kept a card of their own (answers under "inaction_cost"): the
    migration adds its area to the PZK's card and makes the diagnosis refer to it, with the texts
    as the note and the estimate as a line; nothing of the old answers stays in the diagnosis."""
    from flask_migrate import downgrade, upgrade

    from kooperacje.clients.models import Client, Person
    from kooperacje.inaction.models import DiagnosisInactionCost
    from kooperacje.partnership.models import Partnership

    municipality = add_municipality(MUNICIPALITY_BY_MODEL["urban_rural"])
    with app.app_context():
        team = Partnership(municipality_id=municipality.id, name="PZK", model_key="urban_rural")
        case = Client(municipality_id=municipality.id, kind="family", reasons=[],
                      members=[Person(municipality_id=municipality.id, first_name="Ewa", last_name="Lis",
                                      relation="applicant")])
        db.session.add_all([team, case])
        db.session.flush()
        old = [{"area": "care_upbringing", "family_consequences": "Piecza zastępcza dla dzieci.",
                "estimate_pln": 120000, "prevention": "Wczesna asystentura."},
               {"area": "other", "area_other": "Zadłużenie", "institution_costs": "Eksmisja."},
               {"area": "care_upbringing", "estimate_pln": None}, {}]
        for number, card_answers in enumerate(old, 1):
            db.session.add(Diagnosis(municipality_id=municipality.id, client_id=case.id, number=number,
                                     model_key="urban_rural", status="signed" if number < 4 else "draft",
                                     answers={"inaction_cost": card_answers, "ggk": {"difficulty": "Trudności"}}))
        db.session.commit()  # and end the read: the downgrade drops tables (PostgreSQL waits for readers)
        directory = app.extensions["migrate"].directory
        downgrade(directory=directory, revision="0032_team_decisions")
        upgrade(directory=directory, revision="heads")
    with app.app_context():
        query = select(Diagnosis).order_by(Diagnosis.number).execution_options(all_tenants=True)
        diagnoses = db.session.scalars(query).all()
        assert [d.answers for d in diagnoses] == [{"ggk": {"difficulty": "Trudności"}}] * 4
        areas = db.session.scalars(select(InactionArea).order_by(InactionArea.id)
                                   .execution_options(all_tenants=True)).all()
        assert [(a.area_key, a.other_name, a.items) for a in areas] == [("care_upbringing", None, []),
                                                                        ("other", "Zadłużenie", [])]
        references = db.session.scalars(select(DiagnosisInactionArea).order_by(DiagnosisInactionArea.id)
                                        .execution_options(all_tenants=True)).all()
        assert [(r.diagnosis_id, r.area_id, r.area_name) for r in references] == [
            (diagnoses[0].id, areas[0].id, "problemy opiekuńczo-wychowawcze"),
            (diagnoses[1].id, areas[1].id, "Zadłużenie"), (diagnoses[2].id, areas[0].id, "problemy opiekuńczo-wychowawcze")]
        assert references[0].note == ("Co czeka rodzinę, jeśli nic nie zrobimy: Piecza zastępcza dla dzieci.\n\n"
                                      "Czemu może zapobiec wspólna, wczesna interwencja: Wczesna asystentura.")
        assert references[1].note == "Koszty dla instytucji i gminy: Eksmisja."
        lines = db.session.scalars(select(DiagnosisInactionCost).execution_options(all_tenants=True)).all()
        assert [(line.reference_id, line.item_id, line.unit_cost, line.quantity, line.cost) for line in lines] == [
            (references[0].id, None, Decimal("120000.00"), Decimal("1.00"), Decimal("120000.00"))]
