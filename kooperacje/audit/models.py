"""The audit trail: who did what to which object, never the data itself."""
from datetime import datetime

from flask import g, has_request_context, request
from flask_login import current_user
from sqlalchemy import ForeignKey, Index, String, event, insert
from sqlalchemy.orm import Mapped, mapped_column, relationship

from kooperacje.audit.vocabulary import CASE_ACCESSED, check_event_code
from kooperacje.clock import utcnow
from kooperacje.database import SAFE_METHODS, TenantScopedOrDeployment, write_after_view
from kooperacje.extensions import db


class AuditEvent(TenantScopedOrDeployment, db.Model):
    __tablename__ = "audit_event"
    __table_args__ = (Index("ix_audit_event_municipality_id_id", "municipality_id", "id"),
                      Index("ix_audit_event_client_id_at", "client_id", "at"))

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(default=utcnow, index=True)  # UTC
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    #: None for the deployment's own events; the composite index above serves the tenant filter
    municipality_id: Mapped[int | None] = mapped_column(ForeignKey("municipality.id"))
    action: Mapped[str] = mapped_column(String(64))
    object_type: Mapped[str | None] = mapped_column(String(40))
    object_id: Mapped[int | None]
    #: the client whose case file the event concerns (for the client's data report)
    client_id: Mapped[int | None]  # no foreign key: the trail outlives the rows it describes
    #: identifiers and codes only (a model key, a role, an endpoint) — never names, PESEL or free text
    detail: Mapped[str | None] = mapped_column(String(200))
    request_id: Mapped[str | None] = mapped_column(String(32))

    user = relationship("User")


def record(action, obj=None, detail=None, user=None, municipality_id=None):
    """Record an action. In a writing request the row joins the view's transaction (committed
    with the change it describes); in a reading one (an export) it is written after the view."""
    if user is None and has_request_context() and current_user.is_authenticated:
        user = current_user
    if municipality_id is None:
        municipality_id = getattr(obj, "municipality_id", None) or getattr(user, "current_municipality_id", None)
    row = _row(action, getattr(user, "id", None), municipality_id,
               type(obj).__tablename__ if obj is not None else None, getattr(obj, "id", None),
               _client_of(obj), detail)
    if has_request_context() and request.method in SAFE_METHODS:
        write_after_view(insert(AuditEvent), [row])
    else:
        db.session.add(AuditEvent(**row))


def record_each(action, records, user, detail=None):
    """:func:`record` for many case records at once, in one insert (a bulk export audits every
    contract it put in its file). Outside a request only: a job has no view to write after."""
    rows = [_row(action, user.id, obj.municipality_id, type(obj).__tablename__, obj.id, _client_of(obj), detail)
            for obj in records]
    if rows:
        db.session.execute(insert(AuditEvent), rows)


def _row(action, user_id, municipality_id, object_type, object_id, client_id, detail):
    check_event_code(action)
    return {"at": utcnow(), "user_id": user_id, "municipality_id": municipality_id, "action": action,
            "object_type": object_type, "object_id": object_id, "client_id": client_id, "detail": detail,
            "request_id": g.get("request_id") if has_request_context() else None}


def _client_of(obj):
    return obj.audited_client_id() if isinstance(obj, CaseRecord) else None


class CaseRecord:
    """Mixin for rows of a client's case file. Loading one in a signed-in request records an
    access to that client — one row per client per request, whichever page or export showed it,
    so no view can forget to audit a read."""

    def audited_client_id(self):
        return self.client_id


@event.listens_for(CaseRecord, "load", propagate=True)
def _record_access(target, _context):
    _note_access(target.audited_client_id(), target.municipality_id)


def record_case_accesses(rows):
    """A page that reads case data as plain rows (each with ``client_id`` and ``municipality_id``)
    instead of loading case records notes its accesses here, exactly as a loaded record would."""
    for row in rows:
        _note_access(row.client_id, row.municipality_id)


def _note_access(client_id, municipality_id):
    if not has_request_context():
        return
    audit = g.get("case_audit")
    if audit is None:  # the first case record this request loads
        audit = g.case_audit = _CaseAudit.for_current_user()
    if audit.user_id is None or client_id in audit.clients:
        return
    audit.add(client_id, municipality_id)


def forget_case_accesses(keep=()):
    """A page that loaded case records to decide who may see them showed only those of the
    clients in ``keep`` (none when it refused with a 404): the accesses to the others are not
    recorded, so the client data report names no one who was turned away."""
    audit = g.get("case_audit") if has_request_context() else None
    if audit is None:
        return
    audit.rows[:] = [row for row in audit.rows if row["client_id"] in keep]
    audit.clients &= set(keep)
    if not audit.rows:  # nothing left to write: the queued insert goes, and a later load starts afresh
        g.writes_after_view = [write for write in g.get("writes_after_view", []) if write[1] is not audit.rows]
        g.pop("case_audit")


class _CaseAudit:
    """The clients a request loaded and the access rows queued for them (one row per client).
    Pages load dozens of case records, so the per-record path avoids the request proxies."""

    def __init__(self, user_id):
        self.user_id, self.clients, self.rows, self.endpoint = user_id, set(), [], request.endpoint
        if user_id is not None:
            write_after_view(insert(AuditEvent), self.rows)

    @classmethod
    def for_current_user(cls):
        return cls(current_user.id if current_user.is_authenticated else None)

    def add(self, client_id, municipality_id):
        self.clients.add(client_id)
        self.rows.append(_row(CASE_ACCESSED, self.user_id, municipality_id, "client", client_id,
                              client_id, self.endpoint))
