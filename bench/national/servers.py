"""The processes a run needs: gunicorn (2 sync workers on 127.0.0.1) and a throw-away PostgreSQL
cluster (the approach of scripts/test-postgres.sh: Debian's server binaries, a free port)."""
import contextlib
import glob
import http.client
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Gunicorn:
    """``app`` on 2 sync workers, the product's configuration from the environment."""

    def __init__(self, app, env, log_path, ready_path="/"):
        self.port, self.log_path = free_port(), log_path
        self.log = open(log_path, "ab")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "--workers", "2", "--worker-class", "sync",
             "--bind", f"127.0.0.1:{self.port}", "--graceful-timeout", "2", "--timeout", "60", app],
            cwd=ROOT, env={**os.environ, **env}, stdout=self.log, stderr=self.log, start_new_session=True)
        self._wait(ready_path)

    def _wait(self, path):
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise SystemExit(f"gunicorn exited; see {self.log_path}")
            try:
                conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
                conn.request("GET", path)
                if conn.getresponse().status < 500:
                    return
            except OSError:
                time.sleep(0.3)
        raise SystemExit(f"gunicorn did not start; see {self.log_path}")

    def url(self, path):
        return f"http://127.0.0.1:{self.port}{path}"

    def worker_rss_mb(self):
        """The largest resident set of the workers (children of the master)."""
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children").read_text().split()
        sizes = []
        for pid in children:
            with contextlib.suppress(OSError):
                status = Path(f"/proc/{pid}/status").read_text()
                sizes.append(int(next(line for line in status.splitlines() if line.startswith("VmRSS")).split()[1]))
        return max(sizes, default=0) / 1024

    def log_text(self):
        if not self.log.closed:
            self.log.flush()
        return Path(self.log_path).read_text(errors="replace")

    def stop(self):
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()
        self.log.close()


def product(url, log_path, throttled=False):
    """The product; unthrottled for the page runs, whose 16 connections log in as one user from one
    address (the login throttle would refuse most of them), and for showing what hashing costs."""
    env = {"KOOPERACJE_DATABASE_URL": url, "KOOPERACJE_AUTO_MIGRATE": "false", "KOOPERACJE_DEMO_DATA": "false",
           "KOOPERACJE_SECRET_KEY": "b" * 40, "KOOPERACJE_RATE_LIMIT_ENABLED": "true" if throttled else "false"}
    return Gunicorn("wsgi:app", env, log_path, ready_path="/login")


def bare(url, log_path):
    return Gunicorn("bench.national.bare:app", {"BENCH_DATABASE_URL": url}, log_path)


@contextlib.contextmanager
def postgres_cluster():
    """Yields a SQLAlchemy URL of an empty database on a fresh cluster, removed afterwards."""
    bins = sorted((d for d in glob.glob("/usr/lib/postgresql/*/bin") if os.access(f"{d}/initdb", os.X_OK)),
                  key=lambda d: int(d.split("/")[-2]))
    if not bins:
        raise SystemExit("PostgreSQL server is missing (scripts/test-prerequisites.sh installs it)")
    folder = tempfile.mkdtemp(prefix="kooperacje-bench-pg.")
    as_owner = []
    if os.getuid() == 0:  # the server refuses to run as root
        shutil.chown(folder, "postgres")
        as_owner = ["runuser", "-u", "postgres", "--"]
    port, data = free_port(), f"{folder}/data"
    try:
        subprocess.run([*as_owner, f"{bins[-1]}/initdb", "-D", data, "-U", "postgres", "--auth=trust", "-E", "UTF8",
                        "--locale=C.UTF-8"], check=True, capture_output=True)
        # Default durability (fsync on): the product's writes are measured as they would run.
        subprocess.run([*as_owner, f"{bins[-1]}/pg_ctl", "-D", data, "-l", f"{folder}/server.log", "-w", "start",
                        "-o", f"-p {port} -k {folder} -c listen_addresses=127.0.0.1 -c max_connections=100 "
                              "-c shared_buffers=512MB"], check=True, capture_output=True)
        yield f"postgresql+psycopg://postgres@127.0.0.1:{port}/postgres"
    finally:
        subprocess.run([*as_owner, f"{bins[-1]}/pg_ctl", "-D", data, "-m", "immediate", "stop"], capture_output=True)
        shutil.rmtree(folder, ignore_errors=True)
