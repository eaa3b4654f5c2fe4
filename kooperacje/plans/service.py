"""The PZK's action plan: goals, their actions, the tasks that carry them out and the progress
the coordinator's overview shows. Every write comes with its audit record; the caller commits."""
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import selectinload
from sqlalchemy.orm.attributes import flag_modified

from kooperacje.audit.models import record
from kooperacje.extensions import db
from kooperacje.partnership.models import Meeting, Task
from kooperacje.partnership.service import members_on
from kooperacje.partnership.vocabulary import OPEN_TASK_STATUSES
from kooperacje.plans.models import PlanAction, PlanActionTask, PlanGoal
from kooperacje.plans.vocabulary import DONE, DROPPED


def goals_of(partnership):
    """The plan: its goals by number, each with its actions, their owners, meetings and tasks."""
    return db.session.scalars(
        select(PlanGoal).where(PlanGoal.partnership_id == partnership.id)
        .options(selectinload(PlanGoal.actions).selectinload(PlanAction.owner_institution),
                 selectinload(PlanGoal.actions).selectinload(PlanAction.meeting),
                 selectinload(PlanGoal.actions).selectinload(PlanAction.task_links).selectinload(PlanActionTask.task))
        .order_by(PlanGoal.number, PlanGoal.id)).all()


@dataclass(frozen=True)
class Progress:
    done: int
    counted: int
    overdue: int
    dropped: int

    @property
    def percent(self):
        return round(100 * self.done / self.counted) if self.counted else None


def progress(actions, today):
    """Actions done of all actions but the dropped ones, and how many are past their end."""
    actions = list(actions)
    return Progress(done=sum(1 for a in actions if a.state == DONE),
                    counted=sum(1 for a in actions if a.state != DROPPED),
                    overdue=sum(1 for a in actions if a.overdue_on(today)),
                    dropped=sum(1 for a in actions if a.state == DROPPED))


def plan_progress(partnership, today):
    """The whole plan's progress, for the coordinator's overview."""
    actions = db.session.scalars(select(PlanAction).join(PlanGoal, PlanGoal.id == PlanAction.goal_id)
                                 .where(PlanGoal.partnership_id == partnership.id)).all()
    return progress(actions, today)


def next_goal_number(partnership):
    numbers = db.session.scalars(select(PlanGoal.number).where(PlanGoal.partnership_id == partnership.id)).all()
    return max(numbers, default=0) + 1


def number_taken(partnership, number, goal=None):
    """Another goal of the plan already has ``number``."""
    statement = select(PlanGoal.id).where(PlanGoal.partnership_id == partnership.id, PlanGoal.number == number)
    if goal is not None:
        statement = statement.where(PlanGoal.id != goal.id)
    return db.session.scalar(statement.limit(1)) is not None


def owner_choices(partnership, today, action=None):
    """The member institutions an action may be given to (and its present owner, if it has left)."""
    members = members_on(partnership, today)
    if action is not None and action.owner_institution is not None and action.owner_institution not in members:
        members = [*members, action.owner_institution]
    return [(0, "—")] + [(i.id, i.name) for i in members]


def meeting_choices(partnership):
    meetings = db.session.scalars(select(Meeting).where(Meeting.partnership_id == partnership.id)
                                  .order_by(Meeting.held_on.desc(), Meeting.id.desc())).all()
    return meetings


def task_choices(partnership, action=None):
    """The PZK's open tasks, and those already linked to ``action`` whatever their state."""
    tasks = db.session.scalars(select(Task).where(Task.partnership_id == partnership.id,
                                                  Task.status.in_(OPEN_TASK_STATUSES))
                               .options(selectinload(Task.owner_institution))
                               .order_by(Task.due_on.is_(None), Task.due_on, Task.id)).all()
    linked = [t for t in (action.tasks if action is not None else []) if t not in tasks]
    return linked + tasks


def save_goal(goal, partnership, values):
    """A goal of the plan; ``goal`` None adds one."""
    goal = goal or PlanGoal(municipality_id=partnership.municipality_id, partnership_id=partnership.id)
    db.session.add(goal)
    for name, value in values.items():
        setattr(goal, name, value)
    db.session.flush()  # a stale version fails here, before the audit record (versions.save_versioned)
    record("plan_goal_saved", goal, detail=str(goal.number))
    return goal


def delete_goal(goal):
    record("plan_goal_deleted", goal, detail=f"{goal.number}. {goal.title}"[:200])
    db.session.delete(goal)
    db.session.flush()


def save_action(action, goal, values, task_ids):
    """An action of ``goal`` with the tasks that carry it out; ``action`` None adds one. A change
    of the tasks alone still makes a new version, so a rival save of the same form is refused."""
    action = action or PlanAction(municipality_id=goal.municipality_id, goal=goal)
    db.session.add(action)
    for name, value in values.items():
        setattr(action, name, value)
    wanted = set(task_ids)
    current = {link.task_id: link for link in action.task_links}
    for task_id, link in current.items():
        if task_id not in wanted:
            action.task_links.remove(link)
    for task_id in sorted(wanted - current.keys()):
        action.task_links.append(PlanActionTask(municipality_id=goal.municipality_id, task_id=task_id))
    if action.id is not None:
        flag_modified(action, "title")
    db.session.flush()
    record("plan_action_saved", action, detail=action.state)
    return action


def delete_action(action):
    record("plan_action_deleted", action, detail=action.title[:200])
    db.session.delete(action)
    db.session.flush()
