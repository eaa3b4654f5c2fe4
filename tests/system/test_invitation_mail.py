"""A meeting's invitation goes through a real SMTP server at once (no digest): one message per
member institution's address, its .ics read back by icalendar, and none of the personal data the
system holds (a client's name and PESEL, a task's title, a contact person) in subject, body or file."""
import html
import re
from datetime import timedelta

from builders import (MALE_1944, add_decision, add_institution, add_meeting, client_as, coordinator_client,
                      edit_meeting, ics_event, register, set_up, smtp_app)

from kooperacje.clock import local_today

SURNAME = "Kanarkowski"
CANARIES = (SURNAME, SURNAME.lower(), MALE_1944)


def test_the_invitation_reaches_the_smtp_server_with_its_ics_and_nothing_personal(db_path, smtp):
    port, inbox = smtp
    app = smtp_app(db_path, port, JOBS_IMMEDIATE=True)
    client, municipality = coordinator_client(app)
    worker, _user = client_as(app, "social_worker", municipality)
    assert register(worker, last_name=SURNAME, pesel=MALE_1944).status_code == 302
    set_up(client)
    partner = add_institution(client, f"Fundacja {SURNAME}", sector="ngo", contact_email="fundacja@example.org",
                              contact_person=f"Jan {SURNAME}")
    add_institution(client, "Powiatowy Urząd Pracy", sector="labour", contact_email="pup@example.org")
    earlier = add_meeting(client, (local_today() - timedelta(days=14)).isoformat())
    add_decision(client, earlier, "Wsparcie rodziny", f"Wizyta u {SURNAME}, PESEL {MALE_1944}", partner,
                 (local_today() + timedelta(days=30)).isoformat())
    form = client.get("/partnership/meetings/new").get_data(as_text=True)
    agenda = html.unescape(re.search(r'<textarea[^>]*name="agenda"[^>]*>\n?(.*?)</textarea>', form, re.S).group(1))
    assert SURNAME in agenda  # the carried task is on the agenda in the app
    held_on = local_today() + timedelta(days=7)
    meeting_id = add_meeting(client, held_on.isoformat(), place="Sala 12", agenda=agenda)

    assert client.post(f"/partnership/meetings/{meeting_id}/invite").status_code == 302
    assert sorted(m.rcpt_tos[0] for m in inbox.messages) == ["fundacja@example.org", "pup@example.org"]
    (ics,) = inbox.attachments()[0].values()
    calendar, event = ics_event(ics)
    assert calendar["METHOD"] == "REQUEST" and event["SEQUENCE"] == 0
    assert str(event["UID"]) == f"meeting-{meeting_id}@127.0.0.1:5000" and event.decoded("DTSTART") == held_on
    assert f"Subject: Zaproszenie na spotkanie Zespołu PZK {held_on:%d.%m.%Y}" in inbox.texts()[0]

    edit_meeting(client, meeting_id, held_on=held_on.isoformat(), place="Sala 14", agenda=agenda)
    assert client.post(f"/partnership/meetings/{meeting_id}/invite").status_code == 302
    assert len(inbox.messages) == 4
    _calendar, update = ics_event(next(iter(inbox.attachments()[3].values())))
    assert update["SEQUENCE"] == 1 and str(update["UID"]) == str(event["UID"]) and str(update["LOCATION"]) == "Sala 14"
    assert "Zmieniło się miejsce lub forma spotkania." in inbox.texts()[3]

    # the .ics unfolded: a folded line could split a name in two
    files = [re.sub(r"\r\n[ \t]", "", f.decode()) for files in inbox.attachments() for f in files.values()]
    sent = "\n".join(inbox.texts() + files)
    assert [c for c in CANARIES if c in sent] == []
