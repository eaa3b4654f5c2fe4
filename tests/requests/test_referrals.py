"""Referrals from the centre to a partner institution: the worker refers a client from an open
case, the institution's representative (and only theirs) accepts or declines it and records its
outcome; the person's name reaches the institution only while a consent covers it; an answer not
given by the answer-by date shows as overdue on both sides; the coordinator reads states, no names."""
import sqlite3
from datetime import timedelta

import pytest
from builders import (add_institution_row, client_as, login, municipality_with_everything, partner_client, register,
                      version_of, worker_client)
from flask import before_render_template
from sqlalchemy import select, update
from sqlalchemy.engine import make_url

from kooperacje.audit.models import AuditEvent
from kooperacje.auth.models import User
from kooperacje.auth.permissions import Role
from kooperacje.clients.models import Client
from kooperacje.clock import local_today
from kooperacje.consents.models import Consent
from kooperacje.extensions import db
from kooperacje.notifications.models import Notification
from kooperacje.referrals.models import Referral

NO_CONSENT = "osoba bez zgody na udostępnienie danych"


def a_case(app, consent=True):
    """A worker, an open case of Jan Kowalski, a labour office and a school in the PZK, and the
    office's representative: (worker, municipality, client id, office id, school id, partner)."""
    worker, municipality = worker_client(app)
    office_id = add_institution_row(app, municipality)
    school_id = add_institution_row(app, municipality, name="Szkoła Podstawowa nr 3", sector="education")
    client_id = int(register(worker).headers["Location"].rsplit("/", 1)[1])
    if consent:
        give_consent(app, worker, client_id, office_id)
    partner = partner_client(app, municipality, office_id, username="pup.zgierz")
    return worker, municipality, client_id, office_id, school_id, partner


def give_consent(app, worker, client_id, institution_id):
    with app.app_context():
        applicant = db.session.get(Client, client_id).applicant.id
    response = worker.post(f"/clients/{client_id}/consents/new", data={
        "person_id": str(applicant), "institution_id": str(institution_id), "scopes": "referral",
        "given_on": local_today().isoformat(), "given_how": "written"})
    assert response.status_code == 302, response.get_data(as_text=True)


def refer(worker, client_id, institution_id, **fields):
    data = {"institution_id": str(institution_id), "service_offer_id": "0",
            "purpose": "Powrót na rynek pracy.", "ask": "Prosimy o rozmowę z doradcą zawodowym.",
            "answer_by": (local_today() + timedelta(days=14)).isoformat(), **fields}
    return worker.post(f"/clients/{client_id}/referrals/new", data=data)


def the_referral(app):
    with app.app_context():
        return db.session.scalars(select(Referral).execution_options(all_tenants=True).order_by(Referral.id)).all()[-1]


def answer(partner, referral_id, **fields):
    page = partner.get(f"/partner/referrals/{referral_id}").get_data(as_text=True)
    return partner.post(f"/partner/referrals/{referral_id}/answer", data={"version": version_of(page), **fields})


def actions(app):
    with app.app_context():
        return [e.action for e in db.session.scalars(select(AuditEvent).execution_options(all_tenants=True))]


def notifications(app, user_id=None):
    with app.app_context():
        rows = db.session.scalars(select(Notification).execution_options(all_tenants=True)
                                  .order_by(Notification.id)).all()
        return [(n.user_id, n.kind) for n in rows if user_id is None or n.user_id == user_id]


def test_the_worker_refers_and_the_institution_accepts_and_records_the_outcome(app):
    worker, _municipality, client_id, office_id, _school, partner = a_case(app)
    form = worker.get(f"/clients/{client_id}/referrals/new").get_data(as_text=True)
    assert "Skieruj do instytucji" in form and "PUP w Zgierzu" in form
    assert (local_today() + timedelta(days=14)).isoformat() in form  # the answer-by date proposed
    response = refer(worker, client_id, office_id)
    assert response.status_code == 302
    case = worker.get(response.headers["Location"]).get_data(as_text=True)
    assert "Wysłano skierowanie" in case and "Skierowania" in case and "wysłane" in case
    referral = the_referral(app)

    home = partner.get("/partner/").get_data(as_text=True)
    assert "Skierowania czekające na odpowiedź: 1." in home
    listed = partner.get("/partner/referrals").get_data(as_text=True)
    assert "Jan Kowalski" in listed and "wysłane" in listed
    (partner_note,) = [kind for _user, kind in notifications(app) if kind == "referral_received"]
    centre = partner.get("/notifications/").get_data(as_text=True)
    assert "Nowe skierowanie do Twojej instytucji" in centre and "Kowalski" not in centre

    page = partner.get(f"/partner/referrals/{referral.id}").get_data(as_text=True)
    assert "Jan Kowalski" in page and "Prosimy o rozmowę z doradcą zawodowym." in page
    assert "referral_viewed" in actions(app)
    assert answer(partner, referral.id, answer="accepted").status_code == 302
    accepted = partner.get(f"/partner/referrals/{referral.id}").get_data(as_text=True)
    assert "przyjęte" in accepted and "Zapisz efekt skierowania" in accepted and "w terminie" in accepted
    assert "referral_answered" in [kind for _user, kind in notifications(app, referral.created_by_id)]

    too_late = partner.post(f"/partner/referrals/{referral.id}/outcome", data={
        "version": version_of(accepted), "outcome": "", "outcome_on": local_today().isoformat()})
    assert too_late.status_code == 400 and "Opisz efekt skierowania." in too_late.get_data(as_text=True)
    done = partner.post(f"/partner/referrals/{referral.id}/outcome", data={
        "version": version_of(accepted), "outcome": "Skierowano na szkolenie operatora wózka widłowego.",
        "outcome_on": local_today().isoformat()})
    assert done.status_code == 302
    case = worker.get(f"/clients/{client_id}").get_data(as_text=True)
    assert "zakończone" in case
    seen = worker.get(f"/clients/referrals/{referral.id}").get_data(as_text=True)
    assert "Skierowano na szkolenie operatora wózka widłowego." in seen and "zakończone" in seen
    assert {"referral_sent", "referral_accepted", "referral_completed"} <= set(actions(app))
    # answered once: a second answer is refused, the state stays
    again = partner.post(f"/partner/referrals/{referral.id}/answer", data={
        "version": str(the_referral(app).version), "answer": "declined", "decline_reason": "Brak miejsc"})
    assert again.status_code == 302 and the_referral(app).state == "completed"
    assert "już odpowiedziała" in partner.get(again.headers["Location"]).get_data(as_text=True)


def test_declining_needs_a_reason_which_the_worker_then_reads(app):
    worker, _municipality, client_id, office_id, _school, partner = a_case(app)
    refer(worker, client_id, office_id)
    referral = the_referral(app)
    refused = answer(partner, referral.id, answer="declined", decline_reason="  ")
    assert refused.status_code == 400 and "Podaj powód odrzucenia skierowania." in refused.get_data(as_text=True)
    assert the_referral(app).state == "sent"
    assert answer(partner, referral.id, answer="declined", decline_reason="Brak wolnych miejsc na szkoleniach.")\
        .status_code == 302
    seen = worker.get(f"/clients/referrals/{referral.id}").get_data(as_text=True)
    assert "odrzucone" in seen and "Brak wolnych miejsc na szkoleniach." in seen
    assert "referral_declined" in actions(app)


def test_another_institutions_partner_gets_404_and_does_not_see_it_listed(app):
    worker, municipality, client_id, office_id, school_id, _partner = a_case(app)
    refer(worker, client_id, office_id)
    referral = the_referral(app)
    school = partner_client(app, municipality, school_id, username="szkola.zgierz")
    assert school.get(f"/partner/referrals/{referral.id}").status_code == 404
    assert school.post(f"/partner/referrals/{referral.id}/answer", data={"answer": "accepted"}).status_code == 404
    assert school.post(f"/partner/referrals/{referral.id}/outcome", data={"outcome": "x"}).status_code == 404
    listed = school.get("/partner/referrals").get_data(as_text=True)
    assert "Kowalski" not in listed and NO_CONSENT not in listed and "nie skierował jeszcze nikogo" in listed
    assert the_referral(app).state == "sent"


def test_without_consent_the_institution_sees_no_name_and_the_worker_is_warned(app):
    worker, _municipality, client_id, office_id, _school, partner = a_case(app, consent=False)
    form = worker.get(f"/clients/{client_id}/referrals/new").get_data(as_text=True)
    assert "Bez zgody skierowanie trafia do instytucji bez danych osobowych" in form
    with_pesel = refer(worker, client_id, office_id, purpose="Pan Kowalski, PESEL 44051401359, szuka pracy.")
    body = with_pesel.get_data(as_text=True)
    assert with_pesel.status_code == 400 and "usuń z tekstu jej nazwisko, numer PESEL" in body
    assert "szuka pracy." in body  # what was typed is kept
    assert refer(worker, client_id, office_id).status_code == 302
    referral = the_referral(app)
    listed = partner.get("/partner/referrals").get_data(as_text=True)
    page = partner.get(f"/partner/referrals/{referral.id}").get_data(as_text=True)
    for text in (listed, page):
        assert NO_CONSENT in text and "Kowalski" not in text and "Jan" not in text
    assert "Powrót na rynek pracy." in page
    assert "referral_viewed" not in actions(app)


def test_withdrawing_the_consent_removes_the_name_at_once(app):
    worker, _municipality, client_id, office_id, _school, partner = a_case(app)
    refer(worker, client_id, office_id)
    referral = the_referral(app)
    assert "Jan Kowalski" in partner.get(f"/partner/referrals/{referral.id}").get_data(as_text=True)
    with app.app_context():
        consent_id = db.session.scalar(select(Consent.id).execution_options(all_tenants=True))
    confirm = worker.get(f"/clients/consents/{consent_id}/withdraw").get_data(as_text=True)
    assert worker.post(f"/clients/consents/{consent_id}/withdraw", data={
        "version": version_of(confirm), "withdrawn_on": local_today().isoformat()}).status_code == 302
    for url in (f"/partner/referrals/{referral.id}", "/partner/referrals"):
        text = partner.get(url).get_data(as_text=True)
        assert "Kowalski" not in text and NO_CONSENT in text


def test_an_answer_by_date_in_the_past_is_refused_in_polish_with_the_text_kept(app):
    worker, _municipality, client_id, office_id, _school, _partner = a_case(app)
    response = refer(worker, client_id, office_id, purpose="Szkolenie zawodowe dla matki",
                     answer_by=(local_today() - timedelta(days=1)).isoformat())
    body = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Termin odpowiedzi nie może być wcześniejszy niż dzisiejsza data." in body
    assert "Szkolenie zawodowe dla matki" in body
    nothing = refer(worker, client_id, 0, purpose="", ask="")
    body = nothing.get_data(as_text=True)
    assert nothing.status_code == 400 and "Wybierz instytucję członkowską Zespołu PZK tej gminy." in body
    assert "Opisz cel skierowania." in body and "Napisz, o co prosisz instytucję." in body
    with app.app_context():
        assert db.session.scalars(select(Referral).execution_options(all_tenants=True)).all() == []


def test_a_closed_case_cannot_be_referred(app):
    worker, _municipality, client_id, office_id, _school, _partner = a_case(app)
    confirm = worker.get(f"/clients/{client_id}/close").get_data(as_text=True)
    assert worker.post(f"/clients/{client_id}/close", data={
        "version": version_of(confirm), "closed_on": local_today().isoformat(), "reason": "goals_achieved"}
    ).status_code == 302
    case = worker.get(f"/clients/{client_id}").get_data(as_text=True)
    assert "Skieruj do instytucji" not in case
    response = refer(worker, client_id, office_id)
    assert response.status_code == 302
    assert "Sprawa jest zamknięta" in worker.get(response.headers["Location"]).get_data(as_text=True)
    with app.app_context():
        assert db.session.scalars(select(Referral).execution_options(all_tenants=True)).all() == []


def test_an_unanswered_referral_past_its_date_is_overdue_on_both_sides_and_for_the_coordinator(app):
    worker, municipality, client_id, office_id, _school, partner = a_case(app)
    refer(worker, client_id, office_id)
    referral = the_referral(app)
    assert "po terminie" not in partner.get("/partner/referrals").get_data(as_text=True)
    with app.app_context():
        db.session.execute(update(Referral).where(Referral.id == referral.id).values(
            answer_by=local_today() - timedelta(days=2)).execution_options(all_tenants=True))
        db.session.commit()
    assert "po terminie" in worker.get(f"/clients/{client_id}").get_data(as_text=True)
    assert "po terminie" in partner.get("/partner/referrals").get_data(as_text=True)
    assert "po terminie" in partner.get(f"/partner/referrals/{referral.id}").get_data(as_text=True)
    assert "W tym po terminie: 1." in partner.get("/partner/").get_data(as_text=True)
    coordinator, _user = client_as(app, "coordinator", municipality, must_change_password=False)
    listed = coordinator.get("/partnership/referrals").get_data(as_text=True)
    assert "PUP w Zgierzu" in listed and "po terminie" in listed and "Bez odpowiedzi po terminie" in listed
    assert "Kowalski" not in listed and "Powrót na rynek pracy." not in listed
    assert answer(partner, referral.id, answer="accepted").status_code == 302
    listed = coordinator.get("/partnership/referrals").get_data(as_text=True)
    assert "<td>nie</td>" in listed  # answered, but after the date
    assert "case_accessed" not in [a for a in _coordinator_actions(app, _user.id)]


def _coordinator_actions(app, user_id):
    with app.app_context():
        return [e.action for e in db.session.scalars(select(AuditEvent).where(AuditEvent.user_id == user_id)
                                                     .execution_options(all_tenants=True))]


def test_the_daily_reminders_tell_the_institution_once_of_a_referral_past_its_date(app):
    worker, municipality, client_id, office_id, _school, partner = a_case(app)
    refer(worker, client_id, office_id)
    referral = the_referral(app)
    jobs = app.extensions["kooperacje.jobs"]
    jobs.produce_reminders_for(local_today())
    assert "referral_overdue" not in [kind for _user, kind in notifications(app)]  # not past its date yet
    with app.app_context():
        db.session.execute(update(Referral).where(Referral.id == referral.id).values(
            answer_by=local_today() - timedelta(days=1)).execution_options(all_tenants=True))
        db.session.commit()
    jobs.produce_reminders_for(local_today())
    jobs.produce_reminders_for(local_today())  # a second run the same day adds nothing
    overdue = [user for user, kind in notifications(app) if kind == "referral_overdue"]
    with app.app_context():
        partner_id = db.session.scalar(select(User.id).where(User.username == "pup.zgierz"))
    assert overdue == [partner_id]
    centre = partner.get("/notifications/").get_data(as_text=True)
    assert "czeka na odpowiedź po terminie" in centre and "Kowalski" not in centre


def test_lists_hold_only_the_own_municipalitys_referrals(app):
    first, staff_a = municipality_with_everything("102003", "a")
    _second, staff_b = municipality_with_everything("101102", "b")
    for staff in (staff_a, staff_b):
        coordinator = app.test_client()
        assert login(coordinator, staff[Role.COORDINATOR].username).status_code == 302
        listed = coordinator.get("/partnership/referrals").get_data(as_text=True)
        assert "<dt>Wszystkie skierowania</dt><dd>1</dd>" in listed and "Przykładowa" not in listed
        partner = app.test_client()
        assert login(partner, staff[Role.PARTNER].username).status_code == 302
        rows = partner.get("/partner/referrals").get_data(as_text=True)
        assert rows.count('href="/partner/referrals/') == 1


def test_the_referral_pages_hold_no_write_lock_while_rendering(app):
    """A partner's view of a named referral writes its audit rows after rendering, never before."""
    url = make_url(app.config["SQLALCHEMY_DATABASE_URI"])
    if url.get_backend_name() != "sqlite":
        pytest.skip("the SQLite write lock is what this probes")
    worker, municipality, client_id, office_id, _school, partner = a_case(app)
    refer(worker, client_id, office_id)
    referral = the_referral(app)

    def lock_is_free():
        probe = sqlite3.connect(url.database, timeout=0, isolation_level=None)
        try:
            probe.execute("BEGIN IMMEDIATE")
            probe.execute("ROLLBACK")
            return True
        except sqlite3.OperationalError:
            return False
        finally:
            probe.close()

    rendering = []
    before_render_template.connect(lambda *_a, **_k: rendering.append(lock_is_free()), app, weak=False)
    coordinator, _user = client_as(app, "coordinator", municipality, must_change_password=False)
    for user, page in ((partner, f"/partner/referrals/{referral.id}"), (partner, "/partner/referrals"),
                       (worker, f"/clients/referrals/{referral.id}"), (worker, f"/clients/{client_id}"),
                       (coordinator, "/partnership/referrals")):
        assert user.get(page).status_code == 200, page
    assert rendering and all(rendering)
    assert "referral_viewed" in actions(app)


def test_the_referral_pages_speak_english_on_request(app):
    worker, _municipality, client_id, office_id, _school, partner = a_case(app, consent=False)
    refer(worker, client_id, office_id)
    referral = the_referral(app)
    for user in (worker, partner):
        user.post("/language", data={"lang": "en", "next": "/"})
    form = worker.get(f"/clients/{client_id}/referrals/new").get_data(as_text=True)
    assert "Refer to an institution" in form and "Without consent the referral reaches the institution" in form
    case = worker.get(f"/clients/{client_id}").get_data(as_text=True)
    assert "Referrals" in case and "sent" in case and "wysłane" not in case
    page = partner.get(f"/partner/referrals/{referral.id}").get_data(as_text=True)
    assert "Referral: person without consent to share data" in page and "I accept the referral" in page
    assert "Skierowanie" not in page


def test_the_form_offers_only_the_basket_offers_that_run_today(app):
    from kooperacje.partnership.models import ServiceOffer

    worker, municipality, client_id, office_id, _school, _partner = a_case(app)
    with app.app_context():
        db.session.add_all([
            ServiceOffer(municipality_id=municipality.id, institution_id=office_id, service="Staż zawodowy"),
            ServiceOffer(municipality_id=municipality.id, institution_id=office_id, service="Klub pracy 2025",
                         valid_until=local_today() - timedelta(days=1)),
            ServiceOffer(municipality_id=municipality.id, institution_id=office_id, service="Szkolenia od jutra",
                         valid_from=local_today() + timedelta(days=1))])
        db.session.commit()
        expired = db.session.scalar(select(ServiceOffer.id).where(ServiceOffer.service == "Klub pracy 2025")
                                    .execution_options(all_tenants=True))
    form = worker.get(f"/clients/{client_id}/referrals/new").get_data(as_text=True)
    assert "Staż zawodowy" in form and "Klub pracy 2025" not in form and "Szkolenia od jutra" not in form
    refused = refer(worker, client_id, office_id, service_offer_id=str(expired))
    assert refused.status_code == 400 and not _referrals(app)


def _referrals(app):
    with app.app_context():
        return db.session.scalars(select(Referral).execution_options(all_tenants=True)).all()
