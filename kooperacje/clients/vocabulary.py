"""Vocabularies of casework: the statutory reasons for assistance and family relationships."""
from kooperacje.i18n import lazy_gettext as _l

# Art. 7 of the social assistance act (ustawa o pomocy społecznej), as amended in 2023.
REASONS_FOR_ASSISTANCE = {
    "poverty": _l("ubóstwo"),
    "orphanhood": _l("sieroctwo"),
    "homelessness": _l("bezdomność"),
    "unemployment": _l("bezrobocie"),
    "disability": _l("niepełnosprawność"),
    "illness": _l("długotrwała lub ciężka choroba"),
    "domestic_violence": _l("przemoc domowa"),
    "trafficking": _l("potrzeba ochrony ofiar handlu ludźmi"),
    "maternity": _l("potrzeba ochrony macierzyństwa lub wielodzietności"),
    "care_helplessness": _l("bezradność w sprawach opiekuńczo-wychowawczych i prowadzenia gospodarstwa domowego"),
    "foreigners_integration": _l("trudności w integracji cudzoziemców"),
    "after_prison": _l("trudności w przystosowaniu do życia po zwolnieniu z zakładu karnego"),
    "addiction": _l("alkoholizm lub narkomania"),
    "crisis": _l("zdarzenie losowe i sytuacja kryzysowa"),
    "disaster": _l("klęska żywiołowa lub ekologiczna"),
}

RELATIONSHIPS = {
    "applicant": _l("wnioskodawca"),
    "spouse": _l("małżonek"),
    "partner": _l("partner lub partnerka"),
    "child": _l("dziecko"),
    "parent": _l("rodzic"),
    "sibling": _l("rodzeństwo"),
    "grandparent": _l("dziadek lub babcia"),
    "grandchild": _l("wnuk lub wnuczka"),
    "other": _l("inna osoba we wspólnym gospodarstwie"),
}

SEXES = {"F": _l("kobieta"), "M": _l("mężczyzna")}
CLIENT_KINDS = {"person": _l("osoba"), "family": _l("rodzina")}

#: why a case is closed: the reasons social workers record, "other" with the worker's words
CLOSING_REASONS = {
    "goals_achieved": _l("osiągnięto cele pracy socjalnej"),
    "independent": _l("osoba lub rodzina radzi sobie samodzielnie"),
    "no_cooperation": _l("brak współpracy osoby lub rodziny"),
    "resigned": _l("rezygnacja osoby lub rodziny z pomocy"),
    "moved_out": _l("wyprowadzka poza gminę"),
    "transferred": _l("przekazanie sprawy innemu ośrodkowi lub instytucji"),
    "death": _l("zgon"),
    "other": _l("inny powód"),
}
#: the register's filter: open cases unless the worker asks for the closed ones
CASE_STATES = {"open": _l("otwarte"), "closed": _l("zamknięte")}
