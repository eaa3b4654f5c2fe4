"""The login throttle: password spraying from one address stops, a centre behind one NAT address
still signs in, and the limit passes (issue 12, finding 11)."""
from datetime import datetime, timedelta, timezone

import pyotp
import pytest
import time_machine
from argon2 import PasswordHasher, profiles
from builders import PASSWORD, add_municipality, add_user, login, make_app
from sqlalchemy import func, select

from kooperacje.audit.models import AuditEvent
from kooperacje.auth import models, service
from kooperacje.extensions import db

START = datetime(2026, 3, 2, 8, 0, 5, tzinfo=timezone.utc)  # Monday, 8:00 at the centre
THROTTLED_PL = "Zbyt wiele prób logowania. Spróbuj ponownie za kilka minut."


@pytest.fixture(autouse=True)
def cheap_hashes(monkeypatch):
    """Hundreds of logins in a test: the cheapest Argon2 parameters (the throttle counts
    attempts, whatever a hash costs)."""
    hasher = PasswordHasher.from_parameters(profiles.CHEAPEST)
    monkeypatch.setattr(models, "password_hasher", hasher)
    monkeypatch.setattr(service, "password_hasher", hasher)
    monkeypatch.setattr(service, "_DUMMY_HASH", hasher.hash("not-a-real-password"))


@pytest.fixture
def throttled_app(db_path):
    app = make_app(db_path, RATE_LIMIT_ENABLED=True)
    yield app
    with app.app_context():
        db.engine.dispose()


@pytest.fixture
def frozen():
    with time_machine.travel(START, tick=False) as traveller:
        yield traveller


def wrong(client, username, **headers):
    return client.post("/login", data={"username": username, "password": "Zgadywane hasło 2026"}, headers=headers)


def test_spraying_ninety_passwords_over_eighteen_accounts_stops_after_ten_refusals(throttled_app, frozen):
    zgierz = add_municipality("102003")
    accounts = [add_user(f"pracownik{n}", "social_worker", zgierz).username for n in range(18)]
    client = throttled_app.test_client()
    statuses = [wrong(client, username).status_code for _ in range(5) for username in accounts]
    assert statuses[:10] == [200] * 10 and statuses[10:] == [429] * 80
    with throttled_app.app_context():  # a refused attempt wrote nothing, so took no write lock
        failures = db.session.scalar(select(func.count(AuditEvent.id)).where(AuditEvent.action == "login_failed"))
    assert failures == 10
    frozen.shift(timedelta(seconds=61))  # a new minute brings ten new tries
    assert [wrong(client, username).status_code for username in accounts[:11]] == [200] * 10 + [429]


def test_right_logins_behind_the_address_do_not_count_as_refusals(throttled_app, frozen):
    zgierz = add_municipality("102003")
    workers = [add_user(f"pracownik{n}", "social_worker", zgierz, must_change_password=False).username
               for n in range(40)]
    mistyped = [wrong(throttled_app.test_client(), username).status_code for username in workers[:9]]
    signed_in = [login(throttled_app.test_client(), username).status_code for username in workers]
    assert mistyped == [200] * 9 and signed_in == [302] * 40  # a morning with nine typos
    assert wrong(throttled_app.test_client(), workers[0]).status_code == 200  # the tenth refusal
    assert login(throttled_app.test_client(), workers[1]).status_code == 429  # the address waits now


def test_thirty_workers_behind_one_address_all_sign_in_at_eight(throttled_app, frozen):
    zgierz = add_municipality("102003")
    workers = [add_user(f"pracownik{n}", "social_worker", zgierz, must_change_password=False).username
               for n in range(30)]
    for username in workers:
        response = login(throttled_app.test_client(), username)
        assert response.status_code == 302 and response.headers["Location"] == "/", username


def test_guessing_one_account_stops_after_five_tries_a_minute_and_twenty_an_hour(throttled_app, frozen):
    add_user("anna", "social_worker", add_municipality("102003"), must_change_password=False)
    client = throttled_app.test_client()
    assert [wrong(client, "anna").status_code for _ in range(6)] == [200] * 5 + [429]
    assert login(client, "Anna ").status_code == 429  # the login as typed counts as the account
    other = add_user("bartek", "social_worker", add_municipality("102004"))
    assert login(client, other.username).status_code == 302  # another account from here is not stopped

    frozen.shift(timedelta(seconds=61))  # the minute has passed: the limit has expired
    assert login(throttled_app.test_client(), "anna").status_code == 302
    # the hour still counts: after 20 attempts in it, a new minute brings no new tries
    accepted = 6
    for _minute in range(3):
        frozen.shift(timedelta(seconds=61))
        accepted += [wrong(throttled_app.test_client(), "anna").status_code for _ in range(5)].count(200)
    frozen.shift(timedelta(seconds=61))
    assert accepted == 20 and wrong(throttled_app.test_client(), "anna").status_code == 429
    frozen.shift(timedelta(hours=1))
    assert wrong(throttled_app.test_client(), "anna").status_code == 200


def test_a_throttled_attempt_verifies_no_password(throttled_app, frozen, monkeypatch):
    add_user("anna", "social_worker", add_municipality("102003"))
    client = throttled_app.test_client()
    for _ in range(5):
        wrong(client, "anna")

    class NoHashing(PasswordHasher):
        def verify(self, *_args):
            raise AssertionError("a password hash was verified for a throttled attempt")

    monkeypatch.setattr(models, "password_hasher", NoHashing())
    monkeypatch.setattr(service, "password_hasher", NoHashing())
    assert wrong(client, "anna").status_code == 429


def test_the_throttle_page_is_in_the_layout_and_polish_with_retry_after(throttled_app, frozen):
    add_user("anna", "social_worker", add_municipality("102003"))
    client = throttled_app.test_client()
    for _ in range(5):
        wrong(client, "anna")
    response = wrong(client, "anna")
    page = response.get_data(as_text=True)
    assert response.status_code == 429
    assert THROTTLED_PL in page and 'class="site-header"' in page
    assert 0 < int(response.headers["Retry-After"]) <= 61  # the minute, rounded up


def test_the_throttle_page_speaks_english_to_an_english_session(throttled_app, frozen):
    add_user("anna", "social_worker", add_municipality("102003"))
    client = throttled_app.test_client()
    client.post("/language", data={"lang": "en"})
    for _ in range(5):
        wrong(client, "anna")
    response = wrong(client, "anna")
    page = response.get_data(as_text=True)
    assert response.status_code == 429
    assert "Too many sign-in attempts. Try again in a few minutes." in page and THROTTLED_PL not in page
    assert int(response.headers["Retry-After"]) > 0


def test_a_forged_forwarded_for_header_opens_no_new_count(throttled_app, frozen):
    add_user("anna", "social_worker", add_municipality("102003"))
    client = throttled_app.test_client()
    statuses = [wrong(client, "anna", **{"X-Forwarded-For": f"10.0.0.{n}"}).status_code for n in range(6)]
    assert statuses[-1] == 429


def test_behind_a_trusted_proxy_each_client_address_counts_on_its_own(db_path, frozen):
    app = make_app(db_path, RATE_LIMIT_ENABLED=True, PROXY_COUNT=1)
    add_user("anna", "social_worker", add_municipality("102003"))
    client = app.test_client()
    for _ in range(5):
        wrong(client, "anna", **{"X-Forwarded-For": "198.51.100.7"})
    assert wrong(client, "anna", **{"X-Forwarded-For": "198.51.100.7"}).status_code == 429
    assert wrong(client, "anna", **{"X-Forwarded-For": "198.51.100.8"}).status_code == 200
    with app.app_context():
        db.engine.dispose()


def test_guessing_the_second_factor_code_is_throttled(db_path, frozen):
    app = make_app(db_path, RATE_LIMIT_ENABLED=True, TOTP_ROLES=["municipality_admin"])
    secret = pyotp.random_base32()
    add_user("admin", "municipality_admin", add_municipality("102003"), must_change_password=False,
             totp_secret=secret, totp_enabled_at=START.replace(tzinfo=None) - timedelta(days=1))
    client = app.test_client()
    assert login(client, "admin").headers["Location"] == "/login/code"
    wrong_code = "000000" if pyotp.TOTP(secret).now() != "000000" else "111111"
    statuses = [client.post("/login/code", data={"code": wrong_code}).status_code for _ in range(6)]
    assert statuses == [400] * 5 + [429]
    with app.app_context():
        db.engine.dispose()


def test_wrong_current_passwords_are_throttled_but_weak_new_ones_are_not(throttled_app, frozen):
    add_user("anna", "social_worker", add_municipality("102003"), must_change_password=False)
    client = throttled_app.test_client()
    assert login(client, "anna").status_code == 302
    weak = {"current_password": PASSWORD, "new_password": "Qwerty123456", "confirm": "Qwerty123456"}
    assert [client.post("/account/password", data=weak).status_code for _ in range(7)] == [200] * 7
    guess = {"current_password": "Zgadywane hasło 2026", "new_password": "Zupełnie nowe słowa 77",
             "confirm": "Zupełnie nowe słowa 77"}
    statuses = [client.post("/account/password", data=guess).status_code for _ in range(6)]
    assert statuses == [200] * 5 + [429]


# --- several workers share the counts in Redis ----------------------------------------------


def test_workers_sharing_redis_share_the_counts(db_path, redis_uri):
    import redis

    settings = {"RATE_LIMIT_ENABLED": True, "RATE_LIMIT_STORAGE": redis_uri}
    first_worker = make_app(db_path, **settings)
    add_user("anna", "social_worker", add_municipality("102003"))
    assert [wrong(first_worker.test_client(), "anna").status_code for _ in range(3)] == [200] * 3
    second_worker = make_app(db_path, **settings)  # a new process's limiter: its own connection
    assert [wrong(second_worker.test_client(), "anna").status_code for _ in range(3)] == [200, 200, 429]
    keys = [key.decode() for key in redis.Redis.from_url(redis_uri).keys("*")]
    assert keys and all(key.startswith("LIMITS:LIMITER/kooperacje/") for key in keys), keys
    assert not any("anna" in key for key in keys)  # the store holds no login
    for app in (first_worker, second_worker):
        with app.app_context():
            db.engine.dispose()
