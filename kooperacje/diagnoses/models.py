"""A client's multi-sector diagnosis, kept in signed versions."""
from datetime import datetime

from sqlalchemy import JSON, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from kooperacje.audit.models import CaseRecord
from kooperacje.clock import utcnow
from kooperacje.database import TenantScoped
from kooperacje.extensions import db


class Diagnosis(CaseRecord, TenantScoped, db.Model):
    """One version of a client's multi-sector diagnosis. A signed version is never changed:
    the next one starts as a copy (``number`` + 1), so the history stays."""

    __tablename__ = "diagnosis"
    __table_args__ = (UniqueConstraint("client_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    client_id: Mapped[int] = mapped_column(ForeignKey("client.id"), index=True)
    number: Mapped[int] = mapped_column(default=1)
    #: the model whose sections the answers follow (kept if the municipality changes model)
    model_key: Mapped[str] = mapped_column(String(40))
    status: Mapped[str] = mapped_column(String(10), default="draft")
    #: {section key: {field name: value}}
    answers: Mapped[dict] = mapped_column(JSON, default=dict)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    signed_at: Mapped[datetime | None]
    signed_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    version: Mapped[int] = mapped_column(default=1)

    client = relationship("Client", back_populates="diagnoses")
    author = relationship("User", foreign_keys=[author_id])
    signed_by = relationship("User", foreign_keys=[signed_by_id])
    __mapper_args__ = {"version_id_col": version}

    @property
    def is_draft(self):
        return self.status == "draft"
