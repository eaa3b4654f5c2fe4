"""The TERYT register, model matching and the administrator's model choice."""
import re

import pytest
from builders import add_municipality, add_user, login
from sqlalchemy import select

from kooperacje.audit.models import AuditEvent
from kooperacje.extensions import db
from kooperacje.municipalities import teryt
from kooperacje.municipalities.models import ModelDecision, Municipality


def test_register_ships_every_polish_gmina():
    kinds = [u.kind for u in teryt.gminas()]
    assert len(kinds) == 2477
    assert (kinds.count("urban"), kinds.count("urban_rural"), kinds.count("rural")) == (302, 711, 1464)
    assert len(teryt.register()) == 2477 + 18  # plus the Warsaw districts
    assert len(teryt.voivodeships()) == 16


def test_town_and_rural_parts_and_delegations_are_not_selectable():
    codes = {u.teryt7[-1] for u in teryt.register().values()}
    assert codes == {"1", "2", "3", "8"}


def test_search_ignores_diacritics_and_filters_by_voivodeship():
    assert teryt.search("lodz")[0].teryt7 == "1061011"
    assert {u.name for u in teryt.search("Zgierz", "10")} == {"Zgierz"}
    assert len(teryt.search("zgierz", "10")) == 2  # the urban and the rural gmina
    assert teryt.search("", None) == []


def test_shipped_populations_cover_the_lodz_urban_gminas():
    populations = teryt.shipped_populations()
    assert len(populations) == 18
    assert all(teryt.register()[code[:6]].kind == "urban" for code in populations)


@pytest.fixture
def admin_client(app):
    municipality = add_municipality(None, display_name="OPS do konfiguracji")
    add_user("admin", "municipality_admin", municipality)
    client = app.test_client()
    login(client, "admin")
    return client


def _municipality(app):
    with app.app_context():
        return db.session.scalar(select(Municipality).where(Municipality.display_name == "OPS do konfiguracji"))


def test_admin_picks_zgierz_and_gets_the_urban_model_recommended(app, admin_client):
    results = admin_client.get("/municipality/setup?q=zgierz&woj=10").get_data(as_text=True)
    assert "1020031" in results and "1020092" in results
    assert admin_client.post("/municipality/setup/gmina", data={"teryt6": "102003"}).status_code == 302
    municipality = _municipality(app)
    shipped = teryt.shipped_populations()["1020031"]
    assert (municipality.name, municipality.kind, municipality.teryt7) == ("Zgierz", "urban", "1020031")
    assert (municipality.population, municipality.population_year) == (shipped.population, shipped.year)
    assert shipped.population > 20_000
    page = admin_client.get("/municipality/setup").get_data(as_text=True)
    assert "Zalecany model:" in page and "Model dla gmin miejskich powyżej 20 000 mieszkańców" in page
    response = admin_client.post("/municipality/setup/model", data={"model_key": "urban"})
    assert response.status_code == 302
    with app.app_context():
        decision = db.session.scalar(select(ModelDecision).execution_options(all_tenants=True))
        assert (decision.recommended_key, decision.chosen_key, decision.is_override) == ("urban", "urban", False)


def test_small_urban_gmina_needs_population_then_gets_urban_rural_with_a_notice(app, admin_client):
    admin_client.post("/municipality/setup/gmina", data={"teryt6": "021401"})  # Oleśnica: urban, no shipped population
    municipality = _municipality(app)
    assert municipality.kind == "urban" and municipality.population is None
    page = admin_client.get("/municipality/setup").get_data(as_text=True)
    assert "podaj najpierw liczbę mieszkańców" in page
    bad = admin_client.post("/municipality/setup/population", data={
        "population": "15000", "population_year": "1850", "population_source": "GUS BDL"})
    body = bad.get_data(as_text=True)
    assert bad.status_code == 400 and "Podaj rok od 1990 do bieżącego." in body
    assert 'value="15000"' in body and 'value="GUS BDL"' in body  # nothing typed is lost
    admin_client.post("/municipality/setup/population", data={
        "population": "15000", "population_year": "2024", "population_source": "GUS BDL"})
    page = admin_client.get("/municipality/setup").get_data(as_text=True)
    assert "Model dla gmin miejsko-wiejskich</strong>" in page
    assert "Żadnego z modeli nie zaprojektowano dla gmin miejskich do 20 000 mieszkańców" in page


def test_override_needs_a_reason_and_is_recorded(app, admin_client):
    admin_client.post("/municipality/setup/gmina", data={"teryt6": "101102"})  # Dalików, rural
    refused = admin_client.post("/municipality/setup/model", data={"model_key": "urban", "reason": "bo tak"})
    assert refused.status_code == 400
    assert "uzasadnij wybór" in refused.get_data(as_text=True)
    assert _municipality(app).model_key is None
    reason = "Gmina współpracuje z miastem i chce przyjąć jego model."
    assert admin_client.post("/municipality/setup/model", data={"model_key": "urban", "reason": reason}).status_code == 302
    with app.app_context():
        decision = db.session.scalar(select(ModelDecision).execution_options(all_tenants=True))
        assert (decision.recommended_key, decision.chosen_key, decision.reason) == ("rural", "urban", reason)
        actions = db.session.scalars(select(AuditEvent.action)).all()
    assert "model_overridden" in actions
    overview = admin_client.get("/municipality").get_data(as_text=True)
    assert "zmiana zalecenia" in overview and reason in overview


def test_gmina_cannot_be_changed_after_the_model_is_chosen(app, admin_client):
    admin_client.post("/municipality/setup/gmina", data={"teryt6": "101102"})
    admin_client.post("/municipality/setup/model", data={"model_key": "rural"})
    admin_client.post("/municipality/setup/gmina", data={"teryt6": "102003"})
    assert _municipality(app).teryt6 == "101102"


def test_a_gmina_used_by_another_installation_cannot_be_taken(app, admin_client):
    add_municipality("102003")
    response = admin_client.post("/municipality/setup/gmina", data={"teryt6": "102003"}, follow_redirects=True)
    assert "Ta gmina korzysta już z aplikacji" in response.get_data(as_text=True)
    assert _municipality(app).teryt6 is None


@pytest.mark.parametrize("data", [{"teryt6": "999999"}, {"teryt6": "12"}, {}])
def test_unknown_teryt_codes_are_refused_cleanly(app, admin_client, data):
    response = admin_client.post("/municipality/setup/gmina", data=data)
    assert response.status_code in (302, 400)
    assert _municipality(app).teryt6 is None


@pytest.mark.parametrize("role", ["social_worker", "coordinator"])
def test_only_the_administrator_configures(app, zgierz, role):
    add_user("someone", role, zgierz)
    client = app.test_client()
    login(client, "someone")
    assert client.get("/municipality").status_code == 200
    assert client.get("/municipality/setup").status_code == 403
    assert client.post("/municipality/setup/model", data={"model_key": "rural", "reason": "x" * 20}).status_code == 403


def test_regional_observer_sees_no_municipality_pages(app):
    add_user("obs", "regional_observer", voivodeship_code="10")
    client = app.test_client()
    login(client, "obs")
    assert client.get("/municipality").status_code == 403
    assert client.get("/book/").status_code == 200


def test_regional_observer_sees_counts_for_their_voivodeship_only(app):
    for code in ("102003", "101102", "102004"):  # łódzkie
        add_municipality(code)
    add_municipality("021401")  # dolnośląskie, model not chosen (no population)
    add_user("obs", "regional_observer", voivodeship_code="10")
    client = app.test_client()
    login(client, "obs")
    page = client.get("/statistics/").get_data(as_text=True)
    first_table = page.split("</table>")[0]  # municipalities per model; the indicators follow
    counts = re.findall(r'<th scope="row">([^<]+)</th><td>(\d+)</td>', first_table)
    assert counts == [("Model dla gmin wiejskich", "1"), ("Model dla gmin miejsko-wiejskich", "1"),
                      ("Model dla gmin miejskich powyżej 20 000 mieszkańców", "1"),
                      ("Model jeszcze nie wybrany", "0"), ("Razem", "3")]
    assert "Zgierz" in first_table and "Oleśnica" not in page  # 021401 is in dolnośląskie


@pytest.mark.parametrize("role", ["social_worker", "coordinator", "municipality_admin"])
def test_municipal_staff_cannot_open_regional_statistics(app, zgierz, role):
    add_user("someone", role, zgierz)
    client = app.test_client()
    login(client, "someone")
    assert client.get("/statistics/").status_code == 403


def test_flask_db_upgrade_works_from_an_empty_database(tmp_path):
    from builders import empty_database, make_app
    from sqlalchemy import inspect

    app = make_app(empty_database(tmp_path, "cli.db"))
    result = app.test_cli_runner().invoke(args=["db", "upgrade"])
    assert result.exit_code == 0, result.output
    with app.app_context():
        assert {"municipality", "user_account", "login_session", "model_decision", "audit_event"} <= set(
            inspect(db.engine).get_table_names())
