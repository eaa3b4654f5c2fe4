"""The calendar feed's page (make, replace, switch off) and the feed its calendar app reads."""
import re

from flask import Blueprint, Response, abort, flash, redirect, render_template, url_for
from flask_login import current_user

from kooperacje.auth.permissions import permission_required
from kooperacje.calendars import service
from kooperacje.extensions import db
from kooperacje.i18n import gettext as _

bp = Blueprint("calendars", __name__, url_prefix="/calendar")
TOKEN = re.compile(r"^[A-Za-z0-9_-]{20,100}$")


@bp.route("/")
@permission_required(service.FEED_PERMISSION)
def index():
    return render_template("calendars/index.html", has_feed=service.has_feed(current_user), address=None)


@bp.post("/new")
@permission_required(service.FEED_PERMISSION)
def new():
    token = service.issue_feed(current_user._get_current_object())
    db.session.commit()
    address = url_for("calendars.feed", token=token, _external=True)
    return render_template("calendars/index.html", has_feed=True, address=address)


@bp.post("/off")
@permission_required(service.FEED_PERMISSION)
def off():
    service.end_feed(current_user._get_current_object())
    db.session.commit()
    flash(_("Kalendarz wyłączony: jego adres już nie działa."), "success")
    return redirect(url_for("calendars.index"))


@bp.route("/<token>.ics")
def feed(token):
    """No login: the token is the key. An unknown, replaced or switched-off one is not found."""
    if not TOKEN.match(token) or service.feed_owner(token) is None:
        abort(404)
    return Response(service.feed_ics(), mimetype="text/calendar",
                    headers={"Content-Disposition": 'inline; filename="kooperacje.ics"'})
