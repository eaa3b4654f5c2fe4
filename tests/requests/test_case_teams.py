"""The team around a family: the model's name for it, forming it on an open case, its members
and meetings, a missing service reported to the PZK without the family's data, and who may read
the team's page (the case's staff, the team's partner members with the family's consent)."""
from datetime import timedelta

import pytest
from builders import (MUNICIPALITY_BY_MODEL, add_institution_row, add_municipality, add_user, client_as,
                      family_with_signed_diagnosis, login, partner_client, worker_client)
from sqlalchemy import select
from werkzeug.datastructures import MultiDict

from kooperacje.audit.models import AuditEvent
from kooperacje.clients.models import Client
from kooperacje.clock import local_today
from kooperacje.consents import service as consents
from kooperacje.extensions import db
from kooperacje.notifications.models import Notification
from kooperacje.plugins import get_plugins
from kooperacje.teams.models import CaseTeam, CaseTeamMember


def everything(app, model):
    with app.app_context():
        return db.session.scalars(select(model).execution_options(all_tenants=True).order_by(model.id)).all()


@pytest.mark.parametrize("key, name", [("urban", "Zadaniowy Zespół Kooperacyjny (ZZK)"),
                                       ("urban_rural", "Gminna Grupa Kooperacyjna (GGK)"),
                                       ("rural", "Zespół gminno-powiatowy pracujący z rodziną (PZK)")])
def test_each_model_names_its_team_and_links_its_chapter(app, key, name):
    client, municipality = worker_client(app, teryt6=MUNICIPALITY_BY_MODEL[key])
    with app.test_request_context():
        profile = get_plugins(app).case_team_profile(key)
        assert str(profile.name) == name and profile.member_roles and profile.recommended_sectors
    client_id = family_with_signed_diagnosis(client)
    page = client.get(f"/clients/{client_id}/team/new").get_data(as_text=True)
    assert f'value="{name}"' in page
    response = client.post(f"/clients/{client_id}/team/new", data={"name": name,
                                                                   "formed_on": local_today().isoformat()})
    team_page = client.get(response.headers["Location"]).get_data(as_text=True)
    part, _, rest = profile.book.partition("/")
    slug, _, anchor = rest.partition("#")
    assert "Jak pracuje zespół – Księga Rekomendacyjna" in team_page
    assert f'href="/book/{part}/{slug}#{anchor}"' in team_page
    chapter = client.get(f"/book/{part}/{slug}").get_data(as_text=True)
    assert f'id="{anchor}"' in chapter


def test_hook_case_team_profile(app):
    """Each model's plugin answers for its own model only; an unknown model gets no profile, and
    the team then takes the core's name."""
    with app.test_request_context():
        plugins = get_plugins(app)
        assert plugins.case_team_profile("unknown") is None
        profiles = {key: plugins.case_team_profile(key) for key in MUNICIPALITY_BY_MODEL}
        assert len({str(p.name) for p in profiles.values()}) == 3
        assert all(p.book.startswith(f"{key}/") for key, p in profiles.items())
        impls = [i.plugin_name for i in plugins.pm.hook.case_team_profile.get_hookimpls()]
        assert sorted(impls) == sorted(MUNICIPALITY_BY_MODEL)


def team_case(app):
    """A worker, a family with a signed diagnosis, its team formed, a labour office in the PZK."""
    client, municipality = worker_client(app)
    labour_id = add_institution_row(app, municipality)
    client_id = family_with_signed_diagnosis(client)
    page = client.get(f"/clients/{client_id}").get_data(as_text=True)
    assert "Zespół wokół rodziny" in page and "Powołaj zespół" in page
    response = client.post(f"/clients/{client_id}/team/new",
                           data={"name": "ZZK Kowalskich", "formed_on": local_today().isoformat()})
    assert response.status_code == 302
    team_id = int(response.headers["Location"].rsplit("/", 1)[1])
    return client, municipality, client_id, labour_id, team_id


def test_a_team_is_formed_on_an_open_case_only(app):
    client, municipality, client_id, _labour, team_id = team_case(app)
    case_page = client.get(f"/clients/{client_id}").get_data(as_text=True)
    assert "ZZK Kowalskich" in case_page and "Powołaj zespół" not in case_page
    # a second team is not formed beside the first
    again = client.post(f"/clients/{client_id}/team/new", data={"name": "Drugi", "formed_on": local_today().isoformat()})
    assert again.headers["Location"].endswith(f"/teams/{team_id}")
    # bad input: a Polish message, the typed name kept
    future = (local_today() + timedelta(days=3)).isoformat()
    response = client.post(f"/teams/{team_id}/edit", data={"name": "Nowa nazwa", "formed_on": future, "version": "1"})
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "Data powołania nie może być późniejsza niż dzisiejsza." in page and 'value="Nowa nazwa"' in page
    # a closed case forms no team
    with app.app_context():
        other = db.session.scalar(select(Client).execution_options(all_tenants=True).where(Client.id == client_id))
        db.session.get(CaseTeam, team_id).closed_on = local_today()
        other.status = "closed"
        db.session.commit()
    refused = client.post(f"/clients/{client_id}/team/new", data={"name": "X", "formed_on": local_today().isoformat()})
    assert refused.status_code == 302
    assert "Sprawa jest zamknięta" in client.get(refused.headers["Location"]).get_data(as_text=True)
    assert len(everything(app, CaseTeam)) == 1


def test_stale_team_edit_is_refused_with_the_typed_values_kept(app):
    client, _m, _c, _l, team_id = team_case(app)
    first = client.post(f"/teams/{team_id}/edit", data={"name": "Pierwsza", "formed_on": local_today().isoformat(),
                                                        "version": "1"})
    assert first.status_code == 302
    second = client.post(f"/teams/{team_id}/edit", data={"name": "Druga", "formed_on": local_today().isoformat(),
                                                         "version": "1"})
    assert second.status_code == 409
    assert 'value="Druga"' in second.get_data(as_text=True) and "Pierwsza" in second.get_data(as_text=True)


def add_partner_member(app, client, municipality, labour_id, team_id, username="pup"):
    partner = add_user(username, "partner", municipality, institution_id=labour_id, must_change_password=False,
                       full_name="Anna Nowicka")
    response = client.post(f"/teams/{team_id}/members/new", data={
        "user_id": str(partner.id), "role": "przedstawiciel PUP", "sector": "labour",
        "institution_id": str(labour_id), "joined_on": local_today().isoformat()})
    assert response.status_code == 302, response.get_data(as_text=True)
    return partner


def test_members_are_accounts_or_named_people_and_leave_on_a_date(app):
    client, municipality, _client_id, labour_id, team_id = team_case(app)
    form = client.get(f"/teams/{team_id}/members/new").get_data(as_text=True)
    assert "pedagog szkolny" in form and 'list="team-roles"' in form
    add_partner_member(app, client, municipality, labour_id, team_id)
    # neither an account nor a name: a clear message, the typed role kept
    response = client.post(f"/teams/{team_id}/members/new", data={"role": "kurator rodzinny",
                                                                  "joined_on": local_today().isoformat()})
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "Wybierz konto albo wpisz imię i nazwisko osoby spoza aplikacji." in page and 'value="kurator rodzinny"' in page
    response = client.post(f"/teams/{team_id}/members/new", data={
        "name": "Jan Kurator", "role": "kurator rodzinny", "sector": "justice", "phone": "600 100 200",
        "email": "kurator@sad.example", "joined_on": local_today().isoformat()})
    assert response.status_code == 302
    page = client.get(f"/teams/{team_id}").get_data(as_text=True)
    assert "Anna Nowicka" in page and "Jan Kurator" in page and "przedstawiciel PUP" in page and "600 100 200" in page
    named = next(m for m in everything(app, CaseTeamMember) if m.name == "Jan Kurator")
    early = (local_today() - timedelta(days=5)).isoformat()
    assert "wcześniejsza niż data dołączenia" in client.post(f"/teams/members/{named.id}/leave",
                                                             data={"left_on": early}).get_data(as_text=True)
    assert client.post(f"/teams/members/{named.id}/leave", data={"left_on": local_today().isoformat()}).status_code == 302
    page = client.get(f"/teams/{team_id}").get_data(as_text=True)
    assert "Dawni członkowie" in page


def meeting_data(present, rows, **extra):
    data = MultiDict([("held_on", local_today().isoformat()), ("notes", "Rozmowa z rodziną o celach."),
                      ("decisions", "Rodzina zgadza się na wspólny plan."), *(("present", str(p)) for p in present)])
    for index, (text, kind) in enumerate(rows):
        data.add(f"rows-{index}-text", text)
        data.add(f"rows-{index}-kind", kind)
    for key, value in extra.items():
        data.add(key, value)
    return data


def test_a_meeting_with_decisions_and_a_missing_service_reported_without_client_data(app):
    client, municipality, client_id, labour_id, team_id = team_case(app)
    coordinator = add_user("koordynator", "coordinator", municipality, must_change_password=False)
    partner = add_partner_member(app, client, municipality, labour_id, team_id)
    member_id = everything(app, CaseTeamMember)[0].id
    response = client.post(f"/teams/{team_id}/meetings/new", data=meeting_data([member_id], [
        ("Doradztwo zawodowe w PUP – dopisać do kontraktu", "contract_action"),
        ("PUP sprawdza oferty staży", "partner_task"),
        ("Brak w gminie grupy wsparcia dla rodziców nastolatków", "missing_service")]))
    assert response.status_code == 302, response.get_data(as_text=True)
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Anna Nowicka" in page and "Rozmowa z rodziną o celach." in page
    assert "Przenieś do kontraktu" in page and "Przekaż jako zadanie" in page and "zgłoszone koordynatorowi PZK" in page
    notifications = [n for n in everything(app, Notification) if n.kind == "team_missing_service"]
    assert [n.user_id for n in notifications] == [coordinator.id] and partner.id not in [n.user_id for n in notifications]
    coordinator_client = app.test_client()
    login(coordinator_client, "koordynator")
    listing = coordinator_client.get("/notifications/").get_data(as_text=True)
    assert "Zespół wokół rodziny zgłosił brak usługi w koszyku" in listing
    with app.app_context():
        surname = db.session.scalar(select(Client).execution_options(all_tenants=True)
                                    .where(Client.id == client_id)).applicant.last_name
    assert surname not in listing and "nastolatków" not in listing and "ZZK Kowalskich" not in listing
    assert notifications[0].params == {}
    # an impossible kind is refused in Polish, the typed words kept
    response = client.post(f"/teams/{team_id}/meetings/new", data=meeting_data([], [("Coś", "zly")]))
    assert response.status_code == 400
    assert "Wybierz rodzaj ustalenia z listy." in response.get_data(as_text=True)


def test_a_partner_member_reads_the_team_others_get_404_and_every_view_is_audited(app):
    client, municipality, client_id, labour_id, team_id = team_case(app)
    add_partner_member(app, client, municipality, labour_id, team_id)
    client.post(f"/teams/{team_id}/meetings/new", data=meeting_data([], [("PUP sprawdza staże", "partner_task")]))
    partner = app.test_client()
    assert login(partner, "pup").status_code == 302
    # without the family's consent for the institution, not even a member reads the team
    assert partner.get(f"/teams/{team_id}").status_code == 404
    assert "ZZK Kowalskich" not in partner.get("/teams/mine").get_data(as_text=True)
    with app.app_context():
        case = db.session.get(Client, client_id) or db.session.scalar(
            select(Client).execution_options(all_tenants=True).where(Client.id == client_id))
        consents.record_consent(case, case.applicant.id, labour_id, ["diagnosis_plan"], local_today(), "written",
                                None, case.worker)
        db.session.commit()
    assert f'href="/teams/{team_id}"' in partner.get("/teams/mine").get_data(as_text=True)
    page = partner.get(f"/teams/{team_id}")
    assert page.status_code == 200 and "ZZK Kowalskich" in page.get_data(as_text=True)
    meeting_link = page.get_data(as_text=True).split('href="/teams/meetings/')[1].split('"')[0]
    assert "PUP sprawdza staże" in partner.get(f"/teams/meetings/{meeting_link}").get_data(as_text=True)
    # nothing else of the case
    assert partner.get(f"/clients/{client_id}").status_code == 403
    assert partner.post(f"/teams/{team_id}/members/new", data={"name": "X", "role": "Y"}).status_code == 403
    # another partner of the same PZK, and another municipality's worker: 404
    school_id = add_institution_row(app, municipality, name="Szkoła Podstawowa nr 3", sector="education")
    stranger = partner_client(app, municipality, school_id, username="szkola")
    assert stranger.get(f"/teams/{team_id}").status_code == 404
    assert stranger.get(f"/teams/meetings/{meeting_link}").status_code == 404
    assert "ZZK Kowalskich" not in stranger.get("/teams/mine").get_data(as_text=True)
    far, _user = client_as(app, "social_worker", add_municipality(MUNICIPALITY_BY_MODEL["rural"]))
    assert far.get(f"/teams/{team_id}").status_code == 404
    # every page that showed the team is in the audit trail as an access to the case
    accesses = [(e.user_id, e.detail) for e in everything(app, AuditEvent)
                if e.action == "case_accessed" and e.client_id == client_id]
    with app.app_context():
        partner_id = db.session.scalar(select(CaseTeamMember.user_id).execution_options(all_tenants=True)
                                       .where(CaseTeamMember.user_id.is_not(None)))
    assert (partner_id, "teams.detail") in accesses and (partner_id, "teams.meeting") in accesses
    assert any(detail == "teams.detail" and user_id != partner_id for user_id, detail in accesses)
    assert "case_team_formed" in [e.action for e in everything(app, AuditEvent)]
