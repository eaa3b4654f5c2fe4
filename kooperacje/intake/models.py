"""A partner institution's signal that a family needs the centre's support, and the centre's
decision on it.

The signal holds a person's data (their name, where they live, what the partner saw), so it is
tenant-scoped, but it is not a CaseRecord: until the centre qualifies it there is no case, and a
CaseRecord's load would record an access to a client that does not exist. The signal's pages
record their access themselves (intake.service.record_viewed). Once qualified it names the case
(``client_id``), and the case carries on as every case does."""
from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from kooperacje.clock import utcnow
from kooperacje.database import TenantScoped
from kooperacje.extensions import db


class Signal(TenantScoped, db.Model):
    __tablename__ = "intake_signal"
    __table_args__ = (UniqueConstraint("municipality_id", "year", "number"),
                      Index("ix_intake_signal_queue", "municipality_id", "state", "id"))

    id: Mapped[int] = mapped_column(primary_key=True)
    #: "3/2026": the municipality's running number in the year the signal arrived
    year: Mapped[int]
    number: Mapped[int | None]
    #: the signalling partner's institution, and who spoke for it
    institution_id: Mapped[int] = mapped_column(ForeignKey("partner_institution.id"), index=True)
    submitted_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    submitted_at: Mapped[datetime] = mapped_column(default=utcnow)
    # --- what the partner wrote about the family
    first_name: Mapped[str] = mapped_column(String(80))
    last_name: Mapped[str] = mapped_column(String(100))
    street: Mapped[str | None] = mapped_column(String(160))
    town: Mapped[str] = mapped_column(String(100))
    phone: Mapped[str | None] = mapped_column(String(40))
    #: what the partner observed and why the family needs support
    observations: Mapped[str] = mapped_column(Text)
    #: intake.vocabulary.URGENCIES
    urgency: Mapped[str] = mapped_column(String(10))
    #: whether the family knows about the signal and agreed to it
    family_informed: Mapped[bool]
    # --- the centre's part
    #: intake.vocabulary.STATES
    state: Mapped[str] = mapped_column(String(20), default="new")
    reviewed_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    reviewed_at: Mapped[datetime | None]
    #: intake.vocabulary.NOT_QUALIFIED_REASONS (not qualified only)
    decision_reason: Mapped[str | None] = mapped_column(String(20))
    #: the worker's words on the decision: the centre's, never shown to the partner
    decision_text: Mapped[str | None] = mapped_column(Text)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    decided_at: Mapped[datetime | None]
    #: the case the signal was qualified into
    client_id: Mapped[int | None] = mapped_column(ForeignKey("client.id"), index=True)
    version: Mapped[int] = mapped_column(default=1)

    institution = relationship("Institution")
    submitted_by = relationship("User", foreign_keys=[submitted_by_id])
    reviewed_by = relationship("User", foreign_keys=[reviewed_by_id])
    decided_by = relationship("User", foreign_keys=[decided_by_id])
    client = relationship("Client")
    __mapper_args__ = {"version_id_col": version}

    @property
    def label(self):
        """"3/2026", the signal's reference number."""
        return f"{self.number}/{self.year}" if self.number else str(self.id)

    @property
    def full_name(self):
        return f"{self.first_name} {self.last_name}"

    @property
    def is_open(self):
        return self.state in ("new", "under_review")
