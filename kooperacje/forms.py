"""The base form every form of the app derives from."""
from flask_wtf import FlaskForm
from markupsafe import Markup, escape
from wtforms import DateField
from wtforms import Form as PlainForm
from wtforms import HiddenField, StringField

from kooperacje.fields import plausible_date
from kooperacje.i18n import WTFORMS_MESSAGES, gettext, ngettext
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
        # Plain WTForms forms (the rows) would otherwise answer in English.
        return WTFORMS_MESSAGES


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


# --- rendering ------------------------------------------------------------------------------
# One field as every form shows it (the templates' ``field`` from _forms.html): a visible label,
# the hint and the error tied to the control by aria-describedby, the length limit stated. In
# Python rather than a Jinja macro: a macro call cost more than the control it wraps, and a form
# page renders dozens of fields.

_CHOICE_LISTS = ("RadioField", "MultiCheckboxField")


def field_markup(f, hint=None):
    note = hint or f.description
    described = [f"{f.id}-hint"] if note else []
    if f.errors:
        described.append(f"{f.id}-error")
    notes = _notes(f, note)
    if f.type in _CHOICE_LISTS:
        body = _choice_list(f, described, notes)
    elif f.type == "BooleanField":
        control = f(**{"aria-describedby": " ".join(described)}) if described else f()
        body = f'<div class="radio">{control} {f.label()}</div>{notes}'
    else:
        body = _text_control(f, described, notes)
    # Every text in ``body`` went through escape() here; the controls and labels are WTForms' own markup.
    return Markup(f'<div class="field{" field--error" if f.errors else ""}">{body}</div>')  # nosec B704  # nosemgrep


def _notes(f, note):
    html = f'<p class="hint" id="{escape(f.id)}-hint">{escape(note)}</p>' if note else ""
    if f.errors:
        html += f'<p class="field-error" id="{escape(f.id)}-error">{escape(" ").join(f.errors)}</p>'
    return html


def _choice_list(f, described, notes):
    describedby = f' aria-describedby="{escape(" ".join(described))}"' if described else ""
    options = "".join(f'<div class="radio">{option()} {option.label()}</div>' for option in f)
    if not options:
        empty = gettext("Brak pozycji do wyboru.")  # outside the f-string, where extraction finds it
        options = f'<p class="empty">{escape(empty)}</p>'
    return f"<fieldset{describedby}><legend>{escape(f.label.text)}</legend>{notes}{options}</fieldset>"


def _text_control(f, described, notes):
    # The limit is stated even without JavaScript; app.js turns the line into a live count. Not
    # under passwords: nobody pastes one long enough to be cut, and the count would be noise.
    limit = f.flags.maxlength if f.type != "PasswordField" else None
    if limit:
        described = [*described, f"{f.id}-limit"]
    attrs = {"aria-describedby": " ".join(described)} if described else {}
    if f.errors:
        attrs["aria-invalid"] = "true"
    if f.flags.required:
        attrs["required"] = True
    html = f"{f.label()}{notes}{f(**attrs)}"
    if limit:
        count = ngettext("Najwyżej %(num)d znak.", "Najwyżej %(num)d znaków.", limit)
        html += f'<p class="hint char-count" id="{escape(f.id)}-limit">{escape(count)}</p>'
    return html
