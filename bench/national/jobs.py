"""The daily jobs at national scale: one day's reminders computed and enqueued for every
municipality (what the consumer's ``daily_reminders`` does), then a real consumer (2 threads, as
``make run`` starts it) sending those e-mails to a local SMTP server, for its throughput."""
import os
import subprocess
import sys
import time
from datetime import date

from bench.national.servers import ROOT, free_port

#: the consumer's sending is measured for at most this long (the rate over what it sent by then)
SENDING_SECONDS = 60


class Inbox:
    """aiosmtpd's handler: counts what arrives, with the time of each message."""

    def __init__(self):
        self.arrivals = []

    async def handle_DATA(self, server, session, envelope):
        self.arrivals.append(time.perf_counter())
        return "250 OK"


def measure_jobs(title, url, manifest, folder):
    from aiosmtpd.controller import Controller

    smtp_port = free_port()
    settings = {"JOBS_SQLITE_FILE": str(folder / "queue.db"), "MAIL_SERVER": "127.0.0.1",
                "MAIL_PORT": smtp_port, "MAIL_BACKEND": "smtp", "MAIL_TIMEOUT": 10}
    produced, seconds, mails = produce(url, settings, date.fromisoformat(manifest["today"]))
    inbox = Inbox()
    smtp = Controller(inbox, hostname="127.0.0.1", port=smtp_port)
    smtp.start()
    consumer = start_consumer(url, settings, folder / "consumer.log")
    try:
        deadline = time.perf_counter() + SENDING_SECONDS + 30  # the consumer's start is not measured
        while time.perf_counter() < deadline and len(inbox.arrivals) < mails:
            if inbox.arrivals and inbox.arrivals[0] + SENDING_SECONDS < time.perf_counter():
                break
            time.sleep(0.2)
    finally:
        consumer.terminate()
        consumer.wait(timeout=30)
        smtp.stop()
    arrivals = inbox.arrivals
    span = arrivals[-1] - arrivals[0] if len(arrivals) > 1 else 0
    rate = (len(arrivals) - 1) / span if span else 0
    print(f"\n{title} daily jobs: one day's reminders ({manifest['today']}) for "
          f"{manifest['rows']['municipality']} municipalities: {produced:,} produced in {seconds:.1f} s, "
          f"{mails:,} e-mails queued")
    print(f"  consumer (2 threads) to a local SMTP server: {len(arrivals):,} of {mails:,} e-mails sent, "
          f"{rate:.1f} e-mails/s (first to last message)")


def produce(url, settings, today):
    """(reminders produced, seconds, e-mails queued), the e-mails put on the consumer's queue."""
    from sqlalchemy import func, select

    from kooperacje import create_app
    from kooperacje.extensions import db
    from kooperacje.jobs.models import OutgoingMail
    from kooperacje.jobs.reminders import produce_reminders

    app = create_app({"DATABASE_URL": url, "AUTO_MIGRATE": False, "DEMO_DATA": False, "SECRET_KEY": "b" * 40,
                      "ENV": "development", **settings})
    with app.app_context():
        started = time.perf_counter()
        produced = produce_reminders(today)
        seconds = time.perf_counter() - started
        mails = db.session.scalar(select(func.count()).select_from(OutgoingMail).where(OutgoingMail.sent_at.is_(None)))
    app.extensions["kooperacje.jobs"].send_unsent_mail()  # what the daily job does next
    with app.app_context():
        db.engine.dispose()
    return produced, seconds, mails


def start_consumer(url, settings, log_path):
    env = {**os.environ, "KOOPERACJE_DATABASE_URL": url, "KOOPERACJE_AUTO_MIGRATE": "false",
           "KOOPERACJE_DEMO_DATA": "false", "KOOPERACJE_SECRET_KEY": "b" * 40,
           **{f"KOOPERACJE_{name}": str(value) for name, value in settings.items()}}
    return subprocess.Popen([sys.executable, "-m", "huey.bin.huey_consumer", "kooperacje.jobs.worker.huey",
                             "--workers", "2", "--worker-type", "thread"], cwd=ROOT, env=env,
                            stdout=log_path.open("ab"), stderr=subprocess.STDOUT)
