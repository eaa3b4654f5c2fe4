"""What the jobs write down so that nothing is done twice: the reminders produced and the
e-mails queued for sending. The consumer reads these tables; a request writes to them only to
send a meeting's invitation (kooperacje.partnership.service.send_invitation) at once."""
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import Index, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from kooperacje.clock import utcnow
from kooperacje.extensions import db


@dataclass(frozen=True)
class Reminder:
    """A reminder due: what it is about and whom it reaches (produced once, under its key)."""

    key: str
    kind: str
    municipality_id: int
    about_day: date
    endpoint: str
    params: dict
    #: whom it goes to: users (a notification, and an e-mail if they have an address)
    #: and e-mail addresses of people without an account
    users: tuple = ()
    contacts: tuple = ()
    #: users reached by e-mail only: the deployment's administrators, who have no municipality
    #: and so no notification centre to show a notification in
    mail_only: tuple = ()
    #: the case (client id) a casework reminder is about, for the notice that it has no worker
    case_id: int | None = None


class SentReminder(db.Model):
    """One reminder, produced once: ``key`` names it (kind, object, the date it is about)."""

    __tablename__ = "sent_reminder"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(200), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class OutgoingMail(db.Model):
    """An e-mail waiting for the consumer, or sent. Subject and body are neutral texts with a
    link into the app: never a name or anything else personal."""

    __tablename__ = "outgoing_mail"
    __table_args__ = (Index("ix_outgoing_mail_pending", "sent_at", "claimed_until"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    recipient: Mapped[str] = mapped_column(String(254))
    subject: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    #: a worker sending it holds it until then; a crashed worker's claim simply runs out
    claimed_until: Mapped[datetime | None]
    attempts: Mapped[int] = mapped_column(default=0)
    sent_at: Mapped[datetime | None]
    #: one file sent with it (a meeting invitation's .ics), as neutral as the body
    attachment_name: Mapped[str | None] = mapped_column(String(100))
    attachment_type: Mapped[str | None] = mapped_column(String(100))
    attachment: Mapped[bytes | None] = mapped_column(LargeBinary)
