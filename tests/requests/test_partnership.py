"""The institution level: PZK set-up per model, meetings, attendance, tasks and their carry-over,
the coordinator's overview, the DOCX protocol and CSV, permissions and tenant boundaries."""
import csv
import io
import re
from datetime import date, timedelta

import pytest
from builders import SETUP_DATA, add_decision, add_institution, add_meeting, add_user, coordinator_client, login, set_up
from docx import Document
from sqlalchemy import event, select

from kooperacje.audit.models import AuditEvent
from kooperacje.clock import local_today
from kooperacje.extensions import db
from kooperacje.partnership.models import Meeting, Task


@pytest.mark.parametrize("model,body,meeting_type,setup_field", [
    ("rural", "Partnerski Zespół Kooperacji (gminno-powiatowy)", "warsztat diagnostyczny z rodziną", "Powiat – strona porozumienia"),
    ("urban_rural", "Partnerski Zespół Kooperacyjny decydentów", "spotkanie Gminnej Grupy Kooperacyjnej", "Doradca z ROPS"),
    ("urban", "Partnerski Zespół Kooperacyjny (PZK)", "przegląd planu działania PZK", "Upoważnienie prezydenta lub burmistrza"),
])
def test_each_model_sets_up_its_own_partnership(app, model, body, meeting_type, setup_field):
    client, _municipality = coordinator_client(app, model)
    page = client.get("/partnership/setup").get_data(as_text=True)
    assert body in page and setup_field in page
    cadence = {"rural": "30", "urban_rural": "30", "urban": "15"}[model]
    assert re.search(rf'<option selected value="{cadence}">|<option value="{cadence}" selected>', page)
    set_up(client, model)
    assert meeting_type in client.get("/partnership/meetings/new").get_data(as_text=True)


def test_required_model_field_gets_a_message_and_keeps_typed_values(app):
    client, _ = coordinator_client(app, "urban")
    response = client.post("/partnership/setup", data={"name": "PZK Zgierz", "cadence_days": "15", "quorum_percent": "150"})
    body = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Podaj liczbę od 1 do 100." in body and 'value="PZK Zgierz"' in body
    assert "Upoważnienie prezydenta lub burmistrza dla OPS (numer i data)" in body


def test_model_specific_meeting_fields_are_stored_and_shown(app):
    client, _ = coordinator_client(app, "rural")
    set_up(client, "rural")
    meeting_id = add_meeting(client, "2025-02-01", "diagnostic_workshop",
                             model_families_discussed="3", model_powiat_animator_present="y")
    page = client.get(f"/partnership/meetings/{meeting_id}").get_data(as_text=True)
    assert "Liczba omawianych rodzin" in page and "Animator powiatowy obecny" in page
    with app.app_context():
        assert db.session.get(Meeting, meeting_id).model_data == {"families_discussed": 3, "powiat_animator_present": True}


def test_new_meeting_agenda_follows_the_template_and_carries_open_tasks(app):
    client, _ = coordinator_client(app)
    set_up(client)
    mops = add_institution(client, "MOPS")
    first = add_meeting(client, "2025-02-01", "initiating")
    add_decision(client, first, "Przygotować listę rodzin", "Lista rodzin do pilotażu", mops, "2025-02-10")
    add_decision(client, first, "Zaprosić szkoły", "Zaproszenia do szkół", mops)
    agenda = _agenda_field(client.get("/partnership/meetings/new?type=working").get_data(as_text=True))
    assert "1. Przyjęcie porządku i protokołu poprzedniego spotkania" in agenda
    assert "Zadania w toku z poprzednich spotkań:" in agenda
    assert "- Lista rodzin do pilotażu (MOPS, termin 10.02.2025)" in agenda and "Zaproszenia do szkół" in agenda

    second = add_meeting(client, "2025-02-15")
    page = client.get(f"/partnership/meetings/{second}").get_data(as_text=True)
    assert "Lista rodzin do pilotażu" in page and "po terminie" in page
    with app.app_context():
        task_id = db.session.scalar(select(Task.id).where(Task.title == "Lista rodzin do pilotażu"))
    client.post(f"/partnership/tasks/{task_id}/status", data={"status": "done", "meeting_id": second})
    with app.app_context():
        task = db.session.get(Task, task_id)
        assert (task.status, task.closed_on, task.closed_at_meeting_id) == ("done", date(2025, 2, 15), second)
    agenda = _agenda_field(client.get("/partnership/meetings/new").get_data(as_text=True))
    assert "Lista rodzin do pilotażu" not in agenda and "Zaproszenia do szkół" in agenda


def _agenda_field(page):
    return re.search(r'<textarea[^>]*name="agenda"[^>]*>(.*?)</textarea>', page, re.DOTALL).group(1)


def test_cadence_says_how_long_since_the_last_meeting(app):
    client, _ = coordinator_client(app)
    set_up(client)  # planned twice a month
    add_meeting(client, (local_today() - timedelta(days=34)).isoformat())
    page = client.get("/partnership/").get_data(as_text=True)
    assert "Planowane: dwa razy w miesiącu." in page and "Ostatnie spotkanie 34 dni temu." in page
    assert "Zaplanowany rytm nie jest utrzymany" in page
    add_meeting(client, (local_today() - timedelta(days=3)).isoformat(),
                next_meeting_on=(local_today() + timedelta(days=11)).isoformat())
    page = client.get("/partnership/").get_data(as_text=True)
    assert "Ostatnie spotkanie 3 dni temu." in page and "rytm nie jest utrzymany" not in page
    assert f"Następne spotkanie: {(local_today() + timedelta(days=11)).strftime('%d.%m.%Y')}." in page


def test_attendance_quorum_and_rates_count_only_membership_periods(app):
    client, _ = coordinator_client(app)
    set_up(client)
    mops = add_institution(client, "MOPS", joined="2025-01-01")
    pup = add_institution(client, "PUP", "labour", joined="2025-01-01")
    police = add_institution(client, "Policja", "police", joined="2025-01-01", left="2025-03-01")
    school = add_institution(client, "Szkoła", "education", joined="2025-03-01")
    first = add_meeting(client, "2025-02-01")
    client.post(f"/partnership/meetings/{first}/attendance",
                data={f"status-{mops}": "present", f"status-{pup}": "absent", f"status-{police}": "delegate"})
    page = client.get(f"/partnership/meetings/{first}").get_data(as_text=True)
    assert "Obecne instytucje: 2 z 3, kworum: 2." in page and "Kworum osiągnięte." in page
    assert f'name="status-{school}"' not in page  # not yet a member
    second = add_meeting(client, "2025-04-01")
    client.post(f"/partnership/meetings/{second}/attendance", data={f"status-{mops}": "present"})
    assert "Brak kworum." in client.get(f"/partnership/meetings/{second}").get_data(as_text=True)
    overview = client.get("/partnership/").get_data(as_text=True)
    rows = dict(re.findall(r">([^<]+)</a></td><td>(\d+)</td><td>\d+</td><td>(?:\d+|—)</td>", overview))
    assert rows == {"MOPS": "2", "PUP": "2", "Policja": "1", "Szkoła": "1"}
    assert re.search(r">MOPS</a></td><td>2</td><td>2</td><td>100</td>", overview)
    assert re.search(r">Policja</a></td><td>1</td><td>1</td><td>100</td>", overview)
    assert re.search(r">PUP</a></td><td>2</td><td>0</td><td>0</td>", overview)
    assert "01.03.2025 — Policja: wystąpienie" in overview


def test_overdue_tasks_are_counted_per_institution(app):
    client, _ = coordinator_client(app)
    set_up(client)
    mops, pup = add_institution(client, "MOPS"), add_institution(client, "PUP", "labour")
    meeting = add_meeting(client, "2025-02-01")
    add_decision(client, meeting, "a", "Po terminie 1", pup, "2025-02-10")
    add_decision(client, meeting, "b", "Po terminie 2", pup, "2025-02-11")
    add_decision(client, meeting, "c", "W terminie", mops, (local_today() + timedelta(days=30)).isoformat())
    page = client.get("/partnership/").get_data(as_text=True)
    assert re.search(r'<td>PUP</td><td><strong class="late">2</strong></td><td>2</td>', page)
    assert "<td>MOPS</td><td>0</td><td>1</td>" in page
    overdue = client.get("/partnership/tasks?state=overdue").get_data(as_text=True)
    assert "Po terminie 1" in overdue and "W terminie" not in overdue


def test_protocol_docx_holds_attendance_decisions_and_tasks(app):
    client, _ = coordinator_client(app)
    set_up(client)
    mops = add_institution(client, "MOPS w Zgierzu")
    add_institution(client, "Komenda Powiatowa Policji", "police")
    meeting = add_meeting(client, "2025-02-01", "formalising", place="Urząd Miasta, sala 12", chair="Anna Nowak",
                          agenda="1. Oferty partnerów\n2. Deklaracje", minutes="### Oferty\n- **MOPS** przedstawił ofertę")
    client.post(f"/partnership/meetings/{meeting}/attendance", data={f"status-{mops}": "present", f"rep-{mops}": "Ewa Lis"})
    add_decision(client, meeting, "Przyjęto ramowy regulamin PZK.", "Rozesłać regulamin", mops, "2025-02-08")
    response = client.get(f"/partnership/meetings/{meeting}/protocol.docx")
    assert response.status_code == 200
    assert 'filename=protokol-2025-02-01-' in response.headers["Content-Disposition"]
    document = Document(io.BytesIO(response.data))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "Projekt protokołu ze spotkania" in text and "Partnerski Zespół Kooperacyjny (PZK)" in text  # not approved yet
    assert "1. Przyjęto ramowy regulamin PZK." in text
    assert "Obecne instytucje: 1 z 2 (wymagane 1) — kworum osiągnięte." in text
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert headings[:3] == ["Lista obecności", "Porządek obrad", "Przebieg spotkania"]
    cells = [[c.text for c in row.cells] for t in document.tables for row in t.rows]
    assert ["Rodzaj spotkania", "spotkanie formalizujące"] in cells
    assert ["Komenda Powiatowa Policji", "", "nieobecna", ""] in cells
    assert ["MOPS w Zgierzu", "Ewa Lis", "obecna", ""] in cells
    assert ["Rozesłać regulamin", "MOPS w Zgierzu", "—", "08.02.2025"] in cells
    lang = document.styles["Normal"].element.rPr.find(
        "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}lang")
    assert lang.get("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}val") == "pl-PL"


def test_hostile_text_exports_cleanly(app):
    client, _ = coordinator_client(app)
    set_up(client)
    evil = 'Fundacja "Ąę";\r\n\x0bdrop\x00 <b>'
    institution = add_institution(client, evil)
    meeting = add_meeting(client, "2025-02-01", chair=evil, minutes=evil * 50)
    add_decision(client, meeting, evil, "=HYPERLINK(\"http://x\")", institution)
    docx = client.get(f"/partnership/meetings/{meeting}/protocol.docx")
    assert docx.status_code == 200 and "\n" not in docx.headers["Content-Disposition"]
    assert "Fundacja" in "\n".join(p.text for p in Document(io.BytesIO(docx.data)).paragraphs)
    rows = list(csv.reader(io.StringIO(client.get("/partnership/tasks.csv?state=all").data.decode("utf-8-sig")), delimiter=";"))
    assert rows[1][0].startswith("'=HYPERLINK")
    assert rows[1][1].startswith('Fundacja "Ąę";')


def test_the_task_export_writes_dates_as_people_write_them(app):
    client, _ = coordinator_client(app)
    set_up(client)
    institution = add_institution(client, "MOPS w Zgierzu")
    meeting = add_meeting(client, "2025-02-01")
    add_decision(client, meeting, "Regulamin", "Rozesłać regulamin", institution, "2025-02-08")
    rows = list(csv.reader(io.StringIO(client.get("/partnership/tasks.csv?state=all").data.decode("utf-8-sig")),
                           delimiter=";"))
    assert rows[0] == ["Zadanie", "Instytucja", "Osoba", "Termin", "Stan", "Zamknięte"]
    assert rows[1][:4] == ["Rozesłać regulamin", "MOPS w Zgierzu", "", "08.02.2025"]


@pytest.mark.parametrize("data,message", [
    ({"held_on": "2025-13-45"}, "Nieprawidłowa data"),
    ({"held_on": ""}, "Podaj datę spotkania."),
    ({"held_on": "2025-02-01", "next_meeting_on": "2025-01-01"}, "Kolejne spotkanie musi być po dacie tego spotkania."),
])
def test_bad_meeting_input_gets_field_messages_and_keeps_text(app, data, message):
    client, _ = coordinator_client(app)
    set_up(client)
    response = client.post("/partnership/meetings/new", data={
        "meeting_type": "working", "mode": "in_person", "minutes": "Długi protokół, którego nie wolno zgubić.", **data})
    body = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Długi protokół, którego nie wolno zgubić." in body
    assert message in body


def test_decision_with_a_task_needs_an_owner(app):
    client, _ = coordinator_client(app)
    set_up(client)
    meeting = add_meeting(client, "2025-02-01")
    response = client.post(f"/partnership/meetings/{meeting}/decisions", data={
        "decision-text": "Ustalenie", "decision-task_title": "Zadanie bez właściciela"})
    assert response.status_code == 400
    assert "Wskaż instytucję odpowiedzialną za zadanie." in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(Task.id)) is None


def test_deleting_a_meeting_asks_first_keeps_tasks_and_is_audited(app):
    client, _ = coordinator_client(app)
    set_up(client)
    mops = add_institution(client, "MOPS")
    meeting = add_meeting(client, "2025-02-01")
    add_decision(client, meeting, "Ustalenie", "Zadanie", mops)
    assert "Usunąć spotkanie?" in client.get(f"/partnership/meetings/{meeting}/delete").get_data(as_text=True)
    with app.app_context():
        assert db.session.get(Meeting, meeting) is not None
    client.post(f"/partnership/meetings/{meeting}/delete")
    with app.app_context():
        assert db.session.get(Meeting, meeting) is None
        assert db.session.scalar(select(Task.title)) == "Zadanie"
        assert db.session.scalar(select(AuditEvent.id).where(AuditEvent.action == "meeting_deleted"))


def test_social_workers_read_but_do_not_edit(app):
    client, municipality = coordinator_client(app)
    set_up(client)
    meeting = add_meeting(client, "2025-02-01")
    add_user("worker", "social_worker", municipality)
    worker = app.test_client()
    login(worker, "worker")
    page = worker.get(f"/partnership/meetings/{meeting}")
    assert page.status_code == 200 and "Dodaj ustalenie" not in page.get_data(as_text=True)
    assert worker.get(f"/partnership/meetings/{meeting}/protocol.docx").status_code == 200
    for url in ("/partnership/setup", "/partnership/meetings/new", f"/partnership/meetings/{meeting}/delete"):
        assert worker.post(url, data={}).status_code == 403
    assert worker.post(f"/partnership/meetings/{meeting}/decisions", data={"decision-text": "x"}).status_code == 403


def test_another_municipalitys_partnership_is_invisible(app):
    client, _ = coordinator_client(app, "urban", "koord.a")
    set_up(client)
    mops = add_institution(client, "MOPS")
    meeting = add_meeting(client, "2025-02-01")
    add_decision(client, meeting, "Tajne ustalenie", "Zadanie A", mops)
    other, _ = coordinator_client(app, "rural", "koord.b")
    set_up(other, "rural")
    for url in (f"/partnership/meetings/{meeting}", f"/partnership/meetings/{meeting}/protocol.docx",
                f"/partnership/institutions/{mops}", f"/partnership/meetings/{meeting}/edit"):
        assert other.get(url).status_code == 404, url
    for url in (f"/partnership/meetings/{meeting}/delete", "/partnership/tasks/1/status",
                f"/partnership/meetings/{meeting}/attendance", f"/partnership/meetings/{meeting}/decisions"):
        assert other.post(url, data={"status": "done", "decision-text": "x"}).status_code == 404, url
    assert "Zadanie A" not in other.get("/partnership/tasks?state=all").get_data(as_text=True)
    with app.app_context():
        assert db.session.get(Meeting, meeting) is not None
        assert db.session.scalar(select(Task.status)) == "open"


def _count_queries(app, action):
    statements = []
    with app.app_context():
        listener = lambda *args: statements.append(args[2])  # noqa: E731
        event.listen(db.engine, "before_cursor_execute", listener)
        try:
            response = action()
        finally:
            event.remove(db.engine, "before_cursor_execute", listener)
    assert response.status_code == 200
    return len([s for s in statements if s.lstrip().upper().startswith("SELECT")])


@pytest.mark.parametrize("url", ["/partnership/meetings", "/partnership/tasks?state=all", "/partnership/institutions",
                                 "/partnership/basket"])
def test_list_pages_do_not_query_per_row(app, url):
    client, _ = coordinator_client(app)
    set_up(client)
    mops = add_institution(client, "MOPS")
    client.post(f"/partnership/institutions/{mops}", data={"service": "Usługa"})
    for day in range(1, 4):
        add_decision(client, add_meeting(client, f"2025-02-0{day}"), "u", "Zadanie", mops)
    few = _count_queries(app, lambda: client.get(url))
    for day in range(10, 28):
        meeting = add_meeting(client, f"2025-02-{day}")
        add_decision(client, meeting, "u", "Zadanie", add_institution(client, f"Instytucja {day}"))
        client.post(f"/partnership/institutions/{mops}", data={"service": f"Usługa {day}"})
    assert _count_queries(app, lambda: client.get(url)) == few


def test_a_meetings_page_does_not_query_per_decision(app):
    client, _ = coordinator_client(app)
    set_up(client)
    mops = add_institution(client, "MOPS")
    meeting = add_meeting(client, "2025-02-01")
    add_decision(client, meeting, "Pierwsze ustalenie", "Zadanie 1", mops)
    few = _count_queries(app, lambda: client.get(f"/partnership/meetings/{meeting}"))
    for number in range(2, 9):
        add_decision(client, meeting, f"Ustalenie {number}", f"Zadanie {number}", mops)
    page = client.get(f"/partnership/meetings/{meeting}").get_data(as_text=True)
    assert "Zadanie 8" in page and "Ustalenie 5" in page
    assert _count_queries(app, lambda: client.get(f"/partnership/meetings/{meeting}")) == few


def test_meeting_list_paginates_with_keyset(app):
    client, _ = coordinator_client(app)
    set_up(client)
    for day in range(1, 29):
        add_meeting(client, f"2025-02-{day:02d}")
    first = client.get("/partnership/meetings").get_data(as_text=True)
    after = re.search(r"\?after=(\d+)", first).group(1)
    second = client.get(f"/partnership/meetings?after={after}").get_data(as_text=True)
    dates = lambda page: set(re.findall(r">(\d\d\.02\.2025)</a>", page))  # noqa: E731
    assert len(dates(first)) == 25 and len(dates(second)) == 3 and not dates(first) & dates(second)


def test_attendance_over_time_is_shown_by_quarter(app):
    from kooperacje.partnership import service

    assert service.last_quarters(date(2025, 2, 1), 3) == [(2024, 3), (2024, 4), (2025, 1)]
    client, _ = coordinator_client(app)
    set_up(client)
    mops = add_institution(client, "MOPS", joined="2024-01-01")
    today = local_today()
    this_quarter = add_meeting(client, today.isoformat())
    client.post(f"/partnership/meetings/{this_quarter}/attendance", data={f"status-{mops}": "present"})
    add_meeting(client, (today - timedelta(days=100)).isoformat())  # a quarter or two ago, absent
    page = client.get("/partnership/").get_data(as_text=True)
    row = re.search(r'<th scope="row">MOPS</th>((?:<td>[^<]*</td>){4})</tr>', page).group(1)
    cells = re.findall(r"<td>([^<]*)</td>", row)
    assert cells[-1] == "100" and "0" in cells[:-1]


def test_a_stale_meeting_edit_is_a_conflict_that_keeps_the_typed_text(app):
    client, municipality = coordinator_client(app)
    set_up(client)
    meeting = add_meeting(client, "2025-02-01", minutes="Wersja pierwsza")
    add_user("koord2", "coordinator", municipality)
    other = app.test_client()
    login(other, "koord2")
    page = client.get(f"/partnership/meetings/{meeting}/edit").get_data(as_text=True)
    version = re.search(r'name="version" type="hidden" value="(\d+)"', page).group(1)
    form = {"meeting_type": "working", "held_on": "2025-02-01", "mode": "in_person", "version": version}
    assert other.post(f"/partnership/meetings/{meeting}/edit",
                      data={**form, "minutes": "Wersja kolegi"}).status_code == 302
    stale = client.post(f"/partnership/meetings/{meeting}/edit", data={**form, "minutes": "Moja długa wersja"})
    body = stale.get_data(as_text=True)
    assert stale.status_code == 409
    assert "Ktoś inny zapisał w międzyczasie to spotkanie" in body
    assert "Moja długa wersja" in body and "Wersja kolegi" in body
    with app.app_context():
        assert db.session.get(Meeting, meeting).minutes == "Wersja kolegi"
    fresh = re.search(r'name="version" type="hidden" value="(\d+)"', body).group(1)
    assert client.post(f"/partnership/meetings/{meeting}/edit",
                       data={**form, "version": fresh, "minutes": "Moja długa wersja"}).status_code == 302
    with app.app_context():
        assert db.session.get(Meeting, meeting).minutes == "Moja długa wersja"


def _version_of(page):
    return re.search(r'name="version" type="hidden" value="(\d+)"', page).group(1)


def _two_coordinators(app):
    client, municipality = coordinator_client(app)
    set_up(client)
    add_user("koord2", "coordinator", municipality)
    other = app.test_client()
    login(other, "koord2")
    return client, other


def test_a_stale_institution_edit_is_a_conflict_that_keeps_the_typed_text(app):
    from kooperacje.partnership.models import Institution

    client, other = _two_coordinators(app)
    institution = add_institution(client, "MOPS Zgierz")
    url = f"/partnership/institutions/{institution}/edit"
    form = {"name": "MOPS Zgierz", "sector": "social_assistance", "level": "gmina", "joined_on": "2025-01-10",
            "version": _version_of(client.get(url).get_data(as_text=True))}
    assert other.post(url, data={**form, "contact_person": "Anna Kolega"}).status_code == 302
    stale = client.post(url, data={**form, "contact_person": "Maria Moja"})
    body = stale.get_data(as_text=True)
    assert stale.status_code == 409 and "Ktoś inny zapisał w międzyczasie tę instytucję" in body
    assert "Maria Moja" in body and "Anna Kolega" in body
    with app.app_context():
        assert db.session.get(Institution, institution).contact_person == "Anna Kolega"
    again = client.post(url, data={**form, "version": _version_of(body), "contact_person": "Maria Moja"})
    assert again.status_code == 302
    with app.app_context():
        assert db.session.get(Institution, institution).contact_person == "Maria Moja"


def test_a_stale_team_set_up_is_a_conflict_that_keeps_the_typed_text(app):
    from kooperacje.partnership.models import Partnership

    client, other = _two_coordinators(app)
    form = {"name": "Zespół", "formed_on": "2025-01-10", "cadence_days": "15", "quorum_percent": "50",
            **SETUP_DATA["urban"], "version": _version_of(client.get("/partnership/setup").get_data(as_text=True))}
    assert other.post("/partnership/setup", data={**form, "rules_reference": "Teczka kolegi"}).status_code == 302
    stale = client.post("/partnership/setup", data={**form, "rules_reference": "Moja sygnatura"})
    body = stale.get_data(as_text=True)
    assert stale.status_code == 409 and "Ktoś inny zapisał w międzyczasie ustawienia zespołu" in body
    assert "Moja sygnatura" in body and "Teczka kolegi" in body
    with app.app_context():
        assert db.session.scalar(select(Partnership.rules_reference).execution_options(all_tenants=True)) == "Teczka kolegi"
    again = client.post("/partnership/setup", data={**form, "version": _version_of(body), "rules_reference": "Moja sygnatura"})
    assert again.status_code == 302
