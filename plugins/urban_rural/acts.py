"""The urban-rural model's formation acts: the declaration of cooperation signed by the heads of
the institutions, and the framework rules of the team of decision makers. Legal text, kept in
Polish; the legal bases are named here, once."""
from kooperacje.plugin_api import ActSection, ActText
from kooperacje.plugin_api import lazy_gettext as _l

#: what the declaration is signed under
DECLARATION_LEGAL_BASIS = ("art. 2 ust. 2 i art. 110 ust. 1 ustawy z dnia 12 marca 2004 r. o pomocy społecznej "
                           "(Dz.U. 2023 poz. 901) – współpraca ośrodka z instytucjami i organizacjami na zasadzie "
                           "partnerstwa")
#: what the rules are adopted under
RULES_LEGAL_BASIS = ("art. 2 ust. 2 ustawy z dnia 12 marca 2004 r. o pomocy społecznej (Dz.U. 2023 poz. 901); "
                     "deklaracja współpracy kierowników instytucji")

DECLARATION = ActText(
    key="declaration",
    title=_l("Deklaracja współpracy kierowników instytucji"),
    legal_basis=DECLARATION_LEGAL_BASIS,
    preamble=("My, kierownicy instytucji wymienionych poniżej, deklarujemy wolę współpracy w ramach "
              "zespołu „{body}” na rzecz mieszkańców gminy {municipality}."),
    sections=(
        ActSection("Cel współpracy", (
            "Naszym celem jest skuteczniejsza pomoc osobom i rodzinom w obszarach problemowych, które "
            "wspólnie rozpoznaliśmy: {model[problem_areas]}.",
            "Chcemy ograniczać koszty zaniechania, podejmując działania wcześnie i wspólnie.")),
        ActSection("Zakres współpracy", (
            "Kierujemy do Grup Współpracy w Gminie pracowników, którzy znają sprawy osób i rodzin.",
            "Udostępniamy zasoby naszych instytucji i uwzględniamy ustalenia zespołu w planach swoich jednostek.",
            "Dane osobowe klientów przekazujemy sobie tylko na podstawie przepisów prawa albo zgody osoby, "
            "której dotyczą.")),
        ActSection("Zespół decydentów", (
            "Tworzymy zespół „{body}”; jego pracę koordynuje {leader_role}: {leader}, "
            "a wspiera – {second_role}: {second}.",
            "Obsługę organizacyjną zespołu zapewnia {centre}.")),
        ActSection("Spotkania", (
            "Zespół spotyka się nie rzadziej niż co {cadence_days} dni.",
            "Ustalenia zapadają przy obecności co najmniej {quorum_percent}% instytucji i są zapisywane "
            "w protokole.")),
        ActSection("Czas obowiązywania", (
            "Deklaracja obowiązuje od dnia {formed_on} na czas nieokreślony.",
            "Instytucja może zakończyć udział we współpracy, powiadamiając koordynatora na piśmie.")),
    ),
    signed_by_parties=True,
    order=10,
)

RULES = ActText(
    key="rules",
    title=_l("Ramowy regulamin Partnerskiego Zespołu Kooperacyjnego decydentów"),
    legal_basis=RULES_LEGAL_BASIS,
    preamble="Regulamin określa zasady pracy zespołu „{body}” w gminie {municipality}.",
    sections=(
        ActSection("Skład zespołu", (
            "Zespół tworzą kierownicy instytucji, które podpisały deklarację współpracy, albo osoby przez "
            "nich upoważnione; obecnie {party_count} instytucji: {parties}.",)),
        ActSection("Koordynator i partner wspierający", (
            "{leader_role}: {leader} – zwołuje i prowadzi spotkania oraz przygotowuje ich porządek.",
            "{second_role}: {second} – wspiera zespół metodycznie i pomaga w ocenie działań.")),
        ActSection("Spotkania i kworum", (
            "Spotkania odbywają się nie rzadziej niż co {cadence_days} dni.",
            "Ustalenia są ważne przy obecności co najmniej {quorum_percent}% instytucji członkowskich; "
            "zespół dąży do porozumienia, a gdy to niemożliwe, rozstrzyga zwykła większość głosów.",
            "Protokół spotkania przesyła się członkom do uwag, a następnie zatwierdza.")),
        ActSection("Zadania", (
            "Zespół analizuje obszary problemowe i koszty zaniechania, wyznacza kierunki pracy Grup Współpracy "
            "w Gminie i ocenia ich wyniki.",
            "Zadania przyjęte na spotkaniu mają wykonawcę i termin, a ich realizację omawia się na kolejnym "
            "spotkaniu.")),
        ActSection("Ochrona danych", (
            "Członkowie zespołu i grup zachowują poufność informacji o osobach i rodzinach.",
            "Dane osobowe przetwarza się zgodnie z RODO i tylko w niezbędnym zakresie.")),
        ActSection("Zmiany regulaminu", (
            "Zmiany regulaminu przyjmuje zespół w trybie przewidzianym dla ustaleń.",
            "Regulamin obowiązuje od dnia {formed_on}.")),
    ),
    signatures=("{leader_role}",),
    order=20,
)


def formation_acts():
    return [DECLARATION, RULES]
