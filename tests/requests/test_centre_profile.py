"""The centre's profile: the administrator keeps it (Polish messages, no lost update) and every
statutory document prints it – the contract's stamp, parties and place of conclusion, the PZK
protocol – falling back to the installation's name while it is missing."""
import io
import struct
import zlib

import docx
from builders import (FULL_NAME, PROFILE, add_meeting, add_municipality, add_profile, client_as, coordinator_client,
                      login, set_up, signed_contract, version_of, worker_client)
from docx.shared import Cm
from sqlalchemy import select

from kooperacje.extensions import db
from kooperacje.municipalities.models import CentreProfile


def admin_client(app, municipality, username="admin"):
    return client_as(app, "municipality_admin", municipality, username)[0]


def save_profile(client, **changes):
    page = client.get("/municipality/centre").get_data(as_text=True)
    return client.post("/municipality/centre", data={**PROFILE, "version": version_of(page), **changes})




def contract_document(client, view_url):
    response = client.get(view_url + "/contract.docx")
    assert response.status_code == 200
    return docx.Document(io.BytesIO(response.data))


def stored(app):
    with app.app_context():
        return db.session.scalar(select(CentreProfile).execution_options(all_tenants=True))


# --- the form ---------------------------------------------------------------------------------

def test_the_administrator_completes_the_profile_with_messages_in_polish(app):
    client = admin_client(app, add_municipality("102003"))
    assert "Dane ośrodka" in client.get("/municipality").get_data(as_text=True)
    response = save_profile(client, full_name="", town="", kind="", postal_code="95100")
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    for message in ("Podaj pełną nazwę ośrodka", "Podaj miejscowość, w której ośrodek ma siedzibę.",
                    "Wybierz rodzaj jednostki.", "Podaj kod pocztowy w postaci 00-000."):
        assert message in page
    assert stored(app) is None
    assert save_profile(client).status_code == 302
    profile = stored(app)
    assert (profile.full_name, profile.kind, profile.address) == (FULL_NAME, "MOPS", "ul. Łęczycka 24, 95-100 Zgierz")
    assert profile.signing_place is None  # the seat is the default


def test_a_concurrent_edit_is_a_conflict_that_keeps_what_was_typed(app):
    municipality = add_municipality("102003")
    first, second = admin_client(app, municipality, "admin1"), admin_client(app, municipality, "admin2")
    assert save_profile(first).status_code == 302
    stale = version_of(second.get("/municipality/centre").get_data(as_text=True))
    assert save_profile(first, head_name="Anna Nowak").status_code == 302
    response = second.post("/municipality/centre", data={**PROFILE, "head_name": "Jan Kowal", "version": stale})
    page = response.get_data(as_text=True)
    assert response.status_code == 409
    assert "Ktoś inny zapisał w międzyczasie dane ośrodka" in page and "Jan Kowal" in page and "Anna Nowak" in page
    assert stored(app).head_name == "Anna Nowak"
    # saving again from the conflict page is a deliberate overwrite
    retry = second.post("/municipality/centre", data={**PROFILE, "head_name": "Jan Kowal",
                                                      "version": version_of(page)})
    assert retry.status_code == 302 and stored(app).head_name == "Jan Kowal"


def test_only_the_administrator_edits_the_profile(app):
    client, _ = worker_client(app)
    assert client.get("/municipality/centre").status_code == 403
    assert client.post("/municipality/centre", data=PROFILE).status_code == 403


# --- the documents ----------------------------------------------------------------------------

def test_the_contract_prints_the_centres_name_stamp_and_place(app):
    client, municipality = worker_client(app)
    add_profile(app, municipality, kind="MGOPS", full_name="Miejsko-Gminny Ośrodek Pomocy Społecznej w Zgierzu",
                signing_place="Zgierz-Rudunki")
    view_url, _ = signed_contract(app, client, municipality)
    assert "Dane ośrodka nie są uzupełnione" not in client.get(view_url).get_data(as_text=True)
    document = contract_document(client, view_url)
    stamp, place = (c.text for c in document.tables[0].rows[0].cells)
    assert stamp.startswith("Miejsko-Gminny Ośrodek Pomocy Społecznej w Zgierzu\nul. Łęczycka 24, 95-100 Zgierz")
    assert "(pieczęć miejsko-gminnego ośrodka pomocy społecznej)" in stamp
    assert place.startswith("Zgierz-Rudunki, dnia 01.12.2026")
    cells = [[c.text for c in row.cells] for t in document.tables for row in t.rows]
    assert ["Ośrodek", "Miejsko-Gminny Ośrodek Pomocy Społecznej w Zgierzu"] in cells
    assert "gmina miejska" not in stamp + str(cells)


def test_the_place_of_conclusion_defaults_to_the_seat(app):
    client, municipality = worker_client(app)
    add_profile(app, municipality, kind="CUS", full_name="Centrum Usług Społecznych w Zgierzu")
    view_url, _ = signed_contract(app, client, municipality)
    stamp, place = (c.text for c in contract_document(client, view_url).tables[0].rows[0].cells)
    assert "(pieczęć centrum usług społecznych)" in stamp and place.startswith("Zgierz, dnia 01.12.2026")


def test_without_a_profile_the_contract_falls_back_and_the_page_asks_to_complete_it(app):
    client, municipality = worker_client(app)
    view_url, _ = signed_contract(app, client, municipality)
    page = client.get(view_url).get_data(as_text=True)
    assert "Dane ośrodka nie są uzupełnione" in page and "Poproś administratora gminy" in page
    stamp, place = (c.text for c in contract_document(client, view_url).tables[0].rows[0].cells)
    assert stamp.startswith(municipality.display_name) and "(pieczęć ośrodka pomocy społecznej)" in stamp
    assert place.startswith("…" * 14 + ", dnia 01.12.2026")


def test_the_protocol_names_the_centre(app):
    client, municipality = coordinator_client(app)
    set_up(client)
    meeting_id = add_meeting(client, "2026-11-27")

    def subtitle():
        response = client.get(f"/partnership/meetings/{meeting_id}/protocol.docx")
        # the line that names the team and its centre, under the title and the protocol's stage
        return next(p.text for p in docx.Document(io.BytesIO(response.data)).paragraphs if " — " in p.text)

    assert subtitle().endswith(f"— {municipality.display_name}")
    add_profile(app, municipality)
    assert subtitle().endswith(f"— {FULL_NAME}")


def test_demo_centres_have_full_names_on_their_contracts(tmp_path):
    from builders import empty_database, make_app

    from kooperacje.auth.models import User
    from kooperacje.contracts.models import Contract

    app = make_app(empty_database(tmp_path, "demo.db"), AUTO_MIGRATE=True, DEMO_DATA=True)
    with app.app_context():
        names = db.session.scalars(select(CentreProfile.full_name).execution_options(all_tenants=True)).all()
        assert sorted(names) == ["Gminny Ośrodek Pomocy Społecznej w Dalikowie",
                                 "Miejski Ośrodek Pomocy Społecznej w Zgierzu",
                                 "Miejsko-Gminny Ośrodek Pomocy Społecznej w Aleksandrowie Łódzkim"]
        contract_id = db.session.scalar(select(Contract.id).where(Contract.model_key == "urban")
                                        .execution_options(all_tenants=True))
        worker = db.session.scalar(select(User).where(User.username == "pracownik.zgierz"))
        worker.set_password("Długie hasło testowe 2026!")
        worker.must_change_password = False
        db.session.commit()
    client = app.test_client()
    login(client, "pracownik.zgierz", "Długie hasło testowe 2026!")
    document = contract_document(client, f"/clients/contracts/{contract_id}")
    stamp = document.tables[0].rows[0].cells[0].text
    assert stamp.startswith("Miejski Ośrodek Pomocy Społecznej w Zgierzu")
    assert "(pieczęć miejskiego ośrodka pomocy społecznej)" in stamp


# --- the letterhead ---------------------------------------------------------------------------

def png(width=400, height=100):
    """A valid PNG of one grey colour."""
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    rows = b"".join(b"\x00" + b"\x80" * width for _ in range(height))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b""))


def upload(client, content, name="naglowek.png", **changes):
    page = client.get("/municipality/centre").get_data(as_text=True)
    return client.post("/municipality/centre", content_type="multipart/form-data", data={
        **PROFILE, "version": version_of(page), "letterhead": (io.BytesIO(content), name), **changes})


def test_the_letterhead_is_checked_by_content_and_size(app):
    client = admin_client(app, add_municipality("102003"))
    for content, name, message in ((b"<html><script>alert(1)</script></html>", "naglowek.png",
                                    "Wybierz obraz PNG albo JPEG."),
                                   (b"GIF89a" + b"\x00" * 100, "naglowek.png", "Wybierz obraz PNG albo JPEG."),
                                   (png()[:-12] + b"\x00" * (513 * 1024), "naglowek.png",
                                    "Obraz może mieć najwyżej 512 KB.")):
        response = upload(client, content, name)
        assert response.status_code == 400 and message in response.get_data(as_text=True)
    assert stored(app) is None
    assert upload(client, png(), "logo-bez-rozszerzenia").status_code == 302  # the content decides, not the name
    with app.app_context():
        assert db.session.scalar(select(CentreProfile.letterhead).execution_options(all_tenants=True)) == png()
    assert save_profile(client).status_code == 302  # saving without a file keeps it
    assert upload(client, b"", "", remove_letterhead="y").status_code == 302
    with app.app_context():
        assert db.session.scalar(select(CentreProfile.letterhead).execution_options(all_tenants=True)) is None


def test_the_letterhead_heads_the_contract_and_the_protocol(app):
    client, municipality = worker_client(app)
    add_profile(app, municipality, letterhead=png())
    view_url, _ = signed_contract(app, client, municipality)
    document = contract_document(client, view_url)
    [picture] = document.sections[0].header.part.package.image_parts  # one image, in the header
    assert picture.blob == png()
    assert document.sections[0].header._element.xpath(".//a:blip")
    shape = document.sections[0].header._element.xpath(".//wp:extent")[0]
    assert int(shape.get("cy")) <= Cm(2.5) and int(shape.get("cx")) <= Cm(16)


def test_the_administrator_enters_the_data_protection_officer_the_clauses_print(app):
    client = admin_client(app, add_municipality("102003"))
    assert "Kontakt z inspektorem ochrony danych" in client.get("/municipality/centre").get_data(as_text=True)
    too_long = save_profile(client, dpo_contact="i" * 201)
    assert too_long.status_code == 400 and "Najwyżej 200 znaków." in too_long.get_data(as_text=True)
    assert save_profile(client, dpo_contact="  iod@ops.example.pl ").status_code == 302
    assert stored(app).dpo_contact == "iod@ops.example.pl"
