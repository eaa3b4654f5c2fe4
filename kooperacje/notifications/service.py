"""Notifications of what just happened, and the preferences the reminders' e-mails follow."""
from sqlalchemy import select

from kooperacje.audit.models import record
from kooperacje.clock import local_today
from kooperacje.extensions import db
from kooperacje.notifications.models import DEFAULT_EMAIL, KIND_LABELS, TEXTS, Notification, NotificationPreference


def notify(municipality_id, user_ids, kind, endpoint, about_day=None, **params):
    """Tell these users at once, in the app, that something happened (a case handed over to
    them, a referral answered, a signal decided), with a link to it (``params``; those of
    models.TEXT_PARAMS fill the text instead), in the caller's transaction. No e-mail: the
    reminders' daily e-mails tell what waits. The text is the kind's, never what was typed."""
    if kind not in TEXTS or kind in KIND_LABELS:
        raise ValueError(f"{kind} is not a kind of event notification")
    for user_id in sorted(set(user_ids)):
        db.session.add(Notification(municipality_id=municipality_id, user_id=user_id, kind=kind,
                                    about_day=about_day or local_today(), endpoint=endpoint, params=params))


def email_preferences(user_ids):
    """{(user id, kind): "digest" | "immediate" | "off"} for every kind of these users."""
    stored = {}
    if user_ids:
        for row in db.session.scalars(select(NotificationPreference).where(
                NotificationPreference.user_id.in_(user_ids))):
            stored[(row.user_id, row.kind)] = row.email
    return {(user_id, kind): stored.get((user_id, kind), DEFAULT_EMAIL) for user_id in user_ids for kind in KIND_LABELS}


def save_email_preferences(user, choices):
    """``choices``: {kind: e-mail choice}; a choice equal to the default keeps no row."""
    rows = {row.kind: row for row in db.session.scalars(select(NotificationPreference).where(
        NotificationPreference.user_id == user.id))}
    for kind, choice in choices.items():
        row = rows.get(kind)
        if choice == DEFAULT_EMAIL:
            if row is not None:
                db.session.delete(row)
        elif row is None:
            db.session.add(NotificationPreference(municipality_id=user.current_municipality_id, user_id=user.id, kind=kind,
                                                  email=choice))
        else:
            row.email = choice
    record("notification_preferences_saved", user=user)
