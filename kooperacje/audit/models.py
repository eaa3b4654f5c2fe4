"""The audit trail: who did what to which object, never the data itself."""
from datetime import datetime

from flask import g, has_request_context
from flask_login import current_user
from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from kooperacje.auth.models import utcnow
from kooperacje.extensions import db


class AuditEvent(db.Model):
    __tablename__ = "audit_event"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(default=utcnow, index=True)  # UTC
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    municipality_id: Mapped[int | None] = mapped_column(ForeignKey("municipality.id"), index=True)
    action: Mapped[str] = mapped_column(String(64))
    object_type: Mapped[str | None] = mapped_column(String(40))
    object_id: Mapped[int | None]
    #: identifiers and codes only (a model key, a role) — never names, PESEL or free text
    detail: Mapped[str | None] = mapped_column(String(200))
    request_id: Mapped[str | None] = mapped_column(String(32))

    user = relationship("User")


def record(action, obj=None, detail=None, user=None, municipality_id=None):
    """Add an audit row to the current transaction (committed with the change it describes).
    A view that records while read with GET must be marked ``database.writes_on_get``."""
    _check_write_allowed()
    if user is None and has_request_context() and current_user.is_authenticated:
        user = current_user
    if municipality_id is None:
        municipality_id = getattr(obj, "municipality_id", None) or getattr(user, "municipality_id", None)
    event = AuditEvent(
        user_id=getattr(user, "id", None),
        municipality_id=municipality_id,
        action=action,
        object_type=type(obj).__tablename__ if obj is not None else None,
        object_id=getattr(obj, "id", None),
        detail=detail,
        request_id=g.get("request_id") if has_request_context() else None,
    )
    db.session.add(event)
    return event


def _check_write_allowed():
    from flask import request

    from kooperacje.database import SAFE_METHODS, view_writes_on_get

    if has_request_context() and request.method in SAFE_METHODS and request.endpoint and not view_writes_on_get():
        raise RuntimeError(f"{request.endpoint} writes during a GET: mark the view with @writes_on_get")
