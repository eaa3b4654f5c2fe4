"""Account management by municipality and deployment administrators; CLI and demo accounts."""
import re

import pytest
from builders import PASSWORD, add_municipality, add_user, empty_database, login, make_app
from sqlalchemy import func, select

from kooperacje.auth.models import User
from kooperacje.extensions import db


@pytest.fixture
def admin(app, zgierz):
    add_user("admin.zgierz", "municipality_admin", zgierz)
    client = app.test_client()
    login(client, "admin.zgierz")
    return client


def _user(app, username):
    with app.app_context():
        return db.session.scalar(select(User).where(User.username == username))


def test_admin_creates_a_worker_who_must_set_their_own_password(app, admin, zgierz):
    response = admin.post("/users/new", data={"full_name": "Ewa Lis", "username": "Ewa.Lis", "email": "",
                                              "role": "social_worker"})
    body = response.get_data(as_text=True)
    assert response.status_code == 200 and "To hasło widać tylko teraz" in body
    password = re.search(r'<code class="secret">([^<]+)</code>', body).group(1)
    user = _user(app, "ewa.lis")
    assert (user.role, user.municipality_id, user.must_change_password) == ("social_worker", zgierz.id, True)
    client = app.test_client()
    assert login(client, "ewa.lis", password).headers["Location"] == "/account/password"


def test_admin_cannot_grant_roles_outside_the_municipality(app, admin):
    response = admin.post("/users/new", data={"full_name": "X", "username": "x.y", "role": "superadmin"})
    assert response.status_code == 400 and _user(app, "x.y") is None


def test_taken_login_gets_a_field_message_and_keeps_the_typed_values(admin):
    response = admin.post("/users/new", data={"full_name": "Anna Druga", "username": "admin.zgierz",
                                              "role": "social_worker"})
    body = response.get_data(as_text=True)
    assert response.status_code == 400 and "Ten login jest już zajęty." in body
    assert 'value="Anna Druga"' in body


@pytest.mark.parametrize("username", ["ab", "Żaneta", "a b", "x" * 70, "<script>"])
def test_invalid_logins_are_refused(app, admin, username):
    response = admin.post("/users/new", data={"full_name": "X", "username": username, "role": "social_worker"})
    assert response.status_code == 400
    with app.app_context():
        assert db.session.scalar(select(func.count(User.id))) == 1


def test_users_of_another_municipality_are_invisible(app, admin):
    other = add_municipality("101102")
    stranger = add_user("worker.dalikow", "social_worker", other)
    assert "worker.dalikow" not in admin.get("/users/").get_data(as_text=True)
    for url in (f"/users/{stranger.id}/edit", f"/users/{stranger.id}/deactivate"):
        assert admin.get(url).status_code == 404
        assert admin.post(url, data={"full_name": "Hacked", "role": "social_worker"}).status_code == 404
    assert _user(app, "worker.dalikow").active is True


def test_deactivation_asks_for_confirmation_first(app, admin, zgierz):
    worker = add_user("worker", "social_worker", zgierz)
    page = admin.get(f"/users/{worker.id}/deactivate")
    assert page.status_code == 200 and "Dezaktywować konto?" in page.get_data(as_text=True)
    assert _user(app, "worker").active is True
    admin.post(f"/users/{worker.id}/deactivate")
    assert _user(app, "worker").active is False
    assert login(app.test_client(), "worker").status_code == 200  # refused


def test_password_reset_gives_a_new_one_time_password_and_ends_sessions(app, admin, zgierz):
    worker = add_user("worker", "social_worker", zgierz)
    worker_client = app.test_client()
    login(worker_client, "worker")
    body = admin.post(f"/users/{worker.id}/reset-password").get_data(as_text=True)
    password = re.search(r'<code class="secret">([^<]+)</code>', body).group(1)
    assert worker_client.get("/").status_code == 302
    assert login(app.test_client(), "worker", PASSWORD).status_code == 200
    assert login(app.test_client(), "worker", password).headers["Location"] == "/account/password"


def test_admin_cannot_lock_themselves_out(app, admin):
    me = _user(app, "admin.zgierz")
    admin.post(f"/users/{me.id}/deactivate")
    assert _user(app, "admin.zgierz").active is True


def test_user_list_paginates_by_keyset(app, admin, zgierz):
    for n in range(30):
        add_user(f"worker{n:02d}", "social_worker", zgierz)
    first = admin.get("/users/").get_data(as_text=True)
    after = re.search(r"\?after=(\d+)", first).group(1)
    second = admin.get(f"/users/?after={after}").get_data(as_text=True)
    names = lambda page: set(re.findall(r"<td>(worker\d\d|admin\.zgierz)</td>", page))  # noqa: E731
    assert len(names(first)) == 25 and names(first).isdisjoint(names(second))
    assert len(names(first) | names(second)) == 31


def test_superadmin_adds_a_municipality_with_its_administrator(app):
    add_user("root", "superadmin")
    client = app.test_client()
    login(client, "root")
    response = client.post("/admin/municipalities/new", data={
        "display_name": "GOPS w Kluczach", "admin_full_name": "Jan Nowak", "admin_username": "admin.klucze"})
    assert "To hasło widać tylko teraz" in response.get_data(as_text=True)
    admin = _user(app, "admin.klucze")
    assert admin.role == "municipality_admin" and admin.municipality_id is not None
    assert "GOPS w Kluczach" in client.get("/admin/municipalities").get_data(as_text=True)


def test_fresh_install_has_no_accounts_and_cli_creates_the_first_superadmin(app):
    with app.app_context():
        assert db.session.scalar(select(func.count(User.id))) == 0
    result = app.test_cli_runner().invoke(args=["create-superadmin", "Root"])
    assert result.exit_code == 0
    password = result.output.strip().rsplit(" ", 1)[-1]
    client = app.test_client()
    assert login(client, "root", password).headers["Location"] == "/account/password"
    assert app.test_cli_runner().invoke(args=["create-superadmin", "root"]).exit_code != 0


def test_demo_data_on_first_start_prints_one_time_passwords_once(tmp_path, capfd, caplog):
    demo_db = empty_database(tmp_path, "demo.db")
    app = make_app(demo_db, AUTO_MIGRATE=True, DEMO_DATA=True)
    printed = capfd.readouterr().err
    accounts = re.findall(r"^  (\S+)\s+(\S+)\s", printed, re.MULTILINE)
    assert {"admin.zgierz", "admin.dalikow", "admin.aleksandrow", "obserwator.lodzkie"} <= {a for a, _ in accounts}
    assert all(password not in caplog.text for _, password in accounts)
    with app.app_context():
        from kooperacje.municipalities.models import Municipality

        models = set(db.session.scalars(select(Municipality.model_key)).all())
        assert models == {"rural", "urban_rural", "urban", None}
        assert all(u.must_change_password for u in db.session.scalars(select(User)))
    make_app(demo_db, AUTO_MIGRATE=True, DEMO_DATA=True)
    assert "demo accounts" not in capfd.readouterr().err  # only on the first start
    client = app.test_client()
    login(client, "admin.zgierz", dict(accounts)["admin.zgierz"])
    assert client.get("/account/password").status_code == 200


def test_a_reset_password_works_once_and_expires(app, admin, zgierz):
    from datetime import timedelta

    from sqlalchemy import update

    from kooperacje.auth.models import User
    from kooperacje.clock import to_local, utcnow

    worker = add_user("worker", "social_worker", zgierz)
    body = admin.post(f"/users/{worker.id}/reset-password").get_data(as_text=True)
    password = re.search(r'<code class="secret">([^<]+)</code>', body).group(1)
    limit = utcnow() + timedelta(hours=app.config["ONE_TIME_PASSWORD_HOURS"])
    with app.app_context():  # the page says until when it works, in Polish time (at 23:30 UTC, tomorrow)
        assert to_local(limit).strftime("%d.%m.%Y") in body
    with app.app_context():
        stored = db.session.get(User, worker.id).one_time_expires_at
        assert abs(stored - limit) < timedelta(minutes=1)
        db.session.execute(update(User).where(User.id == worker.id).values(one_time_expires_at=utcnow() - timedelta(1)))
        db.session.commit()
    expired = login(app.test_client(), "worker", password)
    assert expired.status_code == 400 and "To hasło jednorazowe wygasło" in expired.get_data(as_text=True)
    body = admin.post(f"/users/{worker.id}/reset-password").get_data(as_text=True)
    password = re.search(r'<code class="secret">([^<]+)</code>', body).group(1)
    first = app.test_client()
    assert login(first, "worker", password).headers["Location"] == "/account/password"
    first.post("/account/password", data={"current_password": password, "new_password": "Moje własne zdanie 12",
                                          "confirm": "Moje własne zdanie 12"})
    assert login(app.test_client(), "worker", password).status_code == 200  # used once: refused now
    assert login(app.test_client(), "worker", "Moje własne zdanie 12").headers["Location"] == "/"
    with app.app_context():
        assert db.session.get(User, worker.id).one_time_expires_at is None
