"""Helpers every template can use."""
import nh3
import markdown as markdown_lib
from flask import request
from flask_babel import format_date
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
    """A date as people write it: 08.02.2025 in Polish, 8 Feb 2025 in English."""
    if value is None:
        return ""
    return format_date(value, DATE_PATTERNS.get(current_language(), "medium"))


def sentence_start(text):
    """``text`` with its first letter upper-cased and the rest as written: Jinja's ``capitalize``
    lower-cases the rest and turns "deklaracja przystąpienia do PZK" into "…do pzk"."""
    text = str(text or "")
    return text[:1].upper() + text[1:]


def init_app(app):
    app.jinja_env.filters["user_markdown"] = user_markdown
    app.jinja_env.filters["day"] = day
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
