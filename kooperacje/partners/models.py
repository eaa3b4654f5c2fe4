"""What partner institutions record themselves: the dated progress notes on their tasks."""
from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from kooperacje.clock import utcnow
from kooperacje.database import TenantScoped
from kooperacje.extensions import db


class TaskProgress(TenantScoped, db.Model):
    """One dated note on a PZK task with the status it left the task in; never changed, so the
    coordinator reads the whole history on the task."""

    __tablename__ = "task_progress"

    id: Mapped[int] = mapped_column(primary_key=True)
    task_id: Mapped[int] = mapped_column(ForeignKey("task.id"), index=True)
    status: Mapped[str] = mapped_column(String(20))
    noted_on: Mapped[date] = mapped_column(Date)
    note: Mapped[str] = mapped_column(Text)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    #: the institution the author spoke for when writing (accounts move on, the note stays)
    institution_id: Mapped[int | None] = mapped_column(ForeignKey("partner_institution.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    author = relationship("User")
    institution = relationship("Institution")
