"""The diagnosis areas every model shares (the core's contribution to ``diagnosis_sections``).

In casework forms a ``required`` field may stay empty in a draft; it must be answered before
the diagnosis is signed off (or the contract signed).

They follow part I of the family community interview (RWŚ) and the Book's chapter on working
with a family; each model plugin adds its own sections after them.
"""
from kooperacje.clients.vocabulary import REASONS_FOR_ASSISTANCE
from kooperacje.domain import FieldSpec, FormSection
from kooperacje.i18n import lazy_gettext as _l

DIAGNOSIS_CHAPTER = "general/praca-z-rodzina#5-wielosektorowa-diagnoza"
#: the statutory reasons for assistance as this diagnosis found them (the case keeps the
#: reasons at registration; a new diagnosis starts from them)
REASONS_SECTION, REASONS_FIELD, OTHER_REASON = "reasons", "reasons", "other"
PARTNERS_SECTION = "partners"
#: the fields of the partners section: which institutions to involve, and consent to share data
INVOLVE_FIELD, CONSENT_FIELD = "involve", "consent"

NIEBIESKA_KARTA = (("none", _l("nie prowadzono")), ("ongoing", _l("procedura w toku")),
                   ("closed", _l("procedura zakończona")))
DISABILITY_DEGREES = (("none", _l("brak orzeczenia")), ("light", _l("lekki")), ("moderate", _l("umiarkowany")),
                      ("severe", _l("znaczny")), ("child", _l("orzeczenie o niepełnosprawności (dziecko)")),
                      ("pending", _l("sprawa w toku")))
TENURE = (("owner", _l("własność")), ("tenant", _l("najem")), ("municipal", _l("lokal komunalny lub socjalny")),
          ("family", _l("u rodziny")), ("shelter", _l("schronisko, noclegownia")), ("none", _l("brak mieszkania")),
          ("other", _l("inne")))


def _notes(name, label, help="", max_length=8000, required=False):
    return FieldSpec(name, label, kind="textarea", help=help, max_length=max_length, required=required)


COMMON_SECTIONS = (
    FormSection(REASONS_SECTION, _l("Powody udzielenia pomocy"), (
        FieldSpec(REASONS_FIELD, _l("Powody z art. 7 ustawy o pomocy społecznej"), kind="choices", required=True,
                  choices=(*REASONS_FOR_ASSISTANCE.items(), (OTHER_REASON, _l("inny powód"))),
                  help=_l("Tak, jak widać je w tej diagnozie; nowa diagnoza zaczyna od powodów zapisanych w sprawie.")),
        FieldSpec("other_reason", _l("Inny powód – opisz"), kind="textarea", max_length=1000,
                  required_when=(REASONS_FIELD, OTHER_REASON)),
    ), book="general/podstawy-prawne#powody-udzielania-pomocy-art-7-u-p-s", order=5),
    FormSection("family", _l("Skład rodziny i relacje"), (
        _notes("composition", _l("Kto mieszka razem, relacje w rodzinie, ważne osoby poza gospodarstwem")),
    ), book=DIAGNOSIS_CHAPTER, order=10),
    FormSection("income", _l("Dochody i sytuacja materialna"), (
        FieldSpec("monthly_income", _l("Dochód rodziny miesięcznie (zł netto)"), kind="integer", max_value=1_000_000),
        _notes("notes", _l("Źródła dochodu, świadczenia, zadłużenie")),
    ), book=DIAGNOSIS_CHAPTER, order=20),
    FormSection("work", _l("Praca, wykształcenie, kwalifikacje"), (
        _notes("notes", _l("Zatrudnienie, rejestracja w urzędzie pracy, wykształcenie, przeszkody w podjęciu pracy")),
    ), book=DIAGNOSIS_CHAPTER, order=30),
    FormSection("housing", _l("Mieszkanie i warunki bytowe"), (
        FieldSpec("tenure", _l("Tytuł do lokalu"), kind="select", choices=TENURE),
        FieldSpec("eviction_risk", _l("Zagrożenie eksmisją lub utratą mieszkania"), kind="checkbox"),
        _notes("notes", _l("Stan lokalu, wyposażenie, opłaty")),
    ), book=DIAGNOSIS_CHAPTER, order=40),
    FormSection("health", _l("Zdrowie"), (
        _notes("notes", _l("Choroby przewlekłe, leczenie, dostęp do lekarza")),
    ), book=DIAGNOSIS_CHAPTER, order=50),
    FormSection("disability", _l("Niepełnosprawność"), (
        FieldSpec("degree", _l("Orzeczenie i stopień niepełnosprawności"), kind="select", choices=DISABILITY_DEGREES),
        _notes("notes", _l("Kogo dotyczy, potrzebne wsparcie")),
    ), book=DIAGNOSIS_CHAPTER, order=60),
    FormSection("addiction", _l("Uzależnienia"), (
        _notes("notes", _l("Alkohol, narkotyki, hazard – u kogo, czy jest leczenie, kontakt z GKRPA")),
    ), book=DIAGNOSIS_CHAPTER, order=70),
    FormSection("safety", _l("Przemoc domowa i bezpieczeństwo dzieci"), (
        FieldSpec("blue_card", _l("Procedura „Niebieskie Karty”"), kind="select", choices=NIEBIESKA_KARTA),
        _notes("notes", _l("Zagrożenia, podjęte działania, plan bezpieczeństwa")),
    ), book="general/podstawy-prawne#ustawa-o-przeciwdzialaniu-przemocy-domowej", order=80),
    FormSection("children", _l("Opieka i wychowanie dzieci"), (
        _notes("notes", _l("Szkoła, poradnia psychologiczno-pedagogiczna, kurator, opieka po lekcjach")),
    ), book=DIAGNOSIS_CHAPTER, order=90),
    FormSection("legal", _l("Sytuacja prawna"), (
        _notes("notes", _l("Sprawy sądowe, dozór kuratora, egzekucje i długi")),
    ), book=DIAGNOSIS_CHAPTER, order=100),
    FormSection("network", _l("Sieć wsparcia"), (
        _notes("notes", _l("Dalsza rodzina, sąsiedzi, parafia, organizacje")),
    ), book=DIAGNOSIS_CHAPTER, order=110),
    FormSection("own_words", _l("Zasoby, ograniczenia, potrzeby – słowami klienta"), (
        _notes("strengths", _l("Mocne strony i zasoby")),
        _notes("deficits", _l("Deficyty i ograniczenia")),
        # segment H of part I of the family community interview: mandatory there, so before sign-off here
        _notes("needs", _l("Potrzeby i oczekiwania"), help=_l("Zapisz możliwie dosłownie, językiem osoby lub rodziny."),
               required=True),
    ), intro=_l("Jak osoba lub rodzina sama widzi swoją sytuację."), book=DIAGNOSIS_CHAPTER, order=120),
    FormSection("conclusions", _l("Wnioski pracownika socjalnego"), (
        _notes("causes", _l("Przyczyny i źródła trudnej sytuacji")),
        FieldSpec("conclusions", _l("Ocena sytuacji i priorytety"), kind="textarea", required=True, max_length=8000),
    ), book=DIAGNOSIS_CHAPTER, order=180),
    FormSection(PARTNERS_SECTION, _l("Instytucje partnerskie i zgoda na udostępnianie danych"), (
        FieldSpec(INVOLVE_FIELD, _l("Instytucje, które należy włączyć"), kind="institutions"),
        FieldSpec(CONSENT_FIELD, _l("Instytucje, którym klient zgodził się udostępnić swoje dane"), kind="institutions",
                  help=_l("Zaznacz tylko te, na które klient wyraził zgodę: przy zatwierdzeniu diagnozy trafią do "
                          "rejestru zgód sprawy, który o zgodzie rozstrzyga (tam też zapisuje się wycofanie). "
                          "Bez zgody przekazuj wyłącznie informacje, na które pozwalają przepisy.")),
    ), book="general/podstawy-prawne#kiedy-potrzebna-jest-zgoda", order=190),
)
