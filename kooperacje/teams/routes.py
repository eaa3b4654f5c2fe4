"""Pages of the team around a family: forming it on an open case, its page (members and
meetings), adding and releasing members, recording a meeting with its decisions. Reading goes
through teams.service.readable_team (the case's staff, the team's partner members); the page
loads the team, a case record, so every view is audited as an access to the client's case."""
from functools import wraps

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_login import current_user

from kooperacje.auth.permissions import can, permission_required
from kooperacje.clients.guard import open_case_required
from kooperacje.clients.models import Client
from kooperacje.clock import day
from kooperacje.contracts.vocabulary import ACTION_PARTIES
from kooperacje.database import get_or_404
from kooperacje.diagnoses.service import row_choices
from kooperacje.extensions import db
from kooperacje.i18n import gettext as _
from kooperacje.partnership.vocabulary import SECTORS, TASK_STATUSES
from kooperacje.teams import service
from kooperacje.teams.forms import ContractActionForm, LeaveForm, MeetingForm, MemberForm, PartnerTaskForm, TeamForm
from kooperacje.teams.models import CaseTeam, CaseTeamDecision, CaseTeamMember
from kooperacje.teams.vocabulary import CONTRACT_ACTION, DECISION_KINDS, MISSING_SERVICE
from kooperacje.versions import SavedMeanwhile, conflict_page, save_versioned

bp = Blueprint("teams", __name__)


def _closed_case_refused(team):
    flash(_("Sprawa jest zamknięta, więc jej akt nie można zmieniać. Aby pracować dalej, otwórz ją ponownie."),
          "error")
    return redirect(url_for(".detail", team_id=team.id))


def team_open_case_required(view):
    """The team's case must be open to change the team (as clients.guard.open_case_required)."""

    @wraps(view)
    def wrapped(**kwargs):
        team = _team_named(kwargs)
        if team.client.is_closed:
            return _closed_case_refused(team)
        return view(**kwargs)

    return wrapped


def _team_named(view_args):
    """The team a view's URL names, through whichever of its records it names (404 if not this tenant's)."""
    if "team_member_id" in view_args:
        return get_or_404(CaseTeamMember, view_args["team_member_id"]).team
    if "team_decision_id" in view_args:
        return get_or_404(CaseTeamDecision, view_args["team_decision_id"]).meeting.team
    return get_or_404(CaseTeam, view_args["team_id"])


def _words(team):
    profile = service.profile_for(team.municipality_id) if team is not None else None
    return {"profile": profile, "sectors": SECTORS, "decision_kinds": DECISION_KINDS,
            "action_parties": ACTION_PARTIES, "task_statuses": TASK_STATUSES,
            "CONTRACT_ACTION": CONTRACT_ACTION, "MISSING_SERVICE": MISSING_SERVICE}


@bp.route("/clients/<int:client_id>/team/new", methods=["GET", "POST"])
@permission_required("clients.edit")
@open_case_required
def form_team(client_id):
    client = get_or_404(Client, client_id)
    existing = service.team_of(client)
    if existing is not None:
        flash(_("Ta sprawa ma już zespół."), "info")
        return redirect(url_for(".detail", team_id=existing.id))
    profile = service.profile_for(client.municipality_id)
    form = TeamForm()
    if not form.is_submitted():
        form.name.data = service.default_name(profile)
    if form.validate_on_submit():
        team = service.form_team(client, form.name.data.strip(), form.formed_on.data, current_user)
        db.session.commit()
        flash(_("Powołano zespół. Dopisz jego członków."), "success")
        return redirect(url_for(".detail", team_id=team.id))
    return render_template("teams/team_form.html", client=client, team=None, form=form, profile=profile), \
        400 if form.errors else 200


@bp.route("/teams/mine")
@permission_required("partner.portal")
def mine():
    """A partner's teams: those they are a member of, while the family's consent covers them."""
    return render_template("teams/mine.html", teams=service.teams_of_partner(current_user))


@bp.route("/teams/<int:team_id>")
@permission_required("teams.read")
def detail(team_id):
    team = service.readable_team(team_id, current_user)
    return render_template("teams/detail.html", team=team, staff=can("clients.read"),
                           editable=can("clients.edit") and not team.client.is_closed, **_words(team))


@bp.route("/teams/<int:team_id>/edit", methods=["GET", "POST"])
@permission_required("clients.edit")
@team_open_case_required
def edit(team_id):
    team = get_or_404(CaseTeam, team_id)
    form = TeamForm(obj=team)
    if not form.is_submitted():
        form.version.data = str(team.version)
    render = lambda **extra: render_template("teams/team_form.html", client=team.client, team=team,  # noqa: E731
                                             form=form, profile=None, **extra)
    if form.validate_on_submit():
        try:
            save_versioned(form, team, lambda: service.update_team(team, form.name.data.strip(), form.formed_on.data,
                                                                   form.closed_on.data, current_user),
                           lambda: db.session.get(CaseTeam, team_id))
        except SavedMeanwhile as conflict:
            return conflict_page(render, form, conflict.newer, ("name", "formed_on", "closed_on"))
        db.session.commit()
        flash(_("Zapisano dane zespołu."), "success")
        return redirect(url_for(".detail", team_id=team.id))
    return render(), 400 if form.errors else 200


def _member_form():
    form = MemberForm()
    form.user_id.choices = [(0, "—"), *service.account_choices()]
    form.institution_id.choices = [(0, "—"), *row_choices()["institutions"]]
    form.role.render_kw = {"list": "team-roles", "autocomplete": "off"}
    return form


@bp.route("/teams/<int:team_id>/members/new", methods=["GET", "POST"])
@permission_required("clients.edit")
@team_open_case_required
def add_member(team_id):
    team = get_or_404(CaseTeam, team_id)
    form = _member_form()
    if form.validate_on_submit():
        values = {"user_id": form.user_id.data or None, "name": None if form.user_id.data else form.name.data.strip(),
                  "institution_id": form.institution_id.data or None, "phone": (form.phone.data or "").strip() or None,
                  "email": (form.email.data or "").strip() or None, "role": form.role.data.strip(),
                  "sector": form.sector.data or None, "joined_on": form.joined_on.data}
        service.add_member(team, values, current_user)
        db.session.commit()
        flash(_("Dopisano członka zespołu."), "success")
        return redirect(url_for(".detail", team_id=team.id))
    return render_template("teams/member_form.html", team=team, form=form, **_words(team)), \
        400 if form.errors else 200


@bp.route("/teams/members/<int:team_member_id>/leave", methods=["GET", "POST"])
@permission_required("clients.edit")
@team_open_case_required
def member_leaves(team_member_id):
    member = get_or_404(CaseTeamMember, team_member_id)
    if member.left_on is not None:
        flash(_("Ta osoba nie jest już w zespole."), "info")
        return redirect(url_for(".detail", team_id=member.team_id))
    form = LeaveForm(joined_on=member.joined_on)
    if form.validate_on_submit():
        service.member_leaves(member, form.left_on.data, current_user)
        db.session.commit()
        flash(_("Zapisano odejście z zespołu."), "success")
        return redirect(url_for(".detail", team_id=member.team_id))
    return render_template("teams/leave_form.html", member=member, team=member.team, form=form), \
        400 if form.errors else 200


@bp.route("/teams/<int:team_id>/meetings/new", methods=["GET", "POST"])
@permission_required("clients.edit")
@team_open_case_required
def add_meeting(team_id):
    team = get_or_404(CaseTeam, team_id)
    form = MeetingForm()
    form.present.choices = [(m.id, m.display_name) for m in team.members]
    if form.validate_on_submit():
        decisions = [((row.form.text.data or "").strip(), row.form.kind.data) for row in form.rows]
        decisions = [(text, kind) for text, kind in decisions if text]
        meeting = service.record_meeting(team, form.held_on.data, form.present.data or [],
                                         (form.notes.data or "").strip() or None,
                                         (form.decisions.data or "").strip() or None, decisions, current_user)
        db.session.commit()
        flash(_("Zapisano spotkanie zespołu."), "success")
        if any(kind == MISSING_SERVICE for _text, kind in decisions):
            flash(_("Brak usługi zgłoszono koordynatorowi PZK."), "info")
        return redirect(url_for(".meeting", team_meeting_id=meeting.id))
    return render_template("teams/meeting_form.html", team=team, form=form, **_words(team)), \
        400 if form.errors else 200


@bp.route("/teams/meetings/<int:team_meeting_id>")
@permission_required("teams.read")
def meeting(team_meeting_id):
    meeting = service.readable_meeting(team_meeting_id, current_user)
    team = meeting.team
    members = {m.id: m for m in team.members}
    may_apply = service.may_apply(team, current_user) and not team.client.is_closed
    return render_template("teams/meeting.html", team=team, meeting=meeting, members=members,
                           staff=can("clients.read"), may_apply=may_apply, **_words(team))


@bp.route("/teams/decisions/<int:team_decision_id>/apply", methods=["GET", "POST"])
@permission_required("clients.edit")
@team_open_case_required
def apply_decision(team_decision_id):
    """A decision of the team's meeting becomes an action of the case's contract or a partner
    task, once: what it became is shown by the decision from then on."""
    decision = get_or_404(CaseTeamDecision, team_decision_id)
    meeting = decision.meeting
    back = url_for(".meeting", team_meeting_id=meeting.id, _anchor=f"ustalenie-{decision.id}")
    refusal = service.decision_refusal(decision, current_user)
    if refusal:
        flash(refusal, "error")
        return redirect(back)
    form = _decision_form(decision)
    if form.validate_on_submit():
        try:
            message = _apply(decision, form)
        except service.DecisionRefused as refused:
            flash(str(refused), "error")
            return redirect(back)
        db.session.commit()
        flash(message, "success")
        return redirect(back)
    contract = service.current_contract(meeting.team.client) if decision.kind == CONTRACT_ACTION else None
    return render_template("teams/apply_form.html", decision=decision, meeting=meeting, team=meeting.team,
                           form=form, contract=contract, **_words(meeting.team)), 400 if form.errors else 200


def _decision_form(decision):
    held_on = decision.meeting.held_on
    if decision.kind == CONTRACT_ACTION:
        form = ContractActionForm(held_on=held_on)
        form.institution_id.choices = [(0, "—"), *service.action_institutions()]
        if not form.is_submitted():
            form.description.data = decision.text[:2000]
        return form
    form = PartnerTaskForm(held_on=held_on)
    form.member_id.choices = [(m.id, f"{m.display_name} – {m.institution.name}")
                              for m in service.task_members(decision.meeting.team)]
    if not form.is_submitted():
        form.title.data = decision.text[:300]
    return form


def _apply(decision, form):
    """Carry the decision out as the form says; the flash message that says what it became."""
    if decision.kind == CONTRACT_ACTION:
        party = form.party.data
        values = {"party": party, "institution_id": form.institution_id.data or None if party == "partner" else None,
                  "description": form.description.data.strip(), "method": (form.method.data or "").strip() or None,
                  "due_on": form.due_on.data}
        action, amendment = service.to_contract_action(decision, values, current_user)
        if amendment is not None:
            return _("Dodano działanie nr %(position)d do kontraktu nr %(number)d aneksem z dnia %(day)s.",
                     position=action.position, number=action.contract.number, day=day(amendment.made_on))
        return _("Dodano działanie nr %(position)d do projektu kontraktu nr %(number)d.", position=action.position,
                 number=action.contract.number)
    member = next(m for m in service.task_members(decision.meeting.team) if m.id == form.member_id.data)
    task = service.to_partner_task(decision, member, form.title.data.strip(), form.due_on.data, current_user)
    return _("Przekazano zadanie instytucji %(institution)s.", institution=task.owner_institution.name)


@bp.app_template_global("case_team")
def case_team(client):
    """The case's team (or None) and its name in the model, for the case page's section."""
    return service.team_of(client), service.default_name(service.profile_for(client.municipality_id))
