"""Language: Polish by default, a complete English catalogue, Polish plural forms, the switch."""
import re
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po
from builders import add_user, login, register, worker_client

ROOT = Path(__file__).resolve().parents[2]
TRANSLATIONS = ROOT / "kooperacje" / "translations"
PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]")


@pytest.fixture(scope="module")
def extracted(tmp_path_factory):
    """The texts in the code and templates now, extracted as scripts/update-translations.sh does."""
    pot = tmp_path_factory.mktemp("i18n") / "messages.pot"
    subprocess.run([sys.executable, "-m", "babel.messages.frontend", "extract", "-F", "babel.cfg", "-k", "_l",
                    "-k", "lazy_gettext", "-o", str(pot), "."], cwd=ROOT, check=True, capture_output=True)
    return read_po(pot.open("rb"))


def _catalog(lang, kind="po"):
    path = TRANSLATIONS / lang / "LC_MESSAGES" / f"messages.{kind}"
    return (read_po if kind == "po" else read_mo)(path.open("rb"))


def test_every_text_has_an_english_translation(extracted):
    english = _catalog("en")
    missing = [m.id for m in extracted if m.id and (m.id not in english or not english[m.id].string
                                                    or english[m.id].fuzzy)]
    assert not missing, f"run scripts/update-translations.sh and translate: {missing[:20]}"
    compiled = _catalog("en", "mo")
    stale = [m.id for m in extracted if m.id and m.id not in compiled]
    assert not stale, f"the .mo is older than the .po: run scripts/update-translations.sh ({stale[:5]})"


def test_translations_keep_the_placeholders():
    for lang in ("en", "pl"):
        for message in _catalog(lang):
            if not message.id or not message.string:
                continue
            ids = message.id if isinstance(message.id, tuple) else (message.id,)
            strings = message.string if isinstance(message.string, tuple) else (message.string,)
            expected = set(PLACEHOLDER.findall(ids[-1])) | set(PLACEHOLDER.findall(ids[0]))
            for string in strings:
                assert set(PLACEHOLDER.findall(string)) <= expected | {"num"}, (lang, message.id, string)
                assert set(PLACEHOLDER.findall(ids[0])) - {"num"} <= set(PLACEHOLDER.findall(string)), (lang, string)


def test_polish_plurals_have_three_forms(app):
    from flask_babel import ngettext

    with app.test_request_context():
        forms = [ngettext("Ostatnie spotkanie %(num)d dzień temu.", "Ostatnie spotkanie %(num)d dni temu.", n)
                 for n in (1, 3, 5)]
        months = [ngettext("%(num)d miesiąc", "%(num)d miesięcy", n) for n in (1, 2, 5, 22)]
    assert forms == ["Ostatnie spotkanie 1 dzień temu.", "Ostatnie spotkanie 3 dni temu.",
                     "Ostatnie spotkanie 5 dni temu."]
    assert months == ["1 miesiąc", "2 miesiące", "5 miesięcy", "22 miesiące"]


def test_polish_by_default_english_on_request(app, zgierz):
    client = app.test_client()
    page = client.get("/login").get_data(as_text=True)
    assert '<html lang="pl">' in page and "<h1>Logowanie</h1>" in page
    client.post("/language", data={"lang": "en", "next": "/login"})
    page = client.get("/login").get_data(as_text=True)
    assert '<html lang="en">' in page and "<h1>Sign in</h1>" in page and "Logowanie" not in page
    add_user("anna", "municipality_admin", zgierz)
    login(client, "anna")
    home = client.get("/").get_data(as_text=True)
    assert "Good day, Anna" in home and "Model for urban municipalities above 20 000 inhabitants" in home
    client.post("/language", data={"lang": "pl"})
    assert '<html lang="pl">' in client.get("/").get_data(as_text=True)


def test_unknown_language_is_ignored(client):
    client.post("/language", data={"lang": "xx"})
    assert '<html lang="pl">' in client.get("/login").get_data(as_text=True)


def test_wtforms_own_messages_follow_the_interface_language_each_time(app):
    # WTForms' catalogue is read once per language and kept: switching back and forth must not
    # leave one user's page in the other's language.
    client, _municipality = worker_client(app)
    client_id = int(register(client).headers["Location"].rstrip("/").split("/")[-1])
    bad_relation = {"member-first_name": "Ala", "member-last_name": "Kowalska", "member-relation": "nonsense"}
    expected = {"pl": "Nieprawidłowy wybór", "en": "Not a valid choice"}
    for lang in ("pl", "en", "pl", "en"):
        client.post("/language", data={"lang": lang})
        response = client.post(f"/clients/{client_id}/members", data=bad_relation)
        page = response.get_data(as_text=True)
        assert response.status_code == 400
        other = expected["en" if lang == "pl" else "pl"]
        assert expected[lang] in page and other not in page, lang
