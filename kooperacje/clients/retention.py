"""Case files past their retention period are flagged for the archive, never deleted here.

The period runs, as in office archives, from 1 January of the year after the last activity in
the case (registration, a diagnosis, a contract or its end); a case with a contract still in
force is never due."""
from dataclasses import dataclass
from datetime import MAXYEAR, date

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from kooperacje.clients.models import Client
from kooperacje.contracts.vocabulary import ACTIVE_CONTRACT_STATUSES
from kooperacje.extensions import db


@dataclass(frozen=True)
class DueCase:
    client_id: int
    last_activity: date
    due_on: date


def last_activity(client):
    days = [client.created_at.date()]
    days += [d.updated_at.date() for d in client.diagnoses]
    days += [c.updated_at.date() for c in client.contracts] + [c.ended_on for c in client.contracts if c.ended_on]
    return max(days)


def due_date(last, years):
    """1 January after ``years`` full years; a date beyond the calendar (a mistyped 9999 kept
    from before dates had a range) counts as never due rather than breaking the page."""
    year = last.year + 1 + years
    return date(year, 1, 1) if year <= MAXYEAR else date.max


def due_cases_for(client, municipality, today):
    """The client's case as a DueCase when its retention period has run out, else None."""
    if any(c.status in ACTIVE_CONTRACT_STATUSES for c in client.contracts):
        return None
    last = last_activity(client)
    due_on = due_date(last, municipality.retention_years)
    return DueCase(client.id, last, due_on) if due_on <= today else None


def due_cases(municipality, today):
    """The municipality's cases whose retention period has run out, oldest first."""
    clients = db.session.scalars(select(Client).options(selectinload(Client.diagnoses),
                                                        selectinload(Client.contracts))).all()
    due = [case for case in (due_cases_for(c, municipality, today) for c in clients) if case]
    return sorted(due, key=lambda case: case.due_on)
