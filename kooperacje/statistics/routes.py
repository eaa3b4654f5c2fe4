"""Aggregates for the regional observer: fixed tables, no identifiers of persons."""
from flask import Blueprint, current_app, render_template
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import func, select

from kooperacje.auth.permissions import Role, permission_required
from kooperacje.contracts.models import Contract, ContractGoal
from kooperacje.database import ALL_TENANTS
from kooperacje.extensions import db
from kooperacje.municipalities.models import Municipality
from kooperacje.plugins import get_plugins
from kooperacje.statistics.suppression import PROTECTION_INTERVAL, THRESHOLD, suppress

#: contract statuses grouped into the columns the observer sees
CONTRACT_COLUMNS = ((_l("w przygotowaniu"), ("draft",)), (_l("obowiązujące"), ("signed", "in_progress")),
                    (_l("ocenione lub zamknięte"), ("evaluated", "closed")))
GOAL_COLUMNS = ((_l("osiągnięte"), ("achieved",)), (_l("osiągnięte częściowo"), ("partly",)),
                (_l("nieosiągnięte"), ("not",)))

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
    models = get_plugins().models
    # KOOPERACJE_STATISTICS_PROTECTION_INTERVAL widens (or narrows) the range a hidden count keeps
    interval = int(current_app.config.get("STATISTICS_PROTECTION_INTERVAL", PROTECTION_INTERVAL))
    contracts = _table(models, _counts(Contract.status, Contract, region), CONTRACT_COLUMNS, interval)
    goals = _table(models, _counts(ContractGoal.outcome, ContractGoal, region), GOAL_COLUMNS, interval)
    return render_template("statistics/index.html", rows=rows, without_model=counts.get(None, 0),
                           total=sum(counts.values()), region=region, contracts=contracts, goals=goals,
                           threshold=THRESHOLD, interval=interval)


def _counts(column, model, region):
    """{(model key, value): count} over the region's municipalities: aggregates only, never rows."""
    statement = (select(Municipality.model_key, column, func.count()).group_by(Municipality.model_key, column)
                 .join(Municipality, Municipality.id == model.municipality_id))
    if region:
        statement = statement.where(Municipality.voivodeship_code == region)
    # Counts per municipality are what the observer may see; the cells are suppressed below.
    result = db.session.execute(statement.execution_options(**{ALL_TENANTS: True}))  # nosemgrep: no-unscoped-tenant-query
    return {(model_key, value): count for model_key, value, count in result}


def _table(models, counts, columns, interval):
    """A row per cooperation model with counts in ``columns``, small counts suppressed."""
    grid = [[sum(counts.get((m.key, value), 0) for value in values) for _label, values in columns] for m in models]
    if not grid:
        return None
    return {"labels": [label for label, _values in columns], "names": [m.name for m in models],
            "table": suppress(grid, interval=interval)}
