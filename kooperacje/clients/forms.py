"""The forms of a case: the client, a household member, the search."""
import re

from wtforms import (BooleanField, DateField, HiddenField, RadioField, SelectField, SelectMultipleField, StringField,
                     TextAreaField)
from wtforms.validators import DataRequired, Length, NumberRange, Optional, ValidationError
from wtforms.widgets import CheckboxInput, HiddenInput, ListWidget

from kooperacje.clients.pesel import facts_from_pesel, pesel_problems
from kooperacje.clients.vocabulary import CLIENT_KINDS, CLOSING_REASONS, REASONS_FOR_ASSISTANCE, RELATIONSHIPS, SEXES
from kooperacje.clock import local_today
from kooperacje.fields import IntegerField, NameField
from kooperacje.forms import Form, VersionForm
from kooperacje.i18n import lazy_gettext as _l
from kooperacje.ids import MAX_ID

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


def not_in_future(_form, field):
    if field.data and field.data > local_today():
        raise ValidationError(_l("Data nie może być późniejsza niż dzisiejsza."))


class MemberForm(PersonForm):
    """A household member joining the household (or their data corrected)."""

    joined_on = DateField(_l("W gospodarstwie domowym od"), validators=[Optional(), not_in_future],
                          description=_l("Zostaw puste, jeśli osoba mieszka w gospodarstwie od początku sprawy."))


class MemberEditForm(MemberForm):
    #: the case's version the worker opened: the household is edited as part of the case
    version = HiddenField()


class MemberLeftForm(VersionForm):
    left_on = DateField(_l("Data odejścia z gospodarstwa domowego"),
                        validators=[DataRequired(_l("Podaj datę odejścia w postaci dd.mm.rrrr.")), not_in_future])


class ClientForm(PersonForm):
    relation = None  # the registered person is the applicant
    confirm_duplicate = None  # one person, one case: a second case is refused, the first linked
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


class ClientEditForm(ClientForm):
    """The case's data and its applicant's, saved from the version the worker opened."""

    version = HiddenField()


class CloseCaseForm(VersionForm):
    closed_on = DateField(_l("Data zamknięcia sprawy"),
                          validators=[DataRequired(_l("Podaj datę zamknięcia w postaci dd.mm.rrrr.")), not_in_future])
    reason = RadioField(_l("Powód zamknięcia sprawy"), choices=list(CLOSING_REASONS.items()),
                        validators=[DataRequired(_l("Wybierz powód zamknięcia sprawy."))])
    text = TextAreaField(_l("Opis powodu"), validators=[Length(max=1000)],
                         description=_l("Wymagany przy powodzie „inny powód”. Bez danych szczególnych kategorii, "
                                        "jeśli nie są potrzebne."))

    def validate_text(self, field):
        if self.reason.data == "other" and not (field.data or "").strip():
            raise ValidationError(_l("Opisz powód zamknięcia sprawy."))


class ReopenCaseForm(VersionForm):
    reopened_on = DateField(_l("Data ponownego otwarcia"),
                            validators=[DataRequired(_l("Podaj datę w postaci dd.mm.rrrr.")), not_in_future])
    text = TextAreaField(_l("Dlaczego sprawa jest ponownie otwierana"),
                         validators=[DataRequired(_l("Napisz, dlaczego sprawa jest ponownie otwierana.")),
                                     Length(max=1000)])


class ReassignForm(VersionForm):
    worker_id = SelectField(_l("Nowy pracownik socjalny prowadzący sprawę"), coerce=int,
                            validators=[DataRequired(_l("Wybierz pracownika socjalnego."))])


class ClientSearchForm(Form):
    query = StringField(_l("Imię i nazwisko, ich początek lub PESEL"),
                        validators=[DataRequired(_l("Wpisz nazwisko, imię i nazwisko lub PESEL.")), Length(max=100)],
                        description=_l("Znajduje też część nazwiska dwuczłonowego i osoby z gospodarstwa domowego. "
                                       "Polskie znaki można pominąć."),
                        render_kw={"autocomplete": "off"})
    #: the last case of the previous page of results (posted, like the query)
    after = IntegerField(widget=HiddenInput(), validators=[Optional(), NumberRange(min=1, max=MAX_ID)])


# --- answers to plugin sections (diagnosis, contract plan) ---------------------------------
