from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_login import current_user
from flask_wtf import FlaskForm
from sqlalchemy import select

from kooperacje.auth.models import User
from kooperacje.auth.permissions import ROLE_LABELS, Role, permission_required
from kooperacje.extensions import db
from kooperacje.i18n import gettext as _
from kooperacje.municipalities import teryt
from kooperacje.municipalities.models import Municipality
from kooperacje.pagination import keyset_page
from kooperacje.partners.service import member_institutions
from kooperacje.users import service
from kooperacje.users.forms import UserForm

bp = Blueprint("users", __name__, url_prefix="/users")


@bp.route("/")
@permission_required("users.manage")
def index():
    page = keyset_page(db.session, service.manageable_users(current_user), User.id)
    return render_template("users/index.html", page=page, grants=service.case_access_grants(current_user, page.items),
                           has_case_access=service.has_case_access,
                           manages=lambda user: service.manages(current_user, user))


def _user_or_404(user_id):
    user = service.get_manageable(current_user, user_id)
    if user is None:
        abort(404)
    return user


def _prepare(form, creating):
    form.role.choices = [(r.value, ROLE_LABELS[r]) for r in service.assignable_roles(current_user)]
    superadmin = current_user.role_enum is Role.SUPERADMIN
    if superadmin and creating:
        municipalities = db.session.scalars(select(Municipality).order_by(Municipality.display_name)).all()
        form.municipality_id.choices = [(0, "—")] + [(m.id, m.label) for m in municipalities]
        form.voivodeship_code.choices = [("", "—")] + teryt.voivodeships()
    else:
        del form.municipality_id
        del form.voivodeship_code
    if superadmin:
        del form.institution_id  # a municipality's PZK members are chosen by its own staff
    else:
        form.institution_id.choices = [(0, "—")] + [(i.id, i.name) for i in member_institutions()]
    if not creating:
        del form.username
    return form


def _institution_id(form):
    return (form.institution_id.data or None) if form.institution_id else None


def _field_of(form, error):
    """Where a refusal is shown: its own field when the form has it, else the role."""
    return form[error.field] if error.field in form else form.role


@bp.route("/new", methods=["GET", "POST"])
@permission_required("users.manage")
def create():
    form = _prepare(UserForm(), creating=True)
    if form.validate_on_submit():
        try:
            user, password = service.create_user(
                current_user, username=form.username.data, full_name=form.full_name.data.strip(),
                email=form.email.data, role=form.role.data,
                municipality_id=(form.municipality_id.data or None) if form.municipality_id else None,
                voivodeship_code=(form.voivodeship_code.data or None) if form.voivodeship_code else None,
                institution_id=_institution_id(form))
        except service.AccountError as error:
            _field_of(form, error).errors.append(str(error))
        else:
            db.session.commit()
            return render_template("users/one_time_password.html", user=user, password=password, created=True)
    return render_template("users/form.html", form=form, user=None), 400 if form.errors else 200


@bp.route("/<int:user_id>/edit", methods=["GET", "POST"])
@permission_required("users.manage")
def edit(user_id):
    user = _user_or_404(user_id)
    form = _prepare(UserForm(obj=user), creating=False)
    if form.validate_on_submit():
        try:
            service.update_user(current_user, user, full_name=form.full_name.data.strip(),
                                email=form.email.data, role=form.role.data, institution_id=_institution_id(form))
        except service.AccountError as error:
            _field_of(form, error).errors.append(str(error))
        else:
            db.session.commit()
            flash(_("Zapisano zmiany konta %(login)s.", login=user.username), "success")
            return redirect(url_for(".index"))
    return render_template("users/form.html", form=form, user=user), 400 if form.errors else 200


@bp.route("/<int:user_id>/<any(deactivate,activate,'reset-password'):action>", methods=["GET", "POST"])
@permission_required("users.manage")
def confirm_action(user_id, action):
    """Destructive account actions ask for confirmation on a page of their own first."""
    user = _user_or_404(user_id)
    form = FlaskForm()
    if form.validate_on_submit():
        try:
            password = _apply(action, user)
        except service.AccountError as error:
            flash(str(error), "error")
            return redirect(url_for(".index"))
        db.session.commit()
        if password:
            return render_template("users/one_time_password.html", user=user, password=password, created=False)
        flash(_("Konto %(login)s zostało zaktualizowane.", login=user.username), "success")
        return redirect(url_for(".index"))
    return render_template("users/confirm.html", user=user, action=action, form=form)


def _apply(action, user):
    if action == "reset-password":
        return service.reset_password(current_user, user)
    service.set_active(current_user, user, action == "activate")
    return None
