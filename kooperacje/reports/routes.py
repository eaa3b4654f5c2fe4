"""The statutory reports' numbers: MRPiPS-03 and OZPS for a chosen period, as a page and as XLSX
laid out as the report's sections (the administrator and the head of the centre; audited)."""
from flask import Blueprint, render_template, request
from flask_babel import gettext as _
from flask_login import current_user

from kooperacje.audit.models import record
from kooperacje.auth.permissions import permission_required
from kooperacje.clock import day, local_today
from kooperacje.exports import report_download
from kooperacje.reports import service
from kooperacje.reports.forms import HalfYearForm, YearForm

bp = Blueprint("reports", __name__, url_prefix="/reports")


@bp.route("/")
@permission_required("reports.read")
def index():
    return render_template("reports/index.html")


@bp.route("/mrpips-03")
@permission_required("reports.read")
def mrpips():
    return _page(*_mrpips_report())


@bp.route("/mrpips-03.xlsx")
@permission_required("reports.read")
def mrpips_xlsx():
    return _download("mrpips-03", *_mrpips_report())


@bp.route("/ozps")
@permission_required("reports.read")
def ozps():
    return _page(*_ozps_report())


@bp.route("/ozps.xlsx")
@permission_required("reports.read")
def ozps_xlsx():
    return _download("ozps", *_ozps_report())


def _mrpips_report():
    today = local_today()
    default = service.last_full_half_year(today)
    form = HalfYearForm(request.args, today, year=default.year, period=default.kind)
    if not form.validate():
        return form, None, None, "reports.mrpips"
    period = service.Period(form.year.data, form.period.data)
    return form, period, service.mrpips(period), "reports.mrpips"


def _ozps_report():
    today = local_today()
    form = YearForm(request.args, today, year=service.last_full_year(today).year)
    if not form.validate():
        return form, None, None, "reports.ozps"
    period = service.Period(form.year.data)
    return form, period, service.ozps(period), "reports.ozps"


def _page(form, period, report, endpoint):
    if report is not None:
        record("report_viewed", detail=f"{endpoint.split('.')[1]}:{period.code}")
    return render_template("reports/report.html", form=form, period=period, report=report, endpoint=endpoint,
                           heading=_heading(period) if report is not None else [], today=local_today()), 200 if report is not None else 400


def _download(name, form, period, report, endpoint):
    if report is None:  # the page says what to correct, with the typed values
        return _page(form, period, report, endpoint)
    record("report_exported", detail=f"{name}:{period.code}.xlsx")
    return report_download(report, _heading(period), name, period.code)


def _heading(period):
    """The lines above the sections: whose numbers, for when, and when they were counted."""
    municipality = current_user.municipality
    return [_("Gmina: %(name)s", name=municipality.display_name if municipality else "—"),
            _("Okres: %(first)s – %(last)s", first=day(period.first), last=day(period.last)),
            _("Stan danych na dzień %(day)s", day=day(local_today()))]
