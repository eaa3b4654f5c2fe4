"""The words of referrals from the centre to a partner institution: the states a referral goes
through and how long the institution is given to answer."""
from kooperacje.i18n import lazy_gettext as _l

SENT, ACCEPTED, DECLINED, COMPLETED = "sent", "accepted", "declined", "completed"
#: sent -> accepted -> completed, or sent -> declined
STATES = {
    SENT: _l("wysłane"),
    ACCEPTED: _l("przyjęte"),
    DECLINED: _l("odrzucone"),
    COMPLETED: _l("zakończone"),
}
#: the states in which the institution has answered
ANSWERED_STATES = (ACCEPTED, DECLINED, COMPLETED)
#: the consent scope a referral's personal data needs (consents.vocabulary.SCOPES)
CONSENT_SCOPE = "referral"
#: the answer-by date the form proposes: this many days from today
ANSWER_DAYS = 14
#: what the partner may answer
ANSWERS = {ACCEPTED: _l("Przyjmuję skierowanie"), DECLINED: _l("Odrzucam skierowanie")}
#: what the partner sees instead of the person's name while no consent covers the referral
NO_CONSENT_LABEL = _l("osoba bez zgody na udostępnienie danych")
