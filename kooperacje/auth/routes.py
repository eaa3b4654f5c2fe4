from flask import Blueprint, current_app, flash, g, redirect, render_template, request, session, url_for
from flask_login import current_user, login_user, logout_user

from kooperacje.auth import service, throttle, totp
from kooperacje.auth.forms import ChangePasswordForm, CodeForm, LoginForm
from kooperacje.auth.guard import safe_next, touch_session
from kooperacje.auth.models import account_before_tenant
from kooperacje.auth.passwords import password_problems
from kooperacje.auth.permissions import permission_required
from kooperacje.clock import utcnow
from kooperacje.extensions import db
from kooperacje.i18n import gettext as _

bp = Blueprint("auth", __name__)
@bp.route("/login", methods=["GET", "POST"])
@throttle.per_address()
@throttle.failures_per_address()
@throttle.per_account(throttle.address_and_typed_login)
def login():
    if current_user.is_authenticated:
        return redirect(url_for("home.index"))
    form = LoginForm()
    if form.validate_on_submit():
        user = service.account_named(form.username.data)
        now = utcnow()
        # Exactly one password hash is verified on every path, so the answer time tells nothing
        # about whether the login exists, is locked or is deactivated.
        if user is None:
            service.verify_dummy(form.password.data)
        elif user.is_locked(now):
            service.verify_dummy(form.password.data)
            service.refuse_locked(user)
            db.session.commit()
        elif user.check_password(form.password.data) and user.active:
            if user.one_time_password_expired(now):
                return _one_time_password_refused(user, form)
            service.rehash_if_needed(user, form.password.data)
            if user.needs_second_factor:
                return _ask_for_code(user)
            return _start_session(user, safe_next(request.args.get("next")))
        else:
            service.count_failure(user, now)
            db.session.commit()
        throttle.refuse_credential()
        flash(_("Nieprawidłowy login lub hasło. Po kilku nieudanych próbach konto jest na chwilę blokowane."), "error")
    return render_template("auth/login.html", form=form, next=safe_next(request.args.get("next")))


def fresh_session():
    """A new, empty session that keeps only the chosen interface language."""
    lang = session.get("lang")
    session.clear()
    if lang:
        session["lang"] = lang


def _start_session(user, next_url):
    now = utcnow()
    if user.must_change_password and not service.use_one_time_password(user, now):
        return _one_time_password_refused(user)
    fresh_session()  # no fixation
    service.open_login(user, now)
    db.session.commit()
    login_user(user)
    if user.must_change_password:
        return redirect(url_for("auth.change_password"))
    return redirect(next_url or url_for("home.index"))


def _one_time_password_refused(user, form=None):
    service.refuse_expired_one_time_password(user)
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
    service.offer_second_factor(user)
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
@throttle.failures_per_address()
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
        if service.accept_code(user, form.code.data, now):
            return _start_session(user, pending["next"])
        service.count_failure(user, now)
        db.session.commit()
        throttle.refuse_credential()
        form.code.errors.append(_("Kod jest nieprawidłowy albo został już użyty. Wpisz aktualny kod."))
    uri = totp.provisioning_uri(user.totp_secret, user.username) if enrolling else None
    return render_template("auth/login_code.html", form=form, enrolling=enrolling,
                           qr=totp.qr_svg(uri) if uri else None, secret=user.totp_secret if enrolling else None
                           ), 400 if form.errors else 200


@bp.post("/logout")
@permission_required("account.own")
def logout():
    service.end_login(g.login_session_id)
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
    fresh_session()
    service.change_own_password(user, password)  # this browser goes on in a new session; old cookies die
    db.session.commit()
    login_user(user)
    flash(_("Hasło zostało zmienione. Inne zalogowane sesje zostały zakończone."), "success")
    return redirect(url_for("home.index"))
