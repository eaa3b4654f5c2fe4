"""The consent register: a person's dated consent to share their data with a named partner
institution, and its withdrawal. A withdrawn consent stays as a row, so its history is kept."""
from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from kooperacje.audit.models import CaseRecord
from kooperacje.clock import utcnow
from kooperacje.consents.vocabulary import ALL_CASE_DATA
from kooperacje.database import TenantScoped
from kooperacje.extensions import db


class Consent(CaseRecord, TenantScoped, db.Model):
    __tablename__ = "consent"
    __table_args__ = (Index("ix_consent_institution", "municipality_id", "institution_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    client_id: Mapped[int] = mapped_column(ForeignKey("client.id"), index=True)
    #: who consented: the client or a member of the household
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id"), index=True)
    institution_id: Mapped[int] = mapped_column(ForeignKey("partner_institution.id"))
    given_on: Mapped[date] = mapped_column(Date)
    #: consents.vocabulary.GIVEN_HOW
    given_how: Mapped[str] = mapped_column(String(12))
    note: Mapped[str | None] = mapped_column(String(500))
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    recorded_at: Mapped[datetime] = mapped_column(default=utcnow)
    #: the signed diagnosis whose consent checkbox this row was taken over from, if any
    diagnosis_id: Mapped[int | None] = mapped_column(ForeignKey("diagnosis.id"))
    withdrawn_on: Mapped[date | None] = mapped_column(Date)
    withdrawal_recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    withdrawal_recorded_at: Mapped[datetime | None]
    version: Mapped[int] = mapped_column(default=1)

    client = relationship("Client")
    person = relationship("Person")
    institution = relationship("Institution")
    recorded_by = relationship("User", foreign_keys=[recorded_by_id])
    withdrawal_recorded_by = relationship("User", foreign_keys=[withdrawal_recorded_by_id])
    scope_rows = relationship("ConsentScope", cascade="all, delete-orphan", order_by="ConsentScope.id")
    __mapper_args__ = {"version_id_col": version}

    @property
    def scopes(self):
        return [row.scope for row in self.scope_rows]

    @property
    def is_withdrawn(self):
        return self.withdrawn_on is not None

    def in_force_on(self, day):
        return self.given_on <= day and (self.withdrawn_on is None or self.withdrawn_on > day)

    def covers(self, scope):
        return scope in self.scopes or ALL_CASE_DATA in self.scopes


class ConsentScope(TenantScoped, db.Model):
    """One scope of a consent, a row each, so "which clients may this institution see for
    referrals" is one indexed query."""

    __tablename__ = "consent_scope"
    __table_args__ = (UniqueConstraint("consent_id", "scope"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    consent_id: Mapped[int] = mapped_column(ForeignKey("consent.id", ondelete="CASCADE"), index=True)
    #: consents.vocabulary.SCOPES
    scope: Mapped[str] = mapped_column(String(20))
