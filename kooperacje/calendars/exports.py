"""iCalendar as the calendars feature writes it: one way to make an event of a meeting or a
deadline (neutral words, a link into the app), used by the personal feed and by a meeting's
invitation, which is the feed's event with the same UID sent by e-mail (METHOD:REQUEST, and
METHOD:CANCEL when the meeting is called off)."""
from datetime import datetime, timedelta, timezone

from flask import current_app
from icalendar import Calendar, Event

from kooperacje.clock import local_zone, utcnow
from kooperacje.i18n import gettext as _
from kooperacje.web import external_url


def new_calendar():
    calendar = Calendar()
    calendar.add("prodid", "-//Kooperacje//kalendarz Zespołu PZK//PL")
    calendar.add("version", "2.0")
    return calendar


def invitation_ics(meeting, sequence, organizer, attendee, method="REQUEST"):
    """The meeting as an invitation (``method`` REQUEST) or its cancellation (CANCEL): the feed's
    event with the same UID, so a calendar that took an earlier invitation updates or removes that
    entry when ``sequence`` is higher. ``organizer`` and ``attendee`` are e-mail addresses (the
    sender's, the institution's)."""
    calendar = new_calendar()
    calendar.add("method", method)
    event = meeting_event(meeting, utcnow(), current_app.config["PUBLIC_URL"])
    event.add("sequence", sequence)
    if method == "CANCEL":
        event.add("status", "CANCELLED")
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


def invitation_type(method):
    """The attachment's content type: Outlook reads an invitation only with its method named."""
    return f"text/calendar; method={method}"


def meeting_event(meeting, stamp, host):
    event = new_event(f"meeting-{meeting.id}", meeting_start(meeting), _("Spotkanie Zespołu PZK"), stamp,
                      external_url("partnership.meeting", {"meeting_id": meeting.id}), host, meeting.place)
    if meeting.starts_at is not None:  # an all-day event needs no end: it lasts its day
        event.add("dtend", meeting_start(meeting) + timedelta(minutes=current_app.config["MEETING_MINUTES"]))
    return event


def new_event(uid, on, summary, stamp, link, host, place=None):
    """One event in neutral words, with its link into the app (its UID names what it is about)."""
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
