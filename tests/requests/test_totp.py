"""Administrators sign in with a password and a TOTP code; they set the code up at first login."""
import re
import time

import pyotp
import pytest
from builders import add_municipality, add_user, login, make_app
from sqlalchemy import select

from kooperacje.auth.models import LoginSession, User
from kooperacje.auth.totp import accepted_step
from kooperacje.extensions import db


@pytest.fixture
def app_with_totp(db_path):
    app = make_app(db_path, TOTP_ROLES=["superadmin", "municipality_admin"])
    yield app
    with app.app_context():
        db.engine.dispose()


def secret_on_page(body):
    return re.search(r'<code class="secret">([A-Z2-7]+)</code>', body).group(1)



def logged_in(client):
    return client.get("/").status_code == 200


def test_an_administrator_sets_up_the_code_then_signs_in_with_it(app_with_totp):
    app = app_with_totp
    add_user("admin", "municipality_admin", add_municipality("102003"), must_change_password=False)
    client = app.test_client()
    response = login(client, "admin")
    assert response.headers["Location"] == "/login/code"
    assert not logged_in(client)  # the password alone opens nothing
    page = client.get("/login/code").get_data(as_text=True)
    assert "Włącz logowanie dwuetapowe" in page and "<svg" in page
    secret = secret_on_page(page)
    wrong = client.post("/login/code", data={"code": "000000"})
    assert wrong.status_code == 400 and "Kod jest nieprawidłowy" in wrong.get_data(as_text=True)
    code = pyotp.TOTP(secret).now()
    assert client.post("/login/code", data={"code": code}).headers["Location"] == "/"
    assert logged_in(client)
    again = app.test_client()
    login(again, "admin")
    assert "Włącz" not in again.get("/login/code").get_data(as_text=True)  # enrolled: just the code now
    assert again.post("/login/code", data={"code": code}).status_code == 400  # the same code never works twice
    with app.app_context():
        user = db.session.scalar(select(User).where(User.username == "admin"))
        assert user.totp_enabled_at is not None and user.totp_secret == secret
        assert len(db.session.scalars(select(LoginSession)).all()) == 1


def test_social_workers_sign_in_with_the_password_alone(app_with_totp):
    add_user("anna", "social_worker", add_municipality("102003"), must_change_password=False)
    assert login(app_with_totp.test_client(), "anna").headers["Location"] == "/"


def test_the_code_page_needs_a_fresh_password_step(app_with_totp):
    client = app_with_totp.test_client()
    response = client.get("/login/code")
    assert response.status_code == 302 and response.headers["Location"].startswith("/login")


def test_wrong_codes_count_towards_the_lockout(app_with_totp):
    app = app_with_totp
    add_user("admin", "municipality_admin", add_municipality("102003"), must_change_password=False)
    client = app.test_client()
    login(client, "admin")
    client.get("/login/code")
    for _ in range(app.config["LOGIN_MAX_FAILURES"]):
        client.post("/login/code", data={"code": "123456"})
    assert client.get("/login/code").headers["Location"].startswith("/login")  # locked: back to the password
    with app.app_context():
        assert db.session.scalar(select(User.locked_until).where(User.username == "admin")) is not None


def test_a_password_reset_lets_the_administrator_set_the_code_up_again(app_with_totp):
    app = app_with_totp
    municipality = add_municipality("102003")
    add_user("admin", "municipality_admin", municipality, must_change_password=False)
    add_user("root", "superadmin", must_change_password=False)
    client = app.test_client()
    login(client, "admin")
    secret = secret_on_page(client.get("/login/code").get_data(as_text=True))
    client.post("/login/code", data={"code": pyotp.TOTP(secret).now()})
    root = app.test_client()
    login(root, "root")
    root_secret = secret_on_page(root.get("/login/code").get_data(as_text=True))
    root.post("/login/code", data={"code": pyotp.TOTP(root_secret).now()})
    with app.app_context():
        admin_id = db.session.scalar(select(User.id).where(User.username == "admin"))
    body = root.post(f"/users/{admin_id}/reset-password").get_data(as_text=True)
    password = re.search(r'<code class="secret">([^<]+)</code>', body).group(1)
    fresh = app.test_client()
    login(fresh, "admin", password)
    assert "Włącz logowanie dwuetapowe" in fresh.get("/login/code").get_data(as_text=True)


def test_codes_are_accepted_once_and_within_one_step_of_drift():
    secret = pyotp.random_base32()
    now = time.time()
    step = int(now // 30)
    code = pyotp.TOTP(secret).at(now)
    assert accepted_step(secret, code, None, now) == step
    assert accepted_step(secret, code, step, now) is None  # replay
    assert accepted_step(secret, pyotp.TOTP(secret).at(now - 30), None, now) == step - 1
    assert accepted_step(secret, pyotp.TOTP(secret).at(now - 90), None, now) is None
    assert accepted_step(secret, "12a456", None, now) is None and accepted_step(secret, "", None, now) is None
