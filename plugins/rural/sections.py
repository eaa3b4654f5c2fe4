"""The rural model's own casework sections: the diagnostic workshop with the family, the
genogram and the solution-focused approach (PSR) in the diagnosis; the Individual Cooperation
Programme (IPW) with the social contract.

Section and field keys are permanent: answers are stored under them.
"""
from kooperacje.plugin_api import FieldSpec, FormSection
from kooperacje.plugin_api import lazy_gettext as _l

PROCEDURE = "rural/procedura"


def _notes(name, label, help="", required=False, max_length=8000):
    return FieldSpec(name, label, kind="textarea", help=help, required=required, max_length=max_length)


DIAGNOSIS_SECTIONS = (
    FormSection("workshop", _l("Warsztat diagnostyczny z rodziną"), (
        FieldSpec("held_on", _l("Data warsztatu"), kind="date", required=True),
        _notes("family_participants", _l("Kto z rodziny uczestniczył"), max_length=2000,
               help=_l("Także osoby z otoczenia, które rodzina zaprosiła do towarzyszenia jej.")),
        FieldSpec("institutions", _l("Instytucje obecne na warsztacie"), kind="institutions"),
        _notes("course", _l("Przebieg warsztatu i najważniejsze ustalenia"),
               help=_l("Przyczyny i źródła trudnej sytuacji, mocne i słabe strony, zasoby i deficyty, "
                       "oczekiwania rodziny – tak, jak zostały omówione na warsztacie.")),
    ), intro=_l("Diagnozę w modelu wiejskim zespół gminno-powiatowy wypracowuje razem z rodziną na warsztacie; "
                "rodzina jest współautorem diagnozy."),
        book=f"{PROCEDURE}#krok-2-warsztat-diagnostyczny-z-rodzina", order=130),
    FormSection("genogram", _l("Genogram"), (
        _notes("notes", _l("Co pokazał genogram"),
               help=_l("Co najmniej trzy pokolenia: ważne osoby, związki i rozstania, choroby, uzależnienia, "
                       "charakter relacji, wzory powtarzające się w kolejnych pokoleniach.")),
        _notes("support_persons", _l("Osoby z otoczenia rodziny, które mogą ją wspierać"), max_length=2000),
    ), book=f"{PROCEDURE}#genogram", order=140),
    FormSection("solutions", _l("Podejście skoncentrowane na rozwiązaniach (PSR)"), (
        _notes("exceptions", _l("Wyjątki – kiedy było lepiej i co już działa"),
               help=_l("„Kiedy ostatnio było choć trochę lepiej? Co wtedy było inaczej?”")),
        _notes("miracle", _l("Odpowiedź na pytanie o cud"),
               help=_l("„Wyobraźcie sobie, że w nocy zdarzył się cud i trudności zniknęły. Po czym rano "
                       "poznacie, że coś się zmieniło?” Zapisz słowami rodziny.")),
        FieldSpec("scale", _l("Gdzie rodzina jest dziś na skali od 0 do 10"), kind="integer", max_value=10,
                  help=_l("0 – najgorzej, jak może być; 10 – sytuacja, do której rodzina dąży.")),
        _notes("next_steps", _l("Małe kolejne kroki"),
               help=_l("Co sprawiłoby, że na skali byłoby o jeden punkt więcej, i kto może w tym pomóc.")),
    ), book=f"{PROCEDURE}#podejscie-skoncentrowane-na-rozwiazaniach-psr", order=150),
)

CONTRACT_SECTIONS = (
    FormSection("ipw", _l("Indywidualny Program Współpracy (IPW)"), (
        _notes("self_reliance_goals", _l("Cele usamodzielnienia każdego członka rodziny"), required=True,
               help=_l("Dla każdej osoby osobno: jaki cel i po czym rodzina i zespół poznają, "
                       "że został osiągnięty.")),
        FieldSpec("responsible", _l("Członkowie PZK odpowiedzialni za realizację programu"), kind="institutions"),
        _notes("institution_tasks", _l("Co wnosi każda z tych instytucji")),
    ), intro=_l("Program przygotowany przez zespół gminno-powiatowy razem z rodziną na podstawie warsztatu "
                "diagnostycznego. Cele i działania kontraktu socjalnego powinny być z nim spójne."),
        book=f"{PROCEDURE}#krok-3-indywidualny-program-wspolpracy", order=10),
    FormSection("ipw_monitoring", _l("Etapy programu i monitorowanie"), (
        _notes("stages", _l("Etapy programu i ich terminy")),
        FieldSpec("first_review_on", _l("Termin pierwszego przeglądu programu na spotkaniu PZK"), kind="date"),
        FieldSpec("review_dates", _l("Kolejne terminy monitorowania"), max_length=500,
                  help=_l("Np. co miesiąc na spotkaniu zespołu.")),
    ), book=f"{PROCEDURE}#krok-4-realizacja-i-monitorowanie", order=20),
    FormSection("ipw_evaluation", _l("Ocena zmiany w rodzinie"), (
        _notes("method", _l("Jak zespół z rodziną oceni zmianę"),
               help=_l("Co będzie dowodem osiągnięcia każdego celu, kiedy i kto go oceni: osiągnięty, "
                       "osiągnięty częściowo albo nieosiągnięty.")),
    ), book=f"{PROCEDURE}#krok-5-ocena-zmiany-w-rodzinie", order=30),
)
