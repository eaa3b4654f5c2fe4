"""Two app processes behind one database and one Redis share the work: a session begun on one is
good on the other, and a job enqueued by one is run by the consumer (issue 16). In the PostgreSQL
pass this is the production set-up: PostgreSQL, Redis, the app on two processes, a consumer."""
import http.cookiejar
import os
import re
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from datetime import timedelta
from pathlib import Path

from builders import PASSWORD, add_institution, add_meeting, coordinator_client, database_url, free_port, make_app, set_up

from kooperacje.clock import local_today

ROOT = Path(__file__).resolve().parents[2]
TOKEN = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')


def _environment(db_path, redis_uri, smtp_port):
    return {**os.environ, "KOOPERACJE_DATABASE_URL": database_url(db_path), "KOOPERACJE_AUTO_MIGRATE": "false",
            "KOOPERACJE_DEMO_DATA": "false", "KOOPERACJE_SECRET_KEY": "z" * 40, "KOOPERACJE_JOBS_REDIS_URL": redis_uri,
            "KOOPERACJE_MAIL_SERVER": "127.0.0.1", "KOOPERACJE_MAIL_PORT": str(smtp_port),
            "KOOPERACJE_MAIL_BACKEND": "smtp", "KOOPERACJE_MAIL_TIMEOUT": "5", "PYTHONUNBUFFERED": "1"}


def _app_process(env, log):
    port = free_port()
    process = subprocess.Popen([sys.executable, "-m", "gunicorn", "--workers", "1", "--bind", f"127.0.0.1:{port}",
                                "wsgi:app"], cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    return process, f"http://127.0.0.1:{port}"


def _wait_until(condition, seconds=60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.2)
    return condition()


def _answers(opener, url):
    try:
        return opener.open(url, timeout=5).status == 200
    except OSError:
        return False


def _post(opener, url, page_url, **fields):
    """A form's POST with the CSRF token of the page it is on."""
    page = opener.open(page_url, timeout=30).read().decode()
    data = urllib.parse.urlencode({"csrf_token": TOKEN.search(page).group(1), **fields}).encode()
    return opener.open(urllib.request.Request(url, data=data, headers={"Referer": page_url}), timeout=30)


def test_a_session_and_a_job_cross_two_app_processes_and_the_consumer_runs_it(db_path, redis_uri, smtp, tmp_path):
    smtp_port, inbox = smtp
    app = make_app(db_path)
    coordinator, _municipality = coordinator_client(app)
    set_up(coordinator)
    add_institution(coordinator, "Powiatowy Urząd Pracy", sector="labour", contact_email="pup@example.org")
    meeting_id = add_meeting(coordinator, (local_today() + timedelta(days=7)).isoformat(), place="Sala 12")

    env = _environment(db_path, redis_uri, smtp_port)
    log = (tmp_path / "apps.log").open("ab")
    first, first_url = _app_process(env, log)
    second, second_url = _app_process(env, log)
    consumer = None
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
    try:
        assert _wait_until(lambda: _answers(opener, first_url + "/login") and _answers(opener, second_url + "/login"))
        signed_in = _post(opener, first_url + "/login", first_url + "/login", username="koord", password=PASSWORD)
        assert signed_in.url.rstrip("/") == first_url  # redirected home: signed in on the first process
        invite_url = f"{second_url}/partnership/meetings/{meeting_id}/invite"
        assert "Zaloguj" not in opener.open(invite_url, timeout=30).read().decode()[:3000]  # the same session
        sent = _post(opener, invite_url, invite_url)
        assert sent.status == 200 and f"/partnership/meetings/{meeting_id}" in sent.url
        time.sleep(1)
        assert inbox.messages == []  # queued on Redis: no process has run it yet

        consumer = subprocess.Popen([sys.executable, "-m", "huey.bin.huey_consumer", "kooperacje.jobs.worker.huey",
                                     "--workers", "1", "--worker-type", "thread"], cwd=ROOT, env=env, stdout=log,
                                    stderr=subprocess.STDOUT)
        assert _wait_until(lambda: len(inbox.messages) == 1), (tmp_path / "apps.log").read_text()
        assert inbox.messages[0].rcpt_tos == ["pup@example.org"]
    finally:
        for process in (first, second, consumer):
            if process is not None:
                process.terminate()
                process.wait(timeout=30)
