"""The base form every form of the app derives from."""
from flask_wtf import FlaskForm
from wtforms import StringField

from kooperacje.text import clean_input


class Form(FlaskForm):
    class Meta:
        def bind_field(self, form, unbound_field, options):
            # Typed text is NFC-normalised and stripped of control characters on the way in,
            # so nothing downstream (DOCX, PostgreSQL, logs) has to cope with them.
            if issubclass(unbound_field.field_class, StringField):
                options["filters"] = (clean_input, *unbound_field.kwargs.get("filters", ()))
            return unbound_field.bind(form=form, **options)


def _field_for(spec):
    from wtforms import BooleanField, DateField, IntegerField, SelectField, StringField, TextAreaField
    from wtforms.validators import DataRequired, Length, NumberRange, Optional

    presence = [DataRequired()] if spec.required and spec.kind != "checkbox" else [Optional()]
    options = {"label": spec.label, "description": spec.help}
    if spec.kind == "textarea":
        return TextAreaField(validators=[*presence, Length(max=spec.max_length)], **options)
    if spec.kind == "date":
        return DateField(validators=presence, **options)
    if spec.kind == "integer":
        return IntegerField(validators=[*presence, NumberRange(min=0, max=1_000_000)], **options)
    if spec.kind == "checkbox":
        return BooleanField(**options)
    if spec.kind == "select":
        return SelectField(choices=[("", "—"), *spec.choices], validators=presence, **options)
    return StringField(validators=[*presence, Length(max=spec.max_length)], **options)


MODEL_FIELD_PREFIX = "model_"


def with_model_fields(form_class, specs):
    """A subclass of ``form_class`` with a plugin's extra fields, named ``model_<name>``."""
    attrs = {MODEL_FIELD_PREFIX + spec.name: _field_for(spec) for spec in specs}
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
