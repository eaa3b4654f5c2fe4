"""Pages of the social contract and the individual plan: part I, signing, realisation,
amendments, part II, closing, the DOCX; and the bulk export of many contracts as a ZIP."""
from datetime import date
from functools import partial

from flask import Blueprint, abort, flash, jsonify, redirect, render_template, request, send_file, url_for
from flask_login import current_user
from sqlalchemy.orm import joinedload, selectinload

from kooperacje.answers import fill_answers, read_answers, set_row_choices, with_sections
from kooperacje.audit.models import record
from kooperacje.auth.models import User
from kooperacje.auth.permissions import permission_required
from kooperacje.clients.guard import open_case_required
from kooperacje.clients.models import Client
from kooperacje.clients.vocabulary import RELATIONSHIPS
from kooperacje.clock import day, local_today
from kooperacje.contracts import exports
from kooperacje.contracts import service as contracts
from kooperacje.contracts.forms import (AmendmentForm, ApprovalForm, ContractForm, EvaluationForm, ExportForm,
                                        SignContractForm)
from kooperacje.contracts.models import Contract, ContractAction
from kooperacje.contracts.vocabulary import (ACTION_PARTIES, ACTION_STATUSES, CONTRACT_ENDINGS, CONTRACT_STATUSES,
                                             CONTRACT_VARIANTS, EXPORT_STATUSES, GOAL_OUTCOMES,
                                             current_labour_market_list, labour_market_groups)
from kooperacje.database import get_or_404
from kooperacje.diagnoses import service as diagnoses
from kooperacje.diagnoses.routes import refuse_without_model
from kooperacje.documents import DOCX_MIMETYPE, download_name
from kooperacje.extensions import db
from kooperacje.fields import is_plausible
from kooperacje.forms import VersionForm
from kooperacje.i18n import gettext as _
from kooperacje.jobs import jobs
from kooperacje.municipalities.service import centre_profile
from kooperacje.parking import restore_parked_form
from kooperacje.plugins import get_plugins
from kooperacje.versions import SavedMeanwhile, conflict_page, save_versioned, saved_meanwhile

bp = Blueprint("contracts", __name__, url_prefix="/clients")
#: empty rows offered under the filled ones, so a plan grows without any script
BLANK_GOALS, BLANK_ACTIONS = 2, 3


def today():
    return local_today()




def _vocabularies():
    return {"variants": CONTRACT_VARIANTS, "statuses": CONTRACT_STATUSES, "parties": ACTION_PARTIES,
            "action_statuses": ACTION_STATUSES, "outcomes": GOAL_OUTCOMES, "endings": CONTRACT_ENDINGS,
            "labour_basis": current_labour_market_list().basis,
            "labour_market_groups": labour_market_groups, "relationships": RELATIONSHIPS}


@bp.post("/<int:client_id>/contracts")
@permission_required("clients.edit")
@open_case_required
def start(client_id):
    client = get_or_404(Client, client_id)
    refusal = refuse_without_model(client)
    if refusal:
        return refusal
    contract = contracts.start(client, current_user, current_user.municipality.model_key)
    db.session.commit()
    flash(_("Utworzono projekt kontraktu. Ocenę sytuacji przeniesiono z ostatniej zatwierdzonej diagnozy.")
          if contract.diagnosis else _("Utworzono projekt kontraktu."), "success")
    return redirect(url_for(".edit", contract_id=contract.id))


# --- part I ---------------------------------------------------------------------------------

def _part_one_form(contract, sections, choices):
    form = with_sections(ContractForm, sections)()
    _set_choices(form, contract, sections, choices)
    return form


def _set_choices(form, contract, sections, choices):
    set_row_choices(form, sections, choices)
    # the household as it is now, and anyone the draft already covers who has left since
    form.covered_member_ids.choices = [(m.id, f"{m.full_name} ({RELATIONSHIPS[m.relation]})")
                                       for m in contract.client.members if m.relation != "applicant"
                                       and (m.left_on is None or m.id in (contract.covered_member_ids or ()))]
    institutions = [(0, "—"), *choices["institutions"]]
    for entry in form.actions.entries:
        entry.form.institution_id.choices = institutions


def _fill_part_one(form, contract, sections):
    for name in contracts.PART_ONE_FIELDS:
        form[name].data = getattr(contract, name)
    form.covered_member_ids.data = list(contract.covered_member_ids or [])
    form.labour_situations.data = list(contract.labour_situations or [])
    for goal in contract.goals:
        form.goals.append_entry({"id": str(goal.id), "text": goal.text})
    for action in contract.actions:
        form.actions.append_entry({"id": str(action.id), "party": action.party, "description": action.description,
                                   "institution_id": action.institution_id or 0, "method": action.method,
                                   "due_on": action.due_on})
    fill_answers(form, sections, contract.model_data)
    form.version.data = str(contract.version)


def _add_blank_rows(form):
    for _row in range(BLANK_GOALS):
        form.goals.append_entry()
    for _row in range(BLANK_ACTIONS):
        form.actions.append_entry()


@bp.route("/contracts/<int:contract_id>/edit", methods=["GET", "POST"])
@permission_required("clients.edit")
@open_case_required
def edit(contract_id):
    contract = get_or_404(Contract, contract_id)
    if contract.status in ("to_approve", "approved"):
        flash(_("Projekt przekazano kierownikowi ośrodka do zatwierdzenia. Zmienić go można, gdy kierownik zwróci "
                "go do poprawy."), "error")
        return redirect(url_for(".view", contract_id=contract.id))
    if contract.status != "draft":
        flash(_("Podpisanego kontraktu nie można zmieniać. Zmiany wprowadza się aneksem."), "error")
        return redirect(url_for(".view", contract_id=contract.id))
    sections, choices = contracts.sections_for(contract), diagnoses.row_choices()
    if request.method == "GET":
        form = _part_one_form(contract, sections, choices)
        _fill_part_one(form, contract, sections)
        restore_parked_form(form)
        _add_blank_rows(form)
        _set_choices(form, contract, sections, choices)
        return _render_form(form, contract, sections)
    form = _part_one_form(contract, sections, choices)
    if not form.validate():
        return _render_form(form, contract, sections), 400
    warnings = [] if saved_meanwhile(form, contract) else contracts.implausibilities(contract, form)
    if warnings and not form.confirm_implausible.data:
        for warning in warnings:
            warning.field.errors = [*warning.field.errors, warning.text]
        return _render_form(form, contract, sections, warnings=warnings), 400
    try:
        members_left_out = save_versioned(
            form, contract, lambda: contracts.save_part_one(contract, form, read_answers(form, sections)),
            reload=lambda: get_or_404(Contract, contract_id))
    except SavedMeanwhile as conflict:
        return conflict_page(partial(_render_form, form, conflict.newer, sections), form, conflict.newer)
    db.session.commit()
    if members_left_out:
        flash(_("W wariancie B stronami kontraktu są tylko osoba i pracownik socjalny: zaznaczonych członków rodziny "
                "nie zapisano."), "info")
    if request.form.get("action") == "sign":
        return redirect(url_for(".sign", contract_id=contract.id))
    flash(_("Zapisano projekt kontraktu."), "success")
    return redirect(url_for(".edit", contract_id=contract.id))


def _render_form(form, contract, sections, saved=None, warnings=(), differences=()):
    return render_template("contracts/form.html", form=form, contract=contract, client=contract.client,
                           sections=sections, saved=saved, warnings=warnings,
                           model=get_plugins().model(contract.model_key), **_vocabularies())


@bp.route("/contracts/<int:contract_id>/sign", methods=["GET", "POST"])
@permission_required("clients.edit")
@open_case_required
def sign(contract_id):
    contract = get_or_404(Contract, contract_id)
    if contract.status not in ("draft", "to_approve", "approved"):
        return redirect(url_for(".view", contract_id=contract.id))
    sections = contracts.sections_for(contract)
    problems = contracts.signing_problems(contract, sections)
    approval = contracts.approval_required(current_user.municipality)
    waiting = not contracts.signable(contract, approval)
    form = SignContractForm()
    if request.method == "GET":
        form.concluded_on.data = today()
        form.version.data = str(contract.version)
    elif not problems and not waiting and form.validate():
        if saved_meanwhile(form, contract):
            flash(_("W międzyczasie ktoś zmienił ten kontrakt. Sprawdź go przed podpisaniem."), "error")
            return redirect(url_for(".view", contract_id=contract.id))
        contracts.sign(contract, form.concluded_on.data, current_user)
        db.session.commit()
        flash(_("Kontrakt został podpisany. Od tej chwili zmiany wprowadza się aneksem."), "success")
        return redirect(url_for(".view", contract_id=contract.id))
    return render_template("contracts/sign.html", form=form, contract=contract, client=contract.client,
                           problems=problems, waiting=waiting), 400 if request.method == "POST" else 200


# --- approval by the head of the centre (where the centre turns it on) ----------------------

@bp.post("/contracts/<int:contract_id>/submit")
@permission_required("clients.edit")
@open_case_required
def submit(contract_id):
    """The worker hands a complete draft to the head of the centre for approval."""
    contract = get_or_404(Contract, contract_id)
    form = VersionForm()
    if (not form.validate() or contract.status != "draft"
            or not contracts.approval_required(current_user.municipality)
            or contracts.signing_problems(contract, contracts.sections_for(contract))):
        flash(_("Tego projektu nie można teraz przekazać do zatwierdzenia. Sprawdź, czy jest kompletny."), "error")
        return redirect(url_for(".sign", contract_id=contract.id)), 400
    if saved_meanwhile(form, contract):
        flash(_("W międzyczasie ktoś zmienił ten kontrakt. Sprawdź go i spróbuj ponownie."), "error")
        return redirect(url_for(".view", contract_id=contract.id)), 409
    contracts.submit_for_approval(contract)
    db.session.commit()
    flash(_("Przekazano projekt kierownikowi ośrodka do zatwierdzenia."), "success")
    return redirect(url_for(".view", contract_id=contract.id))


@bp.post("/contracts/<int:contract_id>/approval")
@permission_required("contracts.approve")
@open_case_required
def approval(contract_id):
    contract = get_or_404(Contract, contract_id)
    if contract.status != "to_approve":
        flash(_("Ten kontrakt nie czeka na zatwierdzenie."), "error")
        return redirect(url_for(".view", contract_id=contract.id)), 400
    form = ApprovalForm()
    if not form.validate():
        return _contract_page(contract, approval_form=form, status=400)
    if saved_meanwhile(form, contract):
        flash(_("W międzyczasie ktoś zmienił ten kontrakt. Sprawdź go i zdecyduj ponownie."), "error")
        return redirect(url_for(".view", contract_id=contract.id)), 409
    contracts.decide_approval(contract, form.decision.data, form.remark.data, current_user)
    db.session.commit()
    flash(_("Zatwierdzono kontrakt do podpisu.") if form.decision.data == "approve"
          else _("Zwrócono projekt pracownikowi do poprawy."), "success")
    return redirect(url_for(".view", contract_id=contract.id))


# --- realisation ----------------------------------------------------------------------------

@bp.route("/contracts/<int:contract_id>")
@permission_required("clients.read")
def view(contract_id):
    # with the contract: its case, diagnosis and worker (the worker's name only, not their
    # memberships); each action's institution loaded together, not one query an institution
    return _contract_page(get_or_404(
        Contract, contract_id, joinedload(Contract.client), joinedload(Contract.diagnosis),
        joinedload(Contract.worker).lazyload(User.memberships),
        selectinload(Contract.actions).selectinload(ContractAction.institution)))


def _contract_page(contract, amendment_form=None, amendment_warned=False, approval_form=None, status=200):
    """The contract's page; an amendment or an approval that was refused comes back in its form, with why."""
    choices = diagnoses.row_choices()
    review_form = VersionForm()
    review_form.version.data = str(contract.version)
    if approval_form is None:
        approval_form = ApprovalForm(formdata=None)
        approval_form.version.data = str(contract.version)
    return render_template(
        "contracts/view.html", contract=contract, client=contract.client, sections=contracts.sections_for(contract),
        names={kind: dict(pairs) for kind, pairs in choices.items()},
        model=get_plugins().model(contract.model_key), amendment_form=amendment_form or AmendmentForm(
            made_on=today()), amendment_warned=amendment_warned, step_form=review_form, today=today(),
        approval_form=approval_form, approval=contracts.approval_required(current_user.municipality),
        centre_missing=centre_profile(current_user.municipality) is None, **_vocabularies()), status


def _transition(contract_id, allowed, status, action, message):
    contract = get_or_404(Contract, contract_id)
    form = VersionForm()
    if not form.validate_on_submit() or contract.status not in allowed:
        abort(400)
    if saved_meanwhile(form, contract):
        flash(_("W międzyczasie ktoś zmienił ten kontrakt. Sprawdź go i spróbuj ponownie."), "error")
        return redirect(url_for(".view", contract_id=contract.id)), 409
    contracts.move(contract, status, action)
    db.session.commit()
    flash(message, "success")
    return redirect(url_for(".view", contract_id=contract.id))


@bp.post("/contracts/<int:contract_id>/start")
@permission_required("clients.edit")
@open_case_required
def begin(contract_id):
    return _transition(contract_id, ("signed",), "in_progress", "contract_started",
                       _("Rozpoczęto realizację kontraktu."))


@bp.route("/contracts/<int:contract_id>/close", methods=["GET", "POST"])
@permission_required("clients.edit")
@open_case_required
def close(contract_id):
    if request.method == "POST":
        return _transition(contract_id, ("evaluated",), "closed", "contract_closed", _("Zamknięto kontrakt."))
    contract = get_or_404(Contract, contract_id)
    form = VersionForm()
    form.version.data = str(contract.version)
    return render_template("contracts/close.html", form=form, contract=contract, client=contract.client)


@bp.post("/contracts/<int:contract_id>/review")
@permission_required("clients.edit")
@open_case_required
def review(contract_id):
    contract = get_or_404(Contract, contract_id)
    value = request.form.get("next_review_on", "")
    try:
        planned = date.fromisoformat(value) if value else None
        if planned and not is_plausible(planned):
            raise ValueError(value)
    except ValueError:
        flash(_("Podaj datę przeglądu w postaci dd.mm.rrrr, z lat 1900–2100."), "error")
        return redirect(url_for(".view", contract_id=contract.id, _anchor="przeglad")), 400
    contract.next_review_on = planned
    contracts.move(contract, contract.status, "contract_review_planned")
    db.session.commit()
    flash(_("Zapisano termin przeglądu."), "success")
    return redirect(url_for(".view", contract_id=contract.id, _anchor="przeglad"))


@bp.post("/contracts/<int:contract_id>/amendments")
@permission_required("clients.edit")
@open_case_required
def amend(contract_id):
    contract = get_or_404(Contract, contract_id)
    if contract.status not in ("signed", "in_progress"):
        abort(400)
    form = AmendmentForm()
    if not form.validate():
        return _contract_page(contract, amendment_form=form, status=400)
    if form.period_to.data and contract.period_from and form.period_to.data < contract.period_from:
        form.period_to.errors.append(_("Nowy termin zakończenia nie może być wcześniejszy niż początek kontraktu "
                                       "(%(day)s).", day=day(contract.period_from)))
        return _contract_page(contract, amendment_form=form, status=400)
    warnings = contracts.amendment_implausibilities(contract, form)
    if warnings and not form.confirm_implausible.data:
        form.period_to.errors.extend(warning.text for warning in warnings)
        return _contract_page(contract, amendment_form=form, amendment_warned=True, status=400)
    contracts.amend(contract, form, current_user)
    db.session.commit()
    flash(_("Dodano aneks do kontraktu."), "success")
    return redirect(url_for(".view", contract_id=contract.id, _anchor="aneksy"))


@bp.post("/contract-actions/<int:action_id>/status")
@permission_required("clients.edit")
@open_case_required
def action_status(action_id):
    action = get_or_404(ContractAction, action_id)
    status = request.form.get("status", "")
    if status not in ACTION_STATUSES or action.contract.status not in ("signed", "in_progress", "evaluated"):
        abort(400)
    contracts.set_action_status(action, status)
    db.session.commit()
    flash(_("Zmieniono stan działania."), "success")
    return redirect(url_for(".view", contract_id=action.contract_id, _anchor="dzialania"))


# --- part II --------------------------------------------------------------------------------

@bp.route("/contracts/<int:contract_id>/evaluation", methods=["GET", "POST"])
@permission_required("clients.edit")
@open_case_required
def evaluation(contract_id):
    contract = get_or_404(Contract, contract_id)
    if contract.status not in ("signed", "in_progress", "evaluated"):
        flash(_("Część II wypełnia się po podpisaniu kontraktu."), "error")
        return redirect(url_for(".view", contract_id=contract.id))
    form = EvaluationForm()
    if request.method == "GET":
        _fill_evaluation(form, contract)
        restore_parked_form(form)
        return _render_evaluation(form, contract, [])
    if not form.validate():
        return _render_evaluation(form, contract, []), 400
    try:
        save_versioned(form, contract, lambda: contracts.save_evaluation(contract, form),
                       reload=lambda: get_or_404(Contract, contract_id))
    except SavedMeanwhile as conflict:
        return conflict_page(partial(_render_evaluation, form, conflict.newer, []), form, conflict.newer)
    problems = contracts.evaluation_problems(contract) if request.form.get("action") == "finish" else []
    if problems:
        db.session.commit()  # what was typed is kept; the contract is not yet evaluated
        form.version.data = str(contract.version)
        return _render_evaluation(form, contract, problems), 400
    if request.form.get("action") == "finish":
        contracts.move(contract, "evaluated", "contract_evaluated")
        flash(_("Zakończono ocenę realizacji kontraktu."), "success")
    else:
        flash(_("Zapisano ocenę realizacji."), "success")
    db.session.commit()
    return redirect(url_for(".view", contract_id=contract.id))


def _fill_evaluation(form, contract):
    for goal in contract.goals:
        form.goals.append_entry({"id": str(goal.id), "outcome": goal.outcome or "",
                                 "outcome_reason": goal.outcome_reason})
    form.ending.data = contract.ending or ""
    form.ended_on.data = contract.ended_on
    form.ending_reason.data = contract.ending_reason
    form.summary.data = contract.summary
    form.version.data = str(contract.version)


def _render_evaluation(form, contract, problems, saved=None, differences=()):
    goals = {str(g.id): g for g in contract.goals}
    return render_template("contracts/evaluation.html", form=form, contract=contract, client=contract.client,
                           goals=goals, problems=problems, saved=saved, **_vocabularies())


# --- the document ---------------------------------------------------------------------------

@bp.route("/contracts/<int:contract_id>/contract.docx")
@permission_required("clients.read")
def document(contract_id):
    contract = get_or_404(Contract, contract_id)
    content = exports.DocumentArguments(current_user.municipality).build(contract)
    record("contract_exported", contract)
    return send_file(content, mimetype=DOCX_MIMETYPE, as_attachment=True,
                     download_name=download_name("kontrakt", contract.client_id, contract.number,
                                                 (contract.concluded_on or today()).isoformat()))


# --- the bulk export ------------------------------------------------------------------------

@bp.route("/exports", methods=["GET", "POST"])
@permission_required("contracts.export")
def export_form():
    form = ExportForm()
    form.set_workers(exports.workers())
    if request.method == "GET":
        return _render_exports(form)
    if not form.validate():
        return _render_exports(form), 400
    export = exports.pending_of(current_user)
    if export is not None:
        flash(_("Poprzednia paczka jest jeszcze przygotowywana. Nową możesz zlecić, gdy ta będzie gotowa."), "error")
        return redirect(url_for(".export_status", export_id=export.id))
    export = exports.request_export(current_user._get_current_object(), **form.filters())
    db.session.commit()  # the job reads the row: it must be there before the job is queued
    jobs().export_contracts(export.id, export.municipality_id)
    return redirect(url_for(".export_status", export_id=export.id))


def _render_exports(form):
    return render_template("contracts/exports.html", form=form, exports=exports.exports_of(current_user),
                           status_of=exports.status_of, export_statuses=_export_statuses())


def _export_statuses():
    return {**EXPORT_STATUSES, "expired": _("wygasła")}


def _owned_export(export_id):
    """Only its owner sees an export; anyone else, of any municipality, gets 404."""
    export = exports.owned(export_id, current_user)
    if export is None:
        abort(404)
    return export


@bp.route("/exports/<int:export_id>")
@permission_required("contracts.export")
def export_status(export_id):
    return _render_export(_owned_export(export_id))


def _render_export(export, status=200):
    """The export's page; a download refused with 410 shows it expired, whatever removed the file."""
    state = "expired" if status == 410 else exports.status_of(export)
    return render_template("contracts/export.html", export=export, state=state, export_statuses=_export_statuses(),
                           progress_text=exports.progress_text, **_vocabularies()), status


@bp.route("/exports/<int:export_id>/status.json")
@permission_required("contracts.export")
def export_progress(export_id):
    """What the status page's script polls: the state, the counts and the text to show."""
    export = _owned_export(export_id)
    state = exports.status_of(export)
    return jsonify(status=state, done=export.done, total=export.total, label=str(_export_statuses()[state]),
                   text=exports.progress_text(export, state),
                   download=url_for(".export_download", export_id=export.id) if state == "done" else None)


@bp.route("/exports/<int:export_id>/kontrakty.zip")
@permission_required("contracts.export")
def export_download(export_id):
    export = _owned_export(export_id)
    path = exports.available(export)
    if path is None and export.status != "done":
        return redirect(url_for(".export_status", export_id=export.id))
    if path is None:
        return _render_export(export, status=410)  # expired or removed: the page says so, in words
    exports.record_download(export)
    return send_file(path, mimetype="application/zip", as_attachment=True,
                     download_name=exports.download_file_name(export))
