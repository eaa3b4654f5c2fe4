"""What people read: a justification made of words, declined model names, "PZK" as written."""
import fourth_model
import pytest
from builders import add_municipality, add_user, login, make_app
from flask_babel import force_locale

from kooperacje.extensions import db
from kooperacje.municipalities.models import Municipality
from kooperacje.plugins import get_plugins


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
    from builders import add_institution, coordinator_client, set_up

    client, _municipality = coordinator_client(app, "urban")
    set_up(client, "urban")
    institution = add_institution(client, "MOPS w Zgierzu")
    for url in ("/partnership/institutions", f"/partnership/institutions/{institution}",
                f"/partnership/institutions/{institution}/edit"):
        page = client.get(url).get_data(as_text=True)
        assert "Deklaracja przystąpienia do PZK" in page, url
        assert "do pzk" not in page, url


def test_the_contract_pages_decline_the_model_name(app):
    from builders import family_with_signed_diagnosis, new_contract, worker_client

    client, _municipality = worker_client(app)  # Zgierz: the urban model
    edit_url = new_contract(client, family_with_signed_diagnosis(client))
    assert "plan indywidualny według modelu miejskiego." in client.get(edit_url).get_data(as_text=True)
    assert "Plan indywidualny w modelu miejskim" in client.get(edit_url.replace("/edit", "")).get_data(as_text=True)


DECLINED = {"rural": ("model wiejski", "modelu wiejskiego", "modelu wiejskim"),
            "urban_rural": ("model miejsko-wiejski", "modelu miejsko-wiejskiego", "modelu miejsko-wiejskim"),
            "urban": ("model miejski", "modelu miejskiego", "modelu miejskim"),
            # a plugin that declines nothing gets its short name quoted, which Polish leaves undeclined
            "island": ("model „wyspowy”", "modelu „wyspowy”", "modelu „wyspowy”")}


def test_every_model_has_its_name_in_each_case_a_sentence_needs(db_path):
    app = make_app(db_path, plugins=[("island", fourth_model)])
    with app.test_request_context():
        models = get_plugins(app).models
        forms = {m.key: tuple(map(str, (m.name_forms.nominative, m.name_forms.genitive, m.name_forms.locative)))
                 for m in models}
        assert forms == DECLINED
        with force_locale("en"):
            assert str(get_plugins(app).model("urban").name_forms.genitive) == "the urban model"
