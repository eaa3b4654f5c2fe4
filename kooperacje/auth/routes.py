from datetime import timedelta

from flask import Blueprint, current_app, flash, g, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_user, logout_user
from sqlalchemy import select, update

from kooperacje.audit.models import record
from kooperacje.auth import throttle, totp
from kooperacje.auth.forms import ChangePasswordForm, CodeForm, LoginForm
from kooperacje.auth.guard import safe_next, touch_session
from kooperacje.auth.models import (LoginSession, User, account_before_tenant, before_tenant, end_all_sessions,
                                    password_hasher)
from kooperacje.auth.passwords import password_problems
from kooperacje.auth.permissions import permission_required
from kooperacje.clock import utcnow
from kooperacje.extensions import db

bp = Blueprint("auth", __name__)
# Verifying against a real hash when the login is unknown keeps response times alike.
_DUMMY_HASH = password_hasher.hash("not-a-real-password-used-for-timing")


@bp.route("/login", methods=["GET", "POST"])
@throttle.per_address()
@throttle.per_account(throttle.address_and_typed_login)
def login():
    if current_user.is_authenticated:
        return redirect(url_for("home.index"))
    form = LoginForm()
    if form.validate_on_submit():
        user = db.session.scalar(before_tenant(select(User).where(User.username == form.username.data.strip().lower())))
        now = utcnow()
        # Exactly one password hash is verified on every path, so the answer time tells nothing
        # about whether the login exists, is locked or is deactivated.
        if user is None:
            _verify_dummy(form.password.data)
        elif user.is_locked(now):
            _verify_dummy(form.password.data)
            record("login_refused_locked", user=user)
            db.session.commit()
        elif user.check_password(form.password.data) and user.active:
            if user.one_time_password_expired(now):
                return _one_time_password_refused(user, form)
            _rehash_if_needed(user, form.password.data)
            if user.needs_second_factor:
                return _ask_for_code(user)
            return _start_session(user, safe_next(request.args.get("next")))
        else:
            _count_failure(user, now)
        flash(_("Nieprawidłowy login lub hasło. Po kilku nieudanych próbach konto jest na chwilę blokowane."), "error")
    return render_template("auth/login.html", form=form, next=safe_next(request.args.get("next")))


def fresh_session():
    """A new, empty session that keeps only the chosen interface language."""
    lang = session.get("lang")
    session.clear()
    if lang:
        session["lang"] = lang


def _verify_dummy(password):
    try:
        password_hasher.verify(_DUMMY_HASH, password)
    except Exception:  # noqa: BLE001 - always fails; only the time spent matters
        pass


def _count_failure(user, now):
    cfg = current_app.config
    user.failed_logins += 1
    detail = "inactive" if not user.active else None
    if user.failed_logins >= cfg["LOGIN_MAX_FAILURES"]:
        user.locked_until = now + timedelta(minutes=cfg["LOGIN_LOCK_MINUTES"])
        user.failed_logins = 0
        detail = "locked"
    record("login_failed", user=user, detail=detail)
    db.session.commit()


def _rehash_if_needed(user, password):
    if password_hasher.check_needs_rehash(user.password_hash):
        expires = user.one_time_expires_at
        user.set_password(password, one_time=user.must_change_password)
        user.one_time_expires_at = expires


def _start_session(user, next_url):
    if user.must_change_password and not _use_one_time_password(user, utcnow()):
        return _one_time_password_refused(user)
    fresh_session()  # no fixation
    user.failed_logins, user.locked_until = 0, None
    LoginSession.open_for(user)
    user.last_login_at = utcnow()
    record("login", user=user)
    db.session.commit()
    login_user(user)
    if user.must_change_password:
        return redirect(url_for("auth.change_password"))
    return redirect(next_url or url_for("home.index"))


def _use_one_time_password(user, now):
    """A one-time password opens one login: that login brings its expiry forward to now. Of two
    parallel logins with it only one UPDATE still finds the expiry both read (the other waits for
    the row or the write lock, then matches nothing), so only one of them gets a session."""
    if user.one_time_password_expired(now):
        return False
    read = user.one_time_expires_at
    still_unused = User.one_time_expires_at.is_(None) if read is None else User.one_time_expires_at == read
    result = db.session.execute(before_tenant(update(User).where(User.id == user.id, User.must_change_password.is_(True),
                                                                 still_unused).values(one_time_expires_at=now)))
    return result.rowcount == 1


def _one_time_password_refused(user, form=None):
    db.session.rollback()
    record("login_refused_expired", user=user)
    db.session.commit()
    session.pop(PENDING, None)
    flash(_("To hasło jednorazowe wygasło albo zostało już użyte. Poproś administratora o nowe."), "error")
    return render_template("auth/login.html", form=form or LoginForm(),
                           next=safe_next(request.args.get("next"))), 400


# --- the second factor (TOTP) for the roles that need it -----------------------------------

PENDING = throttle.PENDING_LOGIN


def _ask_for_code(user):
    """The password was right: remember that briefly and ask for the code (or set it up)."""
    fresh_session()
    session[PENDING] = {"user": user.id, "at": utcnow().timestamp(), "next": safe_next(request.args.get("next"))}
    if user.totp_enabled_at is None and not user.totp_secret:
        user.totp_secret = totp.new_secret()  # a candidate until a code from it is confirmed
    db.session.commit()
    return redirect(url_for(".login_code"))


def _pending_user(now):
    pending = session.get(PENDING)
    if not pending:
        return None, None
    user = account_before_tenant(pending["user"])
    fresh = now.timestamp() - pending["at"] < current_app.config["TOTP_PENDING_MINUTES"] * 60
    if user is None or not user.active or not fresh or user.is_locked(now):
        return None, None
    return user, pending


@bp.route("/login/code", methods=["GET", "POST"])
@throttle.per_address()
@throttle.per_account(throttle.address_and_pending_account)
def login_code():
    now = utcnow()
    user, pending = _pending_user(now)
    if user is None:
        session.pop(PENDING, None)
        flash(_("Zaloguj się ponownie: minęło zbyt wiele czasu albo konto jest zablokowane."), "error")
        return redirect(url_for(".login"))
    form = CodeForm()
    enrolling = user.totp_enabled_at is None
    if form.validate_on_submit():
        step = totp.accepted_step(user.totp_secret, form.code.data, user.totp_last_step)
        if step is not None:
            user.totp_last_step = step
            if enrolling:
                user.totp_enabled_at = now
                record("totp_enrolled", user=user)
            return _start_session(user, pending["next"])
        _count_failure(user, now)
        form.code.errors.append(_("Kod jest nieprawidłowy albo został już użyty. Wpisz aktualny kod."))
    uri = totp.provisioning_uri(user.totp_secret, user.username) if enrolling else None
    return render_template("auth/login_code.html", form=form, enrolling=enrolling,
                           qr=totp.qr_svg(uri) if uri else None, secret=user.totp_secret if enrolling else None
                           ), 400 if form.errors else 200


@bp.post("/logout")
@permission_required("account.own")
def logout():
    login = db.session.get(LoginSession, g.login_session_id)
    if login is not None:
        login.end("logout")
    record("logout")
    db.session.commit()
    logout_user()
    fresh_session()
    flash(_("Wylogowano."), "info")
    return redirect(url_for("auth.login"))


@bp.post("/session/extend")
@permission_required("account.own")
def extend_session():
    """Called by the inactivity warning: the user is still here, so the session goes on.
    (Loading the user already checked the session; this marks it as used now.)"""
    touch_session(g.login_session_id)
    return "", 204


@bp.route("/account/password", methods=["GET", "POST"])
@permission_required("account.own")
@throttle.per_account(throttle.address_and_signed_in_account, counted_when=throttle.credential_refused)
def change_password():
    form = ChangePasswordForm()
    if form.validate_on_submit():
        municipality = current_user.municipality
        municipality_name = f"{municipality.name or ''} {municipality.display_name}" if municipality else ""
        if not current_user.check_password(form.current_password.data):
            throttle.refuse_credential()
            form.current_password.errors.append(_("Obecne hasło jest nieprawidłowe."))
        elif form.new_password.data == form.current_password.data:
            form.new_password.errors.append(_("Nowe hasło musi różnić się od obecnego."))
        else:
            problems = password_problems(form.new_password.data, current_user.username, municipality_name,
                                         current_user.full_name)
            if problems:
                form.new_password.errors.extend(problems)
            else:
                return _apply_new_password(form.new_password.data)
    return render_template("auth/change_password.html", form=form)


def _apply_new_password(password):
    user = current_user._get_current_object()
    user.set_password(password)
    end_all_sessions(user, "password_changed")
    record("password_changed", user=user)
    fresh_session()
    LoginSession.open_for(user)  # this browser continues on a new session; copies of the old cookie die
    db.session.commit()
    login_user(user)
    flash(_("Hasło zostało zmienione. Inne zalogowane sesje zostały zakończone."), "success")
    return redirect(url_for("home.index"))
