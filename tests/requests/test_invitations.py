"""The invitation to a planned meeting: one e-mail per member institution's address on the
meeting day, with an .ics the calendars update on a re-send after a change; nothing twice."""
from datetime import datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

from builders import (MALE_1944, add_institution, add_institution_row, add_meeting, add_municipality, client_as,
                      coordinator_client, edit_meeting, ics_event, invitations_of, set_up, version_of)
from sqlalchemy import select

from kooperacje.audit.models import AuditEvent
from kooperacje.clock import local_today
from kooperacje.extensions import db
from kooperacje.jobs.models import OutgoingMail
from kooperacje.partnership.models import Institution

AGENDA = "1. Przyjęcie porządku obrad\n2. Informacje partnerów"


def planned_meeting(client, days=10, **extra):
    """A team with a member with an address, one without, one who leaves before the meeting and
    one who joins after it; a meeting ``days`` ahead. Returns (meeting id, its day)."""
    held_on = local_today() + timedelta(days=days)
    set_up(client)
    add_institution(client, "Powiatowy Urząd Pracy", sector="labour", contact_email="pup@example.org")
    add_institution(client, "Szkoła Podstawowa nr 3", sector="education")
    add_institution(client, "Fundacja, która wystąpiła", sector="ngo", contact_email="fundacja@example.org",
                    left=(held_on - timedelta(days=1)).isoformat())
    add_institution(client, "Komenda, która przystąpi później", sector="police", contact_email="kpp@example.org",
                    joined=(held_on + timedelta(days=1)).isoformat())
    fields = {"place": "Sala 12, ul. Łęczycka 24", "agenda": AGENDA, **extra}
    return add_meeting(client, held_on.isoformat(), **fields), held_on


def test_the_confirm_page_lists_who_gets_it_and_who_has_no_address(app):
    client, _municipality = coordinator_client(app)
    meeting_id, _day = planned_meeting(client)
    page = client.get(f"/partnership/meetings/{meeting_id}/invite").get_data(as_text=True).split("<h1>")[1]
    recipients = page.split('id="recipients"')[1].split("</ul>")[0]
    without = page.split('id="without-email"')[1].split("</ul>")[0]
    assert "Powiatowy Urząd Pracy" in recipients and "Szkoła Podstawowa nr 3" in without
    assert "Fundacja" not in page and "Komenda" not in page
    assert invitations_of(app, meeting_id) == []  # the page itself sends nothing


def test_only_members_with_an_address_on_the_meeting_day_get_it_and_the_page_says_so(app):
    client, _municipality = coordinator_client(app)
    other = add_municipality("101102")
    with app.app_context():
        other_id = add_institution_row(app, other, name="Obca instytucja")
        db.session.get(Institution, other_id).contact_email = "obca@example.org"
        db.session.commit()
    meeting_id, held_on = planned_meeting(client)
    response = client.post(f"/partnership/meetings/{meeting_id}/invite")
    assert response.status_code == 302
    mails = invitations_of(app, meeting_id)
    assert [m[0] for m in mails] == ["pup@example.org"]
    recipient, subject, body, ics = mails[0]
    assert subject == f"Zaproszenie na spotkanie Zespołu PZK {held_on:%d.%m.%Y}"
    assert "Sala 12, ul. Łęczycka 24" in body and "stacjonarnie" in body and "2. Informacje partnerów" in body
    assert f"http://127.0.0.1:5000/partnership/meetings/{meeting_id}\n" in body
    page = client.get(f"/partnership/meetings/{meeting_id}").get_data(as_text=True)
    assert f"Zaproszenie wysłano {local_today():%d.%m.%Y} do 1 instytucji." in page
    with app.app_context():
        (event,) = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "invitation_sent")).all()
        assert event.object_id == meeting_id and event.detail == "sequence:0;institutions:1"


def test_the_ics_is_a_request_with_a_stable_uid_and_an_all_day_or_timed_start(app):
    client, _municipality = coordinator_client(app)
    meeting_id, held_on = planned_meeting(client)
    client.post(f"/partnership/meetings/{meeting_id}/invite")
    calendar, event = ics_event(invitations_of(app, meeting_id)[0][3])
    assert calendar["METHOD"] == "REQUEST"
    assert str(event["UID"]) == f"meeting-{meeting_id}@127.0.0.1:5000" and event["SEQUENCE"] == 0
    assert event.decoded("DTSTART") == held_on and str(event["LOCATION"]) == "Sala 12, ul. Łęczycka 24"
    assert str(event["SUMMARY"]) == "Spotkanie Zespołu PZK"

    edit_meeting(client, meeting_id, held_on=held_on.isoformat(), starts_at="10:00", place="Sala 12, ul. Łęczycka 24",
                 agenda=AGENDA)
    client.post(f"/partnership/meetings/{meeting_id}/invite")
    _calendar, timed = ics_event(invitations_of(app, meeting_id)[1][3])
    start = timed.decoded("DTSTART")
    assert start.tzinfo is not None and timed["SEQUENCE"] == 1 and str(timed["UID"]) == str(event["UID"])
    # 10:00 in Poland, as a moment in UTC (09:00 in winter, 08:00 in summer)
    assert start == datetime.combine(held_on, time(10), ZoneInfo("Europe/Warsaw")).astimezone(timezone.utc)


def test_a_second_send_without_a_change_is_refused(app):
    client, _municipality = coordinator_client(app)
    meeting_id, _day = planned_meeting(client)
    client.post(f"/partnership/meetings/{meeting_id}/invite")
    for response in (client.get(f"/partnership/meetings/{meeting_id}/invite"),
                     client.post(f"/partnership/meetings/{meeting_id}/invite")):
        assert response.status_code == 409
        assert "Zaproszenie w tym brzmieniu już wysłano wszystkim instytucjom" in response.get_data(as_text=True)
    assert len(invitations_of(app, meeting_id)) == 1


def test_a_resend_after_the_date_changed_is_an_update_with_a_higher_sequence(app):
    client, _municipality = coordinator_client(app)
    meeting_id, held_on = planned_meeting(client)
    client.post(f"/partnership/meetings/{meeting_id}/invite")
    moved = held_on + timedelta(days=2)
    edit_meeting(client, meeting_id, held_on=moved.isoformat(), place="Sala 12, ul. Łęczycka 24", agenda=AGENDA)
    page = client.get(f"/partnership/meetings/{meeting_id}/invite").get_data(as_text=True)
    assert "zmieniło się spotkanie" in page
    assert client.post(f"/partnership/meetings/{meeting_id}/invite").status_code == 302
    # on the new day the police are members too: their first invitation, not a change
    _first, *again = invitations_of(app, meeting_id)
    (police, police_subject, _body, _ics), (recipient, subject, body, ics) = sorted(again)
    assert (police, recipient) == ("kpp@example.org", "pup@example.org")
    assert police_subject.startswith("Zaproszenie na spotkanie")
    assert subject == f"Zmiana terminu spotkania Zespołu PZK {moved:%d.%m.%Y}"
    assert "To jest zmiana wcześniejszego zaproszenia" in body and "Zmienił się termin spotkania." in body
    _calendar, event = ics_event(ics)
    assert event["SEQUENCE"] == 1 and event.decoded("DTSTART") == moved
    assert client.post(f"/partnership/meetings/{meeting_id}/invite").status_code == 409


def test_a_member_given_an_address_later_gets_the_same_wording_alone(app):
    client, _municipality = coordinator_client(app)
    meeting_id, _day = planned_meeting(client)
    client.post(f"/partnership/meetings/{meeting_id}/invite")
    with app.app_context():
        school = db.session.scalar(select(Institution).where(Institution.name == "Szkoła Podstawowa nr 3"))
        school.contact_email = "sp3@example.org"
        db.session.commit()
    assert client.post(f"/partnership/meetings/{meeting_id}/invite").status_code == 302
    mails = invitations_of(app, meeting_id)
    assert [m[0] for m in mails] == ["pup@example.org", "sp3@example.org"]
    assert mails[1][1].startswith("Zaproszenie na spotkanie") and ics_event(mails[1][3])[1]["SEQUENCE"] == 0


def test_a_past_meeting_is_refused(app):
    client, _municipality = coordinator_client(app)
    meeting_id, _day = planned_meeting(client, days=-1)
    assert "Wyślij zaproszenie" not in client.get(f"/partnership/meetings/{meeting_id}").get_data(as_text=True)
    for response in (client.get(f"/partnership/meetings/{meeting_id}/invite"),
                     client.post(f"/partnership/meetings/{meeting_id}/invite")):
        assert response.status_code == 409
        assert "to spotkanie już się odbyło" in response.get_data(as_text=True)
    assert invitations_of(app, meeting_id) == []


def test_a_meeting_with_an_approved_protocol_is_refused(app):
    client, _municipality = coordinator_client(app)
    meeting_id, _day = planned_meeting(client)
    approve = f"/partnership/meetings/{meeting_id}/approve"
    version = version_of(client.get(approve).get_data(as_text=True))
    assert client.post(approve, data={"version": version}).status_code == 302
    assert "Wyślij zaproszenie" not in client.get(f"/partnership/meetings/{meeting_id}").get_data(as_text=True)
    response = client.post(f"/partnership/meetings/{meeting_id}/invite")
    assert response.status_code == 409
    assert "Protokół tego spotkania jest zatwierdzony" in response.get_data(as_text=True)
    assert invitations_of(app, meeting_id) == []


def test_a_worker_may_not_send_it(app):
    client, municipality = coordinator_client(app)
    meeting_id, _day = planned_meeting(client)
    worker, _user = client_as(app, "social_worker", municipality)
    assert worker.get(f"/partnership/meetings/{meeting_id}/invite").status_code == 403
    assert worker.post(f"/partnership/meetings/{meeting_id}/invite").status_code == 403
    assert invitations_of(app, meeting_id) == []


def test_the_list_of_tasks_in_progress_stays_out_of_the_mail(app):
    client, _municipality = coordinator_client(app)
    agenda = f"{AGENDA}\n\nZadania w toku z poprzednich spotkań:\n- Wizyta u rodziny (MOPS, termin 01.12.2026)\n"
    meeting_id, _day = planned_meeting(client, agenda=agenda)
    client.post(f"/partnership/meetings/{meeting_id}/invite")
    body = invitations_of(app, meeting_id)[0][2]
    assert "2. Informacje partnerów" in body and "Wizyta u rodziny" not in body and "Zadania w toku" not in body


def test_an_agenda_with_a_pesel_is_refused(app):
    client, _municipality = coordinator_client(app)
    meeting_id, _day = planned_meeting(client, agenda=f"{AGENDA}\n3. Sprawa {MALE_1944}")
    response = client.post(f"/partnership/meetings/{meeting_id}/invite")
    assert response.status_code == 409 and "zawiera numer PESEL" in response.get_data(as_text=True)
    assert invitations_of(app, meeting_id) == []


def test_two_sendings_at_once_send_it_once(app, monkeypatch):
    """The second of two clicks read the keys before the first wrote them: its key is refused."""
    from kooperacje.partnership import service

    client, _municipality = coordinator_client(app)
    meeting_id, _day = planned_meeting(client)
    client.post(f"/partnership/meetings/{meeting_id}/invite")
    monkeypatch.setattr(service, "_invitation_keys", lambda meeting: set())
    response = client.post(f"/partnership/meetings/{meeting_id}/invite")
    assert response.status_code == 409 and "Zaproszenie właśnie wysłano" in response.get_data(as_text=True)
    assert len(invitations_of(app, meeting_id)) == 1


def test_a_timed_meeting_ends_after_the_configured_length_and_names_its_method(app):
    client, _municipality = coordinator_client(app)
    meeting_id, _day = planned_meeting(client, starts_at="10:00")
    client.post(f"/partnership/meetings/{meeting_id}/invite")
    _calendar, event = ics_event(invitations_of(app, meeting_id)[0][3])
    assert event.decoded("DTEND") - event.decoded("DTSTART") == timedelta(minutes=app.config["MEETING_MINUTES"])
    with app.app_context():
        (kind,) = set(db.session.scalars(select(OutgoingMail.attachment_type)))
    assert kind == "text/calendar; method=REQUEST"  # Outlook reads an invitation only with its method


def test_deleting_an_invited_meeting_cancels_it_in_the_invitees_calendars(app):
    client, _municipality = coordinator_client(app)
    meeting_id, held_on = planned_meeting(client)
    client.post(f"/partnership/meetings/{meeting_id}/invite")
    (_recipient, _subject, _body, invitation), = invitations_of(app, meeting_id)
    confirm = client.get(f"/partnership/meetings/{meeting_id}/delete").get_data(as_text=True)
    assert "Każdy dostanie odwołanie" in confirm and "(1)" in confirm
    assert client.post(f"/partnership/meetings/{meeting_id}/delete").status_code == 302

    (recipient, subject, body, ics, kind), = cancellations_of(app)
    assert recipient == "pup@example.org" and kind == "text/calendar; method=CANCEL"
    assert subject == f"Odwołanie spotkania Zespołu PZK {held_on:%d.%m.%Y}" and "zostało odwołane" in body
    calendar, event = ics_event(ics)
    _first, invited = ics_event(invitation)
    assert calendar["METHOD"] == "CANCEL" and event["STATUS"] == "CANCELLED"
    assert str(event["UID"]) == str(invited["UID"]) and event["SEQUENCE"] == invited["SEQUENCE"] + 1
    with app.app_context():
        actions = set(db.session.scalars(select(AuditEvent.action)))
    assert {"invitation_cancelled", "meeting_deleted"} <= actions


def test_deleting_a_meeting_never_invited_sends_nothing(app):
    client, _municipality = coordinator_client(app)
    meeting_id, _day = planned_meeting(client)
    assert "odwołanie" not in client.get(f"/partnership/meetings/{meeting_id}/delete").get_data(as_text=True)
    assert client.post(f"/partnership/meetings/{meeting_id}/delete").status_code == 302
    assert cancellations_of(app) == []


def cancellations_of(app):
    with app.app_context():
        return [(m.recipient, m.subject, m.body, m.attachment, m.attachment_type) for m in db.session.scalars(
            select(OutgoingMail).where(OutgoingMail.attachment_name == "odwolanie.ics"))]
