"""The social contract: from the diagnosis to part I, signing, realisation, amendments, part II,
closing, the DOCX download, lost updates, the worker's desk and the boundaries."""
import io
import re
from datetime import date, timedelta

import docx
import pytest
from builders import (FEMALE_2005, add_institution_row, add_user, family_with_signed_diagnosis, login, new_contract,
                      part_one,
                      post_part_one, register, required_answers, save, signed_contract, version_of, worker_client)
from sqlalchemy import select
from werkzeug.datastructures import MultiDict

from kooperacje.audit.models import CASE_ACCESSED, AuditEvent
from kooperacje.clock import local_today
from kooperacje.contracts.models import Contract, ContractAction
from kooperacje.extensions import db


def contract_row(app):
    with app.app_context():
        contract = db.session.scalar(select(Contract).execution_options(all_tenants=True))
        contract.amendments, contract.goals  # loaded before the session closes
        return contract, [g.text for g in contract.goals], [(a.party, a.description) for a in contract.actions]


def test_a_new_contract_carries_the_assessment_from_the_signed_diagnosis(app):
    client, _ = worker_client(app)
    client_id = family_with_signed_diagnosis(client)
    body = client.get(new_contract(client, client_id)).get_data(as_text=True)
    assert "Utrata pracy" in body and "Dobre relacje z dziećmi" in body and "Zadłużenie czynszowe" in body
    assert "Ala Kowalska" in body  # a family member the contract may cover
    contract, _, _ = contract_row(app)
    assert contract.status == "draft" and contract.diagnosis_id is not None and contract.variant == "B"  # unemployment


def test_goals_and_actions_are_saved_blank_rows_skipped_and_rows_removed(app):
    client, municipality = worker_client(app)
    client_id = family_with_signed_diagnosis(client)
    institution_id = add_institution_row(app, municipality)
    edit_url = new_contract(client, client_id)
    assert post_part_one(client, edit_url, part_one(institution_id)).status_code == 302
    contract, goals, actions = contract_row(app)
    assert goals == ["Spłata zaległości czynszowych"]
    assert actions == [("client", "Zgłoszenie się do PUP"), ("worker", "Wniosek o dodatek mieszkaniowy"),
                       ("partner", "Szkolenie zawodowe")]
    assert contract.period_to == date(2027, 3, 31) and contract.model_data["sector_contributions"]
    page = client.get(edit_url).get_data(as_text=True)
    ids = re.findall(r'name="actions-(\d+)-id" type="hidden" value="(\d+)"', page)
    changed = part_one(institution_id, **{f"actions-{ids[1][0]}-id": ids[1][1], f"actions-{ids[1][0]}-remove": "y"})
    for index, row_id in ids:
        changed[f"actions-{index}-id"] = row_id
    post_part_one(client, edit_url, changed)
    _, _, actions = contract_row(app)
    assert [a[1] for a in actions] == ["Zgłoszenie się do PUP", "Szkolenie zawodowe"]


def test_row_ids_of_another_contract_change_nothing_there(app):
    client, municipality = worker_client(app)
    client_id = family_with_signed_diagnosis(client)
    first = new_contract(client, client_id)
    post_part_one(client, first, part_one())
    with app.app_context():
        goal_id = db.session.scalar(select(Contract).execution_options(all_tenants=True)).goals[0].id
    second = new_contract(client, client_id)
    post_part_one(client, second, part_one(**{"goals-0-id": str(goal_id), "goals-0-text": "Przejęty cel"}))
    with app.app_context():
        contracts = db.session.scalars(select(Contract).order_by(Contract.id).execution_options(all_tenants=True)).all()
        assert [g.text for g in contracts[0].goals] == ["Spłata zaległości czynszowych"]
        assert [g.text for g in contracts[1].goals] == ["Przejęty cel"]


@pytest.mark.parametrize("changes,message", [
    ({"actions-0-description": "", "actions-0-method": "Sam sposób"}, "Opisz działanie albo zaznacz „Usuń”."),
    ({"actions-1-party": "partner"}, "Wskaż instytucję, która wykona działanie."),
    ({"period_to": "2026-11-01"}, "Koniec okresu nie może być wcześniejszy niż jego początek."),
    ({"period_from": "32.13.2026"}, "period_from"),
    ({"variant": "C"}, "variant"),
    ({"main_goal": "x" * 2001}, "main_goal"),
    ({"variant": "B", "referral_on": "32.13.2026"}, "referral_on"),
    ({"variant": "B", "referral_on": "2150-01-01"}, "Podaj datę z lat 1900–2100."),
    ({"variant": "B", "referral_office": "Urząd " * 40}, "referral_office"),
    ({"variant": "B", "referral_number": "9" * 61}, "referral_number"),
    ({"variant": "B", "unemployment_causes": "x" * 8001}, "unemployment_causes"),
    ({"variant": "B", "job_search_limits": "x" * 8001}, "job_search_limits"),
    ({"variant": "B", "earlier_activation": "x" * 8001}, "earlier_activation"),
    ({"variant": "B", "activation_failure": "x" * 8001}, "activation_failure"),
])
def test_bad_part_one_input_gets_field_messages_and_keeps_the_text(app, changes, message):
    client, _ = worker_client(app)
    edit_url = new_contract(client, family_with_signed_diagnosis(client))
    response = post_part_one(client, edit_url, part_one(limitations="Bariera, której nie wolno zgubić", **changes))
    body = response.get_data(as_text=True)
    assert response.status_code == 400 and message in body and "Bariera, której nie wolno zgubić" in body
    contract, goals, _ = contract_row(app)
    assert goals == [] and contract.limitations == "Zadłużenie czynszowe"


def _household(app):
    """The ids of the household members besides the applicant, in the order they were added."""
    from kooperacje.clients.models import Person

    with app.app_context():
        return db.session.scalars(select(Person.id).where(Person.relation != "applicant").order_by(Person.id)
                                  .execution_options(all_tenants=True)).all()


def test_a_referral_dated_after_today_is_refused_in_polish(app):
    client, _ = worker_client(app)
    edit_url = new_contract(client, family_with_signed_diagnosis(client))
    tomorrow = (local_today() + timedelta(days=1)).isoformat()
    response = post_part_one(client, edit_url, part_one(variant="B", referral_on=tomorrow,
                                                        referral_number="CAZ.5420.1.2026"))
    body = response.get_data(as_text=True)
    assert response.status_code == 400 and "Data skierowania nie może być późniejsza niż dzisiejsza." in body
    assert 'value="CAZ.5420.1.2026"' in body and contract_row(app)[0].referral_on is None


def test_variant_b_saves_the_referral_and_the_four_descriptions_and_no_family_members(app):
    client, _ = worker_client(app)
    edit_url = new_contract(client, family_with_signed_diagnosis(client))
    assert contract_row(app)[0].covered_member_ids == []  # a new contract of variant B covers no one
    ala = _household(app)
    response = post_part_one(client, edit_url, MultiDict([*part_one(variant="B", **VARIANT_B_FORM).items(),
                                                          *(("covered_member_ids", str(i)) for i in ala)]))
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "W wariancie B stronami kontraktu są tylko osoba i pracownik socjalny" in page
    contract = contract_row(app)[0]
    assert contract.covered_member_ids == [] and contract.referral_on == date(2026, 11, 20)
    assert (contract.referral_office, contract.referral_number) == ("PUP w Zgierzu", "CAZ.5420.7.2026")
    assert (contract.unemployment_causes, contract.job_search_limits, contract.earlier_activation,
            contract.activation_failure) == ("Likwidacja zakładu", "Brak prawa jazdy", "Szkolenie 2025",
                                             "Przerwane: opieka nad dzieckiem")
    view = client.get(edit_url.replace("/edit", "")).get_data(as_text=True)
    assert "CAZ.5420.7.2026" in view and "Przerwane: opieka nad dzieckiem" in view
    post_part_one(client, edit_url, part_one(variant="A", **VARIANT_B_FORM))  # a contract of variant A keeps none
    contract = contract_row(app)[0]
    assert contract.referral_office is None and contract.unemployment_causes is None


def test_signing_lists_what_is_missing_then_asks_for_confirmation(app):
    client, _ = worker_client(app)
    edit_url = new_contract(client, family_with_signed_diagnosis(client))
    sign_url = edit_url.replace("/edit", "/sign")
    missing = client.get(sign_url).get_data(as_text=True)
    for problem in ("Wpisz cel główny.", "Dodaj co najmniej jeden cel szczegółowy.",
                    "Podaj okres, na który zawierany jest kontrakt.", "Uzupełnij pole „Plan działań ZZK"):
        assert problem in missing
    assert client.post(sign_url, data={"version": "99", "concluded_on": "2026-12-01"}).status_code == 400
    assert contract_row(app)[0].status == "draft"
    post_part_one(client, edit_url, part_one())
    confirm = client.get(sign_url).get_data(as_text=True)
    assert "Podpisanie tworzy zobowiązania" in confirm and "Potwierdzam" in confirm
    client.post(sign_url, data={"version": version_of(confirm), "concluded_on": "2026-12-02"})
    contract, _, _ = contract_row(app)
    assert contract.status == "signed" and contract.concluded_on == date(2026, 12, 2)
    assert client.get(edit_url).status_code == 302  # part I is fixed once signed


def test_variant_b_needs_the_labour_market_situation(app):
    client, _ = worker_client(app)
    edit_url = new_contract(client, family_with_signed_diagnosis(client))
    post_part_one(client, edit_url, part_one(variant="B"))
    assert "W wariancie B wskaż sytuację" in client.get(edit_url.replace("/edit", "/sign")).get_data(as_text=True)
    post_part_one(client, edit_url, MultiDict([*part_one(variant="B").items(), ("labour_situations", "long_term"),
                                               ("labour_situations", "single_parent")]))
    assert contract_row(app)[0].labour_situations == ["long_term", "single_parent"]
    assert "W wariancie B" not in client.get(edit_url.replace("/edit", "/sign")).get_data(as_text=True).split(
        "<main")[1].split("Podpisanie")[0]


def test_a_stale_save_of_part_one_is_a_conflict_that_keeps_the_typed_text(app):
    client, _ = worker_client(app)
    edit_url = new_contract(client, family_with_signed_diagnosis(client))
    stale = version_of(client.get(edit_url).get_data(as_text=True))
    post_part_one(client, edit_url, part_one(main_goal="Cel kolegi"))
    response = client.post(edit_url, data={**part_one(main_goal="Mój cel główny"), "version": stale})
    body = response.get_data(as_text=True)
    assert response.status_code == 409 and "Mój cel główny" in body and "Cel kolegi" in body
    assert contract_row(app)[0].main_goal == "Cel kolegi"


def test_a_stale_save_of_part_two_is_a_conflict_that_keeps_the_typed_summary(app):
    client, municipality = worker_client(app)
    view_url, _ = signed_contract(app, client, municipality)
    evaluation_url = view_url + "/evaluation"
    stale = version_of(client.get(evaluation_url).get_data(as_text=True))
    assert client.post(evaluation_url, data={"version": stale, "summary": "Ocena kolegi"}).status_code == 302
    response = client.post(evaluation_url, data={"version": stale, "summary": "Moja ocena"})
    body = response.get_data(as_text=True)
    assert response.status_code == 409
    assert "Ktoś inny zapisał w międzyczasie ten dokument" in body and "Moja ocena" in body
    assert version_of(body) != stale  # saving again from this page is a deliberate overwrite
    assert contract_row(app)[0].summary == "Ocena kolegi"


def test_realisation_amendments_and_part_two_through_to_closing(app):
    client, municipality = worker_client(app)
    view_url, _ = signed_contract(app, client, municipality)
    page = client.get(view_url).get_data(as_text=True)
    assert client.post(view_url + "/start", data={"version": version_of(page)}).status_code == 302
    assert contract_row(app)[0].status == "in_progress"
    bad = client.post(view_url + "/amendments", data={"made_on": "2027-01-10", "text": ""})
    assert bad.status_code == 400 and "Opisz zmianę." in bad.get_data(as_text=True)
    client.post(view_url + "/amendments", data={"made_on": "2027-01-10", "text": "Przedłużenie o miesiąc",
                                                "period_to": "2027-04-30"})
    contract, _, _ = contract_row(app)
    assert contract.period_to == date(2027, 4, 30) and contract.amendments[0].previous_period_to == date(2027, 3, 31)
    with app.app_context():
        action_id = db.session.scalars(select(ContractAction.id).execution_options(all_tenants=True)).first()
    client.post(f"/clients/contract-actions/{action_id}/status", data={"status": "done"})
    assert client.post(f"/clients/contract-actions/{action_id}/status", data={"status": "bogus"}).status_code == 400
    evaluation_url = view_url + "/evaluation"
    form = client.get(evaluation_url).get_data(as_text=True)
    goal_id = re.search(r'name="goals-0-id" type="hidden" value="(\d+)"', form).group(1)
    partial = client.post(evaluation_url, data={"version": version_of(form), "action": "finish", "goals-0-id": goal_id,
                                                "goals-0-outcome": "partly", "summary": "Częściowy postęp"})
    assert partial.status_code == 400
    assert "Podaj przyczyny przy celach" in partial.get_data(as_text=True)
    assert "Podaj, jak i kiedy kontrakt się zakończył." in partial.get_data(as_text=True)
    contract, _, _ = contract_row(app)
    assert contract.summary == "Częściowy postęp" and contract.status == "in_progress"  # saved, not finished
    done = client.post(evaluation_url, data={
        "version": version_of(partial.get_data(as_text=True)), "action": "finish", "goals-0-id": goal_id,
        "goals-0-outcome": "partly", "goals-0-outcome_reason": "Spłacono połowę", "ending": "terminated",
        "ended_on": "2027-02-01", "ending_reason": "Wyprowadzka z gminy", "summary": "Częściowy postęp"})
    assert done.status_code == 302
    contract, _, _ = contract_row(app)
    assert contract.status == "evaluated" and contract.goals[0].outcome == "partly"
    confirm = client.get(view_url + "/close").get_data(as_text=True)
    assert "Zamknąć kontrakt socjalny" in confirm
    client.post(view_url + "/close", data={"version": version_of(confirm)})
    assert contract_row(app)[0].status == "closed"
    assert client.post(view_url + "/amendments", data={"made_on": "2027-03-01", "text": "Za późno"}).status_code == 400


def test_the_contract_downloads_as_a_docx_with_a_safe_name(app):
    client, municipality = worker_client(app)
    view_url, _ = signed_contract(app, client, municipality)
    response = client.get(view_url + "/contract.docx")
    assert response.status_code == 200 and response.mimetype.endswith("wordprocessingml.document")
    disposition = response.headers["Content-Disposition"]
    assert re.fullmatch(r"attachment; filename=kontrakt-\d+-1-2026-12-01\.docx", disposition)
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(response.data)).paragraphs)
    assert "KONTRAKT SOCJALNY" in text.upper() and "Rodzina utrzymuje mieszkanie" in text


def test_the_workers_desk_shows_reviews_ending_periods_and_overdue_partner_actions(app, monkeypatch):
    from kooperacje.clients import routes as routes

    client, municipality = worker_client(app)
    view_url, _ = signed_contract(app, client, municipality)
    client.post(view_url + "/review", data={"next_review_on": "2027-03-20"})

    monkeypatch.setattr(routes, "local_today", lambda: date(2027, 3, 25))
    desk = client.get("/clients/desk").get_data(as_text=True)
    reviews, ending, overdue = (desk.split("<h2>")[i] for i in (1, 2, 3))
    assert "20.03.2027" in reviews and "po terminie" in reviews
    assert "31.03.2027" in ending
    assert "Szkolenie zawodowe" in overdue and "PUP w Zgierzu" in overdue
    with app.app_context():
        case = db.session.scalar(select(Contract).execution_options(all_tenants=True)).client
        case_id, applicant = case.id, case.applicant.full_name
    assert applicant in reviews and applicant in ending and applicant in overdue
    assert _desk_accesses(app) == [case_id]  # the desk showed that case: its access is audited, once
    add_user("kolega", "social_worker", municipality)
    other = app.test_client()
    login(other, "kolega")
    assert "Szkolenie zawodowe" not in other.get("/clients/desk").get_data(as_text=True)  # only own cases
    assert _desk_accesses(app) == [case_id]  # a desk with nothing on it records nothing


def _desk_accesses(app):
    with app.app_context():
        return db.session.scalars(select(AuditEvent.client_id).where(
            AuditEvent.action == CASE_ACCESSED, AuditEvent.detail == "clients.desk")).all()


def test_contracts_of_another_municipality_are_not_found(app):
    first, municipality = worker_client(app, "102003", "worker.a")
    view_url, _ = signed_contract(app, first, municipality)
    second, _ = worker_client(app, "101102", "worker.b")
    for url in (view_url, view_url + "/contract.docx", view_url + "/evaluation", view_url + "/edit"):
        assert second.get(url).status_code == 404, url
    assert second.post(view_url + "/amendments", data={"made_on": "2027-01-01", "text": "Obcy"}).status_code == 404
    with app.app_context():
        action_id = db.session.scalars(select(ContractAction.id).execution_options(all_tenants=True)).first()
    assert second.post(f"/clients/contract-actions/{action_id}/status", data={"status": "done"}).status_code == 404
    contract, _, actions = contract_row(app)
    assert contract.amendments == [] and contract.status == "signed"


def test_posting_ownership_or_status_fields_changes_nothing(app):
    client, _ = worker_client(app)
    edit_url = new_contract(client, family_with_signed_diagnosis(client))
    post_part_one(client, edit_url, part_one(status="closed", municipality_id="999", worker_id="999",
                                             client_id="999"))
    contract, _, _ = contract_row(app)
    assert contract.status == "draft" and contract.municipality_id != 999 and contract.worker_id != 999
    assert contract.client_id != 999


@pytest.mark.parametrize("role", ["coordinator", "municipality_admin"])
def test_only_social_workers_open_contracts(app, role):
    client, municipality = worker_client(app)
    view_url, _ = signed_contract(app, client, municipality)
    add_user("other", role, municipality)
    other = app.test_client()
    login(other, "other")
    assert other.get(view_url).status_code == 403 and other.get(view_url + "/contract.docx").status_code == 403
    assert other.get("/clients/desk").status_code == 403


def test_overdue_dates_use_today(app):
    """A contract whose period ended yesterday is flagged on the desk as needing evaluation."""
    client, municipality = worker_client(app)
    view_url, _ = signed_contract(app, client, municipality)
    with app.app_context():
        contract = db.session.scalar(select(Contract).execution_options(all_tenants=True))
        contract.period_to = local_today() - timedelta(days=1)
        db.session.commit()
    assert "wymaga oceny" in client.get("/clients/desk").get_data(as_text=True)


def test_demo_data_gives_each_model_a_family_with_a_diagnosis_and_a_contract(tmp_path):
    from builders import empty_database, make_app

    from kooperacje.auth.models import User
    from kooperacje.diagnoses.models import Diagnosis

    app = make_app(empty_database(tmp_path, "demo.db"), AUTO_MIGRATE=True, DEMO_DATA=True)
    with app.app_context():
        contracts = db.session.scalars(select(Contract).execution_options(all_tenants=True)).all()
        diagnoses = db.session.scalars(select(Diagnosis).execution_options(all_tenants=True)).all()
        assert sorted(c.model_key for c in contracts) == ["rural", "urban", "urban_rural"]
        [variant_b] = [c for c in contracts if c.variant == "B"]  # and one of variant A in each other model
        assert variant_b.covered_member_ids == [] and variant_b.referral_number and variant_b.referral_on
        assert all((variant_b.unemployment_causes, variant_b.job_search_limits, variant_b.earlier_activation,
                    variant_b.activation_failure))
        assert variant_b.labour_list["groups"] == ["długotrwale bezrobotna",
                                                   "samotnie wychowująca co najmniej jedno dziecko"]
        contract_id = next(c.id for c in contracts if c.model_key == "urban")
        assert all(d.status == "signed" for d in diagnoses) and len(diagnoses) == 3
        worker = db.session.scalar(select(User).where(User.username == "pracownik.zgierz"))
        worker.set_password("Długie hasło testowe 2026!")
        worker.must_change_password = False
        db.session.commit()
    client = app.test_client()
    login(client, "pracownik.zgierz")
    desk = client.get("/clients/desk").get_data(as_text=True)
    assert "Skierowanie na szkolenie zawodowe" in desk and "Przykładowa" in desk
    assert client.get(f"/clients/contracts/{contract_id}/contract.docx").status_code == 200


MODEL_PLAN = {  # (gmina, the plan's required answer, the heading its section gets in the DOCX annex)
    "rural": ("101102", {"ipw__self_reliance_goals": "Matka: praca; syn: szkoła"}, "Indywidualny Program Współpracy"),
    "urban_rural": ("102004", {"ggk_plan__goals": "Cele uzgodnione na GGK"}, "Plan współpracy GGK"),
    "urban": ("102003", {"sector_contributions__tasks": "PUP: szkolenie; szkoła: świetlica"}, "Wkład sektorów – zadania ZZK"),
}
VARIANT_B_FORM = {"referral_office": "PUP w Zgierzu", "referral_on": "2026-11-20", "referral_number": "CAZ.5420.7.2026",
                  "unemployment_causes": "Likwidacja zakładu", "job_search_limits": "Brak prawa jazdy",
                  "earlier_activation": "Szkolenie 2025", "activation_failure": "Przerwane: opieka nad dzieckiem"}


def _family_of_three(client, model):
    """Jan Kowalski (the applicant), his adult daughter Ala and Kuba, who is 7 on the day of concluding."""
    client_id = int(register(client).headers["Location"].rsplit("/", 1)[1])
    for first, extra in (("Ala", {"member-pesel": FEMALE_2005}), ("Kuba", {"member-birth_date": "2019-05-01"})):
        assert client.post(f"/clients/{client_id}/members", data={
            "member-first_name": first, "member-last_name": "Kowalska" if first == "Ala" else "Kowalski",
            "member-relation": "child", **extra}).status_code == 302
    diagnosis_url = client.post(f"/clients/{client_id}/diagnoses").headers["Location"]
    to_sign = save(client, diagnosis_url, action="sign", **required_answers(model, conclusions__conclusions="Wnioski"))
    client.post(to_sign.headers["Location"], data={
        "version": version_of(client.get(to_sign.headers["Location"]).get_data(as_text=True))})
    return client_id


def _signed_document(app, client, municipality, model, variant):
    client_id = _family_of_three(client, model)
    institution_id = add_institution_row(app, municipality)
    edit_url = new_contract(client, client_id)
    members = _household(app)
    data = {k: v for k, v in part_one(institution_id, variant=variant).items()
            if k not in required_answers("urban", "contract")}
    data.update(MODEL_PLAN[model][1])
    if variant == "B":
        data.update(VARIANT_B_FORM, labour_situations="long_term")
    assert post_part_one(client, edit_url, MultiDict([*data.items(), *(("covered_member_ids", str(i))
                                                                       for i in members)])).status_code == 302
    sign_url = edit_url.replace("/edit", "/sign")
    confirm = client.get(sign_url).get_data(as_text=True)
    assert "Potwierdzam" in confirm
    client.post(sign_url, data={"version": version_of(confirm), "concluded_on": "2026-12-01"})
    return edit_url.replace("/edit", "/contract.docx")


@pytest.mark.parametrize("language", ["pl", "en"])
@pytest.mark.parametrize("variant", ["A", "B"])
@pytest.mark.parametrize("model", MODEL_PLAN)
def test_each_models_contract_in_both_variants_has_its_sections_parties_and_signatures(app, model, variant,
                                                                                      language):
    """Reopened with python-docx, whatever the interface language: the template's sections in
    order, the model's plan and the partner's action in the annex, in variant A the adult daughter
    as a party (Kuba, 7, is covered but signs nothing) and in variant B the person alone."""
    client, municipality = worker_client(app, MODEL_PLAN[model][0])
    docx_url = _signed_document(app, client, municipality, model, variant)
    if language == "en":
        assert client.post("/language", data={"lang": "en"}).status_code == 302
    document = docx.Document(io.BytesIO(client.get(docx_url).data))
    headings = [p.text for p in document.paragraphs if p.style.name in ("Title", "Heading 1", "Heading 2")]
    annex = next(h for h in headings if h.startswith("Załącznik: plan indywidualny – "))
    statutory = ["KONTRAKT SOCJALNY", f"Część I {variant} – zawarcie kontraktu", "Strony kontraktu",
                 "Ocena sytuacji życiowej", *(["Sytuacja osoby bezrobotnej na rynku pracy"] if variant == "B" else []),
                 "Cele kontraktu", "Uzgodnione działania", "Okres obowiązywania kontraktu", annex,
                 "Działania instytucji partnerskich", f"Część II {variant} – ocena realizacji kontraktu",
                 "Ocena realizacji celów", "Realizacja działań", "Zmiany kontraktu", "Zakończenie kontraktu"]
    assert [h for h in headings if h in statutory] == statutory
    assert any(MODEL_PLAN[model][2] in h for h in headings[headings.index(annex):headings.index(statutory[-5])])
    body = document.element.body
    partner = next(t for t in document.tables if t.rows[0].cells[1].text == "Instytucja")
    annex_at = next(p for p in document.paragraphs if p.text == annex)
    assert body.index(annex_at._p) < body.index(partner._tbl)  # the partner's action is the plan's, not part I's
    assert partner.rows[1].cells[2].text == "Szkolenie zawodowe"
    assert next(iter(MODEL_PLAN[model][1].values())) in "\n".join(p.text for p in document.paragraphs)
    cells = [[c.text for c in row.cells] for t in document.tables for row in t.rows]
    assert ["Nazwisko", "Kowalski"] in cells and ["Imię", "Jan"] in cells
    members = [row[1] for row in cells if row[:1] in (["Kowalska"], ["Kowalski"]) and len(row) == 4]
    signatures = [c.text.split("\n")[0] for t in document.tables for row in t.rows for c in row.cells
                  if "(podpis" in c.text]
    worker = signatures[1]
    if variant == "A":
        assert members == ["Ala", "Kuba"]
        assert signatures == ["Jan Kowalski", worker, "Ala Kowalska"] * 2
    else:
        assert members == []
        assert signatures == ["Jan Kowalski", worker] * 2
        for row in (["Urząd pracy", "PUP w Zgierzu"], ["Data skierowania", "20.11.2026"],
                    ["Numer (znak) skierowania", "CAZ.5420.7.2026"]):
            assert row in cells
        text = "\n".join(p.text for p in document.paragraphs)
        assert "Przyczyny pozostawania bez pracy\nLikwidacja zakładu" in text
        assert "Przyczyny nieskuteczności dotychczasowych form aktywizacji\nPrzerwane: opieka nad dzieckiem" in text
        assert "długotrwale bezrobotna" in text and "Dz.U. 2025 poz. 620" in text


def test_the_client_data_report_lists_data_sharing_and_every_access(app):
    client, municipality = worker_client(app)
    school = add_institution_row(app, municipality, "Szkoła Podstawowa nr 3", "education")
    client_id = int(register(client).headers["Location"].rsplit("/", 1)[1])
    edit_url = client.post(f"/clients/{client_id}/diagnoses").headers["Location"]
    to_sign = client.post(edit_url, data=MultiDict([
        ("version", version_of(client.get(edit_url).get_data(as_text=True))), ("action", "sign"),
        *required_answers("urban").items(), ("partners__involve", str(school)),
        ("partners__consent", str(school))]))
    client.post(to_sign.headers["Location"], data={
        "version": version_of(client.get(to_sign.headers["Location"]).get_data(as_text=True))})
    client.get(edit_url.replace("/edit", ""))
    report = client.get(f"/clients/{client_id}/report").get_data(as_text=True)
    assert "Jan Kowalski" in report and "44051401359" in report  # the client sees their own PESEL
    sharing = report.split("Instytucje, którym dane")[1].split("</table>")[0]
    assert "Szkoła Podstawowa nr 3" in sharing and sharing.count(">tak<") == 2
    accesses = report.split("Dostęp do danych")[1]
    for purpose in ("rejestracja sprawy", "rozpoczęcie diagnozy", "zatwierdzenie diagnozy", "wgląd w diagnozę"):
        assert purpose in accesses, purpose
    assert "Pracownik socjalny" in accesses
    other, _ = worker_client(app, "101102", "worker.b")
    assert other.get(f"/clients/{client_id}/report").status_code == 404
    with app.app_context():
        from kooperacje.audit.models import AuditEvent

        assert db.session.scalar(select(AuditEvent.object_id).where(AuditEvent.action == "client_report_viewed")) \
            == client_id


def test_an_action_due_after_the_contract_ends_is_saved_only_once_confirmed(app):
    client, _ = worker_client(app)
    edit_url = new_contract(client, family_with_signed_diagnosis(client))
    late = part_one(**{"actions-0-due_on": "2027-05-10"})  # the contract ends on 31.03.2027
    response = post_part_one(client, edit_url, late)
    body = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Termin jest późniejszy niż koniec kontraktu (31.03.2027)" in body
    assert "Rozumiem, zapisz mimo to" in body and 'href="#actions-0-due_on"' in body
    assert "Zgłoszenie się do PUP" in body and "Wizyta u doradcy zawodowego" in body  # nothing typed is lost
    assert contract_row(app)[2] == []
    assert post_part_one(client, edit_url, {**late, "confirm_implausible": "y"}).status_code == 302
    with app.app_context():
        due = db.session.scalars(select(ContractAction.due_on).execution_options(all_tenants=True)).all()
    assert date(2027, 5, 10) in due


def test_a_contract_overlapping_a_running_one_of_the_case_is_saved_only_once_confirmed(app):
    client, municipality = worker_client(app)
    signed_url, _ = signed_contract(app, client, municipality)
    with app.app_context():
        client_id = db.session.scalar(select(Contract.client_id).execution_options(all_tenants=True))
    edit_url = new_contract(client, client_id)
    overlapping = part_one(period_from="2027-03-01", period_to="2027-06-30", **{"actions-0-due_on": "2027-04-15"})
    response = post_part_one(client, edit_url, overlapping)
    body = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Okres nakłada się na kontrakt nr 1 tej sprawy (01.12.2026 – 31.03.2027), który jeszcze trwa." in body
    assert f'href="{signed_url}"' in body
    after = part_one(period_from="2027-04-01", period_to="2027-06-30", **{"actions-0-due_on": "2027-04-15"})
    assert post_part_one(client, edit_url, after).status_code == 302
    assert post_part_one(client, edit_url, {**overlapping, "confirm_implausible": "y"}).status_code == 302


def test_an_amendment_ending_the_contract_before_a_planned_action_is_added_only_once_confirmed(app):
    client, municipality = worker_client(app)
    view_url, _ = signed_contract(app, client, municipality)  # the client's PUP visit is due 15.12.2026
    shorter = {"made_on": "2026-12-05", "text": "Skrócenie kontraktu", "period_to": "2026-12-12"}
    response = client.post(view_url + "/amendments", data=shorter)
    body = response.get_data(as_text=True)
    assert response.status_code == 400 and "Skrócenie kontraktu" in body
    assert "Działanie nr 1 ma termin 15.12.2026, późniejszy niż nowy koniec kontraktu." in body
    assert contract_row(app)[0].period_to == date(2027, 3, 31)
    before_start = {**shorter, "period_to": "2026-11-20", "confirm_implausible": "y"}
    assert "nie może być wcześniejszy niż początek kontraktu (01.12.2026)" in client.post(
        view_url + "/amendments", data=before_start).get_data(as_text=True)
    assert client.post(view_url + "/amendments", data={**shorter, "confirm_implausible": "y"}).status_code == 302
    assert contract_row(app)[0].period_to == date(2026, 12, 12)
