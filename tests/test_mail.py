"""E-mail goes out through a real SMTP server on 127.0.0.1, once, retried with growing waits
when the server is down, and no database write lock is held while the server is talked to."""
import socket
import sqlite3
import time
from datetime import datetime
from email import message_from_bytes, policy

import pytest
from aiosmtpd.controller import Controller
from conftest import ON_POSTGRES, make_app

from kooperacje.clock import utcnow
from kooperacje.extensions import db
from kooperacje.jobs.mail import queue_mail
from kooperacje.jobs.models import OutgoingMail


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Inbox:
    """An aiosmtpd handler keeping what the server accepted; ``during`` runs inside each DATA."""

    def __init__(self):
        self.messages = []
        self.during = None

    async def handle_DATA(self, server, session, envelope):
        if self.during:
            self.during()
        self.messages.append(envelope)
        return "250 OK"

    def texts(self):
        """Each message decoded as a reader sees it: the subject line, then the body."""
        parsed = [message_from_bytes(m.content, policy=policy.default) for m in self.messages]
        return [f"Subject: {m['subject']}\n\n{m.get_content()}" for m in parsed]


def start_smtp(port):
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    return controller, inbox


@pytest.fixture
def smtp():
    """(port, inbox) of an SMTP server running for the test."""
    port = free_port()
    controller, inbox = start_smtp(port)
    yield port, inbox
    controller.stop()


def smtp_app(db_path, port, **config):
    return make_app(db_path, MAIL_SERVER="127.0.0.1", MAIL_PORT=port, MAIL_BACKEND="smtp", MAIL_TIMEOUT=5,
                    **config)


def queued(app, recipient="koordynator@example.org", subject="Masz 2 zadania po terminie w Zespole PZK"):
    with app.app_context():
        message = queue_mail(recipient, subject, "Szczegóły: http://127.0.0.1:5000/notifications/")
        db.session.commit()
        return message.id


def test_a_queued_mail_reaches_the_smtp_server_once(db_path, smtp):
    port, inbox = smtp
    app = smtp_app(db_path, port)
    mail_id = queued(app)
    send_mail = app.extensions["kooperacje.jobs"].send_mail
    send_mail.call_local(mail_id)
    send_mail.call_local(mail_id)  # a duplicate job (a retry, a second worker) sends nothing more
    assert len(inbox.messages) == 1
    assert inbox.messages[0].rcpt_tos == ["koordynator@example.org"]
    assert "Subject: Masz 2 zadania po terminie w Zespole PZK" in inbox.texts()[0]
    with app.app_context():
        message = db.session.get(OutgoingMail, mail_id)
        assert message.sent_at is not None and message.attempts == 1


def test_a_mail_another_worker_is_sending_is_left_to_it(db_path, smtp):
    port, inbox = smtp
    app = smtp_app(db_path, port)
    mail_id = queued(app)
    with app.app_context():
        db.session.get(OutgoingMail, mail_id).claimed_until = datetime(2100, 1, 1)
        db.session.commit()
    app.extensions["kooperacje.jobs"].send_mail.call_local(mail_id)
    assert inbox.messages == []


def test_a_failing_smtp_server_is_tried_again_with_growing_waits(db_path):
    port = free_port()  # nothing listens there yet
    app = smtp_app(db_path, port, MAIL_RETRIES=3, MAIL_RETRY_DELAY=60)
    huey = app.extensions["kooperacje.huey"]
    mail_id = queued(app)
    app.extensions["kooperacje.jobs"].send_mail(mail_id)  # enqueued for the consumer

    waits = []
    task = huey.dequeue()
    for _attempt in range(2):
        huey.execute(task, timestamp=task.eta or utcnow())  # refused: the task goes back with a delay
        (task,) = huey.read_schedule(datetime(2100, 1, 1))
        waits.append(round((task.eta - utcnow()).total_seconds() / 60))
    assert waits == [1, 2]  # minutes: each wait twice the one before

    controller, inbox = start_smtp(port)
    try:
        huey.execute(task, timestamp=task.eta)
    finally:
        controller.stop()
    assert len(inbox.messages) == 1
    with app.app_context():
        message = db.session.get(OutgoingMail, mail_id)
        assert message.sent_at is not None and message.attempts == 3


@pytest.mark.skipif(ON_POSTGRES, reason="SQLite's file lock")
def test_no_database_write_lock_is_held_while_the_smtp_server_talks(db_path, smtp):
    port, inbox = smtp
    app = smtp_app(db_path, port)
    mail_id = queued(app)
    writes = []

    def write_meanwhile():
        other = sqlite3.connect(db_path, timeout=0, isolation_level=None)
        try:
            other.execute("BEGIN IMMEDIATE")  # fails at once if anyone holds the write lock
            other.execute("ROLLBACK")
            writes.append(time.monotonic())
        finally:
            other.close()

    inbox.during = write_meanwhile
    app.extensions["kooperacje.jobs"].send_mail.call_local(mail_id)
    assert len(inbox.messages) == 1 and len(writes) == 1
