"""The multi-sector diagnosis: drafts, sign-off and numbered versions that keep the history."""
from sqlalchemy import func, select

from kooperacje.audit.models import record
from kooperacje.clock import utcnow
from kooperacje.consents import service as consents
from kooperacje.diagnoses.models import Diagnosis
from kooperacje.diagnoses.sections import INVOLVE_FIELD, PARTNERS_SECTION, REASONS_FIELD, REASONS_SECTION
from kooperacje.extensions import db
from kooperacje.inaction import service as inaction
from kooperacje.partnership.models import Institution, ServiceOffer
from kooperacje.partnership.service import current_partnership
from kooperacje.plugins import get_plugins


def sections_for(record_):
    """The diagnosis sections of the model the record was written under."""
    return get_plugins().diagnosis_sections(record_.model_key)


def draft_of(client):
    return next((d for d in client.diagnoses if d.is_draft), None)


def latest_signed(client):
    signed = [d for d in client.diagnoses if not d.is_draft]
    return signed[-1] if signed else None


def start(client, author, model_key):
    """The client's open draft, or a new version: a copy of the latest signed one, if any."""
    draft = draft_of(client)
    if draft is not None:
        return draft
    previous = latest_signed(client)
    number = (db.session.scalar(select(func.max(Diagnosis.number)).where(Diagnosis.client_id == client.id)) or 0) + 1
    diagnosis = Diagnosis(municipality_id=client.municipality_id, client_id=client.id, number=number,
                          model_key=previous.model_key if previous else model_key,
                          answers=dict(previous.answers) if previous else _first_answers(client),
                          author_id=author.id)
    db.session.add(diagnosis)
    db.session.flush()
    if previous is not None:
        inaction.copy_references(previous, diagnosis)
    record("diagnosis_created", diagnosis, detail=f"client:{client.id};number:{number}")
    return diagnosis


def _first_answers(client):
    """A first diagnosis starts from what the case recorded at registration."""
    return {REASONS_SECTION: {REASONS_FIELD: list(client.reasons)}} if client.reasons else {}


def save(diagnosis, answers):
    diagnosis.answers = answers
    diagnosis.updated_at = utcnow()
    db.session.flush()
    record("diagnosis_saved", diagnosis)


def sign(diagnosis, user):
    """Sign off; the consents ticked in it join the register (the register decides from now on)."""
    diagnosis.status = "signed"
    diagnosis.signed_at = utcnow()
    diagnosis.signed_by_id = user.id
    db.session.flush()
    record("diagnosis_signed", diagnosis)
    consents.adopt(diagnosis, user)


def row_choices():
    """The PZK's institutions and basket services that casework forms offer, as (id, label)."""
    partnership = current_partnership()
    if partnership is None:
        return {"institutions": [], "services": []}
    # plain rows: every casework page asks, and only ids and names are shown
    institutions = db.session.execute(select(Institution.id, Institution.name)
                                      .where(Institution.partnership_id == partnership.id)
                                      .order_by(Institution.name)).all()
    offers = db.session.execute(select(ServiceOffer.id, ServiceOffer.service, Institution.name).join(Institution)
                                .where(Institution.partnership_id == partnership.id)
                                .order_by(ServiceOffer.service)).all()
    return {"institutions": [tuple(row) for row in institutions],
            "services": [(offer_id, f"{service} ({name})") for offer_id, service, name in offers]}


def partners_without_consent(diagnosis, institution_names, on=None):
    """Institutions to involve to which the client's consent in the register gives no diagnosis
    and plan (a draft's ticked consents count: signing records them in the register)."""
    partners = diagnosis.answers.get(PARTNERS_SECTION, {})
    adopted = set(consents.to_adopt(diagnosis)) if diagnosis.is_draft else set()
    return [institution_names.get(i, "?") for i in partners.get(INVOLVE_FIELD, [])
            if i not in adopted and consents.covering(diagnosis.client, i, "diagnosis_plan", on) is None]


def involved_partners(diagnosis):
    return list(diagnosis.answers.get(PARTNERS_SECTION, {}).get(INVOLVE_FIELD, [])) if diagnosis else []
