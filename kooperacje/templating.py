"""Helpers every template can use."""
import threading

import markdown as markdown_lib
import nh3
from flask import current_app, render_template, request
from flask_babel import format_decimal, get_translations
from flask_login import current_user
from jinja2 import pass_context
from markupsafe import Markup

from kooperacje.answers import model_field_texts
from kooperacje.auth.permissions import ROLE_LABELS, Role, can
from kooperacje.clock import day, local_time
from kooperacje.extensions import kept
from kooperacje.fields import answer_text
from kooperacje.forms import field_markup
from kooperacje.i18n import current_language
from kooperacje.plugins import get_plugins

# What users' Markdown may produce after rendering: structure and links, nothing active.
USER_MARKDOWN_TAGS = {"p", "br", "strong", "em", "ul", "ol", "li", "blockquote", "code", "pre",
                      "h3", "h4", "a", "table", "thead", "tbody", "tr", "th", "td", "hr"}


_converters = threading.local()


def _markdown_converter():
    """One converter per thread, reset between texts: building one costs more than converting."""
    converter = getattr(_converters, "markdown", None)
    if converter is None:
        converter = _converters.markdown = markdown_lib.Markdown(extensions=["sane_lists", "tables"])
    return converter.reset()


def user_markdown(text):
    """Markdown typed by users, rendered then sanitised with nh3 (never trusted)."""
    html = _markdown_converter().convert(text or "")
    clean = nh3.clean(html, tags=USER_MARKDOWN_TAGS, attributes={"a": {"href", "title"}},
                      url_schemes={"http", "https", "mailto"}, link_rel="noopener noreferrer nofollow")
    # Sanitised by nh3 just above.
    return Markup(clean)  # nosec B704  # nosemgrep


def request_gettext():
    """The template's gettext and ngettext bound to this request's catalogue, looked up once per
    render (Flask-Babel's own look the catalogue up again for every text). Same contract as
    Jinja's new-style gettext: the result is a format string, escaped where autoescape is on."""
    translations = get_translations()

    @pass_context
    def gettext(context, string, **variables):
        return _formatted(context, translations.gettext(string), variables)

    @pass_context
    def ngettext(context, singular, plural, num, **variables):
        variables.setdefault("num", num)
        return _formatted(context, translations.ngettext(singular, plural, num), variables)

    return {"gettext": gettext, "ngettext": ngettext}


def _formatted(context, text, variables):
    if not context.eval_ctx.autoescape:
        return text % variables
    # The text is the template's own msgid or its catalogue translation; Markup's % escapes the values.
    return Markup(text) % variables  # nosec B704  # nosemgrep


def main_navigation():
    """The main menu, rendered once per role and language and then reused: it depends on nothing
    else, and its links and permission checks cost a tenth of every signed-in page."""
    cache = current_app.extensions.setdefault("kooperacje.navigation", {})
    key = (current_user.role, current_language(), request.script_root)
    if key not in cache:
        cache[key] = Markup(render_template("_navigation.html"))  # nosec B704  # nosemgrep -- our template
    return cache[key]


def shared_fragment(key, template, context):
    """A part of a page that holds nothing of its viewer (a dashboard's charts and tables),
    rendered once per key and language while kept: the key must name everything the part shows
    (its area, filters and the moment its numbers were counted). ``context`` is called only
    when the part is rendered."""
    key = ":".join(["fragment", template, current_language(), *map(str, key)])
    html = kept(key, lambda: render_template(template, **context()))
    return Markup(html)  # nosec B704  # nosemgrep -- our own template, rendered with autoescape


def sentence_start(text):
    """``text`` with its first letter upper-cased and the rest as written: Jinja's ``capitalize``
    lower-cases the rest and turns "deklaracja przystąpienia do PZK" into "…do pzk"."""
    text = str(text or "")
    return text[:1].upper() + text[1:]


def amount(value):
    """An amount in złoty as the interface language writes it: "1 250,50 zł"."""
    return f"{format_decimal(value, format='#,##0.00')} zł"


def quantity(value):
    """A quantity as the interface language writes it, without needless decimals: "2", "1,5"."""
    return format_decimal(value, format="#,##0.##")


def init_app(app):
    app.jinja_env.filters["amount"] = amount
    app.jinja_env.filters["quantity"] = quantity
    app.jinja_env.filters["user_markdown"] = user_markdown
    app.jinja_env.filters["day"] = day
    app.jinja_env.filters["local_time"] = local_time
    app.jinja_env.filters["sentence_start"] = sentence_start
    app.jinja_env.globals.update(answer_text=answer_text, model_field_texts=model_field_texts,
                                 main_navigation=main_navigation, field_markup=field_markup)

    @app.context_processor
    def helpers():
        return {
            **request_gettext(),
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
