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
