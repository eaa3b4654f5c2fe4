"""The head of the centre's view of the caseload: cases per worker, open and closed, counted in
the database (no case file is loaded, so the overview itself opens none), and the contracts
waiting for the head's approval."""
from typing import NamedTuple

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from kooperacje.auth.models import User, with_role
from kooperacje.auth.permissions import Role
from kooperacje.clients.models import Client
from kooperacje.contracts.models import Contract
from kooperacje.extensions import db


class WorkerLoad(NamedTuple):
    worker: User | None  # None: cases with no worker
    open: int
    closed: int


def caseload():
    """One row per social worker (active ones, and past ones who still hold cases), then the
    cases without a worker if there are any; busiest first."""
    counts = {}
    statement = select(Client.worker_id, Client.status, func.count(Client.id)).group_by(Client.worker_id, Client.status)
    for worker_id, status, number in db.session.execute(statement):
        counts.setdefault(worker_id, [0, 0])[1 if status == "closed" else 0] += number
    workers = db.session.scalars(with_role(select(User), Role.WORKER)).all()
    rows = [WorkerLoad(w, *counts.get(w.id, (0, 0))) for w in workers if w.active or w.id in counts]
    rows.sort(key=lambda row: (-row.open, row.worker.full_name))
    if None in counts:
        rows.append(WorkerLoad(None, *counts[None]))
    return rows


def assignable_workers():
    """Whom a case can be handed to: the municipality's active social workers."""
    return db.session.scalars(with_role(select(User).where(User.active.is_(True)), Role.WORKER)
                              .order_by(User.full_name)).all()


def awaiting_approval():
    """Contracts the workers handed to the head, oldest first (loading them is an audited access)."""
    return db.session.scalars(select(Contract).where(Contract.status == "to_approve")
                              .options(selectinload(Contract.client).selectinload(Client.members))
                              .order_by(Contract.updated_at)).all()
