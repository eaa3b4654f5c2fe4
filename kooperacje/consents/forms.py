"""The forms of the consent register: recording a consent, withdrawing one."""
from wtforms import DateField, RadioField, SelectField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, ValidationError

from kooperacje.clock import local_today
from kooperacje.consents.vocabulary import GIVEN_HOW, SCOPES
from kooperacje.fields import MultiCheckboxField
from kooperacje.forms import Form, VersionForm
from kooperacje.i18n import lazy_gettext as _l
from kooperacje.ids import parse_id


def _id(value):
    """A choice's id as typed; 0 (no choice offered) for what cannot be an id, so the form's own
    message answers instead of WTForms' "could not coerce"."""
    return value if isinstance(value, int) else parse_id(str(value)) or 0


def _not_in_future(message):
    def check(_form, field):
        if field.data and field.data > local_today():
            raise ValidationError(message)
    return check


class ConsentForm(Form):
    # the choices are the case's persons and the municipality's institutions, set by the view;
    # they are checked below with messages of our own (WTForms' would echo the value)
    person_id = SelectField(_l("Kto wyraża zgodę"), coerce=_id, choices=[], validate_choice=False)
    institution_id = SelectField(_l("Instytucja partnerska, której można udostępnić dane"), coerce=_id, choices=[],
                                 validate_choice=False)
    scopes = MultiCheckboxField(_l("Zakres danych"), choices=list(SCOPES.items()), validate_choice=False,
                                validators=[DataRequired(_l("Zaznacz, jakich danych dotyczy zgoda."))])
    given_on = DateField(_l("Data wyrażenia zgody"), default=local_today, validators=[
        InputRequired(_l("Podaj datę wyrażenia zgody.")),
        _not_in_future(_l("Data wyrażenia zgody nie może być późniejsza niż dzisiejsza."))])
    given_how = RadioField(_l("Forma zgody"), choices=list(GIVEN_HOW.items()), default="written",
                           validators=[InputRequired(_l("Wybierz formę, w jakiej wyrażono zgodę."))])
    note = TextAreaField(_l("Uwagi (nieobowiązkowe)"), validators=[Length(max=500)],
                         description=_l("Np. gdzie w aktach jest podpisany formularz. Bez danych innych osób."))

    def validate_person_id(self, field):
        if field.data not in {value for value, _label in field.choices}:
            raise ValidationError(_l("Wybierz osobę z tej sprawy."))

    def validate_institution_id(self, field):
        # another municipality's or no institution's id: the same answer, whichever it is
        if field.data not in {value for value, _label in field.choices}:
            raise ValidationError(_l("Wybierz instytucję z listy partnerów PZK tej gminy."))

    def validate_scopes(self, field):
        if not set(field.data or ()) <= set(SCOPES):
            raise ValidationError(_l("Zaznacz zakres z listy."))


class WithdrawalForm(VersionForm):
    withdrawn_on = DateField(_l("Data wycofania zgody"), default=local_today, validators=[
        InputRequired(_l("Podaj datę wycofania zgody.")),
        _not_in_future(_l("Data wycofania zgody nie może być późniejsza niż dzisiejsza."))])

    def __init__(self, *args, given_on=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.given_on = given_on

    def validate_withdrawn_on(self, field):
        if field.data and self.given_on and field.data < self.given_on:
            raise ValidationError(_l("Zgodę można wycofać najwcześniej w dniu, w którym ją wyrażono."))
