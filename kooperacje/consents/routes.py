"""Pages of the consent register on a client's case: the list, recording, withdrawing (after
a confirmation) and the printable form."""
from flask import Blueprint, flash, redirect, render_template, send_file, url_for
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from kooperacje.audit.models import record
from kooperacje.auth.permissions import permission_required
from kooperacje.clients.models import Client
from kooperacje.clients.vocabulary import RELATIONSHIPS
from kooperacje.clock import day, local_today
from kooperacje.consents import service as consents
from kooperacje.consents.documents import build_consent_form
from kooperacje.consents.forms import ConsentForm, WithdrawalForm
from kooperacje.consents.models import Consent
from kooperacje.consents.vocabulary import GIVEN_HOW, SCOPES
from kooperacje.database import get_or_404
from kooperacje.diagnoses.service import row_choices
from kooperacje.documents import DOCX_MIMETYPE, download_name
from kooperacje.extensions import db
from kooperacje.i18n import gettext as _
from kooperacje.municipalities.service import centre_of
from kooperacje.pagination import keyset_page
from kooperacje.versions import SavedMeanwhile, save_versioned

bp = Blueprint("consents", __name__, url_prefix="/clients")


def _vocabularies():
    return {"scopes": SCOPES, "given_how": GIVEN_HOW, "relationships": RELATIONSHIPS, "today": local_today()}


@bp.route("/<int:client_id>/consents")
@permission_required("clients.read")
def index(client_id):
    client = get_or_404(Client, client_id)
    statement = (select(Consent).where(Consent.client_id == client.id)
                 .options(selectinload(Consent.scope_rows), selectinload(Consent.person),
                          selectinload(Consent.institution), selectinload(Consent.recorded_by),
                          selectinload(Consent.withdrawal_recorded_by)))
    page = keyset_page(db.session, statement, Consent.id)
    return render_template("consents/index.html", client=client, page=page, **_vocabularies())


def _consent_form(client):
    form = ConsentForm()
    form.person_id.choices = [(m.id, f"{m.full_name} ({RELATIONSHIPS[m.relation]})") for m in client.members]
    form.institution_id.choices = row_choices()["institutions"]  # the municipality's PZK only
    return form


@bp.route("/<int:client_id>/consents/new", methods=["GET", "POST"])
@permission_required("clients.edit")
def create(client_id):
    client = get_or_404(Client, client_id)
    form = _consent_form(client)
    if form.validate_on_submit() and not _duplicate(form):
        consents.record_consent(client, form.person_id.data, form.institution_id.data, form.scopes.data,
                                form.given_on.data, form.given_how.data, form.note.data, current_user)
        db.session.commit()
        flash(_("Zapisano zgodę w rejestrze."), "success")
        return redirect(url_for(".index", client_id=client.id))
    return render_template("consents/form.html", client=client, form=form, **_vocabularies()), \
        400 if form.errors else 200


def _duplicate(form):
    """A consent of the same person, institution and scope still in force: say which one."""
    existing = consents.conflicting(form.person_id.data, form.institution_id.data, form.scopes.data)
    if existing is not None:
        form.scopes.errors = [_("Ta osoba ma już niewycofaną zgodę dla tej instytucji z dnia %(day)s obejmującą: "
                                "%(scopes)s. Wycofaj ją, zanim zapiszesz nową.", day=day(existing.given_on),
                                scopes=", ".join(str(SCOPES[s]) for s in existing.scopes))]
    return existing is not None


@bp.route("/consents/<int:consent_id>/withdraw", methods=["GET", "POST"])
@permission_required("clients.edit")
def withdraw(consent_id):
    consent = get_or_404(Consent, consent_id)
    client_id = consent.client_id  # kept: a stale save rolls the session back
    if consent.is_withdrawn:
        flash(_("Ta zgoda została już wycofana."), "error")
        return redirect(url_for(".index", client_id=consent.client_id))
    form = WithdrawalForm(given_on=consent.given_on)
    if form.validate_on_submit():
        try:
            save_versioned(form, consent, lambda: consents.withdraw(consent, form.withdrawn_on.data, current_user),
                           reload=lambda: None)
        except SavedMeanwhile:
            flash(_("W międzyczasie ktoś zmienił tę zgodę. Sprawdź ją, zanim ją wycofasz."), "error")
            return redirect(url_for(".index", client_id=client_id))
        db.session.commit()
        flash(_("Zapisano wycofanie zgody. Instytucja nie ma już dostępu do danych na jej podstawie."), "success")
        return redirect(url_for(".index", client_id=consent.client_id))
    form.version.data = str(consent.version)
    return render_template("consents/withdraw.html", consent=consent, client=consent.client, form=form,
                           **_vocabularies()), 400 if form.errors else 200


@bp.route("/consents/formularz-zgody.docx")
@permission_required("clients.read")
def blank_form():
    """The form to take to the person, before any consent is recorded: no personal data in it."""
    municipality = current_user.municipality
    content = build_consent_form(None, centre=centre_of(municipality),
                                 retention=(municipality.retention_category, municipality.retention_years))
    return send_file(content, mimetype=DOCX_MIMETYPE, as_attachment=True, download_name="formularz-zgody.docx")


@bp.route("/consents/<int:consent_id>/zgoda.docx")
@permission_required("clients.read")
def document(consent_id):
    consent = get_or_404(Consent, consent_id)
    municipality = current_user.municipality
    content = build_consent_form(consent, centre=centre_of(municipality),
                                 retention=(municipality.retention_category, municipality.retention_years))
    record("consent_form_exported", consent)
    return send_file(content, mimetype=DOCX_MIMETYPE, as_attachment=True,
                     download_name=download_name("zgoda", consent.client_id, consent.id, local_today().isoformat()))
