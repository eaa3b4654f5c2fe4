"""No data lost under concurrent use: the real server (gunicorn, 2 workers x 4 threads) on
127.0.0.1, bounded concurrent writers, some editing the same contract from the same version.
Every acknowledged write is in the database, no response is a 500, no "database is locked",
and every stale edit gets a conflict. The crash variant kills the server mid-run."""
import http.client
import os
import re
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import urlencode

import pytest
from builders import ON_POSTGRES, PASSWORD, add_municipality, add_user, database_url, free_port
from sqlalchemy import select, text

from kooperacje.clients.models import Client, Person
from kooperacje.contracts.models import Contract
from kooperacje.extensions import db

ROOT = Path(__file__).resolve().parents[2]
WRITERS, CLIENTS_EACH = 8, 12
EDITORS, ROUNDS = 4, 5
READERS = 4
TOKEN = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')


class Session:
    """A browser's cookies and CSRF token, over plain HTTP on loopback."""

    def __init__(self, port):
        self.port, self.cookies, self.token = port, {}, None

    def request(self, method, path, form=None):
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        body = None
        if form is not None:
            body = urlencode({**form, "csrf_token": self.token or ""})
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        conn.request(method, path, body=body, headers=headers)
        response = conn.getresponse()
        page = response.read().decode("utf-8", "replace")
        for header in response.headers.get_all("Set-Cookie") or []:
            name, _, value = header.split(";", 1)[0].partition("=")
            self.cookies[name] = value
        found = TOKEN.search(page)
        self.token = found.group(1) if found else self.token
        conn.close()
        return response.status, response.headers.get("Location", ""), page

    def login(self, username):
        self.request("GET", "/login")
        status, _, page = self.request("POST", "/login", {"username": username, "password": PASSWORD})
        assert status == 302, (status, page[-3000:])
        self.request("GET", "/clients/new")  # a page with a form token for this session


class Server:
    def __init__(self, target, log_path):
        self.port = free_port()
        self.log = open(log_path, "ab")
        env = {**os.environ, "KOOPERACJE_DATABASE_URL": database_url(target), "KOOPERACJE_AUTO_MIGRATE": "false",
               "KOOPERACJE_DEMO_DATA": "false", "KOOPERACJE_SECRET_KEY": "k" * 40}
        self.process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "--workers", "2", "--threads", "4", "--worker-class", "gthread",
             "--bind", f"127.0.0.1:{self.port}", "--graceful-timeout", "2", "wsgi:app"],
            cwd=ROOT, env=env, stdout=self.log, stderr=self.log, start_new_session=True)
        self._wait_until_ready()

    def _wait_until_ready(self):
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if Session(self.port).request("GET", "/health")[0] == 200:
                    return
            except OSError:
                time.sleep(0.2)
        raise AssertionError("gunicorn did not start")

    def kill(self):
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=10)

    def stop(self):
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            self.process.wait(timeout=20)
        self.log.close()



@pytest.fixture
def prepared(app, db_path, tmp_path):
    """Workers of one municipality and a draft contract they will all edit."""
    municipality = add_municipality("102003")
    for n in range(WRITERS):
        add_user(f"worker{n}", "social_worker", municipality, must_change_password=False)
    with app.app_context():
        client = Client(municipality_id=municipality.id, kind="person", surname_key="wspolny")
        client.members = [Person(municipality_id=municipality.id, first_name="A", last_name="Wspólny",
                                 relation="applicant")]
        db.session.add(client)
        db.session.flush()
        contract = Contract(municipality_id=municipality.id, client_id=client.id, number=1, model_key="urban")
        db.session.add(contract)
        db.session.commit()
        contract_id = contract.id
        db.engine.dispose()
    return {"db": db_path, "contract_id": contract_id, "log": tmp_path / "gunicorn.log"}


def letters(number):
    """A number spelled in letters: names hold no digits."""
    return "".join("abcdefghij"[int(digit)] for digit in str(number))


def register_clients(port, worker, count, acknowledged, statuses, stop=None):
    session = Session(port)
    try:
        session.login(f"worker{worker}")
    except OSError:
        return  # the server went away before this writer started (crash variant)
    for n in range(count):
        if stop is not None and stop.is_set():
            return
        try:
            status, location, _ = session.request("POST", "/clients/new", {
                "kind": "person", "first_name": "Jan", "last_name": f"Piszący-{letters(worker)}-{letters(n)}"})
        except OSError:
            return  # the server went away (crash variant): this write was not acknowledged
        statuses.append(status)
        if status == 302 and "/clients/" in location:
            acknowledged.append(int(location.rsplit("/", 1)[1]))


def read_audited_pages(port, worker, contract_id, statuses):
    """Pages whose every view writes an audit row: reads that must queue for the write lock."""
    session = Session(port)
    session.login(f"worker{worker}")
    for n in range(20):
        url = f"/clients/contracts/{contract_id}" if n % 2 else "/clients/desk"
        statuses.append(session.request("GET", url)[0])


def edit_rounds(port, contract_id, outcomes):
    sessions = [Session(port) for _ in range(EDITORS)]
    for n, session in enumerate(sessions):
        session.login(f"worker{n}")
    url = f"/clients/contracts/{contract_id}/edit"
    for round_ in range(ROUNDS):
        versions = []
        for session in sessions:
            _, _, page = session.request("GET", url)
            versions.append(re.search(r'name="version" type="hidden" value="(\d+)"', page).group(1))
        assert len(set(versions)) == 1
        barrier, results = threading.Barrier(EDITORS), [None] * EDITORS

        def save(n):
            barrier.wait()
            results[n] = sessions[n].request("POST", url, {"version": versions[n], "variant": "A",
                                                           "main_goal": f"runda {round_} edytor {n}"})[0]

        threads = [threading.Thread(target=save, args=(n,)) for n in range(EDITORS)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=60)
        outcomes.append(results)


def test_concurrent_writers_lose_nothing_and_stale_edits_conflict(app, prepared):
    server = Server(prepared["db"], prepared["log"])
    acknowledged, statuses, outcomes = [], [], []
    try:
        writers = [threading.Thread(target=register_clients, args=(server.port, n, CLIENTS_EACH, acknowledged,
                                                                   statuses)) for n in range(WRITERS)]
        readers = [threading.Thread(target=read_audited_pages, args=(server.port, n, prepared["contract_id"],
                                                                     statuses)) for n in range(READERS)]
        editors = threading.Thread(target=edit_rounds, args=(server.port, prepared["contract_id"], outcomes))
        for t in (*writers, *readers, editors):
            t.start()
        for t in (*writers, *readers, editors):
            t.join(timeout=300)
    finally:
        server.stop()
    log = prepared["log"].read_text(errors="replace")
    assert len(acknowledged) == WRITERS * CLIENTS_EACH and all(s < 500 for s in statuses)
    assert len(outcomes) == ROUNDS
    for results in outcomes:
        assert sorted(results) == [302] + [409] * (EDITORS - 1), results
    assert "database is locked" not in log and "Traceback" not in log
    with app.app_context():
        stored = set(db.session.scalars(select(Client.id).execution_options(all_tenants=True)))
        assert set(acknowledged) <= stored
        goal = db.session.scalar(select(Contract.main_goal).execution_options(all_tenants=True))
    assert goal.startswith(f"runda {ROUNDS - 1} ")
    assert statuses.count(200) >= READERS * 20
    print(f"writers: {WRITERS + EDITORS}, audited readers: {READERS}, writes acknowledged: {len(acknowledged) + ROUNDS}, lost: 0, "
          f"stale edits refused: {ROUNDS * (EDITORS - 1)}")


def test_a_killed_server_keeps_every_acknowledged_write(app, prepared):
    server = Server(prepared["db"], prepared["log"])
    acknowledged, statuses, stop = [], [], threading.Event()
    writers = [threading.Thread(target=register_clients, args=(server.port, n, 200, acknowledged, statuses, stop))
               for n in range(6)]
    try:
        for t in writers:
            t.start()
        deadline = time.monotonic() + 30
        while len(acknowledged) < 40 and time.monotonic() < deadline:
            time.sleep(0.05)
        server.kill()  # SIGKILL to master and workers, mid-write
        stop.set()
        for t in writers:
            t.join(timeout=60)
    finally:
        server.stop()
    assert len(acknowledged) >= 40 and all(s < 500 for s in statuses)
    with app.app_context():
        if not ON_POSTGRES:
            assert db.session.execute(text("PRAGMA integrity_check")).scalar() == "ok"
        stored = set(db.session.scalars(select(Client.id).execution_options(all_tenants=True)))
    assert set(acknowledged) <= stored
    restarted = Server(prepared["db"], prepared["log"])  # and it starts again on the same database
    try:
        session = Session(restarted.port)
        session.login("worker0")
        assert session.request("GET", "/clients/")[0] == 200
    finally:
        restarted.stop()
    print(f"crash: writes acknowledged before the kill: {len(acknowledged)}, lost: 0")
