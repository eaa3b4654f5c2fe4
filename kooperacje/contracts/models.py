"""The social contract (kontrakt socjalny): goals, actions, amendments."""
from datetime import date, datetime

from sqlalchemy import JSON, Date, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from kooperacje.audit.models import CaseRecord
from kooperacje.clock import utcnow
from kooperacje.database import TenantScoped
from kooperacje.extensions import db


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
    #: variant B: the labour-market groups, keys of the current list (contracts.vocabulary.LABOUR_MARKET_LISTS)
    labour_situations: Mapped[list] = mapped_column(JSON, default=list)
    #: variant B, set when signed: the list's key, its legal basis and the chosen groups' labels as
    #: they read that day (contracts.vocabulary.labour_market_snapshot), printed ever after
    labour_list: Mapped[dict | None] = mapped_column(JSON)
    #: variant B: the labour office's (PUP) referral the contract is concluded on
    referral_office: Mapped[str | None] = mapped_column(String(200))
    referral_on: Mapped[date | None] = mapped_column(Date)
    referral_number: Mapped[str | None] = mapped_column(String(60))
    #: variant B: the four descriptions the template asks for separately
    unemployment_causes: Mapped[str | None] = mapped_column(Text)
    job_search_limits: Mapped[str | None] = mapped_column(Text)
    earlier_activation: Mapped[str | None] = mapped_column(Text)
    activation_failure: Mapped[str | None] = mapped_column(Text)
    main_goal: Mapped[str | None] = mapped_column(Text)
    period_from: Mapped[date | None] = mapped_column(Date)
    period_to: Mapped[date | None] = mapped_column(Date, index=True)
    next_review_on: Mapped[date | None] = mapped_column(Date, index=True)
    #: answers to the model's contract sections: {section key: {field name: value}}
    model_data: Mapped[dict] = mapped_column(JSON, default=dict)
    concluded_on: Mapped[date | None] = mapped_column(Date)
    signed_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    #: where the municipality has the head of the centre approve contracts before signing:
    #: who decided last, when, and the head's remark when the draft was returned
    approved_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    approved_at: Mapped[datetime | None]
    approval_remark: Mapped[str | None] = mapped_column(Text)
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
    approved_by = relationship("User", foreign_keys=[approved_by_id])
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
    #: achieved / partly / not (contracts.vocabulary.GOAL_OUTCOMES), None until evaluated
    outcome: Mapped[str | None] = mapped_column(String(10))
    outcome_reason: Mapped[str | None] = mapped_column(Text)

    contract = relationship("Contract", back_populates="goals")


class ContractAction(TenantScoped, db.Model):
    """Who does what by when: the client, the worker or centre, or a partner institution."""

    __tablename__ = "contract_action"

    id: Mapped[int] = mapped_column(primary_key=True)
    contract_id: Mapped[int] = mapped_column(ForeignKey("contract.id"), index=True)
    position: Mapped[int] = mapped_column(default=1)
    #: client / worker / partner (contracts.vocabulary.ACTION_PARTIES)
    party: Mapped[str] = mapped_column(String(10))
    institution_id: Mapped[int | None] = mapped_column(ForeignKey("partner_institution.id"), index=True)
    description: Mapped[str] = mapped_column(Text)
    method: Mapped[str | None] = mapped_column(Text)
    due_on: Mapped[date | None] = mapped_column(Date, index=True)
    #: planned / done / not_done (contracts.vocabulary.ACTION_STATUSES)
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


class ContractExport(TenantScoped, db.Model):
    """A bulk export of contracts as a ZIP of their DOCX, made by a background job for its owner.

    The filters are kept as chosen (None: any); the file lives on disk under the export folder,
    named by ``token`` (random, never a name), and only while ``expires_at`` has not passed."""

    __tablename__ = "contract_export"

    id: Mapped[int] = mapped_column(primary_key=True)
    owner_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"), index=True)
    worker_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    contract_status: Mapped[str | None] = mapped_column(String(12))
    concluded_from: Mapped[date | None] = mapped_column(Date)
    concluded_to: Mapped[date | None] = mapped_column(Date)
    #: queued / running / done / failed (contracts.vocabulary.EXPORT_STATUSES)
    status: Mapped[str] = mapped_column(String(10), default="queued")
    done: Mapped[int] = mapped_column(default=0)
    total: Mapped[int | None]
    token: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    finished_at: Mapped[datetime | None]
    #: the download works until then (UTC); set when the file is ready
    expires_at: Mapped[datetime | None] = mapped_column(index=True)
    #: when the file was deleted (expired); the row stays as the export's history
    removed_at: Mapped[datetime | None]

    owner = relationship("User", foreign_keys=[owner_id])
    worker = relationship("User", foreign_keys=[worker_id])

    def expired(self, now):
        return self.removed_at is not None or (self.expires_at is not None and self.expires_at <= now)
