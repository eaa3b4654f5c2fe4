"""The PZK calendar feed: a coordinator subscribes once by a secret address; their calendar app
then reads the team's meetings, the next meeting by the cadence and open task deadlines, in
neutral words, and nothing of another municipality; a replaced or switched-off address stops."""
import re
from datetime import date, timedelta

import time_machine
from builders import add_municipality, add_user, login
from icalendar import Calendar
from sqlalchemy import select

from kooperacje.audit.models import AuditEvent
from kooperacje.extensions import db
from kooperacje.partnership.models import Institution, Meeting, Partnership, Task

TODAY = date(2026, 3, 2)
SECRET_AGENDA = "Sytuacja rodziny Kowalskich"
SECRET_TASK = "Wizyta u pani Nowak, ul. Długa 5"


def _team(app, teryt6, place):
    municipality = add_municipality(teryt6)
    with app.app_context():
        team = Partnership(municipality_id=municipality.id, name="Zespół", model_key="urban", cadence_days=15,
                           model_data={})
        db.session.add(team)
        db.session.flush()
        partner = Institution(municipality_id=municipality.id, partnership_id=team.id, name="PUP", sector="labour",
                              level="powiat")
        db.session.add(partner)
        for held_on in (TODAY - timedelta(days=5), TODAY + timedelta(days=9)):
            db.session.add(Meeting(municipality_id=municipality.id, partnership_id=team.id, meeting_type="working",
                                   held_on=held_on, place=place, agenda=SECRET_AGENDA, model_data={}))
        db.session.flush()
        for due_on, status in ((TODAY + timedelta(days=3), "open"), (TODAY + timedelta(days=4), "done")):
            db.session.add(Task(municipality_id=municipality.id, partnership_id=team.id, title=SECRET_TASK,
                                owner_institution_id=partner.id, due_on=due_on, status=status))
        db.session.commit()
    return municipality


def _subscribe(client):
    page = client.post("/calendar/new").get_data(as_text=True)
    (address,) = re.findall(r'id="calendar-address"[^>]* value="([^"]+)"', page)
    return address.replace("http://localhost", "")


def _events(client, path):
    with time_machine.travel(TODAY, tick=False):
        answer = client.get(path)
    assert answer.status_code == 200 and answer.mimetype == "text/calendar"
    return answer, [(str(e["summary"]), e.decoded("dtstart"), str(e.get("location", "")))
                    for e in Calendar.from_ical(answer.data).walk("VEVENT")]


def test_a_coordinator_subscribes_and_the_calendar_shows_the_teams_dates_in_neutral_words(app):
    zgierz = _team(app, "102003", "MOPS, sala 12")
    _team(app, "101102", "Urząd Gminy")  # another municipality's dates stay out
    add_user("koord", "coordinator", zgierz, must_change_password=False)
    client = app.test_client()
    login(client, "koord")
    assert "Kalendarz jest wyłączony." in client.get("/calendar/").get_data(as_text=True)
    path = _subscribe(client)
    assert path.startswith("/calendar/") and path.endswith(".ics")
    assert "Kalendarz jest włączony." in client.get("/calendar/").get_data(as_text=True)
    assert path not in client.get("/calendar/").get_data(as_text=True)  # shown once, then only its hash is kept
    answer, events = _events(app.test_client(), path)  # the calendar app: no session at all
    assert sorted(events) == [
        ("Spotkanie Zespołu PZK", TODAY - timedelta(days=5), "MOPS, sala 12"),
        ("Spotkanie Zespołu PZK", TODAY + timedelta(days=9), "MOPS, sala 12"),
        ("Termin kolejnego spotkania Zespołu PZK", TODAY + timedelta(days=9), ""),
        ("Termin zadania Zespołu PZK", TODAY + timedelta(days=3), ""),  # the done task is not there
    ]
    text = answer.get_data(as_text=True)
    assert SECRET_AGENDA not in text and "Nowak" not in text and "Urząd Gminy" not in text
    assert "http://127.0.0.1:5000/partnership/tasks?state=open#task-" in text.replace("\r\n ", "")
    with app.app_context():
        codes = set(db.session.scalars(select(AuditEvent.action)))
    assert "calendar_feed_issued" in codes


def test_a_new_address_replaces_the_old_and_switching_off_ends_it(app):
    zgierz = _team(app, "102003", "MOPS")
    add_user("koord", "coordinator", zgierz, must_change_password=False)
    client, reader = app.test_client(), app.test_client()
    login(client, "koord")
    first = _subscribe(client)
    second = _subscribe(client)
    assert first != second
    assert reader.get(first).status_code == 404
    assert _events(reader, second)[1]
    off = client.post("/calendar/off", follow_redirects=True)
    assert "Kalendarz wyłączony: jego adres już nie działa." in off.get_data(as_text=True)
    assert reader.get(second).status_code == 404


def test_the_address_stops_when_the_account_is_deactivated_or_loses_the_pzk(app):
    from kooperacje.auth.models import User

    zgierz = _team(app, "102003", "MOPS")
    add_user("koord", "coordinator", zgierz, must_change_password=False)
    client = app.test_client()
    login(client, "koord")
    path = _subscribe(client)
    with app.app_context():
        user = db.session.scalar(select(User).where(User.username == "koord"))
        user.active = False
        db.session.commit()
    assert app.test_client().get(path).status_code == 404


def test_made_up_addresses_are_not_found(app):
    reader = app.test_client()
    for path in ("/calendar/" + "a" * 43 + ".ics", "/calendar/x.ics", "/calendar/" + "%00" * 30 + ".ics",
                 "/calendar/" + "ą" * 40 + ".ics"):
        assert reader.get(path).status_code == 404, path


def test_roles_without_the_pzk_get_no_calendar(app):
    zgierz = add_municipality("102003")
    add_user("obs", "regional_observer", None, must_change_password=False, voivodeship_code="10")
    client = app.test_client()
    login(client, "obs")
    assert client.get("/calendar/").status_code == 403
    assert client.post("/calendar/new").status_code == 403
    assert zgierz is not None
