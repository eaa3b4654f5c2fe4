"""The team around a family (the model's ZZK, GGK or the rural PZK working with the family):
its members, its meetings and the decisions taken at them."""
from datetime import date, datetime

from sqlalchemy import JSON, Date, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from kooperacje.audit.models import CaseRecord
from kooperacje.clock import utcnow
from kooperacje.database import TenantScoped
from kooperacje.extensions import db


class CaseTeam(CaseRecord, TenantScoped, db.Model):
    """One case's team; a case has at most one team that is not closed."""

    __tablename__ = "case_team"

    id: Mapped[int] = mapped_column(primary_key=True)
    client_id: Mapped[int] = mapped_column(ForeignKey("client.id"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    formed_on: Mapped[date] = mapped_column(Date)
    closed_on: Mapped[date | None] = mapped_column(Date)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    version: Mapped[int] = mapped_column(default=1)

    client = relationship("Client")
    members = relationship("CaseTeamMember", back_populates="team", order_by="CaseTeamMember.id")
    meetings = relationship("CaseTeamMeeting", back_populates="team",
                            order_by="(CaseTeamMeeting.held_on.desc(), CaseTeamMeeting.id.desc())")
    __mapper_args__ = {"version_id_col": version}

    @property
    def current_members(self):
        return [m for m in self.members if m.left_on is None]

    @property
    def former_members(self):
        return [m for m in self.members if m.left_on is not None]


class CaseTeamMember(TenantScoped, db.Model):
    """A member: an account of the municipality (staff or partner) or a named person."""

    __tablename__ = "case_team_member"

    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[int] = mapped_column(ForeignKey("case_team.id"), index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"), index=True)
    name: Mapped[str | None] = mapped_column(String(120))
    institution_id: Mapped[int | None] = mapped_column(ForeignKey("partner_institution.id"))
    phone: Mapped[str | None] = mapped_column(String(40))
    email: Mapped[str | None] = mapped_column(String(254))
    role: Mapped[str] = mapped_column(String(120))
    #: a key of kooperacje.partnership.vocabulary.SECTORS
    sector: Mapped[str | None] = mapped_column(String(30))
    joined_on: Mapped[date] = mapped_column(Date)
    left_on: Mapped[date | None] = mapped_column(Date)

    team = relationship("CaseTeam", back_populates="members")
    user = relationship("User")
    institution = relationship("Institution")

    @property
    def display_name(self):
        return self.user.full_name if self.user is not None else self.name

    def was_member_on(self, day):
        return self.joined_on <= day and (self.left_on is None or self.left_on >= day)


class CaseTeamMeeting(CaseRecord, TenantScoped, db.Model):
    __tablename__ = "case_team_meeting"

    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[int] = mapped_column(ForeignKey("case_team.id"), index=True)
    client_id: Mapped[int] = mapped_column(ForeignKey("client.id"), index=True)
    held_on: Mapped[date] = mapped_column(Date)
    #: ids of the CaseTeamMember rows present
    present_member_ids: Mapped[list] = mapped_column(JSON, default=list)
    notes: Mapped[str | None] = mapped_column(Text)
    decisions: Mapped[str | None] = mapped_column(Text)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    team = relationship("CaseTeam", back_populates="meetings")
    decision_rows = relationship("CaseTeamDecision", back_populates="meeting", order_by="CaseTeamDecision.id")


class CaseTeamDecision(TenantScoped, db.Model):
    """A decision of a meeting that leads somewhere: an action for the contract, a task for a
    partner, a service missing from the basket (reported to the PZK)."""

    __tablename__ = "case_team_decision"

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("case_team_meeting.id"), index=True)
    text: Mapped[str] = mapped_column(Text)
    #: a key of kooperacje.teams.vocabulary.DECISION_KINDS
    kind: Mapped[str] = mapped_column(String(20))
    #: what the decision became once carried out: an action of the case's contract (with the
    #: amendment that added it, when the contract was already signed) or a partner task
    contract_action_id: Mapped[int | None] = mapped_column(ForeignKey("contract_action.id"))
    amendment_id: Mapped[int | None] = mapped_column(ForeignKey("contract_amendment.id"))
    task_id: Mapped[int | None] = mapped_column(ForeignKey("task.id"))
    applied_on: Mapped[date | None] = mapped_column(Date)
    applied_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))

    meeting = relationship("CaseTeamMeeting", back_populates="decision_rows")
    contract_action = relationship("ContractAction")
    amendment = relationship("ContractAmendment")
    task = relationship("Task")
    applied_by = relationship("User")

    @property
    def applied(self):
        return self.contract_action_id is not None or self.task_id is not None
