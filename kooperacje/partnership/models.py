"""The institution level: the Partner Cooperation Team, its members, their services,
meetings with attendance and decisions, and the tasks born from them."""
from bisect import bisect_left
from datetime import date, datetime, time
from decimal import Decimal

from sqlalchemy import JSON, Date, ForeignKey, Index, Numeric, String, Text, Time, UniqueConstraint, and_, or_
from sqlalchemy.orm import Mapped, mapped_column, relationship

from kooperacje.clock import utcnow
from kooperacje.database import TenantScoped
from kooperacje.extensions import db


class Partnership(TenantScoped, db.Model):
    __tablename__ = "partnership"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(160))
    model_key: Mapped[str] = mapped_column(String(40))
    formed_on: Mapped[date | None] = mapped_column(Date)
    cadence_days: Mapped[int] = mapped_column(default=30)
    quorum_percent: Mapped[int] = mapped_column(default=50)
    leader_id: Mapped[int | None] = mapped_column(ForeignKey("partner_institution.id", use_alter=True))
    second_role_id: Mapped[int | None] = mapped_column(ForeignKey("partner_institution.id", use_alter=True))
    rules_reference: Mapped[str | None] = mapped_column(String(300))
    strategy_reference: Mapped[str | None] = mapped_column(String(300))
    #: answers to the model's own set-up fields (PartnershipProfile.setup_fields)
    model_data: Mapped[dict] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    version: Mapped[int] = mapped_column(default=1)

    leader = relationship("Institution", foreign_keys=[leader_id], post_update=True)
    second_role = relationship("Institution", foreign_keys=[second_role_id], post_update=True)
    __mapper_args__ = {"version_id_col": version}


class Institution(TenantScoped, db.Model):
    __tablename__ = "partner_institution"

    id: Mapped[int] = mapped_column(primary_key=True)
    partnership_id: Mapped[int] = mapped_column(ForeignKey("partnership.id"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    sector: Mapped[str] = mapped_column(String(30))
    level: Mapped[str] = mapped_column(String(10))
    contact_person: Mapped[str | None] = mapped_column(String(120))
    contact_email: Mapped[str | None] = mapped_column(String(254))
    contact_phone: Mapped[str | None] = mapped_column(String(40))
    joined_on: Mapped[date | None] = mapped_column(Date)
    left_on: Mapped[date | None] = mapped_column(Date)
    act_signed_on: Mapped[date | None] = mapped_column(Date)
    #: where the signed agreement or declaration is kept (register number, file location)
    act_reference: Mapped[str | None] = mapped_column(String(300))
    version: Mapped[int] = mapped_column(default=1, server_default="1")

    offers = relationship("ServiceOffer", back_populates="institution", order_by="ServiceOffer.id")
    __mapper_args__ = {"version_id_col": version}

    def is_member_on(self, day):
        return (self.joined_on is None or self.joined_on <= day) and (self.left_on is None or self.left_on > day)

    def membership_slice(self, days):
        """Of ``days`` (sorted), the slice of those on which the institution was a member (as
        :meth:`is_member_on`), found by bisection: the overview asks for every member and meeting."""
        start = bisect_left(days, self.joined_on) if self.joined_on else 0
        end = bisect_left(days, self.left_on) if self.left_on else len(days)
        return slice(start, max(start, end))


class ServiceOffer(TenantScoped, db.Model):
    """One entry of the local basket of services: who offers what, to whom, on what terms."""

    __tablename__ = "service_offer"

    id: Mapped[int] = mapped_column(primary_key=True)
    institution_id: Mapped[int] = mapped_column(ForeignKey("partner_institution.id"), index=True)
    service: Mapped[str] = mapped_column(String(200))
    description: Mapped[str | None] = mapped_column(Text)
    target_group: Mapped[str | None] = mapped_column(String(300))
    access_conditions: Mapped[str | None] = mapped_column(Text)
    contact: Mapped[str | None] = mapped_column(String(300))
    category: Mapped[str | None] = mapped_column(String(20))  #: vocabulary.OFFER_CATEGORIES
    #: how many people it takes at a time; None: not limited or not known
    capacity: Mapped[int | None]
    #: what one unit of the service costs the municipality (zł), and the unit (an hour, a month…)
    unit_cost: Mapped[Decimal | None] = mapped_column(Numeric(10, 2))
    cost_unit: Mapped[str | None] = mapped_column(String(60))
    #: when the offer runs; an expired one is left out of new referrals and marked on the lists
    valid_from: Mapped[date | None] = mapped_column(Date)
    valid_until: Mapped[date | None] = mapped_column(Date)
    #: the partner's representative and the coordinator may both edit it (versions.save_versioned)
    version: Mapped[int] = mapped_column(default=1, server_default="1")

    institution = relationship("Institution", back_populates="offers")
    __mapper_args__ = {"version_id_col": version}

    def in_force_on(self, day):
        return (self.valid_from is None or self.valid_from <= day) and (self.valid_until is None
                                                                         or self.valid_until >= day)

    @classmethod
    def in_force(cls, day):
        """The SQL condition of :meth:`in_force_on`: the offers a worker may pick on ``day``."""
        return and_(or_(cls.valid_from.is_(None), cls.valid_from <= day),
                    or_(cls.valid_until.is_(None), cls.valid_until >= day))


class Meeting(TenantScoped, db.Model):
    __tablename__ = "meeting"
    __table_args__ = (Index("ix_meeting_partnership_held_on", "partnership_id", "held_on"),
                      # one "Protokół nr 7/2026" per municipality: two approvals at once cannot share it
                      UniqueConstraint("municipality_id", "protocol_year", "protocol_number"))

    id: Mapped[int] = mapped_column(primary_key=True)
    partnership_id: Mapped[int] = mapped_column(ForeignKey("partnership.id"))
    meeting_type: Mapped[str] = mapped_column(String(40))
    held_on: Mapped[date] = mapped_column(Date)
    #: when it begins, local time in Poland; None: only the day is set (an all-day calendar entry)
    starts_at: Mapped[time | None] = mapped_column(Time)
    place: Mapped[str | None] = mapped_column(String(200))
    mode: Mapped[str] = mapped_column(String(20), default="in_person")
    chair: Mapped[str | None] = mapped_column(String(120))
    agenda: Mapped[str | None] = mapped_column(Text)
    minutes: Mapped[str | None] = mapped_column(Text)
    next_meeting_on: Mapped[date | None] = mapped_column(Date)
    model_data: Mapped[dict] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    version: Mapped[int] = mapped_column(default=1)
    #: the minutes' workflow (vocabulary.MINUTES_STATUSES): draft -> sent_for_remarks -> approved
    minutes_status: Mapped[str] = mapped_column(String(20), default="draft", server_default="draft")
    remarks_due_on: Mapped[date | None] = mapped_column(Date)
    approved_on: Mapped[date | None] = mapped_column(Date)
    approved_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    #: "Protokół nr 7/2026": numbered per municipality within the year of the meeting
    protocol_number: Mapped[int | None]
    protocol_year: Mapped[int | None]
    #: everything the approved protocol prints, frozen at approval (service.protocol_snapshot),
    #: so later changes to members or tasks never rewrite a signed protocol
    protocol_snapshot: Mapped[dict | None] = mapped_column(JSON)

    attendance = relationship("Attendance", back_populates="meeting", cascade="all, delete-orphan")
    decisions = relationship("Decision", back_populates="meeting", cascade="all, delete-orphan",
                             order_by="Decision.number")
    remarks = relationship("MeetingRemark", back_populates="meeting", cascade="all, delete-orphan",
                           order_by="MeetingRemark.id")
    approved_by = relationship("User", foreign_keys=[approved_by_id])
    invitations = relationship("MeetingInvitation", back_populates="meeting", cascade="all, delete-orphan",
                               order_by="MeetingInvitation.id")
    __mapper_args__ = {"version_id_col": version}


class MeetingInvitation(TenantScoped, db.Model):
    """One sending of a meeting's invitation: what it said (the term, place, mode and agenda, so
    a later sending knows what changed), its calendar SEQUENCE, and to how many institutions.
    A row of its own, so sending never bumps the meeting's version under someone editing it."""

    __tablename__ = "meeting_invitation"

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meeting.id"), index=True)
    #: the .ics SEQUENCE: 0 for the first wording, one more for each changed one
    sequence: Mapped[int]
    held_on: Mapped[date] = mapped_column(Date)
    starts_at: Mapped[time | None] = mapped_column(Time)
    place: Mapped[str | None] = mapped_column(String(200))
    mode: Mapped[str] = mapped_column(String(20))
    agenda: Mapped[str | None] = mapped_column(Text)
    institutions: Mapped[int]
    sent_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    sent_at: Mapped[datetime] = mapped_column(default=utcnow)

    meeting = relationship("Meeting", back_populates="invitations")


class MeetingRemark(TenantScoped, db.Model):
    """A member's remark on the draft minutes, as received (the institutions have no accounts):
    who made it, as the coordinator typed it, and who recorded it."""

    __tablename__ = "meeting_remark"

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meeting.id"), index=True)
    institution_id: Mapped[int | None] = mapped_column(ForeignKey("partner_institution.id"))
    author_name: Mapped[str] = mapped_column(String(120))
    text: Mapped[str] = mapped_column(Text)
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    meeting = relationship("Meeting", back_populates="remarks")
    institution = relationship("Institution")


class Attendance(TenantScoped, db.Model):
    __tablename__ = "attendance"

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meeting.id"), index=True)
    institution_id: Mapped[int] = mapped_column(ForeignKey("partner_institution.id"), index=True)
    status: Mapped[str] = mapped_column(String(10))
    representative: Mapped[str | None] = mapped_column(String(120))

    meeting = relationship("Meeting", back_populates="attendance")
    institution = relationship("Institution")


class Decision(TenantScoped, db.Model):
    __tablename__ = "decision"

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meeting.id"), index=True)
    number: Mapped[int]
    text: Mapped[str] = mapped_column(Text)

    meeting = relationship("Meeting", back_populates="decisions")
    tasks = relationship("Task", back_populates="decision", order_by="Task.id")


class Task(TenantScoped, db.Model):
    __tablename__ = "task"
    __table_args__ = (Index("ix_task_partnership_status_due", "partnership_id", "status", "due_on"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    partnership_id: Mapped[int] = mapped_column(ForeignKey("partnership.id"))
    decision_id: Mapped[int | None] = mapped_column(ForeignKey("decision.id"), index=True)
    title: Mapped[str] = mapped_column(String(300))
    owner_institution_id: Mapped[int | None] = mapped_column(ForeignKey("partner_institution.id"), index=True)
    owner_person: Mapped[str | None] = mapped_column(String(120))
    due_on: Mapped[date | None] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(20), default="open")
    closed_on: Mapped[date | None] = mapped_column(Date)
    closed_at_meeting_id: Mapped[int | None] = mapped_column(ForeignKey("meeting.id"))
    version: Mapped[int] = mapped_column(default=1)

    decision = relationship("Decision", back_populates="tasks")
    owner_institution = relationship("Institution")
    __mapper_args__ = {"version_id_col": version}
