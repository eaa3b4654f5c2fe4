"""Text beyond a field's limit: the page states the limit, and the server's refusal is in the
interface language, for the rows of a list (a contract's goals, plain WTForms forms) as for
ordinary forms."""
import inspect

import pytest
import wtforms
from browser_support import click_and_check, login_as, visit
from builders import (add_municipality, add_user, family_with_signed_diagnosis, new_contract, part_one, post_part_one,
                      worker_client)
from playwright.sync_api import expect

from kooperacje.forms import Form, RowForm

pytest_plugins = ["browser_support"]

MESSAGES = {"pl": "Wartość w polu nie może mieć więcej niż 2000 znaków.",
            "en": "Field cannot be longer than 2000 characters."}


@pytest.mark.parametrize("lang", ["pl", "en"])
@pytest.mark.parametrize("field", ["goals-0-text", "main_goal"], ids=["row form (a goal)", "ordinary form"])
def test_over_long_text_is_refused_in_the_interface_language(app, lang, field):
    client, _ = worker_client(app)
    edit_url = new_contract(client, family_with_signed_diagnosis(client))
    client.post("/language", data={"lang": lang})
    response = post_part_one(client, edit_url, part_one(**{field: "ą" * 2001}))
    body = response.get_data(as_text=True)
    assert response.status_code == 400
    assert MESSAGES[lang] in body
    assert "ą" * 2001 in body  # the typed text is kept for the user to shorten
    other = MESSAGES["en" if lang == "pl" else "pl"]
    assert other not in body


@pytest.mark.parametrize("lang,hint", [("pl", "Najwyżej 2000 znaków."), ("en", "At most 2000 characters.")])
def test_every_limited_field_states_its_limit_without_javascript(app, lang, hint):
    client, _ = worker_client(app)
    edit_url = new_contract(client, family_with_signed_diagnosis(client))
    client.post("/language", data={"lang": lang})
    body = client.get(edit_url).get_data(as_text=True)
    assert 'id="main_goal-limit"' in body and hint in body
    assert 'aria-describedby="main_goal-limit"' in body or "main_goal-limit\"" in body
    # one stated limit for each limited field the page renders through the form macros
    assert body.count('class="hint char-count"') == body.count('maxlength="') - body.count('type="search"')


def test_polish_limits_decline_the_noun(app):
    from flask_babel import ngettext

    with app.test_request_context():
        texts = [ngettext("Najwyżej %(num)d znak.", "Najwyżej %(num)d znaków.", n) for n in (1, 254, 2000)]
    assert texts == ["Najwyżej 1 znak.", "Najwyżej 254 znaki.", "Najwyżej 2000 znaków."]


def _form_classes():
    seen, queue = set(), [wtforms.Form]
    while queue:
        cls = queue.pop()
        for sub in cls.__subclasses__():
            if sub not in seen:
                seen.add(sub)
                queue.append(sub)
    return [cls for cls in seen if cls.__module__.startswith(("kooperacje", "plugins", "kooperacje_"))]


def test_every_form_of_the_app_derives_from_the_translated_bases(app):
    """WTForms' messages are translated by the bases' Meta: a form built on wtforms.Form or
    FlaskForm directly would answer in English (or skip the input cleaning)."""
    forms = _form_classes()
    assert len(forms) > 10
    strays = [f"{cls.__module__}.{cls.__name__}" for cls in forms
              if cls not in (Form, RowForm) and not issubclass(cls, (Form, RowForm))]
    assert not strays, strays
    assert inspect.getmodule(Form).__name__ == "kooperacje.forms"


# --- in the browser ---------------------------------------------------------------------------


@pytest.mark.browser
def test_the_count_follows_the_text_and_a_long_paste_is_kept_whole(page, live_server):
    add_user("koordynator", "coordinator", add_municipality("102003"), must_change_password=False)
    login_as(page, "koordynator")
    visit(page, "/partnership/setup")
    field = page.get_by_label("Powiązanie ze strategią rozwiązywania problemów społecznych")
    count = page.locator("#strategy_reference-limit")
    announcement = page.locator("#strategy_reference-limit + [aria-live=polite]")
    expect(count).to_have_text("Znaki: 0 z 300")
    expect(field).to_have_attribute("aria-describedby", "strategy_reference-limit")

    field.fill("Strategia gminy " + "a" * 100)
    expect(count).to_have_text("Znaki: 116 z 300")
    expect(announcement).to_have_text("")  # far from the limit: nothing said aloud
    field.fill("a" * 295)
    expect(announcement).to_have_text("Pozostało znaków: 5.")

    pasted = "Uchwała nr XII/34/2025 " + "b" * 300
    field.fill(pasted)  # at once, as a paste: the browser's maxlength would have cut it silently
    expect(field).to_have_value(pasted)
    expect(count).to_have_text(f"Znaki: {len(pasted)} z 300")
    expect(count).to_have_class("hint char-count char-count--over")
    expect(announcement).to_have_text(f"Przekroczono limit znaków o {len(pasted) - 300}. Skróć tekst, aby go zapisać.")

    click_and_check(page, page.get_by_role("button", name="Zapisz"))
    expect(page.locator("#error-summary")).to_contain_text("Wartość w polu nie może mieć więcej niż 300 znaków.")
    expect(field).to_have_value(pasted)
    expect(count).to_have_text(f"Znaki: {len(pasted)} z 300")


def test_passwords_carry_no_character_count(app):
    body = app.test_client().get("/login").get_data(as_text=True)
    assert 'type="password"' in body and 'id="password-limit"' not in body
    assert 'id="username-limit"' in body  # the login itself still states its limit
