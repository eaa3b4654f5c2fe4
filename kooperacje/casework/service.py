"""Registering clients and finding them again (without personal data in URLs)."""
from sqlalchemy import select

from kooperacje.audit.models import record
from kooperacje.casework.models import Client, Person
from kooperacje.extensions import db
from kooperacje.text import fold

SEARCH_LIMIT = 50
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


def find_clients(query):
    """Clients whose applicant's surname starts with ``query``, or any member has this PESEL."""
    query = query.strip()
    if query.isdigit():
        statement = select(Client).join(Person).where(Person.pesel == query)
    else:
        key = fold(query)
        # A prefix written as a range uses the (municipality, surname_key) index on both databases.
        statement = select(Client).where(Client.surname_key >= key, Client.surname_key < key + "\uffff")
    return db.session.scalars(statement.order_by(Client.surname_key, Client.id).limit(SEARCH_LIMIT)).unique().all()
