"""Urban model ("Kooperacje 3D", Makroregion III): a city-wide PZK led by the OPS/MOPS with
the PCPR as strategic partner, task teams (ZZK) and a local basket of services."""
from pathlib import Path

from kooperacje.plugin_api import gettext as _
from kooperacje.plugin_api import lazy_gettext as _l
from kooperacje.plugin_api import (STANDARD_MEETING_TYPES, CaseTeamProfile, FieldSpec, MeetingType, ModelInfo,
                                   ModelMatch, MunicipalityKind, NameForms, PartnershipProfile, Role,
                                   chapters_from_folder, hookimpl)
from plugins.urban import KEY, acts
from plugins.urban.sections import CONTRACT_SECTIONS, DIAGNOSIS_SECTIONS

POPULATION_THRESHOLD = 20_000
BELOW_THRESHOLD_SCORE = 40


@hookimpl
def model_info():
    return ModelInfo(
        key=KEY,
        name=_l("Model dla gmin miejskich powyżej 20 000 mieszkańców"),
        short_name=_l("miejski"),
        name_forms=NameForms(nominative=_l("model miejski"), genitive=_l("modelu miejskiego"), locative=_l("modelu miejskim")),
        summary=_l("Miejski Partnerski Zespół Kooperacyjny z OPS/MOPS jako liderem i PCPR jako partnerem "
                   "strategicznym, Zadaniowe Zespoły Kooperacyjne (ZZK) i Lokalny Koszyk Usług."),
        designed_for=_l("gminy miejskie powyżej 20 000 mieszkańców i miasta na prawach powiatu"),
        partnership_body=_l("Partnerski Zespół Kooperacyjny (PZK) miejski"),
        formal_act=_l("deklaracja przystąpienia do PZK i ramowy regulamin PZK; upoważnienie prezydenta lub burmistrza dla OPS"),
        case_team=_l("Zadaniowy Zespół Kooperacyjny (ZZK)"),
        individual_plan=_l("wielosektorowa diagnoza i kontrakt socjalny"),
        roles=(
            Role(_l("Lider PZK (animator instytucjonalny)"), _l("OPS/MOPS na upoważnienie prezydenta lub burmistrza"),
                 _l("zwołuje i prowadzi PZK, koordynuje plan działania")),
            Role(_l("Partner strategiczny"), _l("PCPR"), _l("współtworzy PZK, wnosi zadania powiatu")),
            Role(_l("Kooperanci"), _l("instytucje i organizacje, które podpisały deklarację"), _l("wnoszą usługi do Lokalnego Koszyka Usług")),
            Role(_l("Zadaniowy Zespół Kooperacyjny"), _l("specjaliści różnych instytucji"), _l("wspierają konkretną osobę, rodzinę lub grupę")),
            Role(_l("Animator – moderator partnerstw"), _l("wsparcie zewnętrzne"), _l("pomaga utworzyć i prowadzić PZK")),
        ),
        tools=(_l("Lokalny Koszyk Usług"), _l("okresowy plan działania PZK z harmonogramem"),
               _l("strategia komunikacji PZK–ZZK"), _l("superwizja ZZK i coaching pracowników socjalnych")),
        order=30,
    )


@hookimpl
def match_municipality(municipality):
    if municipality.kind not in (MunicipalityKind.URBAN, MunicipalityKind.WARSAW_DISTRICT):
        return None
    if municipality.is_city_county and municipality.kind == MunicipalityKind.URBAN:
        return ModelMatch(KEY, 100, reasons=(
            _("%(name)s to miasto na prawach powiatu: model miejski obejmuje wszystkie takie miasta.",
              name=municipality.name),))
    if municipality.population is None:
        return None  # the core asks for the population first
    population = f"{municipality.population:,}".replace(",", " ")
    if municipality.population > POPULATION_THRESHOLD:
        return ModelMatch(KEY, 100, reasons=(
            _("%(name)s liczy %(population)s mieszkańców (%(year)s), czyli ponad 20 000: model miejski "
              "zaprojektowano dla takich gmin.", name=municipality.name, population=population,
              year=municipality.population_year),))
    return ModelMatch(KEY, BELOW_THRESHOLD_SCORE, reasons=(
        _("%(name)s liczy %(population)s mieszkańców (%(year)s), mniej niż próg 20 000 przyjęty dla modelu miejskiego.",
          name=municipality.name, population=population, year=municipality.population_year),))


@hookimpl
def book_chapters():
    return chapters_from_folder(Path(__file__).with_name("content"), KEY)


ACTION_PLAN_REVIEW = MeetingType("action_plan_review", _l("przegląd planu działania PZK"), (
    _l("Realizacja okresowego planu działania i harmonogramu"), _l("Informacje z Zadaniowych Zespołów Kooperacyjnych"),
    _l("Zmiany w Lokalnym Koszyku Usług"), _l("Promocja i komunikacja PZK–ZZK"), _l("Plan na kolejne miesiące")))
ZZK_MEETING = MeetingType("zzk", _l("spotkanie Zadaniowego Zespołu Kooperacyjnego"), (
    _l("Sytuacja osoby, rodziny lub grupy"), _l("Usługi z Lokalnego Koszyka Usług"),
    _l("Zadania członków zespołu i terminy"), _l("Informacja dla PZK")))


@hookimpl
def partnership_profile():
    return PartnershipProfile(
        body_name=_l("Partnerski Zespół Kooperacyjny (PZK)"),
        formal_act=_l("deklaracje przystąpienia do PZK i ramowy regulamin PZK"),
        member_act=_l("deklaracja przystąpienia do PZK"),
        leader_role=_l("Lider PZK (OPS/MOPS)"),
        second_role=_l("Partner strategiczny (PCPR)"),
        documents=(_l("upoważnienie prezydenta lub burmistrza dla OPS"), _l("ramowy regulamin PZK"),
                   _l("deklaracje przystąpienia do PZK"), _l("okresowy plan działania z harmonogramem"),
                   _l("strategia komunikacji PZK–ZZK")),
        recommended_sectors=("social_assistance", "labour", "education", "health", "police", "justice",
                             "housing", "ngo", "church", "culture"),
        meeting_types=(*STANDARD_MEETING_TYPES, ACTION_PLAN_REVIEW, ZZK_MEETING),
        cadence_days=15,
        setup_fields=(
            FieldSpec("mayor_authorisation", _l("Upoważnienie prezydenta lub burmistrza dla OPS (numer i data)"),
                      required=True, max_length=200),
            FieldSpec("action_plan_period", _l("Okres obecnego planu działania PZK"), max_length=100,
                      help=_l("Np. styczeń–czerwiec 2026.")),
            FieldSpec("network_officer", _l("Pracownik ds. sieci"), max_length=120),
        ),
        meeting_fields=(
            FieldSpec("zzk_reports", _l("Informacje z Zadaniowych Zespołów Kooperacyjnych"), kind="textarea", max_length=4000),
            FieldSpec("basket_changes", _l("Zmiany w Lokalnym Koszyku Usług"), kind="textarea", max_length=4000),
        ),
    )


@hookimpl
def diagnosis_sections():
    return list(DIAGNOSIS_SECTIONS)


@hookimpl
def contract_sections():
    return list(CONTRACT_SECTIONS)


@hookimpl
def case_team_profile():
    return CaseTeamProfile(
        name=_l("Zadaniowy Zespół Kooperacyjny (ZZK)"),
        member_roles=(_l("pracownik socjalny prowadzący sprawę"), _l("koordynator zespołu"), _l("pedagog szkolny"),
                      _l("kurator rodzinny"), _l("doradca zawodowy urzędu pracy"), _l("terapeuta uzależnień"),
                      _l("asystent rodziny"), _l("przedstawiciel zarządcy mieszkań")),
        recommended_sectors=("social_assistance", "education", "justice", "labour", "health", "housing", "ngo"),
        book="urban/procedura#powolanie-zadaniowego-zespolu-kooperacyjnego",
        summary=_l("Kilkuosobowy zespół instytucji z PZK dobrany do diagnozy tej rodziny; sprawę prowadzi "
                   "pracownik socjalny, a rodzina bierze udział w spotkaniach, na których ustala się cele."),
    )


@hookimpl
def formation_acts():
    return acts.formation_acts()
