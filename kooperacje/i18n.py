"""Language: Polish by default, English on request (kept in the session), and the texts of the
Python code in it: ``gettext``/``ngettext``/``lazy_gettext``, imported as ``_``, ``_l`` as
Flask-Babel's are (message extraction knows those names).

Why our own: Flask-Babel looks the request's context, locale, domain and catalogue up again for
every text, 7–8 µs each, and a casework page resolves dozens in Python (labels, choices, the
vocabularies). Here the catalogue is kept per locale, and the locale is asked each time, so a
forced locale (documents are always Polish) is followed as with Flask-Babel's own functions.
"""
from flask import Blueprint, current_app, has_request_context, redirect, request, session, url_for
from flask_babel import get_locale, get_translations
from flask_babel.speaklater import LazyString

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
