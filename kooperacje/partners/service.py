"""A partner institution's part of the PZK, decided in one place: which institution a partner's
representative speaks for (only while it is a member), and every query of their pages scoped to
it. The tenant listener (kooperacje/database.py) already keeps them in their municipality; this
module narrows that to their institution, and the permission table keeps them off every other
page (no client, diagnosis or contract, no other institution's task or offer)."""
from flask import abort, g
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from kooperacje.audit.models import record
from kooperacje.auth.models import Membership, User
from kooperacje.clock import local_today
from kooperacje.database import get_or_404
from kooperacje.extensions import db
from kooperacje.i18n import gettext as _
from kooperacje.ids import MAX_ID
from kooperacje.partners.models import TaskProgress
from kooperacje.partnership import service as pzk
from kooperacje.partnership.models import Institution, Meeting, ServiceOffer, Task
from kooperacje.partnership.vocabulary import APPROVED, OPEN_TASK_STATUSES, SENT_FOR_REMARKS


def institution_refusal(municipality_id, institution_id, today=None):
    """Why a partner's account cannot speak for ``institution_id`` (a message), or None: it must be
    an institution of the account's municipality that is a member of its PZK today."""
    if not institution_id:
        return _("Wskaż instytucję, którą reprezentuje przedstawiciel.")
    found = db.session.get(Institution, institution_id) if 0 < institution_id <= MAX_ID else None
    if found is None or found.municipality_id != municipality_id:
        return _("Wybierz instytucję członkowską Zespołu PZK tej gminy.")
    if not found.is_member_on(today or local_today()):
        return _("Ta instytucja nie jest obecnie członkiem Zespołu PZK: nie można przypisać do niej konta.")
    return None


def member_institutions(today=None):
    """The signed-in municipality's current PZK members, for choosing a partner's institution."""
    partnership = pzk.current_partnership()
    return pzk.members_on(partnership, today or local_today()) if partnership else []


def current_institution(user):
    """The institution ``user`` (a partner's representative) speaks for while it is a member of
    the PZK today; None once it has left (from the day in its ``left_on``), which ends their access."""
    if "partner_institution" not in g:
        institution = db.session.get(Institution, user.institution_id) if user.institution_id else None
        g.partner_institution = institution if institution and institution.is_member_on(local_today()) else None
    return g.partner_institution


def own_institution(user):
    institution = current_institution(user)
    if institution is None:
        abort(403)
    return institution


# --- what a partner reads: their institution's part, nothing else ---------------------------

def tasks_of(institution):
    return (select(Task).where(Task.owner_institution_id == institution.id)
            .options(selectinload(Task.decision)))


def offers_of(institution):
    return select(ServiceOffer).where(ServiceOffer.institution_id == institution.id).order_by(ServiceOffer.id)


def meetings_of(institution):
    """Their PZK's meetings (the agenda of each; the protocol once approved, see :func:`protocol_shown`)."""
    return select(Meeting).where(Meeting.partnership_id == institution.partnership_id)


def open_tasks_of(institution, limit=10):
    """The institution's tasks still to do, the nearest deadline first (its start page)."""
    return db.session.scalars(tasks_of(institution).where(Task.status.in_(OPEN_TASK_STATUSES))
                              .order_by(Task.due_on.is_(None), Task.due_on, Task.id).limit(limit)).all()


def upcoming_meetings(institution, today, limit=3):
    return db.session.scalars(meetings_of(institution).where(Meeting.held_on >= today)
                              .order_by(Meeting.held_on).limit(limit)).all()


def representatives_of(institution):
    """The accounts that speak for ``institution`` (the coordinator's list on the invitation page)."""
    return db.session.scalars(select(User).join(User.memberships).where(Membership.institution_id == institution.id).order_by(User.id)).all()


def remarks_open(meeting, today):
    """Whether the members may still send remarks on the draft minutes (until the deadline)."""
    return (meeting.minutes_status == SENT_FOR_REMARKS
            and (meeting.remarks_due_on is None or meeting.remarks_due_on >= today))


def add_remark(meeting, institution, user, text):
    """The representative's own remark on the draft minutes, in their institution's name."""
    return pzk.add_remark(meeting, institution, user.full_name, text, user)


def own_task_or_404(institution, task_id):
    task = get_or_404(Task, task_id)
    if task.owner_institution_id != institution.id:
        abort(404)  # another institution's task is not theirs to see: as if it did not exist
    return task


def own_offer_or_404(institution, offer_id):
    offer = get_or_404(ServiceOffer, offer_id)
    if offer.institution_id != institution.id:
        abort(404)
    return offer


def meeting_or_404(institution, meeting_id):
    meeting = get_or_404(Meeting, meeting_id)
    if meeting.partnership_id != institution.partnership_id:
        abort(404)
    return meeting


def protocol_shown(meeting):
    """Partners read a protocol only once it is approved: a draft is the coordinator's working text."""
    return meeting.minutes_status == APPROVED and bool(meeting.protocol_snapshot)


def progress_of(task):
    return db.session.scalars(select(TaskProgress).where(TaskProgress.task_id == task.id)
                              .options(selectinload(TaskProgress.author), selectinload(TaskProgress.institution))
                              .order_by(TaskProgress.noted_on.desc(), TaskProgress.id.desc())).all()


# --- what a partner writes --------------------------------------------------------------------

def add_progress(task, institution, user, status, note, noted_on):
    """A dated note and the status it leaves the task in; the history keeps every note."""
    pzk.set_task_status(task, status, today=noted_on)
    progress = TaskProgress(municipality_id=task.municipality_id, task_id=task.id, status=status,
                            noted_on=noted_on, note=note, author_id=user.id, institution_id=institution.id)
    db.session.add(progress)
    db.session.flush()
    record("task_progress_added", task, detail=status)
    return progress


def save_offer(offer, institution, values):
    """The partner's own offer in the basket (``offer`` None adds one); versioned by the caller."""
    if offer is None:
        return pzk.add_offer(institution, values)
    for name, value in values.items():
        setattr(offer, name, value)
    db.session.flush()  # a stale version fails here, before the audit record (versions.save_versioned)
    record("offer_saved", offer)
    return offer
