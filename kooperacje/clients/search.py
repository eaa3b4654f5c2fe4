"""Finding a case by the name of anyone in its household, or by a PESEL.

Every word of a person's first name and surname is kept folded (lower-case ASCII) in
``person_name_key``, in step with the name on every write (kooperacje.clients.models). A query
matches a person when each of its words begins one of the person's words, in any order:
"lecka", "Łęcka Anna" and "anna żurawska-łęcka" all find Anna Żurawska-Łęcka. The longest word is looked up as a range of
the (municipality, key) index; the others are checked on that person's own keys.
"""
import functools
from dataclasses import dataclass

from flask import current_app
from sqlalchemy import Row, and_, exists, false, func, select
from sqlalchemy.orm import aliased

from kooperacje.audit.models import record_case_accesses
from kooperacje.auth.models import User
from kooperacje.clients.models import Client, NameKey, Person
from kooperacje.extensions import db
from kooperacje.pagination import Page, keyset_page
from kooperacje.text import name_words

#: words of a query beyond these (the longest) are not used: a name has few
MAX_WORDS = 4
#: matches are counted up to this; beyond it the page says "more than"
COUNT_LIMIT = 1000


@functools.cache
def case_rows():
    """The register's and the search's rows, one a case: the applicant's name and PESEL, how many
    persons the household has now, the worker's name and when it was registered. Plain rows (a
    page of ORM cases with their households cost more to build than to render); a page showing
    them records the accesses with ``audit.models.record_case_accesses``. Built once: callers add
    their conditions to a copy (statements are generative), and building it cost more than running it."""
    member = aliased(Person)
    persons_now = (select(func.count(member.id)).where(member.client_id == Client.id, member.left_on.is_(None))
                   .correlate(Client).scalar_subquery())
    return (select(Client.id, Client.id.label("client_id"), Client.kind, Client.status, Client.created_at,
                   Client.municipality_id, Person.first_name, Person.last_name, Person.pesel, persons_now.label("persons"),
                   User.full_name.label("worker"))
            .outerjoin(Person, and_(Person.client_id == Client.id, Person.relation == "applicant"))
            .outerjoin(User, User.id == Client.worker_id))


@dataclass
class Found:
    client: Row  #: of case_rows()
    #: the household members other than the applicant whose name or PESEL matched
    members: list


@dataclass
class Results:
    page: Page  # of Found
    total: int  # counted up to COUNT_LIMIT
    number: int  # of this page

    @property
    def more_than_counted(self):
        return self.total >= COUNT_LIMIT

    @property
    def pages(self):
        return -(-self.total // current_app.config["PAGE_SIZE"])


def find_clients(query, after=None):
    """One page of the cases in which someone is called ``query`` or has it as PESEL, newest first."""
    query = query.strip()
    if query.isdigit():
        column, matching = Person.client_id, select(Person.client_id).where(Person.pesel == query)
        matches = lambda person: person.pesel == query  # noqa: E731
    else:
        words = sorted(name_words(query), key=len, reverse=True)[:MAX_WORDS]
        column, matching = _by_name(words)
        matches = lambda person: _name_matches(person, words)  # noqa: E731
    matching = matching.distinct()
    ids = keyset_page(db.session, matching, column, after=after)
    cases = db.session.execute(case_rows().where(Client.id.in_(ids.items)).order_by(Client.id.desc())).all()
    record_case_accesses(cases)
    others = db.session.scalars(select(Person).where(Person.client_id.in_(ids.items), Person.relation != "applicant")
                                .order_by(Person.id)).all() if ids.items else []
    found = [Found(case, [m for m in others if m.client_id == case.id and matches(m)]) for case in cases]
    earlier = _count(matching.where(column >= after)) if after else 0
    size = current_app.config["PAGE_SIZE"]
    return Results(Page(found, ids.next_after, ids.is_first), _count(matching), earlier // size + 1)


def _by_name(words):
    if not words:
        return NameKey.client_id, select(NameKey.client_id).where(false())
    first = aliased(NameKey)
    statement = select(first.client_id).where(_begins(first.key, words[0]))
    for word in words[1:]:
        other = aliased(NameKey)
        statement = statement.where(exists().where(other.person_id == first.person_id, _begins(other.key, word)))
    return first.client_id, statement


def _begins(column, prefix):
    # A range, not LIKE: it uses the index on both databases (the key column sorts bytewise).
    return column.between(prefix, prefix + "\x7f")


def _name_matches(person, words):
    own = name_words(f"{person.first_name} {person.last_name}")
    return bool(words) and all(any(w.startswith(word) for w in own) for word in words)


def _count(matching):
    return db.session.scalar(select(func.count()).select_from(matching.limit(COUNT_LIMIT).subquery()))
