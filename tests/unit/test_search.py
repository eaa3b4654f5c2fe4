"""Finding a case: by any part of a double surname, first name and surname in either order,
without Polish characters, by a household member; paged, scoped to the municipality, audited."""
import re

from builders import add_municipality, add_user, empty_database, login, make_app
from flask_migrate import downgrade, upgrade
from sqlalchemy import select, text

from kooperacje.audit.models import CASE_ACCESSED, AuditEvent
from kooperacje.clients.models import NameKey, Person
from kooperacje.extensions import db

MALE_1944 = "44051401359"


def worker(app, teryt6="102003", username="worker"):
    municipality = add_municipality(teryt6)
    add_user(username, "social_worker", municipality)
    browser = app.test_client()
    login(browser, username)
    return browser


def register(browser, first_name, last_name, **fields):
    response = browser.post("/clients/new", data={"kind": "family", "first_name": first_name, "last_name": last_name,
                                                  "town": "Zgierz", "reasons": ["poverty"], **fields})
    assert response.status_code == 302, response.get_data(as_text=True)
    return int(response.headers["Location"].rsplit("/", 1)[1])


def add_member(browser, client_id, first_name, last_name, relation="child"):
    response = browser.post(f"/clients/{client_id}/members", data={
        "member-first_name": first_name, "member-last_name": last_name, "member-relation": relation})
    assert response.status_code == 302


def search(browser, query, **fields):
    return browser.post("/clients/search", data={"query": query, **fields}).get_data(as_text=True)


def test_any_part_of_a_double_surname_finds_the_case_with_or_without_polish_letters(app):
    browser = worker(app)
    register(browser, "Anna", "Żurawska-Łęcka")
    register(browser, "Jan", "Nowak")
    for query in ("Łęcka", "lecka", "ŁĘC", "Żurawska", "zurawska-lecka", "Anna Łęcka", "łęcka anna",
                  "anna zur"):
        page = search(browser, query)
        assert "Żurawska-Łęcka Anna" in page and "Nowak" not in page, query
    for query in ("Jan Łęcka", "Annas", "ecka"):
        assert "Nie znaleziono spraw" in search(browser, query), query


def test_a_household_member_finds_the_case_and_the_result_says_through_whom(app):
    browser = worker(app)
    client_id = register(browser, "Maria", "Kowalczyk")
    add_member(browser, client_id, "Oskar", "Wiśniewski")
    page = search(browser, "wisniewski oskar")
    assert "Kowalczyk Maria" in page
    assert re.search(r"Znaleziono przez osobę z gospodarstwa domowego:\s*Oskar Wiśniewski \(dziecko\)", page)
    assert "Znaleziono przez osobę" not in search(browser, "Kowalczyk")


def test_results_come_in_pages_posted_like_the_query(app):
    app.config["PAGE_SIZE"] = 2
    browser = worker(app)
    for first_name in ("Ala", "Beata", "Celina", "Dorota", "Ewa"):
        register(browser, first_name, "Łęcka")
    first = search(browser, "lecka")
    assert "Znalezione sprawy: 5. Strona 1 z 3." in first
    assert "Łęcka Ewa" in first and "Łęcka Dorota" in first and "Łęcka Celina" not in first
    after = re.search(r'name="after" value="(\d+)"', first).group(1)
    assert "Więcej wyników" in first
    second = search(browser, "lecka", after=after)
    assert "Strona 2 z 3." in second and "Łęcka Celina" in second and "Łęcka Beata" in second
    assert "Łęcka Ewa" not in second and "Pierwsza strona wyników" in second
    after = re.search(r'name="after" value="(\d+)"', second).group(1)
    third = search(browser, "lecka", after=after)
    assert "Strona 3 z 3." in third and "Łęcka Ala" in third and "Więcej wyników" not in third
    assert browser.post("/clients/search", data={"query": "lecka", "after": "99999999999"}).status_code == 400


def test_other_municipalities_cases_are_neither_found_nor_counted(app):
    first = worker(app, "102003", "worker.a")
    register(first, "Anna", "Żurawska-Łęcka", pesel=MALE_1944, sex="")
    second = worker(app, "101102", "worker.b")
    register(second, "Beata", "Łęcka")
    page = search(second, "lecka")
    assert "Znalezione sprawy: 1." in page and "Żurawska" not in page
    assert "Nie znaleziono spraw" in search(second, MALE_1944)


def test_every_case_a_search_shows_is_audited(app):
    browser = worker(app)
    shown = register(browser, "Anna", "Żurawska-Łęcka")
    register(browser, "Jan", "Nowak")
    with app.app_context():
        before = db.session.scalar(select(AuditEvent.id).order_by(AuditEvent.id.desc()).limit(1))
    search(browser, "lecka")
    with app.app_context():
        rows = db.session.scalars(select(AuditEvent).where(AuditEvent.id > before)).all()
    assert [(r.action, r.client_id, r.detail) for r in rows] == [(CASE_ACCESSED, shown, "clients.search")]


def test_name_keys_follow_a_changed_name(app):
    browser = worker(app)
    client_id = register(browser, "Anna", "Łęcka")
    with app.test_request_context():
        person = db.session.scalar(select(Person).where(Person.client_id == client_id)
                                   .execution_options(all_tenants=True))
        person.last_name = "Żurawska-Łęcka"
        db.session.commit()
        keys = db.session.scalars(select(NameKey.key).where(NameKey.person_id == person.id)
                                  .execution_options(all_tenants=True)).all()
    assert sorted(keys) == ["anna", "lecka", "zurawska"]


def test_the_migration_gives_people_registered_before_it_their_name_keys(tmp_path):
    app = make_app(empty_database(tmp_path, "old.db"))
    directory = app.extensions["migrate"].directory
    with app.app_context():
        upgrade(directory=directory, revision="0010_institution_version")
    m = add_municipality().id
    with app.app_context():
        db.session.execute(text("INSERT INTO client (id, municipality_id, kind, reasons, status, surname_key, "
                                "created_at, version) VALUES (1, :m, 'family', '[]', 'active', 'x', "
                                "'2025-01-01 00:00:00', 1)"), {"m": m})
        db.session.execute(text("INSERT INTO person (id, municipality_id, client_id, first_name, last_name, relation) "
                                "VALUES (7, :m, 1, 'Anna', 'Żurawska-Łęcka', 'applicant')"), {"m": m})
        db.session.commit()
        upgrade(directory=directory, revision="heads")
        rows = db.session.execute(text("SELECT person_id, key, client_id, municipality_id FROM person_name_key "
                                       "ORDER BY key")).all()
        assert [tuple(r) for r in rows] == [(7, "anna", 1, m), (7, "lecka", 1, m), (7, "zurawska", 1, m)]
        db.session.commit()
        downgrade(directory=directory, revision="0010_institution_version")
        db.engine.dispose()
