"""The urban-rural model's cost-of-inaction card (karta kosztów zaniechania): kept by the PZK per
problem area, as the model's powiat expert teams drew them up; a family's diagnosis refers to it.

Area keys are permanent: the PZK's cards and the diagnoses store them.
"""
from kooperacje.plugin_api import InactionCard
from kooperacje.plugin_api import lazy_gettext as _l

PROBLEM_AREAS = (
    ("domestic_violence", _l("przemoc domowa")),
    ("care_upbringing", _l("bezradność w sprawach opiekuńczo-wychowawczych")),
    ("addiction", _l("uzależnienia")),
    ("unemployment", _l("bezrobocie")),
    ("homelessness", _l("bezdomność")),
    ("disability", _l("niepełnosprawność i długotrwała choroba")),
    ("other", _l("inny obszar")),
)
UNITS = (_l("miesiąc"), _l("rok"), _l("osoba"), _l("dziecko"), _l("interwencja"), _l("postępowanie"),
         _l("dzień"), _l("godzina"))


def inaction_card():
    return InactionCard(
        title=_l("Karta kosztów zaniechania"), problem_areas=PROBLEM_AREAS, units=UNITS,
        book="urban_rural/procedura#karty-kosztow-zaniechania",
        summary=_l("Zespół opisuje dla każdego obszaru problemowego, ile kosztuje gminę i instytucje brak "
                   "wczesnej, wspólnej interwencji. Diagnoza rodziny wskazuje obszary i ilości, a program "
                   "liczy szacunkowy koszt zaniechania."))
