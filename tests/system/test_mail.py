"""E-mail goes out through a real SMTP server on 127.0.0.1, once, retried with growing waits
when the server is down, and no database write lock is held while the server is talked to."""
import sqlite3
import time
from datetime import datetime
from smtplib import SMTPRecipientsRefused

import pytest
from builders import ON_POSTGRES, free_port, smtp_app, start_smtp

from kooperacje.clock import utcnow
from kooperacje.extensions import db
from kooperacje.jobs.mail import queue_mail
from kooperacje.jobs.models import OutgoingMail


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


def test_a_batch_goes_over_one_connection_and_a_refused_address_holds_back_no_other(db_path, smtp):
    port, inbox = smtp
    app = smtp_app(db_path, port)
    inbox.refused.add("nieznany@example.org")
    ids = [queued(app, f"osoba{n}@example.org") for n in range(3)]
    ids.insert(1, queued(app, "nieznany@example.org"))
    send_mail = app.extensions["kooperacje.jobs"].send_mail
    with pytest.raises(SMTPRecipientsRefused):
        send_mail.call_local(*ids)  # the task fails, so the consumer retries it
    assert sorted(m.rcpt_tos[0] for m in inbox.messages) == [f"osoba{n}@example.org" for n in range(3)]
    assert len(set(inbox.peers)) == 1
    with app.app_context():
        refused = db.session.get(OutgoingMail, ids[1])
        assert refused.sent_at is None and refused.claimed_until is None and refused.attempts == 1
    inbox.refused.clear()
    send_mail.call_local(*ids)  # the retry sends only what is left
    assert len(inbox.messages) == 4 and inbox.messages[-1].rcpt_tos == ["nieznany@example.org"]


def test_the_unsent_mails_go_to_the_queue_in_batches(db_path, smtp):
    port, _inbox = smtp
    app = smtp_app(db_path, port, MAIL_BATCH=2)
    for n in range(5):
        queued(app, f"osoba{n}@example.org")
    huey = app.extensions["kooperacje.jobs"].huey
    huey.flush()
    assert app.extensions["kooperacje.jobs"].send_unsent_mail.call_local() == 5
    assert sorted(len(task.args) for task in huey.pending()) == [1, 2, 2]


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
    huey = app.extensions["kooperacje.jobs"].huey
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
