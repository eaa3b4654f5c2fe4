"""Clients of the worker and client levels: a person or a family, with household members."""
from datetime import date, datetime

from sqlalchemy import JSON, Date, ForeignKey, Index, String, Text, UniqueConstraint, event, inspect
from sqlalchemy.orm import Mapped, Session, mapped_column, relationship

from kooperacje.audit.models import CaseRecord
from kooperacje.auth.models import utcnow
from kooperacje.database import TenantScoped
from kooperacje.extensions import db
from kooperacje.text import name_words


class Client(CaseRecord, TenantScoped, db.Model):
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
    diagnoses = relationship("Diagnosis", back_populates="client", order_by="Diagnosis.number")
    contracts = relationship("Contract", back_populates="client", order_by="Contract.number")
    __mapper_args__ = {"version_id_col": version}

    def audited_client_id(self):
        return self.id

    @property
    def applicant(self):
        return next((m for m in self.members if m.relation == "applicant"), None)


class Person(CaseRecord, TenantScoped, db.Model):
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
    name_keys = relationship("NameKey", back_populates="person", cascade="all, delete-orphan")

    @property
    def full_name(self):
        return f"{self.first_name} {self.last_name}"


class NameKey(TenantScoped, db.Model):
    """One word of a person's first name or surname, folded to lower-case ASCII and kept in
    step with the name on every write (below). The client search (casework.search) looks words
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


class Contract(CaseRecord, TenantScoped, db.Model):
    """A social contract (kontrakt socjalny) with the individual plan that goes with it.

    Part I (parties, assessment, goals, actions, period) is fixed once signed; changes after
    that are amendments. Part II is the evaluation of each goal and the ending."""

    __tablename__ = "contract"
    __table_args__ = (UniqueConstraint("client_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    client_id: Mapped[int] = mapped_column(ForeignKey("client.id"), index=True)
    diagnosis_id: Mapped[int | None] = mapped_column(ForeignKey("diagnosis.id"))
    number: Mapped[int] = mapped_column(default=1)
    model_key: Mapped[str] = mapped_column(String(40))
    #: "A" difficult life situation, "B" unemployed person in a particular labour-market situation
    variant: Mapped[str] = mapped_column(String(1), default="A")
    status: Mapped[str] = mapped_column(String(12), default="draft", index=True)
    worker_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"), index=True)
    worker_phone: Mapped[str | None] = mapped_column(String(40))
    #: ids of the household members (Person) the contract covers besides the applicant
    covered_member_ids: Mapped[list] = mapped_column(JSON, default=list)
    causes: Mapped[str | None] = mapped_column(Text)
    resources: Mapped[str | None] = mapped_column(Text)
    limitations: Mapped[str | None] = mapped_column(Text)
    #: variant B: the labour-market situation (casework.vocabulary.LABOUR_MARKET_SITUATIONS)
    labour_situations: Mapped[list] = mapped_column(JSON, default=list)
    #: variant B: why the person does not work and what earlier activation did not achieve
    inactivity_causes: Mapped[str | None] = mapped_column(Text)
    main_goal: Mapped[str | None] = mapped_column(Text)
    period_from: Mapped[date | None] = mapped_column(Date)
    period_to: Mapped[date | None] = mapped_column(Date, index=True)
    next_review_on: Mapped[date | None] = mapped_column(Date, index=True)
    #: answers to the model's contract sections: {section key: {field name: value}}
    model_data: Mapped[dict] = mapped_column(JSON, default=dict)
    concluded_on: Mapped[date | None] = mapped_column(Date)
    signed_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    ended_on: Mapped[date | None] = mapped_column(Date)
    #: "expired" (the period ran out) or "terminated" (ended early, with a reason)
    ending: Mapped[str | None] = mapped_column(String(12))
    ending_reason: Mapped[str | None] = mapped_column(Text)
    summary: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    version: Mapped[int] = mapped_column(default=1)

    client = relationship("Client", back_populates="contracts")
    diagnosis = relationship("Diagnosis")
    worker = relationship("User", foreign_keys=[worker_id])
    goals = relationship("ContractGoal", back_populates="contract", cascade="all, delete-orphan",
                         order_by="ContractGoal.position")
    actions = relationship("ContractAction", back_populates="contract", cascade="all, delete-orphan",
                           order_by="ContractAction.position")
    amendments = relationship("ContractAmendment", back_populates="contract", cascade="all, delete-orphan",
                              order_by="ContractAmendment.made_on")
    __mapper_args__ = {"version_id_col": version}


class ContractGoal(TenantScoped, db.Model):
    """A specific goal of the contract and, in part II, how far it was achieved."""

    __tablename__ = "contract_goal"

    id: Mapped[int] = mapped_column(primary_key=True)
    contract_id: Mapped[int] = mapped_column(ForeignKey("contract.id"), index=True)
    position: Mapped[int] = mapped_column(default=1)
    text: Mapped[str] = mapped_column(Text)
    #: achieved / partly / not (casework.vocabulary.GOAL_OUTCOMES), None until evaluated
    outcome: Mapped[str | None] = mapped_column(String(10))
    outcome_reason: Mapped[str | None] = mapped_column(Text)

    contract = relationship("Contract", back_populates="goals")


class ContractAction(TenantScoped, db.Model):
    """Who does what by when: the client, the worker or centre, or a partner institution."""

    __tablename__ = "contract_action"

    id: Mapped[int] = mapped_column(primary_key=True)
    contract_id: Mapped[int] = mapped_column(ForeignKey("contract.id"), index=True)
    position: Mapped[int] = mapped_column(default=1)
    #: client / worker / partner (casework.vocabulary.ACTION_PARTIES)
    party: Mapped[str] = mapped_column(String(10))
    institution_id: Mapped[int | None] = mapped_column(ForeignKey("partner_institution.id"), index=True)
    description: Mapped[str] = mapped_column(Text)
    method: Mapped[str | None] = mapped_column(Text)
    due_on: Mapped[date | None] = mapped_column(Date, index=True)
    #: planned / done / not_done (casework.vocabulary.ACTION_STATUSES)
    status: Mapped[str] = mapped_column(String(10), default="planned")

    contract = relationship("Contract", back_populates="actions")
    institution = relationship("Institution")


class ContractAmendment(TenantScoped, db.Model):
    """A change to a signed contract, with its date (part II of the template)."""

    __tablename__ = "contract_amendment"

    id: Mapped[int] = mapped_column(primary_key=True)
    contract_id: Mapped[int] = mapped_column(ForeignKey("contract.id"), index=True)
    made_on: Mapped[date] = mapped_column(Date)
    text: Mapped[str] = mapped_column(Text)
    #: the contract's end date before an amendment that extended or shortened it
    previous_period_to: Mapped[date | None] = mapped_column(Date)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))

    contract = relationship("Contract", back_populates="amendments")
