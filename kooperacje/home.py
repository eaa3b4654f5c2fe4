"""The start page: what each role does first."""

from flask import Blueprint, render_template
from flask_login import current_user
from sqlalchemy import func, select

from kooperacje.auth.models import User
from kooperacje.auth.permissions import Role, as_read_by, can, permission_required
from kooperacje.extensions import db
from kooperacje.municipalities.models import Municipality
from kooperacje.partners.service import current_institution
from kooperacje.partnership import service as pzk_service
from kooperacje.clock import local_today

bp = Blueprint("home", __name__)


@bp.route("/")
@permission_required("account.own")
def index():
    municipality = current_user.municipality
    counts = {}
    if current_user.role_enum is Role.SUPERADMIN:
        counts["municipalities"] = db.session.scalar(select(func.count(Municipality.id)))
        counts["users"] = db.session.scalar(as_read_by(current_user, select(func.count(User.id))))
    pzk = None
    if can("partnership.read"):
        partnership = pzk_service.current_partnership()
        if partnership is not None:
            today = local_today()
            pzk = {"partnership": partnership, "cadence": pzk_service.cadence(partnership, today),
                   "overdue": sum(late for _name, late, _total in pzk_service.overdue_by_institution(partnership, today))}
    partner = current_institution(current_user) if can("partner.portal") else None
    return render_template("home.html", municipality=municipality, counts=counts, pzk=pzk, partner=partner)
