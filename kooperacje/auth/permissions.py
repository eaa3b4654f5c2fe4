"""Who may do what: the authorisation matrix, kept as data.

Routes declare the permission they need with :func:`permission_required`; the before-request
guard in :mod:`kooperacje.auth.guard` lets nothing through that declares neither a
permission nor a place on the public allowlist.
"""
from enum import StrEnum
from functools import wraps

from flask import abort
from flask_login import current_user

from kooperacje.database import ALL_TENANTS
from kooperacje.i18n import lazy_gettext as _l


class Role(StrEnum):
    SUPERADMIN = "superadmin"
    ADMIN = "municipality_admin"
    COORDINATOR = "coordinator"
    WORKER = "social_worker"
    OBSERVER = "regional_observer"
    #: a member institution's representative (PUP, school, police…): sees only their institution's part
    PARTNER = "partner"
    #: the head of the centre (kierownik): the caseload, handing cases over, approving contracts
    HEAD = "centre_head"


ROLE_LABELS = {
    Role.SUPERADMIN: _l("Administrator wdrożenia"),
    Role.ADMIN: _l("Administrator gminy"),
    Role.COORDINATOR: _l("Koordynator PZK"),
    Role.WORKER: _l("Pracownik socjalny"),
    Role.OBSERVER: _l("Obserwator regionalny"),
    Role.PARTNER: _l("Przedstawiciel instytucji partnerskiej"),
    Role.HEAD: _l("Kierownik ośrodka"),
}

#: The centre's own staff: they read the municipality's and the whole PZK's pages.
STAFF_ROLES = (Role.ADMIN, Role.COORDINATOR, Role.WORKER, Role.HEAD)
#: Roles that belong to exactly one municipality (a partner through their member institution).
MUNICIPAL_ROLES = (*STAFF_ROLES, Role.PARTNER)
EVERYONE = frozenset(Role)

PERMISSIONS: dict[str, frozenset[Role]] = {
    "book.read": EVERYONE,
    "account.own": EVERYONE,
    "models.read": EVERYONE,
    "municipality.read": frozenset(STAFF_ROLES),
    "municipality.configure": frozenset({Role.ADMIN}),
    "partnership.read": frozenset(STAFF_ROLES),
    "partnership.edit": frozenset({Role.ADMIN, Role.COORDINATOR}),
    # Partner accounts: the coordinator invites them; a partner reaches only their institution's
    # pages (kooperacje/partners), scoped to it in one place (partners.service.own).
    "partners.invite": frozenset({Role.ADMIN, Role.COORDINATOR}),
    "partner.portal": frozenset({Role.PARTNER}),
    # Client records hold special-category data: the social workers who handle cases, and the
    # head of the centre, who reads them (approving a contract is reading it) but writes none;
    # giving either role is a grant of case access (audited, never to oneself: users/service.py).
    "clients.read": frozenset({Role.WORKER, Role.HEAD}),
    "clients.edit": frozenset({Role.WORKER}),
    # The team around a family (kooperacje/teams): the case's staff, and partner accounts, which
    # read a team only while they are its members and the family's consent covers their
    # institution (one rule: teams.service.readable_team; any other team is a 404 to them).
    "teams.read": frozenset({Role.WORKER, Role.HEAD, Role.PARTNER}),
    # Partners' signals of families (kooperacje/intake) name a person and what the partner saw:
    # they are read and decided by those who open case files, the social workers and the head
    # of the centre; registering a case from a signal still needs clients.edit.
    "intake.handle": frozenset({Role.WORKER, Role.HEAD}),
    # The head of the centre: the caseload in numbers, handing a case to another worker, and
    # approving contracts before signing where the centre's profile turns approval on.
    "caseload.read": frozenset({Role.HEAD}),
    "cases.assign": frozenset({Role.HEAD}),
    "contracts.approve": frozenset({Role.HEAD}),
    # The bulk export of contracts (ZIP): the head of the centre, and the municipality's
    # administrator, who reads no case file otherwise, by this one explicit grant; every contract
    # put in a ZIP is audited as an access with its purpose (contracts/exports.py).
    "contracts.export": frozenset({Role.ADMIN, Role.HEAD}),
    # The municipality dashboard: aggregates of the own municipality only (counts computed in the
    # database), so no case file is opened and no client is named; the caseload's rows name the
    # centre's workers, as the head's caseload page does. The PZK part alone is the coordinator's too.
    "dashboard.municipal": frozenset({Role.ADMIN, Role.HEAD}),
    "dashboard.pzk": frozenset({Role.ADMIN, Role.HEAD, Role.COORDINATOR}),
    # The statutory reports' numbers (MRPiPS-03, OZPS): aggregates of the own municipality, counted
    # from columns (no case file is loaded, no client named), for those who sign the reports.
    "reports.read": frozenset({Role.ADMIN, Role.HEAD}),
    "users.manage": frozenset({Role.ADMIN, Role.SUPERADMIN}),
    "municipalities.manage": frozenset({Role.SUPERADMIN}),
    # a role in a second municipality (kooperacje/memberships): only the deployment decides who
    # works across municipalities; switching among one's own memberships is account.own
    "memberships.manage": frozenset({Role.SUPERADMIN}),
    "audit.read": frozenset({Role.ADMIN, Role.SUPERADMIN}),
    "statistics.regional": frozenset({Role.OBSERVER, Role.SUPERADMIN}),
}


def reads_client_records(role):
    """Whether ``role`` opens client case files: giving or taking it is a grant of case access."""
    return Role(role) in PERMISSIONS["clients.read"]


def can(permission, user=None):
    user = user or current_user
    if not getattr(user, "is_authenticated", False):
        return False
    return Role(user.role) in PERMISSIONS[permission]


def permission_required(permission):
    """Refuse (403) users whose role lacks ``permission``; records it for the URL-map audit."""
    if permission not in PERMISSIONS:
        raise KeyError(f"unknown permission {permission!r}")

    def decorator(view):
        @wraps(view)
        def wrapped(*args, **kwargs):
            if not can(permission):
                abort(403)
            return view(*args, **kwargs)

        wrapped.required_permission = permission
        return wrapped

    return decorator


def as_read_by(user, statement):
    """``statement`` as ``user`` may read it: the deployment administrator reads accounts and the
    audit trail of every municipality (and of the deployment); everyone else reads through the
    tenant scope of :mod:`kooperacje.database`, which applies without being asked."""
    if user.role_enum is Role.SUPERADMIN:
        return statement.execution_options(**{ALL_TENANTS: True})  # nosemgrep: no-unscoped-tenant-query
    return statement
