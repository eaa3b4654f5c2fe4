"""Reminders walk the calendar: each is produced on its day, once, to the right people only,
as an in-app notification (the header count, the centre, mark as read, a link to its object)
and a neutral e-mail."""

import pytest
import time_machine
from builders import START, add_team, add_user, day, login, produced
from sqlalchemy import select

from kooperacje.clock import local_today
from kooperacje.extensions import db
from kooperacje.jobs.models import OutgoingMail
from kooperacje.notifications.models import Notification
from kooperacje.partnership.models import Task


def run_day(app, n):
    with time_machine.travel(day(n), tick=False):
        app.extensions["kooperacje.jobs"].produce_reminders_for(local_today())




@pytest.fixture
def immediate_app(db_path):
    from builders import make_app

    return make_app(db_path, JOBS_IMMEDIATE=True)


def test_a_month_of_reminders_each_on_its_day_once_to_the_right_people(immediate_app):
    app = immediate_app
    coordinator, (t_a, t_b, _done, t_c), team = add_team(app, "102003", "z")
    add_team(app, "101102", "o")  # another municipality: its people hear only of their own team
    seen = {"keys": set(), "mails": 0, "notes": 0}
    by_day = {}
    for n in range(0, 31):
        if n == 12:
            _hold_meeting(app, team, day(12))  # two days late; the cadence counts from it
        run_day(app, n)
        run_day(app, n)  # the job running twice the same day (a retry, a second consumer) adds nothing
        keys, mails, notes = produced(app)
        by_day[n] = (sorted(keys - seen["keys"]), mails[seen["mails"]:], notes[seen["notes"]:])
        seen = {"keys": keys, "mails": len(mails), "notes": len(notes)}

    def ours(n):
        keys, mails, notes = by_day[n]
        return ([k for k in keys if k.split(":")[0] != "meeting_due" and int(k.split(":")[1]) in (t_a, t_b, t_c)
                 or k.startswith(f"meeting_due:{team}:")],
                sorted(m for m in mails if m[0].endswith(".z@partner.example") or m[0] == "koord.z@gmina.example"),
                [(kind, about) for user, kind, about in notes if user == coordinator.id])

    coordinator_mail = "koord.z@gmina.example"
    # B's task is due on day 3: three days ahead its contact and the coordinator hear of it
    assert ours(0) == ([f"task_due:{t_b}:{day(3)}"],
                       [("b.z@partner.example", "Masz 1 zadanie z terminem do 05.03.2026 w Zespole PZK"),
                        (coordinator_mail, "Masz 1 zadanie z terminem do 05.03.2026 w Zespole PZK")],
                       [("task_due", day(3))])
    # C's task (due day 5): C left the team, so only the coordinator hears of it
    assert ours(2) == ([f"task_due:{t_c}:{day(5)}"],
                       [(coordinator_mail, "Masz 1 zadanie z terminem do 07.03.2026 w Zespole PZK")],
                       [("task_due", day(5))])
    # the next meeting by the 15-day cadence (day 10), a week ahead: the coordinator
    assert ours(3) == ([f"meeting_due:{team}:{day(10)}"],
                       [(coordinator_mail, "Termin kolejnego spotkania Zespołu PZK: 12.03.2026")],
                       [("meeting_due", day(10))])
    # the day after its deadline, B's task is overdue
    assert ours(4) == ([f"task_overdue:{t_b}:{day(3)}"],
                       [("b.z@partner.example", "Masz 1 zadanie po terminie w Zespole PZK"),
                        (coordinator_mail, "Masz 1 zadanie po terminie w Zespole PZK")],
                       [("task_overdue", day(3))])
    assert ours(5)[0] == [f"task_due:{t_a}:{day(8)}"]
    assert ours(5)[1] == [("a.z@partner.example", "Masz 1 zadanie z terminem do 10.03.2026 w Zespole PZK"),
                          (coordinator_mail, "Masz 1 zadanie z terminem do 10.03.2026 w Zespole PZK")]
    assert ours(6) == ([f"task_overdue:{t_c}:{day(5)}"], [(coordinator_mail, "Masz 1 zadanie po terminie w Zespole PZK")],
                       [("task_overdue", day(5))])
    assert ours(9)[0] == [f"task_overdue:{t_a}:{day(8)}"]
    # the meeting held on day 12 sets the next one for day 27: a week ahead, the coordinator again
    assert ours(20) == ([f"meeting_due:{team}:{day(27)}"],
                        [(coordinator_mail, "Termin kolejnego spotkania Zespołu PZK: 29.03.2026")],
                        [("meeting_due", day(27))])
    assert all(ours(n) == ([], [], []) for n in (1, 7, 8, *range(10, 20), *range(21, 31))), by_day
    with app.app_context():
        recipients = set(db.session.scalars(select(OutgoingMail.recipient)))
        assert not any(r.startswith("prac.") for r in recipients)  # social workers are not PZK reminders' people
        assert {r for r in recipients if r.endswith(".o@partner.example") or r.startswith("koord.o")}  # the other team's own
        assert all(db.session.scalars(select(OutgoingMail.sent_at)))  # the consumer sent every one


def _hold_meeting(app, team_id, held_on):
    from kooperacje.partnership.models import Meeting, Partnership

    with app.app_context():
        team = db.session.get(Partnership, team_id)
        db.session.add(Meeting(municipality_id=team.municipality_id, partnership_id=team.id, meeting_type="working",
                               held_on=held_on, model_data={}))
        db.session.commit()


def test_a_moved_deadline_is_reminded_again(immediate_app):
    app = immediate_app
    _coordinator, (_t_a, t_b, _done, _t_c), _team = add_team(app, "102003", "z")
    run_day(app, 0)
    with app.app_context():
        db.session.get(Task, t_b).due_on = day(4)
        db.session.commit()
    run_day(app, 1)
    keys, _mails, _notes = produced(app)
    assert {f"task_due:{t_b}:{day(3)}", f"task_due:{t_b}:{day(4)}"} <= keys


def test_the_mail_body_is_neutral_and_links_into_the_app(immediate_app):
    app = immediate_app
    add_team(app, "102003", "z")
    run_day(app, 4)  # B's task overdue, C's due in a day, the meeting in six
    with app.app_context():
        subject, body = db.session.execute(select(OutgoingMail.subject, OutgoingMail.body).where(
            OutgoingMail.recipient == "koord.z@gmina.example")).one()
        _body = db.session.scalar(select(OutgoingMail.body).where(OutgoingMail.recipient == "koord.z@gmina.example"))
        contact = db.session.scalar(select(OutgoingMail.body).where(OutgoingMail.recipient == "b.z@partner.example"))
    assert subject == "Przypomnienia z Zespołu PZK"
    assert "Masz 1 zadanie po terminie w Zespole PZK." in body
    assert "Masz 1 zadanie z terminem do 09.03.2026 w Zespole PZK." in body
    assert "Termin kolejnego spotkania Zespołu PZK: 12.03.2026." in body
    assert "http://127.0.0.1:5000/notifications/" in body
    assert "http://127.0.0.1:5000/partnership/tasks?state=open" in contact
    assert "Partner" not in body and "Opis usług" not in body


def test_polish_plurals_in_mail(immediate_app):
    from kooperacje.jobs.models import Reminder
    from kooperacje.jobs.reminders import compose_mail

    def subject(count):
        reminders = [Reminder(f"k{i}", "task_overdue", 1, START, "home.index", {}) for i in range(count)]
        with immediate_app.app_context():
            return compose_mail(reminders, START, "http://x/")[0]

    assert [subject(n) for n in (1, 2, 5, 22)] == [
        "Masz 1 zadanie po terminie w Zespole PZK", "Masz 2 zadania po terminie w Zespole PZK",
        "Masz 5 zadań po terminie w Zespole PZK", "Masz 22 zadania po terminie w Zespole PZK"]


def test_the_header_counts_unread_and_opening_one_marks_it_read_and_leads_to_its_object(immediate_app):
    app = immediate_app
    coordinator, (_t_a, t_b, _done, _t_c), _team = add_team(app, "102003", "z")
    run_day(app, 4)
    client = app.test_client()
    login(client, coordinator.username)
    page = client.get("/").get_data(as_text=True)
    assert 'class="badge">3<span class="visually-hidden"> nieprzeczytane' in page
    centre = client.get("/notifications/").get_data(as_text=True)
    assert "Zadanie Zespołu PZK po terminie (termin: 05.03.2026)" in centre
    assert "Zbliża się termin zadania Zespołu PZK: 07.03.2026" in centre
    assert "Termin kolejnego spotkania Zespołu PZK: 12.03.2026" in centre
    with app.app_context():
        overdue = db.session.scalar(select(Notification.id).where(Notification.kind == "task_overdue"))
    opened = client.post("/notifications/open", data={"notification": str(overdue)})
    assert opened.status_code == 302
    assert opened.headers["Location"] == f"/partnership/tasks?state=overdue#task-{t_b}"
    assert 'class="badge">2<' in client.get("/").get_data(as_text=True)
    client.post("/notifications/read")
    page = client.get("/notifications/").get_data(as_text=True)
    assert "Wszystkie powiadomienia są przeczytane." in page and 'class="badge"' not in page


def test_notifications_are_in_english_for_an_english_session(immediate_app):
    app = immediate_app
    coordinator, _tasks, _team = add_team(app, "102003", "z")
    run_day(app, 4)
    client = app.test_client()
    login(client, coordinator.username)
    client.post("/language", data={"lang": "en"})
    page = client.get("/notifications/").get_data(as_text=True)
    assert "Partner Cooperation Team task overdue (due: 5 Mar 2026)" in page and "Mark all as read" in page


def test_the_centre_is_empty_at_first_and_nobody_opens_anothers_notification(immediate_app):
    app = immediate_app
    coordinator, _tasks, _team = add_team(app, "102003", "z")
    other, _tasks, _team = add_team(app, "101102", "o")
    client = app.test_client()
    login(client, coordinator.username)
    assert "Nie masz powiadomień." in client.get("/notifications/").get_data(as_text=True)
    run_day(app, 4)
    with app.app_context():
        theirs = db.session.scalar(select(Notification.id).where(Notification.user_id == other.id))
    assert client.post("/notifications/open", data={"notification": str(theirs)}).status_code == 404
    assert client.post("/notifications/open", data={"notification": "x"}).status_code == 404
    with app.app_context():
        assert db.session.get(Notification, theirs).read_at is None


def _checked(page, choice):
    """The kinds whose radio button for ``choice`` is checked."""
    import re

    return re.findall(rf'<input checked id="([a-z_]+)-\d"[^>]* type="radio" value="{choice}"', page)


def _coordinator_mails(app):
    with app.app_context():
        return [(m.subject, m.body) for m in db.session.scalars(
            select(OutgoingMail).where(OutgoingMail.recipient == "koord.z@gmina.example").order_by(OutgoingMail.id))]


def test_preferences_choose_per_kind_between_the_digest_one_by_one_and_no_email(immediate_app):
    app = immediate_app
    coordinator, _tasks, _team = add_team(app, "102003", "z")
    client = app.test_client()
    login(client, coordinator.username)
    page = client.get("/notifications/settings").get_data(as_text=True)
    assert len(_checked(page, "digest")) == 3  # by default everything comes in the day's digest
    saved = client.post("/notifications/settings", data={"task_overdue": "off", "meeting_due": "immediate",
                                                          "task_due": "digest"}, follow_redirects=True)
    assert "Zapisano ustawienia powiadomień." in saved.get_data(as_text=True)
    assert _checked(saved.get_data(as_text=True), "off") == ["task_overdue"]
    run_day(app, 4)  # B's task overdue, C's due in a day, the meeting in six
    mails = _coordinator_mails(app)
    assert [subject for subject, _body in mails] == [
        "Masz 1 zadanie z terminem do 09.03.2026 w Zespole PZK",  # the digest: the one kind left in it
        "Termin kolejnego spotkania Zespołu PZK: 12.03.2026"]  # a message of its own
    assert not any("po terminie" in body for _subject, body in mails)  # no e-mail for overdue tasks
    with app.app_context():  # in the app, every notification is there whatever the e-mails do
        kinds = set(db.session.scalars(select(Notification.kind).where(Notification.user_id == coordinator.id)))
    assert kinds == {"task_overdue", "task_due", "meeting_due"}


def test_one_users_preferences_leave_the_others_digest_alone(immediate_app):

    app = immediate_app
    coordinator, _tasks, _team = add_team(app, "102003", "z")
    with app.app_context():
        from kooperacje.municipalities.models import Municipality

        municipality = db.session.get(Municipality, coordinator.municipality_id)
    add_user("koord.druga", "coordinator", municipality, email="koord.druga@gmina.example",
             must_change_password=False)
    client = app.test_client()
    login(client, coordinator.username)
    client.post("/notifications/settings", data={"task_overdue": "off", "meeting_due": "off", "task_due": "off"})
    run_day(app, 4)
    assert _coordinator_mails(app) == []
    with app.app_context():
        second = db.session.scalars(select(OutgoingMail.subject).where(
            OutgoingMail.recipient == "koord.druga@gmina.example")).all()
    assert second == ["Przypomnienia z Zespołu PZK"]


def test_preferences_refuse_what_the_form_does_not_offer(immediate_app):
    app = immediate_app
    coordinator, _tasks, _team = add_team(app, "102003", "z")
    client = app.test_client()
    login(client, coordinator.username)
    for data in ({"task_overdue": "wszystko", "meeting_due": "off", "task_due": "off"},
                 {"meeting_due": "off", "task_due": "off"}):
        answer = client.post("/notifications/settings", data=data)
        text = answer.get_data(as_text=True)
        assert answer.status_code == 400 and "Popraw zaznaczone pola" in text
    assert "Wybierz, jak wysyłać e-maile." in text
    run_day(app, 4)
    assert [subject for subject, _body in _coordinator_mails(app)] == ["Przypomnienia z Zespołu PZK"]  # nothing saved
