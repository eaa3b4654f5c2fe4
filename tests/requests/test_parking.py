"""A form is parked across a login only for the user's own browser whose session ran out by
idleness: a cookie from a session ended on purpose (logout, password change or reset,
deactivation) or one that never was a session parks nothing; a parked form is small and kept
for a limited time."""
from datetime import timedelta

import pytest
from builders import PASSWORD, login, new_diagnosis, version_of, worker_client
from sqlalchemy import func, select, update

from kooperacje.auth.models import LoginSession, User
from kooperacje.clock import utcnow
from kooperacje.extensions import db
from kooperacje.parking import MAX_BYTES, ParkedForm, keep_for


@pytest.fixture
def worker(app):
    """A signed-in worker at a diagnosis form: (client, the form's URL, its version)."""
    client, _municipality = worker_client(app)
    _, edit_url = new_diagnosis(client)
    return client, edit_url, version_of(client.get(edit_url).get_data(as_text=True))


def parked_count(app):
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(ParkedForm).execution_options(all_tenants=True))


def go_idle(app, minutes=60):
    with app.app_context():
        db.session.execute(update(LoginSession).values(last_seen_at=utcnow() - timedelta(minutes=minutes)))
        db.session.commit()


def post_typed(client, edit_url, version, text="Sąsiadka pomaga"):
    return client.post(edit_url, data={"version": version, "action": "save", "network__notes": text})


def test_an_idle_session_parks_the_form(app, worker):
    client, edit_url, version = worker
    go_idle(app)
    response = post_typed(client, edit_url, version)
    assert "/login" in response.headers["Location"] and parked_count(app) == 1


def test_after_logout_the_old_cookie_parks_nothing(app, worker):
    client, edit_url, version = worker
    old_cookie = client.get_cookie("session").value
    client.post("/logout")
    client.set_cookie("session", old_cookie)
    assert "/login" in post_typed(client, edit_url, version).headers["Location"]
    assert parked_count(app) == 0


def test_after_a_password_change_an_idle_cookie_parks_nothing(app, worker):
    client, edit_url, version = worker
    go_idle(app)
    client.get("/")  # the idle session ends here; then the password is changed in another browser
    other = app.test_client()
    login(other, "worker")
    changed = other.post("/account/password", data={"current_password": PASSWORD, "confirm": "Sowa liczy gwiazdy nad Bugiem 4817!",
                                                    "new_password": "Sowa liczy gwiazdy nad Bugiem 4817!"})
    assert changed.status_code == 302
    assert "/login" in post_typed(client, edit_url, version).headers["Location"]
    assert parked_count(app) == 0


def test_a_deactivated_account_parks_nothing(app, worker):
    client, edit_url, version = worker
    go_idle(app)
    with app.app_context():
        db.session.execute(update(User).where(User.username == "worker").values(active=False))
        db.session.commit()
    post_typed(client, edit_url, version)
    assert parked_count(app) == 0


def test_a_cookie_that_never_was_a_session_parks_nothing(app, worker):
    client, edit_url, version = worker
    with client.session_transaction() as cookie:
        cookie["_user_id"] = "not-a-session-token"
    assert "/login" in post_typed(client, edit_url, version).headers["Location"]
    assert parked_count(app) == 0


def test_a_form_too_big_to_park_is_refused_and_the_user_told(app, worker):
    client, edit_url, version = worker
    go_idle(app)
    response = post_typed(client, edit_url, version, text="x" * (MAX_BYTES + 1))
    assert parked_count(app) == 0
    login_page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "zbyt obszerne" in login_page and "skopiuj tekst" in login_page


def test_parked_forms_expire_and_are_deleted(app, worker):
    client, edit_url, version = worker
    go_idle(app)
    post_typed(client, edit_url, version, text="Stary wpis")
    with app.app_context():
        db.session.execute(update(ParkedForm).values(created_at=utcnow() - keep_for() - timedelta(minutes=1)))
        db.session.commit()
    with app.app_context():
        assert keep_for() >= timedelta(minutes=app.config["SESSION_IDLE_MINUTES"]) + timedelta(days=1)
    assert login(client, "worker").status_code == 302
    assert "Stary wpis" not in client.get(edit_url).get_data(as_text=True)  # expired: not restored
    go_idle(app)
    post_typed(client, edit_url, version, text="Nowy wpis")
    assert parked_count(app) == 1  # the expired one was deleted when this one was parked
