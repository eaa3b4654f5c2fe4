"""Clients of the worker and client levels: a person or a family, with household members."""
from datetime import date, datetime

from sqlalchemy import JSON, Date, ForeignKey, Index, String, Text, UniqueConstraint, event, inspect
from sqlalchemy.orm import Mapped, Session, mapped_column, relationship

from kooperacje.audit.models import CaseRecord
from kooperacje.clock import utcnow
from kooperacje.database import TenantScoped
from kooperacje.extensions import db
from kooperacje.text import name_words


class Client(CaseRecord, TenantScoped, db.Model):
    """A case: one person, or a family whose members live in one household."""

    __tablename__ = "client"
    # the list, newest first, as one index range (PostgreSQL would walk the primary key backwards)
    __table_args__ = (Index("ix_client_municipality_list", "municipality_id", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(10))
    street: Mapped[str | None] = mapped_column(String(160))
    postal_code: Mapped[str | None] = mapped_column(String(6))
    town: Mapped[str | None] = mapped_column(String(100))
    phone: Mapped[str | None] = mapped_column(String(40))
    #: keys of clients.vocabulary.REASONS_FOR_ASSISTANCE
    reasons: Mapped[list] = mapped_column(JSON, default=list)
    worker_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"), index=True)
    #: "active" (open) or "closed"; every close and reopen is a CaseStatusChange
    status: Mapped[str] = mapped_column(String(10), default="active")
    #: the applicant's folded surname: unread since the search moved to person_name_key; to be dropped
    surname_key: Mapped[str] = mapped_column(String(100), default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    #: touched by every edit of the case or its household, so the case's version moves on
    updated_at: Mapped[datetime | None] = mapped_column(default=utcnow)
    version: Mapped[int] = mapped_column(default=1)

    members = relationship("Person", back_populates="client", cascade="all, delete-orphan",
                           order_by="Person.id")
    worker = relationship("User")
    status_changes = relationship("CaseStatusChange", back_populates="client", order_by="CaseStatusChange.id")
    diagnoses = relationship("Diagnosis", back_populates="client", order_by="Diagnosis.number")
    contracts = relationship("Contract", back_populates="client", order_by="Contract.number")
    __mapper_args__ = {"version_id_col": version}

    def audited_client_id(self):
        return self.id

    @property
    def applicant(self):
        return next((m for m in self.members if m.relation == "applicant"), None)

    @property
    def is_closed(self):
        return self.status == "closed"

    @property
    def current_members(self):
        return [m for m in self.members if m.left_on is None]

    @property
    def former_members(self):
        return [m for m in self.members if m.left_on is not None]

    @property
    def last_closure(self):
        return next((c for c in reversed(self.status_changes) if c.kind == "closed"), None)


class Person(CaseRecord, TenantScoped, db.Model):
    __tablename__ = "person"

    id: Mapped[int] = mapped_column(primary_key=True)
    client_id: Mapped[int] = mapped_column(ForeignKey("client.id"), index=True)
    first_name: Mapped[str] = mapped_column(String(80))
    last_name: Mapped[str] = mapped_column(String(100))
    pesel: Mapped[str | None] = mapped_column(String(11), index=True)
    birth_date: Mapped[date | None] = mapped_column(Date)
    sex: Mapped[str | None] = mapped_column(String(1))
    #: the person's relation to the applicant (clients.vocabulary.RELATIONSHIPS)
    relation: Mapped[str] = mapped_column(String(20))
    #: the household's history: a member who leaves keeps the row, with when and who recorded it
    joined_on: Mapped[date | None] = mapped_column(Date)
    left_on: Mapped[date | None] = mapped_column(Date)
    left_recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))

    client = relationship("Client", back_populates="members")
    left_recorded_by = relationship("User")
    name_keys = relationship("NameKey", back_populates="person", cascade="all, delete-orphan")

    @property
    def full_name(self):
        return f"{self.first_name} {self.last_name}"


class CaseStatusChange(CaseRecord, TenantScoped, db.Model):
    """A case closed (with a reason and the date) or reopened (with why): the case's own history."""

    __tablename__ = "case_status_change"

    id: Mapped[int] = mapped_column(primary_key=True)
    client_id: Mapped[int] = mapped_column(ForeignKey("client.id"), index=True)
    #: "closed" or "reopened"
    kind: Mapped[str] = mapped_column(String(10))
    dated_on: Mapped[date] = mapped_column(Date)
    #: a key of clients.vocabulary.CLOSING_REASONS (closing only)
    reason: Mapped[str | None] = mapped_column(String(20))
    #: the worker's words: "other" reason of a closing, or why the case is reopened
    text: Mapped[str | None] = mapped_column(Text)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    at: Mapped[datetime] = mapped_column(default=utcnow)

    client = relationship("Client", back_populates="status_changes")
    user = relationship("User")


class NameKey(TenantScoped, db.Model):
    """One word of a person's first name or surname, folded to lower-case ASCII and kept in
    step with the name on every write (below). The client search (clients.search) looks words
    up as index ranges, so "lecka" finds "Żurawska-Łęcka" and a member's name finds the case."""

    __tablename__ = "person_name_key"
    __table_args__ = (Index("ix_person_name_key_lookup", "municipality_id", "key", "client_id"),
                      UniqueConstraint("person_id", "key"))

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"))
    #: byte order on PostgreSQL too, so a prefix is one contiguous index range in any locale
    key: Mapped[str] = mapped_column(String(100).with_variant(String(100, collation="C"), "postgresql"))
    client_id: Mapped[int] = mapped_column(ForeignKey("client.id"))

    person = relationship("Person", back_populates="name_keys")


@event.listens_for(Session, "before_flush")
def _keep_name_keys(session, _context, _instances):
    """Whoever writes a person (a form, the demo data, an import) keeps their name keys right."""
    for person in [*session.new, *session.dirty]:
        if isinstance(person, Person) and _name_changed(person):
            _sync_name_keys(person)


def _name_changed(person):
    state = inspect(person)
    return state.pending or any(state.attrs[name].history.has_changes() for name in ("first_name", "last_name"))


def _sync_name_keys(person):
    wanted = name_words(f"{person.first_name} {person.last_name}")
    kept = [key for key in person.name_keys if key.key in wanted]
    added = sorted(wanted - {key.key for key in kept})
    person.name_keys = kept + [NameKey(key=word, municipality_id=person.municipality_id) for word in added]


@event.listens_for(NameKey, "before_insert")
def _copy_case(_mapper, _connection, key):
    """The case the person belongs to: known only once the person row is written."""
    key.client_id = key.person.client_id
    key.municipality_id = key.person.municipality_id
