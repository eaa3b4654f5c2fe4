"""The forms of the team around a family: forming it, its members, its meetings."""
from wtforms import DateField, FieldList, FormField, HiddenField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Email, InputRequired, Length, Optional, ValidationError

from kooperacje.clock import local_today
from kooperacje.contracts.vocabulary import ACTION_PARTIES
from kooperacje.fields import MultiCheckboxField
from kooperacje.forms import Form, RowForm
from kooperacje.i18n import lazy_gettext as _l
from kooperacje.ids import parse_id
from kooperacje.partnership.vocabulary import SECTORS
from kooperacje.teams.vocabulary import DECISION_KINDS


def _id(value):
    """A choice's id as typed; 0 for none or what cannot be an id (the form's own message answers)."""
    if value in (None, ""):
        return 0
    return value if isinstance(value, int) else parse_id(str(value)) or 0


def _not_in_future(message):
    def check(_form, field):
        if field.data and field.data > local_today():
            raise ValidationError(message)
    return check


class TeamForm(Form):
    name = StringField(_l("Nazwa zespołu"), validators=[DataRequired(_l("Podaj nazwę zespołu.")), Length(max=200)])
    formed_on = DateField(_l("Data powołania zespołu"), default=local_today, validators=[
        InputRequired(_l("Podaj datę powołania zespołu.")),
        _not_in_future(_l("Data powołania nie może być późniejsza niż dzisiejsza."))])
    closed_on = DateField(_l("Data zakończenia pracy zespołu (nieobowiązkowa)"), validators=[Optional()])
    version = HiddenField()

    def validate_closed_on(self, field):
        if field.data and self.formed_on.data and field.data < self.formed_on.data:
            raise ValidationError(_l("Zespół nie może zakończyć pracy przed dniem powołania."))


class MemberForm(Form):
    # the accounts and institutions are the municipality's, set by the view and checked below
    user_id = SelectField(_l("Konto w aplikacji (pracownik ośrodka lub przedstawiciel instytucji)"), coerce=_id,
                          choices=[], validate_choice=False)
    name = StringField(_l("albo imię i nazwisko osoby spoza aplikacji"), validators=[Length(max=120)])
    institution_id = SelectField(_l("Instytucja z PZK (nieobowiązkowa)"), coerce=_id, choices=[],
                                 validate_choice=False)
    phone = StringField(_l("Telefon (nieobowiązkowy)"), validators=[Length(max=40)])
    email = StringField(_l("Adres e-mail (nieobowiązkowy)"), validators=[
        Optional(), Length(max=254), Email(_l("Podaj adres e-mail w postaci nazwa@domena.pl."))])
    role = StringField(_l("Rola w zespole"), validators=[DataRequired(_l("Podaj rolę tej osoby w zespole.")),
                                                          Length(max=120)],
                       description=_l("Wybierz z podpowiedzi modelu albo wpisz własną."))
    sector = SelectField(_l("Sektor"), choices=[("", "—"), *SECTORS.items()], validate_choice=False)
    joined_on = DateField(_l("W zespole od"), default=local_today, validators=[
        InputRequired(_l("Podaj datę dołączenia do zespołu."))])

    def validate_user_id(self, field):
        if field.data and field.data not in {value for value, _label in field.choices}:
            raise ValidationError(_l("Wybierz konto z listy."))
        if field.data and (self.name.data or "").strip():
            raise ValidationError(_l("Wybierz konto albo wpisz imię i nazwisko – nie oba naraz."))
        if not field.data and not (self.name.data or "").strip():
            raise ValidationError(_l("Wybierz konto albo wpisz imię i nazwisko osoby spoza aplikacji."))

    def validate_institution_id(self, field):
        if field.data and field.data not in {value for value, _label in field.choices}:
            raise ValidationError(_l("Wybierz instytucję z listy partnerów PZK tej gminy."))

    def validate_sector(self, field):
        if field.data and field.data not in SECTORS:
            raise ValidationError(_l("Wybierz sektor z listy."))


class LeaveForm(Form):
    left_on = DateField(_l("W zespole do"), default=local_today, validators=[
        InputRequired(_l("Podaj datę odejścia z zespołu."))])

    def __init__(self, *args, joined_on=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.joined_on = joined_on

    def validate_left_on(self, field):
        if field.data and self.joined_on and field.data < self.joined_on:
            raise ValidationError(_l("Data odejścia nie może być wcześniejsza niż data dołączenia."))


class DecisionRow(RowForm):
    text = TextAreaField(_l("Ustalenie"), validators=[Length(max=2000)])
    kind = SelectField(_l("Rodzaj ustalenia"), choices=list(DECISION_KINDS.items()), validate_choice=False)

    def validate_kind(self, field):
        if (self.text.data or "").strip() and field.data not in DECISION_KINDS:
            raise ValidationError(_l("Wybierz rodzaj ustalenia z listy."))


class MeetingForm(Form):
    held_on = DateField(_l("Data spotkania"), default=local_today, validators=[
        InputRequired(_l("Podaj datę spotkania.")),
        _not_in_future(_l("Data spotkania nie może być późniejsza niż dzisiejsza."))])
    present = MultiCheckboxField(_l("Obecni członkowie zespołu"), coerce=_id, choices=[], validate_choice=False)
    notes = TextAreaField(_l("Przebieg spotkania"), validators=[Length(max=8000)])
    decisions = TextAreaField(_l("Ustalenia (podsumowanie)"), validators=[Length(max=8000)])
    rows = FieldList(FormField(DecisionRow), min_entries=3, max_entries=10)

    def validate_present(self, field):
        if not set(field.data or ()) <= {value for value, _label in field.choices}:
            raise ValidationError(_l("Zaznacz obecnych z listy członków zespołu."))


class _DueOnForm(Form):
    """A decision carried out gets a due date not before the meeting that took it."""

    due_on = DateField(_l("Termin"), validators=[InputRequired(_l("Podaj termin."))])

    def __init__(self, *args, held_on=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.held_on = held_on

    def validate_due_on(self, field):
        if field.data and self.held_on and field.data < self.held_on:
            raise ValidationError(_l("Termin nie może być wcześniejszy niż dzień spotkania zespołu."))


class ContractActionForm(_DueOnForm):
    # the institutions are the PZK's current members, set by the view and checked below
    party = SelectField(_l("Kto wykona działanie"), choices=list(ACTION_PARTIES.items()), validate_choice=False)
    institution_id = SelectField(_l("Instytucja partnerska (gdy działanie wykonuje partner)"), coerce=_id,
                                 choices=[], validate_choice=False)
    description = TextAreaField(_l("Działanie"), validators=[DataRequired(_l("Opisz działanie.")), Length(max=2000)])
    method = TextAreaField(_l("Sposób realizacji (nieobowiązkowy)"), validators=[Length(max=2000)])

    def validate_party(self, field):
        if field.data not in ACTION_PARTIES:
            raise ValidationError(_l("Wybierz z listy, kto wykona działanie."))

    def validate_institution_id(self, field):
        if field.data and field.data not in {value for value, _label in field.choices}:
            raise ValidationError(_l("Wybierz instytucję z listy partnerów PZK."))
        if self.party.data == "partner" and not field.data:
            raise ValidationError(_l("Wskaż instytucję, która wykona działanie."))


class PartnerTaskForm(_DueOnForm):
    # the team's current members who speak for a PZK institution, set by the view
    member_id = SelectField(_l("Dla kogo (członek zespołu i jego instytucja)"), coerce=_id, choices=[],
                            validate_choice=False)
    title = StringField(_l("Zadanie"), validators=[DataRequired(_l("Opisz zadanie.")), Length(max=300)],
                        description=_l("Zadanie zobaczą przedstawiciele instytucji i koordynator PZK: opisz je bez "
                                       "nazwisk, adresów i innych danych rodziny."))

    def validate_member_id(self, field):
        if field.data not in {value for value, _label in field.choices}:
            raise ValidationError(_l("Wybierz członka zespołu z instytucji partnerskiej z listy."))
