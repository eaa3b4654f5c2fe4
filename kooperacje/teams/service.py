"""The team around a family: who may read it (one rule, :func:`readable_team`), its profile in
the municipality's model, and every write with its audit record."""
from flask import abort
from sqlalchemy import select, update

from kooperacje.audit.models import forget_case_accesses, record
from kooperacje.auth.models import User, with_role
from kooperacje.auth.permissions import Role, can
from kooperacje.clock import day, local_today
from kooperacje.consents.service import covering
from kooperacje.contracts import service as contracts
from kooperacje.contracts.models import Contract
from kooperacje.database import get_or_404
from kooperacje.extensions import db
from kooperacje.i18n import gettext as _
from kooperacje.municipalities.models import Municipality
from kooperacje.notifications.service import notify
from kooperacje.partners.service import current_institution, member_institutions
from kooperacje.partnership import service as pzk
from kooperacje.plugins import get_plugins
from kooperacje.teams.models import CaseTeam, CaseTeamDecision, CaseTeamMeeting, CaseTeamMember
from kooperacje.teams.vocabulary import (APPLIED_KINDS, CONTRACT_ACTION, CURRENT_CONTRACT_STATUSES, DEFAULT_TEAM_NAME,
                                         MISSING_SERVICE, TEAM_CONSENT_SCOPE)

# --- reading: the one access rule -------------------------------------------------------------

def readable_team(team_id, user):
    """The team ``user`` may read, or 404: the case's staff (clients.read) read every team of
    their municipality; a partner account only a team it is a current member of, and only while
    the family's consent lets its institution have the diagnosis and plan (consents.covering).
    Anyone else — another partner, another municipality — gets the same 404."""
    team = get_or_404(CaseTeam, team_id)
    if can("clients.read", user):
        return team
    if user.role_enum is Role.PARTNER and is_partner_member(team, user):
        return team
    forget_case_accesses()
    abort(404)


def is_partner_member(team, user):
    member = db.session.scalar(select(CaseTeamMember).where(
        CaseTeamMember.team_id == team.id, CaseTeamMember.user_id == user.id, CaseTeamMember.left_on.is_(None)))
    institution = current_institution(user)  # None once the institution has left the PZK
    if member is None or institution is None:
        return False
    return covering(team.client, institution.id, TEAM_CONSENT_SCOPE) is not None


def teams_of_partner(user):
    """The open teams a partner account may read (see :func:`readable_team`), newest first."""
    teams = db.session.scalars(select(CaseTeam).join(CaseTeamMember, CaseTeamMember.team_id == CaseTeam.id)
                               .where(CaseTeamMember.user_id == user.id, CaseTeamMember.left_on.is_(None),
                                      CaseTeam.closed_on.is_(None))
                               .order_by(CaseTeam.formed_on.desc(), CaseTeam.id.desc())).unique().all()
    readable = [team for team in teams if is_partner_member(team, user)]
    forget_case_accesses(keep={team.client_id for team in readable})
    return readable


def readable_meeting(meeting_id, user):
    meeting = get_or_404(CaseTeamMeeting, meeting_id)
    readable_team(meeting.team_id, user)
    return meeting


def team_of(client):
    """The case's team not closed, or None."""
    return db.session.scalar(select(CaseTeam).where(CaseTeam.client_id == client.id, CaseTeam.closed_on.is_(None))
                             .order_by(CaseTeam.id.desc()))


def profile_for(municipality_id):
    """The municipality's model's CaseTeamProfile, or None (no model chosen, or it gives none)."""
    municipality = db.session.get(Municipality, municipality_id)
    key = municipality.model_key if municipality is not None else None
    return get_plugins().case_team_profile(key) if key else None


def default_name(profile):
    return str(profile.name) if profile is not None else str(DEFAULT_TEAM_NAME)


def current_contract(client):
    """The case's latest contract still prepared or carried out (the one a decision goes to), or None."""
    return db.session.scalar(select(Contract).where(Contract.client_id == client.id,
                                                    Contract.status.in_(CURRENT_CONTRACT_STATUSES))
                             .order_by(Contract.number.desc()))


def account_choices():
    """The municipality's staff and partner accounts that may join a team, as (id, label)."""
    users = db.session.scalars(with_role(select(User).where(User.active.is_(True)),
                                         Role.WORKER, Role.HEAD, Role.COORDINATOR, Role.PARTNER)
                               .order_by(User.full_name)).all()
    return [(u.id, u.full_name) for u in users]


# --- writes -----------------------------------------------------------------------------------

def form_team(client, name, formed_on, user):
    team = CaseTeam(municipality_id=client.municipality_id, client_id=client.id, client=client, name=name,
                    formed_on=formed_on, created_by_id=user.id)
    db.session.add(team)
    db.session.flush()
    record("case_team_formed", team, user=user)
    return team


def update_team(team, name, formed_on, closed_on, user):
    team.name, team.formed_on, team.closed_on = name, formed_on, closed_on
    record("case_team_updated", team, user=user)


def add_member(team, values, user):
    member = CaseTeamMember(municipality_id=team.municipality_id, team_id=team.id, **values)
    db.session.add(member)
    db.session.flush()
    record("case_team_member_added", team, user=user, detail=f"member:{member.id}")
    return member


def member_leaves(member, left_on, user):
    member.left_on = left_on
    record("case_team_member_left", member.team, user=user, detail=f"member:{member.id}")


def record_meeting(team, held_on, present_ids, notes, decisions_text, decisions, user):
    """The meeting and its decisions; a missing service is reported to the PZK's coordinators
    at once, in words that name nobody (the notification's text is the kind's own)."""
    meeting = CaseTeamMeeting(municipality_id=team.municipality_id, team_id=team.id, client_id=team.client_id,
                              held_on=held_on, present_member_ids=sorted(present_ids), notes=notes,
                              decisions=decisions_text, author_id=user.id)
    db.session.add(meeting)
    db.session.flush()
    for text, kind in decisions:
        db.session.add(CaseTeamDecision(municipality_id=team.municipality_id, meeting_id=meeting.id, text=text,
                                        kind=kind))
    record("case_team_meeting_recorded", meeting, user=user)
    if any(kind == MISSING_SERVICE for _text, kind in decisions):
        notify(team.municipality_id, coordinator_ids(), "team_missing_service", "partnership.basket",
               about_day=held_on)
    return meeting


# --- decisions carried out: a contract action or a partner task -------------------------------

class DecisionRefused(Exception):
    """Why a decision cannot be carried out (the message says what to do)."""


def may_apply(team, user):
    """Who turns the team's decisions into actions and tasks: the case's worker, or the worker
    who formed the team and leads it."""
    return can("clients.edit", user) and user.id in (team.client.worker_id, team.created_by_id)


def decision_refusal(decision, user):
    """Why ``user`` cannot carry out ``decision`` now (a message), or None."""
    team = decision.meeting.team
    if not may_apply(team, user):
        return _("Ustalenia zespołu przenosi do kontraktu lub zadań pracownik prowadzący sprawę albo pracownik, "
                 "który powołał zespół.")
    if decision.applied:
        return applied_message(decision)
    if decision.kind not in APPLIED_KINDS:
        return _("Brak usługi zgłoszono już koordynatorowi PZK: to ustalenie nie staje się działaniem ani zadaniem.")
    if decision.kind == CONTRACT_ACTION:
        return contracts.action_refusal(current_contract(team.client))
    if not task_members(team):
        return _("Żaden obecny członek zespołu nie reprezentuje instytucji z PZK. Dopisz do zespołu osobę z "
                 "instytucji partnerskiej i wskaż jej instytucję, a potem przekaż jej zadanie.")
    return None


def applied_message(decision):
    if decision.contract_action_id:
        return _("To ustalenie przeniesiono już do kontraktu socjalnego nr %(number)d jako działanie nr "
                 "%(position)d (%(day)s). Drugi raz nie można go przenieść.",
                 number=decision.contract_action.contract.number, position=decision.contract_action.position,
                 day=day(decision.applied_on))
    return _("To ustalenie przekazano już jako zadanie instytucji %(institution)s (%(day)s). Drugi raz nie można "
             "go przekazać.", institution=decision.task.owner_institution.name, day=day(decision.applied_on))


def task_members(team):
    """The team's current members who speak for an institution of the PZK today: who may get a task."""
    institutions = {i.id for i in member_institutions()}
    return [m for m in team.current_members if m.institution_id in institutions]


def action_institutions():
    return [(i.id, i.name) for i in member_institutions()]


def _claim(decision, user):
    """Mark the decision carried out, once: of two requests at the same time only the first one's
    update finds it not yet applied (the other is refused, nothing of it is kept)."""
    claimed = db.session.execute(update(CaseTeamDecision).where(
        CaseTeamDecision.id == decision.id, CaseTeamDecision.applied_on.is_(None))
        .values(applied_on=local_today(), applied_by_id=user.id)).rowcount
    if claimed != 1:
        db.session.rollback()
        raise DecisionRefused(applied_message(db.session.get(CaseTeamDecision, decision.id)))
    db.session.refresh(decision)


def to_contract_action(decision, values, user):
    """The decision as a new action of the case's current contract (contracts.service decides
    how: into a draft's part I, or by amendment to a signed contract)."""
    meeting = decision.meeting
    contract = current_contract(meeting.team.client)
    _claim(decision, user)
    origin = lambda: _("Na podstawie ustalenia zespołu wokół rodziny ze spotkania z dnia %(day)s.",  # noqa: E731
                       day=day(meeting.held_on))
    action, amendment = contracts.add_action(contract, values, local_today(), user, origin)
    decision.contract_action_id, decision.amendment_id = action.id, amendment.id if amendment else None
    db.session.flush()
    record("case_team_decision_applied", meeting, user=user, detail=f"decision:{decision.id};action:{action.id}")
    return action, amendment


def to_partner_task(decision, member, title, due_on, user):
    """The decision as a PZK task of the member's institution, as any task its portal shows."""
    meeting = decision.meeting
    partnership = pzk.current_partnership()
    _claim(decision, user)
    task = pzk.new_task(partnership.id, meeting.municipality_id, {
        "title": title, "owner_institution_id": member.institution_id, "owner_person": member.display_name,
        "due_on": due_on})
    db.session.add(task)
    db.session.flush()
    decision.task_id = task.id
    db.session.flush()
    record("task_added", task, user=user)
    record("case_team_decision_applied", meeting, user=user, detail=f"decision:{decision.id};task:{task.id}")
    return task


def coordinator_ids():
    return db.session.scalars(with_role(select(User.id).where(User.active.is_(True)), Role.COORDINATOR)).all()


def today():
    return local_today()
