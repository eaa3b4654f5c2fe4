"""Referrals' pages. The worker: the referral form on an open case, the referral's page (the
case page lists them, templates/referrals/_case_section.html). The partner institution: its
referrals (the person's name only while consent covers it), accepting or declining one and
recording its outcome. The coordinator: the municipality's referrals in numbers and states,
without any client."""
import re

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_login import current_user
from sqlalchemy import func, select

from kooperacje.audit.models import record
from kooperacje.auth.permissions import permission_required
from kooperacje.clients.guard import open_case_required
from kooperacje.clients.models import Client
from kooperacje.clients.pesel import contains_pesel
from kooperacje.clock import local_today, to_local
from kooperacje.database import get_or_404
from kooperacje.exports import table_download
from kooperacje.extensions import db
from kooperacje.i18n import gettext as _
from kooperacje.pagination import keyset_page
from kooperacje.partners.routes import membership_in_force
from kooperacje.partners.service import current_institution, own_institution
from kooperacje.referrals import service
from kooperacje.referrals.forms import AnswerForm, OutcomeForm, ReferralForm
from kooperacje.referrals.models import Referral
from kooperacje.referrals.vocabulary import ACCEPTED, NO_CONSENT_LABEL, SENT, STATES
from kooperacje.versions import SavedMeanwhile, save_versioned

bp = Blueprint("referrals", __name__)
# a partner whose institution has left the PZK reads none of these pages either
bp.before_request(membership_in_force)


def _vocabularies(**extra):
    return {"states": STATES, "today": local_today(), "in_time": service.answered_in_time,
            "answered_on": service.answered_on, "no_consent": NO_CONSENT_LABEL, **extra}


@bp.app_template_global("case_referrals")
def case_referrals(client):
    """The case page's "Skierowania" section reads the case's referrals (and their states' words) here."""
    return service.referrals_of(client), STATES


@bp.app_template_global("referrals_waiting")
def referrals_waiting():
    """(waiting, overdue) counts of the signed-in partner's institution, for its start page."""
    institution = current_institution(current_user)
    if institution is None:
        return 0, 0
    rows = db.session.execute(select(Referral.answer_by, func.count()).where(
        Referral.institution_id == institution.id, Referral.state == SENT).group_by(Referral.answer_by)).all()
    today = local_today()
    return sum(n for _day, n in rows), sum(n for answer_by, n in rows if answer_by < today)


# --- the worker's side -----------------------------------------------------------------------

def _referral_form(client):
    choices = service.institution_choices()
    offers = service.offer_choices([i for i, _name in choices])
    form = ReferralForm(offers=offers)
    form.institution_id.choices = [(0, _("wybierz instytucję"))] + choices
    form.service_offer_id.choices = [(0, _("bez wskazania usługi"))] + [(i, label) for i, (_o, label) in offers.items()]
    return form


@bp.route("/clients/<int:client_id>/referrals/new", methods=["GET", "POST"])
@permission_required("clients.edit")
@open_case_required
def create(client_id):
    client = get_or_404(Client, client_id)
    form = _referral_form(client)
    if form.validate_on_submit() and not _personal_data_without_consent(form, client):
        service.send(client, form.institution_id.data, form.service_offer_id.data, form.purpose.data.strip(),
                     form.ask.data.strip(), form.answer_by.data, current_user)
        db.session.commit()
        flash(_("Wysłano skierowanie. Instytucja zobaczy je w swoim portalu."), "success")
        return redirect(url_for("clients.detail", client_id=client.id, _anchor="skierowania"))
    consented = [name for i, name in form.institution_id.choices if i and service.consent_for(client, i)]
    return render_template("referrals/form.html", client=client, form=form, consented=consented), \
        400 if form.errors else 200


def _personal_data_without_consent(form, client):
    """Without the client's consent for the chosen institution the referral carries no personal
    data: a PESEL or the applicant's surname in the text is refused, saying why."""
    if service.consent_for(client, form.institution_id.data) is not None:
        return False
    surname = client.applicant.last_name if client.applicant else ""
    for field in (form.purpose, form.ask):
        text = field.data or ""
        if contains_pesel(text) or (len(surname) > 2 and re.search(rf"\b{re.escape(surname)}\b", text, re.I)):
            field.errors = [*field.errors, _("Osoba nie wyraziła zgody na udostępnienie danych tej instytucji: usuń "
                                             "z tekstu jej nazwisko, numer PESEL i inne dane osobowe.")]
    return bool(form.purpose.errors or form.ask.errors)


@bp.route("/clients/referrals/<int:referral_id>")
@permission_required("clients.read")
def view(referral_id):
    referral = get_or_404(Referral, referral_id)
    return render_template("referrals/view.html", referral=referral, client=referral.client,
                           consent=service.consent_for(referral.client, referral.institution_id), **_vocabularies())


# --- the partner institution's side ----------------------------------------------------------

@bp.route("/partner/referrals")
@permission_required("partner.portal")
def partner_index():
    institution = own_institution(current_user)
    page = keyset_page(db.session, service.own_referral_ids(institution), Referral.id)
    return render_template("referrals/partner_index.html", page=page,
                           rows=service.partner_rows(institution, page.items), **_vocabularies())


@bp.route("/partner/referrals/<int:referral_id>")
@permission_required("partner.portal")
def partner_view(referral_id):
    referral = service.own_referral_or_404(own_institution(current_user), referral_id)
    return _partner_page(referral)


def _partner_page(referral, answer_form=None, outcome_form=None, status=200):
    name = service.shown_name(referral)
    if name is not None:
        record("referral_viewed", referral, detail=f"institution:{referral.institution_id}")
    answer_form = answer_form or AnswerForm(version=str(referral.version))
    outcome_form = outcome_form or OutcomeForm(version=str(referral.version))
    return render_template("referrals/partner_view.html", referral=referral, name=name, answer_form=answer_form,
                           outcome_form=outcome_form, **_vocabularies()), status


@bp.post("/partner/referrals/<int:referral_id>/answer")
@permission_required("partner.portal")
def answer(referral_id):
    institution = own_institution(current_user)
    referral = service.own_referral_or_404(institution, referral_id)
    if referral.state != SENT:
        flash(_("Na to skierowanie instytucja już odpowiedziała."), "error")
        return redirect(url_for(".partner_view", referral_id=referral_id))
    form = AnswerForm()
    if not form.validate():
        return _partner_page(referral, answer_form=form, status=400)
    reason = (form.decline_reason.data or "").strip() or None
    if not _saved(form, referral, institution,
                  lambda: service.answer(referral, current_user, form.answer.data, reason)):
        return _partner_page(service.own_referral_or_404(institution, referral_id), status=409)
    db.session.commit()
    flash(_("Przyjęto skierowanie. Gdy skończysz, zapisz jego efekt.") if form.answer.data == ACCEPTED
          else _("Odrzucono skierowanie. Pracownik socjalny zobaczy powód."), "success")
    return redirect(url_for(".partner_view", referral_id=referral_id))


@bp.post("/partner/referrals/<int:referral_id>/outcome")
@permission_required("partner.portal")
def outcome(referral_id):
    institution = own_institution(current_user)
    referral = service.own_referral_or_404(institution, referral_id)
    if referral.state != ACCEPTED:
        flash(_("Efekt zapisuje się tylko dla przyjętego skierowania, raz."), "error")
        return redirect(url_for(".partner_view", referral_id=referral_id))
    form = OutcomeForm(sent_on=to_local(referral.created_at).date())
    if not form.validate():
        return _partner_page(referral, outcome_form=form, status=400)
    if not _saved(form, referral, institution,
                  lambda: service.complete(referral, current_user, form.outcome.data.strip(), form.outcome_on.data)):
        return _partner_page(service.own_referral_or_404(institution, referral_id), status=409)
    db.session.commit()
    flash(_("Zapisano efekt skierowania. Skierowanie jest zakończone."), "success")
    return redirect(url_for(".partner_view", referral_id=referral_id))


def _saved(form, referral, institution, write):
    """Write unless another representative answered meanwhile (then say so: False)."""
    referral_id = referral.id
    try:
        save_versioned(form, referral, write, reload=lambda: service.own_referral_or_404(institution, referral_id))
    except (SavedMeanwhile, service.AlreadyAnswered):
        db.session.rollback()
        flash(_("W międzyczasie ktoś z instytucji odpowiedział na to skierowanie. Sprawdź jego stan."), "error")
        return False
    return True


# --- the coordinator's side: a cooperation indicator, no client --------------------------------

@bp.route("/partnership/referrals")
@permission_required("partnership.read")
def coordinator_index():
    page = keyset_page(db.session, service.municipality_referral_ids(), Referral.id)
    return render_template("referrals/coordinator.html", page=page, rows=service.coordinator_rows(page.items),
                           counts=service.state_counts(), **_vocabularies())


@bp.route("/partnership/referrals.<any(csv, xlsx):extension>")
@permission_required("partnership.read")
def coordinator_export(extension):
    """The coordinator's list, every referral: no client, as on the page."""
    rows = service.coordinator_rows(db.session.scalars(service.municipality_referral_ids()).all())
    today = local_today()
    record("referrals_exported", detail=f"rows:{len(rows)};{extension}")
    verdicts = {True: _("tak"), False: _("nie"), None: _("czeka na odpowiedź")}
    return table_download(
        extension, [_("Instytucja"), _("Usługa"), _("Wysłane"), _("Termin odpowiedzi"), _("Stan"),
                    _("Odpowiedź w terminie")],
        ([row.institution_name, row.service, row.created_at, row.answer_by, STATES[row.state],
          verdicts[service.answered_in_time(row, today)]] for row in rows),
        "skierowania", today)
