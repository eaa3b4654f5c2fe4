"""Language: Polish by default, English on request (kept in the session), and the texts of the
Python code in it: ``gettext``/``ngettext``/``lazy_gettext``, imported as ``_``, ``_l`` as
Flask-Babel's are (message extraction knows those names).

Why our own: Flask-Babel looks the request's context, locale, domain and catalogue up again for
every text, 7–8 µs each, and a casework page resolves dozens in Python (labels, choices, the
vocabularies). Here the catalogue is kept per locale, and the locale is asked each time, so a
forced locale (documents are always Polish) is followed as with Flask-Babel's own functions.
WTForms' own messages come from here too (``WTFORMS_MESSAGES``), each language's catalogue read once.
"""
import functools

from babel import support
from flask import Blueprint, current_app, has_request_context, redirect, request, session, url_for
from flask_babel import get_locale, get_translations
from flask_babel.speaklater import LazyString
from wtforms.i18n import messages_path

bp = Blueprint("i18n", __name__)
#: the catalogue of each locale, loaded by Flask-Babel once and kept here (Locale objects hash by value)
_catalogues = {}


def _catalogue():
    locale = get_locale()  # None outside a request or app context: the text as written
    if locale is None:
        return None
    catalogue = _catalogues.get(locale)
    if catalogue is None:
        catalogue = _catalogues[locale] = get_translations()
    return catalogue


def gettext(string, **variables):
    catalogue = _catalogue()
    text = catalogue.ugettext(string) if catalogue is not None else string
    return text % variables if variables else text


def ngettext(singular, plural, num, **variables):
    variables.setdefault("num", num)
    catalogue = _catalogue()
    if catalogue is None:
        return (singular if num == 1 else plural) % variables
    return catalogue.ungettext(singular, plural, num) % variables


def lazy_gettext(string, **variables):
    """A text translated when it is shown (module-level labels, choices), in the language then."""
    return LazyString(gettext, string, **variables)


class _WTFormsMessages:
    """WTForms' own messages ("Field cannot be longer than…") in the interface language, for the
    forms' ``Meta.get_translations``. Flask-WTF's equivalent read WTForms' catalogue from disk again
    on every request that needed one message; here each language's is read once."""

    def gettext(self, string):
        return _wtforms_catalogue(str(get_locale())).ugettext(string)

    def ngettext(self, singular, plural, n):
        return _wtforms_catalogue(str(get_locale())).ungettext(singular, plural, n)


@functools.cache
def _wtforms_catalogue(language):
    return support.Translations.load(messages_path(), [language], domain="wtforms")


WTFORMS_MESSAGES = _WTFormsMessages()


def select_locale():
    chosen = session.get("lang") if has_request_context() else None
    if chosen in current_app.config["LANGUAGES"]:
        return chosen
    return current_app.config["BABEL_DEFAULT_LOCALE"]


@bp.post("/language")
def set_language():
    from kooperacje.auth.guard import safe_next  # here: the guard's modules import the texts above

    lang = request.form.get("lang", "")
    if lang in current_app.config["LANGUAGES"]:
        session["lang"] = lang
    return redirect(safe_next(request.form.get("next")) or url_for("home.index"))


def current_language():
    return str(get_locale())
