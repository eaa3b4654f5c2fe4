"""A closed case is read-only: every view that writes to a case file (its data, household,
diagnosis, contract) carries :func:`open_case_required`, which refuses with a clear message."""
from functools import wraps

from flask import flash, redirect, url_for

from kooperacje.clients.models import Client, Person
from kooperacje.contracts.models import Contract, ContractAction
from kooperacje.database import get_or_404
from kooperacje.diagnoses.models import Diagnosis
from kooperacje.i18n import gettext as _


def open_case_required(view):
    """Refuse the view on a closed case: back to the case page, saying how to work on it again."""

    @wraps(view)
    def wrapped(**kwargs):
        client = case_of(kwargs)
        if client.is_closed:
            flash(_("Sprawa jest zamknięta, więc jej akt nie można zmieniać. Aby pracować dalej, otwórz ją ponownie."),
                  "error")
            return redirect(url_for("clients.detail", client_id=client.id))
        return view(**kwargs)

    return wrapped


def case_of(view_args):
    """The case a view's URL names, through whichever record it names (404 if not this tenant's)."""
    owners = {"client_id": (Client, lambda row: row), "member_id": (Person, lambda row: row.client),
              "diagnosis_id": (Diagnosis, lambda row: row.client), "contract_id": (Contract, lambda row: row.client),
              "action_id": (ContractAction, lambda row: row.contract.client)}
    name = next(name for name in owners if name in view_args)
    model, client = owners[name]
    return client(get_or_404(model, view_args[name]))
