"""Retention: cases past the municipality's retention period are flagged, never deleted."""
from datetime import date, datetime

from builders import add_municipality, add_user, login
from sqlalchemy import select

from kooperacje.clients.models import Client, Person
from kooperacje.clients.retention import due_date
from kooperacje.clock import local_today
from kooperacje.contracts.models import Contract
from kooperacje.extensions import db
from kooperacje.municipalities.models import Municipality


def old_case(app, municipality, registered, contract_status=None):
    with app.app_context():
        client = Client(municipality_id=municipality.id, kind="person", surname_key="stara",
                        created_at=datetime(registered, 3, 1))
        client.members = [Person(municipality_id=municipality.id, first_name="Ala", last_name="Stara",
                                 relation="applicant")]
        db.session.add(client)
        db.session.flush()
        if contract_status:
            db.session.add(Contract(municipality_id=municipality.id, client_id=client.id, number=1,
                                    model_key="urban", status=contract_status, created_at=datetime(registered, 3, 1),
                                    updated_at=datetime(registered, 4, 1)))
        db.session.commit()
        return client.id


def test_the_period_runs_from_the_first_of_january_after_the_last_activity():
    assert due_date(date(2014, 5, 1), 10) == date(2025, 1, 1)
    assert due_date(date(2014, 12, 31), 10) == date(2025, 1, 1)


def test_due_cases_are_flagged_for_the_administrator_and_the_worker_and_kept(app):
    municipality = add_municipality("102003")
    due = old_case(app, municipality, 2010)
    recent = old_case(app, municipality, local_today().year - 1)
    in_force = old_case(app, municipality, 2010, contract_status="in_progress")
    add_user("admin", "municipality_admin", municipality)
    admin = app.test_client()
    login(admin, "admin")
    page = admin.get("/municipality/retention").get_data(as_text=True)
    listed = page.split("<tbody>")[1].split("</tbody>")[0]
    assert f"<td>{due}</td>" in listed and f"<td>{recent}</td>" not in listed and f"<td>{in_force}</td>" not in listed
    assert "01.01.2021" in listed and "Stara" not in page  # ids and dates only
    add_user("anna", "social_worker", municipality)
    worker = app.test_client()
    login(worker, "anna")
    assert "Okres przechowywania akt tej sprawy minął 01.01.2021" in worker.get(f"/clients/{due}").get_data(as_text=True)
    assert "Okres przechowywania" not in worker.get(f"/clients/{recent}").get_data(as_text=True)
    with app.app_context():
        assert len(db.session.scalars(select(Client).execution_options(all_tenants=True)).all()) == 3


def test_the_administrator_sets_the_category_and_years_with_checks(app):
    municipality = add_municipality("102003")
    old_case(app, municipality, local_today().year - 8)
    add_user("admin", "municipality_admin", municipality)
    admin = app.test_client()
    login(admin, "admin")
    assert "<tbody>" not in admin.get("/municipality/retention").get_data(as_text=True)  # 10 years: not yet due
    bad = admin.post("/municipality/retention", data={"retention_category": "", "retention_years": "0"})
    body = bad.get_data(as_text=True)
    assert bad.status_code == 400 and "Podaj kategorię archiwalną" in body and "Podaj liczbę od 1 do 100." in body
    assert admin.post("/municipality/retention", data={"retention_category": "be5", "retention_years": "5"}
                      ).status_code == 302
    assert "<tbody>" in admin.get("/municipality/retention").get_data(as_text=True)  # now it is
    with app.app_context():
        saved = db.session.get(Municipality, municipality.id)
        assert (saved.retention_category, saved.retention_years) == ("BE5", 5)
    add_user("anna", "social_worker", municipality)
    worker = app.test_client()
    login(worker, "anna")
    assert worker.get("/municipality/retention").status_code == 403
