from datetime import datetime, time, timedelta, timezone

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import false, select
from sqlalchemy.orm import selectinload

from kooperacje.audit.forms import AuditFilterForm
from kooperacje.audit.models import AuditEvent, record
from kooperacje.audit.vocabulary import detail_label, event_label, object_label
from kooperacje.auth.models import User
from kooperacje.auth.permissions import as_read_by, permission_required
from kooperacje.clock import local_today, local_zone
from kooperacje.exports import table_download
from kooperacje.extensions import db
from kooperacje.i18n import gettext as _
from kooperacje.pagination import keyset_page

bp = Blueprint("audit", __name__, url_prefix="/audit")

#: more rows than this is no longer a view to read in a spreadsheet (and would fill the memory)
EXPORT_LIMIT = 50_000


@bp.route("/")
@permission_required("audit.read")
def index():
    form = AuditFilterForm(request.args)
    valid = form.validate()
    statement = _filtered(form) if valid else _visible_events().where(false())
    page = keyset_page(db.session, statement, AuditEvent.id)
    return render_template("audit/index.html", page=page, form=form, filters=form.query_args() if valid else {},
                           event_label=event_label, object_label=object_label,
                           detail_label=detail_label), 200 if valid else 400


@bp.route("/export.<any(csv, xlsx):extension>")
@permission_required("audit.read")
def export(extension):
    form = AuditFilterForm(request.args)
    if not form.validate():
        return index()
    events = db.session.scalars(_filtered(form).order_by(AuditEvent.id.desc()).limit(EXPORT_LIMIT + 1)).all()
    if len(events) > EXPORT_LIMIT:
        flash(_("Widok obejmuje ponad %(limit)s zdarzeń: zawęź filtry (np. zakres dat), aby pobrać plik.",
                limit=f"{EXPORT_LIMIT:,}".replace(",", " ")), "error")
        return redirect(url_for("audit.index", **form.query_args()))
    record("audit_exported", detail=f"rows:{len(events)};{extension}")
    return table_download(
        extension, [_("Czas"), _("Użytkownik"), _("Zdarzenie"), _("Obiekt"), _("Szczegóły")],
        ([event.at, event.user.username if event.user else None, event_label(event.action), object_label(event),
          detail_label(event)] for event in events),
        "dziennik-zdarzen", local_today())


def _visible_events():
    """The events the viewer may read: a municipality's administrator sees that municipality's."""
    return as_read_by(current_user, select(AuditEvent).options(selectinload(AuditEvent.user)))


def _filtered(form):
    statement = _visible_events()
    if form.since.data:
        statement = statement.where(AuditEvent.at >= _utc_start_of(form.since.data))
    if form.until.data:
        statement = statement.where(AuditEvent.at < _utc_start_of(form.until.data + timedelta(days=1)))
    if form.event.data:
        statement = statement.where(AuditEvent.action == form.event.data)
    if form.user.data:
        statement = statement.where(AuditEvent.user.has(User.username == form.user.data.strip().lower()))
    if form.case.data:
        statement = statement.where(AuditEvent.client_id == form.case.data)
    return statement


def _utc_start_of(day):
    """Midnight of a local day as the stored (naive UTC) time: the filters speak local days."""
    local = datetime.combine(day, time.min, tzinfo=local_zone())
    return local.astimezone(timezone.utc).replace(tzinfo=None)
