"""The preferences form: for each kind of notification, how its e-mails come."""
from wtforms import RadioField
from wtforms.validators import InputRequired

from kooperacje.forms import Form
from kooperacje.i18n import lazy_gettext as _l
from kooperacje.notifications.models import EMAIL_CHOICES, KIND_LABELS


class PreferencesForm(Form):
    pass


for _kind, _label in KIND_LABELS.items():
    setattr(PreferencesForm, _kind, RadioField(_label, choices=list(EMAIL_CHOICES.items()),
                                               validators=[InputRequired(_l("Wybierz, jak wysyłać e-maile."))]))
