"""The team around a family, in a real browser: a worker records the family's consent for the
labour office, forms the team (the office's representative by their account, the school
pedagogue by name), records a meeting and turns one decision into an action of the signed
contract (by amendment) and another into a task of the office; the representative reads the
team and finds the task among the office's tasks; once the consent is withdrawn the team's page
answers 404 to them. Every page passes the accessibility check."""
from datetime import timedelta

import pytest
from browser_support import click_and_check, login_as, visit
from builders import _latest, add_contract_row, add_institution_row, add_municipality, add_user
from sqlalchemy import select

from kooperacje.clock import local_today
from kooperacje.contracts.models import Contract
from kooperacje.extensions import db
from playwright.sync_api import expect

pytestmark = pytest.mark.browser
pytest_plugins = ["browser_support"]

OFFICE, SCHOOL = "Powiatowy Urząd Pracy w Zgierzu", "Szkoła Podstawowa nr 3"


def _family_with_signed_contract():
    app = _latest.app
    municipality = add_municipality("102003")
    worker = add_user("pracownik", "social_worker", municipality, must_change_password=False)
    office = add_institution_row(app, municipality, name=OFFICE)
    add_institution_row(app, municipality, name=SCHOOL, sector="education")
    contract_id = add_contract_row(app, municipality, worker, last_name="Kowalska")
    with app.app_context():
        client_id = db.session.scalar(select(Contract.client_id).where(Contract.id == contract_id)
                                      .execution_options(all_tenants=True))
    add_user("pup.zgierz", "partner", municipality, institution_id=office, must_change_password=False,
             full_name="Anna Doradczyni")
    return client_id


def _form_team_with_members(page, client_id):
    visit(page, f"/clients/{client_id}")
    click_and_check(page, page.get_by_role("link", name="Zapisz nową zgodę"))
    page.get_by_label("Instytucja partnerska, której można udostępnić dane").select_option(label=OFFICE)
    page.get_by_label("diagnoza i plan pomocy").check()
    click_and_check(page, page.get_by_role("button", name="Zapisz zgodę"))
    expect(page.get_by_text("Zapisano zgodę w rejestrze.")).to_be_visible()

    visit(page, f"/clients/{client_id}")
    click_and_check(page, page.get_by_role("link", name="Powołaj zespół"))
    click_and_check(page, page.get_by_role("button", name="Powołaj zespół"))
    expect(page.get_by_text("Powołano zespół.")).to_be_visible()
    click_and_check(page, page.get_by_role("link", name="Dopisz członka"))
    page.get_by_label("Konto w aplikacji").select_option(label="Anna Doradczyni")
    page.get_by_label("Instytucja z PZK").select_option(label=OFFICE)
    page.get_by_label("Rola w zespole").fill("doradca zawodowy")
    page.get_by_label("Sektor").select_option(value="labour")
    click_and_check(page, page.get_by_role("button", name="Dopisz do zespołu"))
    click_and_check(page, page.get_by_role("link", name="Dopisz członka"))
    page.get_by_label("albo imię i nazwisko osoby spoza aplikacji").fill("Ewa Pedagog")
    page.get_by_label("Instytucja z PZK").select_option(label=SCHOOL)
    page.get_by_label("Rola w zespole").fill("pedagog szkolny")
    page.get_by_label("Sektor").select_option(value="education")
    click_and_check(page, page.get_by_role("button", name="Dopisz do zespołu"))
    expect(page.locator("main")).to_contain_text("Anna Doradczyni")
    expect(page.locator("main")).to_contain_text("Ewa Pedagog")
    return page.url


def _record_meeting(page):
    click_and_check(page, page.get_by_role("link", name="Zapisz spotkanie"))
    page.get_by_label("Anna Doradczyni").check()
    page.get_by_label("Ewa Pedagog").check()
    page.get_by_label("Przebieg spotkania").fill("Omówiono powrót matki do pracy i opiekę nad synem po lekcjach.")
    texts, kinds = page.get_by_label("Ustalenie", exact=True), page.get_by_label("Rodzaj ustalenia")
    texts.nth(0).fill("Matka zapisze syna na zajęcia świetlicy po lekcjach.")
    kinds.nth(0).select_option(value="contract_action")
    texts.nth(1).fill("Doradca przedstawi oferty staży na najbliższy kwartał.")
    kinds.nth(1).select_option(value="partner_task")
    click_and_check(page, page.get_by_role("button", name="Zapisz spotkanie"))
    expect(page.get_by_text("Zapisano spotkanie zespołu.")).to_be_visible()


def _carry_decisions_out(page):
    due = (local_today() + timedelta(days=21)).isoformat()
    click_and_check(page, page.get_by_role("link", name="Przenieś do kontraktu"))
    expect(page.locator("main")).to_contain_text("aneksem")
    page.get_by_label("Kto wykona działanie").select_option(label="osoba lub rodzina")
    expect(page.get_by_label("Działanie", exact=True)).to_have_value("Matka zapisze syna na zajęcia świetlicy po lekcjach.")
    page.get_by_label("Termin").fill(due)
    click_and_check(page, page.get_by_role("button", name="Dodaj działanie do kontraktu"))
    expect(page.get_by_text("Dodano działanie nr 1 do kontraktu nr 1 aneksem")).to_be_visible()

    click_and_check(page, page.get_by_role("link", name="Przekaż jako zadanie"))
    page.get_by_label("Dla kogo").select_option(label=f"Anna Doradczyni – {OFFICE}")
    page.get_by_label("Zadanie", exact=True).fill("Oferty staży na najbliższy kwartał")
    page.get_by_label("Termin").fill(due)
    click_and_check(page, page.get_by_role("button", name="Przekaż zadanie"))
    expect(page.get_by_text(f"Przekazano zadanie instytucji {OFFICE}.")).to_be_visible()
    expect(page.locator("main")).to_contain_text("przeniesione do kontraktu")
    # the contract shows the amendment that added the action; its signed part I is not rewritten
    click_and_check(page, page.get_by_role("link", name="kontrakt socjalny nr 1"))
    expect(page.locator("main")).to_contain_text("Dodano działanie nr 1 (osoba lub rodzina")


def test_a_team_meets_its_decisions_become_an_action_and_a_task_and_the_withdrawal_shuts_the_team(page, live_server):
    client_id = _family_with_signed_contract()
    login_as(page, "pracownik")
    team_url = _form_team_with_members(page, client_id).removeprefix(live_server.url)
    _record_meeting(page)
    _carry_decisions_out(page)
    click_and_check(page, page.get_by_role("button", name="Wyloguj"))

    login_as(page, "pup.zgierz")
    click_and_check(page, page.get_by_role("navigation", name="Menu główne").get_by_role("link",
                                                                                      name="Zespoły wokół rodzin"))
    click_and_check(page, page.get_by_role("main").get_by_role("link").first)
    assert page.url.endswith(team_url)
    expect(page.locator("main")).to_contain_text("Ewa Pedagog")
    click_and_check(page, page.get_by_role("navigation", name="Menu główne").get_by_role("link", name="Moja instytucja"))
    click_and_check(page, page.get_by_role("link", name="Oferty staży na najbliższy kwartał"))
    expect(page.locator("main")).to_contain_text("Anna Doradczyni")
    click_and_check(page, page.get_by_role("button", name="Wyloguj"))

    login_as(page, "pracownik")
    visit(page, f"/clients/{client_id}")
    click_and_check(page, page.get_by_role("link", name="Rejestr zgód (także wycofane)"))
    click_and_check(page, page.get_by_role("link", name="Wycofaj zgodę").first)
    click_and_check(page, page.get_by_role("button", name="Wycofaj zgodę"))
    expect(page.get_by_text("Zapisano wycofanie zgody.")).to_be_visible()
    click_and_check(page, page.get_by_role("button", name="Wyloguj"))

    login_as(page, "pup.zgierz")
    assert page.goto(team_url).status == 404
    visit(page, "/teams/mine")
    expect(page.locator("main")).to_contain_text("Nie należysz do żadnego zespołu, który możesz teraz zobaczyć.")
