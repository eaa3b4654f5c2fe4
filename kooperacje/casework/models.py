"""Clients of the worker and client levels: a person or a family, with household members."""
from datetime import date, datetime

from sqlalchemy import JSON, Date, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from kooperacje.auth.models import utcnow
from kooperacje.database import TenantScoped
from kooperacje.extensions import db


class Client(TenantScoped, db.Model):
    """A case: one person, or a family whose members live in one household."""

    __tablename__ = "client"
    __table_args__ = (Index("ix_client_municipality_surname", "municipality_id", "surname_key", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(10))
    street: Mapped[str | None] = mapped_column(String(160))
    postal_code: Mapped[str | None] = mapped_column(String(6))
    town: Mapped[str | None] = mapped_column(String(100))
    phone: Mapped[str | None] = mapped_column(String(40))
    #: keys of casework.vocabulary.REASONS_FOR_ASSISTANCE
    reasons: Mapped[list] = mapped_column(JSON, default=list)
    worker_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"), index=True)
    status: Mapped[str] = mapped_column(String(10), default="active")
    #: the applicant's folded surname, for prefix search as an index range
    surname_key: Mapped[str] = mapped_column(String(100), default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    version: Mapped[int] = mapped_column(default=1)

    members = relationship("Person", back_populates="client", cascade="all, delete-orphan",
                           order_by="Person.id")
    worker = relationship("User")
    __mapper_args__ = {"version_id_col": version}

    @property
    def applicant(self):
        return next((m for m in self.members if m.relation == "applicant"), None)


class Person(TenantScoped, db.Model):
    __tablename__ = "person"

    id: Mapped[int] = mapped_column(primary_key=True)
    client_id: Mapped[int] = mapped_column(ForeignKey("client.id"), index=True)
    first_name: Mapped[str] = mapped_column(String(80))
    last_name: Mapped[str] = mapped_column(String(100))
    pesel: Mapped[str | None] = mapped_column(String(11), index=True)
    birth_date: Mapped[date | None] = mapped_column(Date)
    sex: Mapped[str | None] = mapped_column(String(1))
    #: the person's relation to the applicant (casework.vocabulary.RELATIONSHIPS)
    relation: Mapped[str] = mapped_column(String(20))

    client = relationship("Client", back_populates="members")

    @property
    def full_name(self):
        return f"{self.first_name} {self.last_name}"
