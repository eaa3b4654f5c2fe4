"""The casework reminders, produced with the PZK's by :func:`kooperacje.jobs.reminders.produce_reminders`:

- a contract review: ``REMINDER_REVIEW_DAYS`` (3) days before it and on its day (a review date
  already past, never moved, is reminded once, the first day the job sees it);
- the contract's period ending within ``REMINDER_PERIOD_END_DAYS`` (7) days;
- the period over and part II not finished (the contract still signed or in progress): the day
  after, then every ``REMINDER_EVALUATION_REPEAT_DAYS`` (7; 0: once only);
- a diagnosis draft older than ``REMINDER_DRAFT_DAYS`` (14): once per draft and threshold;
- a one-time password expiring within ``REMINDER_ONE_TIME_PASSWORD_HOURS`` (24) on an account
  nobody has signed in to yet.

Contracts follow the worker's desk (contracts.service.desk): contracts in ACTIVE_CONTRACT_STATUSES
of the cases whose worker (``Client.worker_id``) the user is. A case reminder goes to that worker
(a draft: to its author first) only while the account may open the case (users.service.has_case_access,
same municipality). When nobody may, the reminder is not passed to other workers (a case is not
handed over by a reminder): the municipality's administrators hear, once per case and missing
worker, that a case with a date waiting has no active worker; the reminder itself is produced
for the worker the case gets next, if its day is still ahead.
"""
from dataclasses import replace
from datetime import timedelta

from flask import current_app
from sqlalchemy import select

from kooperacje.auth.models import User, with_role
from kooperacje.auth.permissions import Role, reads_client_records
from kooperacje.clients.models import Client
from kooperacje.clock import to_local, utcnow
from kooperacje.contracts.models import Contract
from kooperacje.contracts.vocabulary import ACTIVE_CONTRACT_STATUSES
from kooperacje.diagnoses.models import Diagnosis
from kooperacje.extensions import db
from kooperacje.jobs.models import Reminder
from kooperacje.users.service import active_staff

USERS_LINK = ("users.index", {})


def casework_reminders(today):
    """Every case and account reminder due ``today`` (produced or not: the caller keeps the new)."""
    case_reminders = [*contract_reminders(today), *draft_reminders(today)]
    workers = _accounts({user_id for reminder, candidates in case_reminders for user_id in candidates})
    admins = active_staff(Role.ADMIN, {reminder.municipality_id for reminder, _candidates in case_reminders})
    for reminder, candidates in case_reminders:
        worker = next((workers[i] for i in candidates if _may_open(workers.get(i), reminder)), None)
        if worker is not None:
            yield _to(reminder, users=((worker.id, worker.email),))
        else:
            yield _without_worker(reminder, candidates, admins.get(reminder.municipality_id, ()))
    yield from one_time_password_reminders()


def contract_reminders(today):
    """(reminder without recipients, the ids of the accounts it may go to, in order)."""
    config = current_app.config
    review_ahead = timedelta(days=config["REMINDER_REVIEW_DAYS"])
    ending_ahead = timedelta(days=config["REMINDER_PERIOD_END_DAYS"])
    repeat = config["REMINDER_EVALUATION_REPEAT_DAYS"]
    # columns only: the job never loads a client's or a contract's text
    rows = db.session.execute(
        select(Contract.id, Contract.municipality_id, Contract.client_id, Contract.next_review_on,
               Contract.period_to, Client.worker_id).join(Client, Client.id == Contract.client_id)
        .where(Contract.status.in_(ACTIVE_CONTRACT_STATUSES), Client.status != "closed",
               (Contract.next_review_on <= today + review_ahead) | (Contract.period_to <= today + ending_ahead))
        .order_by(Contract.id)).all()
    for row in rows:
        candidates = (row.worker_id,) if row.worker_id else ()
        link = ("contracts.view", {"contract_id": row.id})
        ended = row.period_to is not None and row.period_to < today
        if row.next_review_on and row.next_review_on <= today + review_ahead and not ended:
            stage = "day" if row.next_review_on <= today else "ahead"
            yield _case(f"review_due:{row.id}:{row.next_review_on.isoformat()}:{stage}", "review_due", row,
                        row.next_review_on, link), candidates
        if ended:
            # once the day after the period, then once every `repeat` days while part II waits
            round_ = (today - row.period_to).days - 1
            round_ = round_ // repeat if repeat else 0
            yield _case(f"evaluation_due:{row.id}:{row.period_to.isoformat()}:{round_}", "evaluation_due", row,
                        row.period_to, link), candidates
        elif row.period_to and row.period_to <= today + ending_ahead:
            yield _case(f"period_ending:{row.id}:{row.period_to.isoformat()}", "period_ending", row,
                        row.period_to, link), candidates


def draft_reminders(today):
    """Drafts created more than REMINDER_DRAFT_DAYS ago: to the author, else the case's worker."""
    threshold = current_app.config["REMINDER_DRAFT_DAYS"]
    rows = db.session.execute(
        select(Diagnosis.id, Diagnosis.municipality_id, Diagnosis.client_id, Diagnosis.author_id,
               Diagnosis.created_at, Client.worker_id).join(Client, Client.id == Diagnosis.client_id)
        .where(Diagnosis.status == "draft", Client.status != "closed",
               Diagnosis.created_at <= utcnow() - timedelta(days=threshold))
        .order_by(Diagnosis.id)).all()
    for row in rows:
        candidates = tuple(dict.fromkeys(i for i in (row.author_id, row.worker_id) if i))
        yield _case(f"diagnosis_draft:{row.id}:{threshold}", "diagnosis_draft", row,
                    to_local(row.created_at).date(), ("diagnoses.view", {"diagnosis_id": row.id})), candidates


def one_time_password_reminders():
    """Accounts nobody has signed in to whose one-time password runs out soon: the municipality's
    administrators (another one's own password is theirs to renew), or the deployment's when
    the municipality has none yet (its first administrator) or the account is the deployment's."""
    now = utcnow()
    until = now + timedelta(hours=current_app.config["REMINDER_ONE_TIME_PASSWORD_HOURS"])
    accounts = db.session.execute(
        select(User.id, User.municipality_id, User.one_time_expires_at)
        .where(User.active.is_(True), User.must_change_password.is_(True), User.last_login_at.is_(None),
               User.one_time_expires_at > now, User.one_time_expires_at <= until)
        .order_by(User.id)).all()
    if not accounts:
        return
    admins = active_staff(Role.ADMIN, {a.municipality_id for a in accounts if a.municipality_id})
    deployment = _deployment_administrators()
    for account in accounts:
        key = f"otp_expiring:{account.id}:{account.one_time_expires_at.isoformat()}"
        expires_on = to_local(account.one_time_expires_at).date()
        reminder = Reminder(key, "otp_expiring", account.municipality_id, expires_on, *USERS_LINK)
        municipal = tuple(a for a in admins.get(account.municipality_id, ()) if a[0] != account.id)
        if municipal:
            yield _to(reminder, users=municipal)
        else:
            # the deployment's administrators have no municipality, so no notification centre: e-mail only
            yield _to(reminder, mail_only=tuple(a for a in deployment if a[0] != account.id))


def _case(key, kind, row, about_day, link):
    return Reminder(key, kind, row.municipality_id, about_day, *link, case_id=row.client_id)


def _to(reminder, **recipients):
    return replace(reminder, **recipients)


def _without_worker(reminder, candidates, admins):
    """The administrators' notice for a case nobody may be reminded of; one per case and missing worker."""
    missing = candidates[-1] if candidates else 0  # the case's worker (for a draft, after its author)
    return Reminder(f"case_without_worker:{reminder.case_id}:{missing}", "case_without_worker",
                    reminder.municipality_id, reminder.about_day, *USERS_LINK, users=admins)


def _may_open(user, reminder):
    membership = user.membership_in(reminder.municipality_id) if user is not None else None
    return membership is not None and user.active and reads_client_records(membership.role)


def _accounts(user_ids):
    if not user_ids:
        return {}
    return {u.id: u for u in db.session.scalars(select(User).where(User.id.in_(user_ids)))}


def _deployment_administrators():
    return tuple((u.id, u.email) for u in db.session.scalars(with_role(select(User).where(
        User.active.is_(True), User.municipality_id.is_(None)), Role.SUPERADMIN).order_by(User.id)))
