"""The daily reminders: partner tasks due soon or overdue (the owner institution's contact and
the coordinators), the next PZK meeting by the cadence (the coordinators), and the casework and
account reminders of :mod:`kooperacje.jobs.casework` (the case's worker, the administrators).

Each reminder has a key (kind, object, the date it is about) written to ``sent_reminder`` in
the same transaction as its notifications and e-mails, so it is produced once however often
the job runs, and a reminder for a moved deadline is a new one. E-mails are neutral: counts,
dates and a link, never a name, a task's title or anything typed into a case. A user's e-mails
of a kind come in the day's digest, one by one, or not at all, as their notification preferences say.
"""
from collections import defaultdict
from datetime import timedelta
from itertools import groupby

from flask import current_app
from flask_babel import force_locale
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from kooperacje.auth.permissions import Role
from kooperacje.clock import day
from kooperacje.extensions import db
from kooperacje.i18n import gettext as _
from kooperacje.i18n import ngettext
from kooperacje.jobs.casework import casework_reminders
from kooperacje.jobs.mail import queue_mail
from kooperacje.jobs.models import Reminder, SentReminder
from kooperacje.notifications.models import Notification
from kooperacje.notifications.service import email_preferences
from kooperacje.partnership.models import Institution, Partnership, Task
from kooperacje.partnership.service import cadence
from kooperacje.partnership.vocabulary import OPEN_TASK_STATUSES
from kooperacje.referrals.service import overdue_reminders as referral_reminders
from kooperacje.users.service import active_staff
from kooperacje.web import external_url

#: The e-mail recipients who have no account (institution contacts) get this page's link.
CONTACT_LINK = ("partnership.tasks", {"state": "open"})
USER_LINK = ("notifications.index", {})
PZK_KINDS = ("task_overdue", "task_due", "meeting_due")


def produce_reminders(today):
    """Write down every reminder due ``today`` not produced before; returns how many."""

    # by key: one notice can stand for several reminders (a case without a worker)
    reminders = {r.key: r for r in (*task_reminders(today), *meeting_reminders(today), *casework_reminders(today),
                                    *referral_reminders(today))}
    done = _already_produced(list(reminders))
    new = [r for key, r in reminders.items() if key not in done]
    produced = 0
    for _municipality, group in groupby(sorted(new, key=_group), key=_group):
        produced += _produce(list(group), today)
    return produced


def _group(reminder):
    """A municipality's reminders in one transaction; those only the deployment's administrators
    get (by e-mail) together as group 0, so that they too get one digest a day."""
    return reminder.municipality_id if reminder.users or reminder.contacts else 0


def task_reminders(today):
    horizon = today + timedelta(days=current_app.config["REMINDER_TASK_DUE_DAYS"])
    rows = db.session.execute(
        select(Task.id, Task.municipality_id, Task.due_on, Institution.contact_email, Institution.left_on)
        .outerjoin(Institution, Institution.id == Task.owner_institution_id)
        .where(Task.status.in_(OPEN_TASK_STATUSES), Task.due_on.is_not(None), Task.due_on <= horizon)).all()
    coordinators = active_staff(Role.COORDINATOR, {row.municipality_id for row in rows})
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
    coordinators = active_staff(Role.COORDINATOR, {p.municipality_id for p in partnerships})
    for partnership in partnerships:
        due_on = cadence(partnership, today).due_on
        if due_on is None or due_on - today > ahead:
            continue
        yield Reminder(f"meeting_due:{partnership.id}:{due_on.isoformat()}", "meeting_due",
                       partnership.municipality_id, due_on, "partnership.overview", {},
                       users=coordinators.get(partnership.municipality_id, ()))


def _already_produced(keys, chunk=500):
    done = set()
    for start in range(0, len(keys), chunk):
        done.update(db.session.scalars(select(SentReminder.key).where(
            SentReminder.key.in_(keys[start:start + chunk]))))
    return done


def _produce(reminders, today):
    """One group's new reminders (see _group) in one transaction: the keys, notifications, e-mails."""
    try:
        wanted = email_preferences(sorted({user_id for r in reminders
                                           for user_id, _email in (*r.users, *r.mail_only)}))
        mails = defaultdict(list)  # (address, None or the reminder of its own e-mail) -> [reminder]
        links = {}
        for reminder in reminders:
            db.session.add(SentReminder(key=reminder.key))
            for user_id, _email in reminder.users:
                db.session.add(Notification(municipality_id=reminder.municipality_id, user_id=user_id,
                                            kind=reminder.kind, about_day=reminder.about_day,
                                            endpoint=reminder.endpoint, params=reminder.params))
            for user_id, email in (*reminder.users, *reminder.mail_only):
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
        if len(lines) == 1:
            subject = lines[0].rstrip(".")
        elif all(r.kind in PZK_KINDS for r in reminders):
            subject = _("Przypomnienia z Zespołu PZK")
        else:
            subject = _("Przypomnienia z aplikacji Kooperacje")
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
    if counts["referral_overdue"]:
        lines.append(ngettext("Twoja instytucja ma %(num)d skierowanie bez odpowiedzi po terminie.",
                              "Twoja instytucja ma %(num)d skierowania bez odpowiedzi po terminie.",
                              counts["referral_overdue"]))
    for reminder in reminders:
        if reminder.kind == "meeting_due":
            lines.append(_("Termin kolejnego spotkania Zespołu PZK: %(day)s.", day=day(reminder.about_day)))
    return lines + _casework_lines(reminders)


def _casework_lines(reminders):
    """Counts and the latest date each count reaches: nothing that tells one case from another."""
    by_kind = defaultdict(list)
    for reminder in reminders:
        by_kind[reminder.kind].append(reminder.about_day)
    texts = (
        ("review_due", lambda n, days: ngettext(
            "Masz %(num)d kontrakt socjalny z przeglądem do %(day)s.",
            "Masz %(num)d kontrakty socjalne z przeglądem do %(day)s.", n, day=day(max(days)))),
        ("period_ending", lambda n, days: ngettext(
            "Masz %(num)d kontrakt socjalny, którego okres kończy się do %(day)s.",
            "Masz %(num)d kontrakty socjalne, których okres kończy się do %(day)s.", n, day=day(max(days)))),
        ("evaluation_due", lambda n, days: ngettext(
            "Masz %(num)d kontrakt socjalny czekający na ocenę (część II).",
            "Masz %(num)d kontrakty socjalne czekające na ocenę (część II).", n)),
        ("diagnosis_draft", lambda n, days: ngettext(
            "Masz %(num)d projekt diagnozy założony %(day)s lub wcześniej i wciąż niepodpisany.",
            "Masz %(num)d projekty diagnozy założone %(day)s lub wcześniej i wciąż niepodpisane.", n,
            day=day(max(days)))),
        ("otp_expiring", lambda n, days: ngettext(
            "%(num)d konto czeka na pierwsze logowanie, a jego hasło jednorazowe wygasa do %(day)s.",
            "%(num)d konta czekają na pierwsze logowanie, a ich hasła jednorazowe wygasają do %(day)s.", n,
            day=day(max(days)))),
        ("case_without_worker", lambda n, days: ngettext(
            "%(num)d sprawa z terminem do dotrzymania nie ma aktywnego pracownika socjalnego.",
            "%(num)d sprawy z terminem do dotrzymania nie mają aktywnego pracownika socjalnego.", n)),
    )
    return [text(len(by_kind[kind]), by_kind[kind]) for kind, text in texts if by_kind[kind]]
