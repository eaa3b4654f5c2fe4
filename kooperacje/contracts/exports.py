"""The bulk export of contracts: a ZIP of their DOCX, made by a background job for its owner.

The head of the centre or the municipality's administrator (permission ``contracts.export``)
chooses all contracts, or those of one worker, in one status, concluded in a period. The
request only writes the export down (owner, filters, a random token) and queues the job. The job
(:func:`run`) builds each contract's DOCX with the same :func:`documents.build_contract` as the
single download and writes it into the ZIP as it goes, a batch at a time, so memory stays flat
however many contracts there are; after each batch the progress moves on.

A retried or restarted run starts the file again from nothing, and the audit rows (one per
contract, an access with its purpose, since the administrator reads no case file otherwise,
and one for the export) are written once, with the status "done", in one short transaction.
The file is its owner's for EXPORT_HOURS after it is ready; then it is deleted, on access or
by the periodic sweep (:func:`remove_expired`), and the row stays as the export's history.
"""
import gc
import logging
import os
import secrets
import zipfile
from datetime import timedelta
from pathlib import Path

from flask import current_app
from sqlalchemy import select, update
from sqlalchemy.orm import load_only, selectinload

from kooperacje.audit.models import record, record_each
from kooperacje.auth.models import User, with_role
from kooperacje.auth.permissions import Role
from kooperacje.clients.models import Client
from kooperacje.clock import to_local, utcnow
from kooperacje.contracts.documents import build_contract
from kooperacje.contracts.models import Contract, ContractAction, ContractExport
from kooperacje.diagnoses import service as diagnoses
from kooperacje.documents import download_name
from kooperacje.extensions import db
from kooperacje.i18n import gettext as _
from kooperacje.i18n import ngettext
from kooperacje.municipalities.models import Municipality
from kooperacje.municipalities.service import centre_of
from kooperacje.plugins import get_plugins

log = logging.getLogger(__name__)

PENDING = ("queued", "running")


# --- what one contract's document needs -------------------------------------------------------

class DocumentArguments:
    """What :func:`build_contract` needs besides the contract, read once for many documents:
    the centre, the PZK's institution and service names, and each model's sections and name."""

    def __init__(self, municipality):
        self.centre = centre_of(municipality)
        self.choice_names = {kind: dict(pairs) for kind, pairs in diagnoses.row_choices().items()}
        self._models = {}

    def for_contract(self, contract):
        key = contract.model_key
        if key not in self._models:
            model = get_plugins().model(key)
            # the name stays lazy: the document is built in Polish whatever the user reads
            self._models[key] = {"sections": get_plugins().contract_sections(key),
                                 "model_name": model.name if model else key}
        return {"centre": self.centre, "choice_names": self.choice_names, **self._models[key]}

    def build(self, contract):
        return build_contract(contract, **self.for_contract(contract))


def entry_name(contract):
    """A document's name in the ZIP: the case number, the contract's number and its date."""
    concluded = contract.concluded_on.isoformat() if contract.concluded_on else "projekt"
    return download_name("kontrakt", contract.client_id, contract.number, concluded)


# --- the ZIP ------------------------------------------------------------------------------------

#: contracts loaded from the database at a time (the job's is EXPORT_PROGRESS_EVERY): the
#: progress moves after each batch
BATCH = 25


def loaded(contract_ids):
    """The contracts with everything the document prints, in a handful of queries."""
    return db.session.scalars(select(Contract).where(Contract.id.in_(contract_ids)).order_by(Contract.id).options(
        selectinload(Contract.client).selectinload(Client.members), selectinload(Contract.worker),
        selectinload(Contract.goals), selectinload(Contract.actions).selectinload(ContractAction.institution),
        selectinload(Contract.amendments))).all()


def write_zip(target, contract_ids, build, progress=None, batch=None):
    """The DOCX ``build(contract)`` makes of each contract, into a ZIP at ``target`` (a path or a
    binary file); ``progress(done)`` after each batch (of BATCH unless given). Returns how many."""
    batch, done = batch or BATCH, 0
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for first in range(0, len(contract_ids), batch):
            for contract in loaded(contract_ids[first:first + batch]):
                archive.writestr(entry_name(contract), build(contract).getvalue())
                # A document's parts and package refer to each other, and their libxml2 trees
                # are memory gc's thresholds do not see: left to gc, some 70 MB of finished
                # documents wait for a full collection. The young generation holds them: cheap.
                gc.collect(0)
                done += 1
            db.session.expunge_all()  # this batch's rows go: memory stays flat however many there are
            if progress:
                progress(done)
    return done


# --- the export's life --------------------------------------------------------------------------

def folder():
    """Where the files wait for their owners: EXPORT_FOLDER, else instance/exports."""
    path = Path(current_app.config["EXPORT_FOLDER"] or Path(current_app.instance_path) / "exports")
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    return path


def file_of(export):
    return folder() / f"{export.token}.zip"


def pending_of(owner):
    """The owner's export still queued or running, if any: one at a time is enough for anyone.
    One not done within EXPORT_HOURS is not waited for (its consumer stopped, or was killed)."""
    since = utcnow() - timedelta(hours=current_app.config["EXPORT_HOURS"])
    return db.session.scalar(select(ContractExport).where(
        ContractExport.owner_id == owner.id, ContractExport.status.in_(PENDING), ContractExport.created_at > since))


def exports_of(owner, limit=20):
    """The owner's exports, newest first: nobody sees another user's."""
    return db.session.scalars(select(ContractExport).where(ContractExport.owner_id == owner.id)
                              .order_by(ContractExport.id.desc()).limit(limit)).all()


def owned(export_id, owner):
    """The export if ``owner`` made it, else None: for anyone else it does not exist."""
    export = db.session.get(ContractExport, export_id)
    return export if export is not None and export.owner_id == owner.id else None


def request_export(owner, worker_id=None, contract_status=None, concluded_from=None, concluded_to=None):
    """A new export, queued; the caller commits, then queues the job."""
    export = ContractExport(municipality_id=owner.municipality_id, owner_id=owner.id, worker_id=worker_id or None,
                            contract_status=contract_status or None, concluded_from=concluded_from,
                            concluded_to=concluded_to, token=secrets.token_urlsafe(32))
    db.session.add(export)
    db.session.flush()
    record("contract_export_requested", export, user=owner, detail=filters_detail(export) or None)
    return export


def filters_detail(export):
    """The filters for the audit trail: ids, codes and dates only."""
    parts = [("worker", export.worker_id), ("contract_status", export.contract_status),
             ("from", export.concluded_from and export.concluded_from.isoformat()),
             ("to", export.concluded_to and export.concluded_to.isoformat())]
    return ";".join(f"{key}:{value}" for key, value in parts if value)


def selected(export):
    """The ids of the contracts the export's filters choose, in a fixed order."""
    statement = select(Contract.id).order_by(Contract.id)
    if export.worker_id:
        statement = statement.where(Contract.worker_id == export.worker_id)
    if export.contract_status:
        statement = statement.where(Contract.status == export.contract_status)
    if export.concluded_from:
        statement = statement.where(Contract.concluded_on >= export.concluded_from)
    if export.concluded_to:
        statement = statement.where(Contract.concluded_on <= export.concluded_to)
    return statement


def run(export_id):
    """The job: build the file, then mark the export done with its audit rows. Call it in the
    export's municipality (:func:`kooperacje.database.job_tenant`)."""
    export = db.session.get(ContractExport, export_id)
    if export is None or export.status == "done":
        return  # gone, or finished by an earlier try: nothing is done twice
    municipality = db.session.get(Municipality, export.municipality_id)
    target = file_of(export)
    part = target.with_name(target.name + ".part")
    ids = db.session.scalars(selected(export)).all()  # the set is fixed when the run starts
    documents = DocumentArguments(municipality)
    _update(export_id, status="running", done=0, total=len(ids))
    try:
        # readable by the app's account only: it holds every contract's personal data
        with os.fdopen(os.open(part, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), "wb") as out:
            write_zip(out, ids, documents.build, progress=lambda done: _update(export_id, done=done),
                      batch=current_app.config["EXPORT_PROGRESS_EVERY"])
        os.replace(part, target)  # the file appears whole or not at all
    except Exception:
        db.session.rollback()
        part.unlink(missing_ok=True)
        _update(export_id, status="failed")
        log.exception("contract export %s failed", export_id)  # its id only: nothing about anyone
        raise  # the queue tries again
    _finish(export_id, ids)


def _update(export_id, **values):
    """A short write of the export's state, so the status page sees it at once (and SQLite's
    write lock is never held while documents are built)."""
    db.session.execute(update(ContractExport).where(ContractExport.id == export_id).values(**values))
    db.session.commit()


def _finish(export_id, ids):
    export = db.session.get(ContractExport, export_id)
    now = utcnow()
    export.status, export.done, export.total, export.finished_at = "done", len(ids), len(ids), now
    export.expires_at = now + timedelta(hours=current_app.config["EXPORT_HOURS"])
    owner = export.owner
    for first in range(0, len(ids), BATCH):
        batch = db.session.scalars(select(Contract).where(Contract.id.in_(ids[first:first + BATCH])).options(
            load_only(Contract.id, Contract.client_id, Contract.municipality_id))).all()
        record_each("contract_bulk_exported", batch, owner, detail=f"export:{export_id}")
    detail = ";".join(part for part in (f"contracts:{len(ids)}", filters_detail(export)) if part)
    record("contract_export_finished", export, user=owner, detail=detail)
    db.session.commit()


def download_file_name(export):
    """kontrakty-2026-12-03.zip: the day the export was made, nothing else."""
    return download_name("kontrakty", to_local(export.created_at).date().isoformat(), extension="zip")


def available(export, now=None):
    """The file, if the export is done, not expired and the file is still there. An expired
    file is deleted on the way; the row is marked by the sweep (a download is a read)."""
    path = file_of(export)
    if export.expired(now or utcnow()):
        path.unlink(missing_ok=True)
        return None
    return path if export.status == "done" and path.exists() else None


def record_download(export):
    record("contract_export_downloaded", export)


def remove_expired(now=None):
    """The sweep of every municipality's expired files (the periodic job; no request, no tenant:
    it reads only expiry times and tokens). Returns how many it removed."""
    now = now or utcnow()
    expired = db.session.scalars(select(ContractExport).where(ContractExport.expires_at <= now,
                                                              ContractExport.removed_at.is_(None))).all()
    for export in expired:
        file_of(export).unlink(missing_ok=True)
        export.removed_at = now
    db.session.commit()
    return len(expired)


def workers():
    """The municipality's social workers, past ones too (their contracts stay), for the filter."""
    return db.session.scalars(with_role(select(User), Role.WORKER).order_by(User.full_name)).all()


def progress_text(export, state):
    """The progress in words, as the page says it and the script repeats it."""
    if state == "queued":
        return _("Paczka czeka w kolejce.")
    if state == "running" and export.total is not None:
        return ngettext("Przygotowano %(done)d z %(num)d kontraktu.", "Przygotowano %(done)d z %(num)d kontraktów.",
                        export.total, done=export.done)
    if state == "running":
        return _("Paczka jest przygotowywana.")
    if state == "done":
        return _("Paczka jest gotowa. Liczba kontraktów w paczce: %(count)d.", count=export.total or 0)
    if state == "failed":
        return _("Nie udało się przygotować paczki. Próba zostanie powtórzona za chwilę; jeśli paczka nadal "
                 "nie powstanie, zleć nową.")
    return _("Paczka wygasła i została usunięta. Zleć nową, jeśli jest potrzebna.")


def status_of(export, now=None):
    """The export's state as the status page and its JSON show it."""
    now = now or utcnow()
    return "expired" if export.status == "done" and export.expired(now) else export.status
