"""A model's form sections as fields of a form: build them, fill them from stored answers,
read them back, and tell what is still missing."""
from datetime import date

from flask_babel import lazy_gettext as _l

from kooperacje.forms import ROW_CHOICE_KINDS, field_for


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
