"""Rural model ("Liderzy Kooperacji", Makroregion I): a gmina + powiat Partner Cooperation Team."""
from pathlib import Path

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from kooperacje import hookimpl
from kooperacje.book.loader import chapters_from_folder
from kooperacje.domain import ModelInfo, ModelMatch, MunicipalityKind, Role
from plugins.rural import KEY


@hookimpl
def model_info():
    return ModelInfo(
        key=KEY,
        name=_l("Model dla gmin wiejskich"),
        short_name=_l("wiejski"),
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
