"""A small fourth model plugin, as a third party would write it, used by the test suite."""
from pathlib import Path

from kooperacje.plugin_api import (FieldSpec, FormSection, MeetingType, ModelInfo, ModelMatch, MunicipalityKind,
                                   PartnershipProfile, Role, chapters_from_folder, hookimpl)

KEY = "island"
__version__ = "0.0.1"


@hookimpl
def model_info():
    return ModelInfo(
        key=KEY, name="Model wyspowy", short_name="wyspowy",
        summary="Model testowy dla gmin wiejskich z jednym ośrodkiem i promem.",
        designed_for="gminy wiejskie z promem", partnership_body="Rada Wyspy", formal_act="uchwała rady",
        case_team="Zespół przeprawowy", individual_plan="Plan rejsu",
        roles=(Role("Kapitan", "kierownik OPS", "zwołuje Radę Wyspy"),), tools=("rozkład promu",), order=40)


@hookimpl
def match_municipality(municipality):
    if municipality.kind == MunicipalityKind.RURAL:
        return ModelMatch(KEY, 50, reasons=("Gmina wiejska: model wyspowy też się nada.",))
    return None


@hookimpl
def book_chapters():
    return chapters_from_folder(Path(__file__).with_name("content"), KEY)


@hookimpl
def partnership_profile():
    return PartnershipProfile(
        body_name="Rada Wyspy", formal_act="uchwała rady", member_act="zgłoszenie do rady",
        leader_role="Kapitan", second_role="Bosman", documents=("rozkład rejsów",),
        recommended_sectors=("social_assistance", "health"),
        meeting_types=(MeetingType("crossing", "narada przed rejsem", ("Pogoda", "Lista pasażerów")),),
        cadence_days=7,
        setup_fields=(FieldSpec("ferry_name", "Nazwa promu", required=True),),
        meeting_fields=(FieldSpec("sea_state", "Stan morza", kind="select", choices=(("calm", "spokojne"), ("rough", "wzburzone"))),),
    )


@hookimpl
def diagnosis_sections():
    return [FormSection("crossing", "Dojazd na ląd", (
        FieldSpec("crossings", "Przeprawy promem w miesiącu", kind="integer", max_value=100),
        FieldSpec("barriers", "Co utrudnia dojazd", kind="textarea"),
    ), book="island/rada-wyspy#rozklad-promu", order=150)]


@hookimpl
def contract_sections():
    return [FormSection("voyage", "Plan rejsu", (
        FieldSpec("port", "Port docelowy", required=True),
        FieldSpec("sail_on", "Data rejsu", kind="date"),
    ), book="island/rada-wyspy", order=10)]
