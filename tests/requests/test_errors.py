"""Error pages: in the layout and the user's language, with a request id that the log carries
together with the traceback."""
import logging
import re

import pytest
from builders import add_user, login, make_app
from flask import abort

TITLES = {
    "pl": {400: "Nieprawidłowe żądanie", 403: "Brak uprawnień", 404: "Nie znaleziono strony", 409: "Konflikt zmian",
           413: "Przesłane dane są zbyt duże", 429: "Zbyt wiele prób", 500: "Błąd serwera"},
    "en": {400: "Bad request", 403: "Not allowed", 404: "Page not found", 409: "Conflicting changes",
           413: "The data sent is too large", 429: "Too many attempts", 500: "Server error"},
}
QUOTE = {"pl": "przekaż administratorowi identyfikator zgłoszenia", "en": "give the administrator this request id"}


class Boom(RuntimeError):
    pass


@pytest.fixture
def failing_app(db_path):
    """The app as in production (exceptions become the 500 page), with a page per error status."""
    app = make_app(db_path, PROPAGATE_EXCEPTIONS=False)

    def fail(status):
        if status == 500:
            raise Boom("the database went away")
        abort(status)

    app.add_url_rule("/test-fail/<int:status>", "test_fail", fail)
    return app


def _signed_in(app, lang):
    client = app.test_client()
    add_user("anna", "superadmin", must_change_password=False)
    login(client, "anna")
    client.post("/language", data={"lang": lang})
    return client


@pytest.mark.parametrize("lang", ["pl", "en"])
def test_each_error_page_uses_the_layout_the_language_and_shows_the_request_id(failing_app, lang):
    client = _signed_in(failing_app, lang)
    for status, title in TITLES[lang].items():
        response = client.get(f"/test-fail/{status}")
        body = response.get_data(as_text=True)
        assert response.status_code == status
        assert f'<html lang="{lang}">' in body and f"<h1>{title}</h1>" in body, (status, body[:300])
        assert 'class="site-header"' in body  # the layout, with the menu and the language switch
        request_id = response.headers["X-Request-Id"]
        assert re.fullmatch(r"[0-9a-f]{16}", request_id)
        assert QUOTE[lang] in body and f"<code class=\"request-id\">{request_id}</code>" in body
        other = "en" if lang == "pl" else "pl"
        assert TITLES[other][status] not in body


def test_the_log_carries_the_traceback_under_the_request_id(failing_app, caplog):
    client = _signed_in(failing_app, "pl")
    with caplog.at_level(logging.ERROR):
        response = client.get("/test-fail/500")
    request_id = response.headers["X-Request-Id"]
    assert request_id in response.get_data(as_text=True)
    records = [r for r in caplog.records if request_id in r.getMessage()]
    assert records and records[0].exc_info and records[0].exc_info[0] is Boom


def test_an_error_before_the_login_check_still_has_an_id(client):
    response = client.post("/login", data={"username": "x" * (3 * 1024 * 1024), "password": "y"})
    body = response.get_data(as_text=True)
    assert response.status_code == 413 and "Przesłane dane są zbyt duże" in body
    assert response.headers["X-Request-Id"] in body


def test_a_page_the_role_may_not_open_is_403_in_english(client, zgierz):
    add_user("ola", "social_worker", zgierz, must_change_password=False)
    login(client, "ola")
    client.post("/language", data={"lang": "en"})
    response = client.get("/users/")
    assert response.status_code == 403 and "<h1>Not allowed</h1>" in response.get_data(as_text=True)
