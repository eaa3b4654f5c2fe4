"""What people read: a justification made of words, declined model names, "PZK" as written."""
import pytest

from conftest import add_municipality, add_user, login
from kooperacje.extensions import db
from kooperacje.municipalities.models import Municipality


@pytest.fixture
def rural_admin(app):
    """An administrator whose gmina (Dalików, rural) has the rural model recommended."""
    municipality = add_municipality(None, display_name="OPS do konfiguracji")
    add_user("admin", "municipality_admin", municipality)
    client = app.test_client()
    login(client, "admin")
    client.post("/municipality/setup/gmina", data={"teryt6": "101102"})
    return client


def _chosen_model(app):
    with app.app_context():
        return db.session.scalars(
            db.select(Municipality.model_key).execution_options(all_tenants=True)).one()


@pytest.mark.parametrize("reason", ["aaaaaaaaaa", "a a a a a a a a a a", "xyz xyz xyz xyz", "ab ab ab ab ab ab",
                                    "123456789012", "..........!!!", "qwrtzpsdfg hjklmnbvcx"])
def test_an_override_reason_without_words_is_refused_with_a_polish_message(app, rural_admin, reason):
    refused = rural_admin.post("/municipality/setup/model", data={"model_key": "urban", "reason": reason})
    assert refused.status_code == 400
    assert "co najmniej trzy różne wyrazy" in refused.get_data(as_text=True)
    assert reason in refused.get_data(as_text=True)  # what was typed is kept
    assert _chosen_model(app) is None


def test_a_short_justification_in_words_is_enough(app, rural_admin):
    reason = "Ośrodek pracuje z miastem"
    assert rural_admin.post("/municipality/setup/model",
                            data={"model_key": "urban", "reason": reason}).status_code == 302
    assert _chosen_model(app) == "urban"


def test_pzk_stays_upper_case_where_the_member_act_starts_a_label(app):
    from test_partnership import add_institution, coordinator_client, set_up

    client, _municipality = coordinator_client(app, "urban")
    set_up(client, "urban")
    institution = add_institution(client, "MOPS w Zgierzu")
    for url in ("/partnership/institutions", f"/partnership/institutions/{institution}",
                f"/partnership/institutions/{institution}/edit"):
        page = client.get(url).get_data(as_text=True)
        assert "Deklaracja przystąpienia do PZK" in page, url
        assert "do pzk" not in page, url
