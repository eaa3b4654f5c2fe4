"""What a real (production) installation refuses or adds: no demo accounts, safe headers."""
import pytest
from builders import empty_database, make_app
from sqlalchemy import func, select

from kooperacje.auth.models import User
from kooperacje.extensions import db

ADMINS = "superadmin,municipality_admin"
PRODUCTION = {"ENV": "production", "SECRET_KEY": "s" * 40, "TRUSTED_HOSTS": "kooperacje.gmina.pl", "TOTP_ROLES": ADMINS}


def test_production_on_sqlite_creates_no_demo_accounts_and_prints_no_passwords(tmp_path, capfd):
    database = empty_database(tmp_path, "fresh.db")
    app = make_app(database, AUTO_MIGRATE=True, DEMO_DATA=None, TESTING=False, **PRODUCTION)
    assert app.config["DEMO_DATA"] is False
    assert "demo accounts" not in capfd.readouterr().err
    with app.app_context():
        assert db.session.scalar(select(func.count(User.id))) == 0
        db.engine.dispose()


def test_production_refuses_to_start_with_demo_data(tmp_path, capfd):
    database = empty_database(tmp_path, "fresh.db")
    with pytest.raises(RuntimeError, match="KOOPERACJE_DEMO_DATA must be off in production"):
        make_app(database, AUTO_MIGRATE=True, DEMO_DATA=True, **PRODUCTION)
    assert "demo accounts" not in capfd.readouterr().err


def test_responses_that_set_a_cookie_are_never_cached(client, zgierz):
    from builders import add_user, login

    add_user("anna", "social_worker", zgierz)
    failed = login(client, "anna", "zgadywane hasło 123")
    succeeded = login(client, "anna")
    page = client.get("/")
    logout = client.post("/logout")
    for response in (failed, succeeded, logout):
        assert response.headers.getlist("Set-Cookie"), response
        assert response.headers["Cache-Control"] == "no-store"
    assert page.headers["Cache-Control"] == "no-store"  # every page of a signed-in user


def test_production_tells_browsers_to_keep_to_https(db_path):
    production = make_app(db_path, **PRODUCTION).test_client()
    answer = production.get("/login", headers={"Host": "kooperacje.gmina.pl"}, base_url="https://kooperacje.gmina.pl")
    assert answer.headers["Strict-Transport-Security"].startswith("max-age=31536000")
    assert "Strict-Transport-Security" not in make_app(db_path).test_client().get("/login").headers


def test_production_with_per_process_login_counts_warns_and_with_redis_does_not(tmp_path, caplog):
    database = empty_database(tmp_path, "fresh.db")
    make_app(database, TESTING=False, **PRODUCTION)
    assert "KOOPERACJE_RATE_LIMIT_STORAGE is memory://" in caplog.text
    caplog.clear()
    make_app(database, TESTING=False, RATE_LIMIT_STORAGE="redis://127.0.0.1:6379/0", **PRODUCTION)
    assert "RATE_LIMIT_STORAGE" not in caplog.text


def test_production_without_an_smtp_server_sends_no_mail_and_says_so(tmp_path, caplog):
    from flask_mailman import EmailMessage

    database = empty_database(tmp_path, "fresh.db")
    app = make_app(database, TESTING=False, **PRODUCTION)
    assert "KOOPERACJE_MAIL_SERVER is not set" in caplog.text
    with app.app_context():
        # nothing goes to the server's log (the console backend would print the message there)
        assert app.extensions["mailman"].backend == "dummy"
        assert EmailMessage("Masz 2 zadania po terminie", "https://kooperacje.gmina.pl/", to=["a@gmina.pl"]).send() == 1
    caplog.clear()
    make_app(database, TESTING=False, MAIL_SERVER="smtp.gmina.pl", **PRODUCTION)
    assert "MAIL_SERVER" not in caplog.text
