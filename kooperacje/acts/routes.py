"""The PZK's formation acts: their DOCX filled from the partnership's data, and the signed scans."""
import io

from flask import Blueprint, abort, flash, redirect, render_template, send_file, url_for
from flask_login import current_user

from kooperacje.acts import service
from kooperacje.acts.documents import build_act
from kooperacje.acts.forms import ScanForm, scan_limit, scan_limit_mb
from kooperacje.acts.models import ActScan
from kooperacje.acts.vocabulary import SCAN_TYPES
from kooperacje.audit.models import record
from kooperacje.auth.permissions import permission_required
from kooperacje.database import get_or_404
from kooperacje.documents import DOCX_MIMETYPE, download_name
from kooperacje.extensions import db
from kooperacje.i18n import gettext as _
from kooperacje.municipalities.service import centre_of
from kooperacje.partnership import service as partnership_service
from kooperacje.partnership.models import Institution
from kooperacje.web import accepts_files, delete_when_confirmed

bp = Blueprint("acts", __name__, url_prefix="/partnership/acts")


def _partnership_or_404():
    partnership = partnership_service.current_partnership()
    if partnership is None:
        abort(404)
    return partnership


@bp.route("/")
@permission_required("partnership.read")
def index():
    partnership = _partnership_or_404()
    return _index_page(partnership)


def _index_page(partnership, form=None, failed=None, status=200):
    """``failed``: the (act key, institution id) whose upload was refused, to show its message."""
    return render_template("acts/index.html", partnership=partnership, form=form, failed=failed), status


@bp.app_context_processor
def _helpers():
    """What the acts' section needs on the PZK's pages (the overview, an institution's page),
    which include it without their views knowing of it."""
    return {"formation_acts_of": _section_data, "scan_limit_mb": scan_limit_mb}


def _section_data(partnership=None, form=None, failed=None):
    partnership = partnership or partnership_service.current_partnership()
    if partnership is None:
        return {"acts": [], "scans": {}, "members": [], "form": ScanForm(), "failed": None}
    return {"acts": service.acts_of(partnership), "scans": service.scans_of(partnership),
            "members": service.parties_of(partnership), "form": form or ScanForm(), "failed": failed}



@bp.route("/<key>.docx")
@permission_required("partnership.read")
def document(key):
    partnership = _partnership_or_404()
    act = service.act_or_404(partnership, key, for_each_institution=False)
    centre = centre_of(current_user.municipality)
    fields = service.fields_of(partnership, centre, current_user.municipality)
    content = build_act(act, fields, centre=centre, parties=service.parties_of(partnership),
                        signed_on=partnership.formed_on)
    record("formation_act_exported", partnership, detail=act.key)
    return send_file(content, mimetype=DOCX_MIMETYPE, as_attachment=True,
                     download_name=download_name(act.key, partnership.id))


@bp.route("/<key>/institutions/<int:institution_id>.docx")
@permission_required("partnership.read")
def institution_document(key, institution_id):
    partnership = _partnership_or_404()
    act = service.act_or_404(partnership, key, for_each_institution=True)
    institution = get_or_404(Institution, institution_id)
    centre = centre_of(current_user.municipality)
    fields = service.fields_of(partnership, centre, current_user.municipality, institution)
    content = build_act(act, fields, centre=centre, institution=institution, signed_on=institution.act_signed_on)
    record("formation_act_exported", institution, detail=act.key)
    return send_file(content, mimetype=DOCX_MIMETYPE, as_attachment=True,
                     download_name=download_name(act.key, institution.id))


@bp.post("/<key>/scan", defaults={"institution_id": None})
@bp.post("/<key>/institutions/<int:institution_id>/scan")
@permission_required("partnership.edit")
@accepts_files("scan", max_bytes=scan_limit)
def upload(key, institution_id):
    partnership = _partnership_or_404()
    act = service.act_or_404(partnership, key, for_each_institution=institution_id is not None)
    institution = get_or_404(Institution, institution_id) if institution_id else None
    form = ScanForm()
    if not form.validate_on_submit():
        return _index_page(partnership, form, failed=(act.key, institution_id), status=400)
    name, content_type, content = form.scan.data
    replaced = service.scan_of(partnership, act.key, institution) is not None
    service.save_scan(partnership, act, institution, service.Upload(name, content_type, content),
                      SCAN_TYPES[content_type][1])
    db.session.commit()
    flash(_("Zastąpiono skan dokumentu.") if replaced else _("Dołączono skan dokumentu."), "success")
    if institution is not None:
        return redirect(url_for("partnership.institution", institution_id=institution.id, _anchor="dokumenty"))
    return redirect(url_for(".index"))


@bp.route("/scans/<int:scan_id>")
@permission_required("partnership.read")
def scan(scan_id):
    row = get_or_404(ActScan, scan_id)
    record("act_scan_downloaded", row, detail=row.act_key)
    response = send_file(io.BytesIO(row.content), mimetype=row.content_type, as_attachment=True,
                         download_name=row.file_name)
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


@bp.route("/scans/<int:scan_id>/delete", methods=["GET", "POST"])
@permission_required("partnership.edit")
def delete_scan(scan_id):
    row = get_or_404(ActScan, scan_id)
    back = (url_for("partnership.institution", institution_id=row.institution_id) if row.institution_id
            else url_for(".index"))
    return delete_when_confirmed(lambda: service.remove_scan(row), done=_("Usunięto skan dokumentu."), then=back,
                                 title=_("Usunąć skan dokumentu?"), what=row.file_name, back=back)
