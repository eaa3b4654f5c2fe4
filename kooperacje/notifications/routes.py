"""The notification centre: the signed-in user's own notifications, newest first."""
from flask import Blueprint, abort, flash, g, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select, update

from kooperacje.auth.permissions import permission_required
from kooperacje.clock import utcnow
from kooperacje.database import get_or_404
from kooperacje.extensions import db
from kooperacje.i18n import gettext as _
from kooperacje.ids import parse_id
from kooperacje.notifications.forms import PreferencesForm
from kooperacje.notifications.models import KIND_LABELS, Notification, kinds_for, unread_count_of
from kooperacje.notifications.service import email_preferences, save_email_preferences
from kooperacje.pagination import keyset_page

bp = Blueprint("notifications", __name__, url_prefix="/notifications")


def unread_count():
    """For the header; tenant scoping and the user filter keep it to one's own. A reading page
    takes the count the session lookup brought; a form's answer counts again, as what it saved
    may have changed it."""
    if not current_user.is_authenticated:
        return 0
    if request.method in ("GET", "HEAD") and "unread_notifications" in g:
        return g.unread_notifications
    return db.session.scalar(select(unread_count_of(current_user.id, current_user.current_municipality_id)))


def init_app(app):
    app.register_blueprint(bp)
    app.jinja_env.globals["unread_notifications"] = unread_count


@bp.route("/")
@permission_required("account.own")
def index():
    page = keyset_page(db.session, select(Notification).where(Notification.user_id == current_user.id),
                       Notification.id)
    return render_template("notifications/index.html", page=page, unread=unread_count())


@bp.post("/open")
@permission_required("account.own")
def open_one():
    """Opening a notification marks it read and leads to what it is about. The id comes in the
    form, so the notification is not in any URL."""
    notification = get_or_404(Notification, parse_id(request.form.get("notification", "")))
    if notification.user_id != current_user.id:
        abort(404)  # another user's, as if it did not exist
    if notification.read_at is None:
        notification.read_at = utcnow()
        db.session.commit()
    return redirect(notification.link)


@bp.post("/read")
@permission_required("account.own")
def read_all():
    db.session.execute(update(Notification).where(Notification.user_id == current_user.id,
                                                  Notification.read_at.is_(None)).values(read_at=utcnow()))
    db.session.commit()
    return redirect(url_for("notifications.index"))


@bp.route("/settings", methods=["GET", "POST"])
@permission_required("account.own")
def settings():
    user = current_user._get_current_object()
    kinds = kinds_for(user.role)
    form = PreferencesForm()
    for kind in set(KIND_LABELS) - set(kinds):
        del form[kind]  # not this role's reminders: neither shown nor required
    if form.validate_on_submit():
        save_email_preferences(user, {kind: form[kind].data for kind in kinds})
        db.session.commit()
        flash(_("Zapisano ustawienia powiadomień."), "success")
        return redirect(url_for("notifications.settings"))
    if request.method == "GET":
        stored = email_preferences([user.id])
        for kind in kinds:
            form[kind].data = stored[(user.id, kind)]
    return render_template("notifications/settings.html", form=form, kinds=kinds,
                           has_email=bool(user.email)), 400 if form.errors else 200
