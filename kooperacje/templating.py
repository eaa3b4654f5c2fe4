"""Helpers every template can use."""
from zoneinfo import ZoneInfo

import nh3
import markdown as markdown_lib
from flask import current_app, request
from flask_babel import format_date, format_datetime
from markupsafe import Markup

from kooperacje.auth.permissions import ROLE_LABELS, Role, can
from kooperacje.i18n import current_language
from kooperacje.plugins import get_plugins

# What users' Markdown may produce after rendering: structure and links, nothing active.
USER_MARKDOWN_TAGS = {"p", "br", "strong", "em", "ul", "ol", "li", "blockquote", "code", "pre",
                      "h3", "h4", "a", "table", "thead", "tbody", "tr", "th", "td", "hr"}


def user_markdown(text):
    """Markdown typed by users, rendered then sanitised with nh3 (never trusted)."""
    html = markdown_lib.markdown(text or "", extensions=["sane_lists", "tables"])
    clean = nh3.clean(html, tags=USER_MARKDOWN_TAGS, attributes={"a": {"href", "title"}},
                      url_schemes={"http", "https", "mailto"}, link_rel="noopener noreferrer nofollow")
    # Sanitised by nh3 just above.
    return Markup(clean)  # nosec B704  # nosemgrep


DATE_PATTERNS = {"pl": "dd.MM.yyyy", "en": "d MMM yyyy"}


def day(value):
    """A date as people write it: 08.02.2025 in Polish, 8 Feb 2025 in English. A stored (UTC)
    time gives the local day: Flask-Babel moves it to BABEL_DEFAULT_TIMEZONE (Europe/Warsaw)."""
    if value is None:
        return ""
    return format_date(value, DATE_PATTERNS.get(current_language(), "medium"))


def local_zone():
    """Where the people reading the times live (BABEL_DEFAULT_TIMEZONE: Europe/Warsaw)."""
    return ZoneInfo(current_app.config["BABEL_DEFAULT_TIMEZONE"])


TIME_PATTERNS = {"pl": "dd.MM.yyyy, HH:mm", "en": "d MMM yyyy, HH:mm"}


def local_time(value, seconds=False):
    """A stored time (naive UTC) as people read it: local time in Poland, with the change
    between winter and summer time, e.g. 29.03.2026, 03:30 for 01:30 UTC.
    Every page, export and document shows times through this one helper."""
    if value is None:
        return ""
    pattern = TIME_PATTERNS.get(current_language(), TIME_PATTERNS["en"])
    return format_datetime(value, pattern + (":ss" if seconds else ""))


def sentence_start(text):
    """``text`` with its first letter upper-cased and the rest as written: Jinja's ``capitalize``
    lower-cases the rest and turns "deklaracja przystąpienia do PZK" into "…do pzk"."""
    text = str(text or "")
    return text[:1].upper() + text[1:]


def init_app(app):
    app.jinja_env.filters["user_markdown"] = user_markdown
    app.jinja_env.filters["day"] = day
    app.jinja_env.filters["local_time"] = local_time
    app.jinja_env.filters["sentence_start"] = sentence_start

    @app.context_processor
    def helpers():
        return {
            "can": can,
            "lang": current_language(),
            "role_label": lambda role: ROLE_LABELS[Role(role)],
            "models": get_plugins().models,
            "model_name": _model_name,
            "current_path": request.full_path.rstrip("?") if request else "/",
        }


def _model_name(key):
    model = get_plugins().model(key) if key else None
    return model.name if model else key
