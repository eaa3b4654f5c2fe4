import itertools
import os
import shutil

import pytest
import sqlalchemy
from flask_migrate import upgrade

from kooperacje import create_app
from kooperacje.auth.models import User
from kooperacje.auth.permissions import Role
from kooperacje.extensions import db
from kooperacje.municipalities import service, teryt
from kooperacje.municipalities.models import Municipality

PASSWORD = "Długie hasło testowe 2026!"
#: Set by scripts/test-postgres.sh: the suite runs on that PostgreSQL server instead of SQLite files.
POSTGRES = os.environ.get("KOOPERACJE_TEST_POSTGRES")
ON_POSTGRES = bool(POSTGRES)
TEMPLATE = "kooperacje_template"
_database_numbers = itertools.count()


def database_url(target):
    """``target`` is a SQLite file path or, on the PostgreSQL run, a database URL."""
    return str(target) if str(target).startswith("postgresql") else f"sqlite:///{target}"


def _create_postgres_database(template=None):
    name = f"test_{os.getpid()}_{next(_database_numbers)}"
    engine = sqlalchemy.create_engine(f"{POSTGRES}/postgres", isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.exec_driver_sql(f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{template}"' if template else ""))
    engine.dispose()
    return f"{POSTGRES}/{name}"


def empty_database(tmp_path, file_name):
    """A new empty database: a file under ``tmp_path`` or a new PostgreSQL database."""
    return _create_postgres_database() if ON_POSTGRES else tmp_path / file_name


def copy_of(migrated, tmp_path, file_name):
    """A new database holding the migrated schema: a copy of the file, or a PostgreSQL database
    made from the migrated template."""
    if ON_POSTGRES:
        return _create_postgres_database(template=TEMPLATE)
    path = tmp_path / file_name
    shutil.copy(migrated, path)
    return path


def make_app(db_path, plugins=None, **config):
    settings = {"TESTING": True, "DATABASE_URL": database_url(db_path), "AUTO_MIGRATE": False,
                "DEMO_DATA": False, "WTF_CSRF_ENABLED": False, "TOTP_ROLES": [], "SECRET_KEY": "test-secret-key-" + "x" * 32}
    settings.update(config)
    app = create_app(settings, plugins=plugins)
    _latest.app = app
    return app


class _latest:
    """The app the data helpers write to: the most recently created one."""

    app = None


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


def _detached(obj):
    """Load the columns and detach ``obj`` so tests can read it after the context ends."""
    db.session.refresh(obj)
    db.session.expunge(obj)
    return obj


def add_municipality(teryt6=None, display_name=None, model=True):
    """A municipality, optionally with its TERYT gmina and the recommended model chosen."""
    with _latest.app.app_context():
        return _detached(_add_municipality(teryt6, display_name, model))


def _add_municipality(teryt6, display_name, model):
    unit = teryt.find(teryt6) if teryt6 else None
    municipality = Municipality(display_name=display_name or (f"OPS {unit.name}" if unit else "Nowa gmina"))
    db.session.add(municipality)
    db.session.flush()
    if unit:
        service.adopt_gmina(municipality, teryt6)
        best = service.recommend(municipality).best
        if model and best:
            municipality.model_key = best.model_key
    db.session.commit()
    return municipality


def add_user(username, role, municipality=None, password=PASSWORD, voivodeship_code=None, **fields):
    with _latest.app.app_context():
        return _detached(_add_user(username, role, municipality, password, voivodeship_code, **fields))


def _add_user(username, role, municipality, password, voivodeship_code, **fields):
    user = User(username=username, full_name=fields.pop("full_name", username.title()), role=Role(role).value,
                municipality_id=municipality.id if municipality else None,
                voivodeship_code=voivodeship_code)
    user.set_password(password)
    for name, value in fields.items():
        setattr(user, name, value)
    db.session.add(user)
    db.session.commit()
    return user


def login(client, username, password=PASSWORD):
    return client.post("/login", data={"username": username, "password": password})


@pytest.fixture
def zgierz(app):
    return add_municipality("102003")


@pytest.fixture
def logged_in(client):
    """Log ``client`` in as a fresh user: ``logged_in(role, municipality)``."""
    counter = iter(range(1000))

    def _login(role, municipality=None, **fields):
        user = add_user(f"{Role(role).value.replace('_', '')}{next(counter)}", role, municipality, **fields)
        response = login(client, user.username)
        assert response.status_code == 302, response.data
        return user

    return _login
