"""The multi-sector diagnosis: each model's sections, drafts, sign-off, versions, lost updates,
nothing typed lost on an expired session or form token, tenant and role boundaries."""
import re
from datetime import timedelta

import pytest
from builders import (MUNICIPALITY_BY_MODEL, add_municipality, add_user, copy_of, login, make_app, new_diagnosis,
                      register, required_answers, save, version_of, worker_client)
from sqlalchemy import select, update
from werkzeug.datastructures import MultiDict

from kooperacje.audit.models import AuditEvent
from kooperacje.auth.models import LoginSession
from kooperacje.clock import utcnow
from kooperacje.diagnoses.models import Diagnosis
from kooperacje.extensions import db

#: one municipality per model: Dalików (rural), Aleksandrów Łódzki (urban-rural), Zgierz (urban)
#: a field only each model's own diagnosis has
OWN_FIELD = {"rural": "genogram__", "urban_rural": "ggk__", "urban": "zzk__"}








@pytest.mark.parametrize("model", MUNICIPALITY_BY_MODEL)
def test_each_model_shows_the_common_areas_and_its_own_sections(app, model):
    client, _ = worker_client(app, MUNICIPALITY_BY_MODEL[model])
    _, edit_url = new_diagnosis(client)
    body = client.get(edit_url).get_data(as_text=True)
    for common in ("family__composition", "own_words__needs", "conclusions__conclusions"):
        assert f'name="{common}"' in body
    assert f'name="{OWN_FIELD[model]}' in body and 'id="sekcja-partners"' in body
    others = [prefix for key, prefix in OWN_FIELD.items() if key != model]
    assert not any(f'name="{prefix}' in body for prefix in others)
    assert body.index("family__composition") < body.index(OWN_FIELD[model]) < body.index("conclusions__conclusions")
    assert "Jak to robić – Księga Rekomendacyjna" in body and 'href="/book/general/praca-z-rodzina#' in body


@pytest.mark.parametrize("model", MUNICIPALITY_BY_MODEL)
def test_a_draft_saves_incomplete_and_signing_asks_for_the_required_answers(app, model):
    client, _ = worker_client(app, MUNICIPALITY_BY_MODEL[model])
    client_id, edit_url = new_diagnosis(client)
    assert save(client, edit_url, family__composition="Matka z dwojgiem dzieci").status_code == 302
    refused = client.get(edit_url.replace("/edit", "/sign"))
    assert refused.status_code == 400 and "Uzupełnij przed zatwierdzeniem." in refused.get_data(as_text=True)
    assert "Matka z dwojgiem dzieci" in refused.get_data(as_text=True)
    assert f'action="{edit_url}"' in refused.get_data(as_text=True)  # the next save is kept
    answers = required_answers(model, conclusions__conclusions="Priorytet: mieszkanie")
    to_sign = save(client, edit_url, action="sign", family__composition="Matka z dwojgiem dzieci", **answers)
    confirm = client.get(to_sign.headers["Location"]).get_data(as_text=True)
    assert "Zatwierdzonej diagnozy nie można już zmieniać" in confirm
    signed = client.post(to_sign.headers["Location"], data={"version": version_of(confirm)})
    view = client.get(signed.headers["Location"]).get_data(as_text=True)
    assert "zatwierdzona" in view and "Priorytet: mieszkanie" in view
    assert client.get(edit_url).status_code == 302  # a signed version is never edited
    with app.app_context():
        diagnosis = db.session.scalar(select(Diagnosis).execution_options(all_tenants=True))
        assert diagnosis.status == "signed" and diagnosis.answers["family"]["composition"] == "Matka z dwojgiem dzieci"
        assert diagnosis.model_key == model


def test_a_new_version_starts_from_the_signed_one_and_history_keeps_both(app):
    client, _ = worker_client(app, MUNICIPALITY_BY_MODEL["urban"])
    client_id, edit_url = new_diagnosis(client)
    to_sign = save(client, edit_url, action="sign", **required_answers("urban", conclusions__conclusions="Wersja pierwsza"))
    confirm = client.get(to_sign.headers["Location"]).get_data(as_text=True)
    client.post(to_sign.headers["Location"], data={"version": version_of(confirm)})
    second_url = client.post(f"/clients/{client_id}/diagnoses").headers["Location"]
    assert second_url != edit_url
    assert "Wersja pierwsza" in client.get(second_url).get_data(as_text=True)
    save(client, second_url, **required_answers("urban", conclusions__conclusions="Wersja druga"))
    assert client.post(f"/clients/{client_id}/diagnoses").headers["Location"] == second_url  # one draft at a time
    with app.app_context():
        rows = db.session.scalars(select(Diagnosis).order_by(Diagnosis.number).execution_options(all_tenants=True)).all()
        assert [(d.number, d.status, d.answers["conclusions"]["conclusions"]) for d in rows] == [
            (1, "signed", "Wersja pierwsza"), (2, "draft", "Wersja druga")]
    history = client.get(edit_url.replace("/edit", "")).get_data(as_text=True)
    assert "Historia diagnozy" in history and "wersja 2" in history


def test_a_stale_save_is_a_conflict_that_keeps_the_typed_text(app):
    client, _ = worker_client(app)
    _, edit_url = new_diagnosis(client)
    stale = version_of(client.get(edit_url).get_data(as_text=True))
    save(client, edit_url, health__notes="Zapis kolegi")
    response = client.post(edit_url, data={"version": stale, "action": "save", "health__notes": "Mój długi opis zdrowia"})
    body = response.get_data(as_text=True)
    assert response.status_code == 409 and "Ktoś inny zapisał w międzyczasie" in body
    assert "Mój długi opis zdrowia" in body and "Zapis kolegi" in body
    with app.app_context():
        assert db.session.scalar(select(Diagnosis).execution_options(all_tenants=True)).answers["health"] == {
            "notes": "Zapis kolegi"}
    again = client.post(edit_url, data={"version": version_of(body), "action": "save", "health__notes": "Mój długi opis zdrowia"})
    assert again.status_code == 302


@pytest.mark.parametrize("answers,message", [
    ({"income__monthly_income": "-5"}, "Podaj liczbę całkowitą od 0"),
    ({"income__monthly_income": "dużo"}, "income__monthly_income"),
    ({"housing__tenure": "palace"}, "housing__tenure"),
    ({"partners__involve": "999"}, "partners__involve"),
    ({"family__composition": "x" * 8001}, "family__composition"),
])
def test_bad_answers_get_field_messages_and_keep_everything_typed(app, answers, message):
    client, _ = worker_client(app)
    _, edit_url = new_diagnosis(client)
    response = save(client, edit_url, health__notes="Tekst, którego nie wolno zgubić", **answers)
    body = response.get_data(as_text=True)
    assert response.status_code == 400 and message in body and "field-error" in body
    assert "Tekst, którego nie wolno zgubić" in body


def test_hostile_text_is_stored_clean_and_never_a_500(app):
    client, _ = worker_client(app)
    _, edit_url = new_diagnosis(client)
    response = save(client, edit_url, family__composition='Cytat "x" <b>\x00\x07 zażółć gęślą jaźń')
    assert response.status_code == 302
    with app.app_context():
        stored = db.session.scalar(select(Diagnosis).execution_options(all_tenants=True)).answers["family"]["composition"]
    assert stored == 'Cytat "x" <b> zażółć gęślą jaźń'
    page = client.get(edit_url.replace("/edit", "")).get_data(as_text=True)
    assert "&lt;b&gt;" in page and "<b>" not in page.split("<main")[1]


def test_partners_and_consent_come_from_the_pzk_and_missing_consent_is_shown(app):
    from kooperacje.partnership.models import Institution, Partnership

    client, municipality = worker_client(app)
    with app.app_context():
        partnership = Partnership(municipality_id=municipality.id, name="PZK", model_key="urban")
        db.session.add(partnership)
        db.session.flush()
        school = Institution(municipality_id=municipality.id, partnership_id=partnership.id, name="Szkoła nr 3",
                             sector="education", level="gmina")
        labour = Institution(municipality_id=municipality.id, partnership_id=partnership.id, name="PUP Zgierz",
                             sector="labour", level="powiat")
        db.session.add_all([school, labour])
        db.session.commit()
        school_id, labour_id = school.id, labour.id
    _, edit_url = new_diagnosis(client)
    assert "Szkoła nr 3" in client.get(edit_url).get_data(as_text=True)
    to_sign = client.post(edit_url, data=MultiDict([("version", version_of(client.get(edit_url).get_data(as_text=True))),
                                          ("action", "sign"), *required_answers("urban").items(),
                                          ("partners__involve", str(school_id)),
                                          ("partners__involve", str(labour_id)), ("partners__consent", str(school_id))]))
    confirm = client.get(to_sign.headers["Location"]).get_data(as_text=True)
    assert "nie ma zgody klienta" in confirm and "PUP Zgierz" in confirm.split("nie ma zgody klienta")[1][:400]
    with app.app_context():
        partners = db.session.scalar(select(Diagnosis).execution_options(all_tenants=True)).answers["partners"]
    assert partners == {"involve": [school_id, labour_id], "consent": [school_id]}


def test_an_expired_session_keeps_what_was_typed_until_the_next_login(app):
    client, _ = worker_client(app)
    _, edit_url = new_diagnosis(client)
    version = version_of(client.get(edit_url).get_data(as_text=True))
    with app.app_context():
        db.session.execute(update(LoginSession).values(last_seen_at=utcnow() - timedelta(hours=1)))
        db.session.commit()
    response = client.post(edit_url, data={"version": version, "action": "save", "network__notes": "Sąsiadka pomaga"})
    assert response.status_code == 302 and "/login" in response.headers["Location"]
    with app.app_context():
        # nothing of the post is saved: only what the new diagnosis started from (the case's reasons)
        assert db.session.scalar(select(Diagnosis).execution_options(all_tenants=True)).answers == {
            "reasons": {"reasons": ["poverty", "unemployment"]}}
    login_page = response.headers["Location"]
    after_login = client.post(login_page, data={"username": "worker", "password": "Długie hasło testowe 2026!"})
    assert after_login.headers["Location"].endswith(edit_url)
    restored = client.get(edit_url).get_data(as_text=True)
    assert "Sąsiadka pomaga" in restored and "Przywrócono dane" in restored
    assert "Sąsiadka pomaga" not in client.get(edit_url).get_data(as_text=True)  # restored once only


def test_an_expired_form_token_reopens_the_form_with_the_typed_text(tmp_path, migrated_db):
    app = make_app(copy_of(migrated_db, tmp_path, "csrf.db"), WTF_CSRF_ENABLED=True)
    add_user("worker", "social_worker", add_municipality("102003"))
    client = app.test_client()
    page = client.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    client.post("/login", data={"username": "worker", "password": "Długie hasło testowe 2026!", "csrf_token": token})
    detail = client.get("/clients/new").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', detail).group(1)
    created = client.post("/clients/new", data={"csrf_token": token, "kind": "person", "first_name": "Jan",
                                                "last_name": "Nowak"})
    client_id = int(created.headers["Location"].rsplit("/", 1)[1])
    edit_url = client.post(f"/clients/{client_id}/diagnoses", data={"csrf_token": token}).headers["Location"]
    version = version_of(client.get(edit_url).get_data(as_text=True))
    response = client.post(edit_url, data={"csrf_token": "stale", "version": version, "health__notes": "Opis zdrowia"})
    assert response.status_code == 302 and response.headers["Location"].endswith(edit_url)
    assert "Opis zdrowia" in client.get(edit_url).get_data(as_text=True)


def test_diagnoses_of_another_municipality_are_not_found(app):
    first, _ = worker_client(app, "102003", "worker.a")
    _, edit_url = new_diagnosis(first)
    save(first, edit_url, health__notes="Zapis A")
    second, _ = worker_client(app, "101102", "worker.b")
    view_url = edit_url.replace("/edit", "")
    assert second.get(view_url).status_code == 404
    assert second.get(edit_url).status_code == 404
    assert second.post(edit_url, data={"version": "1", "health__notes": "Nadpisane"}).status_code == 404
    assert second.post(view_url + "/sign", data={"version": "1"}).status_code == 404
    with app.app_context():
        assert db.session.scalar(select(Diagnosis).execution_options(all_tenants=True)).answers["health"]["notes"] == "Zapis A"


@pytest.mark.parametrize("role", ["coordinator", "municipality_admin"])
def test_only_social_workers_open_diagnoses(app, role):
    client, municipality = worker_client(app)
    _, edit_url = new_diagnosis(client)
    add_user("other", role, municipality)
    other = app.test_client()
    login(other, "other")
    assert other.get(edit_url).status_code == 403
    assert other.get(edit_url.replace("/edit", "")).status_code == 403


def test_viewing_a_diagnosis_is_audited_without_personal_data(app):
    client, _ = worker_client(app)
    _, edit_url = new_diagnosis(client)
    save(client, edit_url, health__notes="Cukrzyca")
    client.get(edit_url.replace("/edit", ""))
    with app.app_context():
        events = db.session.scalars(select(AuditEvent)).all()
    assert ("case_accessed", "diagnoses.view") in [(e.action, e.detail) for e in events]
    assert not any("Cukrzyca" in (e.detail or "") or "Kowalski" in (e.detail or "") for e in events)


def test_without_a_chosen_model_no_diagnosis_or_contract_is_started(app):
    from kooperacje.contracts.models import Contract

    add_user("worker", "social_worker", add_municipality("102003", model=False))
    client = app.test_client()
    login(client, "worker")
    client_id = int(register(client).headers["Location"].rsplit("/", 1)[1])
    for what in ("diagnoses", "contracts"):
        response = client.post(f"/clients/{client_id}/{what}")
        assert response.status_code == 302 and response.headers["Location"].endswith(f"/clients/{client_id}")
    assert "Najpierw administrator gminy musi wybrać model współpracy." in client.get(
        f"/clients/{client_id}").get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(Diagnosis.id).execution_options(all_tenants=True)) is None
        assert db.session.scalar(select(Contract.id).execution_options(all_tenants=True)) is None


def test_the_reasons_of_art_7_start_from_the_case_and_another_reason_must_be_described(app):
    client, _ = worker_client(app)
    _, edit_url = new_diagnosis(client)
    form = client.get(edit_url).get_data(as_text=True)
    assert re.search(r'<input[^>]*checked[^>]*value="poverty"|<input[^>]*value="poverty"[^>]*checked', form)
    assert 'href="/book/general/podstawy-prawne#powody-udzielania-pomocy-art-7-u-p-s"' in form
    answers = required_answers("urban")
    for untick in ({"reasons__reasons": []}, {"reasons__reasons": "other"}):
        saved = save(client, edit_url, action="sign", **{**answers, **untick})
        refused = client.get(saved.headers["Location"])
        page = refused.get_data(as_text=True)
        assert refused.status_code == 400 and "Uzupełnij przed zatwierdzeniem." in page
        field = "reasons__reasons" if untick["reasons__reasons"] == [] else "reasons__other_reason"
        assert f'id="{field}-error">Uzupełnij przed zatwierdzeniem.' in page, field
    to_sign = save(client, edit_url, action="sign", **{**answers, "reasons__reasons": ["poverty", "other"],
                                                       "reasons__other_reason": "Zadłużenie po pożarze domu"})
    confirm = client.get(to_sign.headers["Location"])
    assert confirm.status_code == 200
    assert client.post(to_sign.headers["Location"], data={"version": version_of(confirm.get_data(as_text=True))}
                       ).status_code == 302
    with app.app_context():
        stored = db.session.scalar(select(Diagnosis).execution_options(all_tenants=True)).answers["reasons"]
    assert stored == {"reasons": ["poverty", "other"], "other_reason": "Zadłużenie po pożarze domu"}
    view = client.get(edit_url.replace("/edit", "")).get_data(as_text=True)
    assert "ubóstwo, inny powód" in view and "Zadłużenie po pożarze domu" in view
