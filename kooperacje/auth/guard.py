"""Deny by default: every endpoint needs a signed-in user unless it is on the allowlist.

Sessions live on the server (:class:`LoginSession`): the cookie carries only a token, so
logout, a password change or deactivation ends them for every copy of the cookie.
"""
import secrets
from datetime import timedelta
from urllib.parse import urlsplit

from flask import current_app, flash, g, redirect, request, url_for
from flask_login import current_user
from sqlalchemy import update
from werkzeug.exceptions import SecurityError

from kooperacje import parking
from kooperacje.auth.models import LoginSession
from kooperacje.clock import utcnow
from kooperacje.database import set_request_tenant, write_after_view
from kooperacje.extensions import login_manager
from kooperacje.i18n import gettext as _

#: Endpoints anyone may reach. Everything else requires login (tested over the whole URL map).
#: calendars.feed: a calendar app has no session; the secret token in its address is the key
PUBLIC_ENDPOINTS = frozenset({"auth.login", "auth.login_code", "static", "health", "i18n.set_language",
                              "calendars.feed"})
#: What a user with a one-time password may do before choosing their own.
FIRST_LOGIN_ENDPOINTS = PUBLIC_ENDPOINTS | {"auth.change_password", "auth.logout"}
TOUCH_EVERY = timedelta(seconds=60)


def init_app(app):
    login_manager.user_loader(load_user)
    login_manager.login_view = "auth.login"
    login_manager.login_message = None
    login_manager.session_protection = None  # sessions are server-side; no fragile IP/UA hashing
    app.before_request(require_login)


def load_user(token):
    found = LoginSession.find_open_with_user(token)
    if found is None:
        return None
    login, likely_municipality_id, unread = found
    now = utcnow()
    cfg = current_app.config
    idle_limit = timedelta(minutes=cfg["SESSION_IDLE_MINUTES"])
    idle = now - login.last_seen_at > idle_limit
    expired = now - login.created_at > timedelta(hours=cfg["SESSION_ABSOLUTE_HOURS"])
    if idle or expired or not login.user.active:
        _end_login(login.id, "idle" if idle else "expired" if expired else "inactive")
        return None
    if now - login.last_seen_at > min(TOUCH_EVERY, idle_limit / 4):
        touch_session(login.id, now)
    user = login.user
    user.session_token = token
    # the membership the session chose, while the account still has it (checked every request)
    user.current_membership = user.membership_by_id(login.membership_id) or user.default_membership
    if user.current_membership is None:
        return None  # an account without a role anywhere signs in to nothing
    g.login_session_id = login.id
    if user.current_municipality_id == likely_municipality_id:
        g.unread_notifications = unread  # counted in the request's own municipality
    return user


def touch_session(login_id, now=None):
    """Mark a login session as used now (the idle timeout counts from here)."""
    write_after_view(update(LoginSession).where(LoginSession.id == login_id).values(last_seen_at=now or utcnow()))


def _end_login(login_id, reason):
    g.login_ended_now = (login_id, reason)  # written after the view; parking asks before that
    write_after_view(update(LoginSession).where(LoginSession.id == login_id)
                     .values(ended_at=utcnow(), end_reason=reason))


def require_login():
    g.request_id = secrets.token_hex(8)
    set_request_tenant(None)
    if isinstance(request.routing_exception, SecurityError):
        return None  # an untrusted Host: refused with 400 before anything else
    if request.endpoint in PUBLIC_ENDPOINTS:
        return None
    if not current_user.is_authenticated:
        parked = parking.park_submission()
        if parked:
            flash(_("Sesja wygasła. Zaloguj się ponownie: wpisane dane zostały zachowane i wrócą do formularza."),
                  "error")
        return redirect(url_for("auth.login", next=safe_next(parked or request.full_path)))
    set_request_tenant(current_user.current_municipality_id)
    if current_user.must_change_password and request.endpoint not in FIRST_LOGIN_ENDPOINTS:
        return redirect(url_for("auth.change_password"))
    return None


def safe_next(target):
    """A local path to return to after login, or None (no open redirects)."""
    if not target:
        return None
    target = target.rstrip("?")
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return None
    return target
