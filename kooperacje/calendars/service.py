"""The calendar feed: PZK meetings, the next meeting by the cadence and open task deadlines, as
events in neutral words (no agenda, no task title, no person), each with a link into the app.
Made, replaced and switched off by its user; read by their calendar app by token. The events themselves
are made in :mod:`kooperacje.calendars.exports`."""
import secrets
from datetime import timedelta

from flask import current_app
from flask_babel import force_locale
from sqlalchemy import delete, select

from kooperacje.audit.models import record
from kooperacje.auth.permissions import can
from kooperacje.calendars import exports
from kooperacje.calendars.models import CalendarFeed
from kooperacje.clock import local_today, utcnow
from kooperacje.database import ALL_TENANTS, set_request_tenant
from kooperacje.extensions import db
from kooperacje.i18n import gettext as _
from kooperacje.partnership.models import Meeting, Partnership, Task
from kooperacje.partnership.service import cadence
from kooperacje.partnership.vocabulary import OPEN_TASK_STATUSES
from kooperacje.web import external_url

#: how far back the feed keeps past meetings
PAST = timedelta(days=180)
FEED_PERMISSION = "partnership.read"


def has_feed(user):
    return db.session.scalar(select(CalendarFeed.id).where(CalendarFeed.user_id == user.id)) is not None


def issue_feed(user):
    """A new secret token for ``user`` (any earlier one stops working); returns the token."""
    token = secrets.token_urlsafe(32)
    db.session.execute(delete(CalendarFeed).where(CalendarFeed.user_id == user.id))
    db.session.add(CalendarFeed(municipality_id=user.current_municipality_id, user_id=user.id,
                                token_hash=CalendarFeed.hash_token(token)))
    record("calendar_feed_issued", user=user)
    return token


def end_feed(user):
    db.session.execute(delete(CalendarFeed).where(CalendarFeed.user_id == user.id))
    record("calendar_feed_ended", user=user)


def feed_owner(token):
    """The active user whose feed ``token`` opens, allowed to see the PZK; else None. The
    request then reads as that user's municipality."""
    # no one is signed in, so no municipality yet: the token alone finds its feed
    by_token = select(CalendarFeed).where(CalendarFeed.token_hash == CalendarFeed.hash_token(token))
    feed = db.session.scalar(by_token.execution_options(**{ALL_TENANTS: True}))  # nosemgrep: no-unscoped-tenant-query
    user = feed.user if feed is not None else None
    if user is None or not user.active or feed.municipality_id is None:
        return None
    # the feed reads as the membership it was issued in, while the account still has it
    user.current_membership = user.membership_in(feed.municipality_id)
    if user.current_membership is None or not can(FEED_PERMISSION, user):
        return None
    set_request_tenant(feed.municipality_id)
    return user


def feed_ics(today=None):
    """The municipality's calendar as iCalendar bytes, in the default language."""
    today = today or local_today()
    calendar = exports.new_calendar()
    with force_locale(current_app.config["BABEL_DEFAULT_LOCALE"]):
        calendar.add("x-wr-calname", _("Kooperacje: Zespół PZK"))
        for event in _events(today):
            calendar.add_component(event)
    return calendar.to_ical()


def _events(today):
    host = current_app.config["PUBLIC_URL"]
    stamp = utcnow()
    for meeting in db.session.scalars(select(Meeting).where(Meeting.held_on >= today - PAST)
                                      .order_by(Meeting.held_on)):
        yield exports.meeting_event(meeting, stamp, host)
    for partnership in db.session.scalars(select(Partnership)):
        due_on = cadence(partnership, today).due_on
        if due_on is not None and due_on >= today:
            yield exports.new_event(f"meeting-due-{partnership.id}-{due_on.isoformat()}", due_on,
                         _("Termin kolejnego spotkania Zespołu PZK"), stamp,
                         external_url("partnership.overview", {}), host)
    for task_id, due_on in db.session.execute(select(Task.id, Task.due_on).where(
            Task.status.in_(OPEN_TASK_STATUSES), Task.due_on.is_not(None))):
        yield exports.new_event(f"task-{task_id}-{due_on.isoformat()}", due_on, _("Termin zadania Zespołu PZK"), stamp,
                     external_url("partnership.tasks", {"state": "open", "_anchor": f"task-{task_id}"}), host)
