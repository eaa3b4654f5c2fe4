from flask import Blueprint, abort, flash, g, redirect, render_template, url_for
from flask_login import current_user

from kooperacje.auth.permissions import ROLE_LABELS, permission_required
from kooperacje.extensions import db
from kooperacje.i18n import gettext as _
from kooperacje.memberships import service
from kooperacje.memberships.forms import AddMembershipForm, RemoveMembershipForm, SwitchForm
from kooperacje.users.service import get_manageable

bp = Blueprint("memberships", __name__)


@bp.app_context_processor
def _switch_helpers():
    return {"membership_choices": service.choices}


@bp.route("/account/municipality", methods=["POST"])
@permission_required("account.own")
def switch():
    """The header's switch; a membership that is not the account's own is not found, and the
    login goes on working where it was."""
    form = SwitchForm()
    if not form.validate_on_submit():
        abort(404)
    membership = service.switch(current_user._get_current_object(), form.membership.data, g.login_session_id)
    if membership is None:
        abort(404)
    db.session.commit()
    flash(_("Pracujesz teraz w gminie %(municipality)s jako: %(role)s.", municipality=membership.municipality.label,
            role=ROLE_LABELS[membership.role_enum]), "success")
    return redirect(url_for("home.index"))


def _account_or_404(user_id):
    user = get_manageable(current_user, user_id)
    if user is None:
        abort(404)
    return user


def _add_form():
    form = AddMembershipForm()
    form.municipality_id.choices = [(0, "—")] + [(m.id, m.label) for m in service.municipalities()]
    form.role.choices = [("", "—")] + [(r.value, ROLE_LABELS[r]) for r in service.ADDABLE_ROLES]
    return form


@bp.route("/users/<int:user_id>/memberships", methods=["GET", "POST"])
@permission_required("memberships.manage")
def manage(user_id):
    user = _account_or_404(user_id)
    form = _add_form()
    if form.validate_on_submit():
        try:
            service.add(user, form.municipality_id.data, form.role.data)
        except service.MembershipError as error:
            form.municipality_id.errors.append(str(error))
        else:
            db.session.commit()
            flash(_("Konto %(login)s ma nową rolę w gminie.", login=user.username), "success")
            return redirect(url_for(".manage", user_id=user.id))
    return render_template("memberships/manage.html", user=user, form=form, remove_form=RemoveMembershipForm()), \
        400 if form.errors else 200


@bp.route("/users/<int:user_id>/memberships/remove", methods=["POST"])
@permission_required("memberships.manage")
def remove(user_id):
    user = _account_or_404(user_id)
    form = RemoveMembershipForm()
    if not form.validate_on_submit():
        abort(404)
    try:
        removed = service.remove(user, form.membership.data)
    except service.MembershipError as error:
        flash(str(error), "error")
        return redirect(url_for(".manage", user_id=user.id))
    if removed is None:
        abort(404)
    db.session.commit()
    flash(_("Rola konta %(login)s w gminie została usunięta.", login=user.username), "success")
    return redirect(url_for(".manage", user_id=user.id))
