"""The intake queue's pages. A partner's representative signals a family from the partner
portal ("Zgłoś rodzinę") and follows their institution's signals ("Moje zgłoszenia"); the
centre's social workers and head read the queue ("Zgłoszenia od partnerów"), take a signal under
review and qualify it into a case (an existing one, or one registered from the signal with the
case register's own form and service) or record why not. Every signal page shows a person's
data and records its access."""
from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError

from kooperacje.audit.models import record
from kooperacje.auth.permissions import can, permission_required
from kooperacje.clients import service as clients
from kooperacje.clients.forms import ClientForm, ClientSearchForm
from kooperacje.clients.models import Client
from kooperacje.clients.search import find_clients
from kooperacje.clients.vocabulary import CLIENT_KINDS
from kooperacje.clock import local_today
from kooperacje.database import get_or_404
from kooperacje.exports import table_download
from kooperacje.extensions import db
from kooperacje.i18n import gettext as _
from kooperacje.ids import parse_id
from kooperacje.intake import service
from kooperacje.intake.forms import DeclineForm, LinkForm, ReviewForm, SignalForm
from kooperacje.intake.models import Signal
from kooperacje.intake.vocabulary import FAMILY_INFORMED, NEW, NOT_QUALIFIED_REASONS, STATES, UNDER_REVIEW, URGENCIES
from kooperacje.pagination import keyset_page
from kooperacje.partners.service import own_institution
from kooperacje.versions import SavedMeanwhile, save_versioned

bp = Blueprint("intake", __name__, url_prefix="/intake")


def _vocabularies():
    return {"states": STATES, "urgencies": URGENCIES, "reasons": NOT_QUALIFIED_REASONS, "informed": FAMILY_INFORMED,
            "kinds": CLIENT_KINDS}


# --- the partner's side -----------------------------------------------------------------------

@bp.route("/partner/new", methods=["GET", "POST"])
@permission_required("partner.portal")
def partner_new():
    institution = own_institution(current_user)
    form = SignalForm()
    if form.validate_on_submit():
        values = {name: form[name].data for name in service.SIGNAL_FIELDS}
        for attempt in (1, 2):
            try:
                signal = service.submit(institution, current_user, values, form.family_informed.data == "yes")
                db.session.commit()
                break
            except IntegrityError:  # another signal took the same number at the same moment
                db.session.rollback()
                if attempt == 2:
                    raise
        flash(_("Zgłoszenie nr %(number)s zostało przekazane do ośrodka pomocy społecznej.", number=signal.label),
              "success")
        return redirect(url_for(".partner_signal", signal_id=signal.id))
    return render_template("intake/partner_form.html", form=form, institution=institution,
                           **_vocabularies()), 400 if form.errors else 200


@bp.route("/partner/signals")
@permission_required("partner.portal")
def partner_signals():
    institution = own_institution(current_user)
    page = keyset_page(db.session, service.signals_of(institution), Signal.id)
    return render_template("intake/partner_signals.html", page=page, institution=institution, **_vocabularies())


@bp.route("/partner/signals/<int:signal_id>")
@permission_required("partner.portal")
def partner_signal(signal_id):
    """What the partner wrote and where the signal stands; nothing the centre added."""
    institution = own_institution(current_user)
    signal = service.own_signal_or_404(institution, signal_id)
    service.record_viewed(signal)
    return render_template("intake/partner_signal.html", signal=signal, institution=institution, **_vocabularies())


# --- the centre's side ------------------------------------------------------------------------

@bp.route("/")
@permission_required("intake.handle")
def queue():
    """The queue, newest first (``?state=`` one state's); the urgent ones still waiting above it.
    The list names no one: the signal's page, which does, records its access."""
    state = request.args.get("state")
    state = state if state in STATES else None
    page = keyset_page(db.session, service.queue(state), Signal.id)
    urgent = service.urgent_waiting() if page.is_first and state in (None, NEW, UNDER_REVIEW) else []
    return render_template("intake/queue.html", page=page, state=state, urgent=urgent, new=service.new_count(),
                           **_vocabularies())


@bp.route("/export.<any(csv, xlsx):extension>")
@permission_required("intake.handle")
def queue_export(extension):
    """The queue as listed (``?state=``), newest first: it names no one, as the page doesn't."""
    state = request.args.get("state")
    state = state if state in STATES else None
    signals = db.session.scalars(service.queue(state).order_by(Signal.id.desc())).all()
    record("signals_exported", detail=f"rows:{len(signals)};{extension}")
    return table_download(
        extension, [_("Numer"), _("Data zgłoszenia"), _("Instytucja"), _("Pilność"), _("Stan")],
        ([s.label, s.submitted_at, s.institution.name, URGENCIES[s.urgency], STATES[s.state]] for s in signals),
        "zgloszenia", state, local_today())


@bp.route("/signals/<int:signal_id>")
@permission_required("intake.handle")
def signal(signal_id):
    signal_row = get_or_404(Signal, signal_id)
    search = ClientSearchForm(formdata=None, query=signal_row.full_name)
    return _signal_page(signal_row, search=search)


def _signal_page(signal, search=None, results=None, decline_form=None, link_form=None, status=200):
    service.record_viewed(signal)
    if request.method != "GET":
        db.session.commit()  # the access record alone, before the page is rendered
    version = str(signal.version)
    if decline_form is None:
        decline_form = DeclineForm(formdata=None, version=version)
    return render_template("intake/signal.html", signal=signal, review_form=ReviewForm(formdata=None, version=version),
                           decline_form=decline_form, link_form=link_form or LinkForm(formdata=None, version=version),
                           search=search or ClientSearchForm(formdata=None, query=signal.full_name), results=results,
                           may_register=can("clients.edit"), **_vocabularies()), status


def _saved(form, signal, write, message):
    """Run one step on the signal from the version the worker saw; the answer is a redirect."""
    signal_id = signal.id
    try:
        save_versioned(form, signal, write, reload=lambda: get_or_404(Signal, signal_id))
    except SavedMeanwhile:
        flash(_("W międzyczasie ktoś zmienił to zgłoszenie. Sprawdź jego stan i spróbuj ponownie."), "error")
        return redirect(url_for(".signal", signal_id=signal_id)), 409
    except service.NotOpen:
        db.session.rollback()
        return _not_open(signal)
    db.session.commit()
    flash(message, "success")
    return redirect(url_for(".signal", signal_id=signal_id))


def _not_open(signal):
    flash(_("Tego kroku nie można już wykonać: zgłoszenie ma teraz stan „%(state)s”.",
            state=STATES.get(signal.state, signal.state)), "error")
    return redirect(url_for(".signal", signal_id=signal.id)), 409


@bp.post("/signals/<int:signal_id>/review")
@permission_required("intake.handle")
def review(signal_id):
    signal_row = get_or_404(Signal, signal_id)
    form = ReviewForm()
    return _saved(form, signal_row, lambda: service.take_under_review(signal_row, current_user),
                  _("Zgłoszenie jest w ocenie."))


@bp.post("/signals/<int:signal_id>/search")
@permission_required("intake.handle")
def search(signal_id):
    """The cases of the municipality whose household has someone of that name (or PESEL)."""
    signal_row = get_or_404(Signal, signal_id)
    if signal_row.state != UNDER_REVIEW:
        return _not_open(signal_row)
    form = ClientSearchForm()
    results = find_clients(form.query.data, form.after.data) if form.validate() else None
    return _signal_page(signal_row, search=form, results=results, status=400 if form.errors else 200)


@bp.post("/signals/<int:signal_id>/link")
@permission_required("intake.handle")
def link(signal_id):
    signal_row = get_or_404(Signal, signal_id)
    if signal_row.state != UNDER_REVIEW:
        return _not_open(signal_row)
    form = LinkForm()
    client_id = parse_id(form.client.data or "")
    client = db.session.get(Client, client_id) if client_id else None  # tenant-scoped: only this municipality's
    if client is None or client.is_closed:
        form.client.errors = [_("Ta sprawa jest zamknięta: otwórz ją ponownie, zanim dołączysz do niej zgłoszenie.")
                              if client is not None else _("Wybierz sprawę z wyników wyszukiwania.")]
        return _signal_page(signal_row, link_form=form, status=400)
    return _saved(form, signal_row, lambda: service.qualify(signal_row, client, current_user),
                  _("Zgłoszenie zostało zakwalifikowane i dołączone do sprawy."))


@bp.post("/signals/<int:signal_id>/decline")
@permission_required("intake.handle")
def decline(signal_id):
    signal_row = get_or_404(Signal, signal_id)
    if signal_row.state != UNDER_REVIEW:
        return _not_open(signal_row)
    form = DeclineForm()
    if not form.validate():
        return _signal_page(signal_row, decline_form=form, status=400)
    return _saved(form, signal_row, lambda: service.decline(signal_row, form.reason.data, form.text.data,
                                                            current_user),
                  _("Zapisano: zgłoszenie nie zostało zakwalifikowane. Instytucja zobaczy powód."))


@bp.route("/signals/<int:signal_id>/client", methods=["GET", "POST"])
@permission_required("clients.edit")
def new_client(signal_id):
    """Registering a case from the signal: the case register's own form, opened with what the
    partner wrote, and its own service; the signal is qualified into the new case in the same
    transaction."""
    signal_row = get_or_404(Signal, signal_id)
    if signal_row.state != UNDER_REVIEW:
        flash(_("Sprawę ze zgłoszenia rejestruje się, gdy zgłoszenie jest w ocenie."), "error")
        return redirect(url_for(".signal", signal_id=signal_row.id))
    form = ClientForm() if request.method == "POST" else ClientForm(data=_prefill(signal_row))
    duplicates = []
    if form.validate_on_submit():
        duplicates = clients.cases_with_pesel(form.pesel.data)
        if duplicates:
            form.pesel.errors = [_("Osoba z tym numerem PESEL ma już sprawę w tym ośrodku (poniżej). Nie zakłada się "
                                   "drugiej sprawy tej samej osoby: otwórz istniejącą sprawę.")]
    if form.is_submitted() and not form.errors:
        try:
            client = clients.register_client(form, current_user)
            service.qualify(signal_row, client, current_user)
        except (StaleDataError, service.NotOpen):
            db.session.rollback()
            flash(_("W międzyczasie ktoś zmienił to zgłoszenie. Sprawdź jego stan i spróbuj ponownie."), "error")
            return redirect(url_for(".signal", signal_id=signal_id)), 409
        db.session.commit()
        flash(_("Zarejestrowano sprawę ze zgłoszenia nr %(number)s.", number=signal_row.label), "success")
        return redirect(url_for("clients.detail", client_id=client.id))
    service.record_viewed(signal_row)
    if request.method != "GET":
        db.session.commit()
    return render_template("intake/new_client.html", form=form, signal=signal_row, duplicates=duplicates,
                           **_vocabularies()), 400 if form.errors else 200


def _prefill(signal):
    return {"kind": "family", "first_name": signal.first_name, "last_name": signal.last_name,
            "street": signal.street, "town": signal.town, "phone": signal.phone}
