"""The base form every form of the app derives from."""
from flask_wtf import FlaskForm
from flask_wtf.i18n import translations as wtforms_translations
from wtforms import DateField
from wtforms import Form as PlainForm
from wtforms import HiddenField, StringField

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


class VersionForm(Form):
    """A confirmation (sign, start, close) that must act on the version the user saw."""

    version = HiddenField()
