"""Two server processes starting at once against an empty database: one migrates while the other
waits, then finds the head and does nothing; both come up (issue 12, finding 14)."""
import subprocess
import sys
import time
from pathlib import Path

import sqlalchemy
from builders import database_url, empty_database

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
