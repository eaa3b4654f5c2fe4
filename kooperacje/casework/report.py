"""The client data report (GDPR art. 15): what the centre holds about a client, with whom it
was agreed to share it, and who accessed it, when and for what purpose."""
from flask_babel import lazy_gettext as _l
from sqlalchemy import or_, select
from sqlalchemy.orm import selectinload

from kooperacje.audit.models import AuditEvent
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
    """Every audited action on the client, its diagnoses and contracts, oldest first."""
    objects = [("client", [client.id]), ("diagnosis", [d.id for d in client.diagnoses]),
               ("contract", [c.id for c in client.contracts])]
    conditions = [(AuditEvent.object_type == kind) & AuditEvent.object_id.in_(ids) for kind, ids in objects if ids]
    statement = (select(AuditEvent).where(AuditEvent.municipality_id == client.municipality_id, or_(*conditions))
                 .options(selectinload(AuditEvent.user)).order_by(AuditEvent.at, AuditEvent.id))
    return db.session.scalars(statement).all()
