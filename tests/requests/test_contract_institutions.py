"""A contract action done by a partner names one of the municipality's own PZK institutions:
another municipality's institution, or an id no institution has, is a form error in Polish that
reads the same either way (it tells nothing about which ids exist), never a 500."""
import pytest
from builders import (add_institution_row, add_municipality, family_with_signed_diagnosis, new_contract, part_one,
                      post_part_one, worker_client)
from sqlalchemy import select

from kooperacje.contracts.models import ContractAction
from kooperacje.extensions import db
from kooperacje.ids import MAX_ID

REFUSED = "Wybierz instytucję z listy partnerów PZK."


@pytest.fixture
def contract_form(app):
    client, municipality = worker_client(app)
    own = add_institution_row(app, municipality)
    foreign = add_institution_row(app, add_municipality("101102"), name="PUP w Łodzi")
    edit_url = new_contract(client, family_with_signed_diagnosis(client))
    return client, edit_url, own, foreign


@pytest.mark.parametrize("which", ["foreign", "unknown", "huge"])
def test_an_institution_outside_the_pzk_is_a_form_error(app, contract_form, which):
    client, edit_url, own, foreign = contract_form
    institution_id = {"foreign": foreign, "unknown": foreign + 1000, "huge": 2**63}[which]
    response = client.post(edit_url, data=dict(part_one(), **{"version": "1", "action": "save",
                                                             "actions-3-party": "partner",
                                                             "actions-3-institution_id": str(institution_id),
                                                             "actions-3-description": "Szkolenie"}))
    page = response.get_data(as_text=True)
    assert response.status_code == 400 and REFUSED in page and "Szkolenie" in page
    with app.app_context():
        assert db.session.scalars(select(ContractAction).execution_options(all_tenants=True)).all() == []


def test_an_institution_of_the_pzk_is_kept(app, contract_form):
    client, edit_url, own, _foreign = contract_form
    assert post_part_one(client, edit_url, part_one(own)).status_code == 302
    with app.app_context():
        saved = db.session.scalars(select(ContractAction.institution_id).execution_options(all_tenants=True)).all()
    assert own in saved and own < MAX_ID
