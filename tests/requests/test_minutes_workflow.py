"""The minutes of a PZK meeting: a draft, sent to the members for remarks (a deadline, their
remarks as received), approved with a number per municipality and year; the approved protocol is
printed from the snapshot frozen at approval, so later changes never rewrite it."""
import io
import re
from datetime import timedelta

from builders import add_decision, add_institution, add_meeting, add_user, coordinator_client, login, set_up
from docx import Document
from sqlalchemy import func, select

from kooperacje.audit.models import AuditEvent
from kooperacje.clock import local_today
from kooperacje.extensions import db
from kooperacje.partnership.models import Decision, Meeting, MeetingRemark, Task

REFUSED = "Protokół tego spotkania jest zatwierdzony"


def _version(page, name="version"):
    return re.search(rf'name="{name}" type="hidden" value="(\d+)"', page).group(1)


def page_of(client, meeting_id):
    return client.get(f"/partnership/meetings/{meeting_id}").get_data(as_text=True)


def approve(client, meeting_id):
    page = client.get(f"/partnership/meetings/{meeting_id}/approve")
    assert page.status_code == 200
    return client.post(f"/partnership/meetings/{meeting_id}/approve",
                       data={"version": _version(page.get_data(as_text=True))})


def send_for_remarks(client, meeting_id, due):
    version = _version(page_of(client, meeting_id), "remarks-version")
    return client.post(f"/partnership/meetings/{meeting_id}/send-for-remarks",
                       data={"remarks-remarks_due_on": due, "remarks-version": version})


def protocol_text(client, meeting_id):
    """Every paragraph and table cell of the protocol, in order."""
    response = client.get(f"/partnership/meetings/{meeting_id}/protocol.docx")
    assert response.status_code == 200
    document = Document(io.BytesIO(response.data))
    cells = [[cell.text for cell in row.cells] for table in document.tables for row in table.rows]
    return [p.text for p in document.paragraphs], cells


def numbers(app, *meeting_ids):
    with app.app_context():
        return [(m.minutes_status, m.protocol_number, m.protocol_year)
                for m in (db.session.get(Meeting, i) for i in meeting_ids)]


def events(app, action):
    with app.app_context():
        return db.session.scalar(select(func.count(AuditEvent.id)).where(AuditEvent.action == action))


def test_draft_sent_for_remarks_remark_and_approval(app):
    client, _ = coordinator_client(app)
    set_up(client)
    mops = add_institution(client, "MOPS w Zgierzu")
    meeting = add_meeting(client, "2026-11-13", minutes="Omówiono oferty partnerów.")
    page = page_of(client, meeting)
    assert "Nie został jeszcze przekazany członkom zespołu do uwag." in page
    assert "Projekt nie został jeszcze przekazany do uwag." in page  # the remarks' empty state
    default = local_today() + timedelta(days=7)  # a past meeting: a week from today
    assert f'value="{default.isoformat()}"' in page
    paragraphs, _cells = protocol_text(client, meeting)
    assert paragraphs[0] == "Projekt protokołu ze spotkania"

    assert send_for_remarks(client, meeting, "2026-11-20").status_code == 302
    page = page_of(client, meeting)
    assert "Termin zgłaszania uwag: 20.11.2026." in page and "Nie zgłoszono uwag." in page
    assert "Termin zgłaszania uwag: 20.11.2026." in "\n".join(protocol_text(client, meeting)[0])

    response = client.post(f"/partnership/meetings/{meeting}/remarks", data={
        "remark-institution_id": mops, "remark-author": "Ewa Lis", "remark-text": "Proszę dopisać dyżur w piątki."})
    assert response.status_code == 302
    assert client.post(f"/partnership/meetings/{meeting}/remarks",
                       data={"remark-text": "Uwaga zgłoszona telefonicznie."}).status_code == 302
    page = page_of(client, meeting)
    assert "<strong>Ewa Lis</strong>, MOPS w Zgierzu" in page and "Proszę dopisać dyżur w piątki." in page
    assert "<strong>Koord</strong> (" in page  # no name typed: the person who recorded it

    confirm = client.get(f"/partnership/meetings/{meeting}/approve").get_data(as_text=True)
    assert "Zatwierdzić protokół?" in confirm and "kolejny numer w roku 2026" in confirm
    assert approve(client, meeting).status_code == 302
    assert numbers(app, meeting) == [("approved", 1, 2026)]
    page = page_of(client, meeting)
    assert f"Protokół nr 1/2026, zatwierdzony {local_today():%d.%m.%Y}. Zatwierdzający: Koord." in page
    for hidden in ("Edytuj spotkanie", "Usuń spotkanie", "Dodaj ustalenie", "Zatwierdź protokół", "Zapisz obecność",
                   "Zapisz uwagę"):
        assert hidden not in page, hidden
    paragraphs, _cells = protocol_text(client, meeting)
    assert paragraphs[0] == "Protokół nr 1/2026 ze spotkania"
    assert f"Protokół zatwierdzony {local_today():%d.%m.%Y}." in paragraphs
    assert "Ewa Lis, MOPS w Zgierzu" in "\n".join(paragraphs)  # the remarks, as recorded before approval
    assert [events(app, code) for code in ("minutes_sent_for_remarks", "minutes_remark_added", "minutes_approved")] \
        == [1, 2, 1]
    assert "nr 1/2026" in client.get("/partnership/meetings").get_data(as_text=True)


def test_numbers_run_per_year_of_the_meeting_and_per_municipality(app):
    client, _ = coordinator_client(app)
    set_up(client)
    march, may, january = (add_meeting(client, day) for day in ("2026-03-02", "2026-05-04", "2027-01-11"))
    draft = add_meeting(client, "2026-04-01")
    for meeting in (march, may, january):  # approval from draft, without remarks, is allowed
        assert approve(client, meeting).status_code == 302
    assert numbers(app, march, may, january, draft) == [
        ("approved", 1, 2026), ("approved", 2, 2026), ("approved", 1, 2027), ("draft", None, None)]
    other, _ = coordinator_client(app, "rural", "koord.b")
    set_up(other, "rural")
    elsewhere = add_meeting(other, "2026-06-01", "diagnostic_workshop")
    assert approve(other, elsewhere).status_code == 302
    assert numbers(app, elsewhere) == [("approved", 1, 2026)]  # another municipality has its own register


def test_an_approved_protocol_stays_as_signed_while_a_draft_follows_the_changes(app):
    client, _ = coordinator_client(app)
    set_up(client)
    mops = add_institution(client, "MOPS w Zgierzu")
    add_institution(client, "Komenda Powiatowa Policji", "police")
    signed = add_meeting(client, "2026-11-13")
    client.post(f"/partnership/meetings/{signed}/attendance", data={f"status-{mops}": "present", f"rep-{mops}": "Ewa Lis"})
    add_decision(client, signed, "Partnerzy uzupełnią koszyk usług.", "Opisać usługi", mops, "2026-11-27")
    draft = add_meeting(client, "2026-11-27")
    client.post(f"/partnership/meetings/{draft}/attendance", data={f"status-{mops}": "present"})
    assert approve(client, signed).status_code == 302
    signed_before, draft_before = protocol_text(client, signed), protocol_text(client, draft)
    assert "Obecne instytucje: 1 z 2 (wymagane 1) — kworum osiągnięte." in signed_before[0]  # a paragraph
    assert ["Opisać usługi", "MOPS w Zgierzu", "do zrobienia", "27.11.2026"] in draft_before[1]  # carried over

    add_institution(client, "Szkoła Podstawowa nr 3", "education")
    with app.app_context():
        task_id = db.session.scalar(select(Task.id).where(Task.title == "Opisać usługi"))
    assert client.post(f"/partnership/tasks/{task_id}/status", data={"status": "done"}).status_code == 302
    edit = client.get(f"/partnership/institutions/{mops}/edit").get_data(as_text=True)
    assert client.post(f"/partnership/institutions/{mops}/edit", data={
        "name": "Miejski Ośrodek Pomocy Społecznej", "sector": "social_assistance", "level": "gmina",
        "joined_on": "2025-01-10", "version": _version(edit)}).status_code == 302

    assert protocol_text(client, signed) == signed_before
    draft_after = protocol_text(client, draft)
    assert draft_after != draft_before
    assert "Obecne instytucje: 1 z 3 (wymagane 2) — brak kworum." in draft_after[0]
    assert not any("Opisać usługi" in row for row in draft_after[1])  # done: no longer carried over
    page = page_of(client, signed)  # the page, too, shows the attendance and quorum as approved
    assert "Obecne instytucje: 1 z 2, kworum: 1." in page and "MOPS w Zgierzu" in page


def test_an_approved_meeting_refuses_every_change(app):
    client, _ = coordinator_client(app)
    set_up(client)
    mops = add_institution(client, "MOPS")
    meeting = add_meeting(client, "2026-11-13", minutes="Zatwierdzona treść.")
    add_decision(client, meeting, "Ustalenie", "Zadanie", mops)
    edit_page = client.get(f"/partnership/meetings/{meeting}/edit").get_data(as_text=True)
    assert approve(client, meeting).status_code == 302
    with app.app_context():
        task_id = db.session.scalar(select(Task.id))
    attempts = [
        client.get(f"/partnership/meetings/{meeting}/edit"),
        client.post(f"/partnership/meetings/{meeting}/edit", data={
            "meeting_type": "working", "held_on": "2026-11-13", "mode": "in_person", "minutes": "Podmiana",
            "version": _version(edit_page)}),
        client.post(f"/partnership/meetings/{meeting}/attendance", data={f"status-{mops}": "present"}),
        client.post(f"/partnership/meetings/{meeting}/decisions", data={"decision-text": "Dopisane później"}),
        client.get(f"/partnership/meetings/{meeting}/delete"),
        client.post(f"/partnership/meetings/{meeting}/delete"),
        client.post(f"/partnership/meetings/{meeting}/send-for-remarks", data={"remarks-remarks_due_on": "2026-12-20"}),
        client.post(f"/partnership/meetings/{meeting}/remarks", data={"remark-text": "Za późno"}),
        client.get(f"/partnership/meetings/{meeting}/approve"),
        client.post(f"/partnership/tasks/{task_id}/status", data={"status": "done", "meeting_id": meeting}),
    ]
    for response in attempts:
        assert response.status_code == 409, response.request.path
        assert REFUSED in response.get_data(as_text=True) and "nr 1/2026" in response.get_data(as_text=True)
    with app.app_context():
        stored = db.session.get(Meeting, meeting)
        assert stored.minutes == "Zatwierdzona treść." and stored.attendance == [] and stored.remarks == []
        assert [d.text for d in stored.decisions] == ["Ustalenie"]
        assert db.session.get(Task, task_id).status == "open"


def test_a_stale_or_repeated_approval_approves_once(app):
    client, municipality = coordinator_client(app)
    set_up(client)
    meeting = add_meeting(client, "2026-11-13")
    add_user("koord.2", "coordinator", municipality)
    colleague = app.test_client()
    login(colleague, "koord.2")
    opened = _version(client.get(f"/partnership/meetings/{meeting}/approve").get_data(as_text=True))
    assert colleague.post(f"/partnership/meetings/{meeting}/approve", data={"version": opened}).status_code == 302
    again = client.post(f"/partnership/meetings/{meeting}/approve", data={"version": opened})
    assert again.status_code == 409 and REFUSED in again.get_data(as_text=True)
    assert numbers(app, meeting) == [("approved", 1, 2026)] and events(app, "minutes_approved") == 1
    assert approve(client, add_meeting(client, "2026-11-27")).status_code == 302  # no number was used up
    with app.app_context():
        assert db.session.scalar(select(func.max(Meeting.protocol_number))) == 2


def test_an_approval_from_a_version_changed_meanwhile_asks_again(app):
    client, _ = coordinator_client(app)
    set_up(client)
    meeting = add_meeting(client, "2026-11-13")
    opened = _version(client.get(f"/partnership/meetings/{meeting}/approve").get_data(as_text=True))
    assert send_for_remarks(client, meeting, "2026-11-20").status_code == 302  # the meeting changed meanwhile
    stale = client.post(f"/partnership/meetings/{meeting}/approve", data={"version": opened})
    body = stale.get_data(as_text=True)
    assert stale.status_code == 409 and "W międzyczasie ktoś zmienił to spotkanie" in body
    assert numbers(app, meeting) == [("sent_for_remarks", None, None)]
    assert client.post(f"/partnership/meetings/{meeting}/approve", data={"version": _version(body)}).status_code == 302
    assert numbers(app, meeting) == [("approved", 1, 2026)]


def test_a_number_taken_meanwhile_is_not_given_twice(app, monkeypatch):
    from kooperacje.partnership import service

    client, _ = coordinator_client(app)
    set_up(client)
    first, second = add_meeting(client, "2026-11-13"), add_meeting(client, "2026-11-27")
    assert approve(client, first).status_code == 302
    # as if the second approval had read the highest number before the first one was committed
    monkeypatch.setattr(service, "next_protocol_number", lambda municipality_id, year: 1)
    response = approve(client, second)
    assert response.status_code == 409 and "Zatwierdzić protokół?" in response.get_data(as_text=True)
    assert numbers(app, first, second) == [("approved", 1, 2026), ("draft", None, None)]
    monkeypatch.undo()
    assert approve(client, second).status_code == 302
    assert numbers(app, second) == [("approved", 2, 2026)]


def test_a_social_worker_cannot_send_record_or_approve(app):
    client, municipality = coordinator_client(app)
    set_up(client)
    meeting = add_meeting(client, "2026-11-13")
    assert send_for_remarks(client, meeting, "2026-11-20").status_code == 302
    add_user("worker", "social_worker", municipality)
    worker = app.test_client()
    login(worker, "worker")
    page = page_of(worker, meeting)
    assert "Termin zgłaszania uwag: 20.11.2026." in page  # reads the status
    assert "Zatwierdź protokół" not in page and "Zapisz uwagę" not in page
    assert worker.get(f"/partnership/meetings/{meeting}/approve").status_code == 403
    for url, data in ((f"/partnership/meetings/{meeting}/approve", {"version": "2"}),
                      (f"/partnership/meetings/{meeting}/send-for-remarks", {"remarks-remarks_due_on": "2026-12-01"}),
                      (f"/partnership/meetings/{meeting}/remarks", {"remark-text": "Uwaga"})):
        assert worker.post(url, data=data).status_code == 403, url
    assert numbers(app, meeting) == [("sent_for_remarks", None, None)]
    with app.app_context():
        assert db.session.scalar(select(MeetingRemark.id)) is None


def test_bad_input_gets_a_polish_message_and_a_400(app):
    client, _ = coordinator_client(app)
    set_up(client)
    meeting = add_meeting(client, "2026-11-13")
    for due, message in (("2026-11-12", "Termin zgłaszania uwag nie może być wcześniejszy niż dzień spotkania."),
                         ("", "Podaj termin zgłaszania uwag."), ("2026-13-45", "Nieprawidłowa data"),
                         ("9999-01-01", "Podaj datę z lat 1900–2100.")):
        response = send_for_remarks(client, meeting, due)
        assert response.status_code == 400, due
        assert message in response.get_data(as_text=True), due
    assert numbers(app, meeting) == [("draft", None, None)]
    draft_remark = client.post(f"/partnership/meetings/{meeting}/remarks", data={"remark-text": "Za wcześnie"})
    assert draft_remark.status_code == 409
    assert "Uwagi zapisuje się po przekazaniu projektu protokołu członkom zespołu." in draft_remark.get_data(as_text=True)

    assert send_for_remarks(client, meeting, "2026-11-13").status_code == 302  # the meeting day itself will do
    for data in ({"remark-text": "   ", "remark-author": "Ewa Lis"}, {"remark-text": ""}):
        response = client.post(f"/partnership/meetings/{meeting}/remarks", data=data)
        assert response.status_code == 400 and "Wpisz treść uwagi." in response.get_data(as_text=True)
    assert 'value="Ewa Lis"' in client.post(f"/partnership/meetings/{meeting}/remarks", data={
        "remark-text": "", "remark-author": "Ewa Lis"}).get_data(as_text=True)  # what was typed is kept
    for institution in ("abc", "999999", "-1"):
        response = client.post(f"/partnership/meetings/{meeting}/remarks",
                               data={"remark-text": "Uwaga", "remark-institution_id": institution})
        assert response.status_code == 400, institution
    response = client.post(f"/partnership/meetings/{meeting}/approve", data={"version": "nie-liczba"})
    assert response.status_code == 409 and numbers(app, meeting) == [("sent_for_remarks", None, None)]
    with app.app_context():
        assert db.session.scalar(select(MeetingRemark.id)) is None
        assert db.session.scalar(select(Decision.id)) is None


def test_a_protocol_approved_in_english_is_frozen_in_polish(app):
    client, _ = coordinator_client(app)
    set_up(client)
    mops = add_institution(client, "MOPS w Zgierzu")
    meeting = add_meeting(client, "2026-11-13")
    client.post(f"/partnership/meetings/{meeting}/attendance", data={f"status-{mops}": "present"})
    client.post("/language", data={"lang": "en"})
    assert "Approve the minutes" in page_of(client, meeting)
    assert approve(client, meeting).status_code == 302
    assert "Minutes no. 1/2026, approved on" in page_of(client, meeting)
    paragraphs, cells = protocol_text(client, meeting)
    assert paragraphs[0] == "Protokół nr 1/2026 ze spotkania"
    assert ["MOPS w Zgierzu", "", "obecna", ""] in cells and ["Forma", "stacjonarnie"] in cells


def test_a_members_representative_reads_the_draft_and_sends_a_remark_until_the_deadline(app):
    from builders import partner_client

    from kooperacje.notifications.models import Notification

    client, municipality = coordinator_client(app)
    set_up(client)
    pup = add_institution(client, "Powiatowy Urząd Pracy", sector="labour")
    meeting = add_meeting(client, (local_today() - timedelta(days=3)).isoformat(), minutes="Omówiono **staże**.")
    partner = partner_client(app, municipality, pup)
    before = partner.get(f"/partner/meetings/{meeting}").get_data(as_text=True)
    assert "Omówiono" not in before and "Przekaż uwagę" not in before  # a draft is the coordinator's until sent
    due = local_today() + timedelta(days=5)
    assert send_for_remarks(client, meeting, due.isoformat()).status_code == 302
    with app.app_context():
        (told,) = db.session.scalars(select(Notification).execution_options(all_tenants=True)
                                     .where(Notification.kind == "minutes_for_remarks")).all()
    assert (told.endpoint, told.params, told.about_day) == ("partners.meeting", {"meeting_id": meeting,
                                                                                 "_anchor": "uwagi"}, due)
    page = partner.get(f"/partner/meetings/{meeting}").get_data(as_text=True)
    assert "<strong>staże</strong>" in page and f"do {due.strftime('%d.%m.%Y')}" in page
    empty = partner.post(f"/partner/meetings/{meeting}/remarks", data={"text": "  "})
    assert empty.status_code == 400 and "Wpisz treść uwagi." in empty.get_data(as_text=True)
    assert partner.post(f"/partner/meetings/{meeting}/remarks",
                        data={"text": "Proszę dopisać nabór w marcu."}).status_code == 302
    coordinators = page_of(client, meeting)
    assert "Proszę dopisać nabór w marcu." in coordinators and "Powiatowy Urząd Pracy" in coordinators
    with app.app_context():
        db.session.get(Meeting, meeting).remarks_due_on = local_today() - timedelta(days=1)
        db.session.commit()
    late = partner.post(f"/partner/meetings/{meeting}/remarks", data={"text": "Spóźniona uwaga"})
    assert late.status_code == 302 and "Termin zgłaszania uwag" in partner.get(late.headers["Location"]).get_data(
        as_text=True)
    with app.app_context():
        assert db.session.scalars(select(MeetingRemark.text).execution_options(all_tenants=True)).all() == [
            "Proszę dopisać nabór w marcu."]
