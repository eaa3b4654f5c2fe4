"""Deny by default, CSRF, security headers and configuration guards over the whole URL map."""
import re

import pytest
from builders import add_user, login, make_app
from werkzeug.routing import IntegerConverter

from kooperacje.auth.guard import PUBLIC_ENDPOINTS

SAMPLE_VALUES = {"int": "1", "default": "x", "path": "x", "any": None}
UNSAFE = ("POST", "PUT", "PATCH", "DELETE")


def concrete_urls(app):
    """Every rule × method with sample arguments filled in."""
    for rule in app.url_map.iter_rules():
        args = {}
        for name, converter in rule._converters.items():
            kind = "integer" if isinstance(converter, IntegerConverter) else type(converter).__name__.replace(
                "Converter", "").lower()
            if kind == "any":
                args[name] = next(iter(converter.items)) if hasattr(converter, "items") else re.findall(r"\w[\w-]*", converter.regex)[0]
            else:
                args[name] = {"integer": "1", "unicode": "x", "path": "x"}.get(kind, "x")
        url = rule.rule
        for name, value in args.items():
            url = re.sub(r"<[^>]*:?" + name + ">", value, url)
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            yield rule.endpoint, method, url


def test_every_route_needs_login_unless_allowlisted(app):
    client = app.test_client()
    checked = 0
    for endpoint, method, url in concrete_urls(app):
        if endpoint in PUBLIC_ENDPOINTS:
            continue
        response = client.open(url, method=method)
        assert response.status_code == 302 and "/login" in response.headers["Location"], (endpoint, method, url)
        checked += 1
    assert checked >= 15


def test_every_protected_view_declares_a_permission(app):
    for endpoint, view in app.view_functions.items():
        if endpoint in PUBLIC_ENDPOINTS:
            continue
        assert getattr(view, "required_permission", None), f"{endpoint} has no @permission_required"


def test_public_allowlist_is_small_and_known():
    assert PUBLIC_ENDPOINTS == {"auth.login", "auth.login_code", "static", "health", "i18n.set_language",
                                "calendars.feed"}  # the feed's secret token is its key (test_calendar_feed)


def test_every_state_change_needs_a_csrf_token(db_path):
    app = make_app(db_path, WTF_CSRF_ENABLED=True)
    add_user("admin", "superadmin")
    client = app.test_client()
    page = client.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    assert client.post("/login", data={"username": "admin", "password": "Długie hasło testowe 2026!",
                                       "csrf_token": token}).status_code == 302
    for endpoint, method, url in concrete_urls(app):
        if method in UNSAFE:
            response = client.open(url, method=method, data={"username": "x"})
            assert response.status_code == 400, (endpoint, url)
    assert client.get("/").status_code == 200  # still logged in: nothing was changed


def test_security_headers_on_every_response(client):
    for response in (client.get("/login"), client.get("/health"), client.get("/nope")):
        csp = response.headers["Content-Security-Policy"]
        assert "object-src 'none'" in csp and "base-uri 'none'" in csp and "frame-ancestors 'none'" in csp
        assert "'unsafe-inline'" not in csp
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert response.headers["Referrer-Policy"]


def test_logged_in_pages_are_not_cached(client, zgierz):
    add_user("anna", "social_worker", zgierz)
    assert "no-store" not in client.get("/health").headers.get("Cache-Control", "")  # public, no cookie
    login(client, "anna")
    assert client.get("/book/").headers["Cache-Control"] == "no-store"


def test_session_cookie_flags(client, zgierz):
    add_user("anna", "social_worker", zgierz)
    cookie = login(client, "anna").headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_error_pages_are_generic_with_a_request_id(client):
    response = client.get("/does-not-exist")
    assert response.status_code == 302  # unknown URLs are not revealed to anonymous users
    add_user("anna", "superadmin")
    login(client, "anna")
    response = client.get("/does-not-exist")
    body = response.get_data(as_text=True)
    assert response.status_code == 404 and "Nie znaleziono strony" in body
    assert response.headers["X-Request-Id"] in body


ADMINS = "superadmin,municipality_admin"


@pytest.mark.parametrize("settings,message", [
    ({"ENV": "production"}, "SECRET_KEY"),
    ({"ENV": "production", "SECRET_KEY": "dev"}, "SECRET_KEY"),
    ({"ENV": "production", "SECRET_KEY": "s" * 40, "DEBUG": True, "TRUSTED_HOSTS": "a.pl"}, "Debug"),
    ({"ENV": "production", "SECRET_KEY": "s" * 40, "TOTP_ROLES": ADMINS}, "TRUSTED_HOSTS"),
    ({"ENV": "production", "SECRET_KEY": "s" * 40, "TRUSTED_HOSTS": "a.pl", "TOTP_ROLES": "superadmin"}, "TOTP"),
])
def test_production_refuses_unsafe_configuration(db_path, settings, message):
    with pytest.raises(RuntimeError, match=message):
        make_app(db_path, **{"SECRET_KEY": None, **settings})


def test_production_uses_secure_host_only_cookies(db_path):
    app = make_app(db_path, ENV="production", SECRET_KEY="s" * 40, TRUSTED_HOSTS="kooperacje.gmina.pl", TOTP_ROLES=ADMINS)
    assert app.config["SESSION_COOKIE_SECURE"] is True
    assert app.config["SESSION_COOKIE_NAME"].startswith("__Host-")


def test_oversized_requests_get_413(client):
    response = client.post("/login", data={"username": "x" * (3 * 1024 * 1024), "password": "y"})
    assert response.status_code == 413


def test_only_trusted_host_names_are_answered(db_path, monkeypatch):
    monkeypatch.setenv("KOOPERACJE_TRUSTED_HOSTS", "kooperacje.gmina.pl, localhost")
    app = make_app(db_path)
    assert app.config["TRUSTED_HOSTS"] == ["kooperacje.gmina.pl", "localhost"]
    client = app.test_client()
    assert client.get("/login", headers={"Host": "kooperacje.gmina.pl"}).status_code == 200
    assert client.get("/login", headers={"Host": "evil.example"}).status_code == 400
