import re
from datetime import date

from flask_babel import lazy_gettext as _l
from wtforms import (BooleanField, DateField, FieldList, FormField, HiddenField, RadioField, SelectField,
                     SelectMultipleField, StringField, TextAreaField)
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional, ValidationError
from wtforms.widgets import CheckboxInput, HiddenInput, ListWidget

from kooperacje.casework.pesel import facts_from_pesel, pesel_problems
from kooperacje.casework.vocabulary import (ACTION_PARTIES, CLIENT_KINDS, CONTRACT_ENDINGS, CONTRACT_VARIANTS,
                                            GOAL_OUTCOMES, LABOUR_MARKET_SITUATIONS, REASONS_FOR_ASSISTANCE,
                                            RELATIONSHIPS, SEXES)
from kooperacje.fields import NameField
from kooperacje.forms import ROW_CHOICE_KINDS, Form, IntegerField, MultiCheckboxField, RowForm, field_for
from kooperacje.ids import MAX_ID
from kooperacje.clock import local_today

POSTAL_CODE = re.compile(r"^\d{2}-\d{3}$")


class PersonForm(Form):
    first_name = NameField(_l("Imię"), validators=[DataRequired(_l("Podaj imię.")), Length(max=80)],
                           render_kw={"autocomplete": "off"})
    last_name = NameField(_l("Nazwisko"), validators=[DataRequired(_l("Podaj nazwisko.")), Length(max=100)],
                          render_kw={"autocomplete": "off"})
    pesel = StringField(_l("PESEL"), validators=[Optional(), Length(max=11)], render_kw={
        "inputmode": "numeric", "autocomplete": "off"},
        description=_l("Zostaw puste, jeśli osoba nie ma numeru PESEL."))
    birth_date = DateField(_l("Data urodzenia"), validators=[Optional()],
                           description=_l("Przy podanym numerze PESEL można zostawić puste."))
    sex = RadioField(_l("Płeć"), choices=list(SEXES.items()), validators=[Optional()])
    relation = SelectField(_l("Pokrewieństwo względem wnioskodawcy"), choices=list(RELATIONSHIPS.items()))
    #: shown only when the PESEL is already in a case: the worker confirms it is meant
    confirm_duplicate = BooleanField(_l("To nie pomyłka: zapisz tę osobę mimo istniejącej sprawy"))

    def validate_birth_date(self, field):
        if field.data and field.data > local_today():
            raise ValidationError(_l("Data urodzenia nie może być późniejsza niż dzisiejsza."))

    def validate_pesel(self, field):
        if not field.data:
            return
        field.data = field.data.strip()
        problems = pesel_problems(field.data, self.birth_date.data, self.sex.data or None)
        if problems:
            raise ValidationError(" ".join(problems))
        birth_date, sex = facts_from_pesel(field.data)
        self.birth_date.data = self.birth_date.data or birth_date
        self.sex.data = self.sex.data or sex


class ClientForm(PersonForm):
    relation = None  # the registered person is the applicant
    kind = RadioField(_l("Kogo dotyczy sprawa"), choices=list(CLIENT_KINDS.items()), default="person",
                      validators=[DataRequired(_l("Wybierz: osoba czy rodzina."))])
    street = StringField(_l("Ulica i numer"), validators=[Length(max=160)], render_kw={"autocomplete": "off"})
    postal_code = StringField(_l("Kod pocztowy"), validators=[Optional(), Length(max=6)],
                              description=_l("W formacie 00-000."))
    town = StringField(_l("Miejscowość"), validators=[Length(max=100)])
    phone = StringField(_l("Telefon"), validators=[Length(max=40)], render_kw={"autocomplete": "off"})
    reasons = SelectMultipleField(_l("Powody udzielenia pomocy (art. 7 ustawy o pomocy społecznej)"),
                                  choices=list(REASONS_FOR_ASSISTANCE.items()),
                                  widget=ListWidget(prefix_label=False), option_widget=CheckboxInput())

    def validate_postal_code(self, field):
        if field.data and not POSTAL_CODE.match(field.data.strip()):
            raise ValidationError(_l("Kod pocztowy ma postać 00-000."))


class ClientSearchForm(Form):
    query = StringField(_l("Imię i nazwisko, ich początek lub PESEL"),
                        validators=[DataRequired(_l("Wpisz nazwisko, imię i nazwisko lub PESEL.")), Length(max=100)],
                        description=_l("Znajduje też część nazwiska dwuczłonowego i osoby z gospodarstwa domowego. "
                                       "Polskie znaki można pominąć."),
                        render_kw={"autocomplete": "off"})
    #: the last case of the previous page of results (posted, like the query)
    after = IntegerField(widget=HiddenInput(), validators=[Optional(), NumberRange(min=1, max=MAX_ID)])


# --- answers to plugin sections (diagnosis, contract plan) ---------------------------------

def answer_field(section, spec):
    """The form field name of one answer: section and field key, both permanent."""
    return f"{section.key}__{spec.name}"


def field_anchor(section, spec):
    """The id a link to an answer's control points at: a list of checkboxes has its first box."""
    name = answer_field(section, spec)
    return f"{name}-0" if spec.kind in ROW_CHOICE_KINDS else name


def with_sections(form_class, sections):
    """A subclass of ``form_class`` with a field for every answer of ``sections``. Required
    answers are not enforced here: drafts may be incomplete (see :func:`missing_answers`)."""
    attrs = {answer_field(section, spec): field_for(spec, enforce_required=False)
             for section in sections for spec in section.fields}
    return type(form_class.__name__, (form_class,), attrs)


def set_row_choices(form, sections, choices):
    """Fill the institution and service lists: ``choices`` maps the kind to (id, label) pairs."""
    for section in sections:
        for spec in section.fields:
            if spec.kind in ROW_CHOICE_KINDS:
                form[answer_field(section, spec)].choices = choices.get(spec.kind, [])


def fill_answers(form, sections, answers):
    for section in sections:
        stored = (answers or {}).get(section.key, {})
        for spec in section.fields:
            value = stored.get(spec.name)
            if spec.kind == "date" and value:
                value = date.fromisoformat(value)
            form[answer_field(section, spec)].data = value


def read_answers(form, sections):
    """The answers as JSON: {section: {field: value}}, dates as ISO strings, empty ones left out."""
    answers = {}
    for section in sections:
        values = {}
        for spec in section.fields:
            value = form[answer_field(section, spec)].data
            if hasattr(value, "isoformat"):
                value = value.isoformat()
            if value not in (None, "", [], False):
                values[spec.name] = value
        if values:
            answers[section.key] = values
    return answers


def unanswered(sections, answers):
    """(section, field) of every required answer still empty, in the order of the form."""
    return [(section, spec) for section in sections for spec in section.fields
            if spec.required and spec.kind != "checkbox" and not (answers or {}).get(section.key, {}).get(spec.name)]


def missing_answers(form, sections, answers):
    """Mark every required answer still empty; True when something is missing."""
    missing = unanswered(sections, answers)
    for section, spec in missing:
        form[answer_field(section, spec)].errors = [_l("Uzupełnij przed zatwierdzeniem.")]
    return bool(missing)


class DiagnosisForm(Form):
    #: the version the user started editing; a different stored version means someone else saved
    version = HiddenField()


class VersionForm(Form):
    """A confirmation (sign, start, close) that must act on the version the user saw."""

    version = HiddenField()


# --- the social contract ----------------------------------------------------------------------

class GoalForm(RowForm):
    id = HiddenField()
    text = TextAreaField(_l("Cel szczegółowy"), validators=[Length(max=2000)])
    remove = BooleanField(_l("Usuń ten cel"))


class ActionForm(RowForm):
    id = HiddenField()
    party = SelectField(_l("Kto"), choices=list(ACTION_PARTIES.items()))
    # The choice is checked in validate() with a message of our own (WTForms' would echo the value).
    institution_id = SelectField(_l("Instytucja partnerska"), coerce=int, choices=[], validate_choice=False,
                                 validators=[Optional()])
    description = TextAreaField(_l("Działanie"), validators=[Length(max=2000)])
    method = TextAreaField(_l("Sposób realizacji"), validators=[Length(max=2000)])
    due_on = DateField(_l("Termin"), validators=[Optional()])
    remove = BooleanField(_l("Usuń to działanie"))

    def is_empty(self):
        return not (self.description.data or "").strip() and not (self.method.data or "").strip() and not self.due_on.data

    def validate(self, extra_validators=None):
        valid = super().validate(extra_validators)
        if self.remove.data or self.is_empty():
            return valid
        if not (self.description.data or "").strip():
            self.description.errors.append(_l("Opisz działanie albo zaznacz „Usuń”."))
            valid = False
        if self.party.data == "partner" and not self.institution_id.data:
            self.institution_id.errors.append(_l("Wskaż instytucję, która wykona działanie."))
            valid = False
        elif self.party.data == "partner" and not self._offered(self.institution_id):
            # another municipality's or no institution's id: the same answer, whichever it is
            self.institution_id.errors.append(_l("Wybierz instytucję z listy partnerów PZK."))
            valid = False
        return valid

    @staticmethod
    def _offered(field):
        return field.data in {value for value, _label in field.choices if value}


class ContractForm(Form):
    variant = RadioField(_l("Wariant kontraktu"), choices=list(CONTRACT_VARIANTS.items()), default="A",
                         validators=[InputRequired(_l("Wybierz wariant kontraktu."))])
    worker_phone = StringField(_l("Telefon kontaktowy pracownika socjalnego"), validators=[Length(max=40)])
    covered_member_ids = MultiCheckboxField(_l("Członkowie rodziny objęci kontraktem"), coerce=int, choices=[])
    causes = TextAreaField(_l("Przyczyny trudnej sytuacji życiowej i z czego wynikają"), validators=[Length(max=8000)])
    resources = TextAreaField(_l("Możliwości i zasoby osoby lub rodziny (mocne strony)"), validators=[Length(max=8000)])
    limitations = TextAreaField(_l("Ograniczenia i bariery"), validators=[Length(max=8000)])
    labour_situations = MultiCheckboxField(_l("Sytuacja na rynku pracy (wariant B)"),
                                           choices=list(LABOUR_MARKET_SITUATIONS.items()))
    inactivity_causes = TextAreaField(_l("Przyczyny pozostawania bez pracy i niepowodzeń wcześniejszej aktywizacji "
                                         "(wariant B)"), validators=[Length(max=8000)])
    main_goal = TextAreaField(_l("Cel główny"), validators=[Length(max=2000)])
    goals = FieldList(FormField(GoalForm), min_entries=0)
    actions = FieldList(FormField(ActionForm), min_entries=0)
    period_from = DateField(_l("Kontrakt obowiązuje od"), validators=[Optional()])
    period_to = DateField(_l("Kontrakt obowiązuje do"), validators=[Optional()])
    next_review_on = DateField(_l("Najbliższy przegląd realizacji"), validators=[Optional()])
    version = HiddenField()
    #: shown only when a date looks like a slip (contracts.implausibilities): the worker confirms
    confirm_implausible = BooleanField(_l("Rozumiem, zapisz mimo to"))

    def validate_period_to(self, field):
        if field.data and self.period_from.data and field.data < self.period_from.data:
            raise ValidationError(_l("Koniec okresu nie może być wcześniejszy niż jego początek."))


class SignContractForm(VersionForm):
    concluded_on = DateField(_l("Data zawarcia kontraktu"), validators=[InputRequired(_l("Podaj datę zawarcia."))])


class AmendmentForm(Form):
    made_on = DateField(_l("Data zmiany"), validators=[InputRequired(_l("Podaj datę zmiany."))])
    text = TextAreaField(_l("Treść zmiany"), validators=[DataRequired(_l("Opisz zmianę.")), Length(max=4000)])
    period_to = DateField(_l("Nowy termin zakończenia kontraktu"), validators=[Optional()],
                          description=_l("Wypełnij tylko, gdy zmiana przedłuża lub skraca kontrakt."))
    confirm_implausible = BooleanField(_l("Rozumiem, zapisz mimo to"))


class GoalOutcomeForm(RowForm):
    id = HiddenField()
    outcome = SelectField(_l("Ocena realizacji celu"), choices=[("", "—"), *GOAL_OUTCOMES.items()],
                          validators=[Optional()])
    outcome_reason = TextAreaField(_l("Uzasadnienie, przyczyny nieosiągnięcia"), validators=[Length(max=4000)])


class EvaluationForm(Form):
    goals = FieldList(FormField(GoalOutcomeForm), min_entries=0)
    ending = SelectField(_l("Zakończenie kontraktu"), choices=[("", "—"), *CONTRACT_ENDINGS.items()],
                         validators=[Optional()])
    ended_on = DateField(_l("Data zakończenia"), validators=[Optional()])
    ending_reason = TextAreaField(_l("Uzasadnienie rozwiązania"), validators=[Length(max=4000)])
    summary = TextAreaField(_l("Ocena końcowa i wnioski"), validators=[Length(max=8000)])
    version = HiddenField()
