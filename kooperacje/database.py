"""Database safety settings, the write discipline and the one place where tenant scoping happens.

The write discipline (both databases): a request holds the main database's write lock only for
the moment it writes. Reads run outside any transaction (each statement sees the last commit);
the first statement that writes opens one: ``BEGIN IMMEDIATE`` on SQLite, so two writers queue on
the busy timeout instead of failing when a read would be upgraded to a write, and ``BEGIN`` on
PostgreSQL (driver in autocommit), so a page that only reads costs no BEGIN and ROLLBACK round
trips and keeps the driver's prepared statements, which a ROLLBACK would discard. Nothing taken
before the first write (a password hash, a rendered template) runs under the lock. Under READ
COMMITTED each statement reads its own snapshot in a transaction too, so reads see the same.
The writes that reads make (access audit rows, session touches) are queued with
:func:`write_after_view` and written in one short transaction on the request's own session after
the view, before the response is sent: the audit row of every page that showed client data is durable when the page leaves, and
no second connection ever waits for the request's own lock.
"""
import re
import sqlite3
from contextlib import contextmanager

from flask import g, has_app_context, has_request_context
from sqlalchemy import ForeignKey, bindparam, event, text
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Mapped, Session, declared_attr, mapped_column, with_loader_criteria
from sqlalchemy.orm.util import LoaderCriteriaOption

try:
    from psycopg.pq import TransactionStatus
except ImportError:  # PostgreSQL's driver is optional
    TransactionStatus = None

from kooperacje.ids import MAX_ID

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
#: Execution option that lets trusted code (CLI, aggregate statistics, login) see every tenant.
ALL_TENANTS = "all_tenants"
#: Statements that only read: they run outside a transaction, taking no lock.
_READS = re.compile(r"\s*(SELECT|WITH|PRAGMA|EXPLAIN|SHOW)\b", re.IGNORECASE)
#: Engine option of the engines that open their transaction at the first write (the app's own;
#: not a maintenance engine that must run CREATE DATABASE outside any transaction).
BEGIN_AT_FIRST_WRITE = "begin_at_first_write"


def engine_options(url):
    """Options for the app's engine at ``url``: PostgreSQL's driver in autocommit, the
    transaction opened at the first write (SQLite's driver is put in that mode at connect)."""
    if url.startswith("postgresql"):
        return {"isolation_level": "AUTOCOMMIT", "execution_options": {BEGIN_AT_FIRST_WRITE: True}}
    return {}


@event.listens_for(Engine, "connect")
def _connection_settings(dbapi_connection, _record):
    if not isinstance(dbapi_connection, sqlite3.Connection):
        _postgresql_settings(dbapi_connection)
        return
    # Autocommit mode at the driver: no implicit BEGIN; _begin_at_first_write opens it.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    for pragma in ("journal_mode=WAL", "foreign_keys=ON", "busy_timeout=5000", "synchronous=FULL"):
        cursor.execute(f"PRAGMA {pragma}")  # nosemgrep: no-raw-sql -- connection settings, fixed strings
    cursor.close()


def _postgresql_settings(dbapi_connection):
    """The driver prepares a statement it has run five times, and PostgreSQL would then plan it
    once for any parameters: one plan for every municipality, the largest and the smallest, walks
    the wrong index for one of them. Each execution is planned for its own values instead."""
    if TransactionStatus is None or dbapi_connection.info.server_version < 120000:
        return
    dbapi_connection.execute("SET plan_cache_mode = force_custom_plan")  # nosemgrep: no-raw-sql -- fixed string
    dbapi_connection.commit()  # outside autocommit (a maintenance engine) the setting must outlive the transaction


@event.listens_for(Engine, "before_cursor_execute")
def _begin_at_first_write(conn, cursor, statement, _parameters, _context, _executemany):
    if _READS.match(statement):
        return
    dbapi_connection = conn.connection.dbapi_connection
    if conn.dialect.name == "sqlite":
        if not dbapi_connection.in_transaction:
            cursor.execute("BEGIN IMMEDIATE")  # nosemgrep: no-raw-sql -- fixed string
    elif (conn.get_execution_options().get(BEGIN_AT_FIRST_WRITE)
          and dbapi_connection.info.transaction_status == TransactionStatus.IDLE):
        cursor.execute("BEGIN")  # nosemgrep: no-raw-sql -- fixed string


def write_after_view(statement, rows=None):
    """Queue a write that a read makes, for :func:`commit_writes_after_view`. Outside a request
    (CLI, tests) it goes into the current transaction at once."""
    from kooperacje.extensions import db

    if not has_request_context():
        db.session.execute(statement, rows) if rows is not None else db.session.execute(statement)
        return
    g.setdefault("writes_after_view", []).append((statement, rows))


def commit_writes_after_view(response):
    """After the view (rendering done), before the response leaves: one short transaction."""
    from kooperacje.extensions import db

    writes = g.pop("writes_after_view", None)
    if not writes:
        return response
    db.session.rollback()  # whatever the view left uncommitted is not ours to write
    # on the session's connection, as plain statements: the ORM's execution around each (events,
    # bulk-insert bookkeeping) cost more than the INSERT itself, and these rows load no objects
    connection = db.session.connection()
    for statement, rows in writes:
        connection.execute(statement, rows) if rows is not None else connection.execute(statement)
    db.session.commit()
    return response


def gather_statistics(connection):
    """Planner statistics: without them SQLite picks the municipality's index over a row's own."""
    if connection.dialect.name == "sqlite":
        # a sample per index is enough for the planner and keeps this to seconds at 1 M rows
        connection.execute(text("PRAGMA analysis_limit=1000"))  # nosemgrep: no-raw-sql -- fixed string
    connection.execute(text("ANALYZE"))  # nosemgrep: no-raw-sql -- fixed string


class TenantScoped:
    """Mixin for every table holding a municipality's (often personal) data.

    Rows carry their municipality; :func:`_scope_to_tenant` filters every ORM query on them
    to the signed-in user's municipality. Users without one (anonymous, superadmin, regional
    observer) see no rows unless trusted code passes ``execution_options(all_tenants=True)``.
    """

    @declared_attr
    def municipality_id(cls) -> Mapped[int]:
        return mapped_column(ForeignKey("municipality.id"), index=True, nullable=False)


class TenantScopedOrDeployment(TenantScoped):
    """The nullable variant, for accounts and the audit trail: a row without a municipality
    belongs to the deployment (its administrator, regional observers and what they did). The
    same filter applies, so a municipality's staff never see those rows; the deployment
    administrator reads every row through ``ALL_TENANTS`` (see ``auth.permissions.as_read_by``).
    """

    @declared_attr
    def municipality_id(cls) -> Mapped[int | None]:
        return mapped_column(ForeignKey("municipality.id"), index=True, nullable=True)


def set_request_tenant(municipality_id):
    g.tenant_id = municipality_id


@contextmanager
def job_tenant(app, municipality_id):
    """A background job's own app context, scoped as a request of that municipality's staff
    is: a job that works for one user (a bulk export) sees their municipality's rows only,
    through the same filter, instead of every tenant as a job without a tenant does."""
    with app.app_context():
        g.job_tenant = True
        set_request_tenant(municipality_id)
        yield


def _scoped():
    """Every request is scoped (the guard sets the tenant, None for no one's rows); outside
    one, only a job that named its tenant with :func:`job_tenant`."""
    return has_request_context() or (has_app_context() and g.get("job_tenant", False))


#: The tenant filter, built once: its value comes as a bound parameter of each execution, so
#: a statement's compiled form and cache key are the same for every municipality. (A closure over
#: the tenant cost ~50 µs a statement: SQLAlchemy analysed the lambda again at every execution.)
#: (The name is spelled out in the lambda: SQLAlchemy would track a variable there as a value.)
_TENANT_PARAMETER = "tenant_scope_municipality_id"
_TENANT_CRITERIA = with_loader_criteria(
    TenantScoped, lambda cls: cls.municipality_id == bindparam("tenant_scope_municipality_id"),
    include_aliases=True,
)


@event.listens_for(Session, "do_orm_execute")
def _scope_to_tenant(state):
    if not _scoped() or state.is_column_load:
        return
    if state.execution_options.get(ALL_TENANTS):
        return
    if not (state.is_select or state.is_update or state.is_delete):
        return
    # A relationship load inherits the criteria of the query that loaded its parent, and needs
    # the value as much as a query of its own does (None, no one's rows: ``= NULL`` matches none).
    if not (state.is_relationship_load or _carries_tenant_criteria(state.statement)):
        state.statement = state.statement.options(_TENANT_CRITERIA)
    # Rows for many (a bulk UPDATE by primary key) are left as given: a statement scoped there
    # then fails for want of the value, loudly, rather than running unscoped.
    if not isinstance(state.parameters, (list, tuple)):
        state.parameters = {**(state.parameters or {}), _TENANT_PARAMETER: g.get("tenant_id")}


def _carries_tenant_criteria(statement):
    return any(isinstance(option, LoaderCriteriaOption) and option.root_entity is TenantScoped
               for option in getattr(statement, "_with_options", ()))


def get_or_404(model, object_id, *options):
    """A row by id, or 404. Tenant scoping applies, so another municipality's id is simply not found.
    ``options`` (e.g. selectinload) load what the page shows with the row."""
    from flask import abort

    from kooperacje.extensions import db

    valid = object_id is not None and 0 < object_id <= MAX_ID
    obj = db.session.get(model, object_id, options=options or None) if valid else None
    if obj is None:
        abort(404)
    return obj
