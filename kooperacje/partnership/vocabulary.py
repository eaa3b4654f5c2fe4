"""Fixed vocabularies of the institution level, shared by every model."""
from kooperacje.domain import MeetingType
from kooperacje.i18n import lazy_gettext as _l

SECTORS = {
    "social_assistance": _l("pomoc społeczna"),
    "labour": _l("urząd pracy"),
    "education": _l("edukacja"),
    "health": _l("ochrona zdrowia"),
    "police": _l("policja"),
    "justice": _l("sądy i kuratorzy"),
    "housing": _l("mieszkalnictwo"),
    "ngo": _l("organizacja pozarządowa"),
    "church": _l("kościół lub związek wyznaniowy"),
    "culture": _l("kultura"),
    "other": _l("inne"),
}

#: what kind of help a basket offer is, for finding it (a referral, the diagnosis's plan)
OFFER_CATEGORIES = {
    "counselling": _l("poradnictwo i praca socjalna"),
    "employment": _l("aktywizacja zawodowa"),
    "children": _l("edukacja i opieka nad dziećmi"),
    "family": _l("wsparcie rodziny i asystentura"),
    "health": _l("zdrowie i rehabilitacja"),
    "addiction": _l("uzależnienia"),
    "violence": _l("przeciwdziałanie przemocy"),
    "housing": _l("mieszkalnictwo i schronienie"),
    "care": _l("usługi opiekuńcze"),
    "legal": _l("pomoc prawna i obywatelska"),
    "leisure": _l("kultura, sport i czas wolny"),
    "material": _l("pomoc rzeczowa i żywnościowa"),
    "other": _l("inne"),
}

LEVELS = {"gmina": _l("gminny"), "powiat": _l("powiatowy"), "region": _l("wojewódzki")}

MEETING_MODES = {"in_person": _l("stacjonarnie"), "online": _l("online"), "hybrid": _l("hybrydowo")}

ATTENDANCE = {"present": _l("obecna"), "delegate": _l("zastępstwo"), "absent": _l("nieobecna")}

TASK_STATUSES = {"open": _l("do zrobienia"), "in_progress": _l("w toku"), "done": _l("wykonane"),
                 "dropped": _l("zaniechane")}
OPEN_TASK_STATUSES = ("open", "in_progress")

#: where a meeting's minutes stand: a draft, sent to the members for remarks, approved (frozen)
DRAFT, SENT_FOR_REMARKS, APPROVED = "draft", "sent_for_remarks", "approved"
MINUTES_STATUSES = {DRAFT: _l("projekt"), SENT_FOR_REMARKS: _l("przekazany członkom zespołu do uwag"),
                    APPROVED: _l("zatwierdzony")}
#: how long the members have for remarks unless the coordinator sets another deadline
REMARKS_DAYS = 7

CADENCES = {15: _l("dwa razy w miesiącu"), 30: _l("raz w miesiącu"), 61: _l("raz na dwa miesiące"),
            91: _l("raz na kwartał")}

# The meeting kinds every model knows; a model's profile may reuse them and add its own.
INITIATING = MeetingType("initiating", _l("spotkanie inicjujące"), (
    _l("Powitanie i przedstawienie uczestników"), _l("Prezentacja modelu współpracy"),
    _l("Zasady powołania zespołu i projekt regulaminu"), _l("Wstępne rozpoznanie zasobów partnerów"),
    _l("Ustalenia i termin kolejnego spotkania")))
FORMALISING = MeetingType("formalising", _l("spotkanie formalizujące"), (
    _l("Przyjęcie porządku i protokołu poprzedniego spotkania"), _l("Oferty usług partnerów"),
    _l("Podpisanie dokumentów współpracy"), _l("Przyjęcie zasad pracy zespołu"),
    _l("Ustalenia i termin kolejnego spotkania")))
WORKING = MeetingType("working", _l("spotkanie robocze"), (
    _l("Przyjęcie porządku i protokołu poprzedniego spotkania"), _l("Przegląd zadań w toku"),
    _l("Informacje partnerów"), _l("Sprawy bieżące i decyzje"), _l("Termin kolejnego spotkania")))
CASE_CONFERENCE = MeetingType("case_conference", _l("konferencja przypadku"), (
    _l("Przedstawienie sytuacji rodziny (bez danych zbędnych do ustaleń)"), _l("Zasoby i potrzeby rodziny"),
    _l("Propozycje działań partnerów"), _l("Podział zadań i terminy")))
STANDARD_MEETING_TYPES = (INITIATING, FORMALISING, WORKING, CASE_CONFERENCE)
