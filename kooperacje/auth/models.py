"""Staff accounts and their server-side login sessions."""
import ctypes
import functools
import hashlib
import secrets
from datetime import datetime

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask import g, has_app_context
from sqlalchemy import ForeignKey, String, UniqueConstraint, bindparam, func, select
from sqlalchemy.orm import Mapped, joinedload, mapped_column, relationship

from kooperacje.auth.permissions import MUNICIPAL_ROLES, Role
from kooperacje.clock import utcnow
from kooperacje.database import ALL_TENANTS, TenantScopedOrDeployment
from kooperacje.extensions import db

# argon2id at OWASP's first recommended setting (m = 19 MiB, t = 2, p = 1): about 20 ms on one
# core. argon2-cffi's default (64 MiB, t = 3, p = 4) took 110-160 ms of both cores of a 2-core
# server, so six anonymous wrong-password loops left the signed-in workers 3 % of their saves.
# Hashes made with other parameters are re-made at the next right password (service.rehash_if_needed).
password_hasher = PasswordHasher(time_cost=2, memory_cost=19 * 1024, parallelism=1)
#: glibc's mallopt parameter for the size above which a buffer gets a memory mapping of its own
_M_MMAP_THRESHOLD = -3


def _hash_buffers_go_back_to_the_system():
    """glibc gives a buffer above its mmap threshold a mapping of its own, unmapped when freed,
    but raises the threshold to the size of every such buffer freed: from a worker's second login
    on, argon2's 19 MiB came from the heap and stayed resident (+19 MB in every worker). A fixed
    threshold keeps hash buffers mapped and returned. Other C libraries: nothing to do."""
    mallopt = getattr(ctypes.CDLL(None), "mallopt", None)
    if mallopt is not None:
        mallopt(_M_MMAP_THRESHOLD, 1024 * 1024)


_hash_buffers_go_back_to_the_system()


def before_tenant(statement):
    """Signing in (the typed login, the session token, the pending second factor, a parked form)
    comes before the request knows its tenant: such statements find an account by a login or a
    secret, in whichever municipality it is."""
    return statement.execution_options(**{ALL_TENANTS: True})  # nosemgrep: no-unscoped-tenant-query


def account_before_tenant(user_id):
    return db.session.scalar(before_tenant(select(User).where(User.id == user_id)))


class Membership(TenantScopedOrDeployment, db.Model):
    """One role of an account in one municipality (municipality None: in the deployment, for its
    administrator and regional observers). Every account has at least one; a PCPR worker or a
    powiat labour office's representative has one in each gmina they work with. The signed-in
    request works in one of them at a time (:attr:`User.membership`), and from it come both the
    request's tenant and the role permissions ask about."""

    __tablename__ = "membership"
    __table_args__ = (UniqueConstraint("user_id", "municipality_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"), index=True)
    role: Mapped[str] = mapped_column(String(32))
    #: the member institution a partner's representative speaks for here (None for every other role)
    institution_id: Mapped[int | None] = mapped_column(ForeignKey("partner_institution.id"), index=True)

    user = relationship("User", back_populates="memberships")
    municipality = relationship("Municipality", lazy="joined")
    institution = relationship("Institution")

    @property
    def role_enum(self):
        return Role(self.role)


def municipalities_of(user_id):
    """Every municipality an account has a role in, whatever the request's tenant (an account's
    memberships loaded in a request are those of its municipality only)."""
    return set(db.session.scalars(before_tenant(select(Membership.municipality_id).where(Membership.user_id == user_id))))


def with_role(statement, *roles):
    """``statement`` (selecting accounts) narrowed to those with one of ``roles``: the membership
    table is tenant-scoped, so in a request the role counted is the one in its municipality."""
    return statement.join(User.memberships).where(Membership.role.in_([Role(r).value for r in roles]))


class User(TenantScopedOrDeployment, db.Model):
    __tablename__ = "user_account"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    full_name: Mapped[str] = mapped_column(String(120))
    email: Mapped[str | None] = mapped_column(String(254))
    #: municipality_id (TenantScopedOrDeployment): the account's home, whose administrator manages it
    #: and whose membership is the default at login; None for the deployment's own accounts
    #: the voivodeship (TERYT WOJ code) a regional observer sees aggregates for
    voivodeship_code: Mapped[str | None] = mapped_column(String(2))
    password_hash: Mapped[str] = mapped_column(String(255))
    must_change_password: Mapped[bool] = mapped_column(default=True)
    #: when a one-time password stops working (None: no limit, or not a one-time password)
    one_time_expires_at: Mapped[datetime | None]
    #: the TOTP secret (base32); it counts only once confirmed with a code (totp_enabled_at)
    totp_secret: Mapped[str | None] = mapped_column(String(64))
    totp_enabled_at: Mapped[datetime | None]
    #: the time step of the last accepted code: no code is accepted twice
    totp_last_step: Mapped[int | None]
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_login_at: Mapped[datetime | None]
    #: consecutive failed logins, kept in the database so the lockout holds across workers
    failed_logins: Mapped[int] = mapped_column(default=0, server_default="0")
    locked_until: Mapped[datetime | None]

    home_municipality = relationship("Municipality", lazy="joined")
    #: every membership, whatever the request's tenant (a relationship load is not scoped)
    memberships: Mapped[list[Membership]] = relationship(
        Membership, back_populates="user", lazy="selectin", order_by=Membership.id, cascade="all, delete-orphan")

    #: the membership this login works in, set by the guard from the login session
    current_membership = None

    def __init__(self, *, role=None, institution_id=None, **fields):
        """``role`` (and a partner's ``institution_id``) give the account its home membership."""
        super().__init__(**fields)
        if role is not None:
            self.memberships.append(Membership(municipality_id=self.municipality_id, role=role,
                                               institution_id=institution_id))

    def membership_in(self, municipality_id):
        return next((m for m in self.memberships if m.municipality_id == municipality_id), None)

    def membership_by_id(self, membership_id):
        return next((m for m in self.memberships if m.id == membership_id), None)

    @property
    def default_membership(self):
        return self.membership_in(self.municipality_id) or next(iter(self.memberships), None)

    @property
    def membership(self):
        """The signed-in user's current membership; any other account's in the request's
        municipality (or, outside one, its home)."""
        if self.current_membership is not None:
            return self.current_membership
        tenant = g.get("tenant_id") if has_app_context() else None
        return self.membership_in(tenant) or self.default_membership

    @property
    def spans_municipalities(self):
        """Whether the loaded memberships are in several municipalities: complete for the signed-in
        account and for the deployment administrator's reading; else see :func:`municipalities_of`."""
        return len({m.municipality_id for m in self.memberships}) > 1

    @property
    def role(self):
        return self.membership.role

    @role.setter
    def role(self, value):
        self.membership.role = value

    @property
    def institution_id(self):
        return self.membership.institution_id

    @institution_id.setter
    def institution_id(self, value):
        self.membership.institution_id = value

    @property
    def institution(self):
        return self.membership.institution

    @property
    def municipality(self):
        """The municipality the account works in now (see :attr:`membership`)."""
        return self.membership.municipality

    @property
    def current_municipality_id(self):
        return self.membership.municipality_id

    # Flask-Login interface. get_id() returns the token of *this* login session, so a session
    # cookie only works while its server-side LoginSession row is open.
    session_token = None

    @property
    def is_authenticated(self):
        return True

    @property
    def is_active(self):
        return self.active

    @property
    def is_anonymous(self):
        return False

    def get_id(self):
        return self.session_token

    @property
    def role_enum(self):
        return Role(self.role)

    @property
    def is_municipal(self):
        return self.role_enum in MUNICIPAL_ROLES

    def set_password(self, password, one_time=False, valid_for=None):
        """A one-time password (new account, reset) works once and only for ``valid_for``."""
        self.password_hash = password_hasher.hash(password)
        self.must_change_password = one_time
        self.one_time_expires_at = utcnow() + valid_for if one_time and valid_for else None

    def one_time_password_expired(self, now):
        return self.must_change_password and self.one_time_expires_at is not None and self.one_time_expires_at < now

    @property
    def needs_second_factor(self):
        from flask import current_app

        # any of the account's roles: switching to one must not skip the second factor it needs
        return any(m.role in current_app.config["TOTP_ROLES"] for m in self.memberships)

    def is_locked(self, now):
        return self.locked_until is not None and self.locked_until > now

    def check_password(self, password):
        try:
            return password_hasher.verify(self.password_hash, password)
        except (VerificationError, InvalidHashError):
            return False


class LoginSession(db.Model):
    """One login: the cookie holds a random token, the database only its SHA-256."""

    __tablename__ = "login_session"

    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"), index=True)
    #: the membership this login works in (None: the account's default); switching writes here,
    #: never to the account, and the guard checks it against the account's memberships every request
    membership_id: Mapped[int | None] = mapped_column(ForeignKey("membership.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_seen_at: Mapped[datetime] = mapped_column(default=utcnow)
    ended_at: Mapped[datetime | None]
    end_reason: Mapped[str | None] = mapped_column(String(32))

    user: Mapped[User] = relationship()

    @staticmethod
    def hash_token(token):
        return hashlib.sha256(token.encode()).hexdigest()

    @classmethod
    def open_for(cls, user):
        token = secrets.token_urlsafe(32)
        db.session.add(cls(token_hash=cls.hash_token(token), user=user))
        user.session_token = token
        return token

    @classmethod
    def find_open_with_user(cls, token):
        """(the open session with its user and memberships, the municipality the session most
        likely works in, the user's unread notifications there) in one query: every signed-in
        request asks, and the header shows the count. It runs before the request knows its
        tenant: the secret token is what finds the row."""
        found = db.session.execute(_open_session_lookup(), {"token_hash": cls.hash_token(token)})
        return found.unique().first()

    def end(self, reason):
        self.ended_at = utcnow()
        self.end_reason = reason


@functools.cache
def _open_session_lookup():
    """The statement of :meth:`LoginSession.find_open_with_user`, built once (building it took a
    third of the lookup's time) with the token's hash as its parameter. The municipalities come
    when a page asks for one (by primary key): joined here they were half the cost of a light
    page's lookup."""
    from kooperacje.notifications.models import unread_count_of

    login = LoginSession
    # correlated explicitly: the count nests them a level deeper than automatic correlation reaches
    chosen = select(Membership.municipality_id).where(Membership.id == login.membership_id).correlate(login)
    home = select(User.municipality_id).where(User.id == login.user_id).correlate(login)
    likely = func.coalesce(chosen.scalar_subquery(), home.scalar_subquery())
    user = joinedload(login.user)
    return before_tenant(
        select(login, likely, unread_count_of(login.user_id, likely))
        .options(user.lazyload(User.home_municipality),
                 user.joinedload(User.memberships).lazyload(Membership.municipality))
        .where(login.token_hash == bindparam("token_hash"), login.ended_at.is_(None))
    )


def end_all_sessions(user, reason):
    """Close every open login of ``user`` (password change, deactivation)."""
    for login in db.session.scalars(
        select(LoginSession).where(LoginSession.user_id == user.id, LoginSession.ended_at.is_(None))
    ):
        login.end(reason)
