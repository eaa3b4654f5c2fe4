"""The calendar feed: PZK meetings, the next meeting by the cadence and open task deadlines, as
events in neutral words (no agenda, no task title, no person), each with a link into the app.
Made, replaced and switched off by its user; read by their calendar app by token. A meeting's
invitation (:func:`invitation_ics`) is the same event, sent by e-mail."""
import secrets
from datetime import datetime, timedelta, timezone

from flask import current_app
from flask_babel import force_locale, gettext as _
from icalendar import Calendar, Event
from sqlalchemy import delete, select

from kooperacje.audit.models import record
from kooperacje.auth.permissions import can
from kooperacje.calendars.models import CalendarFeed
from kooperacje.clock import local_today, local_zone, utcnow
from kooperacje.database import ALL_TENANTS, set_request_tenant
from kooperacje.extensions import db
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
    db.session.add(CalendarFeed(municipality_id=user.municipality_id, user_id=user.id,
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
    if user is None or not user.active or user.municipality_id is None:
        return None
    if not can(FEED_PERMISSION, user):
        return None
    set_request_tenant(user.municipality_id)
    return user


def _calendar():
    calendar = Calendar()
    calendar.add("prodid", "-//Kooperacje//kalendarz Zespołu PZK//PL")
    calendar.add("version", "2.0")
    return calendar


def feed_ics(today=None):
    """The municipality's calendar as iCalendar bytes, in the default language."""
    today = today or local_today()
    calendar = _calendar()
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
        yield _meeting_event(meeting, stamp, host)
    for partnership in db.session.scalars(select(Partnership)):
        due_on = cadence(partnership, today).due_on
        if due_on is not None and due_on >= today:
            yield _event(f"meeting-due-{partnership.id}-{due_on.isoformat()}", due_on,
                         _("Termin kolejnego spotkania Zespołu PZK"), stamp,
                         external_url("partnership.overview", {}), host)
    for task_id, due_on in db.session.execute(select(Task.id, Task.due_on).where(
            Task.status.in_(OPEN_TASK_STATUSES), Task.due_on.is_not(None))):
        yield _event(f"task-{task_id}-{due_on.isoformat()}", due_on, _("Termin zadania Zespołu PZK"), stamp,
                     external_url("partnership.tasks", {"state": "open", "_anchor": f"task-{task_id}"}), host)


def invitation_ics(meeting, sequence, organizer, attendee):
    """The meeting as an invitation (METHOD:REQUEST): the feed's event with the same UID, so a
    calendar that took an earlier invitation updates that entry when ``sequence`` is higher.
    ``organizer`` and ``attendee`` are e-mail addresses (the sender's, the institution's)."""
    calendar = _calendar()
    calendar.add("method", "REQUEST")
    event = _meeting_event(meeting, utcnow(), current_app.config["PUBLIC_URL"])
    event.add("sequence", sequence)
    event.add("organizer", f"mailto:{organizer}")
    event.add("attendee", f"mailto:{attendee}", parameters={"ROLE": "REQ-PARTICIPANT", "RSVP": "FALSE"})
    calendar.add_component(event)
    return calendar.to_ical()


def meeting_start(meeting):
    """A date (an all-day event, the same day in every time zone), or with a start time the
    moment in UTC, which every calendar reads without a time zone definition."""
    if meeting.starts_at is None:
        return meeting.held_on
    local = datetime.combine(meeting.held_on, meeting.starts_at, tzinfo=local_zone())
    return local.astimezone(timezone.utc)


def _meeting_event(meeting, stamp, host):
    return _event(f"meeting-{meeting.id}", meeting_start(meeting), _("Spotkanie Zespołu PZK"), stamp,
                  external_url("partnership.meeting", {"meeting_id": meeting.id}), host, meeting.place)


def _event(uid, on, summary, stamp, link, host, place=None):
    event = Event()
    event.add("uid", f"{uid}@{host.split('://', 1)[-1].rstrip('/')}")
    event.add("dtstamp", stamp.replace(tzinfo=timezone.utc))  # stored times are UTC without a zone
    event.add("dtstart", on)
    event.add("summary", summary)
    event.add("description", _("Szczegóły po zalogowaniu: %(link)s", link=link))
    event.add("url", link)
    if place:
        event.add("location", place)
    return event
