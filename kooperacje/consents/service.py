"""The consent register's writes and the one place that decides whether a consent covers a
disclosure. Partner pages ask :func:`covering` or :func:`visible_client_ids` and nothing else,
as every query asks the tenant scope: a consent counts from the day it was given until the day
it was withdrawn, so a withdrawal recorded today ends the cover today."""
from sqlalchemy import or_, select

from kooperacje.audit.models import record
from kooperacje.clients.models import Client, Person
from kooperacje.clock import local_today, to_local, utcnow
from kooperacje.consents.models import Consent, ConsentScope
from kooperacje.consents.vocabulary import ALL_CASE_DATA
from kooperacje.diagnoses.sections import CONSENT_FIELD, PARTNERS_SECTION
from kooperacje.extensions import db
from kooperacje.partnership.models import Institution

APPLICANT = "applicant"


# --- deciding --------------------------------------------------------------------------------

def covering(subject, institution_id, scope, on=None):
    """The consent in force on ``on`` (today) by which ``subject`` lets the institution have
    their data of ``scope``, or None. ``subject`` is a Person, or a Client: its applicant, whose
    consent speaks for the case (a household member's consent covers that member's data only)."""
    person_id = _person_id(subject)
    if person_id is None:
        return None
    statement = (_in_force(select(Consent), scope, on or local_today())
                 .where(Consent.person_id == person_id, Consent.institution_id == institution_id))
    return db.session.scalars(statement.order_by(Consent.given_on, Consent.id)).first()


def _person_id(subject):
    if isinstance(subject, Client):
        return subject.applicant.id if subject.applicant else None
    return subject.id if isinstance(subject, Person) else None


def visible_client_ids(institution_id, scope, on=None):
    """A select of the ids of the cases whose client's consent lets the institution have data
    of ``scope`` on ``on`` (today): use it as ``Client.id.in_(visible_client_ids(...))``."""
    statement = (select(Consent.client_id).join(Person, Person.id == Consent.person_id)
                 .where(Person.relation == APPLICANT, Consent.institution_id == institution_id))
    return _in_force(statement, scope, on or local_today()).distinct()


def _in_force(statement, scope, day):
    covered = select(ConsentScope.consent_id).where(ConsentScope.scope.in_((scope, ALL_CASE_DATA)))
    return statement.where(Consent.id.in_(covered), Consent.given_on <= day,
                           or_(Consent.withdrawn_on.is_(None), Consent.withdrawn_on > day))


def institutions_with_consent(client, on=None):
    """The institutions someone of the case lets have some of their data on ``on`` (today)."""
    day = on or local_today()
    return {c.institution_id for c in consents_of(client) if c.in_force_on(day)}


# --- reading ---------------------------------------------------------------------------------

def consents_of(client):
    """Every consent of the case, the newest first, withdrawn ones too (their history)."""
    return db.session.scalars(select(Consent).where(Consent.client_id == client.id)
                              .order_by(Consent.given_on.desc(), Consent.id.desc())).all()


def conflicting(person_id, institution_id, scopes):
    """A consent not withdrawn of the same person for the same institution that already
    covers one of ``scopes`` (a second one would say the same twice)."""
    wanted = set(scopes)
    active = db.session.scalars(select(Consent).where(
        Consent.person_id == person_id, Consent.institution_id == institution_id, Consent.withdrawn_on.is_(None)))
    return next((c for c in active
                 if wanted & set(c.scopes) or ALL_CASE_DATA in wanted | set(c.scopes)), None)


# --- writing ---------------------------------------------------------------------------------

def record_consent(client, person_id, institution_id, scopes, given_on, given_how, note, user, diagnosis=None):
    consent = Consent(municipality_id=client.municipality_id, client_id=client.id, person_id=person_id,
                      institution_id=institution_id, given_on=given_on, given_how=given_how,
                      note=(note or "").strip() or None, recorded_by_id=user.id,
                      diagnosis_id=diagnosis.id if diagnosis else None)
    consent.scope_rows = [ConsentScope(municipality_id=client.municipality_id, scope=s) for s in sorted(set(scopes))]
    db.session.add(consent)
    db.session.flush()
    record("consent_adopted" if diagnosis else "consent_recorded", consent,
           detail=f"person:{person_id};institution:{institution_id}")
    return consent


def withdraw(consent, withdrawn_on, user):
    consent.withdrawn_on = withdrawn_on
    consent.withdrawal_recorded_by_id = user.id
    consent.withdrawal_recorded_at = utcnow()
    db.session.flush()
    record("consent_withdrawn", consent, detail=f"person:{consent.person_id};institution:{consent.institution_id}")


# --- the diagnosis's consent checkboxes ------------------------------------------------------

def to_adopt(diagnosis):
    """The institutions ticked in the diagnosis's consent field for which the client has no
    consent in the register yet: signing the diagnosis records them (see :func:`adopt`)."""
    client = diagnosis.client
    applicant = client.applicant
    ticked = diagnosis.answers.get(PARTNERS_SECTION, {}).get(CONSENT_FIELD, [])
    if applicant is None or not ticked:
        return []
    known = set(db.session.scalars(select(Institution.id).where(Institution.id.in_(ticked))))
    return [i for i in dict.fromkeys(ticked) if i in known and conflicting(applicant.id, i, [ALL_CASE_DATA]) is None]


def adopt(diagnosis, user):
    """A consent ticked in a diagnosis signed now joins the register: oral, recorded in the
    file, all case data, dated by the signing. Unticking later withdraws nothing: a withdrawal
    is recorded in the register, where its date and who recorded it are kept."""
    day = to_local(diagnosis.signed_at).date() if diagnosis.signed_at else local_today()
    for institution_id in to_adopt(diagnosis):
        record_consent(diagnosis.client, diagnosis.client.applicant.id, institution_id, [ALL_CASE_DATA], day,
                       "oral", None, user, diagnosis=diagnosis)
