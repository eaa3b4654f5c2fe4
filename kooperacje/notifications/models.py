"""A notification tells one user that something waits, in neutral words, and links to it."""
from datetime import date, datetime

from flask import url_for
from sqlalchemy import JSON, Date, ForeignKey, Index, String, UniqueConstraint, func, select
from sqlalchemy.orm import Mapped, mapped_column

from kooperacje.auth.permissions import Role
from kooperacje.clock import day, utcnow
from kooperacje.database import TenantScoped
from kooperacje.extensions import db
from kooperacje.i18n import lazy_gettext as _l

#: What each kind of notification says; %(day)s is the date it is about. The kinds of
#: KIND_LABELS are reminders (and e-mailed as the user chose); the others tell of something that
#: just happened, at once and in the app only (service.notify).
TEXTS = {
    "case_assigned": _l("Przekazano Ci sprawę do prowadzenia (%(day)s)"),
    "minutes_for_remarks": _l("Projekt protokołu spotkania Zespołu PZK czeka na uwagi do %(day)s"),
    "task_overdue": _l("Zadanie Zespołu PZK po terminie (termin: %(day)s)"),
    "task_due": _l("Zbliża się termin zadania Zespołu PZK: %(day)s"),
    "meeting_due": _l("Termin kolejnego spotkania Zespołu PZK: %(day)s"),
    "review_due": _l("Przegląd kontraktu socjalnego: %(day)s"),
    "period_ending": _l("Okres kontraktu socjalnego kończy się %(day)s"),
    "evaluation_due": _l("Kontrakt socjalny czeka na ocenę (część II); okres skończył się %(day)s"),
    "diagnosis_draft": _l("Projekt diagnozy założony %(day)s czeka na podpisanie"),
    "otp_expiring": _l("Hasło jednorazowe konta, na które nikt się jeszcze nie zalogował, wygasa %(day)s"),
    "case_without_worker": _l("Sprawa z terminem %(day)s nie ma aktywnego pracownika socjalnego"),
    "referral_overdue": _l("Skierowanie do Twojej instytucji czeka na odpowiedź po terminie (termin: %(day)s)"),
    # sent at once by kooperacje.referrals.service, not by the daily reminders
    "referral_received": _l("Nowe skierowanie do Twojej instytucji (odpowiedź do %(day)s)"),
    "referral_answered": _l("Instytucja partnerska odpowiedziała na skierowanie (%(day)s)"),
    "referral_completed": _l("Instytucja partnerska zapisała efekt skierowania (%(day)s)"),
    # the intake queue (kooperacje.intake): in the app only, never a person's data; %(number)s is "3/2026"
    "signal_received": _l("Nowe zgłoszenie od instytucji partnerskiej"),
    "signal_decided": _l("Zgłoszenie nr %(number)s zostało rozpatrzone"),
    # kooperacje.teams: to the PZK's coordinators, never the family's data nor the decision's words
    "team_missing_service": _l("Zespół wokół rodziny zgłosił brak usługi w koszyku"),
}
#: params that fill the text, not the link (a signal's reference number)
TEXT_PARAMS = ("number",)
#: What each kind is called on the preferences page.
KIND_LABELS = {
    "task_due": _l("Zbliżający się termin zadania Zespołu PZK"),
    "task_overdue": _l("Zadanie Zespołu PZK po terminie"),
    "meeting_due": _l("Termin kolejnego spotkania Zespołu PZK"),
    "review_due": _l("Przegląd kontraktu socjalnego"),
    "period_ending": _l("Koniec okresu kontraktu socjalnego"),
    "evaluation_due": _l("Kontrakt socjalny czekający na ocenę"),
    "diagnosis_draft": _l("Niepodpisany projekt diagnozy"),
    "otp_expiring": _l("Wygasające hasło jednorazowe nowego konta"),
    "case_without_worker": _l("Sprawa bez aktywnego pracownika socjalnego"),
    "referral_overdue": _l("Skierowanie do instytucji bez odpowiedzi po terminie"),
}
#: Who is reminded of each kind (kooperacje.jobs.reminders and .casework): the preferences page
#: offers each user the kinds of their role only. The deployment's administrators get their
#: e-mails in the digest: a preference is kept per municipality, and they have none.
KIND_ROLES = {
    "task_due": {Role.COORDINATOR}, "task_overdue": {Role.COORDINATOR}, "meeting_due": {Role.COORDINATOR},
    "review_due": {Role.WORKER}, "period_ending": {Role.WORKER}, "evaluation_due": {Role.WORKER},
    "diagnosis_draft": {Role.WORKER},
    "otp_expiring": {Role.ADMIN}, "case_without_worker": {Role.ADMIN},
    "referral_overdue": {Role.PARTNER},
}
#: How a user wants the e-mails of one kind; in the app every notification shows anyway.
EMAIL_CHOICES = {
    "digest": _l("raz dziennie, w jednej wiadomości ze wszystkimi przypomnieniami"),
    "immediate": _l("osobna wiadomość o każdym przypomnieniu"),
    "off": _l("bez e-maili (tylko powiadomienie w aplikacji)"),
}
DEFAULT_EMAIL = "digest"


def kinds_for(role):
    """{kind: label} of the kinds a user of ``role`` is reminded of."""
    return {kind: label for kind, label in KIND_LABELS.items() if Role(role) in KIND_ROLES[kind]}


class Notification(TenantScoped, db.Model):
    __tablename__ = "notification"
    __table_args__ = (Index("ix_notification_user_read", "user_id", "read_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    kind: Mapped[str] = mapped_column(String(40))
    about_day: Mapped[date | None] = mapped_column(Date)
    #: where it leads: an endpoint and its arguments (``_anchor`` included)
    endpoint: Mapped[str] = mapped_column(String(80))
    params: Mapped[dict] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    read_at: Mapped[datetime | None]

    @property
    def text(self):
        return TEXTS[self.kind] % {"day": day(self.about_day),
                                   **{name: self.params[name] for name in TEXT_PARAMS if name in self.params}}

    @property
    def link(self):
        return url_for(self.endpoint, **{k: v for k, v in self.params.items() if k not in TEXT_PARAMS})


class NotificationPreference(TenantScoped, db.Model):
    """One user's choice for the e-mails of one kind; without a row the kind goes in the digest."""

    __tablename__ = "notification_preference"
    __table_args__ = (UniqueConstraint("user_id", "kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    kind: Mapped[str] = mapped_column(String(40))
    email: Mapped[str] = mapped_column(String(10))


def unread_count_of(user_id, municipality_id):
    """The header's count: the user's unread notifications in one municipality, as an SQL
    expression (the session lookup asks it with the session, see ``auth.guard.load_user``)."""
    return (select(func.count(Notification.id))
            .where(Notification.user_id == user_id, Notification.read_at.is_(None),
                   Notification.municipality_id == municipality_id).scalar_subquery())
