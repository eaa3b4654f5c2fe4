"""Account management rules: who manages whom, the one-time passwords, and grants of access to
client case files.

An administrator may not read client records, but manages the accounts that do. So every time
an account gains a role that reads them (created with it, given it, reactivated with it) an audit
event ``case_access_granted`` records who gave what to whom, ``case_access_revoked`` its loss, the
user list shows who granted each account's access and when, and nobody grants it to themselves:
not by changing their own role, nor through a second account in their own name or e-mail.
"""
from collections import defaultdict
from datetime import timedelta

from flask import current_app
from sqlalchemy import func, select

from kooperacje.audit.models import AuditEvent, record
from kooperacje.auth.models import Membership, User, before_tenant, end_all_sessions, municipalities_of, with_role
from kooperacje.auth.passwords import one_time_password
from kooperacje.auth.permissions import MUNICIPAL_ROLES, Role, as_read_by, reads_client_records
from kooperacje.extensions import db
from kooperacje.i18n import gettext as _
from kooperacje.partners.service import institution_refusal

CASE_ACCESS_GRANTED = "case_access_granted"
CASE_ACCESS_REVOKED = "case_access_revoked"


class AccountError(ValueError):
    """The change is refused; the message is for the user, shown at ``field``."""

    def __init__(self, message, field="role"):
        super().__init__(message)
        self.field = field


def manageable_users(actor):
    """The accounts ``actor`` lists: a municipality administrator the staff whose home is their
    municipality (the tenant scope); the deployment administrator everyone."""
    return as_read_by(actor, select(User))


def manages(actor, user):
    """An account with a role in several municipalities is managed by the deployment's
    administrator alone: one municipality's administrator resetting its password or changing it
    would reach into the other municipalities' records."""
    return actor.role_enum is Role.SUPERADMIN or municipalities_of(user.id) <= {user.municipality_id}


def get_manageable(actor, user_id):
    user = db.session.scalar(manageable_users(actor).where(User.id == user_id))
    return user if user is not None and manages(actor, user) else None


def assignable_roles(actor):
    if actor.role_enum is Role.SUPERADMIN:
        return list(Role)
    if actor.role_enum is Role.COORDINATOR:
        return [Role.PARTNER]  # the coordinator invites the PZK's partners, nobody else
    return list(MUNICIPAL_ROLES)


def create_user(actor, *, username, full_name, email, role, municipality_id=None, voivodeship_code=None,
                institution_id=None):
    """Create an account with a one-time password; returns (user, password) — show it once.
    A partner's representative speaks for ``institution_id``, a current member of the PZK."""
    if db.session.scalar(before_tenant(select(User.id).where(User.username == username))):  # logins are unique
        raise AccountError(_("Ten login jest już zajęty."), "username")
    role = Role(role)
    if role not in assignable_roles(actor):
        raise AccountError(_("Nie możesz nadać tej roli."))
    if actor.role_enum is not Role.SUPERADMIN:
        municipality_id, voivodeship_code = actor.current_municipality_id, None
    _check_role_scope(role, municipality_id, voivodeship_code, institution_id)
    _refuse_granting_oneself(actor, role, full_name, email)
    user = User(username=username, full_name=full_name, email=email or None, role=role.value,
                municipality_id=municipality_id if role in MUNICIPAL_ROLES else None,
                voivodeship_code=voivodeship_code if role is Role.OBSERVER else None,
                institution_id=institution_id if role is Role.PARTNER else None)
    password = one_time_password()
    user.set_password(password, one_time=True, valid_for=one_time_validity())
    db.session.add(user)
    db.session.flush()
    record("user_created", user, detail=_role_detail(user), municipality_id=user.municipality_id)
    _record_case_access(user, had_access=False)
    return user, password


def _refuse_granting_oneself(actor, role, full_name, email):
    """A second account in the actor's own name or e-mail would let them read what their own
    role may not: another administrator has to create it."""
    if not reads_client_records(role) or reads_client_records(actor.role_enum):
        return
    same_name = _normalised(full_name) == _normalised(actor.full_name)
    same_email = bool(email) and _normalised(email) == _normalised(actor.email)
    if same_name or same_email:
        raise AccountError(_("Nie możesz nadać dostępu do akt klientów kontu na własne imię i nazwisko lub "
                             "własny e-mail. Takie konto musi utworzyć inny administrator."))


def _normalised(text):
    return " ".join((text or "").split()).casefold()


def has_case_access(user):
    return user.active and reads_client_records(user.role)


def _record_case_access(user, had_access):
    """Audit a grant or a loss of access to client case files (the role code, never a name)."""
    has_access = has_case_access(user)
    if has_access != had_access:
        record(CASE_ACCESS_GRANTED if has_access else CASE_ACCESS_REVOKED, user, detail=user.role,
               municipality_id=user.municipality_id)


def case_access_grants(actor, users):
    """For the accounts among ``users`` that read client records: {user id: the audit event of
    the grant in force (its ``user`` granted it, ``at`` says when)}, from the trail ``actor`` reads."""
    ids = [u.id for u in users if has_case_access(u)]
    if not ids:
        return {}
    latest = (select(func.max(AuditEvent.id)).where(AuditEvent.action == CASE_ACCESS_GRANTED,
                                                    AuditEvent.object_type == User.__tablename__,
                                                    AuditEvent.object_id.in_(ids))
              .group_by(AuditEvent.object_id))
    events = db.session.scalars(as_read_by(actor, select(AuditEvent).where(AuditEvent.id.in_(latest)))).all()
    return {event.object_id: event for event in events}


def _check_role_scope(role, municipality_id, voivodeship_code, institution_id=None):
    if role in MUNICIPAL_ROLES and not municipality_id:
        raise AccountError(_("Pracownik gminy musi należeć do gminy."))
    if role is Role.OBSERVER and not voivodeship_code:
        raise AccountError(_("Obserwator regionalny musi mieć przypisane województwo."))
    if role is Role.PARTNER and (refusal := institution_refusal(municipality_id, institution_id)):
        raise AccountError(refusal, "institution_id")


def _role_detail(user):
    """The audit detail of an account's role: a partner's with their institution's id (no name)."""
    return f"{user.role};institution:{user.institution_id}" if user.institution_id else user.role


def update_user(actor, user, *, full_name, email, role, institution_id=None):
    """``institution_id`` None keeps a partner's institution as it is."""
    role = Role(role)
    if role not in assignable_roles(actor):
        raise AccountError(_("Nie możesz nadać tej roli."))
    if user.id == actor.id and role != actor.role_enum:
        if reads_client_records(role):
            raise AccountError(_("Nie możesz nadać sobie dostępu do akt klientów. Poproś o to innego administratora."))
        raise AccountError(_("Nie możesz zmienić własnej roli."))
    institution_id = (institution_id or user.institution_id) if role is Role.PARTNER else None
    changed_role = (user.role, user.institution_id) != (role.value, institution_id)
    if changed_role:  # a partner whose institution left keeps their name editable; the tie is checked when made
        _check_role_scope(role, user.municipality_id, user.voivodeship_code, institution_id)
    if user.id != actor.id and not reads_client_records(user.role):
        _refuse_granting_oneself(actor, role, full_name, email)
    had_access = has_case_access(user)
    user.full_name, user.email, user.role = full_name, email or None, role.value
    user.institution_id = institution_id
    if changed_role:  # what the account may see changed: its open sessions end
        end_all_sessions(user, "role_changed")
    record("user_updated", user, detail=_role_detail(user) if changed_role else None,
           municipality_id=user.municipality_id)
    _record_case_access(user, had_access)


def set_active(actor, user, active):
    if user.id == actor.id:
        raise AccountError(_("Nie możesz dezaktywować własnego konta."))
    had_access = has_case_access(user)
    user.active = active
    if not active:
        end_all_sessions(user, "deactivated")
    record("user_activated" if active else "user_deactivated", user, municipality_id=user.municipality_id)
    _record_case_access(user, had_access)


def one_time_validity():
    return timedelta(hours=current_app.config["ONE_TIME_PASSWORD_HOURS"])


def reset_password(actor, user):
    if user.id == actor.id:
        raise AccountError(_("Własne hasło zmień w ustawieniach konta."))
    password = one_time_password()
    user.set_password(password, one_time=True, valid_for=one_time_validity())
    user.totp_secret = user.totp_enabled_at = user.totp_last_step = None  # a lost phone: set up anew
    end_all_sessions(user, "password_reset")
    record("user_password_reset", user, municipality_id=user.municipality_id)
    return password


def active_staff(role, municipality_ids):
    """{municipality id: ((user id, e-mail or None), ...)} of the active accounts of ``role`` in
    those municipalities, in account order: whom a reminder for the municipality reaches."""
    found = defaultdict(tuple)
    if municipality_ids:
        for user, municipality_id in db.session.execute(with_role(
                select(User, Membership.municipality_id).where(User.active.is_(True)), role)
                .where(Membership.municipality_id.in_(municipality_ids)).order_by(User.id)):
            found[municipality_id] += ((user.id, user.email),)
    return found


def active_partner_accounts(institution_ids):
    """The ids of the active accounts that speak for these institutions: whom their news reaches."""
    if not institution_ids:
        return []
    return db.session.scalars(with_role(select(User.id).where(User.active.is_(True)), Role.PARTNER)
                              .where(Membership.institution_id.in_(institution_ids)).order_by(User.id)).all()
