"""Cross-cutting HTTP behaviour: security headers, error pages, the health check, and links
into the app from outside a request."""
from urllib.parse import urlsplit

from flask import Blueprint, abort, current_app, flash, g, redirect, render_template, request
from flask.sessions import SecureCookieSessionInterface
from flask_login import current_user
from flask_wtf import FlaskForm

from kooperacje import errors
from kooperacje.database import SAFE_METHODS
from kooperacje.extensions import db
from kooperacje.ids import IdConverter

bp = Blueprint("web", __name__)

CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'"
)
#: Browsers that once reached the app over HTTPS keep to HTTPS for a year (production only).
STRICT_TRANSPORT_SECURITY = "max-age=31536000; includeSubDomains"


class NoStoreCookieSessionInterface(SecureCookieSessionInterface):
    """The session cookie is written after every after_request function has run, so this is
    the one place that sees each response that sets or clears a cookie (login, a failed login,
    logout): none of them may be kept by a browser or proxy cache and replayed."""

    def save_session(self, app, session, response):
        super().save_session(app, session, response)
        if "Set-Cookie" in response.headers:
            response.headers["Cache-Control"] = "no-store"


def register_converters(app):
    """Before any route is added: ``<int:...>`` accepts only numbers an id column can hold."""
    app.url_map.converters["int"] = IdConverter


def init_app(app):
    app.session_interface = NoStoreCookieSessionInterface()
    register_converters(app)
    app.before_request(refuse_files)
    app.after_request(security_headers)
    errors.init_app(app)
    app.add_url_rule("/health", "health", health)


#: room in a request for the form's other fields and the multipart framing around its file
UPLOAD_ENVELOPE_BYTES = 64 * 1024


def accepts_files(*fields, max_bytes=None):
    """Marks the few views whose form takes a file, in the named fields only (each checks the
    file's content and size). ``max_bytes`` (a callable, read at each request: a setting) lets
    that view's requests exceed MAX_CONTENT_LENGTH by the file it takes."""
    def mark(view):
        view.file_fields = frozenset(fields)
        view.max_upload_bytes = max_bytes
        return view
    return mark


def refuse_files():
    """A file part where text belongs (which no page sends) is a bad request, answered before any
    form reads it; only the fields a view names with :func:`accepts_files` take files."""
    if request.method in SAFE_METHODS:
        return
    view = current_app.view_functions.get(request.endpoint)
    max_bytes = getattr(view, "max_upload_bytes", None)
    if max_bytes is not None:
        request.max_content_length = max(current_app.config["MAX_CONTENT_LENGTH"] or 0,
                                         max_bytes() + UPLOAD_ENVELOPE_BYTES)
    if request.files:
        if set(request.files) - getattr(view, "file_fields", frozenset()):
            abort(400)


def security_headers(response):
    headers = response.headers
    headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
    headers["X-Content-Type-Options"] = "nosniff"
    headers["Referrer-Policy"] = "same-origin"
    headers["Cross-Origin-Opener-Policy"] = "same-origin"
    headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=()"
    if current_user and current_user.is_authenticated:
        headers["Cache-Control"] = "no-store"  # pages of a signed-in user never stay in a cache
    if current_app.config["ENV"] == "production":
        headers["Strict-Transport-Security"] = STRICT_TRANSPORT_SECURITY
    if g.get("request_id"):
        headers["X-Request-Id"] = g.request_id
    return response


def health():
    return {"status": "ok"}


def external_url(endpoint, values):
    """An absolute link into the app at PUBLIC_URL (there is no request to take the host from)."""
    public = urlsplit(current_app.config["PUBLIC_URL"])
    adapter = current_app.url_map.bind(public.netloc, script_name=public.path or "/", url_scheme=public.scheme)
    values = dict(values)
    anchor = values.pop("_anchor", None)  # url_for's fragment, which the URL map knows nothing of
    url = adapter.build(endpoint, values, force_external=True)
    return f"{url}#{anchor}" if anchor else url


def delete_when_confirmed(delete, *, done, then, title, what, back, consequence=None):
    """A deletion in two steps: GET asks (``title``, ``what`` goes, ``consequence`` if any, a
    button and a way ``back``); the POST of that page (its CSRF token checked) calls ``delete``,
    commits, says ``done`` and goes to ``then``."""
    form = FlaskForm()
    if form.validate_on_submit():
        delete()
        db.session.commit()
        flash(done, "success")
        return redirect(then)
    return render_template("confirm_delete.html", form=form, title=title, what=what, consequence=consequence,
                           back=back)
