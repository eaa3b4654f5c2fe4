"""A plugin's fields as fields of a form, and back: the answers of a model's sections (the
diagnosis, the contract's plan; stored as {section: {field: value}}) and a model's own
partnership set-up and meeting fields (stored flat as {field: value}). What each kind does is
in :mod:`kooperacje.fields`."""
from kooperacje.fields import answer_text, form_field, is_answered, kind_of
from kooperacje.i18n import lazy_gettext as _l

# --- the sections of a casework form ------------------------------------------------------------


def answer_field(section, spec):
    """The form field name of one answer: section and field key, both permanent."""
    return f"{section.key}__{spec.name}"


def field_anchor(section, spec):
    """The id a link to an answer's control points at."""
    return answer_field(section, spec) + kind_of(spec).anchor_suffix


def with_sections(form_class, sections):
    """A subclass of ``form_class`` with a field for every answer of ``sections``. Required
    answers are not enforced here: drafts may be incomplete (see :func:`missing_answers`)."""
    attrs = {answer_field(section, spec): form_field(spec, enforce_required=False)
             for section in sections for spec in section.fields}
    return type(form_class.__name__, (form_class,), attrs)


def set_row_choices(form, sections, choices):
    """Fill the lists of rows (institutions, services): ``choices`` maps the kind to (id, label) pairs."""
    for section in sections:
        for spec in section.fields:
            if kind_of(spec).row_choices:
                form[answer_field(section, spec)].choices = choices.get(spec.kind, [])


def fill_answers(form, sections, answers):
    for section in sections:
        stored = (answers or {}).get(section.key, {})
        for spec in section.fields:
            form[answer_field(section, spec)].data = kind_of(spec).load(stored.get(spec.name))


def read_answers(form, sections):
    """The answers as JSON: {section: {field: value}}, empty ones left out."""
    answers = {}
    for section in sections:
        values = {spec.name: kind_of(spec).store(form[answer_field(section, spec)].data) for spec in section.fields}
        values = {name: value for name, value in values.items() if is_answered(value)}
        if values:
            answers[section.key] = values
    return answers


def unanswered(sections, answers):
    """(section, field) of every required answer still empty, in the order of the form."""
    missing = []
    for section in sections:
        stored = (answers or {}).get(section.key, {})
        missing += [(section, spec) for spec in section.fields
                    if _is_required(spec, stored) and not is_answered(stored.get(spec.name))]
    return missing


def _is_required(spec, stored):
    if spec.required_when:
        field, value = spec.required_when
        chosen = stored.get(field)
        return chosen == value or (isinstance(chosen, list) and value in chosen)
    return spec.required and kind_of(spec).can_be_required


def missing_answers(form, sections, answers):
    """Mark every required answer still empty; True when something is missing."""
    missing = unanswered(sections, answers)
    for section, spec in missing:
        form[answer_field(section, spec)].errors = [_l("Uzupełnij przed zatwierdzeniem.")]
    return bool(missing)


# --- a model's own partnership fields -----------------------------------------------------------

MODEL_FIELD_PREFIX = "model_"


def with_model_fields(form_class, specs):
    """A subclass of ``form_class`` with a plugin's extra fields, named ``model_<name>``."""
    attrs = {MODEL_FIELD_PREFIX + spec.name: form_field(spec) for spec in specs}
    return type(form_class.__name__, (form_class,), attrs)


def model_field_values(form, specs):
    """The extra fields' answers as JSON."""
    return {spec.name: kind_of(spec).store(form[MODEL_FIELD_PREFIX + spec.name].data) for spec in specs}


def fill_model_fields(form, specs, stored):
    """Put stored answers back into the extra fields (for editing)."""
    for spec in specs:
        form[MODEL_FIELD_PREFIX + spec.name].data = kind_of(spec).load((stored or {}).get(spec.name))


def model_field_texts(specs, stored):
    """(label, text) of every answered extra field, for the pages and the protocol."""
    texts = [(spec.label, answer_text(spec, (stored or {}).get(spec.name))) for spec in specs]
    return [(label, text) for label, text in texts if text]
