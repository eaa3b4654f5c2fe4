"""Vocabularies of the social contract: variants, states, parties, outcomes."""
from flask_babel import lazy_gettext as _l

CONTRACT_VARIANTS = {
    "A": _l("A – rozwiązanie trudnej sytuacji życiowej osoby lub rodziny"),
    "B": _l("B – osoba bezrobotna w szczególnej sytuacji na rynku pracy"),
}
#: The contract's life: draft -> signed -> in_progress -> evaluated -> closed; where the centre
#: has the head approve contracts, a draft goes to_approve -> approved (or back to draft) first.
CONTRACT_STATUSES = {
    "draft": _l("projekt"),
    "to_approve": _l("czeka na zatwierdzenie"),
    "approved": _l("zatwierdzony do podpisu"),
    "signed": _l("podpisany"),
    "in_progress": _l("w realizacji"),
    "evaluated": _l("oceniony"),
    "closed": _l("zamknięty"),
}
#: Statuses in which the contract binds the parties (the worker's desk follows these).
ACTIVE_CONTRACT_STATUSES = ("signed", "in_progress")

# Groups at a particular disadvantage on the labour market, as the 2010 template refers to them
# (art. 49 of the 2004 employment act, replaced in 2025): kept here as data, not in forms, so a
# deployment can follow the current act without touching code.
LABOUR_MARKET_SITUATIONS = {
    "young": _l("do 30. roku życia"),
    "long_term": _l("długotrwale bezrobotna"),
    "over_50": _l("powyżej 50. roku życia"),
    "no_qualifications": _l("bez kwalifikacji zawodowych, doświadczenia zawodowego lub wykształcenia średniego"),
    "single_parent": _l("samotnie wychowująca co najmniej jedno dziecko do 18. roku życia"),
    "after_prison": _l("po odbyciu kary pozbawienia wolności"),
    "disabled": _l("niepełnosprawna"),
    "social_benefits": _l("korzystająca ze świadczeń pomocy społecznej"),
}

APPROVAL_DECISIONS = {"approve": _l("zatwierdzam kontrakt do podpisu"),
                      "return": _l("zwracam pracownikowi do poprawy (z uwagą)")}
ACTION_PARTIES = {"client": _l("osoba lub rodzina"), "worker": _l("pracownik socjalny lub ośrodek"),
                  "partner": _l("instytucja partnerska")}
ACTION_STATUSES = {"planned": _l("zaplanowane"), "done": _l("wykonane"), "not_done": _l("niewykonane")}
GOAL_OUTCOMES = {"achieved": _l("osiągnięty"), "partly": _l("osiągnięty częściowo"), "not": _l("nieosiągnięty")}
CONTRACT_ENDINGS = {"expired": _l("upływ okresu, na który zawarto kontrakt"),
                    "terminated": _l("rozwiązanie kontraktu przed terminem")}
#: The bulk export's job: queued -> running -> done (or failed, and tried again).
EXPORT_STATUSES = {"queued": _l("w kolejce"), "running": _l("w przygotowaniu"), "done": _l("gotowa"),
                   "failed": _l("nieudana")}
