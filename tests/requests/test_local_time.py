"""Times are stored in UTC and read in Polish local time, across the changes to summer time
(29 March 2026, 02:00 -> 03:00) and back to winter time (25 October 2026, 03:00 -> 02:00)."""
from datetime import datetime, timezone

import pytest
import time_machine
from builders import add_municipality, add_user, login
from flask_babel import force_locale

from kooperacje.audit.models import AuditEvent
from kooperacje.clock import day, local_time, local_today
from kooperacje.extensions import db
from kooperacje.municipalities.models import ModelDecision

#: stored UTC -> what a person in Poland reads
AROUND_THE_CHANGES = [
    (datetime(2026, 3, 29, 0, 30), "29.03.2026, 01:30"),  # still winter time, UTC+1
    (datetime(2026, 3, 29, 1, 30), "29.03.2026, 03:30"),  # summer time, UTC+2: 02:30 never happens
    (datetime(2026, 7, 1, 21, 59), "01.07.2026, 23:59"),
    (datetime(2026, 7, 1, 22, 0), "02.07.2026, 00:00"),  # the local day has already changed
    (datetime(2026, 10, 25, 0, 30), "25.10.2026, 02:30"),  # summer time, the first 02:30
    (datetime(2026, 10, 25, 1, 30), "25.10.2026, 02:30"),  # winter time again, the second 02:30
    (datetime(2026, 12, 31, 23, 30), "01.01.2027, 00:30"),
]


@pytest.mark.parametrize("stored, shown", AROUND_THE_CHANGES)
def test_the_helper_shows_local_time_in_both_seasons(app, stored, shown):
    with app.test_request_context("/"):
        assert local_time(stored) == shown
        assert day(stored) == shown[:10]  # the day of a stored time is the local day


def test_english_reads_the_same_local_time(app):
    with app.test_request_context("/"), force_locale("en"):
        assert local_time(datetime(2026, 3, 29, 1, 30), seconds=True) == "29 Mar 2026, 03:30:00"


def test_the_audit_log_and_its_export_show_local_time_across_both_changes(app):
    municipality = add_municipality("102003")
    add_user("admin.zgierz", "municipality_admin", municipality, must_change_password=False)
    client = app.test_client()
    login(client, "admin.zgierz")
    with app.app_context():
        for stored, _shown in AROUND_THE_CHANGES:
            db.session.add(AuditEvent(action="diagnosis_saved", at=stored, municipality_id=municipality.id))
        db.session.commit()
    page = client.get("/audit/?until=2027-01-31").get_data(as_text=True)
    export = client.get("/audit/export.csv?until=2027-01-31").get_data(as_text=True)
    for _stored, shown in AROUND_THE_CHANGES:
        assert f"<td>{shown}:00</td>" in page
        assert f"{shown}:00;" in export
    assert page.count("<td>25.10.2026, 02:30:00</td>") == 2
    # a local day in the filter is the local day, not the UTC one
    first_of_july = client.get("/audit/?since=2026-07-01&until=2026-07-01").get_data(as_text=True)
    assert "01.07.2026, 23:59:00" in first_of_july and "02.07.2026, 00:00:00" not in first_of_july


def test_the_model_decision_history_shows_local_time(app):
    municipality = add_municipality("102003")
    admin = add_user("admin.zgierz", "municipality_admin", municipality, must_change_password=False)
    client = app.test_client()
    login(client, "admin.zgierz")
    with app.app_context():
        db.session.add(ModelDecision(municipality_id=municipality.id, recommended_key="urban", chosen_key="urban",
                                     decided_at=datetime(2026, 10, 25, 0, 30), decided_by_id=admin.id))
        db.session.commit()
    page = client.get("/municipality").get_data(as_text=True)
    assert "25.10.2026, 02:30" in page and "2026-10-25 00:30" not in page


@pytest.mark.parametrize("utc, polish_day", [
    (datetime(2026, 12, 2, 22, 59), "2026-12-02"),
    (datetime(2026, 12, 2, 23, 30), "2026-12-03"),  # winter: Poland is already past midnight
    (datetime(2026, 7, 1, 22, 30), "2026-07-02"),  # summer: two hours ahead
])
def test_today_is_the_day_in_poland_whatever_the_servers_zone(app, utc, polish_day):
    with time_machine.travel(utc.replace(tzinfo=timezone.utc), tick=False), app.app_context():
        assert local_today().isoformat() == polish_day



def test_pages_count_deadlines_by_the_polish_day(app):
    from kooperacje.contracts import routes as contract_routes
    from kooperacje.partnership import routes as partnership_routes

    with time_machine.travel(datetime(2026, 12, 2, 23, 30, tzinfo=timezone.utc), tick=False), app.app_context():
        assert partnership_routes.today().isoformat() == "2026-12-03"  # a task due on 2 December is overdue
        assert contract_routes.today().isoformat() == "2026-12-03"
