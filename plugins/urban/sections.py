"""The urban model's own casework sections: the Task Cooperation Team (ZZK) and the services of
the Local Basket of Services in the diagnosis; the sectors' contribution, the basket services,
supervision and the information for the PZK with the social contract.

Section and field keys are permanent: answers are stored under them.
"""
from kooperacje.plugin_api import FieldSpec, FormSection
from kooperacje.plugin_api import lazy_gettext as _l

PROCEDURE = "urban/procedura"
NO_PERSONAL_DATA = _l("Bez danych osobowych: posługuj się oznaczeniem sprawy, nie nazwiskiem.")


def _notes(name, label, help="", required=False, max_length=8000):
    return FieldSpec(name, label, kind="textarea", help=help, required=required, max_length=max_length)


DIAGNOSIS_SECTIONS = (
    FormSection("zzk", _l("Zadaniowy Zespół Kooperacyjny (ZZK)"), (
        FieldSpec("lead", _l("Osoba prowadząca sprawę"), required=True, max_length=200,
                  help=_l("Najczęściej pracownik socjalny: zwołuje spotkania ZZK, pilnuje terminów i jest "
                          "pierwszym kontaktem dla rodziny.")),
        FieldSpec("members", _l("Skład zespołu – instytucje"), kind="institutions"),
        FieldSpec("family_attends", _l("Osoba lub rodzina uczestniczy w spotkaniach ZZK"), kind="checkbox"),
        _notes("multiprofessional", _l("Wiedza specjalistów z różnych instytucji"),
               help=_l("Co każdy członek ZZK wie o sytuacji ze swojej perspektywy, a czego nie ma w wywiadzie – "
                       "i co rodzina zgodziła się przekazać.")),
    ), book=f"{PROCEDURE}#powolanie-zadaniowego-zespolu-kooperacyjnego", order=130),
    FormSection("basket", _l("Usługi z Lokalnego Koszyka Usług"), (
        FieldSpec("services", _l("Usługi z koszyka, których potrzebuje rodzina"), kind="services"),
        _notes("access", _l("Dostęp do usług"),
               help=_l("Warunki skorzystania, skierowania, czas oczekiwania, bariery.")),
        _notes("missing", _l("Usługi, których brakuje w koszyku"), max_length=2000,
               help=_l("Zespół przekaże tę informację do PZK.")),
    ), book=f"{PROCEDURE}#uslugi-z-lokalnego-koszyka-uslug", order=140),
)

CONTRACT_SECTIONS = (
    FormSection("sector_contributions", _l("Wkład sektorów – zadania ZZK"), (
        FieldSpec("institutions", _l("Instytucje, które wnoszą wkład"), kind="institutions"),
        _notes("tasks", _l("Plan działań ZZK: co wnosi każda instytucja – kto, co, do kiedy"), required=True),
    ), intro=_l("Stronami kontraktu są osoba lub rodzina i pracownik socjalny; wkład partnerów zapisuje się "
                "w dołączonym planie działań ZZK."),
        book=f"{PROCEDURE}#kontrakt-socjalny-i-wklad-sektorow", order=10),
    FormSection("contract_services", _l("Usługi z Lokalnego Koszyka Usług w kontrakcie"), (
        FieldSpec("services", _l("Usługi z koszyka uwzględnione w kontrakcie"), kind="services"),
        _notes("notes", _l("Ustalenia dotyczące korzystania z usług"), max_length=4000),
    ), book=f"{PROCEDURE}#uslugi-z-lokalnego-koszyka-uslug", order=20),
    FormSection("supervision", _l("Superwizja i coaching"), (
        _notes("notes", _l("Ustalenia z superwizji ZZK i coachingu pracownika socjalnego"), max_length=4000),
        FieldSpec("next_supervision_on", _l("Termin najbliższej superwizji"), kind="date"),
    ), book=f"{PROCEDURE}#superwizja-i-coaching", order=30),
    FormSection("pzk_info", _l("Informacja dla PZK"), (
        _notes("barriers", _l("Bariery i brakujące usługi zgłaszane do PZK"), max_length=4000),
    ), intro=NO_PERSONAL_DATA, book=f"{PROCEDURE}#realizacja-monitorowanie-i-ocena", order=40),
)
