"""The head of the centre (kierownik ośrodka): given the role by an administrator like any access
to case files, sees the caseload per worker, hands a case to another worker, and, where the
centre turns it on, approves contracts before they are signed."""
from builders import (add_contract_row, add_institution_row, add_profile,
                      add_municipality, add_user, client_as, family_with_signed_diagnosis, login, new_contract,
                      part_one, post_part_one, register, version_of)
from sqlalchemy import select

from kooperacje.audit.models import AuditEvent
from kooperacje.clients.models import Client
from kooperacje.contracts.models import Contract
from kooperacje.extensions import db
from kooperacje.notifications.models import Notification


def _events(app, action):
    with app.app_context():
        return db.session.scalars(select(AuditEvent.detail).where(AuditEvent.action == action)
                                  .execution_options(all_tenants=True)).all()


def _centre(app):
    """A municipality with two social workers and a head of the centre, each signed in."""
    municipality = add_municipality("102003")
    ewa_client, ewa = client_as(app, "social_worker", municipality, "ewa", full_name="Ewa Lis")
    jan_client, jan = client_as(app, "social_worker", municipality, "jan", full_name="Jan Wróbel")
    head_client, head = client_as(app, "centre_head", municipality, "kierownik", full_name="Maria Kierownik")
    return municipality, {"ewa": (ewa_client, ewa), "jan": (jan_client, jan), "head": (head_client, head)}


def test_the_administrator_gives_the_role_and_it_is_recorded_as_a_grant_of_case_access(app):
    municipality = add_municipality("102003")
    add_user("admin.zgierz", "municipality_admin", municipality, must_change_password=False)
    admin = app.test_client()
    login(admin, "admin.zgierz")
    assert "Kierownik ośrodka" in admin.get("/users/new").get_data(as_text=True)
    created = admin.post("/users/new", data={"full_name": "Maria Kierownik", "username": "kierownik", "email": "",
                                             "role": "centre_head"})
    assert created.status_code == 200
    assert _events(app, "case_access_granted") == ["centre_head"]


def test_the_caseload_counts_cases_per_worker_and_opens_no_case_file(app):
    municipality, people = _centre(app)
    ewa, jan, head = people["ewa"][1], people["jan"][1], people["head"][0]
    for name in ("Nowak", "Zając", "Wójcik"):
        add_contract_row(app, municipality, ewa, last_name=name)
    add_contract_row(app, municipality, jan)
    elsewhere = add_municipality("101102")
    add_contract_row(app, elsewhere, add_user("obcy", "social_worker", elsewhere))
    add_contract_row(app, elsewhere, ewa)  # another gmina's case counts for nobody here, whoever it names
    with app.app_context():
        db.session.get(Client, 1).status = "closed"  # one of Ewa's
        db.session.commit()
    page = head.get("/clients/caseload").get_data(as_text=True)
    ewa_row = page.split("Ewa Lis")[1].split("</tr>")[0]
    jan_row = page.split("Jan Wróbel")[1].split("</tr>")[0]
    assert f'worker={ewa.id}">2<' in ewa_row and f'worker={ewa.id}&amp;state=closed">1<' in ewa_row
    assert f'worker={jan.id}">1<' in jan_row and "<td>0</td>" in jan_row
    assert "obcy" not in page.lower()
    assert _events(app, "case_accessed") == []  # numbers only: no case file was opened
    assert people["ewa"][0].get("/clients/caseload").status_code == 403


def test_the_head_hands_a_case_to_another_worker(app):
    municipality, people = _centre(app)
    (ewa_client, ewa), (jan_client, jan), (head, _) = people["ewa"], people["jan"], people["head"]
    case_id = int(register(ewa_client).headers["Location"].rsplit("/", 1)[1])
    page = head.get(f"/clients/{case_id}").get_data(as_text=True)
    assert "Przekazanie sprawy" in page and "Zmień dane sprawy" not in page  # the head reads, writes none
    assert head.post(f"/clients/{case_id}/diagnoses").status_code == 403
    handed = head.post(f"/clients/{case_id}/worker", data={"version": version_of(page), "worker_id": str(jan.id)})
    assert handed.status_code == 302
    with app.app_context():
        assert db.session.get(Client, case_id).worker_id == jan.id
    assert _events(app, "case_reassigned") == [f"previous_worker:{ewa.id};worker:{jan.id}"]
    listed = head.get(f"/clients/?worker={jan.id}").get_data(as_text=True)
    assert f'href="/clients/{case_id}"' in listed and "Jan Wróbel" in listed
    told = jan_client.get("/notifications/").get_data(as_text=True)
    assert "Przekazano Ci sprawę do prowadzenia" in told
    with app.app_context():
        (notice,) = db.session.scalars(select(Notification.id).where(Notification.user_id == jan.id)
                                       .execution_options(all_tenants=True)).all()
    opened = jan_client.post("/notifications/open", data={"notification": str(notice)})
    assert opened.headers["Location"].endswith(f"/clients/{case_id}")
    assert "Przekazano Ci sprawę" not in ewa_client.get("/notifications/").get_data(as_text=True)
    assert ewa_client.post(f"/clients/{case_id}/worker", data={"version": "2", "worker_id": str(ewa.id)}).status_code \
        == 403  # a worker hands no case over
    nobody = head.post(f"/clients/{case_id}/worker", data={"version": version_of(page), "worker_id": "0"})
    assert nobody.status_code == 400 and "Wybierz pracownika socjalnego." in nobody.get_data(as_text=True)


def _complete_draft(app, worker_client, municipality):
    case_id = family_with_signed_diagnosis(worker_client)
    edit_url = new_contract(worker_client, case_id)
    post_part_one(worker_client, edit_url, part_one(add_institution_row(app, municipality)))
    return edit_url.replace("/edit", "")


def test_with_approval_on_a_contract_is_signed_only_after_the_head_approves_it(app):
    municipality, people = _centre(app)
    add_profile(app, municipality, contract_approval=True)
    worker, head = people["ewa"][0], people["head"][0]
    view_url = _complete_draft(app, worker, municipality)
    sign_page = worker.get(view_url + "/sign").get_data(as_text=True)
    assert "Przekaż kierownikowi do zatwierdzenia" in sign_page and "Potwierdzam" not in sign_page
    early = worker.post(view_url + "/sign", data={"version": version_of(sign_page), "concluded_on": "2026-12-01"})
    assert early.status_code == 400
    assert worker.post(view_url + "/submit", data={"version": version_of(sign_page)}).status_code == 302
    assert "Kontrakt nr 1" in head.get("/clients/caseload").get_data(as_text=True)
    assert "clients.caseload" in _events(app, "case_accessed")  # the queue opens those files: audited
    page = head.get(view_url).get_data(as_text=True)
    silent = head.post(view_url + "/approval", data={"version": version_of(page), "decision": "return"})
    assert silent.status_code == 400 and "Napisz, co pracownik ma poprawić." in silent.get_data(as_text=True)
    head.post(view_url + "/approval", data={"version": version_of(page), "decision": "return",
                                            "remark": "Dopisz termin działania pracownika."})
    returned = worker.get(view_url).get_data(as_text=True)
    assert "zwrócił projekt do poprawy" in returned and "Dopisz termin działania pracownika." in returned
    version = version_of(worker.get(view_url + "/sign").get_data(as_text=True))
    worker.post(view_url + "/submit", data={"version": version})
    page = head.get(view_url).get_data(as_text=True)
    assert head.post(view_url + "/approval", data={"version": version_of(page), "decision": "approve"}).status_code == 302
    assert "Zatwierdzony do podpisu przez: Maria Kierownik" in worker.get(view_url).get_data(as_text=True)
    confirm = worker.get(view_url + "/sign").get_data(as_text=True)
    assert "Potwierdzam" in confirm
    assert worker.post(view_url + "/sign", data={"version": version_of(confirm), "concluded_on": "2026-12-01"}
                       ).status_code == 302
    with app.app_context():
        assert db.session.scalar(select(Contract.status)) == "signed"
    assert [e for e in ("contract_submitted", "contract_returned", "contract_approved")
            if len(_events(app, e)) != (2 if e == "contract_submitted" else 1)] == []


def test_with_approval_off_the_worker_signs_as_before_and_cannot_submit(app):
    municipality, people = _centre(app)
    worker = people["ewa"][0]
    view_url = _complete_draft(app, worker, municipality)
    confirm = worker.get(view_url + "/sign").get_data(as_text=True)
    assert "Potwierdzam" in confirm and "Przekaż kierownikowi" not in confirm
    assert worker.post(view_url + "/submit", data={"version": version_of(confirm)}).status_code == 400
    assert worker.post(view_url + "/sign", data={"version": version_of(confirm), "concluded_on": "2026-12-01"}
                       ).status_code == 302
