"""Nothing typed is lost when a session or its form token runs out mid-form.

A POST that arrives after the login session ended by idleness (or with a stale CSRF token in a
live session) is parked on the server for the user who owned the session; when that user opens
the same form again after logging in, the form is filled from it once. The data stays in the
database, like the draft it belongs to: never in a URL, a log or the browser's storage.

A cookie whose session was ended on purpose (logout, a password change or reset, deactivation)
or never existed parks nothing: only the user's own idle browser may leave data for them. A
parked form is small (:data:`MAX_BYTES`) and kept only for :func:`keep_for`.
"""
from datetime import datetime, timedelta

from flask import current_app, flash, g, request, session
from flask_login import current_user
from sqlalchemy import JSON, ForeignKey, String, delete, select
from sqlalchemy.orm import Mapped, mapped_column
from werkzeug.datastructures import MultiDict

from kooperacje.auth.models import LoginSession, account_before_tenant
from kooperacje.clock import utcnow
from kooperacje.database import TenantScoped
from kooperacje.extensions import db
from kooperacje.i18n import gettext as _

NOT_PARKED = {"csrf_token"}
#: a long diagnosis is a few kilobytes; more than this is not a form typed by hand
MAX_BYTES = 64 * 1024


def keep_for():
    """How long a parked form waits: the form may have been open for the whole idle limit,
    and its owner gets a day to log in again and open it."""
    return timedelta(minutes=current_app.config["SESSION_IDLE_MINUTES"]) + timedelta(days=1)


class ParkedForm(TenantScoped, db.Model):
    __tablename__ = "parked_form"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"), index=True)
    path: Mapped[str] = mapped_column(String(300))
    #: the submitted fields as [name, value] pairs (repeated names kept)
    data: Mapped[list] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


def _session_owner():
    """The user whose login session this browser had, even if it has ended since. Only users of
    a municipality fill in casework forms, so only they get submissions parked."""
    user = current_user if current_user.is_authenticated else _owner_of_ended_session()
    return user if user is not None and user.active and user.current_municipality_id else None


def _owner_of_ended_session():
    """The owner of the session this cookie names, if it ended by idleness lately and nothing
    happened to the account since: no newer login (a password change opens one), no reset."""
    token = session.get("_user_id")
    if not token:
        return None
    login = db.session.scalar(select(LoginSession).where(LoginSession.token_hash == LoginSession.hash_token(token)))
    if login is None or _end_reason(login) != "idle" or utcnow() - login.last_seen_at > keep_for():
        return None
    newer = db.session.scalar(select(LoginSession.id).where(LoginSession.user_id == login.user_id,
                                                            LoginSession.id > login.id).limit(1))
    user = account_before_tenant(login.user_id)
    return user if newer is None and not user.must_change_password else None


def _end_reason(login):
    """Why the session ended, counting an end this very request found (written after the view)."""
    ended_id, reason = g.get("login_ended_now", (None, None))
    return reason if ended_id == login.id else login.end_reason


def park_submission():
    """Keep this POST's fields for the session's owner; returns the path to reopen, or None."""
    if request.method != "POST" or request.url_rule is None or "GET" not in request.url_rule.methods:
        return None
    user = _session_owner()
    if user is None:
        return None
    data = [[name, value] for name, value in request.form.items(multi=True) if name not in NOT_PARKED]
    if not data:
        return None
    if sum(len(name.encode()) + len(value.encode()) for name, value in data) > MAX_BYTES:
        flash(_("Sesja wygasła, a wpisane dane są zbyt obszerne, by je przechować. Wróć przyciskiem "
                "„Wstecz” przeglądarki i skopiuj tekst, zanim zalogujesz się ponownie."), "error")
        return None
    _delete_expired()
    db.session.add(ParkedForm(municipality_id=user.current_municipality_id, user_id=user.id, path=request.path, data=data))
    db.session.commit()
    return request.path


def _delete_expired():
    """Parked forms nobody came back for are deleted when the next one is parked."""
    # housekeeping over every municipality: rows past their time, whoever they belong to
    expired = delete(ParkedForm).where(ParkedForm.created_at < utcnow() - keep_for())
    db.session.execute(expired.execution_options(all_tenants=True))  # nosemgrep: no-unscoped-tenant-query


def restore_parked_form(form):
    """On a form's GET: fill ``form`` from the newest submission parked for this page, once."""
    parked = db.session.scalar(select(ParkedForm).where(
        ParkedForm.user_id == current_user.id, ParkedForm.path == request.path,
        ParkedForm.created_at > utcnow() - keep_for()).order_by(ParkedForm.id.desc()).limit(1))
    if parked is None:
        return False
    form.process(formdata=MultiDict([tuple(pair) for pair in parked.data]))
    # A write during a GET, in its own short IMMEDIATE transaction; scoped by the user's own id.
    with db.engine.connect().execution_options(sqlite_begin="immediate") as conn:  # nosemgrep: no-unscoped-tenant-query
        conn.execute(delete(ParkedForm).where(ParkedForm.user_id == current_user.id, ParkedForm.path == request.path))
        conn.commit()
    flash(_("Przywrócono dane wpisane przed wygaśnięciem sesji. Sprawdź je i zapisz."), "success")
    return True
