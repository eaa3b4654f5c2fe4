"""Nothing personal goes into logs, URLs or the audit trail: a client with canary values is
taken through every casework page, and the canaries are looked for everywhere they must not be."""
import logging
import re

from sqlalchemy import select

from kooperacje.audit.models import AuditEvent
from kooperacje.extensions import db
from test_casework import MALE_1944, worker_client
from test_contracts import part_one, post_part_one
from test_diagnoses import REQUIRED, save, version_of

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
    to_sign = remember(save(client, diagnosis_url, action="sign", health__notes=ILLNESS,
                            conclusions__conclusions=ILLNESS, **REQUIRED["urban"]), diagnosis_url)
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
    assert len(urls) > 100 and "case_accessed client casework.detail" in places["audit"]
    found = {place: [c for c in CANARIES if c in text] for place, text in places.items()}
    assert found == {"logs": [], "urls": [], "audit": []}
