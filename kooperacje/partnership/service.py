"""The rules of running a partnership: cadence, quorum, attendance, task carry-over."""
import functools
import hashlib
import math
from dataclasses import dataclass
from datetime import date, timedelta
from email.utils import parseaddr

from flask import current_app, g, has_request_context, request
from flask_babel import force_locale
from sqlalchemy import bindparam, case, func, select
from sqlalchemy.exc import IntegrityError

from kooperacje.answers import model_field_texts
from kooperacje.audit.models import record
from kooperacje.calendars.exports import invitation_ics, invitation_type
from kooperacje.clients.pesel import contains_pesel
from kooperacje.clock import day
from kooperacje.database import SAFE_METHODS
from kooperacje.documents import legal_basis, statutory_document
from kooperacje.extensions import db
from kooperacje.i18n import gettext as _
from kooperacje.i18n import lazy_gettext as _l
from kooperacje.jobs.mail import queue_mail
from kooperacje.jobs.models import SentReminder
from kooperacje.notifications.service import notify
from kooperacje.partnership.models import (Attendance, Decision, Institution, Meeting, MeetingInvitation, MeetingRemark,
                                           Partnership, ServiceOffer, Task)
from kooperacje.partnership.vocabulary import (APPROVED, ATTENDANCE, CADENCES, MEETING_MODES, OPEN_TASK_STATUSES,
                                               SENT_FOR_REMARKS, TASK_STATUSES)
from kooperacje.plugins import get_plugins
from kooperacje.teams.models import CaseTeamDecision
from kooperacje.web import external_url

CARRY_OVER_HEADING = "Zadania w toku z poprzednich spotkań"


def current_partnership():
    """The signed-in municipality's partnership (tenant scoping picks it), or None. A request
    asks for it from several places (the page, its indicators, the plugin's panels): found
    once, it is kept for the rest of the request."""
    if has_request_context() and "partnership" in g:
        return g.partnership
    found = db.session.scalar(select(Partnership).order_by(Partnership.id).limit(1))
    if found is not None and has_request_context():
        g.partnership = found
    return found


def profile_of(partnership_or_key):
    key = getattr(partnership_or_key, "model_key", partnership_or_key)
    return get_plugins().partnership_profile(key)


def meeting_type_name(profile, key):
    return next((str(t.name) for t in profile.meeting_types if t.key == key), key)


def institutions_of(partnership):
    """The team's institutions by name. A reading request loads them once: the meeting page and
    the overview ask for them three or four times (members, quorum, attendance, the forms)."""
    cache = g.setdefault("institutions_of", {}) if has_request_context() and request.method in SAFE_METHODS else {}
    if partnership.id not in cache:
        cache[partnership.id] = db.session.scalars(select(Institution).where(
            Institution.partnership_id == partnership.id).order_by(Institution.name, Institution.id)).all()
    return cache[partnership.id]


def members_on(partnership, day):
    return [i for i in institutions_of(partnership) if i.is_member_on(day)]


@dataclass(frozen=True)
class Cadence:
    planned_days: int
    last_meeting_on: date | None
    days_since: int | None
    next_meeting_on: date | None

    @property
    def label(self):
        return CADENCES.get(self.planned_days, _("co %(n)d dni", n=self.planned_days))

    @property
    def kept(self):
        return self.days_since is not None and self.days_since <= self.planned_days

    @property
    def due_on(self):
        """When the next meeting should take place at the planned cadence."""
        if self.next_meeting_on:
            return self.next_meeting_on
        return self.last_meeting_on + timedelta(days=self.planned_days) if self.last_meeting_on else None


def cadence(partnership, today):
    last_on, upcoming_on, announced_on = db.session.execute(
        _cadence_statement(), {"partnership_id": partnership.id, "today": today}).one()
    return Cadence(partnership.cadence_days, last_on, (today - last_on).days if last_on else None,
                   upcoming_on or announced_on)


@functools.cache
def _cadence_statement():
    """The last meeting, the next one and the date announced at the last, in one statement built
    once: the overview and the home page ask on every visit, and each statement built and run
    cost more than its SQL."""
    mine, today = Meeting.partnership_id == bindparam("partnership_id"), bindparam("today")
    last = select(func.max(Meeting.held_on)).where(mine, Meeting.held_on <= today).scalar_subquery()
    upcoming = select(func.min(Meeting.held_on)).where(mine, Meeting.held_on > today).scalar_subquery()
    announced = (select(Meeting.next_meeting_on).where(mine, Meeting.held_on == last)
                 .order_by(Meeting.id.desc()).limit(1).scalar_subquery())
    return select(last, upcoming, announced)


@dataclass(frozen=True)
class Quorum:
    present: int
    members: int
    required: int

    @property
    def met(self):
        return self.members > 0 and self.present >= self.required


def quorum(partnership, meeting):
    members = members_on(partnership, meeting.held_on)
    member_ids = {m.id for m in members}
    present = sum(1 for a in meeting.attendance if a.institution_id in member_ids and a.status != "absent")
    required = math.ceil(len(members) * partnership.quorum_percent / 100) if members else 0
    return Quorum(present, len(members), required)


def recorded_quorum(partnership, meeting):
    """The quorum as the protocol records it: frozen with an approved protocol, else counted now."""
    frozen = (meeting.protocol_snapshot or {}).get("quorum") if is_approved(meeting) else None
    if frozen:
        return Quorum(frozen["present"], frozen["members"], frozen["required"])
    return quorum(partnership, meeting)


@dataclass(frozen=True)
class AttendanceRate:
    institution: Institution
    meetings: int
    attended: int

    @property
    def percent(self):
        return round(100 * self.attended / self.meetings) if self.meetings else None


def attendance_rates(partnership, today):
    """Per member institution: meetings held while it was a member, and how many it attended."""
    held = db.session.scalars(select(Meeting.held_on).where(
        Meeting.partnership_id == partnership.id, Meeting.held_on <= today).order_by(Meeting.held_on)).all()
    attended = dict(db.session.execute(
        select(Attendance.institution_id, func.count(Attendance.id))
        .join(Meeting, Meeting.id == Attendance.meeting_id)
        .where(Meeting.partnership_id == partnership.id, Meeting.held_on <= today, Attendance.status != "absent")
        .group_by(Attendance.institution_id)).all())
    institutions = institutions_of(partnership)
    return [AttendanceRate(i, len(held[i.membership_slice(held)]), attended.get(i.id, 0)) for i in institutions]


def quarter_of(day):
    return day.year, (day.month - 1) // 3 + 1


def last_quarters(today, count):
    year, quarter = quarter_of(today)
    result = []
    for _step in range(count):
        result.append((year, quarter))
        year, quarter = (year - 1, 4) if quarter == 1 else (year, quarter - 1)
    return list(reversed(result))


def attendance_by_quarter(partnership, today, quarters=4):
    """Attendance over time: for each member institution, the percentage of the meetings it
    attended in each of the last ``quarters`` quarters (None where it had no meeting to attend)."""
    periods = last_quarters(today, quarters)
    (first_year, first_quarter), *_later = periods
    # only the meetings of these quarters, grouped by quarter once (not again for every institution)
    in_periods = (Meeting.partnership_id == partnership.id, Meeting.held_on <= today,
                  Meeting.held_on >= date(first_year, 3 * first_quarter - 2, 1))
    days, ids = {period: [] for period in periods}, {period: [] for period in periods}
    for meeting in db.session.execute(select(Meeting.id, Meeting.held_on).where(*in_periods)
                                      .order_by(Meeting.held_on)):
        days[quarter_of(meeting.held_on)].append(meeting.held_on)
        ids[quarter_of(meeting.held_on)].append(meeting.id)
    attended = {}
    for institution_id, meeting_id in db.session.execute(
            select(Attendance.institution_id, Attendance.meeting_id).join(Meeting, Meeting.id == Attendance.meeting_id)
            .where(*in_periods, Attendance.status != "absent")):
        attended.setdefault(institution_id, set()).add(meeting_id)
    rows = []
    for institution in institutions_of(partnership):
        present_at, cells = attended.get(institution.id, set()), []
        for period in periods:
            held = ids[period][institution.membership_slice(days[period])]
            present = sum(1 for meeting_id in held if meeting_id in present_at)
            cells.append(round(100 * present / len(held)) if held else None)
        rows.append((institution, cells))
    return [f"{quarter}/{year}" for year, quarter in periods], rows


def overdue_by_institution(partnership, today):
    """[(institution name or None, overdue count, open count)] for institutions with open tasks."""
    rows = db.session.execute(_overdue_statement(), {"partnership_id": partnership.id, "today": today}).all()
    return [(name, int(overdue or 0), count) for name, overdue, count in rows]


@functools.cache
def _overdue_statement():
    is_overdue = case((Task.due_on < bindparam("today"), 1), else_=0)
    return (select(Institution.name, func.sum(is_overdue), func.count(Task.id))
            .select_from(Task).outerjoin(Institution, Institution.id == Task.owner_institution_id)
            .where(Task.partnership_id == bindparam("partnership_id"), Task.status.in_(OPEN_TASK_STATUSES))
            .group_by(Institution.name).order_by(func.sum(is_overdue).desc(), Institution.name))


def open_tasks(partnership, before=None):
    """The PZK's open tasks its agendas carry over (those of meetings held ``before`` a day, when
    given). A task a team around a family gave an institution stays out: it concerns one family,
    and every member institution reads the agenda."""
    values = {"partnership_id": partnership.id, "before": before}
    return db.session.scalars(_open_tasks_statement(before is not None), values).unique().all()


@functools.cache
def _open_tasks_statement(of_earlier_meetings):
    team_tasks = select(CaseTeamDecision.task_id).where(CaseTeamDecision.task_id.is_not(None))
    statement = (select(Task).where(Task.partnership_id == bindparam("partnership_id"),
                                    Task.status.in_(OPEN_TASK_STATUSES), Task.id.not_in(team_tasks))
                 .order_by(Task.due_on.is_(None), Task.due_on, Task.id))
    if of_earlier_meetings:
        statement = statement.join(Decision, Decision.id == Task.decision_id).join(
            Meeting, Meeting.id == Decision.meeting_id).where(Meeting.held_on < bindparam("before"))
    return statement


def membership_changes(partnership):
    """[(date, 'joined'|'left', institution)] newest first."""
    events = []
    for institution in institutions_of(partnership):
        if institution.joined_on:
            events.append((institution.joined_on, "joined", institution))
        if institution.left_on:
            events.append((institution.left_on, "left", institution))
    return sorted(events, key=lambda e: e[0], reverse=True)


def agenda_for(profile, meeting_type, carried_tasks):
    """A new meeting's agenda: the model's template, then every task still open."""
    template = next((t.agenda for t in profile.meeting_types if t.key == meeting_type), ())
    lines = [f"{n}. {item}" for n, item in enumerate(template, 1)]
    if carried_tasks:
        lines += ["", f"{_(CARRY_OVER_HEADING)}:"]
        lines += [f"- {task_line(t)}" for t in carried_tasks]
    return "\n".join(lines)


def task_line(task):
    owner = task.owner_institution.name if task.owner_institution else _("bez instytucji")
    due = f", {_('termin')} {day(task.due_on)}" if task.due_on else ""
    return f"{task.title} ({owner}{due})"


def save_attendance(partnership, meeting, statuses, representatives):
    """``statuses``: {institution id: present|delegate|absent} for the members on the meeting day."""
    ensure_open(meeting)
    existing = {a.institution_id: a for a in meeting.attendance}
    for institution in members_on(partnership, meeting.held_on):
        status = statuses.get(institution.id, "absent")
        row = existing.get(institution.id)
        if row is None:
            row = Attendance(municipality_id=meeting.municipality_id, institution_id=institution.id)
            meeting.attendance.append(row)
        row.status, row.representative = status, (representatives.get(institution.id) or None)
    record("attendance_saved", meeting)


def add_decision(meeting, text, task=None):
    ensure_open(meeting)
    number = len(meeting.decisions) + 1
    decision = Decision(municipality_id=meeting.municipality_id, number=number, text=text)
    meeting.decisions.append(decision)
    if task:
        decision.tasks.append(new_task(meeting.partnership_id, meeting.municipality_id, task))
    db.session.flush()
    record("decision_added", decision)
    return decision


def new_task(partnership_id, municipality_id, values):
    """A task of the PZK's for one of its institutions: from a decision of its meeting
    (:func:`add_decision`) or of a team around a family (kooperacje.teams)."""
    return Task(municipality_id=municipality_id, partnership_id=partnership_id, **values)


def set_task_status(task, status, meeting=None, today=None):
    if meeting is not None:
        ensure_open(meeting)  # closing a task at a meeting changes that meeting's protocol
    task.status = status
    if status in OPEN_TASK_STATUSES:
        task.closed_on = task.closed_at_meeting_id = None
    else:
        task.closed_on = meeting.held_on if meeting else today
        task.closed_at_meeting_id = meeting.id if meeting else None
    record("task_status", task, detail=status)


def delete_meeting(partnership, meeting, today):
    """Delete a meeting whose protocol is not approved. Returns the ids of the cancellations
    queued for the institutions it was sent to (the caller commits, then enqueues them)."""
    ensure_open(meeting)  # a signed protocol and its number stay
    cancellations = cancel_invitations(partnership, meeting, today)
    for decision in meeting.decisions:
        for task in decision.tasks:
            task.decision_id = None  # the tasks stay; only their origin goes
    for task in db.session.scalars(select(Task).where(Task.closed_at_meeting_id == meeting.id)):
        task.closed_at_meeting_id = None
    record("meeting_deleted", meeting, detail=str(meeting.held_on))
    db.session.delete(meeting)
    db.session.flush()
    return [mail.id for mail in cancellations]


# --- saves from the forms (each with its audit record; the caller commits) -----------------

def save_partnership(partnership, municipality_id, model_key, values, model_data):
    """The PZK's settings; ``partnership`` None forms the team."""
    partnership = partnership or Partnership(municipality_id=municipality_id, model_key=model_key)
    return _save(partnership, {**values, "model_data": model_data}, "partnership_saved")


def save_institution(institution, partnership, values):
    """A member institution's record; ``institution`` None adds one to the team."""
    institution = institution or Institution(municipality_id=partnership.municipality_id,
                                             partnership_id=partnership.id)
    return _save(institution, values, "institution_saved")


def save_meeting(meeting, partnership, values, model_data):
    """A meeting and its minutes; ``meeting`` None plans a new one."""
    if meeting is not None:
        ensure_open(meeting)
    meeting = meeting or Meeting(municipality_id=partnership.municipality_id, partnership_id=partnership.id)
    return _save(meeting, {**values, "model_data": model_data}, "meeting_saved")


def add_offer(institution, values):
    """A service an institution offers, into the PZK's basket of services."""
    return _save(ServiceOffer(municipality_id=institution.municipality_id, institution=institution), values,
                 "offer_added")


def delete_offer(offer):
    record("offer_deleted", offer)
    db.session.delete(offer)


def _save(row, values, action, detail=None):
    db.session.add(row)
    for name, value in values.items():
        setattr(row, name, value)
    db.session.flush()  # a stale version fails here, before the audit record (versions.save_versioned)
    record(action, row, detail=detail)
    return row


# --- the minutes: draft -> sent for remarks -> approved (frozen) ------------------------------

class ProtocolApproved(Exception):
    """A change to a meeting whose protocol is approved: the signed protocol stays as it is."""

    def __init__(self, meeting):
        super().__init__(f"meeting {meeting.id}: protocol approved")
        self.meeting = meeting


def is_approved(meeting):
    return meeting.minutes_status == APPROVED


def ensure_open(meeting):
    """Refuse any change to an approved meeting (its attendance, decisions, minutes)."""
    if is_approved(meeting):
        raise ProtocolApproved(meeting)


def send_for_remarks(partnership, meeting, due_on):
    """The draft goes to the members, who have until ``due_on``; sending again moves the deadline.
    The members' representatives with an account are told in the app (they remark in their portal)."""
    from kooperacje.users.service import active_partner_accounts  # users.service imports this module's users

    ensure_open(meeting)
    saved = _save(meeting, {"minutes_status": SENT_FOR_REMARKS, "remarks_due_on": due_on},
                  "minutes_sent_for_remarks", detail=f"due:{due_on.isoformat()}")
    members = [i.id for i in members_on(partnership, meeting.held_on)]
    notify(meeting.municipality_id, active_partner_accounts(members), "minutes_for_remarks", "partners.meeting",
           about_day=due_on, meeting_id=meeting.id, _anchor="uwagi")
    return saved


def add_remark(meeting, institution, author_name, text, user):
    """A member's remark as received; without a name typed, the person recording it is its author."""
    ensure_open(meeting)
    remark = MeetingRemark(municipality_id=meeting.municipality_id, institution=institution,
                           author_name=author_name or user.full_name, text=text, recorded_by_id=user.id)
    meeting.remarks.append(remark)
    db.session.flush()
    record("minutes_remark_added", remark)
    return remark


def approve_meeting(partnership, meeting, user, today, centre):
    """Approve the minutes: the next number of the meeting's year, and the snapshot the protocol
    is printed from from now on. The caller runs this through versions.save_versioned, which
    turns a rival approval (StaleDataError) or a number taken meanwhile (IntegrityError on the
    unique constraint) into SavedMeanwhile with nothing of ours written."""
    ensure_open(meeting)
    meeting.minutes_status, meeting.approved_on, meeting.approved_by_id = APPROVED, today, user.id
    # The status is written first: the version check fails here for a second approval of the same
    # meeting, and on SQLite the write lock is now held, so the number below is read under it.
    db.session.flush()
    meeting.protocol_year = meeting.held_on.year
    meeting.protocol_number = next_protocol_number(meeting.municipality_id, meeting.protocol_year)
    meeting.protocol_snapshot = protocol_snapshot(partnership, meeting, centre)
    db.session.flush()
    record("minutes_approved", meeting, detail=f"number:{protocol_label(meeting)}")
    return meeting


def next_protocol_number(municipality_id, year):
    last = db.session.scalar(select(func.max(Meeting.protocol_number)).where(
        Meeting.municipality_id == municipality_id, Meeting.protocol_year == year))
    return (last or 0) + 1


def protocol_label(meeting):
    """"7/2026", or None before approval."""
    return f"{meeting.protocol_number}/{meeting.protocol_year}" if meeting.protocol_number else None


def protocol_of(partnership, meeting, centre):
    """What the protocol prints: the frozen snapshot once approved, else computed now (a draft).
    One shape, so the DOCX has one builder and a draft cannot drift from a signed protocol."""
    if is_approved(meeting) and meeting.protocol_snapshot:
        return meeting.protocol_snapshot
    return protocol_snapshot(partnership, meeting, centre)


@statutory_document  # the labels it stores are the printed (Polish) ones, whoever approves
def protocol_snapshot(partnership, meeting, centre):
    """Everything the protocol prints, as plain JSON values (dates as ISO text): the labels of
    vocabularies, institutions' names, the quorum as counted today; nothing is looked up later."""
    profile = profile_of(partnership)
    q = quorum(partnership, meeting)
    closed = db.session.scalars(select(Task).where(Task.closed_at_meeting_id == meeting.id).order_by(Task.id)).all()
    return {
        "status": meeting.minutes_status, "number": protocol_label(meeting), "approved_on": _iso(meeting.approved_on),
        "remarks_due_on": _iso(meeting.remarks_due_on), "centre": centre.full_name,
        "body_name": str(profile.body_name), "legal_basis": legal_basis("pzk_protocol"),
        "meeting_type": meeting_type_name(profile, meeting.meeting_type), "held_on": meeting.held_on.isoformat(),
        "place": meeting.place, "mode": str(MEETING_MODES.get(meeting.mode, meeting.mode)), "chair": meeting.chair,
        "attendance": [{"institution": a.institution.name, "representative": a.representative or "",
                        "status": str(ATTENDANCE[a.status])}
                       for a in sorted(meeting.attendance, key=lambda a: a.institution.name)],
        "quorum": {"present": q.present, "members": q.members, "required": q.required, "met": q.met},
        "agenda": meeting.agenda or "", "minutes": meeting.minutes or "",
        "model_fields": [[str(label), text] for label, text in model_field_texts(profile.meeting_fields,
                                                                                 meeting.model_data)],
        "decisions": [{"number": d.number, "text": d.text, "tasks": [_task_facts(t) for t in d.tasks]}
                      for d in meeting.decisions],
        "carried_tasks": [_task_facts(t) for t in open_tasks(partnership, before=meeting.held_on)],
        "closed_tasks": [_task_facts(t) for t in closed],
        "remarks": [{"institution": r.institution.name if r.institution else None, "author": r.author_name,
                     "text": r.text, "recorded_at": r.created_at.isoformat()} for r in meeting.remarks],
        "next_meeting_on": _iso(meeting.next_meeting_on),
    }


def _task_facts(task):
    return {"title": task.title, "institution": task.owner_institution.name if task.owner_institution else None,
            "person": task.owner_person, "status": str(TASK_STATUSES[task.status]), "due_on": _iso(task.due_on)}


def _iso(value):
    return value.isoformat() if value else None


# --- the invitation: to every member institution's contact, with an .ics ---------------------

class InvitationRefused(Exception):
    """The invitation cannot go now; ``message`` says why, in the user's language."""

    def __init__(self, meeting, message):
        super().__init__(f"meeting {meeting.id}: invitation refused")
        self.meeting, self.message = meeting, message


#: what an invitation says that a later sending compares: its term, its place, its agenda
INVITATION_FACTS = {"term": ("held_on", "starts_at"), "place": ("place", "mode"), "agenda": ("agenda",)}


@dataclass(frozen=True)
class InvitationPlan:
    """Who gets the invitation if it is sent now. ``send``: [(address, [institutions])] not yet
    holding this wording; ``updated``: those of them invited before (their mail says what
    changed); ``current``: institutions already holding it; ``changes``: the INVITATION_FACTS
    keys changed since the last sending, which raise the SEQUENCE."""

    sequence: int
    changes: tuple
    send: list
    updated: frozenset
    current: list
    without_email: list


def invitation_plan(partnership, meeting):
    last = meeting.invitations[-1] if meeting.invitations else None
    changes = tuple(key for key, names in INVITATION_FACTS.items()
                    if last is not None and any(getattr(last, n) != getattr(meeting, n) for n in names))
    sequence = 0 if last is None else last.sequence + (1 if changes else 0)
    sent = _invitation_keys(meeting)
    by_address, without_email = {}, []
    for institution in members_on(partnership, meeting.held_on):
        address = (institution.contact_email or "").strip().lower()
        if address:
            by_address.setdefault(address, []).append(institution)
        else:
            without_email.append(institution)
    send = [(a, group) for a, group in by_address.items() if _invitation_key(meeting, sequence, a) not in sent]
    current = [i for a, group in by_address.items() if a not in dict(send) for i in group]
    updated = frozenset(a for a, _group in send
                        if any(_invitation_key(meeting, n, a) in sent for n in range(sequence)))
    return InvitationPlan(sequence, changes, send, updated, current, without_email)


def _invitation_key(meeting, sequence, address):
    # the address hashed: the key identifies a sending without keeping a person's e-mail in it
    return f"invitation:{meeting.id}:{sequence}:{hashlib.sha256(address.encode()).hexdigest()[:32]}"


def _invitation_keys(meeting):
    return set(db.session.scalars(select(SentReminder.key).where(
        SentReminder.key.startswith(f"invitation:{meeting.id}:", autoescape=True))))


def invitation_refusal(meeting, plan, today):
    """Why the invitation cannot go now, or None."""
    if is_approved(meeting):
        return _("Protokół tego spotkania jest zatwierdzony: zaproszenia na nie już się nie wysyła.")
    if meeting.held_on < today:
        return _("Zaproszenie wysyła się tylko na spotkanie zaplanowane: to spotkanie już się odbyło.")
    if contains_pesel(f"{meeting.place or ''}\n{invitation_agenda(meeting.agenda)}"):  # what the e-mail says
        return _("Miejsce lub porządek obrad zawiera numer PESEL. Usuń go przed wysłaniem zaproszenia.")
    if not plan.send and not plan.current:
        return _("Żadna instytucja członkowska nie ma adresu e-mail. Uzupełnij adresy w danych instytucji.")
    if not plan.send:
        return _("Zaproszenie w tym brzmieniu już wysłano wszystkim instytucjom. Można je wysłać ponownie "
                 "po zmianie terminu, miejsca lub porządku obrad.")
    return None


def send_invitation(partnership, meeting, user, today):
    """Queue one e-mail with the .ics per address (the caller commits and enqueues them); each
    address's key for this wording is written with it, so no sending is repeated, even two
    clicks at once (the second fails on the key and is refused)."""

    plan = invitation_plan(partnership, meeting)
    refusal = invitation_refusal(meeting, plan, today)
    if refusal:
        raise InvitationRefused(meeting, refusal)
    sender = parseaddr(current_app.config["MAIL_DEFAULT_SENDER"])[1]
    mails = []
    for address, _institutions in plan.send:
        db.session.add(SentReminder(key=_invitation_key(meeting, plan.sequence, address)))
        subject, body = invitation_text(meeting, plan.changes if address in plan.updated else ())
        ics = invitation_ics(meeting, plan.sequence, sender, address)
        mails.append(queue_mail(address, subject, body, ("zaproszenie.ics", invitation_type("REQUEST"), ics)))
    invitation = MeetingInvitation(
        municipality_id=meeting.municipality_id, sequence=plan.sequence, sent_by_id=user.id,
        institutions=sum(len(group) for _address, group in plan.send),
        **{name: getattr(meeting, name) for names in INVITATION_FACTS.values() for name in names})
    meeting.invitations.append(invitation)
    try:
        db.session.flush()
    except IntegrityError:
        db.session.rollback()
        raise InvitationRefused(meeting, _("Zaproszenie właśnie wysłano z innego okna.")) from None
    record("invitation_sent", meeting, detail=f"sequence:{plan.sequence};institutions:{invitation.institutions}")
    return [m.id for m in mails]


def invitation_recipients(partnership, meeting):
    """The addresses holding an invitation to ``meeting`` in any wording, as the institutions'
    contacts read now (the keys keep only their hashes)."""
    sent = _invitation_keys(meeting)
    sequences = range(meeting.invitations[-1].sequence + 1) if meeting.invitations else ()
    addresses = {(i.contact_email or "").strip().lower() for i in db.session.scalars(
        select(Institution).where(Institution.partnership_id == partnership.id))}
    return sorted(a for a in addresses if a and any(_invitation_key(meeting, n, a) in sent for n in sequences))


def cancel_invitations(partnership, meeting, today):
    """Queue the cancellation of a planned meeting for every address its invitation reached: a
    METHOD:CANCEL .ics with the invitation's UID and a higher SEQUENCE, which takes the entry out
    of their calendars. A meeting already held, or never sent, has nothing to cancel."""
    if not meeting.invitations or meeting.held_on < today:
        return []
    sequence = meeting.invitations[-1].sequence + 1
    sender = parseaddr(current_app.config["MAIL_DEFAULT_SENDER"])[1]
    subject, body = cancellation_text(meeting)
    mails = [queue_mail(address, subject, body, ("odwolanie.ics", invitation_type("CANCEL"),
                                                 invitation_ics(meeting, sequence, sender, address, method="CANCEL")))
             for address in invitation_recipients(partnership, meeting)]
    record("invitation_cancelled", meeting, detail=f"sequence:{sequence};addresses:{len(mails)}")
    return mails


def cancellation_text(meeting):
    """(subject, body) of the cancellation, in the default language like the invitation."""
    with force_locale(current_app.config["BABEL_DEFAULT_LOCALE"]):
        when = day(meeting.held_on)
        term = f"{when}, {_('godz.')} {meeting.starts_at:%H:%M}" if meeting.starts_at else when
        body = [_("Dzień dobry,"), "", _("Spotkanie Zespołu PZK zaplanowane na %(term)s zostało odwołane.", term=term),
                "", _("W załączniku plik .ics: otwarty, usunie spotkanie z kalendarza."), "",
                _("Wiadomość wysłana automatycznie; nie zawiera danych osobowych.")]
        return _("Odwołanie spotkania Zespołu PZK %(day)s", day=when), "\n".join(body)


def invitation_text(meeting, changes=()):
    """(subject, body) in the default language, whoever sends it: the day, time, place, mode,
    agenda and the meeting's link; no person, no task's title."""
    with force_locale(current_app.config["BABEL_DEFAULT_LOCALE"]):
        return _invitation_text(meeting, changes)


def _invitation_text(meeting, changes):
    when = day(meeting.held_on)
    if not changes:
        subject = _("Zaproszenie na spotkanie Zespołu PZK %(day)s", day=when)
        opening = [_("Zapraszamy na spotkanie Zespołu PZK.")]
    else:
        subject = (_("Zmiana terminu spotkania Zespołu PZK %(day)s", day=when) if "term" in changes
                   else _("Zmiana zaproszenia na spotkanie Zespołu PZK %(day)s", day=when))
        opening = [_("To jest zmiana wcześniejszego zaproszenia na spotkanie Zespołu PZK.")]
        opening += [str(INVITATION_CHANGES[key]) for key in changes]
    term = f"{when}, {_('godz.')} {meeting.starts_at:%H:%M}" if meeting.starts_at else when
    agenda = invitation_agenda(meeting.agenda)
    body = [_("Dzień dobry,"), "", *opening, "",
            f"{_('Termin')}: {term}", f"{_('Miejsce')}: {meeting.place or '—'}",
            f"{_('Forma')}: {MEETING_MODES.get(meeting.mode, meeting.mode)}", "",
            f"{_('Porządek obrad')}:", agenda or "—", "",
            _("W załączniku zaproszenie do kalendarza (plik .ics); otwarte, dopisze spotkanie do kalendarza "
              "albo zmieni wpis z wcześniejszego zaproszenia."), "",
            # the meeting's page, as in the reminders: an address with a number, nothing personal
            _("Szczegóły zobaczysz po zalogowaniu do aplikacji Kooperacje: %(link)s",
              link=external_url("partnership.meeting", {"meeting_id": meeting.id})), "",
            _("Wiadomość wysłana automatycznie; nie zawiera danych osobowych.")]
    return subject, "\n".join(body)


#: the line an updated invitation has for each of the INVITATION_FACTS that changed
INVITATION_CHANGES = {"term": _l("Zmienił się termin spotkania."),
                      "place": _l("Zmieniło się miejsce lub forma spotkania."),
                      "agenda": _l("Zmienił się porządek obrad.")}


def invitation_agenda(agenda):
    """The agenda as the members read it: without the list of tasks in progress that
    :func:`agenda_for` appends (task titles and owners stay in the app, as in reminders)."""
    headings = set()
    for language in current_app.config["LANGUAGES"]:  # the agenda was written in its author's language
        with force_locale(language):
            headings.add(f"{_(CARRY_OVER_HEADING)}:")
    lines, skipping = [], False
    for line in (agenda or "").splitlines():
        if line.strip() in headings:
            skipping = True
        elif skipping and not line.strip():
            skipping = False
        elif not skipping:
            lines.append(line)
    return "\n".join(lines).strip()
