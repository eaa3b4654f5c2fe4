from flask import Blueprint, render_template
from flask_login import current_user
from sqlalchemy import select

from kooperacje.audit.models import AuditEvent
from kooperacje.auth.permissions import Role, permission_required
from kooperacje.extensions import db
from kooperacje.pagination import keyset_page

bp = Blueprint("audit", __name__, url_prefix="/audit")


@bp.route("/")
@permission_required("audit.read")
def index():
    statement = select(AuditEvent)
    if current_user.role_enum is not Role.SUPERADMIN:
        statement = statement.where(AuditEvent.municipality_id == current_user.municipality_id)
    page = keyset_page(db.session, statement, AuditEvent.id)
    return render_template("audit/index.html", page=page)
