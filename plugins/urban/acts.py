"""The urban model's formation acts: the mayor's authorisation for the centre, the declaration
of accession each member institution signs, and the framework rules of the PZK. Legal text,
kept in Polish; the legal bases are named here, once."""
from kooperacje.plugin_api import ActSection, ActText
from kooperacje.plugin_api import lazy_gettext as _l

#: what the mayor authorises the centre under
AUTHORISATION_LEGAL_BASIS = ("art. 110 ust. 8 ustawy z dnia 12 marca 2004 r. o pomocy społecznej (Dz.U. 2023 poz. 901); "
                             "art. 39 ust. 4 ustawy z dnia 8 marca 1990 r. o samorządzie gminnym")
#: what an institution accedes under
DECLARATION_LEGAL_BASIS = ("art. 2 ust. 2 ustawy z dnia 12 marca 2004 r. o pomocy społecznej (Dz.U. 2023 poz. 901); "
                           "ramowy regulamin Partnerskiego Zespołu Kooperacyjnego")
#: what the rules are adopted under
RULES_LEGAL_BASIS = ("art. 2 ust. 2 ustawy z dnia 12 marca 2004 r. o pomocy społecznej (Dz.U. 2023 poz. 901); "
                     "upoważnienie prezydenta lub burmistrza dla ośrodka pomocy społecznej")

AUTHORISATION = ActText(
    key="authorisation",
    title=_l("Upoważnienie prezydenta lub burmistrza dla ośrodka pomocy społecznej"),
    legal_basis=AUTHORISATION_LEGAL_BASIS,
    preamble="Upoważniam {centre} do utworzenia i prowadzenia zespołu „{body}” w mieście {municipality}.",
    sections=(
        ActSection("Zakres upoważnienia", (
            "Ośrodek zaprasza do zespołu instytucje i organizacje działające na rzecz mieszkańców miasta "
            "i przyjmuje ich deklaracje przystąpienia.",
            "Ośrodek pełni rolę lidera zespołu: zwołuje i prowadzi spotkania, koordynuje plan działania "
            "i Lokalny Koszyk Usług.",
            "Ośrodek współpracuje z partnerem strategicznym zespołu: {second}.")),
        ActSection("Czas obowiązywania", (
            "Upoważnienie obowiązuje od dnia {formed_on} do odwołania.",
            "Numer i data upoważnienia w rejestrze: {model[mayor_authorisation]}.")),
    ),
    signatures=("Prezydent miasta / Burmistrz",),
    order=10,
)

DECLARATION = ActText(
    key="accession",
    title=_l("Deklaracja przystąpienia do Partnerskiego Zespołu Kooperacyjnego"),
    legal_basis=DECLARATION_LEGAL_BASIS,
    preamble=("{institution}, reprezentowana przez: {representative}, deklaruje przystąpienie do zespołu „{body}” "
              "w mieście {municipality} z dniem {joined_on}."),
    sections=(
        ActSection("Zobowiązania instytucji", (
            "Instytucja wskazuje swojego przedstawiciela w zespole i zapewnia jego udział w spotkaniach, "
            "odbywających się nie rzadziej niż co {cadence_days} dni.",
            "Instytucja zgłasza swoje usługi do Lokalnego Koszyka Usług i aktualizuje ich opis.",
            "Instytucja deleguje specjalistów do Zadaniowych Zespołów Kooperacyjnych, gdy sprawa osoby "
            "lub rodziny tego wymaga.",
            "Instytucja realizuje zadania przyjęte przez zespół w ustalonych terminach.",
            "Instytucja przestrzega ramowego regulaminu zespołu oraz zasad ochrony danych osobowych.")),
        ActSection("Wystąpienie", (
            "Instytucja może wystąpić z zespołu, powiadamiając lidera zespołu ({leader}) na piśmie.",)),
    ),
    for_each_institution=True,
    signatures=("{representative}\n(podpis osoby reprezentującej instytucję)", "{leader_role}"),
    order=20,
)

RULES = ActText(
    key="rules",
    title=_l("Ramowy regulamin Partnerskiego Zespołu Kooperacyjnego"),
    legal_basis=RULES_LEGAL_BASIS,
    preamble="Regulamin określa zasady działania zespołu „{body}” w mieście {municipality}.",
    sections=(
        ActSection("Skład zespołu", (
            "Członkami zespołu są instytucje i organizacje, które złożyły deklarację przystąpienia; "
            "obecnie {party_count}: {parties}.",
            "Każdy członek wskazuje przedstawiciela i jego zastępcę.")),
        ActSection("Lider i partner strategiczny", (
            "{leader_role}: {leader} – działa na podstawie upoważnienia prezydenta lub burmistrza, zwołuje "
            "i prowadzi spotkania, koordynuje okresowy plan działania i Lokalny Koszyk Usług.",
            "{second_role}: {second} – współtworzy zespół i wnosi do niego zadania powiatu.")),
        ActSection("Spotkania i kworum", (
            "Zespół spotyka się nie rzadziej niż co {cadence_days} dni.",
            "Zespół podejmuje ustalenia przy obecności co najmniej {quorum_percent}% członków, zwykłą "
            "większością głosów obecnych.",
            "Z każdego spotkania sporządza się protokół, przekazywany członkom do uwag przed zatwierdzeniem.")),
        ActSection("Zadania zespołu", (
            "Zespół przyjmuje okresowy plan działania z harmonogramem i ocenia jego realizację.",
            "Zespół prowadzi Lokalny Koszyk Usług i powołuje Zadaniowe Zespoły Kooperacyjne.",
            "Zespół dba o przepływ informacji między PZK a ZZK.")),
        ActSection("Ochrona danych", (
            "Członkowie zespołu zachowują w tajemnicy informacje o osobach i rodzinach uzyskane w pracy zespołu.",
            "Dane osobowe przetwarza się zgodnie z RODO, wyłącznie w zakresie niezbędnym do udzielenia wsparcia.")),
        ActSection("Zmiany regulaminu", (
            "Zmiany regulaminu przyjmuje zespół w trybie przewidzianym dla ustaleń.",
            "Regulamin obowiązuje od dnia {formed_on}.")),
    ),
    signatures=("{leader_role}",),
    order=30,
)


def formation_acts():
    return [AUTHORISATION, DECLARATION, RULES]
