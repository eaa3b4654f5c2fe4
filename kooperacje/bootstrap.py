"""First start: bring the database to the newest revision and, on the embedded default,
add demo municipalities whose one-time passwords are printed once to the console."""
import fcntl
import sys
from contextlib import contextmanager

import click
from flask_migrate import upgrade
from sqlalchemy import func, select

from kooperacje.extensions import db

DEMO_PASSWORDS_HINT = ("Kooperacje: demo data is on; `flask --app wsgi demo-passwords` issues new one-time "
                       "passwords for its logins.")


#: pg_advisory_lock key held while one process migrates ("KOOP" in ASCII); any fixed number would do
MIGRATION_LOCK_KEY = 0x4B4F4F50


def prepare_database(app):
    with app.app_context():
        # Several workers starting at once: one migrates, the others wait, then find the head.
        with migration_lock():
            upgrade(directory=app.extensions["migrate"].directory, revision="heads")
        refresh_statistics()
        if app.config["DEMO_DATA"] and not _has_users():
            from kooperacje.demo import create_demo_data

            accounts = create_demo_data()
            print_one_time_passwords(accounts)
        if app.config["DEMO_DATA"]:  # every start: the passwords above are printed only once
            click.echo(DEMO_PASSWORDS_HINT, file=sys.stderr)


@contextmanager
def migration_lock():
    """One process at a time: a PostgreSQL advisory lock on its own connection, or an exclusive
    lock on a file beside the SQLite database (the migration's own connection must stay free)."""
    engine = db.engine
    if engine.dialect.name == "postgresql":
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            connection.execute(select(func.pg_advisory_lock(MIGRATION_LOCK_KEY)))
            try:
                yield
            finally:
                connection.execute(select(func.pg_advisory_unlock(MIGRATION_LOCK_KEY)))
    elif engine.dialect.name == "sqlite" and engine.url.database not in (None, "", ":memory:"):
        with open(f"{engine.url.database}.migration-lock", "a") as lock_file:
            fcntl.flock(lock_file, fcntl.LOCK_EX)  # released when the file closes
            yield
    else:
        yield


def refresh_statistics():
    """Planner statistics at every start (a second or two at 1 M clients): SQLite has no
    autovacuum to gather them, and without them it picks a municipality's index over a row's own."""
    from kooperacje.database import gather_statistics

    with db.engine.begin() as connection:
        gather_statistics(connection)


def _has_users():
    from kooperacje.auth.models import User

    return db.session.scalar(select(func.count(User.id))) > 0


def print_one_time_passwords(accounts):
    """Console only (never the log): the admin reads them once and each user changes theirs."""
    lines = ["", "Kooperacje: demo accounts (one-time passwords, shown only now):"]
    lines += [f"  {login:<28} {password:<24} {label}" for login, password, label in accounts]
    lines.append("")
    click.echo("\n".join(lines), file=sys.stderr)
