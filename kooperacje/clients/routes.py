"""Client registry: list, register, search (POST only: no names or PESEL in URLs), details."""

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from kooperacje.audit.models import record
from kooperacje.audit.vocabulary import purpose
from kooperacje.auth.permissions import permission_required
from kooperacje.clients import report as data_report
from kooperacje.clients import service as service
from kooperacje.clients.forms import ClientForm, ClientSearchForm, PersonForm
from kooperacje.clients.models import Client
from kooperacje.clients.pesel import masked
from kooperacje.clients.retention import due_cases_for
from kooperacje.clients.search import find_clients
from kooperacje.clients.vocabulary import CLIENT_KINDS, REASONS_FOR_ASSISTANCE, RELATIONSHIPS, SEXES
from kooperacje.clock import local_today
from kooperacje.consents import service as consents
from kooperacje.consents.vocabulary import GIVEN_HOW, SCOPES
from kooperacje.contracts.service import desk as desk_items
from kooperacje.contracts.vocabulary import CONTRACT_STATUSES
from kooperacje.database import get_or_404
from kooperacje.diagnoses import service as diagnoses
from kooperacje.diagnoses.vocabulary import DIAGNOSIS_STATUSES
from kooperacje.extensions import db
from kooperacje.pagination import keyset_page

bp = Blueprint("clients", __name__, url_prefix="/clients")


def _vocabularies():
    return {"kinds": CLIENT_KINDS, "reasons_labels": REASONS_FOR_ASSISTANCE, "relationships": RELATIONSHIPS,
            "sexes": SEXES, "masked": masked, "diagnosis_statuses": DIAGNOSIS_STATUSES,
            "contract_statuses": CONTRACT_STATUSES, "scopes": SCOPES, "given_how": GIVEN_HOW}


@bp.route("/desk")
@permission_required("clients.read")
def desk():
    """The worker's desk: reviews coming up, contract periods ending, partners' overdue actions."""
    today = local_today()
    return render_template("clients/desk.html", today=today, **desk_items(current_user, today), **_vocabularies())


@bp.route("/")
@permission_required("clients.read")
def index():
    statement = select(Client).options(selectinload(Client.members), selectinload(Client.worker))
    page = keyset_page(db.session, statement, Client.id)
    return render_template("clients/index.html", page=page, search=ClientSearchForm(), results=None,
                           **_vocabularies())


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


def _unconfirmed_duplicates(form, client=None):
    """The cases that already hold the typed PESEL, unless the worker confirmed a new record.
    A person listed twice in one household is refused outright."""
    cases = service.cases_with_pesel(form.pesel.data)
    if client is not None and client in cases:
        form.pesel.errors = [_("Osoba z tym numerem PESEL jest już w tym gospodarstwie domowym.")]
        return []
    if cases and not form.confirm_duplicate.data:
        form.pesel.errors = [_("Osoba z tym numerem PESEL jest już zarejestrowana w sprawie wymienionej niżej. "
                               "Otwórz tę sprawę albo potwierdź, że chcesz zapisać osobę jeszcze raz.")]
        return cases
    return []




@bp.route("/<int:client_id>")
@permission_required("clients.read")
def detail(client_id):
    client = get_or_404(Client, client_id)
    return render_template("clients/detail.html", client=client, member_form=PersonForm(prefix="member"),
                           retention_due=_retention_due(client), consents=consents.consents_of(client),
                           today=local_today(), **_vocabularies())


def _retention_due(client):
    """The date the case's retention period ran out, if it has and no contract is in force."""
    return due_cases_for(client, current_user.municipality, local_today())


@bp.post("/<int:client_id>/members")
@permission_required("clients.edit")
def add_member(client_id):
    client = get_or_404(Client, client_id)
    form = PersonForm(prefix="member")
    duplicates = _unconfirmed_duplicates(form, client) if form.validate() else []
    if not form.errors:
        service.add_member(client, form)
        db.session.commit()
        flash(_("Dodano osobę do gospodarstwa domowego."), "success")
        return redirect(url_for(".detail", client_id=client.id, _anchor="czlonkowie"))
    return render_template("clients/detail.html", client=client, member_form=form, duplicates=duplicates,
                           consents=consents.consents_of(client), today=local_today(), **_vocabularies()), 400


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
