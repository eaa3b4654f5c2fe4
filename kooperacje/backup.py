"""Online backup and restore of the whole database, while the app keeps running.

SQLite: the sqlite3 online backup API copies a consistent snapshot page by page (writers wait
on the busy timeout, nobody gets "database is locked"). PostgreSQL: pg_dump / pg_restore in the
custom format, from Debian's postgresql-client.
"""
import sqlite3
import subprocess
from pathlib import Path

from sqlalchemy.engine import make_url

from kooperacje.extensions import db


class BackupError(RuntimeError):
    """The backup or restore could not be done; the message says why."""


def _sqlite_file(url):
    return url.database


def _libpq_url(url):
    return url.set(drivername="postgresql").render_as_string(hide_password=False)


def backup(target):
    """Write a backup of the app's database to ``target`` (a new file)."""
    target = Path(target)
    if target.exists():
        raise BackupError(f"{target} exists already; choose a new file name")
    url = make_url(str(db.engine.url))
    if url.get_backend_name() == "sqlite":
        with sqlite3.connect(_sqlite_file(url), timeout=30) as source, sqlite3.connect(target) as copy:
            source.backup(copy)
        _check_sqlite(target)
    elif url.get_backend_name() == "postgresql":
        _run(["pg_dump", "--format=custom", "--no-owner", f"--file={target}", _libpq_url(url)])
    else:
        raise BackupError(f"backups of {url.get_backend_name()} databases are not supported")
    return target


def restore(source):
    """Replace the app's database contents with the backup in ``source``."""
    source = Path(source)
    if not source.is_file():
        raise BackupError(f"{source} is not a file")
    url = make_url(str(db.engine.url))
    db.session.remove()
    db.engine.dispose()  # no pooled connection may hold the old database open
    if url.get_backend_name() == "sqlite":
        _check_sqlite(source)
        with sqlite3.connect(source) as backup_file, sqlite3.connect(_sqlite_file(url), timeout=30) as live:
            backup_file.backup(live)
    elif url.get_backend_name() == "postgresql":
        _run(["pg_restore", "--clean", "--if-exists", "--no-owner", "--single-transaction",
              f"--dbname={_libpq_url(url)}", str(source)])
    else:
        raise BackupError(f"restoring {url.get_backend_name()} databases is not supported")


def _check_sqlite(path):
    try:
        with sqlite3.connect(path) as conn:
            verdict = conn.execute("PRAGMA integrity_check").fetchone()[0]  # nosemgrep: no-raw-sql
            has_schema = conn.execute(  # nosemgrep: no-raw-sql
                "SELECT count(*) FROM sqlite_master WHERE name = 'alembic_version'").fetchone()[0]
    except sqlite3.DatabaseError as error:
        raise BackupError(f"{path} is not a Kooperacje SQLite backup: {error}") from error
    if verdict != "ok" or not has_schema:
        raise BackupError(f"{path} is not a sound Kooperacje SQLite backup ({verdict})")


def _run(command):
    try:
        subprocess.run(command, check=True, capture_output=True, text=True, timeout=3600)
    except FileNotFoundError as error:
        raise BackupError(f"{command[0]} is missing: install Debian's postgresql-client") from error
    except subprocess.CalledProcessError as error:
        raise BackupError(f"{command[0]} failed: {error.stderr.strip()[-500:]}") from error
