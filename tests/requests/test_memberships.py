"""One account with a role in several municipalities (a PCPR worker): it signs in to its home
municipality, switches explicitly in the header, and from the switch on sees only the other
municipality's records, with the role it has there; a switch to a municipality it has no role in
changes nothing."""
import pytest
from builders import FEMALE_2005, MALE_1944, add_membership, add_municipality, add_user, client_as, login, register, switch_to
from sqlalchemy import select

from kooperacje.audit.models import AuditEvent
from kooperacje.auth.models import LoginSession, Membership, User
from kooperacje.extensions import db
from kooperacje.notifications.service import notify


@pytest.fixture
def powiat(app):
    """Zgierz and Aleksandrów Łódzki with one case each, and a PCPR worker at home in Zgierz with
    the coordinator's role in Aleksandrów."""
    zgierz, aleksandrow = add_municipality("102003"), add_municipality("102004")
    for municipality, surname, pesel in ((zgierz, "Zgierska", MALE_1944), (aleksandrow, "Aleksandrowska", FEMALE_2005)):
        local, _user = client_as(app, "social_worker", municipality)
        assert register(local, last_name=surname, pesel=pesel).status_code == 302
    pcpr = add_user("pcpr.zgierski", "social_worker", zgierz, full_name="Joanna Wójcik", must_change_password=False)
    second = add_membership(pcpr, aleksandrow, "coordinator")
    client = app.test_client()
    assert login(client, "pcpr.zgierski").status_code == 302
    return {"zgierz": zgierz, "aleksandrow": aleksandrow, "pcpr": pcpr, "second": second, "client": client}


def _session_membership(app, user_id):
    with app.app_context():
        return db.session.scalar(select(LoginSession.membership_id).where(LoginSession.user_id == user_id,
                                                                          LoginSession.ended_at.is_(None)))


def test_the_account_starts_in_its_home_and_the_header_offers_both_municipalities(powiat):
    page = powiat["client"].get("/").get_data(as_text=True)
    assert powiat["zgierz"].label in page.split("<main")[1]
    switch = page.split('class="membership-switch"')[1].split("</form>")[0]
    assert powiat["zgierz"].label in switch and powiat["aleksandrow"].label in switch
    assert "Koordynator PZK" in switch and "Pracownik socjalny" in switch
    assert "Zgierska" in powiat["client"].get("/clients/").get_data(as_text=True)


def test_an_account_with_one_municipality_has_no_switch(app, powiat):
    local, _user = client_as(app, "social_worker", powiat["zgierz"])
    assert "membership-switch" not in local.get("/").get_data(as_text=True)


def test_switching_moves_the_login_to_the_other_municipality_and_is_audited(app, powiat):
    client = powiat["client"]
    response = switch_to(client, powiat["second"])
    assert response.status_code == 302 and response.headers["Location"].endswith("/")
    page = client.get("/").get_data(as_text=True)
    assert powiat["aleksandrow"].label in page.split("<main")[1] and "Koordynator PZK" in page
    assert _session_membership(app, powiat["pcpr"].id) == powiat["second"]
    with app.app_context():
        event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "membership_switched")
                                  .execution_options(all_tenants=True))
        assert (event.user_id, event.municipality_id) == (powiat["pcpr"].id, powiat["aleksandrow"].id)
        assert event.object_id == powiat["second"]
        account = db.session.get(User, powiat["pcpr"].id)  # the account itself stays as it was
        assert account.municipality_id == powiat["zgierz"].id


def test_after_the_switch_the_role_is_the_one_held_in_that_municipality(powiat):
    client = powiat["client"]
    assert client.get("/clients/").status_code == 200  # a social worker in Zgierz
    assert client.get("/partnership/setup").status_code == 403  # the PZK is set up by its coordinator
    switch_to(client, powiat["second"])
    assert client.get("/clients/").status_code == 403  # the coordinator in Aleksandrów reads no case file
    assert client.get("/partnership/setup").status_code == 200


def test_every_list_shows_the_records_of_the_municipality_switched_to_only(app, powiat):
    client = powiat["client"]
    with app.app_context():
        home = db.session.scalar(select(Membership.id).where(Membership.user_id == powiat["pcpr"].id,
                                                             Membership.municipality_id == powiat["zgierz"].id))
    with app.app_context():  # the PCPR worker is a social worker in Aleksandrów now
        db.session.get(Membership, powiat["second"]).role = "social_worker"
        db.session.commit()
    switch_to(client, powiat["second"])
    listing = client.get("/clients/").get_data(as_text=True)
    assert "Aleksandrowska" in listing and "Zgierska" not in listing
    switch_to(client, home)
    listing = client.get("/clients/").get_data(as_text=True)
    assert "Zgierska" in listing and "Aleksandrowska" not in listing


@pytest.mark.parametrize("which", ["someone_elses", "unknown", "not_a_number"])
def test_a_tampered_switch_is_not_found_and_changes_nothing(app, powiat, which):
    stranger = add_user("worker.dalikow", "social_worker", add_municipality("101101"), must_change_password=False)
    with app.app_context():
        theirs = db.session.scalar(select(Membership.id).where(Membership.user_id == stranger.id))
    value = {"someone_elses": theirs, "unknown": 999_999, "not_a_number": "x"}[which]
    client = powiat["client"]
    assert client.post("/account/municipality", data={"membership": value}).status_code == 404
    assert _session_membership(app, powiat["pcpr"].id) is None
    assert powiat["zgierz"].label in client.get("/").get_data(as_text=True).split("<main")[1]
    with app.app_context():
        assert db.session.scalar(select(AuditEvent.id).where(AuditEvent.action == "membership_switched")
                                 .execution_options(all_tenants=True)) is None


def test_a_removed_membership_stops_working_at_the_next_request(app, powiat):
    client = powiat["client"]
    switch_to(client, powiat["second"])
    root, _ = client_as(app, "superadmin")
    response = root.post(f"/users/{powiat['pcpr'].id}/memberships/remove", data={"membership": powiat["second"]})
    assert response.status_code == 302
    page = client.get("/").get_data(as_text=True)
    assert powiat["zgierz"].label in page.split("<main")[1] and "membership-switch" not in page
    assert client.post("/account/municipality", data={"membership": powiat["second"]}).status_code == 404


def test_the_home_administrator_cannot_manage_an_account_of_several_municipalities(app, powiat):
    admin, _ = client_as(app, "municipality_admin", powiat["zgierz"])
    user_id = powiat["pcpr"].id
    assert "zarządza nim administrator wdrożenia" in admin.get("/users/").get_data(as_text=True)
    for path in (f"/users/{user_id}/edit", f"/users/{user_id}/reset-password", f"/users/{user_id}/deactivate"):
        assert admin.get(path).status_code == 404
        assert admin.post(path).status_code == 404
    assert admin.get(f"/users/{user_id}/memberships").status_code == 403


def test_the_deployment_administrator_adds_a_membership_audited_as_a_grant(app, powiat):
    root, _ = client_as(app, "superadmin")
    dalikow = add_municipality("101101")
    worker = add_user("worker.z", "social_worker", powiat["zgierz"], must_change_password=False)
    url = f"/users/{worker.id}/memberships"
    refused = root.post(url, data={"municipality_id": str(powiat["zgierz"].id), "role": "social_worker"})
    assert refused.status_code == 400 and "ma już rolę w tej gminie" in refused.get_data(as_text=True)
    assert root.post(url, data={"municipality_id": str(dalikow.id), "role": "superadmin"}).status_code == 400
    assert root.post(url, data={"municipality_id": str(dalikow.id), "role": "social_worker"}).status_code == 302
    assert dalikow.label in root.get(url).get_data(as_text=True)
    with app.app_context():
        events = db.session.execute(select(AuditEvent.action, AuditEvent.municipality_id).where(
            AuditEvent.action.in_(["membership_added", "case_access_granted"]), AuditEvent.municipality_id == dalikow.id)
            .execution_options(all_tenants=True)).all()
        assert sorted(events) == [("case_access_granted", dalikow.id), ("membership_added", dalikow.id)]
    local = app.test_client()
    login(local, "worker.z")
    assert "membership-switch" in local.get("/").get_data(as_text=True)


def test_a_role_that_needs_the_second_factor_anywhere_asks_for_it_at_login(app, powiat):
    """Switching must not skip two-step login: an administrator's role in the second
    municipality makes the account sign in with a code, wherever its home is."""
    app.config["TOTP_ROLES"] = ["municipality_admin"]
    with app.app_context():
        db.session.get(Membership, powiat["second"]).role = "municipality_admin"
        db.session.commit()
    response = login(app.test_client(), "pcpr.zgierski")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_the_header_counts_the_unread_notifications_of_the_municipality_worked_in(app, powiat):
    """The count comes with the session lookup for the municipality the session works in; a
    switch moves it to the other municipality's notifications."""
    with app.app_context():
        for municipality, times in ((powiat["zgierz"], 2), (powiat["aleksandrow"], 1)):
            for _ in range(times):
                notify(municipality.id, [powiat["pcpr"].id], "case_assigned", "clients.index")
        db.session.commit()
        home = db.session.scalar(select(Membership.id).where(Membership.user_id == powiat["pcpr"].id,
                                                             Membership.municipality_id == powiat["zgierz"].id))
    client = powiat["client"]
    assert 'class="badge">2<' in client.get("/").get_data(as_text=True)
    switch_to(client, powiat["second"])
    assert 'class="badge">1<' in client.get("/").get_data(as_text=True)
    switch_to(client, home)  # the session names its membership now, the home one
    assert 'class="badge">2<' in client.get("/").get_data(as_text=True)
    refused = client.post("/clients/new", data={"kind": "person"})  # a form's answer counts again
    assert refused.status_code == 400 and 'class="badge">2<' in refused.get_data(as_text=True)
    client.post("/notifications/read")
    assert 'class="badge"' not in client.get("/").get_data(as_text=True)
    switch_to(client, powiat["second"])  # reading Zgierz's left Aleksandrów's unread
    assert 'class="badge">1<' in client.get("/").get_data(as_text=True)
