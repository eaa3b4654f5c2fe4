"""The case's life in a real browser: the head of the centre approves a contract and hands the
case to another worker from the caseload; the worker closes the case after its confirmation page
and reopens it. Every page on the way is checked for accessibility."""
import pytest
from browser_support import click_and_check, login_as
from builders import add_contract_row, add_municipality, add_profile, add_user
from playwright.sync_api import expect

pytest_plugins = ["browser_support"]
pytestmark = pytest.mark.browser


def test_the_head_approves_a_contract_and_hands_the_case_over_then_the_worker_closes_it(browser, live_server):
    app = live_server.app
    municipality = add_municipality("102003")
    add_profile(app, municipality, contract_approval=True)
    ewa = add_user("ewa", "social_worker", municipality, full_name="Ewa Lis", must_change_password=False)
    add_user("jan", "social_worker", municipality, full_name="Jan Wróbel", must_change_password=False)
    add_user("kierownik", "centre_head", municipality, full_name="Maria Kierownik", must_change_password=False)
    add_contract_row(app, municipality, ewa, status="to_approve", last_name="Nowak")  # Ewa handed it over

    head = browser.new_context(base_url=live_server.url, locale="pl-PL").new_page()
    login_as(head, "kierownik")
    click_and_check(head, head.get_by_role("link", name="Sprawy ośrodka"))
    expect(head.get_by_role("row", name="Ewa Lis")).to_contain_text("1")
    click_and_check(head, head.get_by_role("link", name="Kontrakt nr 1 – Anna Nowak"))
    head.get_by_label("zatwierdzam kontrakt do podpisu").check()
    click_and_check(head, head.get_by_role("button", name="Zapisz decyzję"))
    expect(head.get_by_text("Zatwierdzono kontrakt do podpisu.")).to_be_visible()
    click_and_check(head, head.get_by_role("link", name="← Anna Nowak"))
    head.get_by_label("Nowy pracownik socjalny prowadzący sprawę").select_option(label="Jan Wróbel")
    click_and_check(head, head.get_by_role("button", name="Przekaż sprawę"))
    expect(head.get_by_text("Sprawę przekazano: prowadzi ją teraz Jan Wróbel.")).to_be_visible()

    worker = browser.new_context(base_url=live_server.url, locale="pl-PL").new_page()
    login_as(worker, "jan")
    click_and_check(worker, worker.get_by_role("link", name="Rejestr spraw"))
    click_and_check(worker, worker.get_by_role("link", name="Nowak Anna"))
    click_and_check(worker, worker.get_by_role("link", name="Zamknij sprawę"))
    expect(worker.get_by_role("heading", level=1)).to_have_text("Zamknąć sprawę: Anna Nowak?")
    worker.get_by_label("osoba lub rodzina radzi sobie samodzielnie").check()
    click_and_check(worker, worker.get_by_role("button", name="Zamknij sprawę"))
    expect(worker.get_by_text("Sprawa zamknięta", exact=True)).to_be_visible()
    click_and_check(worker, worker.get_by_role("link", name="Otwórz sprawę ponownie"))
    worker.get_by_label("Dlaczego sprawa jest ponownie otwierana").fill("Rodzina prosi o dalsze wsparcie")
    click_and_check(worker, worker.get_by_role("button", name="Otwórz sprawę ponownie"))
    expect(worker.get_by_text("Sprawa jest ponownie otwarta.")).to_be_visible()
    expect(worker.get_by_role("link", name="Zmień dane sprawy")).to_be_visible()
