"""The words of the team around a family."""
from kooperacje.i18n import lazy_gettext as _l

CONTRACT_ACTION, PARTNER_TASK, MISSING_SERVICE = "contract_action", "partner_task", "missing_service"
#: what a meeting's decision is
DECISION_KINDS = {
    CONTRACT_ACTION: _l("działanie do kontraktu socjalnego"),
    PARTNER_TASK: _l("zadanie dla instytucji partnerskiej"),
    MISSING_SERVICE: _l("brak usługi w koszyku (zgłoszenie do PZK)"),
}
#: the kinds of decision that become something: an action of the contract, a partner task
APPLIED_KINDS = (CONTRACT_ACTION, PARTNER_TASK)
#: the contract a decision goes to: one still prepared (draft, or waiting for the head's
#: approval, which refuses it) or being carried out
CURRENT_CONTRACT_STATUSES = ("draft", "to_approve", "approved", "signed", "in_progress")
#: the team's name when the municipality's model gives none
DEFAULT_TEAM_NAME = _l("Zespół wokół rodziny")
#: the consent scope under which a partner member reads the team's page
TEAM_CONSENT_SCOPE = "diagnosis_plan"
