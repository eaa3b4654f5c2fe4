"""Error pages: in the layout and the user's language, with a request id to quote to the
administrator; the log carries the traceback under the same id."""
import logging
import secrets

from flask import flash, g, has_request_context, redirect, render_template, url_for
from flask.globals import request_ctx
from flask_limiter.errors import RateLimitExceeded
from flask_login import current_user
from flask_wtf.csrf import CSRFError

from kooperacje import parking
from kooperacje.i18n import gettext as _

#: the statuses that get a page of their own (any other HTTP error gets the generic one)
ERROR_STATUSES = (400, 403, 404, 405, 409, 413, 429, 500)

log = logging.getLogger(__name__)


def init_app(app):
    # First of all before_request functions: CSRF checks and the guard may end a request with
    # an error, and its page must still show an id.
    app.before_request_funcs.setdefault(None, []).insert(0, _start_request)
    app.logger.addFilter(RequestIdFilter())
    for status in ERROR_STATUSES:
        app.register_error_handler(status, error_page)
    app.register_error_handler(CSRFError, csrf_error)
    app.register_error_handler(RateLimitExceeded, too_many_attempts)


def _start_request():
    ensure_request_id()  # returns None: a before_request value would replace the response


def ensure_request_id():
    """The id of this request (set once, at its start or at the latest on its error page)."""
    if not g.get("request_id"):
        g.request_id = secrets.token_hex(8)
    return g.request_id


class RequestIdFilter(logging.Filter):
    """Flask logs an unhandled exception with its traceback ("Exception on /path [GET]"):
    the line ends with the request id the user sees on the error page."""

    def filter(self, record):
        if has_request_context() and g.get("request_id"):
            record.msg = f"{record.msg} [request {g.request_id}]"
        return True


def error_page(error):
    status = getattr(error, "code", None) or 500
    ensure_request_id()
    if request_ctx.url_adapter is None:  # an untrusted Host: no URLs can be built for it, so plain text
        return f"{status}", status, {"Content-Type": "text/plain; charset=utf-8"}
    if status >= 500:
        _forget_failed_work()
    try:
        return render_template("error.html", status=status), status
    except Exception:  # the layout itself failed (e.g. the database is gone): still say something
        log.exception("error page %s could not be rendered [request %s]", status, g.request_id)
        return _bare_page(status), status, {"Content-Type": "text/html; charset=utf-8"}


def _forget_failed_work():
    """A failed request's transaction is rolled back, so the page can still read the user."""
    from kooperacje.extensions import db

    try:
        db.session.rollback()
    except Exception:  # nosec B110 - the page is shown anyway; the failure is already logged
        log.warning("rollback failed on an error page [request %s]", g.request_id)


def _bare_page(status):
    text = _("Coś poszło nie tak. Twoje dane nie zostały zapisane. Spróbuj ponownie za chwilę.")
    quote = _("Jeśli problem się powtarza, przekaż administratorowi identyfikator zgłoszenia:")
    return (f"<!doctype html><meta charset=utf-8><title>{status}</title><h1>{status}</h1><p>{text}</p>"
            f"<p>{quote} <code>{g.request_id}</code></p>")


def csrf_error(_error):
    """An expired or missing form token: the typed data is parked and the form reopened with it
    (for the pages that restore parked forms); otherwise say so plainly."""
    parked = parking.park_submission()
    if parked and current_user.is_authenticated:
        return redirect(parked)
    if parked:
        flash(_("Sesja wygasła. Zaloguj się ponownie: wpisane dane zostały zachowane i wrócą do formularza."), "error")
        return redirect(url_for("auth.login", next=parked))
    ensure_request_id()
    return render_template("error.html", status=400, csrf=True), 400



def too_many_attempts(_error):
    """The login throttle (kooperacje.auth.throttle) stopped a password or code attempt; the
    limiter adds Retry-After to this answer."""
    ensure_request_id()
    return render_template("error.html", status=429, login_attempts=True), 429
