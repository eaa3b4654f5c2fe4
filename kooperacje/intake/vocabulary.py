"""The words of the intake queue: how urgent a partner's signal is, where it stands, and why
the centre did not take it up (the one part of the decision the partner reads)."""
from kooperacje.i18n import lazy_gettext as _l

NORMAL, URGENT = "normal", "urgent"
#: how soon the partner thinks the family needs the centre
URGENCIES = {NORMAL: _l("zwykła"), URGENT: _l("pilna")}

NEW, UNDER_REVIEW, QUALIFIED, NOT_QUALIFIED = "new", "under_review", "qualified", "not_qualified"
#: where a signal stands in the centre
STATES = {
    NEW: _l("nowe"),
    UNDER_REVIEW: _l("w ocenie"),
    QUALIFIED: _l("zakwalifikowane"),
    NOT_QUALIFIED: _l("niezakwalifikowane"),
}
#: the states that still wait for the centre's decision
OPEN_STATES = (NEW, UNDER_REVIEW)

#: why a signal was not taken up: the category is shown to the partner, the worker's own words are not.
#: None of them says whether the family is known to the centre (that is the family's data).
NOT_QUALIFIED_REASONS = {
    "no_grounds": _l("brak przesłanek do udzielenia pomocy społecznej"),
    "other_authority": _l("sprawa należy do innej instytucji lub innej gminy"),
    "not_found": _l("nie udało się ustalić ani odnaleźć rodziny"),
    "repeated": _l("zgłoszenie powtórzone: rodzinę zgłoszono już wcześniej"),
    "other": _l("inny powód"),
}

#: whether the family knows about the signal and agreed to it
FAMILY_INFORMED = {"yes": _l("tak"), "no": _l("nie")}
