from datetime import timedelta

import pytest
from argon2 import extract_parameters
from builders import PASSWORD, add_user, login
from sqlalchemy import func, select, update

from kooperacje.auth.models import LoginSession, User
from kooperacje.auth.passwords import password_problems
from kooperacje.clock import utcnow
from kooperacje.extensions import db


def test_login_succeeds_and_reaches_the_start_page(client, zgierz):
    add_user("anna", "social_worker", zgierz)
    response = login(client, "anna")
    assert response.status_code == 302 and response.headers["Location"] == "/"
    assert "Dzień dobry" in client.get("/").get_data(as_text=True)


@pytest.mark.parametrize("username,password", [("anna", "wrong password!!"), ("nobody", PASSWORD)])
def test_failed_login_gives_one_generic_message(client, zgierz, username, password):
    add_user("anna", "social_worker", zgierz)
    response = login(client, username, password)
    assert response.status_code == 200
    assert "Nieprawidłowy login lub hasło." in response.get_data(as_text=True)
    assert client.get("/").status_code == 302


def test_copied_session_cookie_stops_working_after_logout(app, zgierz):
    add_user("anna", "social_worker", zgierz)
    browser = app.test_client()
    login(browser, "anna")
    stolen = browser.get_cookie("session").value
    assert browser.post("/logout").status_code == 302
    thief = app.test_client()
    thief.set_cookie("session", stolen)
    response = thief.get("/")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_password_change_ends_other_sessions_and_keeps_this_one(app, zgierz):
    add_user("anna", "social_worker", zgierz)
    office, laptop = app.test_client(), app.test_client()
    login(office, "anna")
    login(laptop, "anna")
    response = office.post("/account/password", data={
        "current_password": PASSWORD, "new_password": "Zupełnie nowe słowa 77", "confirm": "Zupełnie nowe słowa 77"})
    assert response.status_code == 302
    assert office.get("/").status_code == 200
    assert laptop.get("/").status_code == 302
    assert login(app.test_client(), "anna", "Zupełnie nowe słowa 77").status_code == 302


def test_deactivation_ends_sessions(app, zgierz):
    user = add_user("anna", "social_worker", zgierz)
    client = app.test_client()
    login(client, "anna")
    with app.app_context():
        db.session.execute(update(User).where(User.id == user.id).values(active=False))
        db.session.commit()
    assert client.get("/").status_code == 302
    assert login(app.test_client(), "anna").status_code == 200  # refused


def test_idle_session_expires(app, zgierz):
    add_user("anna", "social_worker", zgierz)
    client = app.test_client()
    login(client, "anna")
    long_ago = utcnow() - timedelta(minutes=app.config["SESSION_IDLE_MINUTES"] + 1)
    with app.app_context():
        db.session.execute(update(LoginSession).values(last_seen_at=long_ago))
        db.session.commit()
    assert client.get("/").status_code == 302
    with app.app_context():
        assert db.session.scalar(select(LoginSession.end_reason)) == "idle"


def test_one_time_password_must_be_changed_first(client, zgierz):
    add_user("anna", "social_worker", zgierz, must_change_password=True)
    response = login(client, "anna")
    assert response.headers["Location"] == "/account/password"
    assert client.get("/book/").headers["Location"] == "/account/password"
    client.post("/account/password", data={"current_password": PASSWORD, "new_password": "Moje własne zdanie 12",
                                           "confirm": "Moje własne zdanie 12"})
    assert client.get("/book/").status_code == 200


def test_new_password_must_differ_and_follow_policy(client, zgierz):
    add_user("anna", "social_worker", zgierz)
    login(client, "anna")
    same = client.post("/account/password", data={"current_password": PASSWORD, "new_password": PASSWORD, "confirm": PASSWORD})
    assert "Nowe hasło musi różnić się od obecnego." in same.get_data(as_text=True)
    short = client.post("/account/password", data={"current_password": PASSWORD, "new_password": "krótkie", "confirm": "krótkie"})
    assert "co najmniej 12 znaków" in short.get_data(as_text=True)


def test_passwords_are_stored_as_argon2id_above_the_owasp_minimum(zgierz):
    user = add_user("anna", "social_worker", zgierz)
    assert user.password_hash.startswith("$argon2id$")
    params = extract_parameters(user.password_hash)
    assert params.memory_cost >= 19 * 1024 and params.time_cost >= 2 and params.parallelism >= 1
    assert PASSWORD not in user.password_hash


def test_a_hash_made_with_earlier_parameters_is_made_again_at_the_next_right_password(app, client, zgierz):
    from argon2 import PasswordHasher, profiles

    from kooperacje.auth.models import password_hasher

    add_user("anna", "social_worker", zgierz, must_change_password=False)
    earlier = PasswordHasher.from_parameters(profiles.RFC_9106_LOW_MEMORY).hash(PASSWORD)
    with app.app_context():
        db.session.execute(update(User).where(User.username == "anna").values(password_hash=earlier))
        db.session.commit()
    assert login(client, "anna").status_code == 302
    with app.app_context():
        stored = db.session.scalar(select(User.password_hash).where(User.username == "anna"))
    assert stored != earlier and extract_parameters(stored) == password_hasher._parameters
    assert password_hasher.verify(stored, PASSWORD)


@pytest.mark.parametrize("password,accepted", [
    ("krótkie", False),
    ("password1234", False),
    ("aaaaaaaaaaaaaaaa", False),
    ("kooperacje-w-gminie", False),
    ("anna.kowalska-2026", False),
    ("Zgierz jest super 2026", False),
    ("konik polny zjada szczaw", True),
    ("x" * 3 + "ąęśćżźńół długie zdanie", True),
    ("zielony " + "a1b2c3d4" * 8, False),  # one block repeated
    ("zielony " + "herbata z cytryną i miodem " * 6, True),  # long: only the start is estimated
])
def test_password_policy(app, password, accepted):
    with app.test_request_context():
        problems = password_problems(password, username="anna.kowalska", municipality_name="Zgierz")
    assert (problems == []) is accepted, problems


@pytest.mark.parametrize("password,why", [
    ("Qwerty123456", "najczęściej używanych haseł"),
    ("123456789012", "najczęściej używanych haseł"),
    ("Polska2024!!", "dopisane cyfry i znaki niewiele dodają"),
    ("Zaq12wsxcde3", "najczęściej używanych haseł"),
    ("Dalikow12345!", "nazwy gminy"),
    ("Kowalska1985!", "nazwiska"),
    ("Ewa.Kowalska.1", "nazwiska"),
])
def test_guessable_passwords_are_refused_with_the_reason_in_polish(app, password, why):
    with app.test_request_context():
        problems = password_problems(password, username="ewa.k", municipality_name="Dalików GOPS w Dalikowie",
                                     full_name="Ewa Kowalska")
    assert len(problems) == 1 and why in problems[0], problems


def test_a_place_name_with_digits_is_refused_for_anyone(app):
    with app.test_request_context():
        problems = password_problems("Dalikow12345!", username="root")
    assert problems and "nazwie miejscowości" in problems[0], problems


def test_the_change_password_page_refuses_the_gminas_name_with_digits(client):
    from builders import add_municipality

    dalikow = add_municipality("101101")
    add_user("ewa.k", "social_worker", dalikow, full_name="Ewa Kowalska")
    login(client, "ewa.k")
    response = client.post("/account/password", data={"current_password": PASSWORD, "new_password": "Dalikow12345!",
                                                      "confirm": "Dalikow12345!"})
    assert response.status_code == 200 and "nazwy gminy" in response.get_data(as_text=True)


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example", "/\\evil.example", "javascript:alert(1)"])
def test_login_never_redirects_off_site(client, zgierz, target):
    add_user("anna", "social_worker", zgierz)
    response = client.post(f"/login?next={target}", data={"username": "anna", "password": PASSWORD})
    assert response.headers["Location"] == "/"


def test_login_returns_to_the_page_asked_for(client, zgierz):
    add_user("anna", "social_worker", zgierz)
    assert client.get("/book/").headers["Location"].startswith("/login?next=/book/")
    response = client.post("/login?next=/book/", data={"username": "anna", "password": PASSWORD})
    assert response.headers["Location"] == "/book/"


def test_logins_and_failures_are_audited_without_passwords(app, client, zgierz):
    from kooperacje.audit.models import AuditEvent

    add_user("anna", "social_worker", zgierz)
    login(client, "anna", "zły pomysł na hasło")
    login(client, "anna")
    with app.app_context():
        events = db.session.scalars(select(AuditEvent).where(AuditEvent.action.like("login%"))
                                    .order_by(AuditEvent.id)).all()
    assert [e.action for e in events] == ["login_failed", "login"]
    assert all(PASSWORD not in (e.detail or "") for e in events)


def test_repeated_failures_lock_the_account_for_a_while(app, zgierz):
    add_user("anna", "social_worker", zgierz)
    client = app.test_client()
    for _ in range(app.config["LOGIN_MAX_FAILURES"]):
        assert login(client, "anna", "zgadywane hasło 123").status_code == 200
    assert login(client, "anna").status_code == 200  # the right password is refused while locked
    with app.app_context():
        user = db.session.scalar(select(User).where(User.username == "anna"))
        assert user.locked_until is not None
        user.locked_until = utcnow() - timedelta(seconds=1)  # the lock has passed
        db.session.commit()
    assert login(client, "anna").status_code == 302
    with app.app_context():
        from kooperacje.audit.models import AuditEvent

        actions = db.session.scalars(select(AuditEvent.action).where(AuditEvent.action.like("login%"))).all()
    assert actions.count("login_failed") == 6 and "login_refused_locked" in actions and actions[-1] == "login"


def test_extending_the_session_marks_it_as_used(app, zgierz):
    add_user("anna", "social_worker", zgierz)
    client = app.test_client()
    login(client, "anna")
    earlier = utcnow() - timedelta(minutes=app.config["SESSION_IDLE_MINUTES"] - 1)
    with app.app_context():
        db.session.execute(update(LoginSession).values(last_seen_at=earlier))
        db.session.commit()
    assert client.post("/session/extend").status_code == 204
    with app.app_context():
        assert db.session.scalar(select(LoginSession.last_seen_at)) > earlier + timedelta(seconds=50)
    assert app.test_client().post("/session/extend").status_code == 302  # no session, no extension


def test_a_post_after_a_quiet_minute_still_works(app, zgierz):
    """The session is marked as used inside the request's own write transaction (no lock wait)."""
    add_user("anna", "social_worker", zgierz)
    client = app.test_client()
    login(client, "anna")
    with app.app_context():
        db.session.execute(update(LoginSession).values(last_seen_at=utcnow() - timedelta(minutes=5)))
        db.session.commit()
    response = client.post("/account/password", data={"current_password": "zle haslo do sprawdzenia",
                                                       "new_password": "x", "confirm": "x"})
    assert response.status_code == 200 and "Obecne hasło jest nieprawidłowe." in response.get_data(as_text=True)
    with app.app_context():
        assert utcnow() - db.session.scalar(select(LoginSession.last_seen_at)) < timedelta(minutes=1)


@pytest.fixture
def verifications(monkeypatch):
    """Counts password-hash verifications: their cost is what a login's answer time is made of."""
    from argon2 import PasswordHasher

    calls = []
    real = PasswordHasher.verify

    def counting(self, hash, password):
        calls.append(hash)
        return real(self, hash, password)

    monkeypatch.setattr(PasswordHasher, "verify", counting)
    return calls


@pytest.mark.parametrize("case", ["active, wrong password", "deactivated, right password",
                                  "deactivated, wrong password", "unknown login", "locked"])
def test_every_refused_login_verifies_one_hash_so_timing_tells_nothing(app, zgierz, verifications, case):
    add_user("anna", "social_worker", zgierz, active="deactivated" not in case,
             locked_until=utcnow() + timedelta(minutes=5) if case == "locked" else None)
    username = "nobody" if case == "unknown login" else "anna"
    password = PASSWORD if "right" in case or case == "locked" else "zgadywane hasło 123"
    response = login(app.test_client(), username, password)
    assert response.status_code == 200 and "Nieprawidłowy login lub hasło." in response.get_data(as_text=True)
    assert len(verifications) == 1


def _one_time_user(zgierz):
    with_expiry = dict(must_change_password=True, one_time_expires_at=utcnow() + timedelta(hours=72))
    return add_user("anna", "social_worker", zgierz, **with_expiry)


def test_a_one_time_password_opens_one_login_only(app, zgierz):
    _one_time_user(zgierz)
    first = app.test_client()
    assert login(first, "anna").headers["Location"] == "/account/password"
    second = login(app.test_client(), "anna")
    assert second.status_code == 400 and "zostało już użyte" in second.get_data(as_text=True)
    assert first.get("/book/").headers["Location"] == "/account/password"  # the first must still choose one
    first.post("/account/password", data={"current_password": PASSWORD, "new_password": "Moje własne zdanie 12",
                                           "confirm": "Moje własne zdanie 12"})
    assert first.get("/book/").status_code == 200


def test_of_two_parallel_logins_with_a_one_time_password_one_wins(app, zgierz):
    import threading

    _one_time_user(zgierz)
    clients = [app.test_client(), app.test_client()]
    answers = [None, None]
    start = threading.Barrier(2)

    def attempt(n):
        start.wait()
        answers[n] = login(clients[n], "anna").status_code

    threads = [threading.Thread(target=attempt, args=(n,)) for n in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(answers) == [302, 400]
    with app.app_context():
        assert db.session.scalar(select(func.count(LoginSession.id))) == 1
