"""The consent register on a client's case: recording a consent, withdrawing it after a
confirmation, the one check partner pages will use, the diagnosis's warning, the client data
report and the printable form."""
import io
from datetime import date, timedelta

import docx
from builders import (add_institution_row, add_municipality, family_with_signed_diagnosis, new_diagnosis,
                      required_answers, save, version_of, worker_client)
from sqlalchemy import select
from sqlalchemy.orm import selectinload
from werkzeug.datastructures import MultiDict

from kooperacje.audit.models import AuditEvent
from kooperacje.clients.models import Client
from kooperacje.clock import local_today
from kooperacje.consents import service as consents
from kooperacje.consents.models import Consent
from kooperacje.extensions import db


def case_with_partner(app):
    """A worker, a family with a signed diagnosis and a labour office in the municipality's PZK."""
    client, municipality = worker_client(app)
    labour_id = add_institution_row(app, municipality)
    client_id = family_with_signed_diagnosis(client)
    with app.app_context():
        persons = [m.id for m in db.session.get(Client, client_id).members]
    return client, municipality, client_id, labour_id, persons


def consent_data(person_id, institution_id, scopes=("referral",), given_on=None, **extra):
    return MultiDict([("person_id", str(person_id)), ("institution_id", str(institution_id)),
                      *(("scopes", s) for s in scopes), ("given_on", (given_on or local_today()).isoformat()),
                      ("given_how", "written"), *extra.items()])


def all_consents(app):
    with app.app_context():
        return db.session.scalars(select(Consent).options(selectinload(Consent.scope_rows))
                                  .execution_options(all_tenants=True).order_by(Consent.id)).all()


def actions(app):
    with app.app_context():
        return [e.action for e in db.session.scalars(select(AuditEvent).order_by(AuditEvent.id)
                                                     .execution_options(all_tenants=True))]


def test_a_recorded_consent_is_listed_and_covers_its_scope_only(app):
    client, municipality, client_id, labour_id, (applicant, child) = case_with_partner(app)
    school_id = add_institution_row(app, municipality, name="Szkoła Podstawowa nr 3", sector="education")
    assert "Nikt z tej sprawy nie wyraził jeszcze zgody" in client.get(f"/clients/{client_id}/consents").get_data(
        as_text=True)
    response = client.post(f"/clients/{client_id}/consents/new",
                           data=consent_data(applicant, labour_id, ("referral", "contract_actions"), note="Teczka 3"))
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "PUP w Zgierzu" in page and "dane potrzebne do skierowania" in page and "w mocy" in page
    assert "consent_recorded" in actions(app)
    with app.test_request_context():
        from flask import g
        g.tenant_id = municipality.id
        case = db.session.get(Client, client_id)
        assert consents.covering(case, labour_id, "referral") is not None
        assert consents.covering(case, labour_id, "diagnosis_plan") is None  # not what was agreed to
        assert consents.covering(case, labour_id, "referral", on=local_today() - timedelta(days=1)) is None
        assert db.session.scalars(consents.visible_client_ids(labour_id, "referral")).all() == [client_id]
        assert db.session.scalars(consents.visible_client_ids(labour_id, "diagnosis_plan")).all() == []
        member = next(m for m in case.members if m.id == child)
        assert consents.covering(member, labour_id, "referral") is None  # the mother spoke for herself
        assert consents.covering(case, school_id, "referral") is None  # another institution
        assert db.session.scalars(consents.visible_client_ids(school_id, "all")).all() == []
    with app.test_request_context():
        from flask import g
        g.tenant_id = add_municipality("101102").id  # another municipality's request sees no consent of this one
        assert db.session.scalars(consents.visible_client_ids(labour_id, "referral")).all() == []


def test_bad_consents_are_refused_with_a_polish_message_and_the_typed_note_kept(app):
    client, municipality, client_id, labour_id, (applicant, _child) = case_with_partner(app)
    other_id = add_institution_row(app, add_municipality("101102"), name="PUP obcy")
    url = f"/clients/{client_id}/consents/new"
    cases = [
        (consent_data(applicant, labour_id, given_on=local_today() + timedelta(days=1), note="Notatka A"),
         "nie może być późniejsza niż dzisiejsza"),
        (consent_data(applicant, other_id, note="Notatka A"), "Wybierz instytucję z listy partnerów PZK"),
        (consent_data(applicant, "x", note="Notatka A"), "Wybierz instytucję z listy partnerów PZK"),
        (consent_data(999999, labour_id, note="Notatka A"), "Wybierz osobę z tej sprawy"),
        (consent_data(applicant, labour_id, scopes=(), note="Notatka A"), "Zaznacz, jakich danych dotyczy zgoda"),
    ]
    for data, message in cases:
        response = client.post(url, data=data)
        page = response.get_data(as_text=True)
        assert response.status_code == 400 and message in page and "Notatka A" in page, message
    assert all_consents(app) == []


def test_a_second_consent_of_the_same_scope_is_refused_until_the_first_is_withdrawn(app):
    client, municipality, client_id, labour_id, (applicant, child) = case_with_partner(app)
    url = f"/clients/{client_id}/consents/new"
    assert client.post(url, data=consent_data(applicant, labour_id, ("referral",))).status_code == 302
    for scopes in (("referral",), ("all",)):
        refused = client.post(url, data=consent_data(applicant, labour_id, scopes))
        assert refused.status_code == 400 and "ma już niewycofaną zgodę" in refused.get_data(as_text=True)
    assert client.post(url, data=consent_data(applicant, labour_id, ("contract_actions",))).status_code == 302
    assert client.post(url, data=consent_data(child, labour_id, ("referral",))).status_code == 302
    assert len(all_consents(app)) == 3


def test_withdrawing_asks_first_then_ends_the_cover_at_once_and_keeps_the_row(app):
    client, municipality, client_id, labour_id, (applicant, _child) = case_with_partner(app)
    given = local_today() - timedelta(days=10)
    client.post(f"/clients/{client_id}/consents/new", data=consent_data(applicant, labour_id, ("all",), given))
    consent_id = all_consents(app)[0].id
    confirm = client.get(f"/clients/consents/{consent_id}/withdraw")
    body = confirm.get_data(as_text=True)
    assert confirm.status_code == 200 and "Wycofać zgodę?" in body and all_consents(app)[0].withdrawn_on is None
    too_early = client.post(f"/clients/consents/{consent_id}/withdraw", data={
        "version": version_of(body), "withdrawn_on": (given - timedelta(days=1)).isoformat()})
    assert too_early.status_code == 400 and "najwcześniej w dniu" in too_early.get_data(as_text=True)
    stale = client.post(f"/clients/consents/{consent_id}/withdraw", data={
        "version": str(int(version_of(body)) + 1), "withdrawn_on": local_today().isoformat()})
    assert stale.status_code == 302 and all_consents(app)[0].withdrawn_on is None
    assert "ktoś zmienił tę zgodę" in client.get(stale.headers["Location"]).get_data(as_text=True)
    done = client.post(f"/clients/consents/{consent_id}/withdraw", data={
        "version": version_of(body), "withdrawn_on": local_today().isoformat()})
    assert done.status_code == 302
    [row] = all_consents(app)
    assert row.withdrawn_on == local_today() and row.withdrawal_recorded_by_id is not None
    with app.test_request_context():
        from flask import g
        g.tenant_id = municipality.id
        assert consents.covering(db.session.get(Client, client_id), labour_id, "referral") is None
        assert consents.covering(db.session.get(Client, client_id), labour_id, "referral", on=given) is not None
        assert db.session.scalars(consents.visible_client_ids(labour_id, "referral")).all() == []
    page = client.get(f"/clients/{client_id}/consents").get_data(as_text=True)
    assert "wycofana" in page and "Wycofaj zgodę</a>" not in page
    again = client.post(f"/clients/consents/{consent_id}/withdraw", data={"version": str(row.version),
                                                                         "withdrawn_on": local_today().isoformat()})
    assert again.status_code == 302 and all_consents(app)[0].version == row.version
    assert actions(app).count("consent_withdrawn") == 1
    # the same person may agree again later: a new row, the history stays
    assert client.post(f"/clients/{client_id}/consents/new",
                       data=consent_data(applicant, labour_id, ("all",))).status_code == 302
    assert [c.withdrawn_on is None for c in all_consents(app)] == [False, True]


def test_the_diagnosis_warns_of_partners_the_register_gives_no_consent_for(app):
    client, municipality, client_id, labour_id, (applicant, _child) = case_with_partner(app)
    edit_url = client.post(f"/clients/{client_id}/diagnoses").headers["Location"]
    save(client, edit_url, action="sign", **{**required_answers("urban"), "partners__involve": str(labour_id)})
    with app.app_context():
        diagnosis_id = db.session.get(Client, client_id).diagnoses[-1].id
    confirm = client.get(f"/clients/diagnoses/{diagnosis_id}/sign").get_data(as_text=True)
    client.post(f"/clients/diagnoses/{diagnosis_id}/sign", data={"version": version_of(confirm)})
    view = client.get(f"/clients/diagnoses/{diagnosis_id}").get_data(as_text=True)
    assert "Bez zgody klienta w rejestrze zgód" in view and "PUP w Zgierzu" in view
    client.post(f"/clients/{client_id}/consents/new", data=consent_data(applicant, labour_id, ("referral",)))
    assert "Bez zgody klienta w rejestrze zgód" in client.get(f"/clients/diagnoses/{diagnosis_id}").get_data(
        as_text=True)  # a referral's data is not the diagnosis
    client.post(f"/clients/{client_id}/consents/new", data=consent_data(applicant, labour_id, ("diagnosis_plan",)))
    assert "Bez zgody klienta w rejestrze zgód" not in client.get(f"/clients/diagnoses/{diagnosis_id}").get_data(
        as_text=True)


def test_a_consent_ticked_in_a_signed_diagnosis_joins_the_register(app):
    client, municipality = worker_client(app)
    labour_id = add_institution_row(app, municipality)
    client_id, edit_url = new_diagnosis(client)
    to_sign = save(client, edit_url, action="sign", **{**required_answers("urban"), "partners__involve": str(labour_id),
                                                        "partners__consent": str(labour_id)})
    confirm = client.get(to_sign.headers["Location"]).get_data(as_text=True)
    assert "nie ma zgody klienta" not in confirm  # signing will record it
    client.post(to_sign.headers["Location"], data={"version": version_of(confirm)})
    [consent] = all_consents(app)
    assert (consent.institution_id, consent.scopes, consent.given_how, consent.given_on) == (
        labour_id, ["all"], "oral", local_today())
    assert consent.diagnosis_id is not None and "consent_adopted" in actions(app)
    # the next version, ticked again, adds nothing: the register has it
    next_edit = client.post(f"/clients/{client_id}/diagnoses").headers["Location"]
    again = save(client, next_edit, action="sign")
    client.post(again.headers["Location"], data={"version": version_of(client.get(again.headers["Location"])
                                                                        .get_data(as_text=True))})
    assert len(all_consents(app)) == 1


def test_the_client_data_report_lists_consents_and_withdrawals(app):
    client, municipality, client_id, labour_id, (applicant, _child) = case_with_partner(app)
    client.post(f"/clients/{client_id}/consents/new",
                data=consent_data(applicant, labour_id, ("referral",), local_today() - timedelta(days=3)))
    consent_id = all_consents(app)[0].id
    body = client.get(f"/clients/consents/{consent_id}/withdraw").get_data(as_text=True)
    client.post(f"/clients/consents/{consent_id}/withdraw", data={"version": version_of(body),
                                                                 "withdrawn_on": local_today().isoformat()})
    report = client.get(f"/clients/{client_id}/report").get_data(as_text=True)
    section = report.split("Zgody na udostępnienie danych i ich wycofanie")[1].split("Dostęp do danych")[0]
    assert "PUP w Zgierzu" in section and "dane potrzebne do skierowania" in section
    assert (local_today() - timedelta(days=3)).strftime("%d.%m.%Y") in section
    assert local_today().strftime("%d.%m.%Y") in section and "zgoda w mocy" not in section
    assert "wgląd w rejestr zgód" in report.split("Dostęp do danych")[-1]


def test_the_printable_form_names_the_person_the_institution_and_the_rights_and_is_audited(app):
    client, municipality, client_id, labour_id, (applicant, _child) = case_with_partner(app)
    client.post(f"/clients/{client_id}/consents/new", data=consent_data(applicant, labour_id, ("contract_actions",)))
    consent_id = all_consents(app)[0].id
    response = client.get(f"/clients/consents/{consent_id}/zgoda.docx")
    assert response.status_code == 200
    assert "Kowalski" not in response.headers["Content-Disposition"]
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(response.data)).paragraphs)
    for expected in ("ZGODA NA UDOSTĘPNIENIE DANYCH", "PUP w Zgierzu", "działania kontraktu socjalnego",
                     "Administratorem Pani/Pana danych", "PUODO", "wycofać zgodę w dowolnym momencie",
                     "art. 9 ust. 2 lit. a"):
        assert expected in text, expected
    assert "consent_form_exported" in actions(app)


def test_another_municipalitys_worker_reaches_no_consent(app):
    client, municipality, client_id, labour_id, (applicant, _child) = case_with_partner(app)
    client.post(f"/clients/{client_id}/consents/new", data=consent_data(applicant, labour_id))
    consent_id = all_consents(app)[0].id
    stranger, _other = worker_client(app, teryt6="101102", username="obcy")
    for url in (f"/clients/{client_id}/consents", f"/clients/consents/{consent_id}/zgoda.docx",
                f"/clients/consents/{consent_id}/withdraw"):
        assert stranger.get(url).status_code == 404, url
    assert stranger.post(f"/clients/consents/{consent_id}/withdraw",
                         data={"version": "1", "withdrawn_on": date.today().isoformat()}).status_code == 404
    assert all_consents(app)[0].withdrawn_on is None


def test_the_upgrade_takes_over_the_consents_ticked_in_signed_diagnoses(app):
    """Migration 0022: an institution ticked in a signed version becomes a consent dated by the
    (local) day of its signing, withdrawn by the signing of a later version that unticked it;
    drafts and ids of no institution of the municipality are left out."""
    from datetime import datetime

    from flask_migrate import downgrade, upgrade

    from kooperacje.auth.models import User
    from kooperacje.clients.models import Person
    from kooperacje.diagnoses.models import Diagnosis
    from kooperacje.partnership.models import Institution, Partnership

    client, municipality = worker_client(app)
    with app.app_context():
        worker = db.session.scalar(select(User).where(User.username == "worker"))
        team = Partnership(municipality_id=municipality.id, name="PZK", model_key="urban")
        db.session.add(team)
        db.session.flush()
        school, labour = (Institution(municipality_id=municipality.id, partnership_id=team.id, name=name,
                                      sector="other", level="gmina") for name in ("Szkoła", "PUP"))
        case = Client(municipality_id=municipality.id, kind="person", reasons=[], worker_id=worker.id,
                      members=[Person(municipality_id=municipality.id, first_name="Ewa", last_name="Lis",
                                      relation="applicant")])
        db.session.add_all([school, labour, case])
        db.session.flush()
        for number, status, signed_at, ticked in (
                (1, "signed", datetime(2026, 5, 4, 22, 30), [school.id, labour.id, 999_999]),  # 5 May in Poland
                (2, "signed", datetime(2026, 9, 1, 10, 0), [labour.id]),
                (3, "draft", None, [school.id])):
            db.session.add(Diagnosis(municipality_id=municipality.id, client_id=case.id, number=number,
                                     model_key="urban", status=status, signed_at=signed_at, signed_by_id=worker.id,
                                     answers={"partners": {"consent": ticked}}))
        ids = {"school": school.id, "labour": labour.id, "applicant": case.members[0].id}
        db.session.commit()  # and end the read: the downgrade drops tables (PostgreSQL waits for readers)
        directory = app.extensions["migrate"].directory
        downgrade(directory=directory, revision="0019_bulk_exports")
        upgrade(directory=directory, revision="heads")
    taken = {c.institution_id: c for c in all_consents(app)}
    assert set(taken) == {ids["school"], ids["labour"]}
    for consent in taken.values():
        assert (consent.person_id, consent.given_on, consent.scopes, consent.given_how) == (
            ids["applicant"], date(2026, 5, 5), ["all"], "oral")
    assert taken[ids["labour"]].withdrawn_on is None
    assert taken[ids["school"]].withdrawn_on == date(2026, 9, 1)
