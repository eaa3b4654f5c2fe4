"""The urban-rural model's own casework sections: the Municipal Cooperation Group (GGK) in the
diagnosis (the cost-of-inaction card is the PZK's, per problem area: plugins.urban_rural.card);
the GGK plan of cooperation with the social contract.

Section and field keys are permanent: answers are stored under them.
"""
from kooperacje.plugin_api import FieldSpec, FormSection
from kooperacje.plugin_api import lazy_gettext as _l

PROCEDURE = "urban_rural/procedura"

def _notes(name, label, help="", required=False, max_length=8000):
    return FieldSpec(name, label, kind="textarea", help=help, required=required, max_length=max_length)


DIAGNOSIS_SECTIONS = (
    FormSection("ggk", _l("Gminna Grupa Kooperacyjna (GGK)"), (
        _notes("difficulty", _l("Trudności rodziny, wokół których powstaje grupa"), required=True,
               help=_l("Skład grupy wynika z tych trudności, a nie z listy członków zespołu decydentów.")),
        FieldSpec("coordinator", _l("Koordynator GGK"), max_length=200,
                  help=_l("Pracownik MGOPS, który zwołuje grupę i czuwa nad przebiegiem współpracy.")),
        FieldSpec("members", _l("Instytucje w składzie grupy"), kind="institutions",
                  help=_l("Grupa powinna być mała – zwykle trzy do sześciu osób z instytucji "
                          "potrzebnych w tej sprawie.")),
        FieldSpec("formed_on", _l("Data powołania grupy"), kind="date"),
    ), book=f"{PROCEDURE}#krok-2-powolanie-grupy", order=130),
)

CONTRACT_SECTIONS = (
    FormSection("ggk_plan", _l("Plan współpracy GGK"), (
        _notes("goals", _l("Cele uzgodnione z rodziną na spotkaniu GGK"), required=True,
               help=_l("Sformułowane tak, by rodzina je rozumiała i uznawała za swoje.")),
        FieldSpec("agreed_on", _l("Data spotkania GGK, na którym uzgodniono cele"), kind="date"),
    ), intro=_l("Plan grupy nie jest kontraktem socjalnym, ale cele i działania kontraktu "
                "powinny być z nim spójne."),
        book=f"{PROCEDURE}#krok-3-wspolne-cele-z-rodzina", order=10),
    FormSection("ggk_tasks", _l("Zadania członków GGK"), (
        FieldSpec("institutions", _l("Instytucje, których przedstawiciele realizują zadania"), kind="institutions"),
        _notes("tasks", _l("Zadania członków grupy: kto, co, do kiedy")),
    ), book=f"{PROCEDURE}#krok-4-realizacja", order=20),
    FormSection("ggk_monitoring", _l("Monitorowanie współpracy"), (
        _notes("coordinator", _l("Jak koordynator GGK będzie monitorować realizację planu")),
        _notes("rops_adviser", _l("Wsparcie doradcy z ROPS"), max_length=2000),
        FieldSpec("next_meeting_on", _l("Termin kolejnego spotkania GGK"), kind="date"),
    ), book=f"{PROCEDURE}#krok-5-monitorowanie", order=30),
)
