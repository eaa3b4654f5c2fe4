"""The job queue: an embedded SQLite queue by default, Redis when configured, and `make run`'s
one command that starts the web server with the consumer and stops both on Ctrl-C."""
import os
import signal
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

import pytest
from builders import database_url, free_port
from huey import RedisHuey, SqliteHuey
from sqlalchemy import select

from kooperacje.config import DEFAULTS
from kooperacje.jobs.queue import create_huey

ROOT = Path(__file__).resolve().parents[2]


def settings(**overrides):
    return {**DEFAULTS, **overrides}


def test_the_queue_is_a_sqlite_file_beside_a_sqlite_database(tmp_path):
    huey = create_huey(settings(DATABASE_URL=f"sqlite:///{tmp_path}/kooperacje.db"), str(tmp_path / "instance"))
    assert isinstance(huey, SqliteHuey)
    assert huey.storage.filename == str(tmp_path / "kooperacje-jobs.db")


def test_with_postgresql_and_no_redis_the_queue_file_is_in_the_instance_folder(tmp_path):
    huey = create_huey(settings(DATABASE_URL="postgresql+psycopg://db/kooperacje"), str(tmp_path / "instance"))
    assert huey.storage.filename == str(tmp_path / "instance" / "kooperacje-jobs.db")


def test_a_redis_url_puts_the_queue_on_redis(tmp_path):
    huey = create_huey(settings(DATABASE_URL="sqlite://", JOBS_REDIS_URL="redis://127.0.0.1:6399/3"), str(tmp_path))
    assert isinstance(huey, RedisHuey)
    assert huey.storage.conn.connection_pool.connection_kwargs["port"] == 6399


def test_a_web_worker_that_queues_nothing_never_loads_the_queue(tmp_path):
    """Huey brings the Redis and PostgreSQL drivers (15 MB a worker); it is loaded at the first job."""
    code = ("import sys; from kooperacje import create_app; app = create_app(); "
            "assert app.test_client().get('/login').status_code == 200; print('huey' in sys.modules); "
            "app.extensions['kooperacje.jobs'].send_unsent_mail; print('huey' in sys.modules)")
    env = {**os.environ, "KOOPERACJE_DATABASE_URL": f"sqlite:///{tmp_path}/k.db", "KOOPERACJE_DEMO_DATA": "false",
           "KOOPERACJE_SECRET_KEY": "x" * 40}
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True,
                            timeout=120)
    assert result.stdout.split() == ["False", "True"], result.stderr


def _wait_for(ready, process, seconds=60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        assert process.poll() is None, "run-all exited early"
        if ready():
            return
        time.sleep(0.3)
    raise AssertionError("run-all did not get ready")


def _answers(url):
    try:
        return urllib.request.urlopen(url, timeout=2).status == 200
    except OSError:
        return False


def _as_at_a_terminal():
    """Ctrl-C's SIGINT at its default, as in a terminal: a suite started in the background (the
    PostgreSQL pass of `make test`) hands its children SIGINT ignored, which Python keeps."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def _children(pid):
    result = subprocess.run(["ps", "-o", "pid=", "--ppid", str(pid)], capture_output=True, text=True)
    return [int(p) for p in result.stdout.split()]


@pytest.mark.parametrize("stop", ["ctrl_c", "sigterm"])
def test_run_all_starts_the_server_and_the_consumer_and_ctrl_c_or_sigterm_stops_both(tmp_path, db_path, stop):
    port = free_port()
    env = {**os.environ, "KOOPERACJE_DATABASE_URL": database_url(db_path), "KOOPERACJE_DEMO_DATA": "false",
           "KOOPERACJE_SECRET_KEY": "x" * 40, "PYTHONUNBUFFERED": "1"}
    log = tmp_path / "run-all.log"
    with log.open("w") as out:
        process = subprocess.Popen([sys.executable, "-m", "flask", "--app", "wsgi", "run-all", "--port", str(port)],
                                   cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT,
                                   start_new_session=True, preexec_fn=_as_at_a_terminal)
    try:
        _wait_for(lambda: _answers(f"http://127.0.0.1:{port}/login"), process)
        _wait_for(lambda: "Huey consumer started" in log.read_text(), process)
        (consumer,) = _children(process.pid)
        if stop == "ctrl_c":
            os.killpg(process.pid, signal.SIGINT)  # Ctrl-C: the terminal signals the whole process group
        else:
            process.terminate()  # kill, a service manager: only the main process hears it
        # a bound, not a speed
        try:
            process.wait(timeout=90)
        except subprocess.TimeoutExpired:
            pytest.fail("run-all did not stop within 90 s; its output:\n" + log.read_text())
    finally:
        if process.poll() is None:
            process.kill()
    output = log.read_text()
    assert process.returncode == 0, output
    assert "Huey consumer started" in output and "Consumer exiting" in output
    assert not Path(f"/proc/{consumer}").exists()


class SlowInbox:
    """Takes its time over each recipient, so a batch is long enough to kill a consumer in it;
    a message counts once its data is in (a conversation cut before that delivers nothing).
    ``as_recipient_arrives`` runs as a recipient arrives, before the server answers it: a kill
    there falls outside the one instant no mail system can make safe, between the server
    accepting a message and the sender recording it (a kill then sends that e-mail twice)."""

    def __init__(self):
        self.messages = []
        self.as_recipient_arrives = None

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        import asyncio

        if self.as_recipient_arrives:
            self.as_recipient_arrives()
        await asyncio.sleep(0.25)
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.messages.append((envelope.rcpt_tos[0], envelope.content))
        return "250 OK"


def _consumer(db_path, tmp_path, port, queue):
    env = {**os.environ, "KOOPERACJE_DATABASE_URL": database_url(db_path), "KOOPERACJE_DEMO_DATA": "false",
           "KOOPERACJE_AUTO_MIGRATE": "false", "KOOPERACJE_SECRET_KEY": "x" * 40,
           **{f"KOOPERACJE_{name}": value for name, value in queue.items()}, "KOOPERACJE_MAIL_SERVER": "127.0.0.1",
           "KOOPERACJE_MAIL_PORT": str(port), "KOOPERACJE_MAIL_BACKEND": "smtp", "KOOPERACJE_MAIL_TIMEOUT": "2"}
    log = (tmp_path / "consumer.log").open("a")
    return subprocess.Popen([sys.executable, "-m", "huey.bin.huey_consumer", "kooperacje.jobs.worker.huey",
                             "--workers", "1", "--worker-type", "thread"], cwd=ROOT, env=env, stdout=log,
                            stderr=subprocess.STDOUT)


def _wait_until(condition, seconds):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and not condition():
        time.sleep(0.1)
    return condition()


@pytest.mark.parametrize("backend", ["sqlite", "redis"])
def test_a_consumer_killed_mid_batch_and_restarted_sends_every_reminder_exactly_once(db_path, tmp_path, backend,
                                                                                     request):
    import time_machine
    from aiosmtpd.controller import Controller
    from builders import START, add_team, make_app

    from kooperacje.extensions import db
    from kooperacje.jobs.models import OutgoingMail

    # the embedded queue, or Redis as in production (where a killed consumer's job is gone with it)
    queue = ({"JOBS_SQLITE_FILE": str(tmp_path / "queue.db")} if backend == "sqlite"
             else {"JOBS_REDIS_URL": request.getfixturevalue("redis_uri")})
    app = make_app(db_path, **queue)
    for n in range(8):
        add_team(app, None, f"g{n}")
    with time_machine.travel(START.fromordinal(START.toordinal() + 4), tick=False):
        with app.app_context():
            from kooperacje.jobs.reminders import produce_reminders

            produce_reminders(START.fromordinal(START.toordinal() + 4))
    with app.app_context():
        expected = sorted(db.session.scalars(select(OutgoingMail.recipient)))
    assert len(expected) == 16
    app.extensions["kooperacje.jobs"].send_unsent_mail()  # what the daily job does after producing them

    port = free_port()
    inbox = SlowInbox()
    smtp = Controller(inbox, hostname="127.0.0.1", port=port)
    smtp.start()
    consumer = _consumer(db_path, tmp_path, port, queue)
    killed = threading.Event()

    def kill_mid_batch():  # after five e-mails, as the sixth one's recipient arrives: no chance to clean up
        if len(inbox.messages) >= 5 and not killed.is_set():
            consumer.send_signal(signal.SIGKILL)
            killed.set()

    inbox.as_recipient_arrives = kill_mid_batch
    try:
        assert killed.wait(90), (tmp_path / "consumer.log").read_text()
        consumer.wait(timeout=10)
        sent_before_restart = len(inbox.messages)
        assert sent_before_restart < len(expected)
        consumer = _consumer(db_path, tmp_path, port, queue)
        assert _wait_until(lambda: len(inbox.messages) >= len(expected), 90), (tmp_path / "consumer.log").read_text()
        time.sleep(3)  # anything sent twice would arrive by now
    finally:
        consumer.kill()
        consumer.wait(timeout=10)
        smtp.stop()
    assert sorted(recipient for recipient, _content in inbox.messages) == expected
    with app.app_context():
        assert all(db.session.scalars(select(OutgoingMail.sent_at)))
    # each of the two consumers announced itself once: no line of the log is written twice
    assert (tmp_path / "consumer.log").read_text().count("Huey consumer started") == 2


def test_the_remind_command_produces_todays_reminders_once(db_path):
    import time_machine
    from builders import START, add_team, make_app

    app = make_app(db_path, JOBS_IMMEDIATE=True)
    add_team(app, "102003", "z")
    runner = app.test_cli_runner()
    with time_machine.travel(START.fromordinal(START.toordinal() + 4), tick=False):
        first = runner.invoke(args=["remind", "--now"])
        again = runner.invoke(args=["remind", "--now"])
    assert first.output.strip() == "Reminders produced: 3" and again.output.strip() == "Reminders produced: 0"
