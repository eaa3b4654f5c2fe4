"""The client data report (GDPR art. 15): what the centre holds about a client, with whom it
was agreed to share it, and who accessed it, when and for what purpose."""
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from kooperacje.audit.models import CASE_ACCESSED, AuditEvent
from kooperacje.casework.sections import CONSENT_FIELD, INVOLVE_FIELD, PARTNERS_SECTION
from kooperacje.extensions import db

#: what each recorded action on a client's records was for
PURPOSES = {
    "client_created": _l("rejestracja sprawy"),
    "client_viewed": _l("wgląd w akta sprawy"),
    "client_member_added": _l("dopisanie osoby do gospodarstwa domowego"),
    "client_report_viewed": _l("sporządzenie informacji o przetwarzaniu danych (art. 15 RODO)"),
    "diagnosis_created": _l("rozpoczęcie diagnozy"),
    "diagnosis_saved": _l("praca nad diagnozą"),
    "diagnosis_signed": _l("zatwierdzenie diagnozy"),
    "diagnosis_viewed": _l("wgląd w diagnozę"),
    "contract_created": _l("przygotowanie kontraktu socjalnego"),
    "contract_saved": _l("przygotowanie kontraktu socjalnego"),
    "contract_signed": _l("zawarcie kontraktu socjalnego"),
    "contract_started": _l("realizacja kontraktu socjalnego"),
    "contract_viewed": _l("wgląd w kontrakt socjalny"),
    "contract_exported": _l("wydruk kontraktu socjalnego"),
    "contract_amended": _l("zmiana kontraktu socjalnego"),
    "contract_action_status": _l("monitorowanie realizacji kontraktu"),
    "contract_review_planned": _l("monitorowanie realizacji kontraktu"),
    "contract_evaluation_saved": _l("ocena realizacji kontraktu"),
    "contract_evaluated": _l("ocena realizacji kontraktu"),
    "contract_closed": _l("zamknięcie kontraktu"),
}
#: what a page that showed the case file was for, by the blueprint or endpoint that showed it
ACCESS_PURPOSES = {
    "casework.index": _l("wyszukanie sprawy na liście"),
    "casework.desk": _l("przegląd spraw pracownika"),
    "casework": _l("wgląd w akta sprawy"),
    "diagnoses": _l("wgląd w diagnozę"),
    "contracts": _l("wgląd w kontrakt socjalny"),
    "contracts.document": _l("wydruk kontraktu socjalnego"),
}


def purpose(event):
    """The purpose a person reads for an audited event on the client's records."""
    if event.action != CASE_ACCESSED:
        return PURPOSES.get(event.action, event.action)
    endpoint = event.detail or ""
    return ACCESS_PURPOSES.get(endpoint) or ACCESS_PURPOSES.get(endpoint.split(".")[0], PURPOSES["client_viewed"])


def sharing(client, institution_names):
    """Per institution: whether to involve it and whether the client agreed to share data,
    by signed diagnosis version."""
    rows = []
    for diagnosis in client.diagnoses:
        if diagnosis.is_draft:
            continue
        partners = diagnosis.answers.get(PARTNERS_SECTION, {})
        involved, consented = set(partners.get(INVOLVE_FIELD, [])), set(partners.get(CONSENT_FIELD, []))
        for institution_id in sorted(involved | consented, key=lambda i: institution_names.get(i, "")):
            rows.append({"diagnosis": diagnosis, "institution": institution_names.get(institution_id, "?"),
                         "involved": institution_id in involved, "consent": institution_id in consented})
    return rows


def accesses(client):
    """Every audited action on the client's records and every access to them, oldest first."""
    statement = (select(AuditEvent).where(AuditEvent.municipality_id == client.municipality_id,
                                          AuditEvent.client_id == client.id)
                 .options(selectinload(AuditEvent.user)).order_by(AuditEvent.at, AuditEvent.id))
    return db.session.scalars(statement).all()
