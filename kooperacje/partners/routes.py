"""The partner institution's pages ("Moja instytucja"): their PZK's meetings (the agenda, the
approved protocol), their institution's tasks with dated progress notes, their offers in the
basket; and, for the coordinator, inviting a member institution's representative and reading a
task's progress history. Every partner query goes through partners.service, scoped to the one
institution the account speaks for while it is a member."""
from functools import partial

from flask import Blueprint, flash, redirect, render_template, send_file, url_for
from flask_login import current_user
from sqlalchemy.orm.exc import StaleDataError

from kooperacje.audit.models import record
from kooperacje.auth.permissions import Role, permission_required
from kooperacje.clock import local_today
from kooperacje.database import get_or_404
from kooperacje.documents import DOCX_MIMETYPE, download_name
from kooperacje.extensions import db
from kooperacje.i18n import gettext as _
from kooperacje.municipalities.service import centre_of
from kooperacje.pagination import keyset_page
from kooperacje.partners import service
from kooperacje.partners.forms import InviteForm, PartnerOfferForm, PartnerRemarkForm, ProgressForm
from kooperacje.partnership import service as pzk
from kooperacje.partnership.forms import OFFER_FIELDS
from kooperacje.partnership.models import Institution, Meeting, Partnership, Task
from kooperacje.partnership.protocol import build_protocol
from kooperacje.partnership.vocabulary import (MEETING_MODES, OFFER_CATEGORIES, OPEN_TASK_STATUSES, SECTORS,
                                               TASK_STATUSES)
from kooperacje.users import service as accounts
from kooperacje.versions import SavedMeanwhile, conflict_page, save_versioned

bp = Blueprint("partners", __name__, url_prefix="/partner")


@bp.before_request
def membership_in_force():
    """A partner whose institution has left the PZK reads none of its pages from that day on."""
    if current_user.is_authenticated and current_user.role_enum is Role.PARTNER \
            and service.current_institution(current_user) is None:
        return render_template("partners/membership_ended.html"), 403
    return None


def _institution():
    return service.own_institution(current_user)


@bp.route("/")
@permission_required("partner.portal")
def home():
    institution = _institution()
    today = local_today()
    return render_template("partners/home.html", institution=institution, tasks=service.open_tasks_of(institution),
                           upcoming=service.upcoming_meetings(institution, today),
                           offers=db.session.scalars(service.offers_of(institution)).all(), today=today,
                           offer_categories=OFFER_CATEGORIES,
                           sectors=SECTORS, statuses=TASK_STATUSES)


# --- meetings: the agenda, and the protocol once approved -----------------------------------

@bp.route("/meetings")
@permission_required("partner.portal")
def meetings():
    institution = _institution()
    page = keyset_page(db.session, service.meetings_of(institution), Meeting.id)
    return render_template("partners/meetings.html", page=page, protocol_shown=service.protocol_shown,
                           type_name=_type_name(institution))


def _type_name(institution):
    """The meeting type's name in the PZK's model ("posiedzenie robocze")."""
    profile = pzk.profile_of(db.session.get(Partnership, institution.partnership_id))
    return lambda key: pzk.meeting_type_name(profile, key)


@bp.route("/meetings/<int:meeting_id>")
@permission_required("partner.portal")
def meeting(meeting_id):
    institution = _institution()
    return _meeting_page(institution, service.meeting_or_404(institution, meeting_id))


def _meeting_page(institution, meeting_row, remark_form=None, status=200):
    remarks_open = service.remarks_open(meeting_row, local_today())
    return render_template("partners/meeting.html", meeting=meeting_row, type_name=_type_name(institution),
                           modes=MEETING_MODES, protocol=meeting_row.protocol_snapshot
                           if service.protocol_shown(meeting_row) else None,
                           number=pzk.protocol_label(meeting_row), remarks_open=remarks_open,
                           own_remarks=[r for r in meeting_row.remarks if r.institution_id == institution.id],
                           remark_form=remark_form or (PartnerRemarkForm() if remarks_open else None)), status


@bp.post("/meetings/<int:meeting_id>/remarks")
@permission_required("partner.portal")
def add_remark(meeting_id):
    """The representative's remark on the draft minutes, while the coordinator's deadline runs."""
    institution = _institution()
    meeting_row = service.meeting_or_404(institution, meeting_id)
    if not service.remarks_open(meeting_row, local_today()):
        flash(_("Termin zgłaszania uwag do tego protokołu minął albo projekt nie został jeszcze przekazany."),
              "error")
        return redirect(url_for(".meeting", meeting_id=meeting_row.id))
    form = PartnerRemarkForm()
    if not form.validate_on_submit():
        return _meeting_page(institution, meeting_row, remark_form=form, status=400)
    service.add_remark(meeting_row, institution, current_user, form.text.data.strip())
    db.session.commit()
    flash(_("Przekazano uwagę koordynatorowi zespołu."), "success")
    return redirect(url_for(".meeting", meeting_id=meeting_row.id, _anchor="uwagi"))


@bp.route("/meetings/<int:meeting_id>/protocol.docx")
@permission_required("partner.portal")
def protocol(meeting_id):
    meeting_row = service.meeting_or_404(_institution(), meeting_id)
    if not service.protocol_shown(meeting_row):
        return render_template("partners/no_protocol.html", meeting=meeting_row), 404
    centre = centre_of(current_user.municipality)
    content = build_protocol(meeting_row.protocol_snapshot, centre.letterhead)
    record("protocol_exported", meeting_row)
    return send_file(content, mimetype=DOCX_MIMETYPE, as_attachment=True,
                     download_name=download_name("protokol", meeting_row.held_on.isoformat(), meeting_row.id))


# --- the institution's tasks ---------------------------------------------------------------

@bp.route("/tasks")
@permission_required("partner.portal")
def tasks():
    page = keyset_page(db.session, service.tasks_of(_institution()), Task.id)
    return render_template("partners/tasks.html", page=page, statuses=TASK_STATUSES, today=local_today(),
                           open_statuses=OPEN_TASK_STATUSES)


@bp.route("/tasks/<int:task_id>", methods=["GET", "POST"])
@permission_required("partner.portal")
def task(task_id):
    institution = _institution()
    task_row = service.own_task_or_404(institution, task_id)
    form = ProgressForm(status=task_row.status)
    if form.validate_on_submit():
        try:
            service.add_progress(task_row, institution, current_user, form.status.data, form.note.data.strip(),
                                 form.noted_on.data)
        except StaleDataError:  # the coordinator changed the task's status at the same moment
            db.session.rollback()
            form.status.errors.append(_("W międzyczasie ktoś zmienił stan zadania. Sprawdź go i zapisz wpis ponownie."))
            return _task_page(service.own_task_or_404(institution, task_id), form), 409
        db.session.commit()
        flash(_("Zapisano postęp zadania."), "success")
        return redirect(url_for(".task", task_id=task_row.id))
    return _task_page(task_row, form), 400 if form.errors else 200


def _task_page(task_row, form):
    return render_template("partners/task.html", task=task_row, form=form, history=service.progress_of(task_row),
                           statuses=TASK_STATUSES, today=local_today())


# --- the institution's offers in the basket of services ------------------------------------

@bp.route("/offers/new", methods=["GET", "POST"], defaults={"offer_id": None})
@bp.route("/offers/<int:offer_id>/edit", methods=["GET", "POST"])
@permission_required("partner.portal")
def offer(offer_id):
    institution = _institution()
    offer_row = service.own_offer_or_404(institution, offer_id) if offer_id else None
    form = PartnerOfferForm(obj=offer_row)
    if form.validate_on_submit():
        values = form.values()
        try:
            save_versioned(form, offer_row, lambda: service.save_offer(offer_row, institution, values),
                           reload=lambda: service.own_offer_or_404(institution, offer_id))
        except SavedMeanwhile as conflict:
            return conflict_page(partial(_offer_page, form, conflict.newer), form, conflict.newer, OFFER_FIELDS)
        db.session.commit()
        flash(_("Zapisano usługę w lokalnym koszyku."), "success")
        return redirect(url_for(".home", _anchor="uslugi"))
    return _offer_page(form, offer_row), 400 if form.errors else 200


def _offer_page(form, offer, saved=None, differences=()):
    return render_template("partners/offer.html", form=form, offer=offer, saved=saved, differences=differences)


# --- the coordinator's side: inviting a representative, reading a task's progress ----------

@bp.route("/institutions/<int:institution_id>/invite", methods=["GET", "POST"])
@permission_required("partners.invite")
def invite(institution_id):
    institution = get_or_404(Institution, institution_id)
    form = InviteForm()
    if form.validate_on_submit():
        try:
            user, password = accounts.create_user(
                current_user, username=form.username.data, full_name=form.full_name.data.strip(),
                email=form.email.data, role=Role.PARTNER.value, municipality_id=current_user.current_municipality_id,
                institution_id=institution.id)
        except accounts.AccountError as error:
            (form[error.field] if error.field in form else form.full_name).errors.append(str(error))
        else:
            db.session.commit()
            return render_template("users/one_time_password.html", user=user, password=password, created=True,
                                   back=url_for("partnership.institution", institution_id=institution.id))
    return render_template("partners/invite.html", form=form, institution=institution,
                           representatives=service.representatives_of(institution),
                           refusal=service.institution_refusal(current_user.current_municipality_id, institution.id)), \
        400 if form.errors else 200


@bp.route("/tasks/<int:task_id>/history")
@permission_required("partnership.read")
def task_history(task_id):
    task_row = get_or_404(Task, task_id)
    return render_template("partners/history.html", task=task_row, history=service.progress_of(task_row),
                           statuses=TASK_STATUSES)
