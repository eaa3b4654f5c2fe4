"""Partners' signals of families and the centre's intake queue: a partner signals a family and
follows its state (never what the centre added); the centre's workers read the queue, take a
signal under review and qualify it into a case (a new one registered from the signal, or an
existing one) or record why not, each step audited; other institutions and other municipalities
reach none of it."""
import re

import pytest
from builders import add_institution, client_as, coordinator_client, partner_client, register, set_up, worker_client
from sqlalchemy import select

from kooperacje.audit.models import AuditEvent
from kooperacje.auth.models import User
from kooperacje.clients.models import Client
from kooperacje.clock import local_today
from kooperacje.extensions import db
from kooperacje.intake.models import Signal
from kooperacje.notifications.models import Notification

FAMILY = {"first_name": "Zofia", "last_name": "Wróblewska", "town": "Zgierz", "street": "ul. Polna 7",
          "phone": "600 100 200", "observations": "Córka od tygodnia przychodzi do szkoły bez śniadania.",
          "urgency": "urgent", "family_informed": "yes"}


@pytest.fixture
def centre(app):
    coordinator, municipality = coordinator_client(app)
    set_up(coordinator)
    school = add_institution(coordinator, "Szkoła Podstawowa nr 3 w Zgierzu", "education")
    police = add_institution(coordinator, "Komenda Powiatowa Policji w Zgierzu", "police")
    worker, worker_user = client_as(app, "social_worker", municipality, "pracownik", full_name="Magda Król")
    return {"municipality": municipality, "school": school, "police": police, "worker": worker,
            "worker_user": worker_user, "head": client_as(app, "centre_head", municipality, "kierownik")[0],
            "partner": partner_client(app, municipality, school, "pedagog")}


def submit(partner, **changes):
    return partner.post("/intake/partner/new", data={**FAMILY, **changes})


def only_signal(app):
    with app.app_context():
        return db.session.scalar(select(Signal).execution_options(all_tenants=True))


def actions(app):
    with app.app_context():
        return [e.action for e in db.session.scalars(select(AuditEvent).where(AuditEvent.action.like("signal_%"))
                                                     .order_by(AuditEvent.id).execution_options(all_tenants=True))]


def texts_for(app, username):
    with app.app_context():
        user = db.session.scalar(select(User).where(User.username == username).execution_options(all_tenants=True))
        notes = db.session.scalars(select(Notification).where(Notification.user_id == user.id)
                                   .execution_options(all_tenants=True)).all()
        with app.test_request_context("/"):
            return [str(n.text) for n in notes]


def review(worker, signal):
    return worker.post(f"/intake/signals/{signal.id}/review", data={"version": str(signal.version)})


# --- the partner ----------------------------------------------------------------------------

def test_a_partner_signals_a_family_and_sees_its_number_and_state(app, centre):
    partner = centre["partner"]
    assert "/intake/partner/new" in partner.get("/partner/").get_data(as_text=True)  # the portal's block
    response = submit(partner)
    assert response.status_code == 302
    signal = only_signal(app)
    year = local_today().year
    assert (signal.number, signal.year, signal.state, signal.institution_id, signal.family_informed) == (
        1, year, "new", centre["school"], True)
    page = partner.get(response.headers["Location"]).get_data(as_text=True)
    assert f"Zgłoszenie nr 1/{year} zostało przekazane" in page and "Wróblewska" in page and "nowe" in page
    listing = partner.get("/intake/partner/signals").get_data(as_text=True)
    assert f"1/{year}" in listing and "nowe" in listing
    assert "Wróblewska" not in listing  # the list: the date, the number and the state only
    assert actions(app) == ["signal_submitted", "signal_viewed"]
    # the centre's staff are told, in words that name no one
    assert texts_for(app, "pracownik") == ["Nowe zgłoszenie od instytucji partnerskiej"]
    assert texts_for(app, "pedagog") == []


def test_bad_input_gets_polish_messages_and_keeps_what_was_typed(app, centre):
    response = submit(centre["partner"], first_name="", town="", observations="", family_informed="", urgency="x",
                      last_name="Wróblewska", phone="1" * 41)
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    for message in ("Podaj imię osoby, której dotyczy zgłoszenie.", "Podaj miejscowość, w której mieszka rodzina.",
                    "Opisz, co zaobserwowano i dlaczego rodzina potrzebuje wsparcia.",
                    "Zaznacz, czy rodzina wie o zgłoszeniu."):
        assert message in page
    assert 'value="Wróblewska"' in page and "Popraw zaznaczone pola" in page
    assert only_signal(app) is None


def test_a_partner_of_another_institution_does_not_reach_the_signal(app, centre):
    submit(centre["partner"])
    signal = only_signal(app)
    police = partner_client(app, centre["municipality"], centre["police"], "dzielnicowy")
    assert police.get(f"/intake/partner/signals/{signal.id}").status_code == 404
    assert "Wróblewska" not in police.get("/intake/partner/signals").get_data(as_text=True)


def test_a_partner_cannot_open_the_queue_or_a_signal_of_the_centre(app, centre):
    submit(centre["partner"])
    signal = only_signal(app)
    assert centre["partner"].get("/intake/").status_code == 403
    assert centre["partner"].get(f"/intake/signals/{signal.id}").status_code == 403
    assert centre["worker"].get("/intake/partner/new").status_code == 403


# --- the centre -----------------------------------------------------------------------------

def test_a_worker_qualifies_a_signal_by_registering_a_case_from_it(app, centre):
    submit(centre["partner"])
    signal = only_signal(app)
    worker = centre["worker"]
    assert "/intake/" in worker.get("/").get_data(as_text=True)  # the menu leads to the queue
    queue = worker.get("/intake/").get_data(as_text=True)
    assert f"Zgłoszenie nr {signal.label}" in queue and "Pilne, czekające na decyzję" in queue
    assert "Nowe zgłoszenia, które czekają na przyjęcie do oceny: 1." in queue
    assert "Wróblewska" not in queue  # the queue names no one
    page = worker.get(f"/intake/signals/{signal.id}").get_data(as_text=True)
    assert "Wróblewska" in page and "Przyjmij do oceny" in page
    assert review(worker, signal).status_code == 302
    form = worker.get(f"/intake/signals/{signal.id}/client").get_data(as_text=True)
    assert 'value="Zofia"' in form and 'value="ul. Polna 7"' in form  # the case form, opened with the signal
    response = worker.post(f"/intake/signals/{signal.id}/client", data={
        "kind": "family", "first_name": "Zofia", "last_name": "Wróblewska", "street": "ul. Polna 7",
        "town": "Zgierz", "postal_code": "95-100", "reasons": ["poverty"]})
    assert response.status_code == 302
    with app.app_context():
        client = db.session.scalar(select(Client).execution_options(all_tenants=True))
        assert client.applicant.full_name == "Zofia Wróblewska" and client.worker_id == centre["worker_user"].id
        stored = db.session.get(Signal, signal.id)
        assert (stored.state, stored.client_id, stored.decided_by_id) == ("qualified", client.id,
                                                                         centre["worker_user"].id)
    assert response.headers["Location"] == f"/clients/{client.id}"
    assert actions(app) == ["signal_submitted", "signal_viewed", "signal_reviewed", "signal_viewed",
                            "signal_qualified"]
    assert texts_for(app, "pedagog") == [f"Zgłoszenie nr {signal.label} zostało rozpatrzone"]
    # the partner reads the state, never the case
    mine = centre["partner"].get(f"/intake/partner/signals/{signal.id}").get_data(as_text=True)
    assert "zakwalifikowane" in mine and f"/clients/{client.id}" not in mine


def test_a_worker_links_a_signal_to_an_existing_case_found_by_name(app, centre):
    worker = centre["worker"]
    register(worker, first_name="Zofia", last_name="Wróblewska", pesel="")
    submit(centre["partner"])
    signal = only_signal(app)
    review(worker, signal)
    found = worker.post(f"/intake/signals/{signal.id}/search", data={"query": "wroblewska"})
    page = found.get_data(as_text=True)
    assert found.status_code == 200 and "Dołącz do tej sprawy" in page
    client_id = re.search(r'name="client" value="(\d+)"', page).group(1)
    stale = worker.post(f"/intake/signals/{signal.id}/link", data={"version": "1", "client": "999999"})
    assert stale.status_code == 400 and "Wybierz sprawę z wyników wyszukiwania." in stale.get_data(as_text=True)
    version = str(only_signal(app).version)
    assert worker.post(f"/intake/signals/{signal.id}/link", data={"version": version,
                                                                  "client": client_id}).status_code == 302
    assert (only_signal(app).state, only_signal(app).client_id) == ("qualified", int(client_id))


def test_not_qualifying_needs_a_reason_and_the_partner_sees_only_its_category(app, centre):
    submit(centre["partner"])
    signal = only_signal(app)
    head = centre["head"]  # the head of the centre handles the queue too
    review(head, signal)
    version = str(only_signal(app).version)
    refused = head.post(f"/intake/signals/{signal.id}/decline", data={"version": version, "reason": "", "text": ""})
    page = refused.get_data(as_text=True)
    assert refused.status_code == 400
    assert "Wybierz powód, dla którego zgłoszenie nie zostało zakwalifikowane." in page
    assert "Uzasadnij, dlaczego zgłoszenie nie zostało zakwalifikowane." in page
    assert only_signal(app).state == "under_review"
    done = head.post(f"/intake/signals/{signal.id}/decline", data={
        "version": version, "reason": "other_authority", "text": "Rodzina mieszka w Ozorkowie: przekazano do MOPS."})
    assert done.status_code == 302
    assert (only_signal(app).state, only_signal(app).decision_reason) == ("not_qualified", "other_authority")
    mine = centre["partner"].get("/intake/partner/signals").get_data(as_text=True)
    assert "niezakwalifikowane" in mine and "sprawa należy do innej instytucji lub innej gminy" in mine
    detail = centre["partner"].get(f"/intake/partner/signals/{signal.id}").get_data(as_text=True)
    assert "Ozorkowie" not in detail  # the worker's own words stay in the centre
    # a decided signal takes no further step
    again = head.post(f"/intake/signals/{signal.id}/review", data={"version": str(only_signal(app).version)})
    assert again.status_code == 409 and only_signal(app).state == "not_qualified"
    assert "signal_not_qualified" in actions(app)


def test_the_head_does_not_register_a_case_from_a_signal(app, centre):
    submit(centre["partner"])
    signal = only_signal(app)
    review(centre["head"], signal)
    assert centre["head"].get(f"/intake/signals/{signal.id}/client").status_code == 403
    assert "Nową sprawę ze zgłoszenia rejestruje pracownik socjalny." in centre["head"].get(
        f"/intake/signals/{signal.id}").get_data(as_text=True)


def test_a_worker_of_another_municipality_gets_404(app, centre):
    submit(centre["partner"])
    signal = only_signal(app)
    stranger, _elsewhere = worker_client(app, "101102", "obcy.pracownik")
    assert stranger.get(f"/intake/signals/{signal.id}").status_code == 404
    assert stranger.post(f"/intake/signals/{signal.id}/review", data={"version": "1"}).status_code == 404
    assert "Zgłoszenie nr" not in stranger.get("/intake/").get_data(as_text=True)
    assert only_signal(app).state == "new"


def test_the_notification_leads_the_worker_to_the_signal(app, centre):
    submit(centre["partner"])
    signal = only_signal(app)
    worker = centre["worker"]
    page = worker.get("/notifications/").get_data(as_text=True)
    assert "Nowe zgłoszenie od instytucji partnerskiej" in page and "Wróblewska" not in page
    notification = re.search(r'name="notification" value="(\d+)"', page).group(1)
    opened = worker.post("/notifications/open", data={"notification": notification})
    assert opened.headers["Location"] == f"/intake/signals/{signal.id}"  # the number stays out of the URL


def test_hostile_input_on_a_signal_under_review_gets_a_page_never_a_500(app, centre):
    submit(centre["partner"])
    signal = only_signal(app)
    worker = centre["worker"]
    review(worker, signal)
    version = str(only_signal(app).version)
    for client in ("9" * 40, "-1", "0", "\x00", "abc", ""):
        response = worker.post(f"/intake/signals/{signal.id}/link", data={"version": version, "client": client})
        assert response.status_code == 400, client
    kept = worker.post(f"/intake/signals/{signal.id}/decline", data={
        "version": version, "reason": "nonsense", "text": "Rodzina\x07 przeprowadziła się."})
    assert kept.status_code == 400 and "Rodzina przeprowadziła się." in kept.get_data(as_text=True)
    assert worker.post(f"/intake/signals/{signal.id}/search", data={"query": "x" * 500}).status_code == 400
    assert worker.post(f"/intake/signals/{signal.id}/decline", data={
        "version": "x", "reason": "no_grounds", "text": "Brak przesłanek."}).status_code == 409
    assert only_signal(app).state == "under_review"
