"""Time as the people using the product live it: stored times are UTC (naive), while a day —
a deadline, "today", a document's date — is a day in Poland (BABEL_DEFAULT_TIMEZONE,
Europe/Warsaw), whatever zone the server runs in."""
from datetime import datetime, timezone
from zoneinfo import ZoneInfo

from flask import current_app, has_app_context

DEFAULT_ZONE = "Europe/Warsaw"


def utcnow():
    """Now, as every column stores a time: UTC without a zone."""
    return datetime.now(timezone.utc).replace(tzinfo=None)


def local_zone():
    """Where the people reading the times live."""
    return ZoneInfo(current_app.config["BABEL_DEFAULT_TIMEZONE"] if has_app_context() else DEFAULT_ZONE)


def local_today():
    """Today in Poland: from midnight to 01:00 (02:00 in summer) a UTC server's date is still yesterday."""
    return datetime.now(local_zone()).date()


def to_local(value):
    """A stored time (naive UTC, as every column holds it) in Polish local time."""
    return value.replace(tzinfo=timezone.utc).astimezone(local_zone())
