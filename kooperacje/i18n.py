"""Language: Polish by default, English on request (kept in the session)."""
from flask import Blueprint, current_app, has_request_context, redirect, request, session, url_for
from flask_babel import get_locale

from kooperacje.auth.guard import safe_next

bp = Blueprint("i18n", __name__)


def select_locale():
    chosen = session.get("lang") if has_request_context() else None
    if chosen in current_app.config["LANGUAGES"]:
        return chosen
    return current_app.config["BABEL_DEFAULT_LOCALE"]


@bp.post("/language")
def set_language():
    lang = request.form.get("lang", "")
    if lang in current_app.config["LANGUAGES"]:
        session["lang"] = lang
    return redirect(safe_next(request.form.get("next")) or url_for("home.index"))


def current_language():
    return str(get_locale())
