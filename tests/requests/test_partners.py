"""Partner accounts: the coordinator invites a member institution's representative, who sees
their PZK's meetings (the agenda, the protocol once approved), their institution's tasks (with
dated progress notes the coordinator reads) and offers (a versioned save), and nothing else:
no other institution's task or offer, no client, and nothing at all once the institution left."""
import io
import re
from datetime import timedelta

import pytest
from builders import (add_decision, add_institution, add_meeting, add_offer, client_as, coordinator_client,
                      invite_partner, login, partner_client, register, set_up, version_of)
from docx import Document
from sqlalchemy import func, select

from kooperacje.audit.models import AuditEvent
from kooperacje.auth.models import User, with_role
from kooperacje.clock import local_today
from kooperacje.extensions import db
from kooperacje.partners.models import TaskProgress
from kooperacje.partnership.models import ServiceOffer, Task

PUP, SCHOOL = "Powiatowy Urząd Pracy w Zgierzu", "Szkoła Podstawowa nr 3 w Zgierzu"
AGENDA = "1. Otwarcie posiedzenia\n2. Aktualizacja koszyka usług"
MINUTES = "Omówiono **koszyk usług** i terminy zadań."


@pytest.fixture
def team(app):
    """A PZK with two members, one meeting (a draft protocol) whose decisions give each a task,
    and one offer of each in the basket."""
    coordinator, municipality = coordinator_client(app)
    set_up(coordinator)
    pup = add_institution(coordinator, PUP, "labour")
    school = add_institution(coordinator, SCHOOL, "education")
    meeting = add_meeting(coordinator, (local_today() - timedelta(days=7)).isoformat(), agenda=AGENDA, minutes=MINUTES)
    add_decision(coordinator, meeting, "PUP przygotuje ofertę staży.", "Przygotować ofertę staży", pup)
    add_decision(coordinator, meeting, "Szkoła zgłosi potrzeby uczniów.", "Zebrać potrzeby uczniów", school)
    with app.app_context():
        tasks = dict(db.session.execute(select(Task.owner_institution_id, Task.id)).all())
    return {"coordinator": coordinator, "municipality": municipality, "pup": pup, "school": school,
            "meeting": meeting, "pup_task": tasks[pup], "school_task": tasks[school],
            "pup_offer": add_offer(coordinator, pup, "Staże zawodowe", target_group="osoby bezrobotne"),
            "school_offer": add_offer(coordinator, school, "Zajęcia wyrównawcze")}


@pytest.fixture
def partner(app, team):
    return partner_client(app, team["municipality"], team["pup"])


def rows(app, team):
    """What a partner could change: both tasks, both offers and every progress note, column by column."""
    with app.app_context():
        tasks = [(t.id, t.status, t.closed_on, t.version) for t in db.session.scalars(select(Task).order_by(Task.id))]
        offers = [(o.id, o.institution_id, o.service, o.description, o.version)
                  for o in db.session.scalars(select(ServiceOffer).order_by(ServiceOffer.id))]
        notes = db.session.scalar(select(func.count(TaskProgress.id)))
    return tasks, offers, notes


def progress(client, task_id, note, status="in_progress", noted_on=None):
    return client.post(f"/partner/tasks/{task_id}", data={
        "status": status, "note": note, "noted_on": (noted_on or local_today()).isoformat()})


# --- the invitation ------------------------------------------------------------------------

def test_the_coordinator_invites_a_representative_who_sets_a_password_and_sees_their_institution(app, team):
    password = invite_partner(team["coordinator"], team["pup"], "anna.nowicka")
    with app.app_context():
        account = db.session.scalar(select(User).where(User.username == "anna.nowicka"))
        assert (account.role, account.institution_id, account.municipality_id, account.must_change_password) == (
            "partner", team["pup"], team["municipality"].id, True)
    client = app.test_client()
    assert login(client, "anna.nowicka", password).headers["Location"] == "/account/password"
    changed = client.post("/account/password", data={"current_password": password, "new_password": "Zielony kasztan nad Bzurą 77",
                                                     "confirm": "Zielony kasztan nad Bzurą 77"})
    assert changed.status_code == 302
    assert 'href="/partner/"' in client.get("/").get_data(as_text=True)  # the start page leads to their institution
    home = client.get("/partner/").get_data(as_text=True)
    assert PUP in home and "Przygotować ofertę staży" in home and "Staże zawodowe" in home
    assert "Zebrać potrzeby uczniów" not in home and "Zajęcia wyrównawcze" not in home
    menu = home.split('class="main-nav"')[1].split("</nav>")[0]
    assert "Moja instytucja" in menu and "Zespół PZK" not in menu and "Rejestr spraw" not in menu
    invitation = team["coordinator"].get(f"/partner/institutions/{team['pup']}/invite").get_data(as_text=True)
    assert "anna.nowicka" in invitation  # the coordinator sees who represents the institution
    with app.app_context():
        created = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "user_created",
                                                             AuditEvent.object_id == account.id))
        assert created.detail == f"partner;institution:{team['pup']}"  # ids only, no name


def test_an_account_speaks_only_for_a_current_member_of_the_municipalitys_pzk(app, team):
    coordinator = team["coordinator"]
    gone = add_institution(coordinator, "Stowarzyszenie, które wystąpiło", "ngo",
                           left=(local_today() - timedelta(days=1)).isoformat())
    page = coordinator.get(f"/partner/institutions/{gone}/invite").get_data(as_text=True)
    assert "nie jest obecnie członkiem Zespołu PZK" in page and "Utwórz konto" not in page
    refused = coordinator.post(f"/partner/institutions/{gone}/invite",
                               data={"full_name": "Jan Wolny", "username": "jan.wolny", "email": ""})
    assert refused.status_code == 400 and "nie jest obecnie członkiem" in refused.get_data(as_text=True)
    other_coordinator, _other = coordinator_client(app, "rural", username="koord.inna")
    set_up(other_coordinator, "rural")
    foreign = add_institution(other_coordinator, "Urząd Pracy w innej gminie", "labour")
    assert coordinator.post(f"/partner/institutions/{foreign}/invite",
                            data={"full_name": "Obcy Ktoś", "username": "obcy.ktos"}).status_code == 404
    with app.app_context():
        assert db.session.scalar(with_role(select(func.count(User.id)), "partner")) == 0


def test_the_municipality_administrator_invites_through_the_user_form_with_an_institution(app, team):
    admin, _user = client_as(app, "municipality_admin", team["municipality"], totp_enabled_at=None)
    form = admin.get("/users/new").get_data(as_text=True)
    assert PUP in form and "Przedstawiciel instytucji partnerskiej" in form
    missing = admin.post("/users/new", data={"full_name": "Ewa Szkolna", "username": "ewa.szkolna",
                                             "role": "partner", "institution_id": "0"})
    assert missing.status_code == 400 and "Wskaż instytucję" in missing.get_data(as_text=True)
    created = admin.post("/users/new", data={"full_name": "Ewa Szkolna", "username": "ewa.szkolna",
                                             "role": "partner", "institution_id": str(team["school"])})
    assert created.status_code == 200 and 'class="secret"' in created.get_data(as_text=True)
    with app.app_context():
        account = db.session.scalar(select(User).where(User.username == "ewa.szkolna"))
        assert account.institution_id == team["school"]
    assert f"Przedstawiciel instytucji partnerskiej ({SCHOOL})" in admin.get("/users/").get_data(as_text=True)


# --- tasks ----------------------------------------------------------------------------------

def test_progress_notes_are_dated_kept_audited_and_read_by_the_coordinator(app, team, partner):
    task = team["pup_task"]
    assert progress(partner, task, "Przygotowano listę pracodawców.",
                    noted_on=local_today() - timedelta(days=2)).status_code == 302
    assert progress(partner, task, "Oferta staży wysłana do ośrodka.", status="done").status_code == 302
    page = partner.get(f"/partner/tasks/{task}").get_data(as_text=True)
    assert page.index("Oferta staży wysłana") < page.index("Przygotowano listę pracodawców")  # newest first
    with app.app_context():
        row = db.session.get(Task, task)
        assert (row.status, row.closed_on) == ("done", local_today())
        assert db.session.scalars(select(AuditEvent.detail).where(
            AuditEvent.action == "task_progress_added").order_by(AuditEvent.id)).all() == ["in_progress", "done"]
    history = team["coordinator"].get(f"/partner/tasks/{task}/history").get_data(as_text=True)
    assert "Przygotowano listę pracodawców." in history and "Oferta staży wysłana do ośrodka." in history
    assert "/partner/tasks/%d/history" % task in team["coordinator"].get("/partnership/tasks?state=all").get_data(as_text=True)


def test_a_bad_progress_note_gets_a_polish_message_and_keeps_what_was_typed(app, team, partner):
    before = rows(app, team)
    future = progress(partner, team["pup_task"], "Notatka z jutra", noted_on=local_today() + timedelta(days=1))
    assert future.status_code == 400 and "nie może być późniejsza" in future.get_data(as_text=True)
    assert "Notatka z jutra" in future.get_data(as_text=True)
    empty = progress(partner, team["pup_task"], "  ")
    assert empty.status_code == 400 and "Opisz, co zrobiono." in empty.get_data(as_text=True)
    pesel = progress(partner, team["pup_task"], "Skierowano osobę 44051401359 na staż")
    assert pesel.status_code == 400 and "PESEL" in pesel.get_data(as_text=True)
    assert rows(app, team) == before


# --- offers ---------------------------------------------------------------------------------

def test_the_partner_keeps_their_offers_up_to_date_and_a_stale_save_keeps_the_typed_text(app, team, partner):
    url = f"/partner/offers/{team['pup_offer']}/edit"
    version = version_of(partner.get(url).get_data(as_text=True))
    saved = partner.post(url, data={"service": "Staże i szkolenia", "target_group": "osoby bezrobotne",
                                    "description": "Nabór co miesiąc.", "version": version})
    assert saved.status_code == 302
    stale = partner.post(url, data={"service": "Staże (stara wersja)", "version": version})
    body = stale.get_data(as_text=True)
    assert stale.status_code == 409 and "Staże (stara wersja)" in body and "Staże i szkolenia" in body
    added = partner.post("/partner/offers/new", data={"service": "Poradnictwo zawodowe", "version": ""})
    assert added.status_code == 302
    with app.app_context():
        mine = db.session.scalars(select(ServiceOffer.service).where(
            ServiceOffer.institution_id == team["pup"]).order_by(ServiceOffer.id)).all()
    assert mine == ["Staże i szkolenia", "Poradnictwo zawodowe"]
    assert "Staże i szkolenia" in team["coordinator"].get("/partnership/basket").get_data(as_text=True)


# --- what a partner never reaches ----------------------------------------------------------

def test_another_institutions_task_or_offer_is_not_found_and_stays_unchanged(app, team, partner):
    before = rows(app, team)
    task, offer = team["school_task"], team["school_offer"]
    assert partner.get(f"/partner/tasks/{task}").status_code == 404
    assert progress(partner, task, "Cudzy wpis", status="done").status_code == 404
    assert partner.get(f"/partner/offers/{offer}/edit").status_code == 404
    assert partner.post(f"/partner/offers/{offer}/edit", data={"service": "Cudza", "version": "1"}).status_code == 404
    assert partner.post(f"/partnership/tasks/{task}/status", data={"status": "done"}).status_code == 403
    assert partner.get(f"/partner/tasks/{task}/history").status_code == 403
    assert "Zebrać potrzeby uczniów" not in partner.get("/partner/tasks").get_data(as_text=True)
    assert rows(app, team) == before


def test_no_client_diagnosis_contract_or_whole_pzk_page_opens_for_a_partner(app, team, partner):
    social_worker, _ = client_as(app, "social_worker", team["municipality"])  # a case of the same municipality
    registered = register(social_worker)
    client_id = int(registered.headers["Location"].rstrip("/").rsplit("/", 1)[1])
    opened, tried = [], 0
    for rule in app.url_map.iter_rules():
        if not rule.endpoint.startswith(("clients.", "diagnoses.", "contracts.", "partnership.", "users.",
                                         "municipalities.overview", "calendars.", "audit.")):
            continue
        if "GET" not in rule.methods or "<any(" in rule.rule or "<path" in rule.rule:
            continue
        url = re.sub(r"<int:\w+>", str(client_id), rule.rule)
        status = partner.get(url).status_code
        tried += 1
        if status not in (403, 404):
            opened.append((url, status))
    assert not opened and tried > 30
    assert partner.post("/clients/search", data={"query": "Kowalska"}).status_code in (403, 404)


# --- meetings ---------------------------------------------------------------------------------

def test_a_partner_reads_the_agenda_and_the_protocol_only_once_approved(app, team, partner):
    meeting = team["meeting"]
    draft = partner.get(f"/partner/meetings/{meeting}").get_data(as_text=True)
    assert "Aktualizacja koszyka usług" in draft and "koszyk usług</strong>" not in draft
    assert partner.get(f"/partner/meetings/{meeting}/protocol.docx").status_code == 404
    assert partner.get(f"/partnership/meetings/{meeting}/protocol.docx").status_code == 403
    coordinator = team["coordinator"]
    approval = coordinator.get(f"/partnership/meetings/{meeting}/approve").get_data(as_text=True)
    assert coordinator.post(f"/partnership/meetings/{meeting}/approve",
                            data={"version": version_of(approval)}).status_code == 302
    approved = partner.get(f"/partner/meetings/{meeting}").get_data(as_text=True)
    assert "<strong>koszyk usług</strong>" in approved and "Protokół nr 1/" in approved
    document = partner.get(f"/partner/meetings/{meeting}/protocol.docx")
    assert document.status_code == 200
    text = "\n".join(p.text for p in Document(io.BytesIO(document.data)).paragraphs)
    assert "Protokół nr 1/" in text and "nie został jeszcze zatwierdzony" not in text
    listing = partner.get("/partner/meetings").get_data(as_text=True)
    assert "zatwierdzony, nr 1/" in listing


# --- leaving the PZK ---------------------------------------------------------------------------

def test_a_partner_whose_institution_left_the_pzk_loses_access_from_that_day(app, team, partner):
    coordinator, pup = team["coordinator"], team["pup"]

    def leave(on):
        form = coordinator.get(f"/partnership/institutions/{pup}/edit").get_data(as_text=True)
        response = coordinator.post(f"/partnership/institutions/{pup}/edit", data={
            "name": PUP, "sector": "labour", "level": "gmina", "joined_on": "2025-01-10", "left_on": on.isoformat(),
            "version": version_of(form)})
        assert response.status_code == 302

    leave(local_today() + timedelta(days=1))  # announced for tomorrow: today the partner still works
    assert partner.get("/partner/").status_code == 200
    leave(local_today())
    before = rows(app, team)
    for url in ("/partner/", "/partner/meetings", f"/partner/meetings/{team['meeting']}", "/partner/tasks",
                f"/partner/tasks/{team['pup_task']}", f"/partner/offers/{team['pup_offer']}/edit"):
        response = partner.get(url)
        assert response.status_code == 403 and "nie jest już członkiem" in response.get_data(as_text=True), url
    assert progress(partner, team["pup_task"], "Po wystąpieniu").status_code == 403
    start = partner.get("/").get_data(as_text=True)
    assert "nie jest już członkiem" in start and 'href="/partner/"' not in start.split('id="main"')[1]
    assert rows(app, team) == before


def test_a_note_saved_while_the_coordinator_changes_the_task_gets_409_and_keeps_the_text(app, team, partner,
                                                                                          monkeypatch):
    from sqlalchemy.orm.exc import StaleDataError

    from kooperacje.partners import service

    def rival_saved_first(*_args):
        raise StaleDataError("task changed meanwhile")

    before = rows(app, team)
    monkeypatch.setattr(service, "add_progress", rival_saved_first)
    response = progress(partner, team["pup_task"], "Wpis pisany równolegle")
    body = response.get_data(as_text=True)
    assert response.status_code == 409 and "Wpis pisany równolegle" in body and "W międzyczasie" in body
    assert rows(app, team) == before


def test_moving_a_representative_to_another_institution_ends_their_sessions_and_must_name_a_member(app, team,
                                                                                                  partner):
    admin, _user = client_as(app, "municipality_admin", team["municipality"], totp_enabled_at=None)
    with app.app_context():
        account = db.session.scalar(with_role(select(User), "partner"))
    gone = add_institution(team["coordinator"], "Fundacja, która wystąpiła", "ngo",
                           left=(local_today() - timedelta(days=3)).isoformat())
    edit = f"/users/{account.id}/edit"
    refused = admin.post(edit, data={"full_name": account.full_name, "role": "partner", "institution_id": str(gone)})
    assert refused.status_code == 400 and f'value="{gone}"' not in refused.get_data(as_text=True)  # not offered
    with app.app_context():
        assert db.session.get(User, account.id).institution_id == team["pup"]
    assert partner.get("/partner/").status_code == 200
    moved = admin.post(edit, data={"full_name": account.full_name, "role": "partner",
                                   "institution_id": str(team["school"])})
    assert moved.status_code == 302
    assert partner.get("/partner/").status_code == 302  # signed out: what the account sees has changed
    again = partner_client(app, team["municipality"], team["school"], username="partner.szkola")
    assert "Zebrać potrzeby uczniów" in again.get("/partner/").get_data(as_text=True)
