"""Switching the current membership, and the memberships the deployment administrator manages.

Only the deployment's administrator adds or removes a membership: a municipality's administrator
manages the accounts of their own municipality, and giving one of them a role elsewhere (or
another municipality's account a role here) would let one municipality decide who reads
another's records. An account with roles in several municipalities is therefore managed by the
deployment's administrator alone (users.service.manages)."""
from sqlalchemy import select, update

from kooperacje.audit.models import record
from kooperacje.auth.models import LoginSession, Membership
from kooperacje.auth.permissions import ROLE_LABELS, STAFF_ROLES, Role, reads_client_records
from kooperacje.extensions import db
from kooperacje.i18n import gettext as _
from kooperacje.municipalities.models import Municipality
from kooperacje.users.service import CASE_ACCESS_GRANTED, CASE_ACCESS_REVOKED

SWITCHED = "membership_switched"
ADDED = "membership_added"
REMOVED = "membership_removed"
#: the roles a membership beyond the home one may carry: the centre's staff (a partner's
#: representative is tied to one institution of their home municipality's PZK)
ADDABLE_ROLES = STAFF_ROLES


class MembershipError(ValueError):
    pass


def choices(user):
    """(membership id, "municipality — role") of the account's memberships, for the switch."""
    return [(m.id, f"{m.municipality.label if m.municipality else _('wdrożenie')} — {ROLE_LABELS[m.role_enum]}")
            for m in user.memberships]


def switch(user, membership_id, login_session_id):
    """Make one of ``user``'s memberships the login's current one; None if it is not theirs
    (nothing changes then). Written to the login session, never to the account."""
    membership = user.membership_by_id(membership_id)
    if membership is None:
        return None
    previous = user.current_membership
    db.session.execute(update(LoginSession).where(LoginSession.id == login_session_id, LoginSession.user_id == user.id)
                       .values(membership_id=membership.id))
    user.current_membership = membership
    record(SWITCHED, membership, user=user, municipality_id=membership.municipality_id,
           detail=f"{membership.role};from:{previous.municipality_id if previous else ''}")
    return membership


def municipalities():
    return db.session.scalars(select(Municipality).order_by(Municipality.display_name)).all()


def add(user, municipality_id, role):
    """A role for the municipal account ``user`` in another municipality."""
    role = Role(role)
    if role not in ADDABLE_ROLES:
        raise MembershipError(_("Tej roli nie można nadać w drugiej gminie."))
    if user.municipality_id is None:
        raise MembershipError(_("Konto wdrożenia nie pracuje w gminach."))
    if db.session.get(Municipality, municipality_id) is None:
        raise MembershipError(_("Wybierz gminę."))
    if user.membership_in(municipality_id) is not None:
        raise MembershipError(_("To konto ma już rolę w tej gminie."))
    membership = Membership(user=user, municipality_id=municipality_id, role=role.value)
    db.session.add(membership)
    db.session.flush()
    record(ADDED, membership, detail=role.value, municipality_id=municipality_id)
    if reads_client_records(role):
        record(CASE_ACCESS_GRANTED, user, detail=role.value, municipality_id=municipality_id)
    return membership


def remove(user, membership_id):
    """Take away a membership other than the home one: the account's open logins working there
    fall back to the home municipality at their next request (the guard checks every time)."""
    membership = user.membership_by_id(membership_id)
    if membership is None:
        return None
    if membership.municipality_id == user.municipality_id:
        raise MembershipError(_("Roli w gminie macierzystej konta nie usuwa się tutaj: zmień ją w edycji konta."))
    record(REMOVED, membership, detail=membership.role, municipality_id=membership.municipality_id)
    if reads_client_records(membership.role):
        record(CASE_ACCESS_REVOKED, user, detail=membership.role, municipality_id=membership.municipality_id)
    db.session.execute(update(LoginSession).where(LoginSession.membership_id == membership.id)
                       .values(membership_id=None))
    user.memberships.remove(membership)
    return membership
