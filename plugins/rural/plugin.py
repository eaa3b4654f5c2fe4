"""Rural model ("Liderzy Kooperacji", Makroregion I): a gmina + powiat Partner Cooperation Team."""
from pathlib import Path

from kooperacje.plugin_api import gettext as _
from kooperacje.plugin_api import lazy_gettext as _l
from kooperacje.plugin_api import (STANDARD_MEETING_TYPES, CaseTeamProfile, FieldSpec, MeetingType, ModelInfo,
                                   ModelMatch, MunicipalityKind, NameForms, PartnershipProfile, Role,
                                   chapters_from_folder, hookimpl)
from plugins.rural import KEY, acts
from plugins.rural.sections import CONTRACT_SECTIONS, DIAGNOSIS_SECTIONS


@hookimpl
def model_info():
    return ModelInfo(
        key=KEY,
        name=_l("Model dla gmin wiejskich"),
        short_name=_l("wiejski"),
        name_forms=NameForms(nominative=_l("model wiejski"), genitive=_l("modelu wiejskiego"), locative=_l("modelu wiejskim")),
        summary=_l("Gminno-powiatowy Partnerski Zespół Kooperacji, który sam diagnozuje sytuację rodziny "
                   "na warsztatach diagnostycznych i przygotowuje z nią Indywidualny Program Współpracy."),
        designed_for=_l("gminy wiejskie (TERYT: rodzaj 2)"),
        partnership_body=_l("Partnerski Zespół Kooperacji (PZK) gminno-powiatowy"),
        formal_act=_l("porozumienie o współpracy między gminą a powiatem"),
        case_team=_l("PZK pracujący z rodziną na warsztatach diagnostycznych"),
        individual_plan=_l("Indywidualny Program Współpracy (IPW)"),
        roles=(
            Role(_l("Animator gminny"), _l("pracownik OPS/GOPS"), _l("zwołuje PZK, prowadzi spotkania, dba o ciągłość współpracy")),
            Role(_l("Animator powiatowy"), _l("pracownik PCPR lub starostwa"), _l("włącza instytucje powiatowe, współprowadzi PZK")),
            Role(_l("Członkowie PZK"), _l("przedstawiciele instytucji gminnych i powiatowych"), _l("diagnozują z rodziną, realizują zadania z IPW")),
            Role(_l("Wojewódzki Zespół Kooperacji (WZK)"), _l("regionalne instytucje sektorowe"), _l("wspiera zespoły gminno-powiatowe")),
        ),
        tools=(_l("warsztat diagnostyczny z rodziną"), _l("genogram"),
               _l("podejście skoncentrowane na rozwiązaniach (PSR)")),
        order=10,
    )


@hookimpl
def match_municipality(municipality):
    if municipality.kind != MunicipalityKind.RURAL:
        return None
    return ModelMatch(KEY, 100, reasons=(
        _("%(name)s to gmina wiejska (TERYT: rodzaj 2). Model dla gmin wiejskich zaprojektowano właśnie dla takich gmin.",
          name=municipality.name),
        _("Mała gmina korzysta z usług powiatu, dlatego zespół jest gminno-powiatowy."),
    ))


@hookimpl
def book_chapters():
    return chapters_from_folder(Path(__file__).with_name("content"), KEY)


DIAGNOSTIC_WORKSHOP = MeetingType("diagnostic_workshop", _l("warsztat diagnostyczny z rodziną"), (
    _l("Zasady warsztatu i zgoda rodziny na udział partnerów"), _l("Genogram rodziny"),
    _l("Mocne strony, zasoby i dotychczasowe rozwiązania (PSR)"), _l("Potrzeby i oczekiwania rodziny jej słowami"),
    _l("Wstępne cele Indywidualnego Programu Współpracy"), _l("Podział zadań i termin kolejnego spotkania")))


@hookimpl
def partnership_profile():
    return PartnershipProfile(
        body_name=_l("Partnerski Zespół Kooperacji (gminno-powiatowy)"),
        formal_act=_l("porozumienie o współpracy między gminą a powiatem"),
        member_act=_l("przystąpienie do porozumienia"),
        leader_role=_l("Animator gminny"),
        second_role=_l("Animator powiatowy"),
        documents=(_l("porozumienie o współpracy gmina–powiat"), _l("lista członków PZK"),
                   _l("Indywidualne Programy Współpracy (IPW)")),
        recommended_sectors=("social_assistance", "labour", "education", "health", "police", "justice", "ngo"),
        meeting_types=(*STANDARD_MEETING_TYPES, DIAGNOSTIC_WORKSHOP),
        cadence_days=30,
        setup_fields=(
            FieldSpec("powiat_name", _l("Powiat – strona porozumienia"), required=True, max_length=120),
            FieldSpec("agreement_signed_on", _l("Data podpisania porozumienia gmina–powiat"), kind="date"),
            FieldSpec("wzk_contact", _l("Kontakt do Wojewódzkiego Zespołu Kooperacji"), max_length=200),
        ),
        meeting_fields=(
            FieldSpec("families_discussed", _l("Liczba omawianych rodzin"), kind="integer"),
            FieldSpec("powiat_animator_present", _l("Animator powiatowy obecny"), kind="checkbox"),
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
        name=_l("Zespół gminno-powiatowy pracujący z rodziną (PZK)"),
        member_roles=(_l("animator gminny"), _l("animator powiatowy"), _l("pracownik socjalny prowadzący sprawę"),
                      _l("przedstawiciel PUP"), _l("przedstawiciel PCPR"), _l("pedagog szkolny"), _l("dzielnicowy"),
                      _l("pielęgniarka środowiskowa")),
        recommended_sectors=("social_assistance", "labour", "education", "health", "police", "justice", "ngo"),
        book="rural/procedura#krok-2-warsztat-diagnostyczny-z-rodzina",
        summary=_l("Przedstawiciele instytucji gminnych i powiatowych z PZK, którzy diagnozują sytuację razem "
                   "z rodziną na warsztatach diagnostycznych i przygotowują z nią IPW."),
    )


@hookimpl
def formation_acts():
    return acts.formation_acts()
