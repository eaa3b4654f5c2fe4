"""First start: bring the database to the newest revision and, on the embedded default,
add demo municipalities whose one-time passwords are printed once to the console."""
import sys

import click
from flask_migrate import upgrade
from sqlalchemy import func, select

from kooperacje.extensions import db

DEMO_PASSWORDS_HINT = ("Kooperacje: demo data is on; `flask --app wsgi demo-passwords` issues new one-time "
                       "passwords for its logins.")


def prepare_database(app):
    with app.app_context():
        upgrade(directory=app.extensions["migrate"].directory, revision="heads")
        refresh_statistics()
        if app.config["DEMO_DATA"] and not _has_users():
            from kooperacje.demo import create_demo_data

            accounts = create_demo_data()
            print_one_time_passwords(accounts)
        if app.config["DEMO_DATA"]:  # every start: the passwords above are printed only once
            click.echo(DEMO_PASSWORDS_HINT, file=sys.stderr)


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
