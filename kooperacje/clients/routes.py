"""Client registry: list, register, search (POST only: no names or PESEL in URLs), details, and the
case's life: editing it and its household."""
from functools import partial
from types import SimpleNamespace

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user

from kooperacje.audit.models import record, record_case_accesses
from kooperacje.audit.vocabulary import purpose
from kooperacje.auth.permissions import can, permission_required
from kooperacje.clients import caseload as caseloads
from kooperacje.clients import report as data_report
from kooperacje.clients import service as service
from kooperacje.clients.forms import (ClientEditForm, ClientForm, ClientSearchForm, CloseCaseForm, MemberEditForm,
                                      MemberForm, MemberLeftForm, ReassignForm, ReopenCaseForm)
from kooperacje.clients.guard import open_case_required
from kooperacje.clients.models import Client, Person
from kooperacje.clients.pesel import masked
from kooperacje.clients.retention import due_cases_for
from kooperacje.clients.search import case_rows, find_clients
from kooperacje.clients.vocabulary import (CASE_STATES, CLIENT_KINDS, CLOSING_REASONS, REASONS_FOR_ASSISTANCE,
                                           RELATIONSHIPS, SEXES)
from kooperacje.clock import day, local_today
from kooperacje.consents import service as consents
from kooperacje.consents.vocabulary import GIVEN_HOW, SCOPES
from kooperacje.contracts.service import desk as desk_items
from kooperacje.contracts.vocabulary import ACTIVE_CONTRACT_STATUSES, CONTRACT_STATUSES
from kooperacje.database import get_or_404
from kooperacje.diagnoses import service as diagnoses
from kooperacje.diagnoses.vocabulary import DIAGNOSIS_STATUSES
from kooperacje.exports import table_download
from kooperacje.extensions import db
from kooperacje.i18n import gettext as _
from kooperacje.ids import parse_id
from kooperacje.pagination import keyset_page
from kooperacje.versions import SavedMeanwhile, conflict_page, save_versioned

bp = Blueprint("clients", __name__, url_prefix="/clients")

#: more cases than this is no longer a list to read in a spreadsheet (and would fill the memory)
EXPORT_LIMIT = 5_000


def _vocabularies():
    return {"kinds": CLIENT_KINDS, "reasons_labels": REASONS_FOR_ASSISTANCE, "relationships": RELATIONSHIPS,
            "sexes": SEXES, "closing_reasons": CLOSING_REASONS, "case_states": CASE_STATES, "masked": masked,
            "diagnosis_statuses": DIAGNOSIS_STATUSES, "contract_statuses": CONTRACT_STATUSES, "scopes": SCOPES,
            "given_how": GIVEN_HOW}


@bp.route("/desk")
@permission_required("clients.read")
def desk():
    """The worker's desk: reviews coming up, contract periods ending, partners' overdue actions."""
    today = local_today()
    return render_template("clients/desk.html", today=today, **desk_items(current_user, today), **_vocabularies())


@bp.route("/")
@permission_required("clients.read")
def index():
    """The register, open cases unless ``?state=closed``, one worker's with ``?worker=`` (an
    account number: neither is personal data)."""
    state, worker_id = _register_filters()
    page = keyset_page(db.session, _register(state, worker_id), Client.id)
    record_case_accesses(page.items)
    return render_template("clients/index.html", page=page, search=ClientSearchForm(), results=None, state=state,
                           worker_id=worker_id, **_vocabularies())


def _register_filters():
    """(state, worker id) of the register's query: neither is personal data."""
    return "closed" if request.args.get("state") == "closed" else "open", parse_id(request.args.get("worker", ""))


def _register(state, worker_id):
    statement = case_rows().where(Client.status == "closed" if state == "closed" else Client.status != "closed")
    return statement if worker_id is None else statement.where(Client.worker_id == worker_id)


@bp.route("/caseload")
@permission_required("caseload.read")
def caseload():
    """The head of the centre's overview: cases per worker and the contracts to approve."""
    return render_template("clients/caseload.html", rows=caseloads.caseload(),
                           awaiting=caseloads.awaiting_approval(), **_vocabularies())


@bp.route("/caseload.<any(csv, xlsx):extension>")
@permission_required("caseload.read")
def caseload_export(extension):
    """The caseload page's table: counts per worker, no client (so no case file is opened)."""
    rows = caseloads.caseload()
    record("caseload_exported", detail=extension)
    return table_download(
        extension, [_("Pracownik socjalny"), _("Konto aktywne"), _("Sprawy otwarte"), _("Sprawy zamknięte")],
        ([row.worker.full_name if row.worker else _("bez pracownika"),
          (_("tak") if row.worker.active else _("nie")) if row.worker else None, row.open, row.closed] for row in rows),
        "sprawy-wedlug-pracownikow", local_today())


@bp.route("/export.<any(csv, xlsx):extension>")
@permission_required("clients.read")
def index_export(extension):
    """The register as listed (open or closed cases, one worker's): PESEL masked as in every list
    (the whole number is on the case's page only); loading the cases records an access to each."""
    state, worker_id = _register_filters()
    statement = _register(state, worker_id).order_by(Client.id.desc()).limit(EXPORT_LIMIT + 1)
    cases = db.session.execute(statement).all()
    if len(cases) > EXPORT_LIMIT:
        flash(_("Lista obejmuje ponad %(limit)s spraw: wybierz pracownika, aby pobrać plik.",
                limit=f"{EXPORT_LIMIT:,}".replace(",", " ")), "error")
        return redirect(url_for("clients.index", state=state, worker=worker_id))
    record_case_accesses(cases)
    record("clients_exported", detail=f"rows:{len(cases)};{extension}")
    return table_download(
        extension, [_("Wnioskodawca"), _("PESEL"), _("Sprawa"), _("Osoby"), _("Pracownik"), _("Stan")],
        ([f"{c.last_name} {c.first_name}" if c.last_name else None, masked(c.pesel), CLIENT_KINDS[c.kind],
          c.persons, c.worker, _("zamknięta") if c.status == "closed" else _("otwarta")] for c in cases),
        "rejestr-spraw", state, local_today())


@bp.post("/search")
@permission_required("clients.read")
def search():
    form = ClientSearchForm()
    results = find_clients(form.query.data, form.after.data) if form.validate() else None
    return render_template("clients/index.html", page=None, search=form, results=results,
                           **_vocabularies()), 400 if form.errors else 200


@bp.route("/new", methods=["GET", "POST"])
@permission_required("clients.edit")
def create():
    form = ClientForm()
    duplicates = []
    if form.validate_on_submit():
        duplicates = _unconfirmed_duplicates(form)
        if not form.errors:
            client = service.register_client(form, current_user)
            db.session.commit()
            flash(_("Zarejestrowano sprawę."), "success")
            return redirect(url_for(".detail", client_id=client.id))
    return render_template("clients/form.html", form=form, duplicates=duplicates,
                           **_vocabularies()), 400 if form.errors else 200


def _unconfirmed_duplicates(form, client=None, person=None):
    """The cases that already hold the typed PESEL. An applicant's is refused (one person, one
    case: the worker opens the linked case); a household member's is saved once the worker
    confirms it (a child may belong to both parents' households); a person listed twice in one
    household is refused outright."""
    cases = service.cases_with_pesel(form.pesel.data, person)
    if client is not None and client in cases:
        form.pesel.errors = [_("Osoba z tym numerem PESEL jest już w tym gospodarstwie domowym.")]
        return []
    if cases and form.confirm_duplicate is None:
        form.pesel.errors = [_("Osoba z tym numerem PESEL ma już sprawę w tym ośrodku (poniżej). Nie zakłada się "
                               "drugiej sprawy tej samej osoby: otwórz istniejącą sprawę.")]
        return cases
    if cases and not form.confirm_duplicate.data:
        form.pesel.errors = [_("Osoba z tym numerem PESEL jest już zarejestrowana w sprawie wymienionej niżej. "
                               "Otwórz tę sprawę albo potwierdź, że chcesz zapisać osobę jeszcze raz.")]
        return cases
    return []


@bp.route("/<int:client_id>")
@permission_required("clients.read")
def detail(client_id):
    return _detail_page(get_or_404(Client, client_id))


def _detail_page(client, member_form=None, duplicates=(), reassign_form=None, status=200):
    return render_template("clients/detail.html", client=client, member_form=member_form or MemberForm(prefix="member"),
                           duplicates=duplicates, reassign_form=reassign_form or _reassign_form(client),
                           retention_due=_retention_due(client), consents=consents.consents_of(client),
                           today=local_today(), **_vocabularies()), status


def _reassign_form(client, formdata=None):
    """The head's form to hand the case over (None for everyone else)."""
    if formdata is None and not can("cases.assign"):
        return None
    form = ReassignForm(formdata=formdata)
    form.worker_id.choices = [(0, _("wybierz"))] + [(w.id, w.full_name) for w in caseloads.assignable_workers()
                                                     if w.id != client.worker_id]
    if formdata is None:
        form.version.data = str(client.version)
    return form


@bp.post("/<int:client_id>/worker")
@permission_required("cases.assign")
@open_case_required
def reassign(client_id):
    client = get_or_404(Client, client_id)
    form = _reassign_form(client, request.form)
    if not form.validate():
        return _detail_page(client, reassign_form=form, status=400)
    worker = next(w for w in caseloads.assignable_workers() if w.id == form.worker_id.data)
    try:
        save_versioned(form, client, lambda: service.reassign(client, worker),
                       reload=lambda: get_or_404(Client, client.id))
    except SavedMeanwhile:
        flash(_("W międzyczasie ktoś zmienił dane tej sprawy. Sprawdź je i spróbuj ponownie."), "error")
        return redirect(url_for(".detail", client_id=client.id)), 409
    db.session.commit()
    flash(_("Sprawę przekazano: prowadzi ją teraz %(name)s.", name=worker.full_name), "success")
    return redirect(url_for(".detail", client_id=client.id))


def _retention_due(client):
    """The date the case's retention period ran out, if it has and no contract is in force."""
    return due_cases_for(client, current_user.municipality, local_today())


@bp.post("/<int:client_id>/members")
@permission_required("clients.edit")
@open_case_required
def add_member(client_id):
    client = get_or_404(Client, client_id)
    form = MemberForm(prefix="member")
    duplicates = _unconfirmed_duplicates(form, client) if form.validate() else []
    if not form.errors:
        service.add_member(client, form)
        db.session.commit()
        flash(_("Dodano osobę do gospodarstwa domowego."), "success")
        return redirect(url_for(".detail", client_id=client.id, _anchor="czlonkowie"))
    return _detail_page(client, member_form=form, duplicates=duplicates, status=400)


@bp.route("/<int:client_id>/edit", methods=["GET", "POST"])
@permission_required("clients.edit")
@open_case_required
def edit(client_id):
    client = get_or_404(Client, client_id)
    form = ClientEditForm(obj=None if _posted() else _client_values(client))
    duplicates = []
    if form.validate_on_submit():
        duplicates = _unconfirmed_duplicates(form, client, client.applicant)
    if form.is_submitted() and not form.errors:
        try:
            save_versioned(form, client, lambda: service.update_client(client, form),
                           reload=lambda: get_or_404(Client, client_id))
        except SavedMeanwhile as conflict:
            return conflict_page(partial(_edit_page, form, conflict.newer, []), form, conflict.newer,
                                 service.CLIENT_FIELDS)
        db.session.commit()
        flash(_("Zapisano dane sprawy."), "success")
        return redirect(url_for(".detail", client_id=client.id))
    return _edit_page(form, client, duplicates), 400 if form.errors else 200


def _posted():
    """A posted form reads what was typed; a form being opened reads the stored record."""
    return request.method == "POST"


def _client_values(client):
    """What the case form opens with: the case's data, its applicant's and the case's version."""
    values = {name: getattr(client, name) for name in (*service.CLIENT_FIELDS, "reasons")}
    values.update({name: getattr(client.applicant, name) for name in service.PERSON_FIELDS})
    return SimpleNamespace(version=str(client.version), **values)


def _edit_page(form, client, duplicates, saved=None, differences=()):
    return render_template("clients/edit.html", form=form, client=client, duplicates=duplicates, saved=saved,
                           differences=differences, **_vocabularies())


@bp.route("/members/<int:member_id>/edit", methods=["GET", "POST"])
@permission_required("clients.edit")
@open_case_required
def edit_member(member_id):
    person = get_or_404(Person, member_id)
    client = person.client
    if person.relation == "applicant":
        return redirect(url_for(".edit", client_id=client.id))
    form = MemberEditForm(obj=None if _posted() else SimpleNamespace(
        version=str(client.version), relation=person.relation, joined_on=person.joined_on,
        **{name: getattr(person, name) for name in service.PERSON_FIELDS}))
    duplicates = _unconfirmed_duplicates(form, client, person) if form.validate_on_submit() else []
    if form.is_submitted() and not form.errors:
        try:
            save_versioned(form, client, lambda: service.update_member(person, form),
                           reload=lambda: get_or_404(Client, client.id))
        except SavedMeanwhile as conflict:
            return conflict_page(partial(_member_page, form, person, []), form, conflict.newer)
        db.session.commit()
        flash(_("Zapisano dane osoby."), "success")
        return redirect(url_for(".detail", client_id=client.id, _anchor="czlonkowie"))
    return _member_page(form, person, duplicates), 400 if form.errors else 200


def _member_page(form, person, duplicates, saved=None, differences=()):
    return render_template("clients/member.html", form=form, person=person, client=person.client,
                           duplicates=duplicates, saved=saved, **_vocabularies())


@bp.route("/members/<int:member_id>/leave", methods=["GET", "POST"])
@permission_required("clients.edit")
@open_case_required
def member_left(member_id):
    """A member leaves the household: asked to confirm with the date; the row and history stay."""
    person = get_or_404(Person, member_id)
    client = person.client
    if person.relation == "applicant" or person.left_on:
        flash(_("Wnioskodawca nie może odejść z gospodarstwa domowego: to jego sprawa. Aby zakończyć pracę, "
                "zamknij sprawę.") if person.relation == "applicant" else _("Ta osoba już odeszła z gospodarstwa."),
              "error")
        return redirect(url_for(".detail", client_id=client.id, _anchor="czlonkowie"))
    form = MemberLeftForm()
    if not form.is_submitted():
        form.version.data, form.left_on.data = str(client.version), local_today()
    elif _valid_leaving(form, person):
        try:
            save_versioned(form, client, lambda: service.member_left(person, form.left_on.data, current_user),
                           reload=lambda: get_or_404(Client, client.id))
        except SavedMeanwhile:
            flash(_("W międzyczasie ktoś zmienił dane tej sprawy. Sprawdź gospodarstwo domowe i spróbuj ponownie."),
                  "error")
            return redirect(url_for(".detail", client_id=client.id, _anchor="czlonkowie")), 409
        db.session.commit()
        flash(_("Odnotowano odejście osoby z gospodarstwa domowego."), "success")
        return redirect(url_for(".detail", client_id=client.id, _anchor="czlonkowie"))
    return render_template("clients/leave.html", form=form, person=person, client=client,
                           **_vocabularies()), 400 if form.errors else 200


def _valid_leaving(form, person):
    if form.validate() and person.joined_on and form.left_on.data < person.joined_on:
        form.left_on.errors.append(_("Data odejścia nie może być wcześniejsza niż data dołączenia (%(day)s).",
                                     day=day(person.joined_on)))
    return not form.errors


@bp.route("/<int:client_id>/close", methods=["GET", "POST"])
@permission_required("clients.edit")
@open_case_required
def close(client_id):
    """Closing a case, after a confirmation page with the date and the reason."""
    client = get_or_404(Client, client_id)
    form = CloseCaseForm()
    if not form.is_submitted():
        form.version.data, form.closed_on.data = str(client.version), local_today()
    elif form.validate():
        return _change_status(form, client, lambda: service.close_case(
            client, form.closed_on.data, form.reason.data, form.text.data, current_user), _("Zamknięto sprawę."))
    running = [c for c in client.contracts if c.status in ACTIVE_CONTRACT_STATUSES]
    return render_template("clients/close.html", form=form, client=client, running=running,
                           **_vocabularies()), 400 if form.errors else 200


@bp.route("/<int:client_id>/reopen", methods=["GET", "POST"])
@permission_required("clients.edit")
def reopen(client_id):
    client = get_or_404(Client, client_id)
    if not client.is_closed:
        flash(_("Ta sprawa jest otwarta."), "error")
        return redirect(url_for(".detail", client_id=client.id))
    form = ReopenCaseForm()
    if not form.is_submitted():
        form.version.data, form.reopened_on.data = str(client.version), local_today()
    elif form.validate():
        return _change_status(form, client, lambda: service.reopen_case(
            client, form.reopened_on.data, form.text.data, current_user), _("Sprawa jest ponownie otwarta."))
    return render_template("clients/reopen.html", form=form, client=client,
                           **_vocabularies()), 400 if form.errors else 200


def _change_status(form, client, write, message):
    try:
        save_versioned(form, client, write, reload=lambda: get_or_404(Client, client.id))
    except SavedMeanwhile:
        flash(_("W międzyczasie ktoś zmienił dane tej sprawy. Sprawdź je i spróbuj ponownie."), "error")
        return redirect(url_for(".detail", client_id=client.id)), 409
    db.session.commit()
    flash(message, "success")
    return redirect(url_for(".detail", client_id=client.id))


@bp.route("/<int:client_id>/report")
@permission_required("clients.read")
def report(client_id):
    """The client data report (GDPR art. 15), ready to print and hand over."""
    client = get_or_404(Client, client_id)
    names = dict(diagnoses.row_choices()["institutions"])
    accesses = data_report.accesses(client)  # read before this view is itself recorded
    record("client_report_viewed", client)
    return render_template("clients/report.html", client=client, sharing=data_report.sharing(client, names),
                           consents=consents.consents_of(client), accesses=accesses, purpose=purpose,
                           today=local_today(), **_vocabularies())
