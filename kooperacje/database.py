"""Database safety settings and the one place where tenant scoping happens.

SQLite: every connection gets WAL, foreign keys, a busy timeout and synchronous=FULL, and
write transactions start with ``BEGIN IMMEDIATE`` so that two writers queue on the busy
timeout instead of failing with "database is locked" when a read is upgraded to a write.
"""
import sqlite3

from flask import g, has_request_context, request
from sqlalchemy import ForeignKey, event
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Mapped, Session, declared_attr, mapped_column, with_loader_criteria

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
#: Execution option that lets trusted code (CLI, aggregate statistics, login) see every tenant.
ALL_TENANTS = "all_tenants"


@event.listens_for(Engine, "connect")
def _sqlite_pragmas(dbapi_connection, _record):
    if not isinstance(dbapi_connection, sqlite3.Connection):
        return
    # Let SQLAlchemy's "begin" event emit BEGIN itself (pysqlite's legacy mode would not).
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    for pragma in ("journal_mode=WAL", "foreign_keys=ON", "busy_timeout=5000", "synchronous=FULL"):
        cursor.execute(f"PRAGMA {pragma}")  # nosemgrep: no-raw-sql -- connection settings, fixed strings
    cursor.close()


@event.listens_for(Engine, "begin")
def _sqlite_begin(conn):
    if conn.dialect.name != "sqlite":
        return
    conn.exec_driver_sql("BEGIN IMMEDIATE" if _writes_expected(conn) else "BEGIN")  # nosemgrep: no-raw-sql


def _writes_expected(conn):
    """Requests with unsafe methods, views marked :func:`writes_on_get` and anything outside a
    request (CLI) may write; other code that must write during a GET asks for it with
    ``execution_options(sqlite_begin="immediate")``."""
    if conn.get_execution_options().get("sqlite_begin") == "immediate":
        return True
    return not has_request_context() or request.method not in SAFE_METHODS or view_writes_on_get()


def writes_on_get(view):
    """Mark a view that writes even when read with GET (an audited view, an export). Its
    transaction starts with BEGIN IMMEDIATE, so it waits its turn for SQLite's write lock instead
    of failing with "database is locked" when its reading transaction turns into a write."""
    view.writes_on_get = True
    return view


def view_writes_on_get():
    from flask import current_app

    return getattr(current_app.view_functions.get(request.endpoint), "writes_on_get", False)


class TenantScoped:
    """Mixin for every table holding a municipality's (often personal) data.

    Rows carry their municipality; :func:`_scope_to_tenant` filters every ORM query on them
    to the signed-in user's municipality. Users without one (anonymous, superadmin, regional
    observer) see no rows unless trusted code passes ``execution_options(all_tenants=True)``.
    """

    @declared_attr
    def municipality_id(cls) -> Mapped[int]:
        return mapped_column(ForeignKey("municipality.id"), index=True, nullable=False)


def set_request_tenant(municipality_id):
    g.tenant_id = municipality_id


@event.listens_for(Session, "do_orm_execute")
def _scope_to_tenant(state):
    if not has_request_context() or state.is_column_load:
        return
    if state.execution_options.get(ALL_TENANTS):
        return
    if not (state.is_select or state.is_update or state.is_delete):
        return
    tenant_id = g.get("tenant_id")
    state.statement = state.statement.options(
        with_loader_criteria(
            TenantScoped, lambda cls: cls.municipality_id == tenant_id, include_aliases=True
        )
    )


def get_or_404(model, object_id):
    """A row by id, or 404. Tenant scoping applies, so another municipality's id is simply not found."""
    from flask import abort

    from kooperacje.extensions import db

    obj = db.session.get(model, object_id) if object_id is not None else None
    if obj is None:
        abort(404)
    return obj
