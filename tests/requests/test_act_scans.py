"""Signed scans of the PZK's formation acts: PDF, PNG and JPEG recognised by their content and
stored in the database; anything else, an empty or oversized file refused in Polish with nothing
stored; a name with folders kept as a plain name; downloads only for the municipality's staff,
always as an attachment of the stored type; replacing and removing; all audited."""
import io

import pytest
from builders import (
    SCAN_PDF,
    add_institution,
    client_as,
    coordinator_client,
    partner_client,
    set_up,
)
from sqlalchemy import func, select

from kooperacje.acts.models import ActScan
from kooperacje.audit.models import AuditEvent
from kooperacje.extensions import db

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + b"\x00" * 40
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 40
HTML = b"<!doctype html><html><body><script>alert(1)</script></body></html>"


@pytest.fixture
def team(app):
    client, municipality = coordinator_client(app, "urban")
    set_up(client, "urban")
    institution_id = add_institution(client, "Powiatowy Urząd Pracy", sector="labour", contact_person="Jan Kowalski")
    return client, municipality, institution_id


def _upload(client, url, content, name="skan.pdf"):
    return client.post(url, data={"scan": (io.BytesIO(content), name)}, content_type="multipart/form-data")


def _scans(app):
    with app.app_context():
        return db.session.scalars(select(ActScan).execution_options(all_tenants=True).order_by(ActScan.id)).all()


def _actions(app):
    with app.app_context():
        return db.session.scalars(select(AuditEvent.action).where(AuditEvent.action.like("act_scan%"))
                                  .execution_options(all_tenants=True).order_by(AuditEvent.id)).all()


@pytest.mark.parametrize("content, name, content_type, stored_name", [
    (SCAN_PDF, "regulamin podpisany.pdf", "application/pdf", "regulamin podpisany.pdf"),
    (PNG, "skan.png", "image/png", "skan.png"),
    (JPEG, "zdjęcie.JPG", "image/jpeg", "zdjęcie.jpg"),
])
def test_a_pdf_png_or_jpeg_is_attached_and_downloaded_as_an_attachment(app, team, content, name, content_type,
                                                                        stored_name):
    client, _municipality, _institution_id = team
    response = _upload(client, "/partnership/acts/rules/scan", content, name)
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Dołączono skan dokumentu." in page and stored_name in page
    [scan] = _scans(app)
    assert (scan.act_key, scan.institution_id, scan.content_type, scan.size) == ("rules", None, content_type,
                                                                                 len(content))
    download = client.get(f"/partnership/acts/scans/{scan.id}")
    assert download.status_code == 200 and download.data == content
    assert download.mimetype == content_type
    assert download.headers["Content-Disposition"].startswith("attachment")
    assert download.headers["X-Content-Type-Options"] == "nosniff"
    assert _actions(app) == ["act_scan_uploaded", "act_scan_downloaded"]


def test_a_declaration_scan_belongs_to_its_institution_and_shows_on_its_page(app, team):
    client, _municipality, institution_id = team
    response = _upload(client, f"/partnership/acts/accession/institutions/{institution_id}/scan", SCAN_PDF,
                       "deklaracja.pdf")
    assert response.status_code == 302
    page = client.get(f"/partnership/institutions/{institution_id}").get_data(as_text=True)
    assert "deklaracja.pdf" in page and "Zastąp skan" in page
    [scan] = _scans(app)
    assert (scan.act_key, scan.institution_id) == ("accession", institution_id)
    # the declaration is per institution: no scan of it for the whole team, no rules per institution
    assert _upload(client, "/partnership/acts/accession/scan", SCAN_PDF).status_code == 404
    assert _upload(client, f"/partnership/acts/rules/institutions/{institution_id}/scan", SCAN_PDF).status_code == 404


@pytest.mark.parametrize("content, name, message", [
    (HTML, "regulamin.pdf", "Wybierz plik PDF, PNG albo JPEG."),
    (b"GIF89a" + b"\x00" * 20, "skan.png", "Wybierz plik PDF, PNG albo JPEG."),
    (b"", "pusty.pdf", "Plik jest pusty."),
])
def test_a_file_of_another_type_or_an_empty_one_is_refused_in_polish(app, team, content, name, message):
    client, _municipality, _institution_id = team
    response = _upload(client, "/partnership/acts/rules/scan", content, name)
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    assert _scans(app) == [] and _actions(app) == []


def test_no_file_at_all_is_refused_in_polish(app, team):
    client, _municipality, _institution_id = team
    response = client.post("/partnership/acts/rules/scan", data={}, content_type="multipart/form-data")
    assert response.status_code == 400 and "Wybierz plik ze skanem." in response.get_data(as_text=True)
    assert _scans(app) == []


def test_an_oversized_file_is_refused_in_polish(app, team):
    client, _municipality, _institution_id = team
    app.config["ACT_SCAN_MAX_BYTES"] = 100 * 1024
    response = _upload(client, "/partnership/acts/rules/scan", SCAN_PDF + b"0" * (100 * 1024))
    assert response.status_code == 400
    assert "Plik może mieć najwyżej 0,1 MB." in response.get_data(as_text=True)
    assert _scans(app) == []


def test_the_default_limit_takes_a_scan_larger_than_other_forms_take(app, team):
    """MAX_CONTENT_LENGTH (2 MB) bounds every other form; a 3 MB scan is within the scans' 5 MB."""
    client, _municipality, _institution_id = team
    assert _upload(client, "/partnership/acts/rules/scan", SCAN_PDF + b"0" * (3 * 1024 * 1024)).status_code == 302
    response = _upload(client, "/partnership/acts/rules/scan", SCAN_PDF + b"0" * (5 * 1024 * 1024))
    assert response.status_code == 400 and "najwyżej 5 MB" in response.get_data(as_text=True)
    [scan] = _scans(app)
    assert scan.size == len(SCAN_PDF) + 3 * 1024 * 1024


@pytest.mark.parametrize("name", ["../../etc/passwd.pdf", "..\\..\\windows\\system.ini.pdf", "/etc/passwd.pdf"])
def test_a_path_in_the_name_is_stored_as_a_plain_name(app, team, name):
    client, _municipality, _institution_id = team
    assert _upload(client, "/partnership/acts/rules/scan", SCAN_PDF, name).status_code == 302
    [scan] = _scans(app)
    assert "/" not in scan.file_name and "\\" not in scan.file_name and not scan.file_name.startswith(".")
    assert scan.file_name.endswith(".pdf")
    download = client.get(f"/partnership/acts/scans/{scan.id}")
    assert "/" not in download.headers["Content-Disposition"].split("filename", 1)[1]


def test_the_stored_name_takes_the_extension_of_the_content(app, team):
    client, _municipality, _institution_id = team
    _upload(client, "/partnership/acts/rules/scan", PNG, "skan.html")
    [scan] = _scans(app)
    assert scan.file_name == "skan.png" and scan.content_type == "image/png"
    download = client.get(f"/partnership/acts/scans/{scan.id}")
    assert download.mimetype == "image/png" and "text/html" not in download.headers["Content-Type"]
    assert download.headers["Content-Disposition"].startswith("attachment")


def test_a_new_upload_replaces_the_scan_and_removal_asks_first(app, team):
    client, _municipality, _institution_id = team
    _upload(client, "/partnership/acts/rules/scan", SCAN_PDF, "pierwszy.pdf")
    response = _upload(client, "/partnership/acts/rules/scan", PNG, "drugi.png")
    assert "Zastąpiono skan dokumentu." in client.get(response.headers["Location"]).get_data(as_text=True)
    [scan] = _scans(app)
    assert scan.file_name == "drugi.png"
    confirm = client.get(f"/partnership/acts/scans/{scan.id}/delete")
    assert confirm.status_code == 200 and "Usunąć skan dokumentu?" in confirm.get_data(as_text=True)
    assert _scans(app)  # asking removes nothing
    response = client.post(f"/partnership/acts/scans/{scan.id}/delete")
    assert response.status_code == 302
    assert "Usunięto skan dokumentu." in client.get(response.headers["Location"]).get_data(as_text=True)
    assert _scans(app) == []
    assert _actions(app) == ["act_scan_uploaded", "act_scan_replaced", "act_scan_removed"]


def test_a_worker_downloads_but_cannot_upload_or_remove(app, team):
    client, municipality, _institution_id = team
    _upload(client, "/partnership/acts/rules/scan", SCAN_PDF)
    [scan] = _scans(app)
    worker, _user = client_as(app, "social_worker", municipality)
    assert "Wyślij skan" not in worker.get("/partnership/").get_data(as_text=True)
    assert worker.get(f"/partnership/acts/scans/{scan.id}").status_code == 200
    assert _upload(worker, "/partnership/acts/rules/scan", PNG).status_code == 403
    assert worker.post(f"/partnership/acts/scans/{scan.id}/delete").status_code == 403
    assert [s.file_name for s in _scans(app)] == ["skan.pdf"]


def test_a_partner_cannot_download_a_scan(app, team):
    client, municipality, institution_id = team
    _upload(client, f"/partnership/acts/accession/institutions/{institution_id}/scan", SCAN_PDF)
    [scan] = _scans(app)
    partner = partner_client(app, municipality, institution_id)
    assert partner.get(f"/partnership/acts/scans/{scan.id}").status_code == 403


def test_another_municipalitys_scan_is_not_found(app, team):
    client, _municipality, _institution_id = team
    _upload(client, "/partnership/acts/rules/scan", SCAN_PDF)
    [scan] = _scans(app)
    other, _other_municipality = coordinator_client(app, "rural", username="koord2")
    set_up(other, "rural")
    assert other.get(f"/partnership/acts/scans/{scan.id}").status_code == 404
    assert other.get(f"/partnership/acts/scans/{scan.id}/delete").status_code == 404
    assert other.post(f"/partnership/acts/scans/{scan.id}/delete").status_code == 404
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(ActScan).execution_options(all_tenants=True)) == 1


def test_a_scan_sent_in_another_field_is_refused(app, team):
    client, _municipality, _institution_id = team
    response = client.post("/partnership/acts/rules/scan", data={"file": (io.BytesIO(SCAN_PDF), "skan.pdf")},
                           content_type="multipart/form-data")
    assert response.status_code == 400 and _scans(app) == []
