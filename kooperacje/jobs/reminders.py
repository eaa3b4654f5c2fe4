"""The daily reminders: partner tasks due soon or overdue (the owner institution's contact and
the coordinators) and the next PZK meeting by the cadence (the coordinators).

Each reminder has a key (kind, object, the date it is about) written to ``sent_reminder`` in
the same transaction as its notifications and e-mails, so it is produced once however often
the job runs, and a reminder for a moved deadline is a new one. E-mails are neutral: counts,
dates and a link, never a name or a task's title. A user's e-mails of a kind come in the day's
digest, one by one, or not at all, as their notification preferences say.
"""
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from itertools import groupby

from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from kooperacje.auth.models import User
from kooperacje.auth.permissions import Role
from kooperacje.clock import day
from kooperacje.extensions import db
from kooperacje.jobs.mail import queue_mail
from kooperacje.jobs.models import SentReminder
from kooperacje.notifications.models import Notification
from kooperacje.notifications.service import email_preferences
from kooperacje.partnership.models import Institution, Partnership, Task
from kooperacje.partnership.service import cadence
from kooperacje.partnership.vocabulary import OPEN_TASK_STATUSES
from kooperacje.web import external_url

#: The e-mail recipients who have no account (institution contacts) get this page's link.
CONTACT_LINK = ("partnership.tasks", {"state": "open"})
USER_LINK = ("notifications.index", {})


@dataclass(frozen=True)
class Reminder:
    key: str
    kind: str
    municipality_id: int
    about_day: date
    endpoint: str
    params: dict
    #: whom it goes to: users (a notification, and an e-mail if they have an address)
    #: and e-mail addresses of people without an account
    users: tuple = ()
    contacts: tuple = ()


def produce_reminders(today):
    """Write down every reminder due ``today`` not produced before; returns how many."""
    reminders = [*task_reminders(today), *meeting_reminders(today)]
    done = _already_produced([r.key for r in reminders])
    new = [r for r in reminders if r.key not in done]
    produced = 0
    for municipality_id, group in groupby(sorted(new, key=lambda r: r.municipality_id),
                                          key=lambda r: r.municipality_id):
        produced += _produce(municipality_id, list(group), today)
    return produced


def task_reminders(today):
    horizon = today + timedelta(days=current_app.config["REMINDER_TASK_DUE_DAYS"])
    rows = db.session.execute(
        select(Task.id, Task.municipality_id, Task.due_on, Institution.contact_email, Institution.left_on)
        .outerjoin(Institution, Institution.id == Task.owner_institution_id)
        .where(Task.status.in_(OPEN_TASK_STATUSES), Task.due_on.is_not(None), Task.due_on <= horizon)).all()
    coordinators = _coordinators({row.municipality_id for row in rows})
    for row in rows:
        kind, state = ("task_overdue", "overdue") if row.due_on < today else ("task_due", "open")
        still_member = row.left_on is None or row.left_on > today
        contacts = (row.contact_email,) if row.contact_email and still_member else ()
        yield Reminder(f"{kind}:{row.id}:{row.due_on.isoformat()}", kind, row.municipality_id, row.due_on,
                       "partnership.tasks", {"state": state, "_anchor": f"task-{row.id}"},
                       users=coordinators.get(row.municipality_id, ()), contacts=contacts)


def meeting_reminders(today):
    ahead = timedelta(days=current_app.config["REMINDER_MEETING_DAYS"])
    partnerships = db.session.scalars(select(Partnership)).all()
    coordinators = _coordinators({p.municipality_id for p in partnerships})
    for partnership in partnerships:
        due_on = cadence(partnership, today).due_on
        if due_on is None or due_on - today > ahead:
            continue
        yield Reminder(f"meeting_due:{partnership.id}:{due_on.isoformat()}", "meeting_due",
                       partnership.municipality_id, due_on, "partnership.overview", {},
                       users=coordinators.get(partnership.municipality_id, ()))


def _coordinators(municipality_ids):
    """{municipality id: ((user id, e-mail or None), ...)} of the active PZK coordinators."""
    found = defaultdict(tuple)
    if municipality_ids:
        for user in db.session.scalars(select(User).where(
                User.role == Role.COORDINATOR.value, User.active.is_(True),
                User.municipality_id.in_(municipality_ids)).order_by(User.id)):
            found[user.municipality_id] += ((user.id, user.email),)
    return found


def _already_produced(keys, chunk=500):
    done = set()
    for start in range(0, len(keys), chunk):
        done.update(db.session.scalars(select(SentReminder.key).where(
            SentReminder.key.in_(keys[start:start + chunk]))))
    return done


def _produce(municipality_id, reminders, today):
    """One municipality's new reminders in one transaction: the keys, notifications, e-mails."""
    try:
        wanted = email_preferences(sorted({user_id for r in reminders for user_id, _email in r.users}))
        mails = defaultdict(list)  # (address, None or the reminder of its own e-mail) -> [reminder]
        links = {}
        for reminder in reminders:
            db.session.add(SentReminder(key=reminder.key))
            for user_id, email in reminder.users:
                db.session.add(Notification(municipality_id=municipality_id, user_id=user_id, kind=reminder.kind,
                                            about_day=reminder.about_day, endpoint=reminder.endpoint,
                                            params=reminder.params))
                choice = wanted[(user_id, reminder.kind)]
                if email and choice != "off":
                    mails[(email, reminder.key if choice == "immediate" else None)].append(reminder)
                    links[email] = USER_LINK
            for address in reminder.contacts:
                mails[(address, None)].append(reminder)
                links.setdefault(address, CONTACT_LINK)
        for (address, _own), about in mails.items():
            subject, body = compose_mail(about, today, external_url(*links[address]))
            queue_mail(address, subject, body)
        db.session.commit()
        return len(reminders)
    except IntegrityError:
        db.session.rollback()  # another consumer produced them first
        return 0


def compose_mail(reminders, today, link):
    """(subject, body) in the default language: counts and dates only."""
    with force_locale(current_app.config["BABEL_DEFAULT_LOCALE"]):
        lines = _mail_lines(reminders, today)
        subject = lines[0].rstrip(".") if len(lines) == 1 else _("Przypomnienia z Zespołu PZK")
        body = "\n".join([
            _("Dzień dobry,"), "", *lines, "",
            _("Szczegóły zobaczysz po zalogowaniu do aplikacji Kooperacje: %(link)s", link=link), "",
            _("Wiadomość wysłana automatycznie; nie zawiera danych osobowych."),
        ])
    return subject, body


def _mail_lines(reminders, today):
    counts = defaultdict(int)
    for reminder in reminders:
        counts[reminder.kind] += 1
    lines = []
    if counts["task_overdue"]:
        lines.append(ngettext("Masz %(num)d zadanie po terminie w Zespole PZK.",
                              "Masz %(num)d zadania po terminie w Zespole PZK.", counts["task_overdue"]))
    if counts["task_due"]:
        horizon = today + timedelta(days=current_app.config["REMINDER_TASK_DUE_DAYS"])
        lines.append(ngettext("Masz %(num)d zadanie z terminem do %(day)s w Zespole PZK.",
                              "Masz %(num)d zadania z terminem do %(day)s w Zespole PZK.", counts["task_due"],
                              day=day(horizon)))
    for reminder in reminders:
        if reminder.kind == "meeting_due":
            lines.append(_("Termin kolejnego spotkania Zespołu PZK: %(day)s.", day=day(reminder.about_day)))
    return lines
