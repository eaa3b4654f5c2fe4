"""Aggregates for the regional observer: fixed tables, no identifiers of persons."""
from flask import Blueprint, render_template
from flask_login import current_user
from sqlalchemy import func, select

from kooperacje.auth.permissions import Role, permission_required
from kooperacje.extensions import db
from kooperacje.municipalities.models import Municipality
from kooperacje.plugins import get_plugins

bp = Blueprint("statistics", __name__, url_prefix="/statistics")


@bp.route("/")
@permission_required("statistics.regional")
def index():
    statement = select(Municipality.model_key, func.count(Municipality.id)).group_by(Municipality.model_key)
    region = None
    if current_user.role_enum is Role.OBSERVER:
        region = current_user.voivodeship_code
        statement = statement.where(Municipality.voivodeship_code == region)
    counts = dict(db.session.execute(statement).all())
    rows = [(model, counts.get(model.key, 0)) for model in get_plugins().models]
    return render_template("statistics/index.html", rows=rows, without_model=counts.get(None, 0),
                           total=sum(counts.values()), region=region)
