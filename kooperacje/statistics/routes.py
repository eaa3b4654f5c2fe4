"""The regional dashboard for the observer: the voivodeship's municipalities by model and each
indicator by model and powiat over quarters, from the summary table only (no case file is read),
suppressed as one release per indicator; the same cut downloads as CSV or XLSX (audited)."""
from dataclasses import dataclass

from flask import Blueprint, render_template, request
from flask_login import current_user

from kooperacje.audit.models import record
from kooperacje.auth.permissions import permission_required
from kooperacje.clock import local_today
from kooperacje.dashboard import charts
from kooperacje.exports import table_download
from kooperacje.i18n import gettext as _
from kooperacje.statistics import service
from kooperacje.statistics.forms import RegionalFilterForm
from kooperacje.statistics.indicators import refreshed_at, window
from kooperacje.statistics.suppression import THRESHOLD
from kooperacje.templating import shared_fragment

bp = Blueprint("statistics", __name__, url_prefix="/statistics")


@bp.route("/")
@permission_required("statistics.regional")
def index():
    region = service.region_of(_code())
    form, selection = _filters(region)
    if selection is None:
        return render_template("statistics/index.html", form=form, region=region, views=None, code=_code(),
                               refreshed=refreshed_at(), filters=form.query_args(),
                               region_table=_region_table(region)), 400
    quarters, views, refreshed = service.views(_code(), region, selection)
    return render_template("statistics/index.html", form=form, region=region, views=views, code=_code(),
                           refreshed=refreshed, filters=form.query_args(), region_table=_region_table(region),
                           filters_form=_filters_form(form, region),
                           sections=_sections(region, selection, quarters, views, refreshed))


def _region_table(region):
    return shared_fragment(("statistics-region", _code(), hash(region)), "statistics/_region.html",
                           lambda: {"region": region})


def _filters_form(form, region):
    """The valid filters as chosen (a page with a wrong one renders its messages instead)."""
    filters = form.query_args()
    return shared_fragment(
        ("statistics-filters", _code(), hash(region), form.quarters[-1], sorted(filters.items()), bool(request.args)),
        "statistics/_filters.html", lambda: {"form": form, "filters": filters})


def _sections(region, selection, quarters, views, refreshed):
    """Each indicator's chart and tables: the same for every view of this filter until the
    summary's next refresh (the region is in the key, as a model chosen moves its counts)."""
    shown = [quarters[c] for c in selection.columns]
    return shared_fragment(
        ("statistics", _code(), hash(region), selection, shown, refreshed), "statistics/_indicators.html",
        lambda: {"views": views, "quarters": shown, "with_total": selection.with_total(quarters),
                 "threshold": THRESHOLD, "total_label": _total_label(), "unit": _unit_labels(region),
                 "charts": [_chart(view, selection, shown) for view in views]})


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
    return table_download(extension, header, export_rows(views, _total_label(), _unit_labels(region)),
                          "statystyki-regionalne",
                          local_today().isoformat())


def export_rows(views, total_label, unit):
    """The page's tables, one after another, a hidden figure written "*" as on the page."""
    for view in views:
        title = str(view.indicator.title)
        for breakdown, lines in ((_("według modelu"), view.by_model), (unit.breakdown, view.by_powiat),
                                 (_("województwo"), (view.total,))):
            for line in lines:
                yield [title, breakdown, line.label or total_label] + ["*" if v is None else v for v in line.cells]


@dataclass(frozen=True)
class UnitLabels:
    column: str
    breakdown: str


def _unit_labels(region):
    """A voivodeship's tables break down by powiat, the whole country's by voivodeship."""
    if region.by_voivodeship:
        return UnitLabels(_("Województwo"), _("według województwa"))
    return UnitLabels(_("Powiat"), _("według powiatu"))


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
