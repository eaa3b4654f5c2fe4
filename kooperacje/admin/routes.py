"""The deployment administrator's pages: the municipalities using this installation."""
from flask import Blueprint, render_template
from flask_login import current_user
from sqlalchemy import select

from kooperacje.audit.models import record
from kooperacje.auth.permissions import Role, permission_required
from kooperacje.extensions import db
from kooperacje.municipalities.models import Municipality
from kooperacje.pagination import keyset_page
from kooperacje.users import service as users
from kooperacje.users.forms import MunicipalityForm

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
        municipality = Municipality(display_name=form.display_name.data.strip())
        db.session.add(municipality)
        db.session.flush()
        record("municipality_created", municipality, municipality_id=municipality.id)
        try:
            admin, password = users.create_user(
                current_user, username=form.admin_username.data, full_name=form.admin_full_name.data.strip(),
                email=None, role=Role.ADMIN.value, municipality_id=municipality.id)
        except users.AccountError as error:
            db.session.rollback()
            form.admin_username.errors.append(str(error))
        else:
            db.session.commit()
            return render_template("users/one_time_password.html", user=admin, password=password, created=True)
    return render_template("admin/municipality_form.html", form=form), 400 if form.errors else 200
