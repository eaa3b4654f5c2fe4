"""The rural model's formation acts: the gmina–powiat cooperation agreement and the framework
rules of the PZK. Legal text, kept in Polish; the legal bases are named here, once."""
from kooperacje.plugin_api import ActSection, ActText
from kooperacje.plugin_api import lazy_gettext as _l

#: what the agreement is concluded under
AGREEMENT_LEGAL_BASIS = ("art. 2 ust. 2 i art. 17–19 ustawy z dnia 12 marca 2004 r. o pomocy społecznej "
                         "(Dz.U. 2023 poz. 901); art. 10 ust. 1 ustawy z dnia 8 marca 1990 r. o samorządzie gminnym; "
                         "art. 5 ust. 2 ustawy z dnia 5 czerwca 1998 r. o samorządzie powiatowym")
#: what the rules are adopted under
RULES_LEGAL_BASIS = ("art. 2 ust. 2 ustawy z dnia 12 marca 2004 r. o pomocy społecznej (Dz.U. 2023 poz. 901); "
                     "porozumienie o współpracy między gminą a powiatem")

AGREEMENT = ActText(
    key="agreement",
    title=_l("Porozumienie o współpracy gminy i powiatu"),
    legal_basis=AGREEMENT_LEGAL_BASIS,
    preamble=("Strony wymienione poniżej, działając w trosce o osoby i rodziny z gminy {municipality}, "
              "zawierają porozumienie o współpracy w ramach zespołu „{body}”."),
    sections=(
        ActSection("Cel porozumienia", (
            "Celem porozumienia jest wspólne, zintegrowane wsparcie osób i rodzin, które potrzebują pomocy "
            "kilku instytucji jednocześnie, tak aby usługi gminy i powiatu uzupełniały się, a nie powielały.",
            "Strony działają na zasadzie partnerstwa, dobrowolności i wzajemnego informowania się.")),
        ActSection("Zakres współpracy", (
            "Strony wspólnie rozpoznają potrzeby mieszkańców i zasoby instytucji na terenie gminy {municipality}.",
            "Strony uzgadniają wsparcie dla osób i rodzin, których sprawy wymagają działań kilku instytucji, "
            "w tym usług realizowanych przez powiat {model[powiat_name]}.",
            "Strony wymieniają informacje o swojej ofercie i zgłaszają ją do wspólnego wykazu usług.",
            "Dane osobowe klientów strony udostępniają sobie wyłącznie na podstawie przepisów prawa "
            "albo zgody osoby, której dane dotyczą.")),
        ActSection("Zespół i jego lider", (
            "Strony powołują zespół „{body}”, w którego skład wchodzą przedstawiciele stron porozumienia.",
            "Pracami zespołu kieruje {leader_role}: {leader}; ze strony powiatu współpracę koordynuje "
            "{second_role}: {second}.",
            "Obsługę organizacyjną zespołu zapewnia {centre}.")),
        ActSection("Spotkania", (
            "Zespół spotyka się nie rzadziej niż co {cadence_days} dni; spotkanie zwołuje lider.",
            "Ustalenia zespołu są ważne, gdy w spotkaniu uczestniczy co najmniej {quorum_percent}% stron.",
            "Ze spotkania sporządza się protokół, który otrzymują wszystkie strony.")),
        ActSection("Czas trwania", (
            "Porozumienie zawiera się na czas nieokreślony, od dnia {formed_on}.",
            "Każda ze stron może wystąpić z porozumienia, powiadamiając pozostałe strony na piśmie "
            "z miesięcznym wyprzedzeniem.",
            "Zmiany porozumienia wymagają formy pisemnej.",
            "Porozumienie sporządzono w jednobrzmiących egzemplarzach, po jednym dla każdej ze stron.")),
    ),
    signed_by_parties=True,
    order=10,
)

RULES = ActText(
    key="rules",
    title=_l("Ramowy regulamin Partnerskiego Zespołu Kooperacji"),
    legal_basis=RULES_LEGAL_BASIS,
    preamble="Regulamin określa zasady działania zespołu „{body}” w gminie {municipality}.",
    sections=(
        ActSection("Skład zespołu", (
            "W skład zespołu wchodzą przedstawiciele instytucji, które zawarły porozumienie lub do niego "
            "przystąpiły; obecnie jest ich {party_count}: {parties}.",
            "Każda instytucja wskazuje swojego przedstawiciela i jego zastępcę.")),
        ActSection("Lider i animator powiatowy", (
            "Liderem zespołu jest {leader_role}: {leader}. Lider zwołuje spotkania, prowadzi je i czuwa "
            "nad realizacją ustaleń.",
            "{second_role}: {second} – współprowadzi zespół i reprezentuje w nim instytucje powiatu.")),
        ActSection("Spotkania i kworum", (
            "Spotkania odbywają się nie rzadziej niż co {cadence_days} dni, a w razie potrzeby częściej.",
            "Zespół podejmuje ustalenia, gdy obecni są przedstawiciele co najmniej {quorum_percent}% "
            "instytucji członkowskich, zwykłą większością głosów obecnych.",
            "Z każdego spotkania sporządza się protokół; członkowie mogą zgłosić do niego uwagi przed jego "
            "zatwierdzeniem.")),
        ActSection("Zadania zespołu", (
            "Zespół diagnozuje lokalne problemy i zasoby, planuje wspólne działania i ocenia ich skutki.",
            "Zespół przydziela zadania instytucjom członkowskim i rozlicza ich wykonanie na kolejnych "
            "spotkaniach.")),
        ActSection("Ochrona danych", (
            "Członkowie zespołu zachowują w tajemnicy informacje o osobach i rodzinach, które uzyskali "
            "w związku z pracą zespołu.",
            "Dane osobowe są przetwarzane zgodnie z RODO, wyłącznie w zakresie niezbędnym do udzielenia pomocy.")),
        ActSection("Zmiany regulaminu", (
            "Zmiany regulaminu przyjmuje zespół w trybie przewidzianym dla ustaleń.",
            "Regulamin obowiązuje od dnia {formed_on}.")),
    ),
    signatures=("{leader_role}",),
    order=20,
)


def formation_acts():
    return [AGREEMENT, RULES]
