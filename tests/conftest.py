import itertools
import socket
import subprocess
import time

import pytest
import sqlalchemy
from builders import (ON_POSTGRES, POSTGRES, TEMPLATE, _tool, add_municipality, add_user, copy_of, free_port, login,
                      make_app, start_smtp)
from flask_migrate import upgrade

from kooperacje.auth.permissions import Role
from kooperacje.extensions import db


@pytest.fixture(scope="session")
def migrated_db(tmp_path_factory):
    """A database upgraded to the newest revision once; each test gets a copy."""
    if ON_POSTGRES:
        engine = sqlalchemy.create_engine(f"{POSTGRES}/postgres", isolation_level="AUTOCOMMIT")
        with engine.connect() as conn:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{TEMPLATE}"')
            conn.exec_driver_sql(f'CREATE DATABASE "{TEMPLATE}"')
        engine.dispose()
        path = f"{POSTGRES}/{TEMPLATE}"
    else:
        path = tmp_path_factory.mktemp("template") / "template.db"
    app = make_app(path)
    with app.app_context():
        upgrade(directory=app.extensions["migrate"].directory, revision="heads")
        db.engine.dispose()
    return path


@pytest.fixture
def db_path(migrated_db, tmp_path):
    return copy_of(migrated_db, tmp_path, "test.db")


@pytest.fixture
def app(db_path):
    # Tests hold no app context around requests, so each request gets its own `g` as in
    # production; wrap database checks in `with app.app_context():`.
    app = make_app(db_path)
    yield app
    with app.app_context():
        db.engine.dispose()


@pytest.fixture
def client(app):
    return app.test_client()














@pytest.fixture
def zgierz(app):
    return add_municipality("102003")


@pytest.fixture
def logged_in(client):
    """Log ``client`` in as a fresh user: ``logged_in(role, municipality)``."""

    def _login(role, municipality=None, **fields):
        user = add_user(f"{Role(role).value.replace('_', '')}{next(_logins)}", role, municipality, **fields)
        response = login(client, user.username)
        assert response.status_code == 302, response.data
        return user

    return _login


_logins = itertools.count()


@pytest.fixture
def office_suite():
    """LibreOffice and poppler's tools; missing ones fail in CI and skip elsewhere."""
    return {"soffice": _tool("soffice", "libreoffice"), "pdftotext": _tool("pdftotext"),
            "pdfinfo": _tool("pdfinfo"), "pdftoppm": _tool("pdftoppm")}


@pytest.fixture
def redis_uri(tmp_path):
    """A Redis server of the test's own on 127.0.0.1 (missing, it fails in CI and skips elsewhere)."""
    server = _tool("redis-server")
    port = free_port()
    process = subprocess.Popen([server, "--bind", "127.0.0.1", "--port", str(port), "--save", "",
                                "--appendonly", "no", "--dir", str(tmp_path)],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.05)
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.fixture
def smtp():
    """(port, inbox) of an SMTP server running for the test."""
    port = free_port()
    controller, inbox = start_smtp(port)
    yield port, inbox
    controller.stop()
