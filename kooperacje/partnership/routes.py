"""Pages of the institution level: set-up, member institutions, the basket of services,
meetings (attendance, minutes, decisions, tasks), the coordinator's overview and exports."""
from datetime import timedelta
from functools import partial

from flask import Blueprint, abort, flash, redirect, render_template, request, send_file, url_for
from flask_login import current_user
from flask_wtf import FlaskForm
from sqlalchemy import or_, select
from sqlalchemy.orm import selectinload

from kooperacje.answers import fill_model_fields, model_field_values, with_model_fields
from kooperacje.audit.models import record
from kooperacje.auth.permissions import can, permission_required
from kooperacje.clock import day, local_today
from kooperacje.database import get_or_404
from kooperacje.documents import DOCX_MIMETYPE, download_name
from kooperacje.exports import table_download
from kooperacje.extensions import db
from kooperacje.forms import VersionForm
from kooperacje.i18n import gettext as _
from kooperacje.i18n import ngettext
from kooperacje.jobs import jobs
from kooperacje.municipalities.service import centre_of
from kooperacje.pagination import keyset_page
from kooperacje.partnership import service
from kooperacje.partnership.forms import (DecisionForm, InstitutionForm, MeetingForm, OfferForm, PartnershipForm,
                                          RemarkForm, RemarksDeadlineForm)
from kooperacje.partnership.models import Decision, Institution, Meeting, ServiceOffer, Task
from kooperacje.partnership.protocol import build_protocol
from kooperacje.partnership.vocabulary import (ATTENDANCE, LEVELS, MEETING_MODES, MINUTES_STATUSES, OFFER_CATEGORIES,
                                               OPEN_TASK_STATUSES, REMARKS_DAYS, SECTORS, SENT_FOR_REMARKS,
                                               TASK_STATUSES)
from kooperacje.text import clean_input
from kooperacje.versions import SavedMeanwhile, conflict_page, save_versioned
from kooperacje.web import delete_when_confirmed

bp = Blueprint("partnership", __name__, url_prefix="/partnership")
#: The basket is searched, not paged: past this many services the user narrows the search.
BASKET_LIMIT = 100


def today():
    return local_today()


def _partnership_or_404():
    partnership = service.current_partnership()
    if partnership is None:
        abort(404)
    return partnership




@bp.route("/")
@permission_required("partnership.read")
def overview():
    partnership = service.current_partnership()
    municipality = current_user.municipality
    if partnership is None:
        return render_template("partnership/empty.html", municipality=municipality)
    now = today()
    return render_template(
        "partnership/overview.html", partnership=partnership, profile=service.profile_of(partnership),
        cadence=service.cadence(partnership, now), overdue=service.overdue_by_institution(partnership, now),
        rates=service.attendance_rates(partnership, now), quarters=service.attendance_by_quarter(partnership, now),
        changes=service.membership_changes(partnership)[:10],
        members=service.members_on(partnership, now), today=now)


@bp.route("/setup", methods=["GET", "POST"])
@permission_required("partnership.edit")
def setup():
    municipality = current_user.municipality
    partnership = service.current_partnership()
    model_key = partnership.model_key if partnership else municipality.model_key
    if not model_key:
        flash(_("Najpierw administrator gminy musi wybrać model współpracy."), "error")
        return redirect(url_for(".overview"))
    profile = service.profile_of(model_key)
    form_class = with_model_fields(PartnershipForm, profile.setup_fields)
    form = form_class(obj=partnership) if partnership else form_class(
        name=str(profile.body_name), cadence_days=profile.cadence_days)
    if partnership and request.method == "GET":
        fill_model_fields(form, profile.setup_fields, partnership.model_data)
    institutions = [(0, "—")] + [(i.id, i.name) for i in (service.members_on(partnership, today()) if partnership else [])]
    form.leader_id.choices = form.second_role_id.choices = institutions
    form.leader_id.label.text, form.second_role_id.label.text = profile.leader_role, profile.second_role
    if form.validate_on_submit():
        values = {**{name: form[name].data for name in SETUP_FIELDS},
                  "leader_id": form.leader_id.data or None, "second_role_id": form.second_role_id.data or None}
        try:
            save_versioned(form, partnership, lambda: service.save_partnership(
                partnership, municipality.id, model_key, values, model_field_values(form, profile.setup_fields)),
                reload=service.current_partnership)
        except SavedMeanwhile as conflict:
            return conflict_page(partial(_setup_page, form, profile, conflict.newer), form, conflict.newer,
                                 (*SETUP_FIELDS, "leader_id", "second_role_id"))
        db.session.commit()
        flash(_("Zapisano ustawienia zespołu."), "success")
        return redirect(url_for(".overview"))
    return _setup_page(form, profile, partnership), 400 if form.errors else 200


SETUP_FIELDS = ("name", "formed_on", "cadence_days", "quorum_percent", "rules_reference", "strategy_reference")


def _setup_page(form, profile, partnership, saved=None, differences=()):
    return render_template("partnership/setup.html", form=form, profile=profile, partnership=partnership,
                           saved=saved, differences=differences,
                           model_fields=[f"model_{s.name}" for s in profile.setup_fields])


# --- institutions and the basket of services ---------------------------------------------

@bp.route("/institutions")
@permission_required("partnership.read")
def institutions():
    partnership = _partnership_or_404()
    page = keyset_page(db.session, select(Institution).where(Institution.partnership_id == partnership.id), Institution.id)
    profile = service.profile_of(partnership)
    present = {i.sector for i in service.members_on(partnership, today())}
    missing = [SECTORS[s] for s in profile.recommended_sectors if s not in present]
    return render_template("partnership/institutions.html", page=page, partnership=partnership, profile=profile,
                           missing=missing, sectors=SECTORS, today=today())


@bp.route("/institutions.<any(csv, xlsx):extension>")
@permission_required("partnership.read")
def institutions_export(extension):
    partnership = _partnership_or_404()
    rows = db.session.scalars(select(Institution).where(Institution.partnership_id == partnership.id)
                              .order_by(Institution.name, Institution.id)).all()
    record("institutions_exported", partnership, detail=extension)
    return table_download(
        extension, [_("Instytucja"), _("Sektor"), _("Szczebel"), _("Osoba kontaktowa"), _("E-mail"), _("Telefon"),
                    _("Przystąpienie"), _("Wystąpienie"), service.profile_of(partnership).member_act],
        ([i.name, SECTORS.get(i.sector, i.sector), LEVELS.get(i.level, i.level), i.contact_person, i.contact_email,
          i.contact_phone, i.joined_on, i.left_on, i.act_signed_on] for i in rows),
        "instytucje", today().isoformat())


@bp.route("/institutions/new", methods=["GET", "POST"], defaults={"institution_id": None})
@bp.route("/institutions/<int:institution_id>/edit", methods=["GET", "POST"])
@permission_required("partnership.edit")
def institution_form(institution_id):
    partnership = _partnership_or_404()
    institution = get_or_404(Institution, institution_id) if institution_id else None
    form = InstitutionForm(obj=institution)
    if form.validate_on_submit():
        values = {name: form[name].data for name in INSTITUTION_FIELDS}
        try:
            institution = save_versioned(form, institution,
                                         lambda: service.save_institution(institution, partnership, values),
                                         reload=lambda: get_or_404(Institution, institution_id))
        except SavedMeanwhile as conflict:
            return conflict_page(partial(_institution_page, form, conflict.newer, partnership), form,
                                 conflict.newer, INSTITUTION_FIELDS)
        db.session.commit()
        flash(_("Zapisano instytucję %(name)s.", name=institution.name), "success")
        return redirect(url_for(".institution", institution_id=institution.id))
    return _institution_page(form, institution, partnership), 400 if form.errors else 200


#: what the institution form edits (its version is the optimistic lock's, never copied)
INSTITUTION_FIELDS = ("name", "sector", "level", "contact_person", "contact_email", "contact_phone", "joined_on",
                      "left_on", "act_signed_on", "act_reference")


def _institution_page(form, institution, partnership, saved=None, differences=()):
    return render_template("partnership/institution_form.html", form=form, institution=institution, saved=saved,
                           differences=differences, profile=service.profile_of(partnership))


@bp.route("/institutions/<int:institution_id>", methods=["GET", "POST"])
@permission_required("partnership.read")
def institution(institution_id):
    partnership = _partnership_or_404()
    institution = get_or_404(Institution, institution_id)
    form = OfferForm()
    if request.method == "POST":
        if not can("partnership.edit"):
            abort(403)
        if form.validate():
            service.add_offer(institution, form.values())
            db.session.commit()
            flash(_("Dodano usługę do koszyka."), "success")
            return redirect(url_for(".institution", institution_id=institution.id))
    tasks = db.session.scalars(select(Task).where(Task.owner_institution_id == institution.id)
                               .order_by(Task.status.in_(OPEN_TASK_STATUSES).desc(), Task.due_on)).all()
    return render_template("partnership/institution.html", institution=institution, form=form, tasks=tasks,
                           profile=service.profile_of(partnership), sectors=SECTORS,
                           offer_categories=OFFER_CATEGORIES, task_statuses=TASK_STATUSES,
                           today=today()), 400 if form.errors else 200



@bp.route("/offers/<int:offer_id>/delete", methods=["GET", "POST"])
@permission_required("partnership.edit")
def delete_offer(offer_id):
    offer = get_or_404(ServiceOffer, offer_id)
    back = url_for(".institution", institution_id=offer.institution_id)
    return delete_when_confirmed(lambda: service.delete_offer(offer), done=_("Usunięto usługę z koszyka."), then=back,
                                 title=_("Usunąć usługę z koszyka?"), what=offer.service, back=back)


@bp.route("/basket")
@permission_required("partnership.read")
def basket():
    query, sector, category = _basket_filters()
    statement = _basket_statement(_partnership_or_404(), query, sector, category)
    offers = db.session.scalars(statement.limit(BASKET_LIMIT + 1)).all()
    return render_template("partnership/basket.html", offers=offers[:BASKET_LIMIT], query=query, sector=sector,
                           category=category, sectors=SECTORS, offer_categories=OFFER_CATEGORIES, today=today(),
                           more=len(offers) > BASKET_LIMIT)


@bp.route("/basket.<any(csv, xlsx):extension>")
@permission_required("partnership.read")
def basket_export(extension):
    """The basket as searched, every offer (the page shows the first BASKET_LIMIT)."""
    partnership = _partnership_or_404()
    offers = db.session.scalars(_basket_statement(partnership, *_basket_filters())).all()
    record("basket_exported", partnership, detail=extension)
    return table_download(
        extension, [_("Usługa"), _("Rodzaj wsparcia"), _("Opis"), _("Instytucja"), _("Sektor"), _("Dla kogo"),
                    _("Liczba miejsc"), _("Warunki"), _("Koszt dla gminy (zł)"), _("Za jednostkę"), _("Dostępna od"),
                    _("Dostępna do"), _("Kontakt")],
        ([o.service, OFFER_CATEGORIES.get(o.category, o.category), o.description, o.institution.name,
          SECTORS.get(o.institution.sector, o.institution.sector), o.target_group, o.capacity, o.access_conditions,
          o.unit_cost, o.cost_unit, o.valid_from, o.valid_until, o.contact or o.institution.contact_person]
         for o in offers),
        "koszyk-uslug", today().isoformat())


def _basket_filters():
    return (clean_input(request.args.get("q", ""))[:100].strip(), request.args.get("sector", ""),
            request.args.get("category", ""))


def _basket_statement(partnership, query, sector, category=""):
    statement = (select(ServiceOffer).join(Institution).where(Institution.partnership_id == partnership.id)
                 .options(selectinload(ServiceOffer.institution)).order_by(ServiceOffer.service, ServiceOffer.id))
    if query:
        like = f"%{query}%"
        statement = statement.where(or_(ServiceOffer.service.ilike(like), ServiceOffer.description.ilike(like),
                                        ServiceOffer.target_group.ilike(like), Institution.name.ilike(like)))
    if sector in SECTORS:
        statement = statement.where(Institution.sector == sector)
    if category in OFFER_CATEGORIES:
        statement = statement.where(ServiceOffer.category == category)
    return statement


# --- meetings -----------------------------------------------------------------------------

@bp.route("/meetings")
@permission_required("partnership.read")
def meetings():
    partnership = _partnership_or_404()
    statement = (select(Meeting).where(Meeting.partnership_id == partnership.id)
                 .options(selectinload(Meeting.decisions)))
    page = keyset_page(db.session, statement, Meeting.id)
    return render_template("partnership/meetings.html", page=page, profile=service.profile_of(partnership),
                           type_name=service.meeting_type_name, minutes_statuses=MINUTES_STATUSES)


@bp.route("/meetings.<any(csv, xlsx):extension>")
@permission_required("partnership.read")
def meetings_export(extension):
    partnership = _partnership_or_404()
    profile = service.profile_of(partnership)
    rows = db.session.scalars(select(Meeting).where(Meeting.partnership_id == partnership.id)
                              .options(selectinload(Meeting.decisions)).order_by(Meeting.held_on, Meeting.id)).all()
    record("meetings_exported", partnership, detail=extension)
    return table_download(
        extension, [_("Data"), _("Godzina"), _("Rodzaj"), _("Forma"), _("Miejsce"), _("Ustalenia"), _("Protokół")],
        ([m.held_on, f"{m.starts_at:%H:%M}" if m.starts_at else None, service.meeting_type_name(profile, m.meeting_type),
          MEETING_MODES.get(m.mode, m.mode), m.place, len(m.decisions),
          f"{m.protocol_number}/{m.protocol_year}" if m.protocol_number else MINUTES_STATUSES[m.minutes_status]]
         for m in rows),
        "spotkania", today().isoformat())


def _meeting_form(profile, meeting=None):
    form = with_model_fields(MeetingForm, profile.meeting_fields)(obj=meeting)
    form.meeting_type.choices = [(t.key, t.name) for t in profile.meeting_types]
    return form


@bp.route("/meetings/new", methods=["GET", "POST"], defaults={"meeting_id": None})
@bp.route("/meetings/<int:meeting_id>/edit", methods=["GET", "POST"])
@permission_required("partnership.edit")
def meeting_form(meeting_id):
    partnership = _partnership_or_404()
    profile = service.profile_of(partnership)
    meeting = get_or_404(Meeting, meeting_id) if meeting_id else None
    if meeting:
        service.ensure_open(meeting)
    form = _meeting_form(profile, meeting)
    if request.method == "GET":
        if meeting:
            fill_model_fields(form, profile.meeting_fields, meeting.model_data)
        else:
            kind = request.args.get("type", "working")
            form.meeting_type.data = kind if kind in dict(form.meeting_type.choices) else profile.meeting_types[0].key
            form.held_on.data = today()
            form.agenda.data = service.agenda_for(profile, form.meeting_type.data, service.open_tasks(partnership))
    if form.validate_on_submit():
        values = {name: form[name].data for name in MEETING_FIELDS}
        try:
            meeting = save_versioned(form, meeting, lambda: service.save_meeting(
                meeting, partnership, values, model_field_values(form, profile.meeting_fields)),
                reload=lambda: get_or_404(Meeting, meeting_id))
        except SavedMeanwhile as conflict:
            return conflict_page(partial(_render_meeting_form, form, conflict.newer, profile), form, conflict.newer)
        db.session.commit()
        flash(_("Zapisano spotkanie."), "success")
        return redirect(url_for(".meeting", meeting_id=meeting.id))
    return _render_meeting_form(form, meeting, profile), 400 if form.errors else 200


#: what the meeting form edits besides the model's own fields
MEETING_FIELDS = ("meeting_type", "held_on", "starts_at", "place", "mode", "chair", "agenda", "minutes",
                  "next_meeting_on")


def _render_meeting_form(form, meeting, profile, saved=None, differences=()):
    return render_template("partnership/meeting_form.html", form=form, meeting=meeting, profile=profile, saved=saved,
                           model_fields=[f"model_{s.name}" for s in profile.meeting_fields])


def _decision_form(partnership):
    form = DecisionForm(prefix="decision")
    form.owner_institution_id.choices = [(0, "—")] + [(i.id, i.name) for i in service.members_on(partnership, today())]
    return form


@bp.route("/meetings/<int:meeting_id>")
@permission_required("partnership.read")
def meeting(meeting_id):
    # the decisions and their tasks in two queries, not one a decision
    decisions = selectinload(Meeting.decisions).selectinload(Decision.tasks)
    return _meeting_page(_partnership_or_404(), get_or_404(Meeting, meeting_id, decisions))


def _meeting_page(partnership, meeting, decision_form=None, deadline_form=None, remark_form=None, status=200):
    """The meeting's page; a refused decision, deadline or remark comes back in its form, with why."""
    return render_template(
        "partnership/meeting.html", meeting=meeting, partnership=partnership, profile=service.profile_of(partnership),
        minutes_statuses=MINUTES_STATUSES, approved=service.is_approved(meeting),
        protocol_number=service.protocol_label(meeting),
        deadline_form=deadline_form or _deadline_form(meeting, blank=True),
        remark_form=remark_form or _remark_form(partnership, meeting, blank=True),
        members=service.members_on(partnership, meeting.held_on), quorum=service.recorded_quorum(partnership, meeting),
        attendance={a.institution_id: a for a in meeting.attendance},
        statuses={key: str(label) for key, label in ATTENDANCE.items()},
        carried=service.open_tasks(partnership, before=meeting.held_on),
        closed_here=db.session.scalars(select(Task).where(Task.closed_at_meeting_id == meeting.id)).all(),
        decision_form=decision_form or _decision_form(partnership),
        task_statuses={key: str(label) for key, label in TASK_STATUSES.items()},
        type_name=service.meeting_type_name(service.profile_of(partnership), meeting.meeting_type),
        planned=not service.is_approved(meeting) and meeting.held_on >= today(), meeting_modes=MEETING_MODES,
        delete_form=FlaskForm()), status


@bp.errorhandler(service.ProtocolApproved)
def protocol_approved(refusal):
    """Any change to an approved meeting (a form, a bookmarked address, a page left open): its
    page again, saying why, and nothing written."""
    db.session.rollback()
    flash(_("Protokół tego spotkania jest zatwierdzony (nr %(number)s). Spotkania, listy obecności, ustaleń "
            "ani zadań zamkniętych na nim nie można już zmieniać.", number=service.protocol_label(refusal.meeting)),
          "error")
    return _meeting_page(_partnership_or_404(), refusal.meeting, status=409)


# --- the invitation ---------------------------------------------------------------------------

@bp.route("/meetings/<int:meeting_id>/invite", methods=["GET", "POST"])
@permission_required("partnership.edit")
def invite(meeting_id):
    """Who will get the invitation and what it says; confirmed, it is queued and sent at once."""
    partnership = _partnership_or_404()
    meeting_row = get_or_404(Meeting, meeting_id)
    plan = service.invitation_plan(partnership, meeting_row)
    refusal = service.invitation_refusal(meeting_row, plan, today())
    if refusal:
        raise service.InvitationRefused(meeting_row, refusal)
    form = FlaskForm()
    if form.validate_on_submit():
        mail_ids = service.send_invitation(partnership, meeting_row, current_user, today())
        db.session.commit()
        for mail_id in mail_ids:
            jobs().send_mail(mail_id)  # now, not in a digest; a row left unsent the consumer resumes
        flash(ngettext("Zaproszenie wysłano do %(num)d instytucji.", "Zaproszenie wysłano do %(num)d instytucji.",
                       meeting_row.invitations[-1].institutions), "success")
        return redirect(url_for(".meeting", meeting_id=meeting_row.id, _anchor="zaproszenie"))
    subject, body = service.invitation_text(meeting_row, plan.changes if plan.updated else ())
    return render_template("partnership/confirm_invitation.html", form=form, meeting=meeting_row, plan=plan,
                           subject=subject, body=body)


@bp.errorhandler(service.InvitationRefused)
def invitation_refused(refusal):
    db.session.rollback()
    flash(refusal.message, "error")
    return _meeting_page(_partnership_or_404(), refusal.meeting, status=409)


# --- the minutes: sent for remarks, the members' remarks, approval ----------------------------

def _deadline_form(meeting, blank=False):
    """The posted form, or (``blank``) the page's: the stored deadline, else a week from the
    later of today and the meeting day. A blank form ignores whatever else the request posted."""
    form = RemarksDeadlineForm(prefix="remarks", **({"formdata": None} if blank else {}))
    form.meeting_day = meeting.held_on
    if blank:
        form.version.data = str(meeting.version)
        form.remarks_due_on.data = meeting.remarks_due_on or max(today(), meeting.held_on) + timedelta(REMARKS_DAYS)
    return form


def _remark_form(partnership, meeting, blank=False):
    form = RemarkForm(prefix="remark", **({"formdata": None} if blank else {}))
    form.institution_id.choices = [(0, "—")] + [(i.id, i.name) for i in service.members_on(partnership, meeting.held_on)]
    return form


@bp.post("/meetings/<int:meeting_id>/send-for-remarks")
@permission_required("partnership.edit")
def send_for_remarks(meeting_id):
    partnership = _partnership_or_404()
    meeting_row = get_or_404(Meeting, meeting_id)
    service.ensure_open(meeting_row)
    form = _deadline_form(meeting_row)
    if not form.validate():
        return _meeting_page(partnership, meeting_row, deadline_form=form, status=400)
    try:
        save_versioned(form, meeting_row,
                       lambda: service.send_for_remarks(partnership, meeting_row, form.remarks_due_on.data),
                       reload=lambda: get_or_404(Meeting, meeting_id))
    except SavedMeanwhile as conflict:
        flash(_("W międzyczasie ktoś zmienił to spotkanie. Sprawdź protokół i roześlij go ponownie."), "error")
        return _meeting_page(partnership, conflict.newer, status=409)
    db.session.commit()
    flash(_("Projekt protokołu przekazano członkom zespołu do uwag. Termin zgłaszania uwag: %(day)s.",
            day=day(meeting_row.remarks_due_on)), "success")
    return redirect(url_for(".meeting", meeting_id=meeting_row.id, _anchor="uwagi"))


@bp.post("/meetings/<int:meeting_id>/remarks")
@permission_required("partnership.edit")
def add_remark(meeting_id):
    partnership = _partnership_or_404()
    meeting_row = get_or_404(Meeting, meeting_id)
    service.ensure_open(meeting_row)
    if meeting_row.minutes_status != SENT_FOR_REMARKS:
        flash(_("Uwagi zapisuje się po przekazaniu projektu protokołu członkom zespołu."), "error")
        return _meeting_page(partnership, meeting_row, status=409)
    form = _remark_form(partnership, meeting_row)
    if not form.validate():
        return _meeting_page(partnership, meeting_row, remark_form=form, status=400)
    institution = get_or_404(Institution, form.institution_id.data) if form.institution_id.data else None
    service.add_remark(meeting_row, institution, (form.author.data or "").strip(), form.text.data.strip(), current_user)
    db.session.commit()
    flash(_("Zapisano uwagę do projektu protokołu."), "success")
    return redirect(url_for(".meeting", meeting_id=meeting_row.id, _anchor="uwagi"))


@bp.route("/meetings/<int:meeting_id>/approve", methods=["GET", "POST"])
@permission_required("partnership.edit")
def approve(meeting_id):
    partnership = _partnership_or_404()
    meeting_row = get_or_404(Meeting, meeting_id)
    service.ensure_open(meeting_row)
    form = VersionForm()
    if request.method == "GET":
        form.version.data = str(meeting_row.version)
    elif form.validate_on_submit():
        centre = centre_of(current_user.municipality)
        try:
            save_versioned(form, meeting_row, lambda: service.approve_meeting(
                partnership, meeting_row, current_user, today(), centre), reload=lambda: get_or_404(Meeting, meeting_id))
        except SavedMeanwhile as conflict:
            return _approval_conflict(form, conflict.newer)
        db.session.commit()
        flash(_("Zatwierdzono protokół nr %(number)s.", number=service.protocol_label(meeting_row)), "success")
        return redirect(url_for(".meeting", meeting_id=meeting_row.id))
    return _approve_page(form, meeting_row), 400 if form.errors else 200


def _approve_page(form, meeting, changed=False):
    return render_template("partnership/confirm_approve.html", form=form, meeting=meeting, changed=changed,
                           year=meeting.held_on.year)


def _approval_conflict(form, newer):
    """Someone approved this meeting first (it keeps their number), or changed it or took the
    next number meanwhile (the user looks again and confirms once more)."""
    if service.is_approved(newer):
        raise service.ProtocolApproved(newer)
    form.version.data = str(newer.version)
    return _approve_page(form, newer, changed=True), 409


@bp.post("/meetings/<int:meeting_id>/attendance")
@permission_required("partnership.edit")
def attendance(meeting_id):
    partnership = _partnership_or_404()
    meeting = get_or_404(Meeting, meeting_id)
    statuses, representatives = {}, {}
    for institution in service.members_on(partnership, meeting.held_on):
        value = request.form.get(f"status-{institution.id}", "absent")
        statuses[institution.id] = value if value in ATTENDANCE else "absent"
        representatives[institution.id] = clean_input(request.form.get(f"rep-{institution.id}", ""))[:120].strip()
    service.save_attendance(partnership, meeting, statuses, representatives)
    db.session.commit()
    flash(_("Zapisano listę obecności."), "success")
    return redirect(url_for(".meeting", meeting_id=meeting.id, _anchor="obecnosc"))


@bp.post("/meetings/<int:meeting_id>/decisions")
@permission_required("partnership.edit")
def add_decision(meeting_id):
    partnership = _partnership_or_404()
    meeting_row = get_or_404(Meeting, meeting_id)
    form = _decision_form(partnership)
    if not form.validate():
        return _meeting_page(partnership, meeting_row, decision_form=form, status=400)
    task = None
    if form.task_title.data:
        task = {"title": form.task_title.data.strip(), "owner_institution_id": form.owner_institution_id.data,
                "owner_person": form.owner_person.data or None, "due_on": form.due_on.data}
    service.add_decision(meeting_row, form.text.data.strip(), task)
    db.session.commit()
    flash(_("Dodano ustalenie."), "success")
    return redirect(url_for(".meeting", meeting_id=meeting_row.id, _anchor="ustalenia"))


@bp.post("/tasks/<int:task_id>/status")
@permission_required("partnership.edit")
def task_status(task_id):
    task = get_or_404(Task, task_id)
    status = request.form.get("status", "")
    if status not in TASK_STATUSES:
        abort(400)
    meeting_row = get_or_404(Meeting, request.form.get("meeting_id", type=int)) if request.form.get("meeting_id") else None
    service.set_task_status(task, status, meeting=meeting_row, today=today())
    db.session.commit()
    flash(_("Zmieniono stan zadania: %(title)s.", title=task.title), "success")
    if meeting_row:
        return redirect(url_for(".meeting", meeting_id=meeting_row.id, _anchor="zadania-w-toku"))
    return redirect(url_for(".tasks"))


@bp.route("/meetings/<int:meeting_id>/delete", methods=["GET", "POST"])
@permission_required("partnership.edit")
def delete_meeting(meeting_id):
    partnership = _partnership_or_404()
    meeting_row = get_or_404(Meeting, meeting_id)
    service.ensure_open(meeting_row)
    form = FlaskForm()
    if form.validate_on_submit():
        cancellations = service.delete_meeting(partnership, meeting_row, today())
        db.session.commit()
        for mail_id in cancellations:
            jobs().send_mail(mail_id)
        flash(_("Usunięto spotkanie. Zadania z niego zostały na liście zadań."), "success")
        if cancellations:
            flash(_("Adresaci zaproszenia (%(num)d) dostaną odwołanie spotkania.", num=len(cancellations)), "success")
        return redirect(url_for(".meetings"))
    invited = len(service.invitation_recipients(partnership, meeting_row)) if meeting_row.held_on >= today() else 0
    return render_template("confirm_delete.html", form=form, title=_("Usunąć spotkanie?"),
                           what=_("Spotkanie z %(day)s wraz z listą obecności, protokołem i ustaleniami.",
                                  day=day(meeting_row.held_on)),
                           consequence=_("Zaproszenie na to spotkanie wysłano na adresy instytucji (%(num)d). Każdy "
                                         "dostanie odwołanie, które usunie spotkanie z kalendarza.", num=invited)
                           if invited else None,
                           back=url_for(".meeting", meeting_id=meeting_row.id))


@bp.route("/meetings/<int:meeting_id>/protocol.docx")
@permission_required("partnership.read")
def protocol(meeting_id):
    partnership = _partnership_or_404()
    meeting_row = get_or_404(Meeting, meeting_id)
    centre = centre_of(current_user.municipality)
    content = build_protocol(service.protocol_of(partnership, meeting_row, centre), centre.letterhead)
    record("protocol_exported", meeting_row)
    return send_file(content, mimetype=DOCX_MIMETYPE, as_attachment=True,
                     download_name=download_name("protokol", meeting_row.held_on.isoformat(), meeting_row.id))


# --- tasks --------------------------------------------------------------------------------

def _tasks_statement(partnership, state):
    statement = (select(Task).where(Task.partnership_id == partnership.id)
                 .options(selectinload(Task.owner_institution)))
    if state == "open":
        statement = statement.where(Task.status.in_(OPEN_TASK_STATUSES))
    elif state == "overdue":
        statement = statement.where(Task.status.in_(OPEN_TASK_STATUSES), Task.due_on < today())
    return statement


@bp.route("/tasks")
@permission_required("partnership.read")
def tasks():
    partnership = _partnership_or_404()
    state = request.args.get("state", "open")
    page = keyset_page(db.session, _tasks_statement(partnership, state), Task.id)
    return render_template("partnership/tasks.html", page=page, state=state, today=today(),
                           statuses={key: str(label) for key, label in TASK_STATUSES.items()})


@bp.route("/tasks.<any(csv, xlsx):extension>")
@permission_required("partnership.read")
def tasks_export(extension):
    partnership = _partnership_or_404()
    rows = db.session.scalars(_tasks_statement(partnership, request.args.get("state", "all")).order_by(Task.id)).all()
    record("tasks_exported", partnership, detail=extension)
    return table_download(
        extension, [_("Zadanie"), _("Instytucja"), _("Osoba"), _("Termin"), _("Stan"), _("Zamknięte")],
        ([task.title, task.owner_institution.name if task.owner_institution else None, task.owner_person,
          task.due_on, TASK_STATUSES[task.status], task.closed_on] for task in rows),
        "zadania", today().isoformat())
