"""Urban-rural model ("Kooperacja – efektywna i skuteczna", Makroregion II): a PZK of
decision-makers and Municipal Cooperation Groups (GGK) formed around each family's difficulties."""
from pathlib import Path

from kooperacje.plugin_api import gettext as _
from kooperacje.plugin_api import lazy_gettext as _l
from kooperacje.plugin_api import (STANDARD_MEETING_TYPES, CaseTeamProfile, FieldSpec, MeetingType, ModelInfo,
                                   ModelMatch, MunicipalityKind, NameForms, PartnershipProfile, Role,
                                   chapters_from_folder, hookimpl)
from plugins.urban_rural import KEY, acts, card
from plugins.urban_rural.sections import CONTRACT_SECTIONS, DIAGNOSIS_SECTIONS

URBAN_MODEL_THRESHOLD = 20_000
FALLBACK_SCORE = 60


@hookimpl
def model_info():
    return ModelInfo(
        key=KEY,
        name=_l("Model dla gmin miejsko-wiejskich"),
        short_name=_l("miejsko-wiejski"),
        name_forms=NameForms(nominative=_l("model miejsko-wiejski"), genitive=_l("modelu miejsko-wiejskiego"), locative=_l("modelu miejsko-wiejskim")),
        summary=_l("Partnerski Zespół Kooperacyjny decydentów instytucji oraz Gminne Grupy Kooperacyjne (GGK) "
                   "tworzone wokół trudności konkretnej rodziny, z koordynatorem GGK z MGOPS."),
        designed_for=_l("gminy miejsko-wiejskie (TERYT: rodzaj 3)"),
        partnership_body=_l("Partnerski Zespół Kooperacyjny (PZK) decydentów"),
        formal_act=_l("deklaracja lub porozumienie podpisane przez kierowników instytucji"),
        case_team=_l("Gminna Grupa Kooperacyjna (GGK)"),
        individual_plan=_l("plan współpracy ustalony przez GGK z rodziną"),
        roles=(
            Role(_l("Koordynator GGK"), _l("pracownik MGOPS"), _l("tworzy grupę wokół trudności rodziny, czuwa nad przebiegiem współpracy")),
            Role(_l("Pracownik socjalny"), _l("MGOPS"), _l("odpowiada za osiągnięcie celów przyjętych przez GGK")),
            Role(_l("Decydenci PZK"), _l("kierownicy i dyrektorzy instytucji"), _l("podpisują deklarację, kierują do współpracy swoich pracowników")),
            Role(_l("Regionalny animator współpracy"), _l("ROPS"), _l("wspiera gminę, doradza koordynatorowi GGK")),
        ),
        tools=(_l("karty kosztów zaniechania dla obszarów problemowych"), _l("plan współpracy GGK")),
        order=20,
    )


@hookimpl
def match_municipality(municipality):
    if municipality.kind == MunicipalityKind.URBAN_RURAL:
        return ModelMatch(KEY, 100, reasons=(
            _("%(name)s to gmina miejsko-wiejska (TERYT: rodzaj 3). Model zaprojektowano dla takich gmin, "
              "niezależnie od wielkości miasta.", name=municipality.name),))
    small_town = (municipality.kind == MunicipalityKind.URBAN and not municipality.is_city_county
                  and municipality.population is not None and municipality.population <= URBAN_MODEL_THRESHOLD)
    if small_town:
        return ModelMatch(KEY, FALLBACK_SCORE, reasons=(
            _("%(name)s to gmina miejska licząca %(population)s mieszkańców (%(year)s), czyli nie więcej niż 20 000.",
              name=municipality.name, population=f"{municipality.population:,}".replace(",", " "),
              year=municipality.population_year),
            _("Ten model jest najbliższy skalą i także opiera się na usługach powiatu."),
        ), notices=(
            _("Żadnego z modeli nie zaprojektowano dla gmin miejskich do 20 000 mieszkańców. Zalecamy model "
              "miejsko-wiejski; możesz wybrać model miejski, uzasadniając wybór."),))
    return None


@hookimpl
def book_chapters():
    return chapters_from_folder(Path(__file__).with_name("content"), KEY)


DECISION_MAKERS = MeetingType("decision_makers", _l("spotkanie z decydentami"), (
    _l("Prezentacja modelu i korzyści ze współpracy"), _l("Karty kosztów zaniechania dla obszarów problemowych gminy"),
    _l("Deklaracje udziału instytucji"), _l("Wskazanie pracowników do Gminnych Grup Kooperacyjnych")))
GGK_MEETING = MeetingType("ggk", _l("spotkanie Gminnej Grupy Kooperacyjnej"), (
    _l("Trudności rodziny, wokół których powstała grupa"), _l("Cele uzgodnione z rodziną"),
    _l("Działania członków GGK i terminy"), _l("Informacja dla koordynatora GGK")))


@hookimpl
def partnership_profile():
    return PartnershipProfile(
        body_name=_l("Partnerski Zespół Kooperacyjny decydentów"),
        formal_act=_l("deklaracja współpracy podpisana przez kierowników instytucji"),
        member_act=_l("deklaracja współpracy"),
        leader_role=_l("Koordynator GGK (MGOPS)"),
        second_role=_l("Regionalny animator współpracy"),
        documents=(_l("deklaracje współpracy decydentów"), _l("karty kosztów zaniechania"), _l("plany współpracy GGK")),
        recommended_sectors=("social_assistance", "labour", "education", "health", "police", "justice", "housing", "ngo"),
        meeting_types=(*STANDARD_MEETING_TYPES, DECISION_MAKERS, GGK_MEETING),
        cadence_days=30,
        setup_fields=(
            FieldSpec("problem_areas", _l("Obszary problemowe z kartami kosztów zaniechania"), kind="textarea",
                      help=_l("Np. przemoc domowa, problemy opiekuńczo-wychowawcze, bezdomność."), max_length=1000),
            FieldSpec("rops_adviser", _l("Doradca z ROPS"), max_length=120),
        ),
        meeting_fields=(
            FieldSpec("ggk_active", _l("Liczba działających GGK"), kind="integer"),
            FieldSpec("ggk_reports", _l("Informacje koordynatorów GGK"), kind="textarea", max_length=4000),
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
        name=_l("Gminna Grupa Kooperacyjna (GGK)"),
        member_roles=(_l("koordynator GGK"), _l("pracownik socjalny prowadzący sprawę"), _l("pedagog szkolny"),
                      _l("doradca zawodowy PUP"), _l("kurator rodzinny"), _l("asystent rodziny"),
                      _l("dzielnicowy"), _l("specjalista terapii")),
        recommended_sectors=("social_assistance", "education", "labour", "justice", "police", "health", "ngo"),
        book="urban_rural/procedura#krok-2-powolanie-grupy",
        summary=_l("Mała grupa osób z instytucji wskazanych przez decydentów, zebrana wokół trudności tej "
                   "rodziny; z rodziną kontaktuje się pracownik socjalny."),
    )


@hookimpl
def formation_acts():
    return acts.formation_acts()


@hookimpl
def inaction_card():
    return card.inaction_card()
