"""E-mail through Flask-Mailman, always from the consumer: requests only queue an
:class:`OutgoingMail` row. A worker claims a row before sending it, so two workers never send
the same one, and marks it sent right after the SMTP server accepted it."""
from datetime import timedelta

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


def deliver(mail_id):
    """Send one queued e-mail unless it is sent or claimed. True when this call sent it.
    An SMTP error is raised (the task retries) with the claim released."""
    now = utcnow()
    claimed = db.session.execute(
        update(OutgoingMail).where(OutgoingMail.id == mail_id, OutgoingMail.sent_at.is_(None),
                                   or_(OutgoingMail.claimed_until.is_(None), OutgoingMail.claimed_until < now))
        .values(claimed_until=now + claim_length())).rowcount
    db.session.commit()
    if not claimed:
        return False
    message = db.session.get(OutgoingMail, mail_id)
    try:
        email = EmailMessage(message.subject, message.body, to=[message.recipient])
        if message.attachment is not None:
            email.attach(message.attachment_name, message.attachment, message.attachment_type)
        email.send()
    except Exception:
        message.attempts, message.claimed_until = message.attempts + 1, None
        db.session.commit()
        raise
    message.attempts, message.sent_at = message.attempts + 1, utcnow()
    db.session.commit()
    return True


def unsent():
    """[(id, seconds until its claim runs out)] of every e-mail not yet sent."""
    now = utcnow()
    rows = db.session.execute(select(OutgoingMail.id, OutgoingMail.claimed_until)
                              .where(OutgoingMail.sent_at.is_(None)).order_by(OutgoingMail.id)).all()
    return [(mail_id, max(0, (until - now).total_seconds()) if until else 0) for mail_id, until in rows]
