"""The intake queue's reads and writes, each write with its audit record.

A partner reads their own institution's signals and only what they wrote in them (its number,
date and state, and the category of a refusal): nothing the centre added. The centre's staff
with ``intake.handle`` read the whole queue of their municipality (the tenant scope keeps other
municipalities' signals out of every query here)."""
from flask import abort
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from kooperacje.audit.models import record
from kooperacje.auth.models import User, with_role
from kooperacje.auth.permissions import PERMISSIONS
from kooperacje.clock import local_today, utcnow
from kooperacje.database import get_or_404
from kooperacje.extensions import db
from kooperacje.intake.models import Signal
from kooperacje.intake.vocabulary import NEW, NOT_QUALIFIED, OPEN_STATES, QUALIFIED, UNDER_REVIEW, URGENT
from kooperacje.notifications.service import notify
from kooperacje.users.service import active_partner_accounts

#: what the partner's form writes into the signal
SIGNAL_FIELDS = ("first_name", "last_name", "town", "street", "phone", "observations", "urgency")


class NotOpen(Exception):
    """The signal is no longer in the state the step needs (someone decided it meanwhile)."""


# --- the partner's side -----------------------------------------------------------------------

def signals_of(institution):
    return select(Signal).where(Signal.institution_id == institution.id)


def own_signal_or_404(institution, signal_id):
    signal = get_or_404(Signal, signal_id)
    if signal.institution_id != institution.id:
        abort(404)  # another institution's signal: as if it did not exist
    return signal


def submit(institution, user, values, family_informed):
    """A new signal from ``institution``, numbered in its year; the centre's staff are told."""
    today = local_today()
    signal = Signal(municipality_id=institution.municipality_id, institution_id=institution.id,
                    submitted_by_id=user.id, year=today.year, family_informed=family_informed, state=NEW,
                    **{name: _clean(values[name]) for name in SIGNAL_FIELDS})
    db.session.add(signal)
    # Written first without its number: on SQLite the write lock is now held, so the number
    # below is read under it (PostgreSQL: the unique key refuses a number taken meanwhile).
    db.session.flush()
    last = db.session.scalar(select(func.max(Signal.number)).where(Signal.year == signal.year))
    signal.number = (last or 0) + 1
    db.session.flush()
    record("signal_submitted", signal, detail=f"institution:{institution.id}")
    _notify(_centre_staff(), "signal_received", "intake.signal", signal)
    return signal


def _clean(value):
    return (value or "").strip() or None


# --- the centre's side ------------------------------------------------------------------------

def queue(state=None):
    """The municipality's signals (one state's with ``state``), for keyset pages newest first."""
    statement = select(Signal).options(selectinload(Signal.institution))
    return statement.where(Signal.state == state) if state else statement


def urgent_waiting(limit=50):
    """The urgent signals still waiting for a decision, oldest first: shown above the queue."""
    return db.session.scalars(select(Signal).options(selectinload(Signal.institution))
                              .where(Signal.urgency == URGENT, Signal.state.in_(OPEN_STATES))
                              .order_by(Signal.id).limit(limit)).all()


def new_count():
    return db.session.scalar(select(func.count(Signal.id)).where(Signal.state == NEW))


def record_viewed(signal):
    """The signal's page shows a person's data: its access is recorded as a case's is."""
    record("signal_viewed", signal)


def take_under_review(signal, user):
    _require(signal, NEW)
    signal.state, signal.reviewed_by_id, signal.reviewed_at = UNDER_REVIEW, user.id, utcnow()
    db.session.flush()  # a stale version fails here, before the audit record
    record("signal_reviewed", signal)


def qualify(signal, client, user):
    """The signal becomes (or joins) the case ``client``; the partner is told, without the case."""
    _require(signal, UNDER_REVIEW)
    signal.state, signal.client_id = QUALIFIED, client.id
    signal.decided_by_id, signal.decided_at = user.id, utcnow()
    db.session.flush()
    record("signal_qualified", signal, detail=f"client:{client.id}")
    _notify(active_partner_accounts([signal.institution_id]), "signal_decided", "intake.partner_signal", signal)


def decline(signal, reason, text, user):
    _require(signal, UNDER_REVIEW)
    signal.state, signal.decision_reason, signal.decision_text = NOT_QUALIFIED, reason, text.strip()
    signal.decided_by_id, signal.decided_at = user.id, utcnow()
    db.session.flush()
    record("signal_not_qualified", signal, detail=f"signal_reason:{reason}")
    _notify(active_partner_accounts([signal.institution_id]), "signal_decided", "intake.partner_signal", signal)


def _require(signal, state):
    if signal.state != state:
        raise NotOpen(signal.state)


# --- notifications: no personal data, a link to the signal's page ------------------------------

def _centre_staff():
    return db.session.scalars(with_role(select(User.id).where(User.active.is_(True)),
                                        *PERMISSIONS["intake.handle"])).all()


def _notify(user_ids, kind, endpoint, signal):
    notify(signal.municipality_id, user_ids, kind, endpoint, signal_id=signal.id, number=signal.label)
