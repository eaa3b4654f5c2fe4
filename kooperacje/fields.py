"""Field types shared by the forms of several parts of the app, and the registry of the kinds a
plugin's ``FieldSpec`` may ask for: one class per kind knows its form field, how its answer is
stored as JSON and read back, and how it reads on pages and in documents. A new kind is one
class passed to :func:`register_kind`."""
import unicodedata
from datetime import date
from decimal import Decimal, InvalidOperation

from wtforms import BooleanField, DateField
from wtforms import IntegerField as PlainIntegerField
from wtforms import SelectField, SelectMultipleField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, NumberRange, Optional, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from kooperacje.i18n import gettext as _
from kooperacje.i18n import lazy_gettext as _l
from kooperacje.text import single_line

#: besides letters (with their accents) and spaces, what names are written with:
#: "Żurawska-Łęcka", "O'Neill", "D’Angelo", "Jan Maria St. Kowalski"
NAME_PUNCTUATION = frozenset("-‐'’.")


def _is_name_character(char):
    return char == " " or char in NAME_PUNCTUATION or unicodedata.category(char)[0] in "LM"


class NameField(StringField):
    """A person's name: on one line with single spaces (typed text is already NFC and free of
    control and bidirectional characters, see ``kooperacje.forms``), and only characters a name
    is written with, so it reads the same on every page and in every document."""

    def __init__(self, label=None, validators=None, filters=(), **kwargs):
        super().__init__(label, validators, filters=(*filters, single_line), **kwargs)

    def pre_validate(self, form):
        if self.data and not all(_is_name_character(char) for char in self.data):
            raise ValidationError(_l("Wpisz same litery; dozwolone są też spacja, łącznik (-), apostrof i kropka."))


#: the dates a record of this app can mean: a birth, a contract, a meeting
EARLIEST_DATE, LATEST_DATE = date(1900, 1, 1), date(2100, 12, 31)


def is_plausible(day):
    return EARLIEST_DATE <= day <= LATEST_DATE


def plausible_date(form, field):
    """Every date field's range (added to each by ``kooperacje.forms``): a mistyped year such as
    9999 would otherwise be stored and break every page that computes with it."""
    if field.data and not is_plausible(field.data):
        raise ValidationError(_l("Podaj datę z lat 1900–2100."))


class IntegerField(PlainIntegerField):
    """A whole number as typed: more digits than any count or year here is not a number
    (a 309-digit one would otherwise break the range check: no float holds it)."""

    MAX_DIGITS = 15

    def process_formdata(self, valuelist):
        if valuelist and len(str(valuelist[0]).strip()) > self.MAX_DIGITS:
            self.data = None
            raise ValueError(self.gettext("Not a valid integer value."))
        super().process_formdata(valuelist)




class AmountField(StringField):
    """An amount in złoty as people type it ("1 250,50", "1250.5"), kept as a Decimal with two
    places; anything else is refused in the user's language."""

    MAX = Decimal("9999999.99")

    def refusal(self):
        return _("Podaj kwotę w złotych od 0 do 9 999 999,99, np. 120,50.")

    def process_formdata(self, valuelist):
        self.data = None
        typed = (valuelist[0] if valuelist else "").strip()
        if not typed:
            return
        normalised = typed.replace("\u00a0", "").replace(" ", "").replace(",", ".")
        try:
            amount = Decimal(normalised)
        except InvalidOperation:
            amount = None
        if amount is None or not amount.is_finite() or not 0 <= amount <= self.MAX or len(normalised) > 13:
            raise ValueError(self.refusal())
        self.data = amount.quantize(Decimal("0.01"))

    def _value(self):
        if self.raw_data:
            return self.raw_data[0]
        return f"{self.data:.2f}".replace(".", ",") if self.data is not None else ""


class QuantityField(AmountField):
    """A quantity as typed, whole or with a decimal comma ("3", "1,5"), up to 99 999,99."""

    MAX = Decimal("99999.99")

    def refusal(self):
        return _("Podaj ilość od 0 do 99 999,99, np. 2 lub 1,5.")

    def _value(self):
        if self.raw_data:
            return self.raw_data[0]
        return format(self.data.normalize(), "f").replace(".", ",") if self.data is not None else ""


class MultiCheckboxField(SelectMultipleField):
    """Several choices as a list of checkboxes (rendered in a fieldset by ``_forms.field``)."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


# --- the kinds of a FieldSpec -----------------------------------------------------------------

class FieldKind:
    """A plain line of text; the other kinds change what differs."""

    key = "text"
    #: its choices are rows the core fills in (the PZK's institutions, the basket's services);
    #: such kinds belong to casework forms only
    row_choices = False
    #: a box can be left unticked, so it is never "required"
    can_be_required = True
    #: what a link to the field's control appends to its name (a list of boxes: its first box)
    anchor_suffix = ""
    #: a long text: documents print it under its label, not after it
    multiline = False

    def form_field(self, spec, presence, options):
        return StringField(validators=[*presence, Length(max=spec.max_length)], **options)

    def store(self, data):
        """The form's data as JSON."""
        return data

    def load(self, stored):
        """A stored answer as the form's data."""
        return stored

    def text(self, spec, value, names):
        """How an answer reads on a page or in a document; ``names`` maps row kinds to names."""
        return str(value)

    def problem(self, spec):
        """What makes ``spec`` unusable with this kind (the plugin contract check), or None."""
        return None

    def sample(self, spec, today, text):
        """A stored answer for demo data: ``text`` where words fit."""
        return text


class TextareaKind(FieldKind):
    key = "textarea"
    multiline = True

    def form_field(self, spec, presence, options):
        return TextAreaField(validators=[*presence, Length(max=spec.max_length)], **options)


class DateKind(FieldKind):
    key = "date"

    def form_field(self, spec, presence, options):
        return DateField(validators=presence, **options)

    def store(self, data):
        return data.isoformat() if data else data

    def load(self, stored):
        try:
            return date.fromisoformat(stored) if stored else None
        except (TypeError, ValueError):
            return None

    def text(self, spec, value, names):
        from kooperacje.clock import day

        loaded = self.load(value)
        return day(loaded) if loaded else str(value)

    def sample(self, spec, today, text):
        return self.store(today)


class IntegerKind(FieldKind):
    key = "integer"

    def form_field(self, spec, presence, options):
        message = _l("Podaj liczbę całkowitą od 0 do %(max)s.", max=spec.max_value)
        return IntegerField(validators=[*presence, NumberRange(min=0, max=spec.max_value, message=message)], **options)

    def sample(self, spec, today, text):
        return 1


class CheckboxKind(FieldKind):
    key = "checkbox"
    can_be_required = False

    def form_field(self, spec, presence, options):
        return BooleanField(**options)

    def text(self, spec, value, names):
        return _("tak") if value else _("nie")

    def sample(self, spec, today, text):
        return True


class SelectKind(FieldKind):
    key = "select"

    def form_field(self, spec, presence, options):
        return SelectField(choices=[("", "—"), *spec.choices], validators=presence, **options)

    def text(self, spec, value, names):
        return str(dict(spec.choices).get(value, value))

    def problem(self, spec):
        return None if spec.choices else "a select field needs choices"

    def sample(self, spec, today, text):
        return spec.choices[0][0]


class ChoicesKind(FieldKind):
    """Several of the spec's choices, ticked in a list of boxes; stored as their keys."""

    key = "choices"
    anchor_suffix = "-0"

    def form_field(self, spec, presence, options):
        return MultiCheckboxField(choices=list(spec.choices), validators=presence, **options)

    def store(self, data):
        return list(data or [])

    def load(self, stored):
        return list(stored or [])

    def text(self, spec, value, names):
        labels = dict(spec.choices)
        return ", ".join(str(labels.get(item, item)) for item in value)

    def problem(self, spec):
        return None if spec.choices else "a choices field needs choices"

    def sample(self, spec, today, text):
        return [spec.choices[0][0]]


class RowsKind(FieldKind):
    """Several rows of the municipality, stored as their ids."""

    row_choices = True
    anchor_suffix = "-0"

    def __init__(self, key):
        self.key = key

    def form_field(self, spec, presence, options):
        return MultiCheckboxField(coerce=int, choices=[], validators=presence, **options)

    def text(self, spec, value, names):
        known = names.get(self.key, {})
        return ", ".join(str(known.get(item) or known.get(_as_id(item)) or f"#{item}") for item in value)

    def sample(self, spec, today, text):
        return []  # which rows exist is the municipality's: demo data names none


def _as_id(item):
    return int(item) if str(item).isdigit() else item


#: every kind by its key; FieldSpec.kind names one of them
KINDS = {}


def register_kind(kind):
    KINDS[kind.key] = kind
    return kind


for _kind in (FieldKind(), TextareaKind(), DateKind(), IntegerKind(), CheckboxKind(), SelectKind(), ChoicesKind(),
              RowsKind("institutions"), RowsKind("services")):
    register_kind(_kind)


def kind_of(spec):
    return KINDS[spec.kind]


def partnership_kinds():
    """The kinds of the PZK's set-up and meeting fields: no rows to choose from there."""
    return tuple(key for key, kind in KINDS.items() if not kind.row_choices)


def form_field(spec, enforce_required=True):
    """The WTForms field of a spec. Casework drafts pass ``enforce_required=False``: required
    answers are checked when the record is signed, not on every save."""
    kind = kind_of(spec)
    required = spec.required and enforce_required and kind.can_be_required
    presence = [DataRequired(_l("To pole jest wymagane."))] if required else [Optional()]
    return kind.form_field(spec, presence, {"label": spec.label, "description": spec.help})


def is_answered(value):
    return value not in (None, "", [], (), False)


def answer_text(spec, value, names=None):
    """An answer as text for pages and documents; empty when it was left unanswered."""
    return kind_of(spec).text(spec, value, names or {}) if is_answered(value) else ""
