"""The client data report (GDPR art. 15): what the centre holds about a client, with whom it
was agreed to share it, and who accessed it, when and for what purpose."""
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from kooperacje.audit.models import AuditEvent
from kooperacje.consents import service as consents
from kooperacje.diagnoses.sections import CONSENT_FIELD, INVOLVE_FIELD, PARTNERS_SECTION
from kooperacje.extensions import db


def sharing(client, institution_names):
    """Per signed diagnosis version, the institutions it named to involve or ticked for consent,
    and whether the consent register lets each have some of the case's data today (the register,
    not the diagnosis's checkbox, decides since consents were recorded there)."""
    in_force = consents.institutions_with_consent(client)
    rows = []
    for diagnosis in client.diagnoses:
        if diagnosis.is_draft:
            continue
        partners = diagnosis.answers.get(PARTNERS_SECTION, {})
        involved, ticked = set(partners.get(INVOLVE_FIELD, [])), set(partners.get(CONSENT_FIELD, []))
        for institution_id in sorted(involved | ticked, key=lambda i: institution_names.get(i, "")):
            rows.append({"diagnosis": diagnosis, "institution": institution_names.get(institution_id, "?"),
                         "involved": institution_id in involved, "consent": institution_id in in_force})
    return rows


def accesses(client):
    """Every audited action on the client's records and every access to them, oldest first."""
    statement = (select(AuditEvent).where(AuditEvent.client_id == client.id)
                 .options(selectinload(AuditEvent.user)).order_by(AuditEvent.at, AuditEvent.id))
    return db.session.scalars(statement).all()
