"""What a worker is told before a record goes wrong: a PESEL already in a case, names that
cannot be shown as typed, implausible dates and contracts."""
import inspect
import re
from datetime import date, timedelta

import pytest
from builders import FEMALE_2005, MALE_1944, register, version_of, worker_client
from sqlalchemy import func, select
from wtforms.fields.core import UnboundField
from wtforms.form import BaseForm

from kooperacje.clients.models import Client, Person
from kooperacje.clock import local_today
from kooperacje.extensions import db


def client_id_of(response):
    return int(response.headers["Location"].rsplit("/", 1)[1])


def count(app, model):
    with app.app_context():
        return db.session.scalar(select(func.count(model.id)).execution_options(all_tenants=True))


def test_an_applicants_pesel_already_in_a_case_is_refused_with_a_link_to_that_case(app):
    client, _ = worker_client(app)
    first = client_id_of(register(client))
    warned = register(client, first_name="Janusz", street="Krótka 1")
    body = warned.get_data(as_text=True)
    assert warned.status_code == 400 and "ma już sprawę w tym ośrodku" in body
    assert f'href="/clients/{first}"' in body and "Krótka 1" in body  # linked, and the typed values kept
    assert count(app, Client) == 1
    insisted = register(client, first_name="Janusz", confirm_duplicate="y")  # no confirmation makes a second case
    assert insisted.status_code == 400 and count(app, Client) == 1


def test_editing_an_applicant_to_another_cases_pesel_is_refused(app):
    client, _ = worker_client(app)
    first = client_id_of(register(client))
    second = client_id_of(register(client, pesel=FEMALE_2005, first_name="Anna", last_name="Nowak", sex="F"))
    form = client.get(f"/clients/{second}/edit").get_data(as_text=True)
    version = version_of(form)
    refused = client.post(f"/clients/{second}/edit", data={"version": version, "kind": "family", "first_name": "Anna",
                                                          "last_name": "Nowak", "pesel": MALE_1944})
    assert refused.status_code == 400 and f'href="/clients/{first}"' in refused.get_data(as_text=True)
    same = client.post(f"/clients/{second}/edit", data={"version": version, "kind": "family", "first_name": "Anna",
                                                       "last_name": "Nowak", "pesel": FEMALE_2005, "sex": "F"})
    assert same.status_code == 302  # its own PESEL is no duplicate


def test_a_household_member_already_in_another_case_warns_and_the_same_household_refuses(app):
    client, _ = worker_client(app)
    first = client_id_of(register(client))
    second = client_id_of(register(client, pesel=FEMALE_2005, first_name="Anna", last_name="Nowak", sex="F"))
    member = {"member-first_name": "Jan", "member-last_name": "Kowalski", "member-relation": "spouse",
              "member-pesel": MALE_1944}
    warned = client.post(f"/clients/{second}/members", data=member)
    assert warned.status_code == 400 and f'href="/clients/{first}"' in warned.get_data(as_text=True)
    assert client.post(f"/clients/{second}/members", data={**member, "member-confirm_duplicate": "y"}).status_code == 302
    again = client.post(f"/clients/{second}/members", data={**member, "member-confirm_duplicate": "y"})
    assert again.status_code == 400 and "już w tym gospodarstwie" in again.get_data(as_text=True)
    assert count(app, Person) == 3


def test_another_municipalitys_case_with_the_same_pesel_is_never_revealed(app):
    first, _ = worker_client(app, "102003", "worker.a")
    register(first, last_name="Zgierska")
    second, _ = worker_client(app, "101102", "worker.b")
    response = register(second)
    body = response.get_data(as_text=True)
    assert response.status_code == 302 and "Zgierska" not in body
    assert count(app, Client) == 2


def test_a_household_members_pesel_in_another_municipality_gives_no_warning(app):
    first, _ = worker_client(app, "102003", "worker.a")
    register(first, pesel=FEMALE_2005, first_name="Anna", last_name="Zgierska", sex="F")
    second, _ = worker_client(app, "101102", "worker.b")
    case = client_id_of(register(second))
    added = second.post(f"/clients/{case}/members", data={"member-first_name": "Anna", "member-last_name": "Nowak",
                                                          "member-relation": "spouse", "member-pesel": FEMALE_2005})
    assert added.status_code == 302  # saved without a question: nothing of the other gmina shows
    page = second.get(f"/clients/{case}").get_data(as_text=True)
    assert "Zgierska" not in page and "istniejace-sprawy" not in page
    assert count(app, Person) == 3


def test_the_contract_sign_off_names_and_links_every_missing_field(app):
    from builders import family_with_signed_diagnosis, new_contract, post_part_one

    client, _ = worker_client(app)
    edit_url = new_contract(client, family_with_signed_diagnosis(client))
    post_part_one(client, edit_url, {"variant": "B", "period_from": "2026-12-01"})
    refusal = client.get(edit_url.replace("/edit", "/sign")).get_data(as_text=True)
    links = dict((text, anchor) for anchor, text in re.findall(
        rf'<li><a href="{re.escape(edit_url)}#([\w-]+)">([^<]+)</a></li>', refusal))
    assert links == {
        "Wpisz cel główny.": "main_goal",
        "Dodaj co najmniej jeden cel szczegółowy.": "goals-0-text",
        "Dodaj co najmniej jedno działanie osoby lub rodziny.": "dzialania",
        "Dodaj co najmniej jedno działanie pracownika socjalnego, ośrodka lub partnera.": "dzialania",
        "Podaj okres, na który zawierany jest kontrakt.": "period_to",
        "W wariancie B wskaż sytuację osoby na rynku pracy.": "labour_situations-0",
        "Uzupełnij pole „Plan działań ZZK: co wnosi każda instytucja – kto, co, do kiedy” "
        "(Wkład sektorów – zadania ZZK).": "sector_contributions__tasks"}
    form = client.get(edit_url).get_data(as_text=True)
    assert all(f'id="{anchor}"' in form for anchor in set(links.values()))


def test_names_are_kept_on_one_line_without_bidirectional_controls(app):
    client, _ = worker_client(app)
    response = register(client, first_name="  Anna\r\nMaria\t ", last_name="Kowal\u202eska\u2066-Nowak\u2069  ")
    assert response.status_code == 302
    with app.app_context():
        person = db.session.scalar(select(Person).execution_options(all_tenants=True))
        assert (person.first_name, person.last_name) == ("Anna Maria", "Kowalska-Nowak")


@pytest.mark.parametrize("last_name", ["Kowalski<b onclick=x>", "Kowalski 2", "Kowalski 🙂", "\u202e\r\n"])
def test_a_name_that_cannot_be_normalised_is_refused_with_a_message(app, last_name):
    client, _ = worker_client(app)
    response = register(client, last_name=last_name)
    body = response.get_data(as_text=True)
    assert response.status_code == 400 and ("Wpisz same litery" in body or "Podaj nazwisko." in body)
    assert count(app, Client) == 0


def test_names_with_apostrophes_hyphens_and_accents_are_accepted(app):
    client, _ = worker_client(app)
    assert register(client, first_name="Zoë", last_name="D’Angelo-Żurawska").status_code == 302


@pytest.mark.parametrize("fields", [{"pesel": "", "birth_date": "1850-05-01"}, {"pesel": "", "birth_date": "9999-12-31"},
                                    {"pesel": "", "birth_date": "tomorrow"}])
def test_a_birth_date_out_of_its_range_is_refused_with_a_message(app, fields):
    if fields["birth_date"] == "tomorrow":  # computed when the test runs: collection may be before midnight
        fields = {**fields, "birth_date": (local_today() + timedelta(days=1)).isoformat()}
    client, _ = worker_client(app)
    response = register(client, **fields)
    body = response.get_data(as_text=True)
    assert response.status_code == 400 and ("Podaj datę z lat 1900–2100." in body or "późniejsza niż dzisiejsza" in body)
    assert count(app, Client) == 0


def test_every_date_of_a_contract_and_of_a_models_plan_has_a_range(app):
    from builders import family_with_signed_diagnosis, new_contract, part_one, post_part_one

    client, _ = worker_client(app)
    edit_url = new_contract(client, family_with_signed_diagnosis(client))
    response = post_part_one(client, edit_url, part_one(
        period_to="9999-12-31", **{"actions-0-due_on": "0001-01-01", "supervision__next_supervision_on": "2200-01-01"}))
    body = response.get_data(as_text=True)
    assert response.status_code == 400 and body.count("Podaj datę z lat 1900–2100.") >= 2 * 3  # summary and field
    assert "Rodzina utrzymuje mieszkanie" in body  # what was typed is kept
    review = client.post(edit_url.replace("/edit", "/review"), data={"next_review_on": "9999-12-31"})
    assert review.status_code == 400


def test_a_stored_year_9999_breaks_neither_the_client_page_nor_the_retention_page(app):
    from builders import add_user, login

    from kooperacje.contracts.models import Contract

    client, municipality = worker_client(app)
    client_id = client_id_of(register(client))
    with app.app_context():
        db.session.add(Contract(municipality_id=municipality.id, client_id=client_id, number=1, model_key="urban",
                                status="closed", period_from=date(2020, 1, 1), period_to=date(9999, 12, 31),
                                ended_on=date(9999, 12, 31)))
        db.session.commit()
    page = client.get(f"/clients/{client_id}")
    assert page.status_code == 200 and "31.12.9999" in page.get_data(as_text=True)
    add_user("admin", "municipality_admin", municipality)
    admin = app.test_client()
    login(admin, "admin")
    assert admin.get("/municipality/retention").status_code == 200


def _bound_fields(form_class):
    """The class's fields bound as its Meta binds them, as WTForms does on construction, without
    calling a constructor that needs more than form data (the period a report form allows)."""
    meta = type("Meta", tuple(c.Meta for c in form_class.__mro__ if "Meta" in c.__dict__), {})()
    fields = sorted(inspect.getmembers(form_class, lambda v: isinstance(v, UnboundField)),
                    key=lambda pair: pair[1].creation_counter)
    return BaseForm(fields, meta=meta)


def test_the_range_is_on_every_date_field_of_every_form(app):
    import kooperacje.forms
    from kooperacje.fields import plausible_date

    def subclasses(cls):
        for sub in cls.__subclasses__():
            yield sub
            yield from subclasses(sub)

    with app.test_request_context():
        for module in ("clients.forms", "diagnoses.forms", "contracts.forms", "partnership.forms", "municipalities.forms", "users.forms", "admin.forms"):
            __import__(f"kooperacje.{module}")
        checked = 0
        for form_class in set(subclasses(kooperacje.forms.Form)):
            for field in _bound_fields(form_class):
                if field.type == "DateField":
                    assert plausible_date in field.validators, (form_class.__name__, field.name)
                    checked += 1
        assert checked >= 8
