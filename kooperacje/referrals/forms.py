"""The forms of referrals: the worker's referral, the institution's answer and its outcome."""
from wtforms import DateField, RadioField, SelectField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, ValidationError

from kooperacje.clock import local_today
from kooperacje.forms import Form, VersionForm
from kooperacje.i18n import lazy_gettext as _l
from kooperacje.ids import parse_id
from kooperacje.referrals.vocabulary import ANSWERS, DECLINED


def _id(value):
    """A choice's id as typed; 0 (no choice) for what cannot be an id, so our message answers."""
    return value if isinstance(value, int) else parse_id(str(value)) or 0


def _answer_by_default():
    from kooperacje.referrals.service import default_answer_by

    return default_answer_by()


class ReferralForm(Form):
    # choices are the PZK's current members and their basket offers, set by the view
    institution_id = SelectField(_l("Instytucja, do której kierujesz"), coerce=_id, choices=[],
                                 validate_choice=False)
    service_offer_id = SelectField(_l("Usługa z lokalnego koszyka (nieobowiązkowo)"), coerce=_id, choices=[],
                                   validate_choice=False)
    purpose = TextAreaField(_l("Cel skierowania"), validators=[
        DataRequired(_l("Opisz cel skierowania.")), Length(max=2000)])
    ask = TextAreaField(_l("O co prosisz instytucję"), validators=[
        DataRequired(_l("Napisz, o co prosisz instytucję.")), Length(max=4000)])
    answer_by = DateField(_l("Termin odpowiedzi instytucji"), default=_answer_by_default, validators=[
        InputRequired(_l("Podaj termin, do którego instytucja ma odpowiedzieć."))])

    def __init__(self, *args, offers=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.offers = offers or {}  # {offer id: (institution id, label)}

    def validate_institution_id(self, field):
        if not field.data or field.data not in {value for value, _label in field.choices}:
            raise ValidationError(_l("Wybierz instytucję członkowską Zespołu PZK tej gminy."))

    def validate_service_offer_id(self, field):
        if not field.data:
            return
        offer = self.offers.get(field.data)
        if offer is None:
            raise ValidationError(_l("Wybierz usługę z lokalnego koszyka."))
        if offer[0] != self.institution_id.data:
            raise ValidationError(_l("Ta usługa należy do innej instytucji. Wybierz usługę wybranej instytucji "
                                     "albo nie wybieraj żadnej."))

    def validate_answer_by(self, field):
        if field.data and field.data < local_today():
            raise ValidationError(_l("Termin odpowiedzi nie może być wcześniejszy niż dzisiejsza data."))


class AnswerForm(VersionForm):
    answer = RadioField(_l("Odpowiedź instytucji"), choices=list(ANSWERS.items()),
                        validators=[InputRequired(_l("Wybierz, czy przyjmujesz skierowanie."))])
    decline_reason = TextAreaField(_l("Powód odrzucenia"), validators=[Length(max=2000)],
                                   description=_l("Wymagany, gdy odrzucasz skierowanie."))

    def validate_decline_reason(self, field):
        if self.answer.data == DECLINED and not (field.data or "").strip():
            raise ValidationError(_l("Podaj powód odrzucenia skierowania."))


class OutcomeForm(VersionForm):
    outcome = TextAreaField(_l("Efekt skierowania"), validators=[
        DataRequired(_l("Opisz efekt skierowania.")), Length(max=4000)],
        description=_l("Co instytucja zrobiła i z jakim skutkiem."))
    outcome_on = DateField(_l("Data zakończenia"), default=local_today, validators=[
        InputRequired(_l("Podaj datę zakończenia."))])

    def __init__(self, *args, sent_on=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.sent_on = sent_on

    def validate_outcome_on(self, field):
        if field.data and field.data > local_today():
            raise ValidationError(_l("Data zakończenia nie może być późniejsza niż dzisiejsza."))
        if field.data and self.sent_on and field.data < self.sent_on:
            raise ValidationError(_l("Data zakończenia nie może być wcześniejsza niż data skierowania."))
