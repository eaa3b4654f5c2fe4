"""The statutory reports' numbers: MRPiPS-03 and OZPS for a chosen period, as a page and as XLSX
laid out as the report's sections (the administrator and the head of the centre; audited)."""
from flask import Blueprint, render_template, request
from flask_login import current_user

from kooperacje.audit.models import record
from kooperacje.auth.permissions import permission_required
from kooperacje.clock import day, local_today
from kooperacje.documents import statutory_document
from kooperacje.exports import report_download
from kooperacje.i18n import gettext as _
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
    return _page("mrpips", *_half_year())


@bp.route("/mrpips-03.xlsx")
@permission_required("reports.read")
def mrpips_xlsx():
    return _download("mrpips", *_half_year())


@bp.route("/ozps")
@permission_required("reports.read")
def ozps():
    return _page("ozps", *_year())


@bp.route("/ozps.xlsx")
@permission_required("reports.read")
def ozps_xlsx():
    return _download("ozps", *_year())


#: each report: what counts it, and the name its file starts with
REPORTS = {"mrpips": (service.mrpips, "mrpips-03"), "ozps": (service.ozps, "ozps")}


def _half_year():
    """(the form, the chosen period or None while the form is wrong), the last full period by default."""
    today = local_today()
    default = service.last_full_half_year(today)
    form = HalfYearForm(request.args, today, year=default.year, period=default.kind)
    return form, service.Period(form.year.data, form.period.data) if form.validate() else None


def _year():
    today = local_today()
    form = YearForm(request.args, today, year=service.last_full_year(today).year)
    return form, service.Period(form.year.data) if form.validate() else None


def _page(key, form, period):
    """The report's page, or (400) the form saying what to correct, with the typed values."""
    if period is None:
        return render_template("reports/report.html", key=key, form=form, report=None), 400
    record("report_viewed", detail=f"{key}:{period.code}")
    return render_template("reports/report.html", key=key, form=form, period=period, report=REPORTS[key][0](period),
                           heading=_heading(period), today=local_today())


def _download(key, form, period):
    if period is None:
        return _page(key, form, period)
    record("report_exported", detail=f"{key}:{period.code}.xlsx")
    return _workbook(key, period)


@statutory_document
def _workbook(key, period):
    """The XLSX in Polish whatever the interface's language: the report is filed in Polish."""
    build, name = REPORTS[key]
    return report_download(build(period), _heading(period), name, period.code)


def _heading(period):
    """The lines above the sections: whose numbers, for when, and when they were counted."""
    municipality = current_user.municipality
    return [_("Gmina: %(name)s", name=municipality.display_name if municipality else "—"),
            _("Okres: %(first)s – %(last)s", first=day(period.first), last=day(period.last)),
            _("Stan danych na dzień %(day)s", day=day(local_today()))]
