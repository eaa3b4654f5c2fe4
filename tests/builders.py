"""Builders for tests: apps and databases, accounts and log-ins, and the records a test
needs (a family with a signed diagnosis, a signed contract, a PZK with meetings). Test
modules import from here (or browser_support), never from each other."""
import itertools
import csv
import os
import re
import shutil
import socket
import subprocess
import tempfile
from datetime import date, timedelta
from decimal import Decimal
from email import message_from_bytes, policy
from pathlib import Path

import pytest
import sqlalchemy
from aiosmtpd.controller import Controller
from icalendar import Calendar
from sqlalchemy import select
from werkzeug.datastructures import MultiDict

from kooperacje import create_app
from kooperacje.acts.models import ActScan
from kooperacje.auth.models import Membership, User
from kooperacje.auth.permissions import MUNICIPAL_ROLES, Role
from kooperacje.clients.models import Client, Person
from kooperacje.clock import local_today
from kooperacje.consents.models import Consent
from kooperacje.database import TenantScoped
from kooperacje.contracts.models import Contract, ContractAction, ContractExport
from kooperacje.demo import create_demo_case, create_demo_partnership
from kooperacje.diagnoses.models import Diagnosis
from kooperacje.extensions import db
from kooperacje.inaction.models import InactionArea, InactionItem
from kooperacje.fields import kind_of
from kooperacje.intake.models import Signal
from kooperacje.jobs.models import OutgoingMail, SentReminder
from kooperacje.municipalities import service, teryt
from kooperacje.municipalities.models import CentreProfile, Municipality
from kooperacje.notifications.models import Notification
from kooperacje.partnership.models import Institution, Meeting, Partnership, ServiceOffer, Task
from kooperacje.plugins import get_plugins
from kooperacje.plans.models import PlanAction, PlanActionTask, PlanGoal
from kooperacje.referrals.models import Referral
from kooperacje.teams.models import CaseTeam, CaseTeamDecision, CaseTeamMeeting, CaseTeamMember

# --- Databases and apps ------------------------------------------------------------------------

PASSWORD = "Długie hasło testowe 2026!"


#: Set by scripts/test-postgres.sh: the suite runs on that PostgreSQL server instead of SQLite files.
POSTGRES = os.environ.get("KOOPERACJE_TEST_POSTGRES")
ON_POSTGRES = bool(POSTGRES)
TEMPLATE = "kooperacje_template"


_database_numbers = itertools.count()
#: where the PostgreSQL pass keeps each test's job queue
_QUEUES = Path(tempfile.mkdtemp(prefix="kooperacje-queues-"))


def database_url(target):
    """``target`` is a SQLite file path or, on the PostgreSQL run, a database URL."""
    return str(target) if str(target).startswith("postgresql") else f"sqlite:///{target}"


def _create_postgres_database(template=None):
    name = f"test_{os.getpid()}_{next(_database_numbers)}"
    engine = sqlalchemy.create_engine(f"{POSTGRES}/postgres", isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.exec_driver_sql(f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{template}"' if template else ""))
    engine.dispose()
    return f"{POSTGRES}/{name}"


def empty_database(tmp_path, file_name):
    """A new empty database: a file under ``tmp_path`` or a new PostgreSQL database."""
    return _create_postgres_database() if ON_POSTGRES else tmp_path / file_name


def copy_of(migrated, tmp_path, file_name):
    """A new database holding the migrated schema: a copy of the file, or a PostgreSQL database
    made from the migrated template."""
    if ON_POSTGRES:
        return _create_postgres_database(template=TEMPLATE)
    path = tmp_path / file_name
    shutil.copy(migrated, path)
    return path


def make_app(db_path, plugins=None, **config):
    settings = {"TESTING": True, "DATABASE_URL": database_url(db_path), "AUTO_MIGRATE": False,
                "DEMO_DATA": False, "WTF_CSRF_ENABLED": False, "TOTP_ROLES": [], "SECRET_KEY": "test-secret-key-" + "x" * 32}
    if ON_POSTGRES and not config.get("JOBS_SQLITE_FILE"):
        # each test's own queue, as a SQLite database gets one beside it (instance/ would be shared)
        settings["JOBS_SQLITE_FILE"] = str(_QUEUES / f"{str(db_path).rsplit('/', 1)[-1]}-jobs.db")
    settings.update(config)
    app = create_app(settings, plugins=plugins)
    _latest.app = app
    return app


class _latest:
    """The app the data helpers write to: the most recently created one."""

    app = None



# --- Municipalities, accounts and log-ins ------------------------------------------------------

def _detached(obj):
    """Load the columns and detach ``obj`` so tests can read it after the context ends."""
    db.session.refresh(obj)
    db.session.expunge(obj)
    return obj


def add_municipality(teryt6=None, display_name=None, model=True):
    """A municipality, optionally with its TERYT gmina and the recommended model chosen."""
    with _latest.app.app_context():
        return _detached(_add_municipality(teryt6, display_name, model))


def _add_municipality(teryt6, display_name, model):
    unit = teryt.find(teryt6) if teryt6 else None
    municipality = Municipality(display_name=display_name or (f"OPS {unit.name}" if unit else "Nowa gmina"))
    db.session.add(municipality)
    db.session.flush()
    if unit:
        service.adopt_gmina(municipality, teryt6)
        best = service.recommend(municipality).best
        if model and best:
            municipality.model_key = best.model_key
    db.session.commit()
    return municipality


def add_user(username, role, municipality=None, password=PASSWORD, voivodeship_code=None, **fields):
    with _latest.app.app_context():
        return _detached(_add_user(username, role, municipality, password, voivodeship_code, **fields))


def _add_user(username, role, municipality, password, voivodeship_code, **fields):
    user = User(username=username, full_name=fields.pop("full_name", username.title()), role=Role(role).value,
                municipality_id=municipality.id if municipality else None,
                voivodeship_code=voivodeship_code)
    user.set_password(password)
    for name, value in fields.items():
        setattr(user, name, value)
    db.session.add(user)
    db.session.commit()
    return user


def add_membership(user, municipality, role):
    """A role for ``user`` in one more municipality (kooperacje/memberships); returns its id."""
    with _latest.app.app_context():
        membership = Membership(user_id=user.id, municipality_id=municipality.id, role=Role(role).value)
        db.session.add(membership)
        db.session.commit()
        return membership.id


def switch_to(client, membership_id):
    """The header's switch of the current municipality."""
    return client.post("/account/municipality", data={"membership": str(membership_id)})


def login(client, username, password=PASSWORD):
    return client.post("/login", data={"username": username, "password": password})


def client_as(app, role, municipality=None, username=None, **fields):
    """A test client signed in as a new account of ``role``: (client, user)."""
    user = add_user(username or f"{Role(role).value.replace('_', '')}{next(_usernames)}", role, municipality, **fields)
    client = app.test_client()
    response = login(client, user.username)
    assert response.status_code == 302, response.get_data(as_text=True)
    return client, user


_usernames = itertools.count(1)


def worker_client(app, teryt6="102003", username="worker"):
    """A social worker of a new municipality (Zgierz, the urban model, unless ``teryt6`` says)."""
    municipality = add_municipality(teryt6)
    return client_as(app, "social_worker", municipality, username)[0], municipality


def coordinator_client(app, model="urban", username="koord"):
    """A PZK coordinator of a municipality of ``model``."""
    municipality = add_municipality(MUNICIPALITY_BY_MODEL[model])
    return client_as(app, "coordinator", municipality, username)[0], municipality


def version_of(body):
    """The version a form carries (empty for a record not saved yet)."""
    return re.search(r'name="version" type="hidden" value="(\d*)"', body).group(1)



# --- Case files: clients, diagnoses, contracts -------------------------------------------------

# Valid test numbers (checksums computed, not real people): 14 May 1944 male; 2 Mar 2005 female.
MALE_1944 = "44051401359"


FEMALE_2005 = "05220200021"


def register(client, **fields):
    data = {"kind": "family", "first_name": "Jan", "last_name": "Kowalski", "pesel": MALE_1944,
            "street": "Długa 5", "postal_code": "95-100", "town": "Zgierz", "reasons": ["poverty", "unemployment"],
            **fields}
    return client.post("/clients/new", data=data)
def required_answers(model_key, document="diagnosis", **given):
    """Form data answering every required field of the model's diagnosis (or ``document=
    "contract"``) with its field kind's own sample, then ``given``: a field a plugin makes
    required needs no edit here."""
    with _latest.app.app_context():
        sections = getattr(get_plugins(), f"{document}_sections")(model_key)
        data = {f"{section.key}__{spec.name}": kind_of(spec).sample(spec, date(2026, 11, 20), "Wpis testowy")
                for section in sections for spec in section.fields if spec.required}
    return {**{name: _form_value(value) for name, value in data.items()}, **given}


def _form_value(sample):
    """A sample answer as form data: one ticked box as its value (so the pairs can also go into a
    MultiDict), several as the list."""
    if isinstance(sample, list):
        return sample[0] if len(sample) == 1 else sample
    return str(sample)


def new_diagnosis(client, teryt6="102003"):
    client_id = int(register(client).headers["Location"].rsplit("/", 1)[1])
    edit_url = client.post(f"/clients/{client_id}/diagnoses").headers["Location"]
    return client_id, edit_url


def save(client, edit_url, action="save", **answers):
    version = version_of(client.get(edit_url).get_data(as_text=True))
    return client.post(edit_url, data={"version": version, "action": action, **answers})


def family_with_signed_diagnosis(client):
    client_id = int(register(client).headers["Location"].rsplit("/", 1)[1])
    client.post(f"/clients/{client_id}/members", data={
        "member-first_name": "Ala", "member-last_name": "Kowalska", "member-relation": "child", "member-pesel": FEMALE_2005})
    edit_url = client.post(f"/clients/{client_id}/diagnoses").headers["Location"]
    to_sign = save(client, edit_url, action="sign", **required_answers(
        "urban", conclusions__conclusions="Wnioski", conclusions__causes="Utrata pracy",
        own_words__strengths="Dobre relacje z dziećmi", own_words__deficits="Zadłużenie czynszowe"))
    confirm = client.get(to_sign.headers["Location"]).get_data(as_text=True)
    client.post(to_sign.headers["Location"], data={"version": version_of(confirm)})
    return client_id


def new_contract(client, client_id):
    return client.post(f"/clients/{client_id}/contracts").headers["Location"]


def part_one(institution_id=None, **changes):
    data = {"variant": "A", "worker_phone": "42 716 00 00", "main_goal": "Rodzina utrzymuje mieszkanie",
            "goals-0-text": "Spłata zaległości czynszowych", "goals-1-text": "",
            "actions-0-party": "client", "actions-0-description": "Zgłoszenie się do PUP",
            "actions-0-method": "Wizyta u doradcy zawodowego", "actions-0-due_on": "2026-12-15",
            "actions-1-party": "worker", "actions-1-description": "Wniosek o dodatek mieszkaniowy",
            "actions-2-party": "client", "actions-2-description": "",
            "period_from": "2026-12-01", "period_to": "2027-03-31", **required_answers("urban", "contract")}
    if institution_id:
        data.update({"actions-3-party": "partner", "actions-3-institution_id": str(institution_id),
                     "actions-3-description": "Szkolenie zawodowe", "actions-3-due_on": "2026-12-10"})
    data.update(changes)
    return data


def post_part_one(client, edit_url, data, action="save"):
    version = version_of(client.get(edit_url).get_data(as_text=True))
    form = MultiDict(data)
    form.update({"version": version, "action": action})
    return client.post(edit_url, data=form)


def signed_contract(app, client, municipality):
    client_id = family_with_signed_diagnosis(client)
    institution_id = add_institution_row(app, municipality)
    edit_url = new_contract(client, client_id)
    post_part_one(client, edit_url, part_one(institution_id))
    sign_url = edit_url.replace("/edit", "/sign")
    page = client.get(sign_url).get_data(as_text=True)
    assert client.post(sign_url, data={"version": version_of(page), "concluded_on": "2026-12-01"}).status_code == 302
    return edit_url.replace("/edit", ""), institution_id


def add_contract_row(app, municipality, worker, status="signed", concluded_on=date(2026, 12, 1), last_name="Nowak"):
    """A case of one person with a contract of ``status`` (a draft has no date of concluding),
    written straight to the database: for tests that need many contracts. Returns its id."""
    from kooperacje.clients.models import Person

    with app.app_context():
        client = Client(municipality_id=municipality.id, kind="person", town="Zgierz", reasons=["poverty"],
                        worker_id=worker.id, surname_key=last_name.lower())
        client.members = [Person(municipality_id=municipality.id, first_name="Anna", last_name=last_name,
                                 relation="applicant")]
        db.session.add(client)
        db.session.flush()
        contract = Contract(municipality_id=municipality.id, client_id=client.id, number=1, model_key="urban",
                            status=status, worker_id=worker.id, main_goal="Rodzina utrzymuje mieszkanie",
                            concluded_on=None if status == "draft" else concluded_on)
        db.session.add(contract)
        db.session.commit()
        return contract.id


def add_institution_row(app, municipality, name="PUP w Zgierzu", sector="labour"):
    with app.app_context():
        partnership = db.session.scalar(select(Partnership).where(Partnership.municipality_id == municipality.id)
                                        .execution_options(all_tenants=True))
        if partnership is None:
            partnership = Partnership(municipality_id=municipality.id, name="PZK", model_key="urban")
            db.session.add(partnership)
            db.session.flush()
        institution = Institution(municipality_id=municipality.id, partnership_id=partnership.id, name=name,
                                  sector=sector, level="powiat")
        db.session.add(institution)
        db.session.commit()
        return institution.id



# --- The PZK -----------------------------------------------------------------------------------

#: a gmina of the TERYT register that each built-in model fits (tests/test_test_house.py checks)
MUNICIPALITY_BY_MODEL = {"rural": "101102", "urban_rural": "102004", "urban": "102003"}
SETUP_DATA = {"rural": {"model_powiat_name": "poddębicki"}, "urban_rural": {},
              "urban": {"model_mayor_authorisation": "Zarządzenie 12/2025"}}


def set_up(client, model="urban", **extra):
    data = {"name": "Zespół", "formed_on": "2025-01-10", "cadence_days": "15", "quorum_percent": "50",
            **SETUP_DATA[model], **extra}
    response = client.post("/partnership/setup", data=data)
    assert response.status_code == 302, response.get_data(as_text=True)


def add_institution(client, name, sector="social_assistance", joined="2025-01-10", left="", **fields):
    response = client.post("/partnership/institutions/new", data={
        "name": name, "sector": sector, "level": "gmina", "joined_on": joined, "left_on": left, **fields})
    assert response.status_code == 302
    return int(response.headers["Location"].rsplit("/", 1)[1])


def add_meeting(client, held_on, kind="working", **extra):
    response = client.post("/partnership/meetings/new", data={
        "meeting_type": kind, "held_on": held_on, "mode": "in_person", **extra})
    assert response.status_code == 302, response.get_data(as_text=True)
    return int(response.headers["Location"].rsplit("/", 1)[1])


def edit_meeting(client, meeting_id, **fields):
    """Save the meeting's form with ``fields`` (what the form would hold: held_on, place, agenda…)."""
    page = client.get(f"/partnership/meetings/{meeting_id}/edit").get_data(as_text=True)
    response = client.post(f"/partnership/meetings/{meeting_id}/edit", data={
        "meeting_type": "working", "mode": "in_person", "version": version_of(page), **fields})
    assert response.status_code == 302, response.get_data(as_text=True)


def invitations_of(app, meeting_id):
    """The e-mails queued for a meeting's invitations, oldest first: (recipient, subject, body, .ics)."""
    with app.app_context():
        rows = db.session.scalars(select(OutgoingMail).where(OutgoingMail.attachment_name == "zaproszenie.ics")
                                  .order_by(OutgoingMail.id)).all()
        uid = f"meeting-{meeting_id}@".encode()
        return [(m.recipient, m.subject, m.body, m.attachment) for m in rows if uid in m.attachment]


def ics_event(raw):
    """(calendar, its one VEVENT) of an invitation's .ics, parsed back by icalendar."""
    calendar = Calendar.from_ical(raw)
    (event,) = calendar.walk("VEVENT")
    return calendar, event


def add_decision(client, meeting_id, text, task=None, institution_id=None, due=""):
    response = client.post(f"/partnership/meetings/{meeting_id}/decisions", data={
        "decision-text": text, "decision-task_title": task or "", "decision-owner_institution_id": institution_id or 0,
        "decision-due_on": due})
    assert response.status_code == 302, response.get_data(as_text=True)


def add_offer(client, institution_id, service, **fields):
    """The coordinator adds a service to an institution's part of the basket; returns its id."""
    response = client.post(f"/partnership/institutions/{institution_id}", data={"service": service, **fields})
    assert response.status_code == 302, response.get_data(as_text=True)
    with _latest.app.app_context():
        return db.session.scalar(select(ServiceOffer.id).where(ServiceOffer.institution_id == institution_id,
                                                               ServiceOffer.service == service)
                                 .execution_options(all_tenants=True))


def invite_partner(client, institution_id, username, full_name="Anna Nowicka"):
    """The coordinator invites an institution's representative; returns the one-time password shown."""
    response = client.post(f"/partner/institutions/{institution_id}/invite",
                           data={"full_name": full_name, "username": username, "email": ""})
    assert response.status_code == 200, response.get_data(as_text=True)
    return re.search(r'<code class="secret">([^<]+)</code>', response.get_data(as_text=True)).group(1)


def partner_client(app, municipality, institution_id, username="partner"):
    """A signed-in representative of ``institution_id`` (their own password already set)."""
    return client_as(app, "partner", municipality, username, institution_id=institution_id,
                     must_change_password=False)[0]


def _meeting_with_task(client, due="2026-11-27", **meeting):
    set_up(client)
    mops = add_institution(client, "Miejski Ośrodek Pomocy Społecznej w Zgierzu")
    meeting_id = add_meeting(client, "2026-11-13", **meeting)
    add_decision(client, meeting_id, "Partnerzy uzupełnią koszyk usług.", "Opisać usługi w koszyku", mops, due)
    return meeting_id



# --- The centre's profile and documents --------------------------------------------------------

FULL_NAME = "Miejski Ośrodek Pomocy Społecznej w Zgierzu"
PROFILE = {"full_name": FULL_NAME, "kind": "MOPS", "street": "ul. Łęczycka 24", "postal_code": "95-100",
           "town": "Zgierz", "head_name": "Elżbieta Pawlak", "head_title": "Dyrektor", "signing_place": ""}


def add_profile(app, municipality, **changes):
    with app.app_context():
        db.session.add(CentreProfile(municipality_id=municipality.id, **{**PROFILE, "signing_place": None, **changes}))
        db.session.commit()


def _tool(*names):
    for name in names:
        if shutil.which(name):
            return shutil.which(name)
    message = f"{' or '.join(names)} is missing (run scripts/test-prerequisites.sh)"
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)


def to_pdf(office_suite, docx_bytes, tmp_path, stem):
    source = tmp_path / f"{stem}.docx"
    source.write_bytes(docx_bytes.getvalue())
    subprocess.run([office_suite["soffice"], f"-env:UserInstallation=file://{tmp_path}/lo-profile", "--headless",
                    "--norestore", "--convert-to", "pdf", "--outdir", str(tmp_path), str(source)],
                   check=True, capture_output=True, timeout=180)
    pdf = tmp_path / f"{stem}.pdf"
    assert pdf.exists() and pdf.stat().st_size > 1000
    return pdf


def spreadsheet_as_csv(office_suite, xlsx_bytes, tmp_path, stem):
    """An XLSX as LibreOffice Calc reads it, saved back as CSV (UTF-8, commas): the cells as it
    shows them, dates in their number format."""
    source = tmp_path / f"{stem}.xlsx"
    source.write_bytes(xlsx_bytes)
    subprocess.run([office_suite["soffice"], f"-env:UserInstallation=file://{tmp_path}/lo-profile", "--headless",
                    "--norestore", "--convert-to", "csv:Text - txt - csv (StarCalc):44,34,76", "--outdir",
                    str(tmp_path / "calc"), str(source)], check=True, capture_output=True, timeout=180)
    with open(tmp_path / "calc" / f"{stem}.csv", encoding="utf-8", newline="") as converted:
        return list(csv.reader(converted))


def pdf_text(office_suite, pdf):
    return subprocess.run([office_suite["pdftotext"], "-layout", str(pdf), "-"], check=True, capture_output=True,
                          text=True, timeout=60).stdout



# --- Mail --------------------------------------------------------------------------------------

def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_smtp(port):
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    return controller, inbox


class Inbox:
    """An aiosmtpd handler keeping what the server accepted, and the client's address and port
    of each (one connection, one peer); ``during`` runs inside each DATA; addresses in
    ``refused`` are refused as unknown."""

    def __init__(self):
        self.messages, self.peers = [], []
        self.during = None
        self.refused = set()

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.refused:
            return "550 5.1.1 No such user"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        if self.during:
            self.during()
        self.messages.append(envelope)
        self.peers.append(session.peer)
        return "250 OK"

    def parsed(self):
        return [message_from_bytes(m.content, policy=policy.default) for m in self.messages]

    def texts(self):
        """Each message decoded as a reader sees it: the subject line, then the body."""
        return [f"Subject: {m['subject']}\n\n{m.get_body(preferencelist=('plain',)).get_content()}"
                for m in self.parsed()]

    def attachments(self):
        """Per message, {file name: bytes} of what came attached."""
        return [{part.get_filename(): part.get_payload(decode=True) for part in m.iter_attachments()}
                for m in self.parsed()]



# --- A municipality with one of everything (tenancy probe, fuzz) -------------------------------

#: which record each URL parameter names
#: values an attacker sends where a form expects text, a number or a date
HOSTILE = [b"", b"\x00", b"\x07\x1b", b"\xed\xa0\x80", b"\xff\xfe", b"%", b"%zz", b"<script>", b"'\"",
           "zażółć gęślą jaźń".encode(), b"9" * 40, b"9" * 309, str(2**63).encode(), str(2**31).encode(), b"-1",
           b"0", b"1e309", b"2026-02-30", b"x" * 120_000]

PARAMETERS = {"client_id": Client, "member_id": Person, "diagnosis_id": Diagnosis, "contract_id": Contract, "action_id": ContractAction,
              "institution_id": Institution, "meeting_id": Meeting, "offer_id": ServiceOffer, "task_id": Task,
              "user_id": User, "export_id": ContractExport, "consent_id": Consent,
              "referral_id": Referral, "signal_id": Signal,
              "team_id": CaseTeam, "team_member_id": CaseTeamMember, "team_meeting_id": CaseTeamMeeting,
              "team_decision_id": CaseTeamDecision,
              "goal_id": PlanGoal, "plan_action_id": PlanAction,
              "scan_id": ActScan, "area_id": InactionArea, "item_id": InactionItem}


#: the smallest file the scans take for a PDF (its signature is what counts)
SCAN_PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


#: every role that belongs to a municipality (a new one joins the probe and the fuzz by itself)
ROLES = MUNICIPAL_ROLES


def snapshot(municipality_id):
    """Every tenant row of the municipality, column by column."""
    rows = {}
    for mapper in db.Model.registry.mappers:
        model = mapper.class_
        if not issubclass(model, TenantScoped):
            continue
        for row in db.session.scalars(select(model).where(model.municipality_id == municipality_id)
                                      .execution_options(all_tenants=True)):
            rows[(model.__tablename__, row.id)] = {c.key: getattr(row, c.key) for c in mapper.column_attrs}
    users = db.session.scalars(select(User).where(User.municipality_id == municipality_id)).all()
    rows.update({("user_account", u.id): (u.username, u.role, u.active, u.password_hash) for u in users})
    return rows


def ids_of(municipality_id):
    ids = {}
    for name, model in PARAMETERS.items():
        statement = select(model.id).where(model.municipality_id == municipality_id)
        ids[name] = db.session.scalars(statement.execution_options(all_tenants=True)).first()
    return ids


def municipality_with_everything(teryt6, suffix):
    municipality = add_municipality(teryt6)
    staff = {role: add_user(f"{role.value}.{suffix}", role.value, municipality, must_change_password=False)
             for role in ROLES}
    with _latest.app.app_context():
        partnership = create_demo_partnership(municipality, staff[Role.COORDINATOR], local_today())
        worker = db.session.get(User, staff[Role.WORKER].id)
        create_demo_case(db.session.merge(municipality), worker, partnership, local_today())
        _seat_partner(staff[Role.PARTNER], partnership)
        _case_team(staff[Role.PARTNER], staff[Role.WORKER], municipality)
        _add_plan(partnership)
        _add_inaction_card(partnership)
        db.session.add(ContractExport(municipality_id=municipality.id, owner_id=staff[Role.ADMIN].id,
                                      token=f"export-{suffix}"))  # a bulk export, still queued
        db.session.add(ActScan(municipality_id=municipality.id, partnership_id=partnership.id, act_key="rules",
                               file_name="regulamin.pdf", content_type="application/pdf", size=len(SCAN_PDF),
                               content=SCAN_PDF))  # the signed rules, every model has them
        db.session.commit()
    return municipality, staff


def _add_plan(partnership):
    """A goal of the action plan with one action, carried out by the partnership's first task."""
    first_task = db.session.scalar(select(Task).where(Task.partnership_id == partnership.id).order_by(Task.id))
    goal = PlanGoal(municipality_id=partnership.municipality_id, partnership_id=partnership.id, number=1,
                    title="Wsparcie rodzin", indicator="10 rodzin", target_on=local_today())
    action = PlanAction(municipality_id=partnership.municipality_id, goal=goal, title="Asystentura rodzin",
                        owner_institution_id=first_task.owner_institution_id, state="planned")
    action.task_links.append(PlanActionTask(municipality_id=partnership.municipality_id, task_id=first_task.id))
    db.session.add(goal)


def _add_inaction_card(partnership):
    """An area of the cost-of-inaction card with one item, whatever the model (the demo adds one
    only where the model keeps a card), so the probes have its ids."""
    if db.session.scalar(select(InactionArea.id).where(InactionArea.partnership_id == partnership.id)) is not None:
        return
    area = InactionArea(municipality_id=partnership.municipality_id, partnership_id=partnership.id,
                        area_key="domestic_violence")
    area.items = [InactionItem(municipality_id=partnership.municipality_id, name="Interwencja", unit="interwencja",
                               unit_cost=Decimal("420.00"), source="Szacunek", source_year=2025)]
    db.session.add(area)


def _seat_partner(partner, partnership):
    """The partner's account speaks for the institution of the first task, which owns the first
    offer and receives the first referral too: the probes' ids (ids_of) are then the partner's own records."""
    first_task = db.session.scalar(select(Task).where(Task.partnership_id == partnership.id).order_by(Task.id))
    first_offer = db.session.scalar(select(ServiceOffer).where(ServiceOffer.municipality_id == partnership.municipality_id)
                                    .order_by(ServiceOffer.id))
    first_offer.institution_id = first_task.owner_institution_id
    first_referral = db.session.scalar(select(Referral).where(Referral.municipality_id == partnership.municipality_id)
                                       .order_by(Referral.id))
    first_referral.institution_id, first_referral.service_offer_id = first_task.owner_institution_id, None
    db.session.get(User, partner.id).institution_id = first_task.owner_institution_id


def _case_team(partner, worker, municipality):
    """The demo case's team, the seated partner a member of it, with one meeting and a decision."""
    case = db.session.scalar(select(Client).where(Client.municipality_id == municipality.id)
                             .execution_options(all_tenants=True).order_by(Client.id))
    team = CaseTeam(municipality_id=municipality.id, client_id=case.id, name="Zespół", formed_on=date(2026, 11, 2))
    db.session.add(team)
    db.session.flush()
    partner_row = db.session.get(User, partner.id)
    member = CaseTeamMember(municipality_id=municipality.id, team_id=team.id, user_id=partner.id, role="partner",
                            institution_id=partner_row.institution_id, joined_on=date(2026, 11, 2))
    db.session.add_all([member, CaseTeamMember(municipality_id=municipality.id, team_id=team.id, user_id=worker.id,
                                               role="pracownik socjalny", joined_on=date(2026, 11, 2))])
    db.session.flush()
    meeting = CaseTeamMeeting(municipality_id=municipality.id, team_id=team.id, client_id=case.id,
                              held_on=date(2026, 11, 9), present_member_ids=[member.id])
    db.session.add(meeting)
    db.session.flush()
    # a decision of each kind still to carry out (the first one is what the probes and the fuzz try)
    db.session.add_all([CaseTeamDecision(municipality_id=municipality.id, meeting_id=meeting.id, text=text, kind=kind)
                        for text, kind in (("Działanie", "contract_action"), ("Zadanie", "partner_task"))])


#: a plausible body for every form, so that a route which wrongly found the record would act on it
BODY = {"version": "1", "text": "Obce", "status": "done", "made_on": "2026-12-01", "concluded_on": "2026-12-01",
        "action": "finish", "first_name": "Obcy", "last_name": "Obcy", "relation": "other", "main_goal": "Obcy",
        "service": "Obca usługa", "name": "Obca instytucja", "sector": "other", "level": "gmina",
        "held_on": "2026-12-01", "meeting_type": "working", "mode": "in_person", "username": "obcy",
        "full_name": "Obcy", "role": "social_worker", "decision-text": "Obce ustalenie", "withdrawn_on": "2026-12-01",
        "given_on": "2026-12-01", "given_how": "written", "scopes": "all"}


def run_queued_jobs(app):
    """Run what the requests queued, as the consumer would (outside any request); returns how
    many tasks ran. A task that fails is left queued for its retry, as in the consumer."""
    huey = app.extensions["kooperacje.jobs"].huey
    ran = 0
    while (task := huey.dequeue()) is not None:
        huey.execute(task)
        ran += 1
    return ran


def smtp_app(db_path, port, **config):
    return make_app(db_path, MAIL_SERVER="127.0.0.1", MAIL_PORT=port, MAIL_BACKEND="smtp", MAIL_TIMEOUT=5,
                    **config)


START = date(2026, 3, 2)  # a Monday


def day(n):
    return START + timedelta(days=n)


def add_team(app, teryt6, suffix, title="Opis usług do koszyka"):
    """A PZK (cadence 15 days, last met on day -5) with three partners and four tasks."""
    municipality = add_municipality(teryt6)
    coordinator = add_user(f"koord.{suffix}", "coordinator", municipality, email=f"koord.{suffix}@gmina.example",
                           must_change_password=False)
    add_user(f"prac.{suffix}", "social_worker", municipality, email=f"prac.{suffix}@gmina.example",
             must_change_password=False)
    with app.app_context():
        team = Partnership(municipality_id=municipality.id, name="Zespół", model_key="urban", cadence_days=15,
                           model_data={})
        db.session.add(team)
        db.session.flush()
        partners = {}
        for key, left_on in (("a", None), ("b", None), ("c", day(-30))):
            partners[key] = Institution(municipality_id=municipality.id, partnership_id=team.id,
                                        name=f"Partner {key}", sector="ngo", level="gmina",
                                        contact_email=f"{key}.{suffix}@partner.example", left_on=left_on)
            db.session.add(partners[key])
        db.session.add(Meeting(municipality_id=municipality.id, partnership_id=team.id, meeting_type="working",
                               held_on=day(-5), model_data={}))
        db.session.flush()
        for owner, due, status in (("a", day(8), "open"), ("b", day(3), "in_progress"), ("a", day(4), "done"),
                                   ("c", day(5), "open")):
            db.session.add(Task(municipality_id=municipality.id, partnership_id=team.id, title=title,
                                owner_institution_id=partners[owner].id, due_on=due, status=status))
        db.session.commit()
        tasks = db.session.scalars(select(Task.id).where(Task.partnership_id == team.id).order_by(Task.id)).all()
        team_id = team.id
    return coordinator, tasks, team_id


def produced(app):
    """What the reminders wrote down: (the keys, the e-mails as (to, subject), the notifications)."""
    with app.app_context():
        keys = set(db.session.scalars(select(SentReminder.key)))
        mails = [(m.recipient, m.subject) for m in db.session.scalars(select(OutgoingMail).order_by(OutgoingMail.id))]
        notes = [(n.user_id, n.kind, n.about_day) for n in db.session.scalars(
            select(Notification).order_by(Notification.id))]
    return keys, mails, notes
