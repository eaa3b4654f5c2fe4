"""A case's life: registering it, editing it and its household (members join and leave, their
rows and history kept), each write with its audit record."""
from sqlalchemy import select

from kooperacje.audit.models import record
from kooperacje.clients.models import CaseStatusChange, Client, Person
from kooperacje.clock import utcnow
from kooperacje.extensions import db
from kooperacje.notifications.service import notify
from kooperacje.text import fold

PERSON_FIELDS = ("first_name", "last_name", "pesel", "birth_date", "sex")
#: what the case form edits besides its applicant (its version is the optimistic lock's)
CLIENT_FIELDS = ("kind", "street", "postal_code", "town", "phone")


def register_client(form, worker):
    client = Client(municipality_id=worker.municipality_id, kind=form.kind.data, street=form.street.data or None,
                    postal_code=(form.postal_code.data or "").strip() or None, town=form.town.data or None,
                    phone=form.phone.data or None, reasons=list(form.reasons.data or []), worker_id=worker.id,
                    surname_key=fold(form.last_name.data.strip()))
    client.members.append(_person(form, client, "applicant"))
    db.session.add(client)
    db.session.flush()
    record("client_created", client)
    return client


def update_client(client, form):
    """The case's data and its applicant's; the caller runs it through versions.save_versioned."""
    for name in CLIENT_FIELDS:
        setattr(client, name, (form[name].data or "").strip() or None)
    client.kind = form.kind.data
    client.reasons = list(form.reasons.data or [])
    client.surname_key = fold(form.last_name.data.strip())
    _copy_person(client.applicant, form)
    _touch(client)
    record("client_updated", client)


def update_member(person, form):
    _copy_person(person, form)
    person.relation, person.joined_on = form.relation.data, form.joined_on.data
    _touch(person.client)
    record("client_member_updated", person.client, detail=f"person:{person.id}")


def member_left(person, left_on, user):
    """The member leaves the household: the row stays, with the date and who recorded it."""
    person.left_on, person.left_recorded_by_id = left_on, user.id
    _touch(person.client)
    record("client_member_left", person.client, detail=f"person:{person.id}")


def close_case(client, closed_on, reason, text, user):
    """The case ends, with the date and the reason; it stays in the register, read-only."""
    _change_status(client, "closed", closed_on, user, reason=reason, text=(text or "").strip() or None)
    record("case_closed", client, detail=f"reason:{reason}")


def reopen_case(client, reopened_on, text, user):
    """Work on a closed case starts again: who reopened it, when and why are kept."""
    _change_status(client, "reopened", reopened_on, user, text=text.strip())
    record("case_reopened", client)


def reassign(client, worker):
    """The head hands the case to another worker. Every social worker of the centre reads every
    case (README, "Who may open client case files"), so access does not move with it: what moves
    is who is responsible (the case list, the desk, the reminders)."""
    previous = client.worker_id
    client.worker_id = worker.id
    _touch(client)
    record("case_reassigned", client, detail=f"previous_worker:{previous or '-'};worker:{worker.id}")
    notify(client.municipality_id, [worker.id], "case_assigned", "clients.detail", client_id=client.id)


def _change_status(client, kind, dated_on, user, **facts):
    client.status = "closed" if kind == "closed" else "active"
    client.status_changes.append(CaseStatusChange(municipality_id=client.municipality_id, kind=kind,
                                                  dated_on=dated_on, user_id=user.id, **facts))
    _touch(client)


def _touch(client):
    """Every edit of the case or its household moves the case's version on (a stale save fails
    at this flush, before the audit record)."""
    client.updated_at = utcnow()
    db.session.flush()


def _copy_person(person, form):
    for name, value in _person_values(form).items():
        setattr(person, name, value)


def add_member(client, form):
    person = _person(form, client, form.relation.data)
    person.joined_on = form.joined_on.data
    client.members.append(person)
    db.session.flush()
    record("client_member_added", client, detail=f"person:{person.id}")
    return person


def _person(form, client, relation):
    return Person(municipality_id=client.municipality_id, relation=relation, **_person_values(form))


def _person_values(form):
    values = {name: form[name].data for name in PERSON_FIELDS}
    values["first_name"], values["last_name"] = values["first_name"].strip(), values["last_name"].strip()
    values["pesel"] = values["pesel"] or None
    values["sex"] = values["sex"] or None
    return values


def cases_with_pesel(pesel, person=None):
    """The municipality's cases in which someone (other than ``person``, being edited) already has
    this PESEL. Tenant scoping keeps other municipalities' cases out of the answer, so nothing of
    theirs is revealed."""
    if not pesel:
        return []
    statement = select(Client).join(Person).where(Person.pesel == pesel).order_by(Client.id)
    if person is not None:
        statement = statement.where(Person.id != person.id)
    return db.session.scalars(statement).unique().all()

