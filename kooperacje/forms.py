"""The base form every form of the app derives from."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.i18n import translations as wtforms_translations
from wtforms import DateField
from wtforms import Form as PlainForm
from wtforms import HiddenField
from wtforms import IntegerField as PlainIntegerField
from wtforms import SelectMultipleField, StringField
from wtforms.widgets import CheckboxInput, ListWidget

from kooperacje.fields import plausible_date
from kooperacje.text import clean_input


def _bind_cleaned(meta, form, unbound_field, options):
    # Typed text is NFC-normalised and stripped of control characters on the way in,
    # so nothing downstream (DOCX, PostgreSQL, logs) has to cope with them.
    if issubclass(unbound_field.field_class, StringField):
        options["filters"] = (clean_input, *unbound_field.kwargs.get("filters", ()))
    field = unbound_field.bind(form=form, **options)
    if isinstance(field, DateField):  # every date of every form, core and plugins, has a range
        field.validators = [*field.validators, plausible_date]
    return field


class _Meta:
    bind_field = _bind_cleaned

    def get_translations(self, form):
        # WTForms' own messages ("Field cannot be longer than…") in the interface language:
        # Flask-WTF's catalogue follows Flask-Babel's locale. Plain WTForms forms (the rows)
        # would otherwise answer in English.
        return wtforms_translations


class Form(FlaskForm):
    class Meta(_Meta):
        pass


class RowForm(PlainForm):
    """One row of a ``FieldList`` (a goal, an action): cleaned and translated like any form,
    no CSRF of its own."""

    class Meta(_Meta):
        pass


class IntegerField(PlainIntegerField):
    """A whole number as typed: more digits than any count or year here is not a number
    (a 309-digit one would otherwise break the range check: no float holds it)."""

    MAX_DIGITS = 15

    def process_formdata(self, valuelist):
        if valuelist and len(str(valuelist[0]).strip()) > self.MAX_DIGITS:
            self.data = None
            raise ValueError(self.gettext("Not a valid integer value."))
        super().process_formdata(valuelist)


class MultiCheckboxField(SelectMultipleField):
    """Several choices as a list of checkboxes (rendered in a fieldset by ``_forms.field``)."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


#: casework kinds whose choices the core fills in when the form is built (ids of rows)
ROW_CHOICE_KINDS = ("institutions", "services")


def field_for(spec, enforce_required=True):
    """The WTForms field for a plugin's FieldSpec. Casework drafts pass ``enforce_required=False``:
    required answers are checked when the record is signed, not on every save."""
    from wtforms import BooleanField, DateField, SelectField, StringField, TextAreaField
    from wtforms.validators import DataRequired, Length, NumberRange, Optional

    required = spec.required and enforce_required and spec.kind != "checkbox"
    presence = [DataRequired(_l("To pole jest wymagane."))] if required else [Optional()]
    options = {"label": spec.label, "description": spec.help}
    if spec.kind == "textarea":
        return TextAreaField(validators=[*presence, Length(max=spec.max_length)], **options)
    if spec.kind == "date":
        return DateField(validators=presence, **options)
    if spec.kind == "integer":
        message = _l("Podaj liczbę całkowitą od 0 do %(max)s.", max=spec.max_value)
        return IntegerField(validators=[*presence, NumberRange(min=0, max=spec.max_value, message=message)], **options)
    if spec.kind in ROW_CHOICE_KINDS:
        return MultiCheckboxField(coerce=int, choices=[], validators=presence, **options)
    if spec.kind == "checkbox":
        return BooleanField(**options)
    if spec.kind == "select":
        return SelectField(choices=[("", "—"), *spec.choices], validators=presence, **options)
    return StringField(validators=[*presence, Length(max=spec.max_length)], **options)


MODEL_FIELD_PREFIX = "model_"


def with_model_fields(form_class, specs):
    """A subclass of ``form_class`` with a plugin's extra fields, named ``model_<name>``."""
    attrs = {MODEL_FIELD_PREFIX + spec.name: field_for(spec) for spec in specs}
    return type(form_class.__name__, (form_class,), attrs)


def model_field_values(form, specs):
    """The extra fields' answers as JSON-ready values (dates as ISO strings)."""
    values = {}
    for spec in specs:
        value = form[MODEL_FIELD_PREFIX + spec.name].data
        values[spec.name] = value.isoformat() if hasattr(value, "isoformat") else value
    return values


def fill_model_fields(form, specs, stored):
    """Put stored JSON answers back into the extra fields (for editing)."""
    from datetime import date

    for spec in specs:
        value = (stored or {}).get(spec.name)
        if spec.kind == "date" and value:
            value = date.fromisoformat(value)
        form[MODEL_FIELD_PREFIX + spec.name].data = value


class VersionForm(Form):
    """A confirmation (sign, start, close) that must act on the version the user saw."""

    version = HiddenField()
