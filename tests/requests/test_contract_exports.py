"""The bulk export of contracts: the administrator's explicit, audited grant. A ZIP of the
contracts' DOCX made by a background job, with its progress, for its owner only, for a time."""
import io
import re
import zipfile
from datetime import date, datetime, timedelta, timezone

import docx
import pytest
import time_machine
from builders import (add_contract_row, add_municipality, client_as, login, make_app, run_queued_jobs,
                      signed_contract, worker_client)
from sqlalchemy import func, select

from kooperacje.audit.models import AuditEvent
from kooperacje.auth.models import User
from kooperacje.contracts import exports
from kooperacje.contracts.models import Contract, ContractExport
from kooperacje.extensions import db

#: 10:00 in Warsaw on 3 December 2026
NOW = datetime(2026, 12, 3, 9, 0, tzinfo=timezone.utc)
#: a minute later, when the set-up (which takes real seconds from NOW) is surely done
START = NOW + timedelta(minutes=1)


@pytest.fixture
def centre(app, tmp_path):
    """At NOW: Zgierz with two workers' contracts (one signed through the pages, the others
    written directly) and its administrator signed in; Dalików with a contract of its own."""
    app.config["EXPORT_FOLDER"] = str(tmp_path / "exports")
    with time_machine.travel(NOW):
        yield _centre(app)


def _centre(app):
    worker, municipality = worker_client(app)
    signed_contract(app, worker, municipality)
    with app.app_context():
        ewa = db.session.scalar(select(User).where(User.username == "worker"))
        first_id = db.session.scalar(select(Contract.id).where(Contract.municipality_id == municipality.id)
                                     .execution_options(all_tenants=True))
    _other, jan = client_as(app, "social_worker", municipality, full_name="Jan Wiśniewski")
    ids = {"signed": first_id,
           "draft": add_contract_row(app, municipality, ewa, status="draft", last_name="Zielińska"),
           "closed_2025": add_contract_row(app, municipality, ewa, status="closed", concluded_on=date(2025, 3, 1),
                                           last_name="Wójcik"),
           "jans": add_contract_row(app, municipality, jan, status="signed", concluded_on=date(2026, 11, 2),
                                    last_name="Kamińska")}
    dalikow = add_municipality("101102")
    _dalikow_worker, dalikow_user = client_as(app, "social_worker", dalikow)
    add_contract_row(app, dalikow, dalikow_user, last_name="Obca")
    admin, admin_user = client_as(app, "municipality_admin", municipality)
    return {"admin": admin, "admin_user": admin_user, "municipality": municipality, "worker": worker, "ewa": ewa,
            "jan": jan, "ids": ids, "dalikow": dalikow}


def again(centre):
    """The administrator, signed in afresh after a jump in time ended their session."""
    assert login(centre["admin"], centre["admin_user"].username).status_code == 302
    return centre["admin"]


def export(admin, **filters):
    """Order a ZIP: the export's id, from the status page it redirects to."""
    response = admin.post("/clients/exports", data=filters)
    assert response.status_code == 302, response.get_data(as_text=True)
    found = re.search(r"/clients/exports/(\d+)$", response.headers["Location"])
    assert found, response.headers["Location"]
    return int(found.group(1))


def the_zip(admin, export_id):
    response = admin.get(f"/clients/exports/{export_id}/kontrakty.zip")
    assert response.status_code == 200, response.status
    return response, zipfile.ZipFile(io.BytesIO(response.data))


def entries(app, contract_ids):
    """The file names the ZIP must hold for these contracts: case, number, date; never a name."""
    with app.app_context():
        rows = db.session.scalars(select(Contract).where(Contract.id.in_(contract_ids))
                                  .execution_options(all_tenants=True)).all()
        return {exports.entry_name(c): c.number for c in rows}


def test_the_administrator_gets_every_contract_of_the_centre_as_docx_in_a_zip(app, centre):
    admin = centre["admin"]
    page = admin.get("/clients/exports").get_data(as_text=True)
    assert "Przygotuj paczkę ZIP" in page and "uprawnieniem" in page and "Jan Wiśniewski" in page
    with time_machine.travel(START, tick=False):
        export_id = export(admin)
        queued = admin.get(f"/clients/exports/{export_id}").get_data(as_text=True)
        assert "w kolejce" in queued and "<progress" in queued and "Odśwież stan paczki" in queued
        assert admin.get(f"/clients/exports/{export_id}/status.json").json["status"] == "queued"
        assert run_queued_jobs(app) == 1
        status = admin.get(f"/clients/exports/{export_id}/status.json").json
        assert status["status"] == "done" and status["done"] == status["total"] == 4
        assert status["download"] == f"/clients/exports/{export_id}/kontrakty.zip"
        response, archive = the_zip(admin, export_id)
    assert response.mimetype == "application/zip"
    assert 'filename=kontrakty-2026-12-03.zip' in response.headers["Content-Disposition"]
    expected = entries(app, centre["ids"].values())
    assert set(archive.namelist()) == set(expected)  # Dalików's contract is not there
    for name in archive.namelist():
        assert not re.search(r"nowak|kowalsk|wójcik|wojcik|kamińsk|kaminsk|zielińsk|zielinsk", name, re.I), name
        document = docx.Document(io.BytesIO(archive.read(name)))
        text = "\n".join(p.text for p in document.paragraphs)
        assert "KONTRAKT SOCJALNY" in text and f"nr {expected[name]}, wariant" in text, name


def test_the_filters_choose_the_worker_the_status_and_the_period(app, centre):
    admin, ids, ewa = centre["admin"], centre["ids"], centre["ewa"]
    cases = [({"worker_id": str(ewa.id)}, ["signed", "draft", "closed_2025"]),
             ({"contract_status": "signed"}, ["signed", "jans"]),
             ({"concluded_from": "2026-11-01", "concluded_to": "2026-11-30"}, ["jans"]),
             ({"worker_id": str(ewa.id), "concluded_to": "2025-12-31"}, ["closed_2025"]),
             ({"contract_status": "evaluated"}, [])]
    for filters, chosen in cases:
        export_id = export(admin, **filters)
        run_queued_jobs(app)
        _response, archive = the_zip(admin, export_id)
        assert set(archive.namelist()) == set(entries(app, [ids[key] for key in chosen])), filters


def test_only_the_owner_sees_the_export_others_get_404_and_workers_403(app, centre):
    export_id = export(centre["admin"])
    run_queued_jobs(app)
    urls = [f"/clients/exports/{export_id}", f"/clients/exports/{export_id}/status.json",
            f"/clients/exports/{export_id}/kontrakty.zip"]
    colleague, _ = client_as(app, "municipality_admin", centre["municipality"])
    stranger, _ = client_as(app, "municipality_admin", centre["dalikow"])
    for other in (colleague, stranger):
        assert [other.get(url).status_code for url in urls] == [404, 404, 404]
        assert f"/clients/exports/{export_id}" not in other.get("/clients/exports").get_data(as_text=True)
    for role in ("social_worker", "coordinator"):
        refused, _ = client_as(app, role, centre["municipality"])
        assert [refused.get(url).status_code for url in ["/clients/exports", *urls]] == [403] * 4
        assert refused.post("/clients/exports", data={}).status_code == 403
    assert "Eksport kontraktów" not in centre["worker"].get("/").get_data(as_text=True)
    assert "Eksport kontraktów" in centre["admin"].get("/").get_data(as_text=True)


def test_the_head_of_the_centre_exports_from_the_centres_cases_and_each_contract_is_audited(app, centre):
    head, head_user = client_as(app, "centre_head", centre["municipality"], full_name="Anna Kierownik")
    assert "Eksport kontraktów" not in head.get("/").get_data(as_text=True)  # not in the head's full menu
    caseload = head.get("/clients/caseload").get_data(as_text=True)
    assert 'href="/clients/exports"' in caseload
    page = head.get("/clients/exports").get_data(as_text=True)
    assert "Każdy kontrakt, który trafi do paczki, zostanie odnotowany" in page
    assert "Administrator gminy nie ma wglądu" not in page
    export_id = export(head, contract_status="signed")
    run_queued_jobs(app)
    _response, archive = the_zip(head, export_id)
    ids = centre["ids"]
    assert set(archive.namelist()) == set(entries(app, [ids["signed"], ids["jans"]]))
    assert centre["admin"].get(f"/clients/exports/{export_id}").status_code == 404  # the head's own
    with app.app_context():
        exported = db.session.scalars(select(AuditEvent.object_id).where(
            AuditEvent.user_id == head_user.id, AuditEvent.action == "contract_bulk_exported")).all()
    assert sorted(exported) == sorted([ids["signed"], ids["jans"]])


def test_the_link_works_for_a_day_then_says_so_in_polish_with_410_and_the_file_goes(app, centre):
    admin = centre["admin"]
    with time_machine.travel(START, tick=False):
        export_id = export(admin)
        run_queued_jobs(app)
    with app.app_context():
        path = exports.folder() / f"{db.session.get(ContractExport, export_id).token}.zip"
    assert path.exists() and str(path.parent) == app.config["EXPORT_FOLDER"] and "kontrakt" not in path.name
    assert path.stat().st_mode & 0o077 == 0  # the app's account alone reads it
    with time_machine.travel(START + timedelta(hours=23, minutes=59), tick=False):
        the_zip(again(centre), export_id)
    with time_machine.travel(START + timedelta(hours=24, minutes=1), tick=False):
        admin = again(centre)
        gone = admin.get(f"/clients/exports/{export_id}/kontrakty.zip")
        assert gone.status_code == 410
        assert "Paczka wygasła i została usunięta" in gone.get_data(as_text=True)
        assert not path.exists()
        assert "wygasła" in admin.get(f"/clients/exports/{export_id}").get_data(as_text=True)
        assert admin.get(f"/clients/exports/{export_id}/status.json").json["status"] == "expired"
        with app.app_context():
            assert exports.remove_expired() == 1
            assert db.session.get(ContractExport, export_id).removed_at is not None


def test_the_sweep_removes_only_expired_files(app, centre):
    admin = centre["admin"]
    with time_machine.travel(START, tick=False):
        old = export(admin)
        run_queued_jobs(app)
    with time_machine.travel(START + timedelta(hours=20), tick=False):
        new = export(again(centre))
        run_queued_jobs(app)
    with time_machine.travel(START + timedelta(hours=25), tick=False), app.app_context():
        assert app.extensions["kooperacje.jobs"].remove_expired_exports.call_local() == 1
        tokens = {e.id: e.token for e in db.session.scalars(select(ContractExport))}
        assert not (exports.folder() / f"{tokens[old]}.zip").exists()
        assert (exports.folder() / f"{tokens[new]}.zip").exists()


def test_the_export_is_audited_once_a_row_per_contract_with_its_purpose_and_no_names(app, centre):
    admin, admin_user, ids = centre["admin"], centre["admin_user"], centre["ids"]
    export_id = export(admin, contract_status="signed")
    run_queued_jobs(app)
    the_zip(admin, export_id)
    with app.app_context():
        events = db.session.scalars(select(AuditEvent).where(AuditEvent.user_id == admin_user.id)
                                    .order_by(AuditEvent.id)).all()
        by_action = {}
        for event in events:
            by_action.setdefault(event.action, []).append(event)
        client_of = dict(db.session.execute(select(Contract.id, Contract.client_id).execution_options(
            all_tenants=True)).all())
    assert [e.detail for e in by_action["contract_export_requested"]] == ["contract_status:signed"]
    assert [e.detail for e in by_action["contract_export_finished"]] == ["contracts:2;contract_status:signed"]
    per_contract = by_action["contract_bulk_exported"]
    assert sorted((e.object_type, e.object_id, e.client_id) for e in per_contract) == sorted(
        ("contract", ids[key], client_of[ids[key]]) for key in ("signed", "jans"))
    assert {e.detail for e in per_contract} == {f"export:{export_id}"}
    assert len(by_action["contract_export_downloaded"]) == 1
    assert "case_accessed" not in by_action  # the administrator's requests never loaded a case file
    log = admin.get("/audit/").get_data(as_text=True)
    assert "Eksport kontraktów socjalnych do paczki ZIP" in log and "kontraktów: 2; stan: podpisany" in log
    report = centre["worker"].get(f"/clients/{client_of[ids['signed']]}/report").get_data(as_text=True)
    assert "eksport zbiorczy kontraktów socjalnych w paczce ZIP" in report.split("Dostęp do danych")[1]


def test_a_retried_export_writes_its_file_and_audit_rows_once(app, centre, monkeypatch):
    admin = centre["admin"]
    real_build, calls = exports.DocumentArguments.build, []

    def failing_once(self, contract):
        calls.append(contract.id)
        if len(calls) == 2:
            raise OSError("the disk was full")
        return real_build(self, contract)

    monkeypatch.setattr(exports.DocumentArguments, "build", failing_once)
    export_id = export(admin)
    run_queued_jobs(app)  # fails; the queue schedules the retry
    assert admin.get(f"/clients/exports/{export_id}/status.json").json["status"] == "failed"
    assert "Nie udało się przygotować paczki" in admin.get(f"/clients/exports/{export_id}").get_data(as_text=True)
    task = app.extensions["kooperacje.jobs"].export_contracts
    with app.app_context():
        municipality_id = centre["municipality"].id
        assert list(exports.folder().iterdir()) == []  # no half-written file is left
    task.call_local(export_id, municipality_id)  # the retry
    task.call_local(export_id, municipality_id)  # and one more, after it was done: nothing happens
    _response, archive = the_zip(admin, export_id)
    assert len(archive.namelist()) == 4
    with app.app_context():
        counts = dict(db.session.execute(select(AuditEvent.action, func.count()).group_by(AuditEvent.action)
                                         .execution_options(all_tenants=True)).all())
    assert counts["contract_bulk_exported"] == 4 and counts["contract_export_finished"] == 1


def test_the_progress_moves_every_n_documents(app, centre, monkeypatch):
    seen = []
    real_update = exports._update
    app.config["EXPORT_PROGRESS_EVERY"] = 1
    monkeypatch.setattr(exports, "_update", lambda export_id, **values: (seen.append(values),
                                                                           real_update(export_id, **values)))
    export(centre["admin"])
    run_queued_jobs(app)
    assert seen == [{"status": "running", "done": 0, "total": 4}, {"done": 1}, {"done": 2}, {"done": 3}, {"done": 4}]


def test_the_status_page_has_no_inline_script_and_works_without_one(app, centre):
    admin = centre["admin"]
    export_id = export(admin)
    page = admin.get(f"/clients/exports/{export_id}").get_data(as_text=True)
    scripts = re.findall(r"<script[^>]*>", page)
    assert scripts and all(" src=" in tag for tag in scripts)
    assert "export-progress.js" in page and f'data-status-url="/clients/exports/{export_id}/status.json"' in page
    assert re.search(r"<progress[^>]*>", page)
    assert admin.get("/static/export-progress.js").status_code == 200
    run_queued_jobs(app)
    done = admin.get(f"/clients/exports/{export_id}").get_data(as_text=True)
    assert "data-status-url" not in done and "Pobierz paczkę ZIP" in done and "Odśwież stan paczki" not in done


def test_one_export_at_a_time_unless_the_first_was_never_taken_up(app, centre):
    with time_machine.travel(START, tick=False):
        first = export(centre["admin"])
        assert export(centre["admin"], contract_status="signed") == first
        with app.app_context():
            assert db.session.scalar(select(func.count()).select_from(ContractExport)) == 1
    with time_machine.travel(START + timedelta(hours=25), tick=False):  # no consumer ran it
        assert export(again(centre)) != first


@pytest.mark.parametrize(("field", "value", "message"), [
    ("worker_id", "abc", "Wybierz pracownika z listy."),
    ("worker_id", "9" * 40, "Wybierz pracownika z listy."),
    ("contract_status", "<script>", "Wybierz stan kontraktu z listy."),
    ("concluded_from", "2026-02-30", "Nieprawidłowa data"),
    ("concluded_to", "3026-01-01", "Podaj datę z lat 1900–2100."),
])
def test_bad_filters_get_400_with_a_polish_message_and_no_export(app, centre, field, value, message):
    response = centre["admin"].post("/clients/exports", data={field: value})
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(ContractExport)) == 0


def test_a_period_ending_before_it_starts_is_refused(app, centre):
    response = centre["admin"].post("/clients/exports", data={"concluded_from": "2026-12-01",
                                                              "concluded_to": "2026-11-01"})
    assert response.status_code == 400
    assert "Data końcowa nie może być wcześniejsza niż początkowa." in response.get_data(as_text=True)


def test_another_municipalitys_worker_is_no_choice(app, centre):
    with app.app_context():
        stranger = db.session.scalar(select(User.id).where(User.municipality_id == centre["dalikow"].id))
    response = centre["admin"].post("/clients/exports", data={"worker_id": str(stranger)})
    assert response.status_code == 400 and "Wybierz pracownika z listy." in response.get_data(as_text=True)


def test_with_an_immediate_queue_the_export_is_ready_when_the_request_ends(db_path, tmp_path):
    app = make_app(db_path, JOBS_IMMEDIATE=True, EXPORT_FOLDER=str(tmp_path / "exports"))
    municipality = add_municipality("102003")
    _worker, ewa = client_as(app, "social_worker", municipality)
    contract_id = add_contract_row(app, municipality, ewa)
    admin, _user = client_as(app, "municipality_admin", municipality)
    export_id = export(admin)
    assert admin.get(f"/clients/exports/{export_id}/status.json").json["status"] == "done"
    _response, archive = the_zip(admin, export_id)
    assert archive.namelist() == list(entries(app, [contract_id]))
