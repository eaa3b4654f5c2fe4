"""Measure the app's pages and documents against the bare stack, in one process, side by side.

Prints a table: median milliseconds per request or document and the ratio to the bare baseline.
Absolute numbers move between machines; compare the ratios (see ../shared/guides/performance.md).
"""
import io
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from docx import Document
from flask import Flask, render_template_string

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from conftest import PASSWORD, add_municipality, add_user, login, make_app  # noqa: E402

from bench import contracts, load, median_ms  # noqa: E402
from bench.national.run import main as national_main  # noqa: E402


def bare_page_ms():
    bare = Flask("bare")
    page = "<!doctype html><html lang=pl><title>x</title><main>{% for i in range(60) %}<p>Akapit {{ i }}</p>{% endfor %}</main>"
    bare.add_url_rule("/", "index", lambda: render_template_string(page))
    client = bare.test_client()
    return median_ms(lambda: client.get("/"))


def app_with_data(folder):
    from kooperacje.extensions import db
    from kooperacje.partnership import service
    from kooperacje.partnership.models import Institution, Meeting, Partnership

    app = make_app(folder / "bench.db", AUTO_MIGRATE=True)
    municipality = add_municipality("102003")
    add_user("koord", "coordinator", municipality)
    with app.app_context():
        partnership = Partnership(municipality_id=municipality.id, model_key="urban", name="PZK", cadence_days=15,
                                  model_data={})
        db.session.add(partnership)
        db.session.flush()
        institutions = [Institution(municipality_id=municipality.id, partnership_id=partnership.id,
                                    name=f"Instytucja {n}", sector="ngo", level="gmina") for n in range(12)]
        db.session.add_all(institutions)
        db.session.flush()
        for n in range(200):
            meeting = Meeting(municipality_id=municipality.id, partnership_id=partnership.id, meeting_type="working",
                              held_on=date(2024, 1, 1) + timedelta(days=n * 3), mode="in_person", model_data={},
                              agenda="1. Punkt\n2. Punkt", minutes="Przebieg " * 200)
            db.session.add(meeting)
            db.session.flush()
            service.save_attendance(partnership, meeting, {i.id: "present" for i in institutions}, {})
            for k in range(3):
                service.add_decision(meeting, f"Ustalenie {k}", {"title": f"Zadanie {n}.{k}",
                                                                 "owner_institution_id": institutions[k].id,
                                                                 "due_on": meeting.held_on + timedelta(days=14)})
        db.session.commit()
    return app


def docx_floor_ms():
    def build():
        buffer = io.BytesIO()
        Document().save(buffer)
    return median_ms(build, 50)


def login_rows(app):
    """The password check (argon2id) and a whole login, right and wrong password alike."""
    from kooperacje.auth.models import password_hasher

    stored = password_hasher.hash(PASSWORD)
    verify = median_ms(lambda: password_hasher.verify(stored, PASSWORD), 20)

    def log_in(password):
        fresh = app.test_client()
        fresh.post("/login", data={"username": "koord", "password": password})

    right = median_ms(lambda: log_in(PASSWORD), 20)
    wrong = median_ms(lambda: log_in("zupełnie nie to hasło"), 5)  # a few: failures lead to a lockout
    return [("argon2id password verify", verify, None), ("POST /login, right password", right, None),
            ("POST /login, wrong password", wrong, None)]


def main():
    rows = []
    baseline = bare_page_ms()
    rows.append(("bare Flask + Jinja page (no database)", baseline, 1.0))
    with tempfile.TemporaryDirectory() as folder:
        app = app_with_data(Path(folder))
        client = app.test_client()
        login(client, "koord")
        client.get("/book/")  # the Book is rendered once, on first use
        with app.test_request_context():
            from kooperacje.book.book import Book
            from kooperacje.plugins import get_plugins

            start = time.perf_counter()
            book = Book(get_plugins(app).book_chapters, app.instance_path)
            render_ms = (time.perf_counter() - start) * 1000
        first = book.chapters[0]
        pages = [
            ("Book chapter", f"/book/{first.part}/{first.slug}"),
            ("Book search", "/book/search?q=wspolpraca+rodzina"),
            ("PZK overview (200 meetings)", "/partnership/"),
            ("meeting list, keyset page of 25", "/partnership/meetings"),
            ("meeting with attendance and decisions", "/partnership/meetings/200"),
            ("task list, keyset page of 25", "/partnership/tasks?state=all"),
        ]
        for label, url in pages:
            assert client.get(url).status_code == 200, url
            ms = median_ms(lambda url=url: client.get(url))
            rows.append((label, ms, baseline / ms))
        floor = docx_floor_ms()
        rows.append(("python-docx floor: Document() + save()", floor, None))
        protocol = median_ms(lambda: client.get("/partnership/meetings/200/protocol.docx"), 50)
        rows.append(("meeting protocol DOCX (request)", protocol, floor / protocol))
        rows += login_rows(app)
    print(f"Book: {len(book.chapters)} chapters, {book.words} words, rendered in {render_ms:.0f} ms (once per process)")
    print(f"{'what':<44} {'median ms':>10} {'ratio':>7}")
    for label, ms, ratio in rows:
        print(f"{label:<44} {ms:>10.2f} {'' if ratio is None else f'{ratio:>7.2f}'}")
    print("ratio: bare page ms / page ms (pages); floor ms / document ms (documents). Test client, one process.")
    contracts.main()
    load.main()
    national_main(sys.argv[1:])


if __name__ == "__main__":
    main()
