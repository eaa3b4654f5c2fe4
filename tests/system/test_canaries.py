"""Nothing personal goes into logs, URLs, the audit trail or e-mails: a client with canary values
is taken through every casework page, a PZK team full of them through its reminders, and the
canaries are looked for everywhere they must not be."""
import logging
import re
from datetime import timedelta

from builders import MALE_1944, part_one, post_part_one, required_answers, save, version_of, worker_client
from sqlalchemy import select

from kooperacje.audit.models import AuditEvent
from kooperacje.clock import local_today
from kooperacje.extensions import db

SURNAME, ILLNESS = "Kanarkowski", "Cukrzyca-kanarek"
CANARIES = (SURNAME, SURNAME.lower(), MALE_1944, ILLNESS, ILLNESS.lower())
URL_IN_PAGE = re.compile(r'(?:href|action|src)="([^"]*)"')


def test_canary_values_appear_in_no_log_url_or_audit_row(app, caplog):
    caplog.set_level(logging.DEBUG)
    client, _ = worker_client(app)
    urls, responses = [], []

    def remember(response, url):
        urls.append(url)
        if response.mimetype == "text/html":
            urls.extend(URL_IN_PAGE.findall(response.get_data(as_text=True)))
        urls.append(response.headers.get("Location", ""))
        responses.append(response)
        return response

    created = remember(client.post("/clients/new", data={"kind": "person", "first_name": "Jan", "last_name": SURNAME,
                                                          "pesel": MALE_1944, "reasons": ["illness"]}), "/clients/new")
    client_url = created.headers["Location"]
    client_id = int(client_url.rsplit("/", 1)[1])
    diagnosis_url = remember(client.post(f"/clients/{client_id}/diagnoses"), "diagnoses").headers["Location"]
    to_sign = remember(save(client, diagnosis_url, action="sign", **required_answers(
                                "urban", health__notes=ILLNESS, conclusions__conclusions=ILLNESS)), diagnosis_url)
    sign_page = remember(client.get(to_sign.headers["Location"]), to_sign.headers["Location"])
    remember(client.post(to_sign.headers["Location"], data={"version": version_of(sign_page.get_data(as_text=True))}),
             "sign")
    contract_url = remember(client.post(f"/clients/{client_id}/contracts"), "contracts").headers["Location"]
    remember(post_part_one(client, contract_url, part_one(main_goal=ILLNESS)), contract_url)
    for url in (client_url, diagnosis_url.replace("/edit", ""), contract_url, contract_url.replace("/edit", ""),
                contract_url.replace("/edit", "/contract.docx"), f"/clients/{client_id}/report", "/clients/desk",
                "/clients/"):
        assert remember(client.get(url), url).status_code == 200, url
    for query in (MALE_1944, SURNAME):
        assert SURNAME in remember(client.post("/clients/search", data={"query": query}), "search").get_data(
            as_text=True)
    places = {"logs": caplog.text, "urls": "\n".join(urls)}
    with app.app_context():
        places["audit"] = "\n".join(f"{e.action} {e.object_type} {e.detail}" for e in db.session.scalars(
            select(AuditEvent)))
    assert len(urls) > 100 and "case_accessed client clients.detail" in places["audit"]
    found = {place: [c for c in CANARIES if c in text] for place, text in places.items()}
    assert found == {"logs": [], "urls": [], "audit": []}


def test_canary_values_appear_in_no_reminder_email_or_job_log(db_path, smtp, caplog):
    """Names and a task title full of canaries go into a team; the e-mails its reminders send
    through a real SMTP server, and the consumer's log, hold none of them."""
    import time_machine
    from builders import START, add_team, smtp_app

    from kooperacje.auth.models import User
    from kooperacje.partnership.models import Institution, Task

    caplog.set_level(logging.DEBUG)
    port, inbox = smtp
    app = smtp_app(db_path, port, JOBS_IMMEDIATE=True)
    coordinator, tasks, _team = add_team(app, "102003", "z", title=f"Wizyta u {SURNAME}: {ILLNESS}, {MALE_1944}")
    with app.app_context():
        db.session.get(User, coordinator.id).full_name = f"Jan {SURNAME}"
        for institution in db.session.scalars(select(Institution)):
            institution.name, institution.contact_person = f"Fundacja {SURNAME}", SURNAME
        for task in db.session.scalars(select(Task)):
            task.owner_person = SURNAME
        db.session.commit()
    for n in range(0, 10):
        with time_machine.travel(START + timedelta(days=n), tick=False):
            app.extensions["kooperacje.jobs"].produce_reminders_for(local_today())
    mails = inbox.texts()
    assert len(mails) >= 8 and any("Masz 1 zadanie po terminie" in m for m in mails)
    places = {"mails": "\n".join(mails), "logs": caplog.text}
    assert {place: [c for c in CANARIES if c in text] for place, text in places.items()} == {"mails": [], "logs": []}
