"""Time as the people using the product live it: stored times are UTC (naive), while a day —
a deadline, "today", a document's date — is a day in Poland (BABEL_DEFAULT_TIMEZONE,
Europe/Warsaw), whatever zone the server runs in. Pages, exports and documents write days and
times through :func:`day` and :func:`local_time`."""
from datetime import datetime, timezone
from zoneinfo import ZoneInfo

from flask import current_app, has_app_context
from flask_babel import format_date, format_datetime, get_locale

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


DATE_PATTERNS = {"pl": "dd.MM.yyyy", "en": "d MMM yyyy"}


def day(value):
    """A date as people write it: 08.02.2025 in Polish, 8 Feb 2025 in English. A stored time
    gives its local day (23:30 UTC on 1 July is already 2 July in Poland)."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = to_local(value)
    language = str(get_locale())
    if language == "pl":
        return f"{value.day:02d}.{value.month:02d}.{value.year:04d}"  # the pattern below, without Babel's parsing
    return format_date(value, DATE_PATTERNS.get(language, "medium"), rebase=False)


TIME_PATTERNS = {"pl": "dd.MM.yyyy, HH:mm", "en": "d MMM yyyy, HH:mm"}


def local_time(value, seconds=False):
    """A stored time as people read it: local time in Poland, winter or summer time, e.g.
    29.03.2026, 03:30 for 01:30 UTC. Pages, exports and documents show times through this helper."""
    if value is None:
        return ""
    pattern = TIME_PATTERNS.get(str(get_locale()), TIME_PATTERNS["en"])
    return format_datetime(to_local(value), pattern + (":ss" if seconds else ""), rebase=False)
