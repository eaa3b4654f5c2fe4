from wtforms import DateField, EmailField, HiddenField, SelectField, StringField, TextAreaField, TimeField
from wtforms.validators import DataRequired, Email, InputRequired, Length, NumberRange, Optional, ValidationError

from kooperacje.fields import AmountField, IntegerField
from kooperacje.forms import Form
from kooperacje.i18n import lazy_gettext as _l
from kooperacje.partnership.vocabulary import CADENCES, LEVELS, MEETING_MODES, OFFER_CATEGORIES, SECTORS


class PartnershipForm(Form):
    name = StringField(_l("Nazwa zespołu"), validators=[DataRequired(_l("Podaj nazwę zespołu.")), Length(max=160)])
    formed_on = DateField(_l("Data powołania"), validators=[Optional()])
    cadence_days = SelectField(_l("Planowana częstotliwość spotkań"), coerce=int,
                               choices=list(CADENCES.items()))
    quorum_percent = IntegerField(_l("Kworum (odsetek instytucji członkowskich)"), default=50, validators=[
        DataRequired(_l("Podaj kworum.")), NumberRange(min=1, max=100, message=_l("Podaj liczbę od 1 do 100."))])
    leader_id = SelectField(_l("Lider"), coerce=int, validators=[Optional()])
    second_role_id = SelectField(_l("Drugi kluczowy partner"), coerce=int, validators=[Optional()])
    rules_reference = StringField(_l("Regulamin lub porozumienie – gdzie przechowywany"), validators=[Length(max=300)],
                                  description=_l("Np. numer w rejestrze umów, teczka, sygnatura JRWA."))
    strategy_reference = StringField(_l("Powiązanie ze strategią rozwiązywania problemów społecznych"),
                                     validators=[Length(max=300)])
    #: the version the user started editing; a different stored version means someone else saved
    version = HiddenField()


class InstitutionForm(Form):
    name = StringField(_l("Nazwa instytucji"), validators=[DataRequired(_l("Podaj nazwę instytucji.")), Length(max=200)])
    sector = SelectField(_l("Sektor"), choices=list(SECTORS.items()))
    level = SelectField(_l("Szczebel"), choices=list(LEVELS.items()))
    contact_person = StringField(_l("Osoba do kontaktu"), validators=[Length(max=120)])
    contact_email = EmailField(_l("E-mail"), validators=[Optional(), Email(_l("Podaj poprawny adres e-mail.")), Length(max=254)])
    contact_phone = StringField(_l("Telefon"), validators=[Length(max=40)])
    joined_on = DateField(_l("Data przystąpienia"), validators=[Optional()])
    left_on = DateField(_l("Data wystąpienia"), validators=[Optional()])
    act_signed_on = DateField(_l("Data podpisania porozumienia lub deklaracji"), validators=[Optional()])
    act_reference = StringField(_l("Dokument – numer lub miejsce przechowywania"), validators=[Length(max=300)])
    version = HiddenField()  # as in PartnershipForm

    def validate_left_on(self, field):
        if field.data and self.joined_on.data and field.data < self.joined_on.data:
            raise ValidationError(_l("Data wystąpienia nie może być wcześniejsza niż data przystąpienia."))


class OfferForm(Form):
    service = StringField(_l("Usługa"), validators=[DataRequired(_l("Podaj nazwę usługi.")), Length(max=200)])
    category = SelectField(_l("Rodzaj wsparcia"), choices=[("", _l("wybierz"))] + list(OFFER_CATEGORIES.items()),
                           validators=[Optional()])
    description = TextAreaField(_l("Opis"), validators=[Length(max=4000)])
    target_group = StringField(_l("Dla kogo"), validators=[Length(max=300)])
    capacity = IntegerField(_l("Liczba miejsc"), validators=[
        Optional(), NumberRange(min=1, max=100_000, message=_l("Podaj liczbę miejsc od 1 do 100 000."))],
        description=_l("Ile osób może korzystać z usługi jednocześnie. Puste pole: bez limitu lub nieznana."))
    access_conditions = TextAreaField(_l("Warunki dostępu"), validators=[Length(max=2000)])
    unit_cost = AmountField(_l("Koszt dla gminy (zł)"), description=_l("Koszt jednej jednostki usługi, np. 45,00."))
    cost_unit = StringField(_l("Za jednostkę"), validators=[Length(max=60)],
                            description=_l("Np. godzina, miesiąc, osoba, pobyt."))
    valid_from = DateField(_l("Dostępna od"), validators=[Optional()])
    valid_until = DateField(_l("Dostępna do"), validators=[Optional()],
                            description=_l("Po tej dacie usługi nie można wybrać w nowym skierowaniu; "
                                           "w koszyku zostaje oznaczona jako nieaktualna."))
    contact = StringField(_l("Kontakt"), validators=[Length(max=300)])

    def validate_valid_until(self, field):
        if field.data and self.valid_from.data and field.data < self.valid_from.data:
            raise ValidationError(_l("Data końcowa nie może być wcześniejsza niż data początkowa."))

    def validate_cost_unit(self, field):
        if field.data and self.unit_cost.data is None:
            raise ValidationError(_l("Podaj też koszt albo zostaw jednostkę pustą."))

    def values(self):
        """What is stored of the offer (an unchosen category stored as none)."""
        return {name: (self[name].data or None) if name == "category" else self[name].data for name in OFFER_FIELDS}


#: what the basket's offer form edits (the coordinator's and the partner's alike)
OFFER_FIELDS = ("service", "category", "description", "target_group", "capacity", "access_conditions",
                "unit_cost", "cost_unit", "valid_from", "valid_until", "contact")


class MeetingForm(Form):
    meeting_type = SelectField(_l("Rodzaj spotkania"))
    held_on = DateField(_l("Data"), validators=[InputRequired(_l("Podaj datę spotkania."))])
    starts_at = TimeField(_l("Godzina rozpoczęcia"), validators=[Optional()],
                          description=_l("Puste pole: zaproszenie wpisze do kalendarza cały dzień."))
    place = StringField(_l("Miejsce"), validators=[Length(max=200)])
    mode = SelectField(_l("Forma"), choices=list(MEETING_MODES.items()))
    chair = StringField(_l("Prowadzący"), validators=[Length(max=120)])
    agenda = TextAreaField(_l("Porządek obrad"), validators=[Length(max=20000)],
                           description=_l("Jeden punkt w wierszu. Przy nowym spotkaniu wypełniony według szablonu modelu."))
    minutes = TextAreaField(_l("Protokół (Markdown)"), validators=[Length(max=100000)],
                            description=_l("Przebieg spotkania. Można używać **pogrubień**, list i nagłówków ###."))
    next_meeting_on = DateField(_l("Termin kolejnego spotkania"), validators=[Optional()])
    #: the version the user started editing; a different stored version means someone else saved
    version = HiddenField()

    def validate_next_meeting_on(self, field):
        if field.data and self.held_on.data and field.data <= self.held_on.data:
            raise ValidationError(_l("Kolejne spotkanie musi być po dacie tego spotkania."))


class DecisionForm(Form):
    text = TextAreaField(_l("Treść ustalenia"), validators=[DataRequired(_l("Wpisz treść ustalenia.")), Length(max=4000)])
    task_title = StringField(_l("Zadanie wynikające z ustalenia"), validators=[Length(max=300)],
                             description=_l("Zostaw puste, jeśli ustalenie nie tworzy zadania."))
    owner_institution_id = SelectField(_l("Instytucja odpowiedzialna"), coerce=int, validators=[Optional()])
    owner_person = StringField(_l("Osoba odpowiedzialna"), validators=[Length(max=120)])
    due_on = DateField(_l("Termin"), validators=[Optional()])

    def validate(self, extra_validators=None):
        valid = super().validate(extra_validators)
        if self.task_title.data and not self.owner_institution_id.data:
            self.owner_institution_id.errors.append(_l("Wskaż instytucję odpowiedzialną za zadanie."))
            return False
        return valid


class RemarksDeadlineForm(Form):
    """Sending the draft minutes to the members; ``meeting_day`` is set by the view."""

    remarks_due_on = DateField(_l("Uwagi przyjmowane do dnia"),
                               validators=[InputRequired(_l("Podaj termin zgłaszania uwag."))])
    version = HiddenField()  # as in MeetingForm: the draft sent is the one the user saw
    meeting_day = None

    def validate_remarks_due_on(self, field):
        if field.data and self.meeting_day and field.data < self.meeting_day:
            raise ValidationError(_l("Termin zgłaszania uwag nie może być wcześniejszy niż dzień spotkania."))


class RemarkForm(Form):
    institution_id = SelectField(_l("Instytucja zgłaszająca uwagę"), coerce=int, validators=[Optional()])
    author = StringField(_l("Kto zgłosił uwagę"), validators=[Length(max=120)],
                         description=_l("Imię i nazwisko, jak podano w piśmie lub wiadomości. "
                                        "Puste pole: uwagę zapisuje się jako Twoją."))
    text = TextAreaField(_l("Treść uwagi"), validators=[DataRequired(_l("Wpisz treść uwagi.")), Length(max=4000)])
