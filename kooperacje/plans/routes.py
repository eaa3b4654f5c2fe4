"""The PZK's action plan: goals with their actions, progress, the DOCX and the table downloads."""
from functools import partial

from flask import Blueprint, abort, flash, redirect, render_template, send_file, url_for
from flask_wtf import FlaskForm

from kooperacje.audit.models import record
from kooperacje.auth.permissions import permission_required
from kooperacje.clock import day, local_today
from kooperacje.database import get_or_404
from kooperacje.documents import DOCX_MIMETYPE, download_name
from kooperacje.exports import table_download
from kooperacje.extensions import db
from kooperacje.i18n import gettext as _
from kooperacje.partnership import service as partnership_service
from kooperacje.plans import service
from kooperacje.plans.documents import build_plan
from kooperacje.plans.forms import ACTION_FIELDS, GOAL_FIELDS, ActionForm, GoalForm
from kooperacje.plans.models import PlanAction, PlanGoal
from kooperacje.plans.vocabulary import ACTION_STATES
from kooperacje.versions import SavedMeanwhile, conflict_page, save_versioned
from kooperacje.web import delete_when_confirmed

bp = Blueprint("plans", __name__, url_prefix="/partnership/plan")


def today():
    return local_today()


def _partnership_or_404():
    partnership = partnership_service.current_partnership()
    if partnership is None:
        abort(404)
    return partnership


@bp.app_template_global()
def plan_progress(partnership, on_day=None):
    """The plan's progress for the coordinator's overview (plans/_progress.html)."""
    return service.plan_progress(partnership, on_day or today())


@bp.route("/")
@permission_required("partnership.read")
def plan():
    partnership = _partnership_or_404()
    goals = service.goals_of(partnership)
    now = today()
    return render_template("plans/plan.html", partnership=partnership, goals=goals, today=now,
                           states=ACTION_STATES, progress=service.progress, delete_form=FlaskForm(),
                           total=service.progress([a for g in goals for a in g.actions], now))


# --- goals ----------------------------------------------------------------------------------

@bp.route("/goals/new", methods=["GET", "POST"], defaults={"goal_id": None})
@bp.route("/goals/<int:goal_id>/edit", methods=["GET", "POST"])
@permission_required("partnership.edit")
def goal_form(goal_id):
    partnership = _partnership_or_404()
    goal = get_or_404(PlanGoal, goal_id) if goal_id else None
    form = GoalForm(obj=goal) if goal else GoalForm(number=service.next_goal_number(partnership))
    if form.validate_on_submit() and not _number_taken(form, partnership, goal):
        values = {name: form[name].data for name in GOAL_FIELDS}
        values["title"] = values["title"].strip()
        try:
            goal = save_versioned(form, goal, lambda: service.save_goal(goal, partnership, values),
                                  reload=lambda: get_or_404(PlanGoal, goal_id))
        except SavedMeanwhile as conflict:
            return conflict_page(partial(_goal_page, form, conflict.newer), form, conflict.newer, GOAL_FIELDS)
        db.session.commit()
        flash(_("Zapisano cel %(number)d.", number=goal.number), "success")
        return redirect(url_for(".plan", _anchor=f"cel-{goal.id}"))
    return _goal_page(form, goal), 400 if form.errors else 200


def _number_taken(form, partnership, goal):
    if service.number_taken(partnership, form.number.data, goal):
        form.number.errors.append(_("Cel o numerze %(number)d jest już w planie.", number=form.number.data))
        return True
    return False


def _goal_page(form, goal, saved=None, differences=()):
    return render_template("plans/goal_form.html", form=form, goal=goal, saved=saved, differences=differences)


@bp.route("/goals/<int:goal_id>/delete", methods=["GET", "POST"])
@permission_required("partnership.edit")
def delete_goal(goal_id):
    goal = get_or_404(PlanGoal, goal_id)
    return delete_when_confirmed(
        lambda: service.delete_goal(goal), done=_("Usunięto cel z planu działania."), then=url_for(".plan"),
        title=_("Usunąć cel z planu działania?"), what=f"{goal.number}. {goal.title}",
        consequence=_("Razem z celem zostaną usunięte jego działania (%(num)d). Zadania partnerów zostaną na "
                      "liście zadań.", num=len(goal.actions)) if goal.actions else None,
        back=url_for(".plan", _anchor=f"cel-{goal.id}"))


# --- actions --------------------------------------------------------------------------------

@bp.route("/goals/<int:goal_id>/actions/new", methods=["GET", "POST"], defaults={"plan_action_id": None})
@bp.route("/actions/<int:plan_action_id>/edit", methods=["GET", "POST"], defaults={"goal_id": None})
@permission_required("partnership.edit")
def action_form(goal_id, plan_action_id):
    partnership = _partnership_or_404()
    action = get_or_404(PlanAction, plan_action_id) if plan_action_id else None
    goal = action.goal if action else get_or_404(PlanGoal, goal_id)
    form = ActionForm(obj=action)
    if action is not None and not form.is_submitted():
        form.owner_institution_id.data = action.owner_institution_id or 0
        form.meeting_id.data = action.meeting_id or 0
        form.task_ids.data = [link.task_id for link in action.task_links]
    _fill_choices(form, partnership, action)
    if form.validate_on_submit():
        values = {name: form[name].data for name in ACTION_FIELDS}
        values.update(title=values["title"].strip(), owner_institution_id=values["owner_institution_id"] or None,
                      meeting_id=values["meeting_id"] or None, note=(values["note"] or "").strip() or None)
        task_ids = form.task_ids.data or []
        try:
            action = save_versioned(form, action, lambda: service.save_action(action, goal, values, task_ids),
                                    reload=lambda: get_or_404(PlanAction, plan_action_id))
        except SavedMeanwhile as conflict:
            return conflict_page(partial(_action_page, form, goal, conflict.newer), form, conflict.newer,
                                 ("title", "owner_institution_id", "starts_on", "ends_on", "state", "note"))
        db.session.commit()
        flash(_("Zapisano działanie: %(title)s.", title=action.title), "success")
        return redirect(url_for(".plan", _anchor=f"dzialanie-{action.id}"))
    return _action_page(form, goal, action), 400 if form.errors else 200


def _fill_choices(form, partnership, action):
    form.owner_institution_id.choices = service.owner_choices(partnership, today(), action)
    form.meeting_id.choices = [(0, "—")] + [
        (m.id, f"{day(m.held_on)} – {partnership_service.meeting_type_name(partnership_service.profile_of(partnership), m.meeting_type)}")
        for m in service.meeting_choices(partnership)]
    form.task_ids.choices = [
        (t.id, t.title + (f" ({t.owner_institution.name})" if t.owner_institution else ""))
        for t in service.task_choices(partnership, action)]


def _action_page(form, goal, action, saved=None, differences=()):
    return render_template("plans/action_form.html", form=form, goal=goal, action=action, saved=saved,
                           differences=differences)


@bp.route("/actions/<int:plan_action_id>/delete", methods=["GET", "POST"])
@permission_required("partnership.edit")
def delete_action(plan_action_id):
    action = get_or_404(PlanAction, plan_action_id)
    return delete_when_confirmed(
        lambda: service.delete_action(action), done=_("Usunięto działanie z planu."), then=url_for(".plan"),
        title=_("Usunąć działanie z planu?"), what=action.title,
        consequence=_("Powiązane zadania partnerów zostaną na liście zadań.") if action.task_links else None,
        back=url_for(".plan", _anchor=f"dzialanie-{action.id}"))


# --- the document and the table ---------------------------------------------------------------

@bp.route("/plan.docx")
@permission_required("partnership.read")
def document():
    partnership = _partnership_or_404()
    content = build_plan(partnership, service.goals_of(partnership), today())
    record("plan_exported", partnership, detail="docx")
    return send_file(content, mimetype=DOCX_MIMETYPE, as_attachment=True,
                     download_name=download_name("plan-dzialania", today().isoformat()))


@bp.route("/actions.<any(csv, xlsx):extension>")
@permission_required("partnership.read")
def export(extension):
    partnership = _partnership_or_404()
    now = today()
    rows = [(f"{goal.number}. {goal.title}", a.title, a.owner_institution.name if a.owner_institution else None,
             a.starts_on, a.ends_on, ACTION_STATES.get(a.state, a.state), _("tak") if a.overdue_on(now) else "",
             a.meeting.held_on if a.meeting else None, "; ".join(t.title for t in a.tasks), a.note)
            for goal in service.goals_of(partnership) for a in goal.actions]
    record("plan_exported", partnership, detail=extension)
    header = [_("Cel"), _("Działanie"), _("Instytucja odpowiedzialna"), _("Początek"), _("Koniec"), _("Stan"),
              _("Po terminie"), _("Spotkanie"), _("Zadania partnerów"), _("Uwagi")]
    return table_download(extension, header, rows, "plan-dzialania", now.isoformat())
