"""Pages of the multi-sector diagnosis: start a version, fill it in (drafts), sign it off, history."""
from functools import partial

from flask import Blueprint, flash, redirect, render_template, request, send_file, url_for
from flask_login import current_user
from sqlalchemy.orm import joinedload

from kooperacje.answers import fill_answers, missing_answers, read_answers, set_row_choices, with_sections
from kooperacje.audit.models import record
from kooperacje.auth.models import User
from kooperacje.auth.permissions import permission_required
from kooperacje.clients.guard import open_case_required
from kooperacje.clients.models import Client
from kooperacje.clock import local_today
from kooperacje.database import get_or_404
from kooperacje.diagnoses import service as diagnoses
from kooperacje.diagnoses.documents import build_diagnosis
from kooperacje.diagnoses.forms import DiagnosisForm
from kooperacje.diagnoses.models import Diagnosis
from kooperacje.diagnoses.vocabulary import DIAGNOSIS_STATUSES
from kooperacje.documents import DOCX_MIMETYPE, download_name
from kooperacje.extensions import db
from kooperacje.forms import VersionForm
from kooperacje.i18n import gettext as _
from kooperacje.i18n import lazy_gettext as _l
from kooperacje.inaction import service as inaction
from kooperacje.municipalities.service import centre_of
from kooperacje.parking import restore_parked_form
from kooperacje.plugins import get_plugins
from kooperacje.versions import SavedMeanwhile, conflict_page, save_versioned, saved_meanwhile

bp = Blueprint("diagnoses", __name__, url_prefix="/clients")




def refuse_without_model(client):
    """Casework follows the municipality's model: until one is chosen, say who must choose it."""
    if current_user.municipality.model_key:
        return None
    flash(_("Najpierw administrator gminy musi wybrać model współpracy."), "error")
    return redirect(url_for("clients.detail", client_id=client.id))


@bp.post("/<int:client_id>/diagnoses")
@permission_required("clients.edit")
@open_case_required
def start(client_id):
    client = get_or_404(Client, client_id)
    refusal = refuse_without_model(client)
    if refusal:
        return refusal
    diagnosis = diagnoses.start(client, current_user, current_user.municipality.model_key)
    db.session.commit()
    return redirect(url_for(".edit", diagnosis_id=diagnosis.id))


def _form(diagnosis, sections, choices):
    form = with_sections(DiagnosisForm, sections)()
    set_row_choices(form, sections, choices)
    return form


def _names(choices):
    return {kind: dict(pairs) for kind, pairs in choices.items()}


@bp.route("/diagnoses/<int:diagnosis_id>/edit", methods=["GET", "POST"])
@permission_required("clients.edit")
@open_case_required
def edit(diagnosis_id):
    diagnosis = get_or_404(Diagnosis, diagnosis_id)
    if not diagnosis.is_draft:
        flash(_("Zatwierdzonej diagnozy nie można zmieniać. Rozpocznij nową wersję."), "error")
        return redirect(url_for(".view", diagnosis_id=diagnosis.id))
    sections, choices = diagnoses.sections_for(diagnosis), diagnoses.row_choices()
    form = _form(diagnosis, sections, choices)
    if request.method == "GET":
        fill_answers(form, sections, diagnosis.answers)
        form.version.data = str(diagnosis.version)
        restore_parked_form(form)
        return _render_form(form, diagnosis, sections)
    if not form.validate():
        return _render_form(form, diagnosis, sections), 400
    try:
        save_versioned(form, diagnosis, lambda: diagnoses.save(diagnosis, read_answers(form, sections)),
                       reload=lambda: get_or_404(Diagnosis, diagnosis_id))
    except SavedMeanwhile as conflict:
        return conflict_page(partial(_render_form, form, conflict.newer, sections, names=_names(choices)),
                             form, conflict.newer)
    db.session.commit()
    if request.form.get("action") == "sign":
        return redirect(url_for(".sign", diagnosis_id=diagnosis.id))
    flash(_("Zapisano szkic diagnozy."), "success")
    return redirect(url_for(".edit", diagnosis_id=diagnosis.id))


def _render_form(form, diagnosis, sections, saved=None, names=None, differences=()):
    return render_template("diagnoses/form.html", form=form, diagnosis=diagnosis, client=diagnosis.client,
                           sections=sections, saved=saved, names=names or {})


@bp.route("/diagnoses/<int:diagnosis_id>/sign", methods=["GET", "POST"])
@permission_required("clients.edit")
@open_case_required
def sign(diagnosis_id):
    diagnosis = get_or_404(Diagnosis, diagnosis_id)
    if not diagnosis.is_draft:
        return redirect(url_for(".view", diagnosis_id=diagnosis.id))
    sections, choices = diagnoses.sections_for(diagnosis), diagnoses.row_choices()
    check = _form(diagnosis, sections, choices)
    if missing_answers(check, sections, diagnosis.answers):
        fill_answers(check, sections, diagnosis.answers)
        check.version.data = str(diagnosis.version)
        flash(_("Uzupełnij wymagane pola, zanim zatwierdzisz diagnozę."), "error")
        return _render_form(check, diagnosis, sections), 400
    form = VersionForm()
    if form.validate_on_submit():
        if saved_meanwhile(form, diagnosis):
            flash(_("W międzyczasie ktoś zmienił tę diagnozę. Sprawdź ją przed zatwierdzeniem."), "error")
            return redirect(url_for(".view", diagnosis_id=diagnosis.id))
        diagnoses.sign(diagnosis, current_user)
        db.session.commit()
        flash(_("Zatwierdzono diagnozę (wersja %(number)d).", number=diagnosis.number), "success")
        return redirect(url_for(".view", diagnosis_id=diagnosis.id))
    form.version.data = str(diagnosis.version)
    return render_template("diagnoses/sign.html", form=form, diagnosis=diagnosis, client=diagnosis.client,
                           without_consent=diagnoses.partners_without_consent(diagnosis, _names(choices)["institutions"]))


@bp.route("/diagnoses/<int:diagnosis_id>/diagnosis.docx")
@permission_required("clients.read")
def document(diagnosis_id):
    diagnosis = get_or_404(Diagnosis, diagnosis_id)
    model = get_plugins().model(diagnosis.model_key)
    content = build_diagnosis(diagnosis, sections=diagnoses.sections_for(diagnosis),
                              centre=centre_of(current_user.municipality),
                              model_name=model.name if model else diagnosis.model_key,  # lazy: the document is Polish
                              choice_names=_names(diagnoses.row_choices()), inaction=_inaction(diagnosis))
    record("diagnosis_exported", diagnosis)
    return send_file(content, mimetype=DOCX_MIMETYPE, as_attachment=True,
                     download_name=download_name("diagnoza", diagnosis.client_id, diagnosis.number,
                                                 local_today().isoformat()))


def _inaction(diagnosis):
    """The diagnosis's references to the cost-of-inaction card, for its document."""
    references = inaction.references_of(diagnosis)
    card = inaction.card_of(diagnosis.model_key)
    return {"references": references, "total": inaction.total(references),
            "title": card.title if card else _l("Karta kosztów zaniechania")}


@bp.route("/diagnoses/<int:diagnosis_id>")
@permission_required("clients.read")
def view(diagnosis_id):
    # with its case and the names of who wrote and approved it (not their memberships)
    diagnosis = get_or_404(Diagnosis, diagnosis_id, joinedload(Diagnosis.client),
                           joinedload(Diagnosis.author).lazyload(User.memberships),
                           joinedload(Diagnosis.signed_by).lazyload(User.memberships))
    choices = diagnoses.row_choices()
    names = _names(choices)
    return render_template("diagnoses/view.html", diagnosis=diagnosis, client=diagnosis.client,
                           sections=diagnoses.sections_for(diagnosis), names=names,
                           statuses=DIAGNOSIS_STATUSES,
                           without_consent=diagnoses.partners_without_consent(diagnosis, names["institutions"]),
                           start_form=VersionForm())
