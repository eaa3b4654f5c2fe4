"""A referral of a client from the centre to a member institution of the PZK: what the
institution is asked to do and by when it should answer, its answer (accepted or declined with a
reason) and, once accepted, the outcome it records. The client's name reaches the institution
only while the client's consent covers it (kooperacje.consents.service.covering)."""
from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from kooperacje.audit.models import CaseRecord
from kooperacje.clock import utcnow
from kooperacje.database import TenantScoped
from kooperacje.extensions import db
from kooperacje.referrals.vocabulary import SENT


class Referral(CaseRecord, TenantScoped, db.Model):
    __tablename__ = "referral"
    __table_args__ = (Index("ix_referral_institution_state", "municipality_id", "institution_id", "state"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    client_id: Mapped[int] = mapped_column(ForeignKey("client.id"), index=True)
    institution_id: Mapped[int] = mapped_column(ForeignKey("partner_institution.id"))
    #: the institution's offer in the local basket the client is referred to, if one was chosen
    service_offer_id: Mapped[int | None] = mapped_column(ForeignKey("service_offer.id"))
    purpose: Mapped[str] = mapped_column(Text)
    #: what the institution is asked to do
    ask: Mapped[str] = mapped_column(Text)
    #: by when the institution should answer
    answer_by: Mapped[date] = mapped_column(Date)
    #: referrals.vocabulary.STATES
    state: Mapped[str] = mapped_column(String(12), default=SENT)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    answered_by_user_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    answered_at: Mapped[datetime | None]
    decline_reason: Mapped[str | None] = mapped_column(Text)
    outcome: Mapped[str | None] = mapped_column(Text)
    outcome_on: Mapped[date | None] = mapped_column(Date)
    outcome_by_user_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    outcome_recorded_at: Mapped[datetime | None]
    version: Mapped[int] = mapped_column(default=1)

    client = relationship("Client")
    institution = relationship("Institution")
    service_offer = relationship("ServiceOffer")
    created_by = relationship("User", foreign_keys=[created_by_id])
    answered_by = relationship("User", foreign_keys=[answered_by_user_id])
    outcome_by = relationship("User", foreign_keys=[outcome_by_user_id])
    __mapper_args__ = {"version_id_col": version}

    def is_overdue(self, today):
        """Not answered by the day the institution was asked to answer by."""
        return self.state == SENT and self.answer_by < today
