"""Two server processes starting at once against an empty database: one migrates while the other
waits, then finds the head and does nothing; both come up (issue 12, finding 14)."""
import os
import subprocess
import sys
import time
from pathlib import Path

import sqlalchemy
from builders import copy_of, database_url, empty_database

ROOT = Path(__file__).resolve().parents[2]
#: a worker: imports everything, says so, waits for the start signal, then starts the app
WORKER = """
import os, sys, time
from kooperacje import create_app
print("ready", flush=True)
while not os.path.exists(sys.argv[1]):
    time.sleep(0.005)
create_app({"DATABASE_URL": sys.argv[2], "AUTO_MIGRATE": True, "DEMO_DATA": False, "TESTING": True,
            "SECRET_KEY": "w" * 40})
print("started", flush=True)
"""


def _versions(url):
    engine = sqlalchemy.create_engine(url)
    with engine.connect() as connection:
        versions = sorted(connection.exec_driver_sql("SELECT version_num FROM alembic_version").scalars())
    engine.dispose()
    return versions


def test_two_workers_starting_together_on_an_empty_database_both_come_up(migrated_db, tmp_path):
    url = database_url(empty_database(tmp_path, "fresh.db"))
    go = tmp_path / "go"
    workers = [subprocess.Popen([sys.executable, "-c", WORKER, str(go), url], cwd=ROOT, text=True,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE) for _ in range(2)]
    for worker in workers:
        assert worker.stdout.readline().strip() == "ready"
    go.touch()  # both start the app at the same moment
    deadline = time.monotonic() + 300
    results = [worker.communicate(timeout=max(1, deadline - time.monotonic())) for worker in workers]
    for worker, (out, err) in zip(workers, results):
        assert worker.returncode == 0 and "started" in out, err[-3000:]
    assert _versions(url) == _versions(database_url(migrated_db))  # the head, recorded once


def test_a_worker_that_does_not_migrate_never_loads_alembic_and_the_command_line_still_migrates(migrated_db, tmp_path):
    """Alembic, Mako and Pygments (some 12 MB a process) stay out of a web worker whose deployment
    migrates when it deploys (AUTO_MIGRATE off); ``flask db`` finds its commands all the same."""
    url = database_url(copy_of(migrated_db, tmp_path, "k.db"))
    env = {**os.environ, "KOOPERACJE_DATABASE_URL": url, "KOOPERACJE_AUTO_MIGRATE": "false",
           "KOOPERACJE_DEMO_DATA": "false", "KOOPERACJE_SECRET_KEY": "x" * 40}
    code = ("import sys; from wsgi import app; assert app.test_client().get('/login').status_code == 200; "
            "print('alembic' in sys.modules, 'flask_migrate' in sys.modules)")
    worker = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True,
                            timeout=120)
    assert worker.stdout.split() == ["False", "False"], worker.stderr[-3000:]
    command = subprocess.run([sys.executable, "-m", "flask", "--app", "wsgi", "db", "current"], cwd=ROOT, env=env,
                             capture_output=True, text=True, timeout=120)
    assert command.returncode == 0, command.stderr[-3000:]
    assert all(version in command.stdout for version in _versions(url))
