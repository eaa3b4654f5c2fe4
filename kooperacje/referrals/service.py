"""Referrals: sending one from a client's case, the partner institution's answer and outcome,
and the reads of each side. A partner reads only their own institution's referrals, and the
person's name only while :func:`kooperacje.consents.service.covering` finds a consent on the
day of reading: no other check of consent is made here. Every write comes with its audit record
and the in-app notifications it owes (neutral words, never a name)."""
from datetime import timedelta

from flask import abort
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from kooperacje.audit.models import record
from kooperacje.auth.models import Membership, User
from kooperacje.auth.permissions import Role
from kooperacje.clients.models import Person
from kooperacje.clock import local_today, to_local, utcnow
from kooperacje.consents.service import covering, visible_client_ids
from kooperacje.database import get_or_404
from kooperacje.extensions import db
from kooperacje.ids import MAX_ID
from kooperacje.notifications.service import notify
from kooperacje.partners.service import member_institutions
from kooperacje.users.service import active_partner_accounts
from kooperacje.partnership.models import Institution, ServiceOffer
from kooperacje.referrals.models import Referral
from kooperacje.referrals.vocabulary import (ACCEPTED, ANSWER_DAYS, ANSWERED_STATES, COMPLETED, CONSENT_SCOPE,
                                             DECLINED, SENT)

APPLICANT = "applicant"


def default_answer_by(today=None):
    return (today or local_today()) + timedelta(days=ANSWER_DAYS)


# --- choices of the worker's form ------------------------------------------------------------

def institution_choices():
    """(id, name) of the municipality's current PZK members, the only institutions one refers to."""
    return [(i.id, i.name) for i in sorted(member_institutions(), key=lambda i: i.name)]


def offer_choices(institution_ids):
    """{offer id: (institution id, label)} of the members' offers in the local basket that run
    today (an expired one stays in the basket, marked, but takes no new referral)."""
    if not institution_ids:
        return {}
    rows = db.session.execute(select(ServiceOffer.id, ServiceOffer.institution_id, ServiceOffer.service,
                                     Institution.name).join(Institution)
                              .where(ServiceOffer.institution_id.in_(institution_ids),
                                     ServiceOffer.in_force(local_today()))
                              .order_by(Institution.name, ServiceOffer.service)).all()
    return {row.id: (row.institution_id, f"{row.service} ({row.name})") for row in rows}


# --- consent ---------------------------------------------------------------------------------

def consent_for(client, institution_id):
    """The consent by which the institution may have the client's data for a referral today, or None."""
    return covering(client, institution_id, CONSENT_SCOPE)


def shown_name(referral):
    """The person's name as the institution may read it now, or None (no consent in force)."""
    client = referral.client
    if consent_for(client, referral.institution_id) is None or client.applicant is None:
        return None
    return client.applicant.full_name


# --- the worker's side -----------------------------------------------------------------------

def referrals_of(client):
    return db.session.scalars(select(Referral).where(Referral.client_id == client.id)
                              .options(selectinload(Referral.institution), selectinload(Referral.service_offer))
                              .order_by(Referral.created_at.desc(), Referral.id.desc())).all()


def send(client, institution_id, offer_id, purpose, ask, answer_by, user):
    referral = Referral(municipality_id=client.municipality_id, client_id=client.id, institution_id=institution_id,
                        service_offer_id=offer_id or None, purpose=purpose, ask=ask, answer_by=answer_by,
                        state=SENT, created_by_id=user.id)
    db.session.add(referral)
    db.session.flush()
    with_data = consent_for(client, institution_id) is not None
    record("referral_sent", referral, detail=f"institution:{institution_id};consent:{'yes' if with_data else 'no'}")
    notify(referral.municipality_id, active_partner_accounts([institution_id]), "referral_received", "referrals.partner_view",
           about_day=referral.answer_by, referral_id=referral.id)
    return referral


def _notify_worker(referral, kind, about_day):
    """The case's worker (the one who sent it, while the case has none) hears of the answer."""
    worker_id = referral.client.worker_id or referral.created_by_id
    if worker_id is not None:
        notify(referral.municipality_id, [worker_id], kind, "referrals.view", about_day=about_day,
               referral_id=referral.id)


# --- the partner's side ----------------------------------------------------------------------

def own_referral_or_404(institution, referral_id):
    """The institution's own referral; another institution's answers 404, as if it did not exist.
    The owner is read first as a bare column: loading another's case record would audit an access."""
    valid = referral_id is not None and 0 < referral_id <= MAX_ID
    owner = db.session.scalar(select(Referral.institution_id).where(Referral.id == referral_id)) if valid else None
    if owner is None or owner != institution.id:
        abort(404)
    return get_or_404(Referral, referral_id)


def own_referral_ids(institution):
    """A select of the ids of the institution's referrals (for keyset_page)."""
    return select(Referral.id).where(Referral.institution_id == institution.id)


def partner_rows(institution, ids):
    """The rows of the institution's list for the referral ids of one page: columns only (no
    case record is loaded for a person whose data the institution may not see), the applicant's
    name for the cases :func:`visible_client_ids` lets it read today, None for the others."""
    rows = db.session.execute(_columns().where(Referral.id.in_(ids), Referral.institution_id == institution.id)
                              .order_by(Referral.id.desc())).all() if ids else []
    visible = visible_client_ids(institution.id, CONSENT_SCOPE)
    named = db.session.scalars(select(Person).where(
        Person.relation == APPLICANT, Person.client_id.in_({row.client_id for row in rows}),
        Person.client_id.in_(visible))).all() if rows else []  # loading them audits the access
    names = {person.client_id: person.full_name for person in named}
    return [(row, names.get(row.client_id)) for row in rows]


def _columns():
    return (select(Referral.id, Referral.client_id, Referral.institution_id, Referral.state, Referral.answer_by,
                   Referral.created_at, Referral.answered_at, Referral.purpose, ServiceOffer.service,
                   Institution.name.label("institution_name"))
            .join(Institution, Institution.id == Referral.institution_id)
            .outerjoin(ServiceOffer, ServiceOffer.id == Referral.service_offer_id))


def answer(referral, user, state, reason=None):
    """The institution accepts the referral, or declines it with ``reason``."""
    if referral.state != SENT:
        raise AlreadyAnswered()
    referral.state = state
    referral.answered_by_user_id = user.id
    referral.answered_at = utcnow()
    referral.decline_reason = reason if state == DECLINED else None
    db.session.flush()  # a stale version fails here, before the audit record (versions.save_versioned)
    record("referral_accepted" if state == ACCEPTED else "referral_declined", referral,
           detail=f"institution:{referral.institution_id}")
    _notify_worker(referral, "referral_answered", local_today())
    return referral


def complete(referral, user, outcome, outcome_on):
    """The outcome of an accepted referral, which completes it."""
    if referral.state != ACCEPTED:
        raise AlreadyAnswered()
    referral.state = COMPLETED
    referral.outcome = outcome
    referral.outcome_on = outcome_on
    referral.outcome_by_user_id = user.id
    referral.outcome_recorded_at = utcnow()
    db.session.flush()
    record("referral_completed", referral, detail=f"institution:{referral.institution_id}")
    _notify_worker(referral, "referral_completed", outcome_on)
    return referral


class AlreadyAnswered(Exception):
    """The referral is no longer in the state the answer needs (someone answered first)."""


# --- both sides and the coordinator ----------------------------------------------------------

def answered_on(row):
    return to_local(row.answered_at).date() if row.answered_at else None


def answered_in_time(row, today=None):
    """True, False, or None while it still may be answered in time."""
    if row.state in ANSWERED_STATES and row.answered_at is not None:
        return answered_on(row) <= row.answer_by
    return False if row.answer_by < (today or local_today()) else None


def municipality_referral_ids():
    """A select of the ids of the municipality's referrals (tenant scope), for keyset_page."""
    return select(Referral.id)


def coordinator_rows(ids):
    """The coordinator's rows: no client, no purpose, only the institution, the offer, the dates
    and the state (a cooperation indicator, not a case file)."""
    if not ids:
        return []
    return db.session.execute(
        select(Referral.id, Referral.state, Referral.answer_by, Referral.created_at, Referral.answered_at,
               ServiceOffer.service, Institution.name.label("institution_name"))
        .join(Institution, Institution.id == Referral.institution_id)
        .outerjoin(ServiceOffer, ServiceOffer.id == Referral.service_offer_id)
        .where(Referral.id.in_(ids)).order_by(Referral.id.desc())).all()


def state_counts():
    """{state: count} of the municipality's referrals, and how many of the answered came in time."""
    rows = db.session.execute(select(Referral.state, Referral.answer_by, Referral.answered_at)).all()
    counts = {}
    in_time = late = overdue = 0
    today = local_today()
    for row in rows:
        counts[row.state] = counts.get(row.state, 0) + 1
        verdict = answered_in_time(row, today)
        if row.answered_at is not None:
            in_time, late = in_time + bool(verdict), late + (not verdict)
        elif verdict is False:
            overdue += 1
    return {"states": counts, "in_time": in_time, "late": late, "overdue": overdue, "total": len(rows)}


# --- the daily reminder (kooperacje.jobs.reminders) ------------------------------------------

def overdue_reminders(today):
    """A reminder for each referral still unanswered after its answer-by date, to the active
    accounts of its institution while it is a PZK member; produced once per referral and date.
    Columns only: the job loads no case record and says nothing of the person."""
    from kooperacje.jobs.models import Reminder

    rows = db.session.execute(
        select(Referral.id, Referral.municipality_id, Referral.institution_id, Referral.answer_by)
        .join(Institution, Institution.id == Referral.institution_id)
        .where(Referral.state == SENT, Referral.answer_by < today,
               (Institution.left_on.is_(None)) | (Institution.left_on > today))).all()
    accounts = {}
    if rows:
        for user in db.session.execute(select(User.id, User.email, Membership.institution_id).join(User.memberships).where(
                Membership.institution_id.in_({row.institution_id for row in rows}), Membership.role == Role.PARTNER.value,
                User.active.is_(True)).order_by(User.id)):
            accounts.setdefault(user.institution_id, []).append((user.id, user.email))
    for row in rows:
        users = tuple(accounts.get(row.institution_id, ()))
        if users:
            yield Reminder(f"referral_overdue:{row.id}:{row.answer_by.isoformat()}", "referral_overdue",
                           row.municipality_id, row.answer_by, "referrals.partner_view", {"referral_id": row.id},
                           users=users)
