"""The deployment administrator's pages: the municipalities using this installation."""
from flask import Blueprint, render_template
from flask_login import current_user
from sqlalchemy import select

from kooperacje.admin import service
from kooperacje.admin.forms import MunicipalityForm
from kooperacje.auth.permissions import permission_required
from kooperacje.extensions import db
from kooperacje.municipalities.models import Municipality
from kooperacje.pagination import keyset_page
from kooperacje.users.service import AccountError

bp = Blueprint("admin", __name__, url_prefix="/admin")


@bp.route("/municipalities")
@permission_required("municipalities.manage")
def municipalities():
    page = keyset_page(db.session, select(Municipality), Municipality.id)
    return render_template("admin/municipalities.html", page=page)


@bp.route("/municipalities/new", methods=["GET", "POST"])
@permission_required("municipalities.manage")
def new_municipality():
    form = MunicipalityForm()
    if form.validate_on_submit():
        try:
            admin, password = service.create_municipality(
                current_user, form.display_name.data.strip(), form.admin_username.data, form.admin_full_name.data.strip())
        except AccountError as error:
            db.session.rollback()
            form.admin_username.errors.append(str(error))
        else:
            db.session.commit()
            return render_template("users/one_time_password.html", user=admin, password=password, created=True)
    return render_template("admin/municipality_form.html", form=form), 400 if form.errors else 200
