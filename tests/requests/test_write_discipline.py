"""The write discipline: a request holds the database's write lock only while it writes — never
while it hashes a password, renders a page or builds a document — and the pages keep working
after every session threshold has passed (the 60-second idle 500 of the first version)."""
import sqlite3
from datetime import datetime, timedelta

import psycopg
import pytest
import time_machine
from builders import (PASSWORD, add_decision, add_institution, add_meeting, add_user, login, part_one, post_part_one,
                      required_answers, save, set_up, version_of, worker_client)
from flask import before_render_template
from sqlalchemy import event, func, select
from sqlalchemy.engine import make_url

from kooperacje.audit.models import CASE_ACCESSED, AuditEvent
from kooperacje.auth.models import User
from kooperacje.contracts import exports as contract_exports
from kooperacje.extensions import db
from kooperacje.partnership import routes as partnership_routes
from kooperacje.plans import routes as plan_routes


def write_lock_is_free(app):
    """Could another connection write right now, without waiting? (SQLite: take the write lock;
    PostgreSQL: update every account row, which a login holding its row would block.)"""
    url = make_url(app.config["SQLALCHEMY_DATABASE_URI"])
    if url.get_backend_name() == "sqlite":
        probe = sqlite3.connect(url.database, timeout=0, isolation_level=None)
        try:
            probe.execute("BEGIN IMMEDIATE")
            probe.execute("ROLLBACK")
            return True
        except sqlite3.OperationalError:
            return False
        finally:
            probe.close()
    with psycopg.connect(url.set(drivername="postgresql").render_as_string(hide_password=False)) as probe:
        try:
            probe.execute("SET lock_timeout = '100ms'")
            probe.execute("UPDATE user_account SET failed_logins = failed_logins")
            probe.rollback()
            return True
        except psycopg.errors.LockNotAvailable:
            return False


@pytest.fixture
def probes(app, monkeypatch):
    """Wrap a callable so that each call first probes the write lock; the answers land in the list."""
    answers = []

    def wrap(owner, name):
        original = getattr(owner, name)

        def probed(*args, **kwargs):
            answers.append(write_lock_is_free(app))
            return original(*args, **kwargs)

        monkeypatch.setattr(owner, name, probed)

    wrap.answers = answers
    return wrap


@pytest.mark.parametrize("password", [PASSWORD, "Zupełnie-złe-hasło-1"])
def test_login_does_not_hold_the_write_lock_while_hashing(app, zgierz, probes, password):
    add_user("anna", "social_worker", zgierz)
    probes(User, "check_password")
    client = app.test_client()
    response = client.post("/login", data={"username": "anna", "password": password})
    assert response.status_code in (200, 302)
    assert probes.answers == [True]


def a_whole_case(app):
    """A worker's client with a signed diagnosis, a contract and a PZK meeting with a task."""
    client, municipality = worker_client(app)
    created = client.post("/clients/new", data={"kind": "person", "first_name": "Jan", "last_name": "Nowak",
                                                "pesel": "44051401458", "reasons": ["illness"]})
    client_id = int(created.headers["Location"].rsplit("/", 1)[1])
    diagnosis_url = client.post(f"/clients/{client_id}/diagnoses").headers["Location"]
    to_sign = save(client, diagnosis_url, action="sign", **required_answers("urban"))
    sign_page = client.get(to_sign.headers["Location"])
    client.post(to_sign.headers["Location"], data={"version": version_of(sign_page.get_data(as_text=True))})
    contract_url = client.post(f"/clients/{client_id}/contracts").headers["Location"]
    post_part_one(client, contract_url, part_one())
    client.post(f"/clients/{client_id}/diagnoses")  # a new version in draft: the desk lists it
    return client, municipality, {
        "client": f"/clients/{client_id}", "diagnosis": diagnosis_url.replace("/edit", ""),
        "contract": contract_url.replace("/edit", ""), "contract edit": contract_url,
        "contract DOCX": contract_url.replace("/edit", "/contract.docx"), "GDPR report": f"/clients/{client_id}/report",
        "desk": "/clients/desk", "client list": "/clients/"}


def a_meeting(app, municipality):
    add_user("koord", "coordinator", municipality)
    coordinator = app.test_client()
    login(coordinator, "koord")
    set_up(coordinator)
    mops = add_institution(coordinator, "MOPS w Zgierzu")
    meeting = add_meeting(coordinator, "2025-02-01")
    add_decision(coordinator, meeting, "Przyjęto regulamin.", "Rozesłać regulamin", mops, "2025-02-08")
    return coordinator, {"protocol DOCX": f"/partnership/meetings/{meeting}/protocol.docx",
                         "tasks CSV": "/partnership/tasks.csv", "meeting": f"/partnership/meetings/{meeting}",
                         "action plan DOCX": "/partnership/plan/plan.docx"}


def test_pages_and_documents_hold_no_write_lock_while_rendering_or_building(app, probes):
    client, municipality, pages = a_whole_case(app)
    coordinator, partnership_pages = a_meeting(app, municipality)
    probes(contract_exports, "build_contract")  # every contract DOCX is built there
    probes(partnership_routes, "build_protocol")
    probes(plan_routes, "build_plan")
    rendering = []
    before_render_template.connect(lambda *_a, **_k: rendering.append(write_lock_is_free(app)), app, weak=False)
    for url in pages.values():
        assert client.get(url).status_code == 200, url
    for url in partnership_pages.values():
        assert coordinator.get(url).status_code == 200, url
    assert probes.answers == [True, True, True]  # the contract, the protocol and the action plan
    assert rendering and all(rendering)


def in_transaction(dbapi_connection):
    if isinstance(dbapi_connection, sqlite3.Connection):
        return dbapi_connection.in_transaction
    return dbapi_connection.info.transaction_status != psycopg.pq.TransactionStatus.IDLE


def test_reads_run_outside_a_transaction_and_the_first_write_opens_one(app):
    """Both databases: a page's reads take no lock and (PostgreSQL) cost no BEGIN and ROLLBACK;
    the only transaction of an audited page is the one that writes its access row."""
    client, _, pages = a_whole_case(app)
    statements = []

    def seen(conn, _cursor, statement, *_args):
        statements.append((statement.split(None, 1)[0].upper(), in_transaction(conn.connection.dbapi_connection)))

    with app.app_context():
        event.listen(db.engine, "after_cursor_execute", seen)
    try:
        assert client.get("/book/").status_code == 200
        book, statements[:] = list(statements), []
        assert client.get(pages["client"]).status_code == 200
    finally:
        with app.app_context():
            event.remove(db.engine, "after_cursor_execute", seen)
    assert book and all(kind == "SELECT" and not open_ for kind, open_ in book)
    reads = [open_ for kind, open_ in statements if kind == "SELECT"]
    writes = [open_ for kind, open_ in statements if kind != "SELECT"]
    assert len(reads) > 3 and not any(reads)
    assert writes and all(writes)  # the access row, inside the one short transaction


def test_every_page_that_showed_a_case_has_its_access_row(app):
    client, _, pages = a_whole_case(app)
    for name, url in pages.items():
        with app.app_context():
            before = db.session.scalar(select(func.count()).where(AuditEvent.action == CASE_ACCESSED))
        assert client.get(url).status_code == 200, name
        with app.app_context():
            rows = db.session.scalars(select(AuditEvent).where(AuditEvent.action == CASE_ACCESSED)
                                      .order_by(AuditEvent.id).offset(before)).all()
        assert len(rows) == 1 and rows[0].client_id is not None, name  # one row per client per page


THRESHOLDS = {  # minutes between two requests, as SESSION_IDLE_MINUTES = 30 and touches every minute
    "past the touch interval": 1.5,
    "half the idle limit": 15,
    "just inside the idle limit": 29,
}


@pytest.mark.parametrize("pause", THRESHOLDS.values(), ids=THRESHOLDS.keys())
def test_every_audited_page_and_export_answers_after_a_pause(app, pause):
    with time_machine.travel(datetime.now(), tick=False) as clock:
        client, municipality, pages = a_whole_case(app)
        coordinator, partnership_pages = a_meeting(app, municipality)
        for user, username, urls in ((client, "worker", pages), (coordinator, "koord", partnership_pages)):
            login(user, username)  # the other user's pauses counted against this one's session
            for name, url in urls.items():
                clock.shift(timedelta(minutes=pause))
                response = user.get(url)
                assert response.status_code == 200, f"{name} after {pause} min: {response.status_code}"


def test_a_session_idle_past_its_limit_or_too_old_asks_to_log_in_again(app):
    with time_machine.travel(datetime.now(), tick=False) as clock:
        client, _, pages = a_whole_case(app)
        clock.shift(timedelta(minutes=31))
        assert "/login" in client.get(pages["client"]).headers["Location"]
        login(client, "worker")
        for _ in range(10 * 60 // 25 + 1):  # active all day, a request every 25 minutes, past 10 hours
            clock.shift(timedelta(minutes=25))
            response = client.get(pages["desk"])
            if response.status_code == 302:
                break
            assert response.status_code == 200
        assert "/login" in response.headers["Location"]
        login(client, "worker")
        assert client.get(pages["contract DOCX"]).status_code == 200
