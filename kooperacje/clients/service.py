"""Registering clients and their household members."""
from sqlalchemy import select

from kooperacje.audit.models import record
from kooperacje.clients.models import Client, Person
from kooperacje.extensions import db
from kooperacje.text import fold

PERSON_FIELDS = ("first_name", "last_name", "pesel", "birth_date", "sex")


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


def add_member(client, form):
    person = _person(form, client, form.relation.data)
    client.members.append(person)
    db.session.flush()
    record("client_member_added", client, detail=f"person:{person.id}")
    return person


def _person(form, client, relation):
    values = {name: form[name].data for name in PERSON_FIELDS}
    values["first_name"], values["last_name"] = values["first_name"].strip(), values["last_name"].strip()
    values["pesel"] = values["pesel"] or None
    values["sex"] = values["sex"] or None
    return Person(municipality_id=client.municipality_id, relation=relation, **values)


def cases_with_pesel(pesel):
    """The municipality's cases in which someone already has this PESEL. Tenant scoping keeps
    other municipalities' cases out of the answer, so nothing of theirs is revealed."""
    if not pesel:
        return []
    statement = select(Client).join(Person).where(Person.pesel == pesel).order_by(Client.id)
    return db.session.scalars(statement).unique().all()

