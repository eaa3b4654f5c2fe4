"""The words of the consent register: what a consent covers and how it was given."""
from kooperacje.i18n import lazy_gettext as _l

#: the scope that covers every other one
ALL_CASE_DATA = "all"
#: what the person agreed to share with the institution (a consent may name several)
SCOPES = {
    "diagnosis_plan": _l("diagnoza i plan pomocy"),
    "contract_actions": _l("działania kontraktu socjalnego"),
    "referral": _l("dane potrzebne do skierowania"),
    ALL_CASE_DATA: _l("wszystkie dane sprawy"),
}
#: how the consent was given
GIVEN_HOW = {
    "written": _l("na piśmie"),
    "oral": _l("ustnie, z adnotacją w aktach sprawy"),
    "electronic": _l("elektronicznie"),
}
#: the purpose the printed form states, by scope (the form is always Polish)
PURPOSES = {
    "diagnosis_plan": "wspólne przygotowanie wielosektorowej diagnozy i planu pomocy",
    "contract_actions": "realizacja działań kontraktu socjalnego powierzonych instytucji",
    "referral": "skierowanie do usługi lub formy wsparcia prowadzonej przez instytucję",
    ALL_CASE_DATA: "współpraca instytucji przy udzielaniu wsparcia osobie lub rodzinie w całej sprawie",
}
