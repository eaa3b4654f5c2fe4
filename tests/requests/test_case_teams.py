"""The team around a family: the model's name for it, forming it on an open case, its members
and meetings, a missing service reported to the PZK without the family's data, and who may read
the team's page (the case's staff, the team's partner members with the family's consent)."""
from datetime import timedelta

import pytest
from builders import (MUNICIPALITY_BY_MODEL, add_institution_row, add_municipality, add_user, client_as,
                      family_with_signed_diagnosis, login, new_contract, part_one, partner_client, post_part_one,
                      snapshot, version_of, worker_client)
from sqlalchemy import select
from werkzeug.datastructures import MultiDict

from kooperacje.audit.models import AuditEvent
from kooperacje.auth.models import User
from kooperacje.clients.models import Client
from kooperacje.clock import local_today
from kooperacje.consents import service as consents
from kooperacje.consents.models import Consent
from kooperacje.database import job_tenant
from kooperacje.contracts.models import ContractAction, ContractAmendment
from kooperacje.extensions import db
from kooperacje.notifications.models import Notification
from kooperacje.partnership import service as pzk
from kooperacje.partnership.models import Task
from kooperacje.plugins import get_plugins
from kooperacje.teams.models import CaseTeam, CaseTeamDecision, CaseTeamMember


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
    # every page that showed the team is in the audit trail as an access to the case; a refused one is not
    assert client.get(f"/teams/{team_id}").status_code == 200
    accesses = [(e.user_id, e.detail) for e in everything(app, AuditEvent)
                if e.action == "case_accessed" and e.client_id == client_id]
    with app.app_context():
        partner_id = db.session.scalar(select(CaseTeamMember.user_id).execution_options(all_tenants=True)
                                       .where(CaseTeamMember.user_id.is_not(None)))
    assert (partner_id, "teams.detail") in accesses and (partner_id, "teams.meeting") in accesses
    assert any(detail == "teams.detail" and user_id != partner_id for user_id, detail in accesses)
    with app.app_context():
        stranger_id = db.session.scalar(select(User.id).where(User.username == "szkola"))
    assert stranger_id not in [user_id for user_id, _detail in accesses]
    assert "case_team_formed" in [e.action for e in everything(app, AuditEvent)]


# --- decisions carried out: a contract action or a partner task -------------------------------

def decisions_case(app, contract="draft"):
    """The team's case with a contract (a draft, or one signed) and the labour office's
    representative a member; one meeting with a contract decision and a task decision."""
    client, municipality, client_id, labour_id, team_id = team_case(app)
    edit_url = new_contract(client, client_id)
    post_part_one(client, edit_url, part_one(labour_id))
    if contract == "signed":
        sign_url = edit_url.replace("/edit", "/sign")
        page = client.get(sign_url).get_data(as_text=True)
        assert client.post(sign_url, data={"version": version_of(page),
                                           "concluded_on": local_today().isoformat()}).status_code == 302
    partner = add_partner_member(app, client, municipality, labour_id, team_id)
    response = client.post(f"/teams/{team_id}/meetings/new", data=meeting_data([], [
        ("Doradztwo zawodowe w PUP raz w miesiącu", "contract_action"),
        ("PUP przedstawi oferty staży", "partner_task"),
        ("Brak grupy wsparcia dla rodziców", "missing_service")]))
    meeting_url = response.headers["Location"]
    contract_id = int(edit_url.split("/")[-2])
    return client, municipality, client_id, labour_id, team_id, meeting_url, contract_id, partner


def decision_ids(app):
    return {d.kind: d.id for d in everything(app, CaseTeamDecision)}


def test_a_decision_becomes_an_action_of_the_draft_contract_once(app):
    client, _m, _c, labour_id, _t, meeting_url, contract_id, _p = decisions_case(app)
    decision_id = decision_ids(app)["contract_action"]
    form = client.get(f"/teams/decisions/{decision_id}/apply").get_data(as_text=True)
    assert "Doradztwo zawodowe w PUP raz w miesiącu" in form and "projektu kontraktu socjalnego nr 1" in form
    due = (local_today() + timedelta(days=20)).isoformat()
    # a partner's action needs its institution: a Polish message, the typed words kept
    response = client.post(f"/teams/decisions/{decision_id}/apply", data={
        "party": "partner", "description": "Doradztwo zawodowe co miesiąc", "due_on": due})
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "Wskaż instytucję, która wykona działanie." in page and "Doradztwo zawodowe co miesiąc" in page
    response = client.post(f"/teams/decisions/{decision_id}/apply", data={
        "party": "partner", "institution_id": str(labour_id), "description": "Doradztwo zawodowe co miesiąc",
        "due_on": due})
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Dodano działanie nr 4 do projektu kontraktu nr 1." in page
    assert "działanie nr 4" in page and f'href="/clients/contracts/{contract_id}#dzialania"' in page
    contract_page = client.get(f"/clients/contracts/{contract_id}").get_data(as_text=True)
    assert "Doradztwo zawodowe co miesiąc" in contract_page
    actions = [a for a in everything(app, ContractAction) if a.contract_id == contract_id]
    assert len(actions) == 4 and not [a for a in everything(app, ContractAmendment)]
    decision = next(d for d in everything(app, CaseTeamDecision) if d.id == decision_id)
    assert decision.contract_action_id == actions[-1].id and decision.applied_on == local_today()
    # twice: refused with a clear message, nothing more added
    again = client.post(f"/teams/decisions/{decision_id}/apply", data={
        "party": "client", "description": "Drugi raz", "due_on": due})
    assert again.status_code == 302
    assert "przeniesiono już do kontraktu socjalnego nr 1 jako działanie nr 4" in \
        client.get(again.headers["Location"]).get_data(as_text=True)
    assert len([a for a in everything(app, ContractAction) if a.contract_id == contract_id]) == 4
    assert ("case_team_decision_applied", f"decision:{decision_id};action:{actions[-1].id}") in \
        [(e.action, e.detail) for e in everything(app, AuditEvent)]


def test_a_signed_contracts_part_one_stays_and_the_action_comes_by_amendment(app):
    client, _m, _c, _l, _t, meeting_url, contract_id, _p = decisions_case(app, contract="signed")
    decision_id = decision_ids(app)["contract_action"]
    assert "aneksem" in client.get(f"/teams/decisions/{decision_id}/apply").get_data(as_text=True)
    before = {(a.id, a.description, a.due_on) for a in everything(app, ContractAction)}
    due = local_today() + timedelta(days=10)
    response = client.post(f"/teams/decisions/{decision_id}/apply", data={
        "party": "client", "description": "Udział w spotkaniach z doradcą", "due_on": due.isoformat()})
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "aneksem z dnia" in page
    assert before < {(a.id, a.description, a.due_on) for a in everything(app, ContractAction)}
    [amendment] = everything(app, ContractAmendment)
    assert amendment.made_on == local_today() and "Dodano działanie nr 4 (osoba lub rodzina" in amendment.text
    assert "Udział w spotkaniach z doradcą" in amendment.text and "ustalenia zespołu wokół rodziny" in amendment.text
    decision = next(d for d in everything(app, CaseTeamDecision) if d.id == decision_id)
    assert decision.amendment_id == amendment.id
    contract_page = client.get(f"/clients/contracts/{contract_id}").get_data(as_text=True)
    assert "Udział w spotkaniach z doradcą" in contract_page and amendment.text in contract_page


def test_an_evaluated_or_missing_contract_takes_no_action_and_says_why(app):
    client, _m, _client_id, _l, team_id = team_case(app)  # no contract at all
    response = client.post(f"/teams/{team_id}/meetings/new", data=meeting_data([], [("Coś do kontraktu",
                                                                                    "contract_action")]))
    decision_id = decision_ids(app)["contract_action"]
    refused = client.post(f"/teams/decisions/{decision_id}/apply", data={
        "party": "client", "description": "X", "due_on": local_today().isoformat()})
    assert refused.status_code == 302
    assert "Sprawa nie ma kontraktu socjalnego w przygotowaniu ani w realizacji." in \
        client.get(refused.headers["Location"]).get_data(as_text=True)
    assert not everything(app, ContractAction) and response.status_code == 302


def test_a_decision_becomes_a_task_the_members_institution_sees_in_its_portal(app):
    client, municipality, _c, labour_id, _t, meeting_url, _k, _partner = decisions_case(app)
    decision_id = decision_ids(app)["partner_task"]
    form = client.get(f"/teams/decisions/{decision_id}/apply").get_data(as_text=True)
    assert "Anna Nowicka – PUP w Zgierzu" in form and "bez nazwisk" in form
    early = (local_today() - timedelta(days=30)).isoformat()
    response = client.post(f"/teams/decisions/{decision_id}/apply", data={"title": "Oferty staży", "due_on": early})
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "Wybierz członka zespołu z instytucji partnerskiej z listy." in page
    assert "Termin nie może być wcześniejszy niż dzień spotkania zespołu." in page and 'value="Oferty staży"' in page
    member_id = next(m.id for m in everything(app, CaseTeamMember) if m.institution_id == labour_id)
    due = (local_today() + timedelta(days=14)).isoformat()
    response = client.post(f"/teams/decisions/{decision_id}/apply", data={
        "member_id": str(member_id), "title": "Oferty staży na najbliższy kwartał", "due_on": due})
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Przekazano zadanie instytucji PUP w Zgierzu." in page and "zadanie dla instytucji PUP w Zgierzu" in page
    [task] = [t for t in everything(app, Task) if t.title == "Oferty staży na najbliższy kwartał"]
    assert task.owner_institution_id == labour_id and task.owner_person == "Anna Nowicka" and task.decision_id is None
    assert next(d for d in everything(app, CaseTeamDecision) if d.id == decision_id).task_id == task.id
    assert client.post(f"/teams/decisions/{decision_id}/apply", data={
        "member_id": str(member_id), "title": "Drugi", "due_on": due}).status_code == 302
    assert len([t for t in everything(app, Task) if t.owner_institution_id == labour_id]) == 1
    # the institution's portal shows it as any task; another institution's gets 404
    partner = app.test_client()
    login(partner, "pup")
    assert "Oferty staży na najbliższy kwartał" in partner.get("/partner/").get_data(as_text=True)
    assert partner.get(f"/partner/tasks/{task.id}").status_code == 200
    school_id = add_institution_row(app, municipality, name="Szkoła Podstawowa nr 3", sector="education")
    assert partner_client(app, municipality, school_id, username="szkola").get(
        f"/partner/tasks/{task.id}").status_code == 404
    # the PZK's agendas carry the PZK's own tasks, not one family's
    with job_tenant(app, municipality.id):
        assert task.id not in [t.id for t in pzk.open_tasks(pzk.current_partnership())]


def test_only_the_cases_worker_or_the_teams_founder_carries_decisions_out(app):
    client, municipality, _c, _l, _t, meeting_url, _k, _p = decisions_case(app)
    decision_id = decision_ids(app)["partner_task"]
    colleague = app.test_client()
    add_user("kolega", "social_worker", municipality, must_change_password=False)
    login(colleague, "kolega")
    assert "Przekaż jako zadanie" not in colleague.get(meeting_url).get_data(as_text=True)
    refused = colleague.get(f"/teams/decisions/{decision_id}/apply")
    assert refused.status_code == 302
    assert "pracownik prowadzący sprawę albo pracownik, który powołał zespół" in \
        colleague.get(refused.headers["Location"]).get_data(as_text=True)


def test_partners_without_consent_withdrawn_or_of_another_institution_get_nothing_and_change_nothing(app):
    client, municipality, client_id, labour_id, team_id, meeting_url, _k, _p = decisions_case(app)
    ids = decision_ids(app)
    school_id = add_institution_row(app, municipality, name="Szkoła Podstawowa nr 3", sector="education")
    with app.app_context():
        case = db.session.scalar(select(Client).execution_options(all_tenants=True).where(Client.id == client_id))
        for institution_id in (labour_id, school_id):
            consents.record_consent(case, case.applicant.id, institution_id, ["diagnosis_plan"], local_today(),
                                    "written", None, case.worker)
        db.session.commit()
    pup = app.test_client()
    login(pup, "pup")
    assert pup.get(f"/teams/{team_id}").status_code == 200  # with consent, the member reads the team
    with app.app_context():
        consent = next(c for c in db.session.scalars(select(Consent).execution_options(all_tenants=True))
                       if c.institution_id == labour_id)
    withdraw_url = f"/clients/consents/{consent.id}/withdraw"
    assert client.post(withdraw_url, data={"withdrawn_on": local_today().isoformat(),
                                           "version": version_of(client.get(withdraw_url).get_data(as_text=True))}
                       ).status_code == 302
    school = partner_client(app, municipality, school_id, username="szkola")  # consent, but no member
    nobody = partner_client(app, municipality, school_id, username="bez.zgody")
    with app.app_context():
        before = snapshot(municipality.id)
    meeting_path = meeting_url.split("localhost")[-1]
    for partner in (pup, school, nobody):
        assert partner.get(f"/teams/{team_id}").status_code == 404
        assert partner.get(meeting_path).status_code == 404
        assert "PUP przedstawi oferty staży" not in partner.get("/teams/mine").get_data(as_text=True)
        for decision_id in ids.values():
            assert partner.get(f"/teams/decisions/{decision_id}/apply").status_code == 403
            assert partner.post(f"/teams/decisions/{decision_id}/apply", data={
                "party": "client", "description": "Obce", "member_id": "1", "title": "Obce",
                "due_on": local_today().isoformat()}).status_code == 403
    with app.app_context():
        assert snapshot(municipality.id) == before
