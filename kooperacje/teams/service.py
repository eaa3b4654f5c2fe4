"""The team around a family: who may read it (one rule, :func:`readable_team`), its profile in
the municipality's model, and every write with its audit record."""
from flask import abort
from sqlalchemy import select

from kooperacje.audit.models import record
from kooperacje.auth.models import User, with_role
from kooperacje.auth.permissions import Role, can
from kooperacje.clock import local_today
from kooperacje.consents.service import covering
from kooperacje.contracts.models import Contract
from kooperacje.contracts.vocabulary import ACTIVE_CONTRACT_STATUSES
from kooperacje.database import get_or_404
from kooperacje.extensions import db
from kooperacje.municipalities.models import Municipality
from kooperacje.notifications.service import notify
from kooperacje.partners.service import current_institution
from kooperacje.plugins import get_plugins
from kooperacje.teams.models import CaseTeam, CaseTeamDecision, CaseTeamMeeting, CaseTeamMember
from kooperacje.teams.vocabulary import DEFAULT_TEAM_NAME, MISSING_SERVICE, TEAM_CONSENT_SCOPE


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
    return [team for team in teams if is_partner_member(team, user)]


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


def contract_in_force(client):
    """The case's contract being carried out (signed or started), the latest, or None."""
    return db.session.scalar(select(Contract).where(Contract.client_id == client.id,
                                                    Contract.status.in_(ACTIVE_CONTRACT_STATUSES))
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


def coordinator_ids():
    return db.session.scalars(with_role(select(User.id).where(User.active.is_(True)), Role.COORDINATOR)).all()


def today():
    return local_today()
