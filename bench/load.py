"""Load on the real server: gunicorn (2 workers x 4 threads) on 127.0.0.1, C concurrent clients,
80 % reads (a client's page, the register, the desk) and 20 % saves (a diagnosis draft), for a
fixed number of requests per level. Prints throughput, p50/p95 and errors per C, and the highest
C with no 5xx and p95 under one second. Bounded: it stops by itself."""
import re
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from conftest import add_municipality, add_user, make_app  # noqa: E402
from test_concurrency import Server, Session  # noqa: E402

LEVELS = (1, 2, 4, 8, 16, 32)
REQUESTS_PER_CLIENT = 40
VERSION = re.compile(r'name="version" type="hidden" value="(\d+)"')


def prepare(folder):
    from flask_migrate import upgrade

    from kooperacje.extensions import db

    path = folder / "load.db"
    app = make_app(path)
    with app.app_context():
        upgrade(directory=app.extensions["migrate"].directory, revision="heads")
    municipality = add_municipality("102003")
    for n in range(max(LEVELS)):
        add_user(f"load{n}", "social_worker", municipality, must_change_password=False)
    with app.app_context():
        db.engine.dispose()
    return path


def client_loop(port, n, latencies, errors):
    session = Session(port)
    session.login(f"load{n}")
    _, location, _ = session.request("POST", "/clients/new", {"kind": "person", "first_name": "Jan",
                                                               "last_name": f"Obciążeniowy{n}"})
    client_url = location
    _, edit_url, _ = session.request("POST", client_url.replace("http://127.0.0.1", "") + "/diagnoses", {})
    for i in range(REQUESTS_PER_CLIENT):
        start = time.perf_counter()
        if i % 5 == 4:
            _, _, page = session.request("GET", edit_url)
            version = VERSION.search(page).group(1)
            status, _, _ = session.request("POST", edit_url, {"version": version, "action": "save",
                                                              "health__notes": f"zapis {i}"})
        else:
            status, _, _ = session.request("GET", (client_url, "/clients/", "/clients/desk", client_url)[i % 4])
        latencies.append(time.perf_counter() - start)
        if status >= 500:
            errors.append(status)


def run_level(port, clients):
    latencies, errors = [], []
    threads = [threading.Thread(target=client_loop, args=(port, n, latencies, errors)) for n in range(clients)]
    start = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=300)
    elapsed = time.perf_counter() - start
    latencies.sort()
    p95 = latencies[int(len(latencies) * 0.95) - 1]
    return len(latencies) / elapsed, statistics.median(latencies), p95, len(errors)


def main():
    with tempfile.TemporaryDirectory() as folder:
        path = prepare(Path(folder))
        server = Server(path, Path(folder) / "gunicorn.log")
        try:
            print("\nLoad: gunicorn 2 workers x 4 threads, SQLite WAL, 80 % reads / 20 % diagnosis saves")
            print(f"{'clients':>8} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8} {'5xx':>5}")
            best = 0
            for clients in LEVELS:
                rate, p50, p95, errors = run_level(server.port, clients)
                print(f"{clients:>8} {rate:>8.0f} {p50 * 1000:>8.1f} {p95 * 1000:>8.1f} {errors:>5}")
                if errors == 0 and p95 < 1.0:
                    best = clients
            log = (Path(folder) / "gunicorn.log").read_text(errors="replace")
            print(f"highest C with 0 5xx and p95 < 1 s: {best}; 'database is locked' in the log: "
                  f"{log.count('database is locked')}")
        finally:
            server.stop()


if __name__ == "__main__":
    main()
