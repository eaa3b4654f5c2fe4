"""Casework reminders walk the calendar: a contract's review (three days ahead and on the day),
its period ending, part II waiting (the day after, then weekly), an old diagnosis draft, and an
expiring one-time password, each on its day, once, to the right people only; nothing personal in
any e-mail."""
import logging
from datetime import datetime, time

import pytest
import time_machine
from builders import MALE_1944, START, add_municipality, add_user, day, login, produced
from sqlalchemy import select

from kooperacje.clients.models import Client, Person
from kooperacje.clock import local_today
from kooperacje.contracts.models import Contract
from kooperacje.diagnoses.models import Diagnosis
from kooperacje.extensions import db
from kooperacje.jobs.models import OutgoingMail
from kooperacje.notifications.models import Notification

SURNAME, SECRET = "Kanarkowska", "Depresja-kanarek"
CANARIES = (SURNAME, SURNAME.lower(), MALE_1944, SECRET, SECRET.lower())


@pytest.fixture
def immediate_app(db_path):
    from builders import make_app

    return make_app(db_path, JOBS_IMMEDIATE=True)


def at(n, hour=0):
    return datetime.combine(day(n), time(hour))


def add_case(app, municipality, worker, review=None, period_to=None, draft_since=None, status="in_progress"):
    """A case of ``worker`` with canary values, a contract with those dates and, if asked, an old draft."""
    with app.app_context():
        case = Client(municipality_id=municipality.id, kind="person", worker_id=worker.id if worker else None,
                      street=f"ul. {SURNAME} 1", phone=MALE_1944)
        case.members.append(Person(municipality_id=municipality.id, first_name="Anna", last_name=SURNAME,
                                   pesel=MALE_1944, relation="applicant"))
        db.session.add(case)
        db.session.flush()
        contract = Contract(municipality_id=municipality.id, client_id=case.id, number=1, model_key="urban",
                            status=status, worker_id=worker.id if worker else None, period_from=day(-60),
                            period_to=period_to, next_review_on=review, main_goal=SECRET, causes=SECRET)
        db.session.add(contract)
        draft_id = None
        if draft_since is not None:
            draft = Diagnosis(municipality_id=municipality.id, client_id=case.id, model_key="urban",
                              author_id=worker.id if worker else None, created_at=at(draft_since),
                              answers={"health": {"notes": SECRET}})
            db.session.add(draft)
            db.session.flush()
            draft_id = draft.id
        db.session.commit()
        return case.id, contract.id, draft_id


def add_people(app, teryt6, suffix):
    municipality = add_municipality(teryt6)
    people = {role: add_user(f"{role}.{suffix}", role, municipality, email=f"{role}.{suffix}@gmina.example",
                             must_change_password=False, full_name=f"Anna {SURNAME}")
              for role in ("social_worker", "coordinator", "municipality_admin")}
    return municipality, people


def run_day(app, n, hour=0):
    with time_machine.travel(at(n, hour), tick=False):
        app.extensions["kooperacje.jobs"].produce_reminders_for(local_today())


def walk(app, days):
    """{day: (new keys, new (recipient, subject), new (user id, kind, about day))}, each day run twice."""
    seen, by_day = (set(), 0, 0), {}
    for n in days:
        run_day(app, n)
        run_day(app, n)  # a second run the same day adds nothing
        keys, mails, notes = produced(app)
        by_day[n] = (sorted(keys - seen[0]), mails[seen[1]:], notes[seen[2]:])
        seen = (keys, len(mails), len(notes))
    return by_day


def test_each_casework_reminder_on_its_day_once_to_the_cases_worker_only(immediate_app):
    app = immediate_app
    zgierz, people = add_people(app, "102003", "z")
    worker, coordinator, admin = people["social_worker"], people["coordinator"], people["municipality_admin"]
    add_user("social_worker.z2", "social_worker", zgierz, email="second@gmina.example", must_change_password=False)
    _case, contract, draft = add_case(app, zgierz, worker, review=day(5), period_to=day(10), draft_since=-10)
    add_case(app, zgierz, worker, review=day(4), period_to=day(9), status="evaluated")  # done: nothing
    add_case(app, zgierz, worker, review=day(4), status="draft")  # not signed: nothing
    other, theirs = add_people(app, "101102", "o")
    _other_case, other_contract, _ = add_case(app, other, theirs["social_worker"], review=day(5), period_to=day(10))

    by_day = walk(app, range(0, 20))

    def worker_day(n):
        keys, mails, notes = by_day[n]
        return ([k for k in keys if k.split(":")[1] in (str(contract), str(draft))],
                [subject for recipient, subject in mails if recipient == worker.email],
                [(kind, about) for user, kind, about in notes if user == worker.id])

    assert worker_day(2) == ([f"review_due:{contract}:{day(5)}:ahead"],
                             ["Masz 1 kontrakt socjalny z przeglądem do 07.03.2026"], [("review_due", day(5))])
    assert worker_day(3) == ([f"period_ending:{contract}:{day(10)}"],
                             ["Masz 1 kontrakt socjalny, którego okres kończy się do 12.03.2026"],
                             [("period_ending", day(10))])
    assert worker_day(4) == ([f"diagnosis_draft:{draft}:14"],
                             ["Masz 1 projekt diagnozy założony 20.02.2026 lub wcześniej i wciąż niepodpisany"],
                             [("diagnosis_draft", day(-10))])
    assert worker_day(5) == ([f"review_due:{contract}:{day(5)}:day"],
                             ["Masz 1 kontrakt socjalny z przeglądem do 07.03.2026"], [("review_due", day(5))])
    assert worker_day(11) == ([f"evaluation_due:{contract}:{day(10)}:0"],
                              ["Masz 1 kontrakt socjalny czekający na ocenę (część II)"],
                              [("evaluation_due", day(10))])
    assert worker_day(18) == ([f"evaluation_due:{contract}:{day(10)}:1"],
                              ["Masz 1 kontrakt socjalny czekający na ocenę (część II)"],
                              [("evaluation_due", day(10))])
    assert all(worker_day(n) == ([], [], []) for n in (0, 1, 6, 7, 8, 9, 10, 12, 13, 14, 15, 16, 17, 19)), by_day
    with app.app_context():
        casework = {"review_due", "period_ending", "evaluation_due", "diagnosis_draft"}
        notes = db.session.execute(select(Notification.user_id, Notification.kind, Notification.params)
                                   .where(Notification.kind.in_(casework))).all()
        # the other municipality's worker hears of their own case only; nobody else hears of any
        assert {user for user, _kind, _params in notes} == {worker.id, theirs["social_worker"].id}
        assert {params["contract_id"] for user, _kind, params in notes
                if user == theirs["social_worker"].id} == {other_contract}
        recipients = set(db.session.scalars(select(OutgoingMail.recipient)))
        assert recipients == {worker.email, theirs["social_worker"].email}
        assert coordinator.id not in {user for user, _kind, _params in notes} and admin.email not in recipients
    # the month is over and part II still waits: a new reminder by the week, not by the day
    run_day(app, 25)
    assert f"evaluation_due:{contract}:{day(10)}:2" in produced(app)[0]


def test_the_notification_leads_to_its_object_which_checks_access_as_usual(immediate_app):
    app = immediate_app
    zgierz, people = add_people(app, "102003", "z")
    _case, contract, draft = add_case(app, zgierz, people["social_worker"], review=day(2), draft_since=-20)
    _other, theirs = add_people(app, "101102", "o")
    run_day(app, 0)
    client = app.test_client()
    login(client, people["social_worker"].username)
    centre = client.get("/notifications/").get_data(as_text=True)
    assert "Przegląd kontraktu socjalnego: 04.03.2026" in centre
    assert "Projekt diagnozy założony 10.02.2026 czeka na podpisanie" in centre
    assert SURNAME not in centre[centre.find("<main"):]  # the header names the worker (canary-named)
    with app.app_context():
        ids = dict(db.session.execute(select(Notification.kind, Notification.id)).all())
    for kind, url in (("review_due", f"/clients/contracts/{contract}"),
                      ("diagnosis_draft", f"/clients/diagnoses/{draft}")):
        opened = client.post("/notifications/open", data={"notification": str(ids[kind])})
        assert opened.headers["Location"] == url
        assert client.get(url).status_code == 200
        for other in (theirs["social_worker"], people["coordinator"]):
            stranger = app.test_client()
            login(stranger, other.username)
            assert stranger.get(url).status_code in (403, 404)  # another municipality's: 404; a coordinator: 403
    english = app.test_client()
    login(english, people["social_worker"].username)
    english.post("/language", data={"lang": "en"})
    assert "Social contract review: 4 Mar 2026" in english.get("/notifications/").get_data(as_text=True)


def test_a_case_without_an_active_worker_is_told_to_the_administrators_once(immediate_app):
    app = immediate_app
    zgierz, people = add_people(app, "102003", "z")
    gone = add_user("gone.z", "social_worker", zgierz, email="gone@gmina.example", must_change_password=False,
                    active=False)
    case, _contract, _draft = add_case(app, zgierz, gone, review=day(5), period_to=day(10), draft_since=-20)
    coordinator_case, _c, _d = add_case(app, zgierz, people["coordinator"], review=day(5), draft_since=-20)
    by_day = walk(app, range(0, 12))
    admin = people["municipality_admin"]
    notices = [(n, keys) for n, (keys, _mails, _notes) in by_day.items() if keys]
    assert notices == [(0, sorted([f"case_without_worker:{case}:{gone.id}",
                                   f"case_without_worker:{coordinator_case}:{people['coordinator'].id}"]))]
    _keys, mails, notes = by_day[0]
    assert mails == [(admin.email, "2 sprawy z terminem do dotrzymania nie mają aktywnego pracownika socjalnego")]
    assert {(user, kind) for user, kind, _about in notes} == {(admin.id, "case_without_worker")}
    with app.app_context():
        assert not db.session.scalars(select(Notification).where(Notification.user_id.in_(
            [gone.id, people["coordinator"].id, people["social_worker"].id]))).all()
    client = app.test_client()
    login(client, admin.username)
    with app.app_context():
        notice = db.session.scalar(select(Notification.id).where(Notification.user_id == admin.id))
    assert client.post("/notifications/open", data={"notification": str(notice)}).headers["Location"] == "/users/"


def test_an_expiring_one_time_password_is_told_to_the_administrators(immediate_app):
    app = immediate_app
    zgierz, people = add_people(app, "102003", "z")
    admin = people["municipality_admin"]
    new = add_user("nowy.z", "social_worker", zgierz, email="nowy@gmina.example", must_change_password=True,
                   one_time_expires_at=at(7, 12))
    add_user("zalogowany.z", "social_worker", zgierz, must_change_password=True, one_time_expires_at=at(7, 12),
             last_login_at=at(0))  # signed in once (a reset password): their own to use
    superadmin = add_user("root", "superadmin", email="root@wdrozenie.example", must_change_password=False)
    observer = add_user("obserwator", "regional_observer", voivodeship_code="10", must_change_password=True,
                        one_time_expires_at=at(8, 6))
    first = add_municipality("101102")
    first_admin = add_user("admin.o", "municipality_admin", first, must_change_password=True,
                           one_time_expires_at=at(8, 6))
    by_day = walk(app, range(0, 10))
    assert [n for n, (keys, _m, _n) in by_day.items() if keys] == [7, 8]
    assert by_day[7][0] == [f"otp_expiring:{new.id}:{at(7, 12).isoformat()}"]
    assert by_day[7][1] == [(admin.email, "1 konto czeka na pierwsze logowanie, a jego hasło jednorazowe wygasa "
                                          "do 09.03.2026")]
    assert by_day[7][2] == [(admin.id, "otp_expiring", day(7))]
    # the deployment's account, and the first administrator of a municipality: the deployment's
    # administrator, by e-mail only (it has no municipality's notification centre)
    assert by_day[8][0] == sorted([f"otp_expiring:{observer.id}:{at(8, 6).isoformat()}",
                                   f"otp_expiring:{first_admin.id}:{at(8, 6).isoformat()}"])
    assert by_day[8][1] == [(superadmin.email, "2 konta czekają na pierwsze logowanie, a ich hasła jednorazowe "
                                               "wygasają do 10.03.2026")]
    assert by_day[8][2] == []
    client = app.test_client()
    login(client, admin.username)
    page = client.get("/notifications/").get_data(as_text=True)
    assert "Hasło jednorazowe konta, na które nikt się jeszcze nie zalogował, wygasa 09.03.2026" in page


def test_preferences_offer_each_role_its_kinds_and_off_keeps_the_notification(immediate_app):
    import re

    app = immediate_app
    zgierz, people = add_people(app, "102003", "z")
    worker = people["social_worker"]
    add_case(app, zgierz, worker, review=day(2), period_to=day(5), draft_since=-20)
    client = app.test_client()
    login(client, worker.username)
    page = client.get("/notifications/settings").get_data(as_text=True)
    kinds = set(re.findall(r'id="([a-z_]+)-\d"[^>]* type="radio" value="digest"', page))
    assert kinds == {"review_due", "period_ending", "evaluation_due", "diagnosis_draft"}
    answer = client.post("/notifications/settings", data={"review_due": "off", "period_ending": "immediate",
                                                          "evaluation_due": "digest", "diagnosis_draft": "digest"})
    assert answer.status_code == 302
    run_day(app, 0)
    with app.app_context():
        subjects = db.session.scalars(select(OutgoingMail.subject).where(OutgoingMail.recipient == worker.email)
                                      .order_by(OutgoingMail.id)).all()
        kinds = set(db.session.scalars(select(Notification.kind).where(Notification.user_id == worker.id)))
    assert subjects == ["Masz 1 kontrakt socjalny, którego okres kończy się do 07.03.2026",  # one by one
                        "Masz 1 projekt diagnozy założony 10.02.2026 lub wcześniej i wciąż niepodpisany"]
    assert kinds == {"review_due", "period_ending", "diagnosis_draft"}  # no e-mail, yet in the app
    admin = app.test_client()
    login(admin, people["municipality_admin"].username)
    page = admin.get("/notifications/settings").get_data(as_text=True)
    assert set(re.findall(r'id="([a-z_]+)-\d"[^>]* type="radio" value="digest"', page)) == {"otp_expiring",
                                                                                       "case_without_worker"}


def test_the_digest_counts_in_polish_plurals(immediate_app):
    from kooperacje.jobs.models import Reminder
    from kooperacje.jobs.reminders import compose_mail

    def subject(count, kind="evaluation_due"):
        reminders = [Reminder(f"k{i}", kind, 1, START, "home.index", {}) for i in range(count)]
        with immediate_app.app_context():
            return compose_mail(reminders, START, "http://x/")[0]

    assert [subject(n) for n in (1, 2, 5, 22)] == [
        "Masz 1 kontrakt socjalny czekający na ocenę (część II)",
        "Masz 2 kontrakty socjalne czekające na ocenę (część II)",
        "Masz 5 kontraktów socjalnych czekających na ocenę (część II)",
        "Masz 22 kontrakty socjalne czekające na ocenę (część II)"]
    mixed = [Reminder("a", "review_due", 1, START, "home.index", {}),
             Reminder("b", "task_due", 1, START, "home.index", {})]
    with immediate_app.app_context():
        assert compose_mail(mixed, START, "http://x/")[0] == "Przypomnienia z aplikacji Kooperacje"


def test_canary_values_of_a_case_appear_in_no_email_or_job_log(db_path, caplog):
    """Names, a PESEL and free text in the case, its worker named like the client: the e-mails of
    every casework reminder over a month, through a real SMTP server, and the consumer's log hold none."""
    from builders import free_port, smtp_app, start_smtp

    caplog.set_level(logging.DEBUG)
    port = free_port()
    controller, inbox = start_smtp(port)
    try:
        app = smtp_app(db_path, port, JOBS_IMMEDIATE=True)
        zgierz, people = add_people(app, "102003", "z")
        gone = add_user("gone.z", "social_worker", zgierz, email="gone@gmina.example", active=False,
                        full_name=f"Jan {SURNAME}")
        add_case(app, zgierz, people["social_worker"], review=day(5), period_to=day(10), draft_since=-10)
        add_case(app, zgierz, gone, review=day(6))
        add_user(f"{SURNAME.lower()}", "social_worker", zgierz, email="nowa@gmina.example",
                 must_change_password=True, one_time_expires_at=at(3, 12), full_name=f"Anna {SURNAME}")
        for n in range(0, 30):
            run_day(app, n)
        mails = inbox.texts()
    finally:
        controller.stop()
    assert len(mails) >= 7 and any("czekający na ocenę" in m for m in mails)
    assert any("pierwsze logowanie" in m for m in mails) and any("aktywnego pracownika" in m for m in mails)
    places = {"mails": "\n".join(mails), "logs": caplog.text}
    assert {place: [c for c in CANARIES if c in text] for place, text in places.items()} == {"mails": [], "logs": []}
