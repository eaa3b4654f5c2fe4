"""The regional dashboard for the observer: the voivodeship's municipalities by model and each
indicator by model and powiat over quarters, from the summary table only (no case file is read),
suppressed as one release per indicator; the same cut downloads as CSV or XLSX (audited)."""
from flask import Blueprint, render_template, request
from flask_babel import gettext as _
from flask_login import current_user

from kooperacje.audit.models import record
from kooperacje.auth.permissions import permission_required
from kooperacje.clock import local_today
from kooperacje.dashboard import charts
from kooperacje.exports import table_download
from kooperacje.statistics import service
from kooperacje.statistics.forms import RegionalFilterForm
from kooperacje.statistics.indicators import window
from kooperacje.statistics.suppression import THRESHOLD

bp = Blueprint("statistics", __name__, url_prefix="/statistics")


@bp.route("/")
@permission_required("statistics.regional")
def index():
    region = service.region_of(_code())
    form, selection = _filters(region)
    if selection is None:
        return render_template("statistics/index.html", form=form, region=region, views=None, code=_code(),
                               threshold=THRESHOLD), 400
    quarters, views, refreshed = service.views(_code(), region, selection)
    shown = [quarters[c] for c in selection.columns]
    return render_template("statistics/index.html", form=form, region=region, views=views, quarters=shown,
                           with_total=selection.with_total(quarters), code=_code(), threshold=THRESHOLD,
                           charts=[_chart(view, selection, shown) for view in views], selection=selection,
                           refreshed=refreshed, filters=form.query_args(), total_label=_total_label())


@bp.route("/regional.<any(csv, xlsx):extension>")
@permission_required("statistics.regional")
def export(extension):
    region = service.region_of(_code())
    form, selection = _filters(region)
    if selection is None:
        return index()
    quarters, views, _refreshed = service.views(_code(), region, selection)
    header = [_("Wskaźnik"), _("Podział"), _("Wiersz")] + [q.label for q in (quarters[c] for c in selection.columns)]
    if selection.with_total(quarters):
        header.append(_("Razem"))
    record("statistics_exported", detail=f"{extension};{';'.join(f'{k}={v}' for k, v in form.query_args().items())}")
    return table_download(extension, header, export_rows(views, _total_label()), "statystyki-regionalne",
                          local_today().isoformat())


def export_rows(views, total_label):
    """The page's tables, one after another, a hidden figure written "*" as on the page."""
    for view in views:
        title = str(view.indicator.title)
        for breakdown, lines in ((_("według modelu"), view.by_model), (_("według powiatu"), view.by_powiat),
                                 (_("województwo"), (view.total,))):
            for line in lines:
                yield [title, breakdown, line.label or total_label] + ["*" if v is None else v for v in line.cells]


def _total_label():
    return _("Województwo razem") if _code() else _("Kraj razem")


def _code():
    """The observer's voivodeship; None for the deployment administrator: the whole country."""
    return current_user.voivodeship_code


def _filters(region):
    """(form, Selection) — Selection None when a filter is wrong (the form says which)."""
    form = RegionalFilterForm(request.args, region, window())
    if not form.validate():
        return form, None
    return form, service.Selection(form.columns(), form.model.data or None, form.powiat.data or None)


def _chart(view, selection, quarters):
    """The chart of one indicator and the rows of its data table (the same numbers)."""
    line = service.chart_line(view, selection)
    rows = [(q.label, value) for q, value in zip(quarters, line.cells)]
    return {"rows": rows, "chart": charts.column_chart(rows), "label": line.label or _total_label()}
