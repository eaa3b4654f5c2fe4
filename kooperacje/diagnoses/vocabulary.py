"""The states of a diagnosis."""
from kooperacje.i18n import lazy_gettext as _l

DIAGNOSIS_STATUSES = {"draft": _l("szkic"), "signed": _l("zatwierdzona")}
