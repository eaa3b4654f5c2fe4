"""The PZK's action plan: goals and their actions, progress (done of all but the dropped),
overdue actions, the overview's block, permissions, tenant boundaries, Polish validation,
versioned saves, deleting with a confirmation and the CSV/XLSX equal to the page."""
import csv
import html
import io
import re
from datetime import timedelta

import pytest
from builders import (add_decision, add_institution, add_meeting, add_user, client_as, coordinator_client, login,
                      set_up, version_of)
from openpyxl import load_workbook
from sqlalchemy import select

from kooperacje.audit.models import AuditEvent
from kooperacje.clock import local_today
from kooperacje.extensions import db
from kooperacje.plans.models import PlanAction, PlanGoal

TODAY = local_today()


def _iso(days):
    return (TODAY + timedelta(days=days)).isoformat()


def add_goal(client, title="Wsparcie rodzin z dziećmi", **fields):
    response = client.post("/partnership/plan/goals/new", data={
        "number": "1", "title": title, "indicator": "20 rodzin objętych asystenturą", "target_on": _iso(300),
        **fields})
    assert response.status_code == 302, response.get_data(as_text=True)
    return int(re.search(r"#cel-(\d+)", response.headers["Location"]).group(1))


def add_action(client, goal_id, title, owner, state="planned", starts=-30, ends=30, **fields):
    response = client.post(f"/partnership/plan/goals/{goal_id}/actions/new", data={
        "title": title, "owner_institution_id": str(owner), "starts_on": _iso(starts), "ends_on": _iso(ends),
        "state": state, **fields})
    assert response.status_code == 302, response.get_data(as_text=True)
    return int(re.search(r"#dzialanie-(\d+)", response.headers["Location"]).group(1))


@pytest.fixture
def plan(app):
    """A coordinator's PZK with a goal of three actions: done, late in progress, dropped and late."""
    client, municipality = coordinator_client(app)
    set_up(client)
    mops = add_institution(client, "Miejski Ośrodek Pomocy Społecznej")
    pup = add_institution(client, "Powiatowy Urząd Pracy")
    meeting = add_meeting(client, _iso(-40))
    add_decision(client, meeting, "Asystenci obejmą rodziny.", "Lista rodzin do asystentury", mops, _iso(10))
    goal = add_goal(client)
    done = add_action(client, goal, "Szkolenie asystentów", mops, "done", -60, -10)
    late = add_action(client, goal, "Warsztaty dla rodziców", pup, "in_progress", -30, -1)
    dropped = add_action(client, goal, "Festyn rodzinny", pup, "dropped", -30, -5)
    return client, municipality, {"goal": goal, "done": done, "late": late, "dropped": dropped, "mops": mops,
                                  "pup": pup, "meeting": meeting}


def _rows(body):
    """The plan page's action rows as their cells' text."""
    rows = []
    for row in re.findall(r'<tr id="dzialanie-\d+">(.*?)</tr>', body, re.S):
        cells = re.findall(r"<td>(.*?)</td>", row, re.S)
        rows.append([html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", c))).strip() for c in cells])
    return rows


def test_the_coordinator_builds_the_plan_and_sees_its_progress_and_overdue_actions(app, plan):
    client, _municipality, ids = plan
    body = client.get("/partnership/plan/").get_data(as_text=True)
    assert "Cel 1. Wsparcie rodzin z dziećmi" in body and "20 rodzin objętych asystenturą" in body
    assert "1 z 2 działań wykonanych (50%)" in body and "zaniechane, niewliczane: 1" in body
    rows = {row[0].split(" Edytuj")[0]: row for row in _rows(body)}
    assert rows["Warsztaty dla rodziców"][1] == "Powiatowy Urząd Pracy"
    assert rows["Warsztaty dla rodziców"][4] == "w toku" and "po terminie" in rows["Warsztaty dla rodziców"][3]
    assert "po terminie" not in rows["Festyn rodzinny"][3] and rows["Festyn rodzinny"][4] == "zaniechane"
    assert "po terminie" not in rows["Szkolenie asystentów"][3] and rows["Szkolenie asystentów"][4] == "wykonane"
    assert "Działania po terminie: 1." in body
    overview = client.get("/partnership/").get_data(as_text=True)
    assert "Wykonane działania: 1 z 2 (bez zaniechanych)." in overview and "Działania po terminie: 1." in overview
    assert 'href="/partnership/plan/"' in overview
    assert 'href="/partnership/plan/"' in client.get("/partnership/tasks").get_data(as_text=True)  # the sub-navigation
    with app.app_context():
        actions = [e.action for e in db.session.scalars(select(AuditEvent).order_by(AuditEvent.id))]
    assert actions.count("plan_action_saved") == 3 and "plan_goal_saved" in actions


def test_an_action_links_the_meeting_and_the_open_tasks_that_carry_it_out(app, plan):
    client, _municipality, ids = plan
    url = f"/partnership/plan/actions/{ids['late']}/edit"
    page = client.get(url).get_data(as_text=True)
    assert "Lista rodzin do asystentury" in page
    task_id = int(re.search(r'name="task_ids" type="checkbox" value="(\d+)"', page).group(1))
    response = client.post(url, data={"title": "Warsztaty dla rodziców", "owner_institution_id": ids["pup"],
                                      "starts_on": _iso(-30), "ends_on": _iso(-1), "state": "in_progress",
                                      "meeting_id": ids["meeting"], "task_ids": [task_id],
                                      "version": version_of(page)})
    assert response.status_code == 302
    body = client.get("/partnership/plan/").get_data(as_text=True)
    assert f'href="/partner/tasks/{task_id}/history">Lista rodzin do asystentury</a>' in body
    assert f'href="/partnership/meetings/{ids["meeting"]}#ustalenia"' in body
    edit = client.get(url).get_data(as_text=True)
    assert re.search(rf'value="{task_id}"[^>]*checked|checked[^>]*value="{task_id}"', edit)


def test_a_worker_reads_the_plan_but_cannot_change_it(app, plan):
    _client, municipality, ids = plan
    worker, _user = client_as(app, "social_worker", municipality)
    body = worker.get("/partnership/plan/").get_data(as_text=True)
    assert "Szkolenie asystentów" in body and "Dodaj cel" not in body and "Edytuj" not in body
    assert worker.get("/partnership/plan/actions.csv").status_code == 200
    for url in ("/partnership/plan/goals/new", f"/partnership/plan/goals/{ids['goal']}/edit",
                f"/partnership/plan/goals/{ids['goal']}/actions/new", f"/partnership/plan/actions/{ids['done']}/edit",
                f"/partnership/plan/actions/{ids['done']}/delete", f"/partnership/plan/goals/{ids['goal']}/delete"):
        assert worker.get(url).status_code == 403, url
        assert worker.post(url, data={"title": "Obce"}).status_code == 403, url
    with app.app_context():
        assert db.session.get(PlanAction, ids["done"]).title == "Szkolenie asystentów"


def test_another_municipalitys_goals_and_actions_are_not_found_and_stay_unchanged(app, plan):
    _client, _municipality, ids = plan
    stranger, _other = coordinator_client(app, "rural", "koord.obcy")
    set_up(stranger, "rural")
    for url in (f"/partnership/plan/goals/{ids['goal']}/edit", f"/partnership/plan/goals/{ids['goal']}/actions/new",
                f"/partnership/plan/actions/{ids['done']}/edit", f"/partnership/plan/actions/{ids['done']}/delete",
                f"/partnership/plan/goals/{ids['goal']}/delete"):
        assert stranger.get(url).status_code == 404, url
        assert stranger.post(url, data={"title": "Obce", "number": "1", "state": "done", "version": "1"}).status_code == 404
    assert "Szkolenie asystentów" not in stranger.get("/partnership/plan/").get_data(as_text=True)
    with app.app_context():
        goal = db.session.get(PlanGoal, ids["goal"])
        assert goal.title == "Wsparcie rodzin z dziećmi" and len(goal.actions) == 3
        assert db.session.get(PlanAction, ids["done"]).state == "done"


def test_validation_speaks_polish_and_keeps_the_typed_values(app, plan):
    client, _municipality, ids = plan
    url = f"/partnership/plan/goals/{ids['goal']}/actions/new"
    response = client.post(url, data={"title": "", "owner_institution_id": ids["pup"], "starts_on": _iso(5),
                                      "ends_on": _iso(1), "state": "planned", "note": "Uwaga wpisana"})
    body = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Podaj nazwę działania." in body
    assert "Koniec działania nie może być wcześniejszy niż jego początek." in body
    assert "Uwaga wpisana" in body and f'value="{_iso(5)}"' in body
    left = add_institution(client, "Stowarzyszenie, które wystąpiło", joined="2025-01-10", left=_iso(-100))
    stranger, _other = coordinator_client(app, "rural", "koord.obcy")
    set_up(stranger, "rural")
    foreign = add_institution(stranger, "Obca instytucja")
    for owner in (left, foreign, 999999):
        response = client.post(url, data={"title": "Nowe działanie", "owner_institution_id": owner, "state": "planned"})
        body = response.get_data(as_text=True)
        assert response.status_code == 400 and "Wybierz instytucję członkowską tego zespołu." in body, owner
        assert 'value="Nowe działanie"' in body
    response = client.post("/partnership/plan/goals/new", data={"number": "1", "title": "Drugi cel"})
    assert response.status_code == 400 and "Cel o numerze 1 jest już w planie." in response.get_data(as_text=True)
    response = client.post("/partnership/plan/goals/new", data={"number": "2", "title": " ", "indicator": "Wskaźnik X"})
    body = response.get_data(as_text=True)
    assert response.status_code == 400 and "Podaj nazwę celu." in body and "Wskaźnik X" in body
    with app.app_context():
        assert db.session.scalar(select(PlanAction).where(PlanAction.title == "Nowe działanie")) is None


def test_a_stale_action_save_is_a_conflict_that_keeps_the_typed_text(app, plan):
    client, municipality, ids = plan
    add_user("koord2", "coordinator", municipality)
    other = app.test_client()
    login(other, "koord2")
    url = f"/partnership/plan/actions/{ids['late']}/edit"
    form = {"title": "Warsztaty dla rodziców", "owner_institution_id": ids["pup"], "starts_on": _iso(-30),
            "ends_on": _iso(-1), "state": "in_progress", "version": version_of(client.get(url).get_data(as_text=True))}
    assert other.post(url, data={**form, "note": "Zapis kolegi"}).status_code == 302
    stale = client.post(url, data={**form, "note": "Mój zapis"})
    body = stale.get_data(as_text=True)
    assert stale.status_code == 409 and "Ktoś inny zapisał w międzyczasie to działanie" in body
    assert "Mój zapis" in body and "Zapis kolegi" in body
    with app.app_context():
        assert db.session.get(PlanAction, ids["late"]).note == "Zapis kolegi"
    assert client.post(url, data={**form, "note": "Mój zapis", "version": version_of(body)}).status_code == 302
    goal_url = f"/partnership/plan/goals/{ids['goal']}/edit"
    goal_form = {"number": "1", "title": "Wsparcie rodzin", "version": version_of(client.get(goal_url).get_data(as_text=True))}
    assert other.post(goal_url, data={**goal_form, "indicator": "Wskaźnik kolegi"}).status_code == 302
    stale = client.post(goal_url, data={**goal_form, "indicator": "Mój wskaźnik"})
    assert stale.status_code == 409 and "Mój wskaźnik" in stale.get_data(as_text=True)


def test_deleting_asks_for_a_confirmation_first(app, plan):
    client, _municipality, ids = plan
    url = f"/partnership/plan/actions/{ids['dropped']}/delete"
    page = client.get(url)
    assert page.status_code == 200 and "Usunąć działanie z planu?" in page.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(PlanAction, ids["dropped"]) is not None
    assert client.post(url).status_code == 302
    goal_url = f"/partnership/plan/goals/{ids['goal']}/delete"
    body = client.get(goal_url).get_data(as_text=True)
    assert "Usunąć cel z planu działania?" in body and "działania (2)" in body
    assert client.post(goal_url).status_code == 302
    with app.app_context():
        assert db.session.get(PlanGoal, ids["goal"]) is None and db.session.scalars(select(PlanAction)).all() == []
        actions = [e.action for e in db.session.scalars(select(AuditEvent))]
    assert "plan_action_deleted" in actions and "plan_goal_deleted" in actions
    assert "Plan działania nie ma jeszcze celów." in client.get("/partnership/plan/").get_data(as_text=True)


def test_the_csv_and_xlsx_hold_the_actions_the_page_shows(app, plan):
    client, _municipality, _ids = plan
    page_rows = _rows(client.get("/partnership/plan/").get_data(as_text=True))
    response = client.get("/partnership/plan/actions.csv")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    csv_rows = list(csv.reader(io.StringIO(response.data.decode("utf-8-sig")), delimiter=";"))
    assert csv_rows[0][:6] == ["Cel", "Działanie", "Instytucja odpowiedzialna", "Początek", "Koniec", "Stan"]
    sheet = load_workbook(io.BytesIO(client.get("/partnership/plan/actions.xlsx").data)).active
    xlsx_rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert len(csv_rows) == len(xlsx_rows) == len(page_rows) + 1
    for page_row, csv_row, xlsx_row in zip(page_rows, csv_rows[1:], xlsx_rows[1:]):
        assert page_row[0].startswith(csv_row[1]) and csv_row[1] == xlsx_row[1]
        assert page_row[1] == csv_row[2] == xlsx_row[2]
        assert page_row[2] == csv_row[3] and page_row[3].startswith(csv_row[4])
        assert xlsx_row[3].date().isoformat() == _iso((xlsx_row[3].date() - TODAY).days)
        assert page_row[4] == csv_row[5] == xlsx_row[5]
        assert (csv_row[6] == "tak") == ("po terminie" in page_row[3])
    with app.app_context():
        details = sorted(e.detail for e in db.session.scalars(select(AuditEvent).where(AuditEvent.action == "plan_exported")))
    assert details == ["csv", "xlsx"]
