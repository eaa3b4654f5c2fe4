"""Vocabularies of the social contract: variants, states, parties, outcomes."""
from typing import NamedTuple

from flask_babel import force_locale

from kooperacje.documents import DOCUMENT_LOCALE, LABOUR_MARKET_ACT
from kooperacje.i18n import lazy_gettext as _l

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
#: once part II (the evaluation of the goals and the ending) is confirmed
EVALUATED_CONTRACT_STATUSES = ("evaluated", "closed")

class LabourMarketList(NamedTuple):
    """One published list of the groups in a particular situation on the labour market: its
    legal basis (with the day it applies from) and the groups (key -> label). A published list is
    never edited: a change of the law is a new list under a new key, so a signed contract
    (which keeps a copy of the labels it used, see :func:`labour_market_snapshot`) and a
    draft started the day before read the same."""

    basis: str
    groups: dict


# Variant B of the 2010 template refers to the groups of art. 49 of the employment act of 20 April
# 2004, repealed on 1 June 2025 by the act on the labour market and employment services (Dz.U. 2025
# poz. 620). Its art. 69 now names the unemployed who come first for the labour office's forms of
# help: with a Large Family Card, over 50, without professional qualifications, disabled, long-term
# unemployed, up to 30 (also job seekers), bringing up at least one child alone. Contracts signed
# before keep art. 49's groups as they read (migration 0030 wrote them into ``labour_list``).
LABOUR_MARKET_LISTS = {
    "2025-06": LabourMarketList(
        basis=LABOUR_MARKET_ACT,
        groups={
            "large_family": _l("posiadająca Kartę Dużej Rodziny"),
            "over_50": _l("powyżej 50. roku życia"),
            "no_qualifications": _l("bez kwalifikacji zawodowych"),
            "disabled": _l("niepełnosprawna"),
            "long_term": _l("długotrwale bezrobotna"),
            "young": _l("do 30. roku życia"),
            "single_parent": _l("samotnie wychowująca co najmniej jedno dziecko"),
        }),
}
#: the list a draft offers and a contract signed today keeps
CURRENT_LABOUR_MARKET_LIST = "2025-06"


def current_labour_market_list():
    return LABOUR_MARKET_LISTS[CURRENT_LABOUR_MARKET_LIST]


def labour_market_snapshot(chosen):
    """What a contract keeps when it is signed: the list's key and legal basis and the chosen
    groups' labels as they read that day, in Polish (the contract is a Polish document)."""
    with force_locale(DOCUMENT_LOCALE):
        return {"list": CURRENT_LABOUR_MARKET_LIST, "basis": current_labour_market_list().basis,
                "groups": _current_labels(chosen)}


def labour_market_groups(contract):
    """The legal basis and the labels of a variant B contract's groups: as kept when it was
    signed, else (a draft) as the current list reads them."""
    if contract.labour_list:
        return contract.labour_list["basis"], list(contract.labour_list["groups"])
    return current_labour_market_list().basis, _current_labels(contract.labour_situations)


def _current_labels(chosen):
    """The labels of the ``chosen`` keys in the current list's order (unknown keys left out)."""
    return [str(label) for key, label in current_labour_market_list().groups.items() if key in (chosen or ())]


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
