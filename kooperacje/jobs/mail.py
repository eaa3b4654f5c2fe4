"""E-mail through Flask-Mailman, always from the consumer: requests only queue an
:class:`OutgoingMail` row. A worker claims a row before sending it, so two workers never send
the same one, and marks it sent right after the SMTP server accepted it."""
from datetime import timedelta
from smtplib import SMTPRecipientsRefused, SMTPResponseException

from flask import current_app
from flask_mailman import EmailMessage, Mail
from sqlalchemy import or_, select, update

from kooperacje.clock import utcnow
from kooperacje.extensions import db
from kooperacje.jobs.models import OutgoingMail

mail = Mail()


def queue_mail(recipient, subject, body, attachment=None):
    """``attachment``: None or (file name, content type, bytes), sent with the e-mail."""
    name, kind, content = attachment or (None, None, None)
    message = OutgoingMail(recipient=recipient, subject=subject, body=body, attachment_name=name,
                           attachment_type=kind, attachment=content)
    db.session.add(message)
    return message


def claim_length():
    # longer than one SMTP conversation can take, so a live worker keeps its claim
    return timedelta(seconds=2 * current_app.config["MAIL_TIMEOUT"] + 10)


def deliver(*mail_ids):
    """Send these queued e-mails, each unless it is sent or claimed, over one SMTP connection
    (a day's digest is thousands of e-mails, and a TLS handshake each would be most of the work).
    Returns how many this call sent. An e-mail that fails gets its claim released and the rest
    still go; then the first error is raised, so the task is retried, and the retry skips what
    was sent."""
    sent, failure, connection = 0, None, None
    try:
        for mail_id in mail_ids:
            if not _claim(mail_id):
                continue
            message = db.session.get(OutgoingMail, mail_id)
            try:
                connection = connection or _open_connection()
                _email(message, connection).send()
            except Exception as error:
                message.attempts, message.claimed_until = message.attempts + 1, None
                db.session.commit()
                failure = failure or error
                if not isinstance(error, REFUSED):  # the connection itself failed: a fresh one for the next
                    connection = _closed(connection)
                continue
            message.attempts, message.sent_at = message.attempts + 1, utcnow()
            db.session.commit()
            sent += 1
    finally:
        _closed(connection)
    if failure is not None:
        raise failure
    return sent


#: the server refused one e-mail (an unknown address, say) and the connection goes on
REFUSED = (SMTPRecipientsRefused, SMTPResponseException)


def _claim(mail_id):
    """Whether this worker took the e-mail: not sent, and nobody else's claim running."""
    now = utcnow()
    claimed = db.session.execute(
        update(OutgoingMail).where(OutgoingMail.id == mail_id, OutgoingMail.sent_at.is_(None),
                                   or_(OutgoingMail.claimed_until.is_(None), OutgoingMail.claimed_until < now))
        .values(claimed_until=now + claim_length())).rowcount
    db.session.commit()
    return bool(claimed)


def _open_connection():
    connection = mail.get_connection()
    connection.open()
    return connection


def _closed(connection):
    if connection is not None:
        try:
            connection.close()
        except Exception:  # noqa: S110 - a connection that broke is dropped all the same
            pass
    return None


def _email(message, connection):
    email = EmailMessage(message.subject, message.body, to=[message.recipient], connection=connection)
    if message.attachment is not None:
        email.attach(message.attachment_name, message.attachment, message.attachment_type)
    return email


def unsent():
    """[(id, seconds until its claim runs out)] of every e-mail not yet sent."""
    now = utcnow()
    rows = db.session.execute(select(OutgoingMail.id, OutgoingMail.claimed_until)
                              .where(OutgoingMail.sent_at.is_(None)).order_by(OutgoingMail.id)).all()
    return [(mail_id, max(0, (until - now).total_seconds()) if until else 0) for mail_id, until in rows]
