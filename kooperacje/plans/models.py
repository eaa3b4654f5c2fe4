"""The PZK's action plan: numbered goals, each with its indicator of achievement, and the
actions that pursue them, owned by member institutions and carried out through partner tasks."""
from datetime import date

from sqlalchemy import Date, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from kooperacje.database import TenantScoped
from kooperacje.extensions import db
from kooperacje.plans.vocabulary import CLOSED_STATES, DONE, DROPPED


class PlanGoal(TenantScoped, db.Model):
    __tablename__ = "plan_goal"

    id: Mapped[int] = mapped_column(primary_key=True)
    partnership_id: Mapped[int] = mapped_column(ForeignKey("partnership.id"), index=True)
    number: Mapped[int]
    title: Mapped[str] = mapped_column(String(300))
    description: Mapped[str | None] = mapped_column(Text)
    #: how the team will know the goal is reached ("20 rodzin objętych asystenturą")
    indicator: Mapped[str | None] = mapped_column(Text)
    target_on: Mapped[date | None] = mapped_column(Date)
    version: Mapped[int] = mapped_column(default=1)

    actions = relationship("PlanAction", back_populates="goal", cascade="all, delete-orphan",
                           order_by=lambda: (PlanAction.starts_on, PlanAction.id))
    __mapper_args__ = {"version_id_col": version}

    @property
    def counted_actions(self):
        """The actions progress counts: every one but the dropped."""
        return [a for a in self.actions if a.state != DROPPED]

    @property
    def done_actions(self):
        return [a for a in self.actions if a.state == DONE]


class PlanAction(TenantScoped, db.Model):
    __tablename__ = "plan_action"

    id: Mapped[int] = mapped_column(primary_key=True)
    goal_id: Mapped[int] = mapped_column(ForeignKey("plan_goal.id"), index=True)
    title: Mapped[str] = mapped_column(String(300))
    owner_institution_id: Mapped[int | None] = mapped_column(ForeignKey("partner_institution.id"), index=True)
    starts_on: Mapped[date | None] = mapped_column(Date)
    ends_on: Mapped[date | None] = mapped_column(Date)
    state: Mapped[str] = mapped_column(String(20), default="planned")  #: vocabulary.ACTION_STATES
    note: Mapped[str | None] = mapped_column(Text)
    #: the meeting where the team agreed on the action, if it was recorded
    meeting_id: Mapped[int | None] = mapped_column(ForeignKey("meeting.id", ondelete="SET NULL"), index=True)
    version: Mapped[int] = mapped_column(default=1)

    goal = relationship("PlanGoal", back_populates="actions")
    owner_institution = relationship("Institution")
    meeting = relationship("Meeting")
    task_links = relationship("PlanActionTask", cascade="all, delete-orphan", order_by="PlanActionTask.task_id")
    __mapper_args__ = {"version_id_col": version}

    @property
    def tasks(self):
        return [link.task for link in self.task_links]

    def overdue_on(self, day):
        return self.ends_on is not None and self.ends_on < day and self.state not in CLOSED_STATES


class PlanActionTask(TenantScoped, db.Model):
    """A partner task (partnership.models.Task) that carries out a plan action."""

    __tablename__ = "plan_action_task"
    __table_args__ = (UniqueConstraint("action_id", "task_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    action_id: Mapped[int] = mapped_column(ForeignKey("plan_action.id", ondelete="CASCADE"), index=True)
    task_id: Mapped[int] = mapped_column(ForeignKey("task.id", ondelete="CASCADE"), index=True)

    task = relationship("Task")
