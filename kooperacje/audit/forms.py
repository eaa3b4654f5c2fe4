"""The audit log's filters: a GET form, so a filtered view has an address to page and export."""
from wtforms import DateField, SelectField, StringField
from wtforms.validators import Length, NumberRange, Optional, ValidationError

from kooperacje.audit.vocabulary import EVENT_LABELS
from kooperacje.fields import IntegerField
from kooperacje.forms import Form
from kooperacje.i18n import lazy_gettext as _l
from kooperacje.ids import MAX_ID
from kooperacje.text import fold


class AuditFilterForm(Form):
    class Meta:
        csrf = False  # a GET filter that changes nothing

    since = DateField(_l("Od dnia"), validators=[Optional()])
    until = DateField(_l("Do dnia"), validators=[Optional()])
    event = SelectField(_l("Zdarzenie"), validators=[Optional()])
    user = StringField(_l("Login użytkownika"), validators=[Optional(), Length(max=80)])
    case = IntegerField(_l("Numer sprawy"), validators=[
        Optional(), NumberRange(min=1, max=MAX_ID, message=_l("Podaj numer sprawy, np. 12."))])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        labels = sorted(((code, str(label)) for code, label in EVENT_LABELS.items()), key=lambda item: fold(item[1]))
        self.event.choices = [("", _l("wszystkie"))] + labels

    def validate_until(self, field):
        if field.data and self.since.data and field.data < self.since.data:
            raise ValidationError(_l("Data końcowa nie może być wcześniejsza niż początkowa."))

    def query_args(self):
        """The filters as typed, for the pager and the export links."""
        return {name: self[name].raw_data[0] for name in ("since", "until", "event", "user", "case")
                if self[name].raw_data and self[name].raw_data[0]}
