"""The municipality dashboard: the administrator's and the head's indicators, and the PZK part
alone for the coordinator; each table downloads as CSV or XLSX (audited)."""
from flask import Blueprint, abort, g, render_template

from kooperacje.audit.models import record
from kooperacje.auth.permissions import permission_required
from kooperacje.clock import local_today
from kooperacje.dashboard import charts
from kooperacje.dashboard.indicators import BY_KEY, MUNICIPAL, PZK, computed, of_part
from kooperacje.exports import table_download
from kooperacje.templating import shared_fragment

bp = Blueprint("dashboard", __name__, url_prefix="/dashboard")


@bp.route("/")
@permission_required("dashboard.municipal")
def index():
    return _page(MUNICIPAL, PZK)


@bp.route("/pzk")
@permission_required("dashboard.pzk")
def pzk():
    return _page(PZK)


@bp.route("/<key>.<any(csv, xlsx):extension>")
@permission_required("dashboard.municipal")
def export(key, extension):
    return _download(key, extension, (MUNICIPAL, PZK))


@bp.route("/pzk/<key>.<any(csv, xlsx):extension>")
@permission_required("dashboard.pzk")
def pzk_export(key, extension):
    return _download(key, extension, (PZK,))


def _page(*parts):
    today = local_today()
    results, counted_at = computed(of_part(*parts), today)
    return render_template("dashboard/index.html", parts=parts, today=today, counted_at=counted_at,
                           indicators=[indicator for indicator, _result in results],
                           sections=_sections(parts, results, counted_at))


def _sections(parts, results, counted_at):
    """The indicators' charts, tables and download links: they change only with the count, and
    their SVG charts cost several times the rest of the page."""
    return shared_fragment(
        ("dashboard", g.tenant_id, *parts, counted_at.isoformat()), "dashboard/_sections.html", lambda: {
            "parts": parts, "export_endpoint": "dashboard.export" if MUNICIPAL in parts else "dashboard.pzk_export",
            "indicators": [(indicator, result, charts.chart_of(indicator, result)) for indicator, result in results]})


def _download(key, extension, parts):
    indicator = BY_KEY.get(key)
    if indicator is None or indicator.part not in parts:
        abort(404)
    today = local_today()
    # the same count as the page shows (parts as on the page, so the two share it)
    result = dict(computed(of_part(*parts), today)[0])[indicator]
    record("dashboard_exported", detail=f"{key}.{extension}")
    return table_download(extension, [str(title) for title in indicator.columns], result.rows,
                          "pulpit", key, today.isoformat())
