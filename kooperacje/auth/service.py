"""Signing in and out, the second factor and one's own password: every change to an account's
sign-in state, each with its audit record. The caller commits; the pages and the browser
session (cookies, flashes) stay in routes.py."""
from datetime import timedelta

from flask import current_app
from sqlalchemy import select, update

from kooperacje.audit.models import record
from kooperacje.auth import totp
from kooperacje.auth.models import LoginSession, User, before_tenant, end_all_sessions, password_hasher
from kooperacje.extensions import db

# Verifying against a real hash when the login is unknown keeps response times alike.
_DUMMY_HASH = password_hasher.hash("not-a-real-password-used-for-timing")


def account_named(username):
    return db.session.scalar(before_tenant(select(User).where(User.username == username.strip().lower())))


def verify_dummy(password):
    """Spend the time of one password check on a login that cannot succeed."""
    try:
        password_hasher.verify(_DUMMY_HASH, password)
    except Exception:  # noqa: BLE001 - always fails; only the time spent matters
        pass


def refuse_locked(user):
    record("login_refused_locked", user=user)


def refuse_expired_one_time_password(user):
    db.session.rollback()  # nothing of this attempt but its audit record is kept
    record("login_refused_expired", user=user)


def count_failure(user, now):
    """A wrong password or code; enough of them in a row lock the account for a while."""
    cfg = current_app.config
    user.failed_logins += 1
    detail = "inactive" if not user.active else None
    if user.failed_logins >= cfg["LOGIN_MAX_FAILURES"]:
        user.locked_until = now + timedelta(minutes=cfg["LOGIN_LOCK_MINUTES"])
        user.failed_logins = 0
        detail = "locked"
    record("login_failed", user=user, detail=detail)


def rehash_if_needed(user, password):
    """Stored hashes follow the hasher's current parameters at the next right password."""
    if password_hasher.check_needs_rehash(user.password_hash):
        expires = user.one_time_expires_at
        user.set_password(password, one_time=user.must_change_password)
        user.one_time_expires_at = expires


def use_one_time_password(user, now):
    """A one-time password opens one login: that login brings its expiry forward to now. Of two
    parallel logins with it only one UPDATE still finds the expiry both read (the other waits for
    the row or the write lock, then matches nothing), so only one of them gets a session."""
    if user.one_time_password_expired(now):
        return False
    read = user.one_time_expires_at
    still_unused = User.one_time_expires_at.is_(None) if read is None else User.one_time_expires_at == read
    result = db.session.execute(before_tenant(
        update(User).where(User.id == user.id, User.must_change_password.is_(True), still_unused)
        .values(one_time_expires_at=now)))
    return result.rowcount == 1


def open_login(user, now):
    """The login succeeded: a new server-side session; returns it (its token goes in the cookie)."""
    user.failed_logins, user.locked_until = 0, None
    login = LoginSession.open_for(user)
    user.last_login_at = now
    record("login", user=user)
    return login


def offer_second_factor(user):
    """Before the code is asked for: an account without a confirmed authenticator gets a candidate
    secret, which counts only once a code from it is confirmed."""
    if user.totp_enabled_at is None and not user.totp_secret:
        user.totp_secret = totp.new_secret()


def accept_code(user, code, now):
    """Whether ``code`` is a fresh code of the account's authenticator; the first accepted code
    confirms a new authenticator. A code is never accepted twice."""
    step = totp.accepted_step(user.totp_secret, code, user.totp_last_step)
    if step is None:
        return False
    user.totp_last_step = step
    if user.totp_enabled_at is None:
        user.totp_enabled_at = now
        record("totp_enrolled", user=user)
    return True


def end_login(login_session_id):
    login = db.session.get(LoginSession, login_session_id)
    if login is not None:
        login.end("logout")
    record("logout")


def change_own_password(user, password):
    """A new password ends every session of the account; returns the new one for this browser."""
    user.set_password(password)
    end_all_sessions(user, "password_changed")
    record("password_changed", user=user)
    return LoginSession.open_for(user)
