"""The audit log as an administrator reads it: Polish labels for every event the code can
record, filters that keep paging, and a CSV export of the filtered view."""
import ast
import csv
import io
from datetime import datetime
from pathlib import Path

import pytest
from builders import add_municipality, add_user, login

import kooperacje
from kooperacje.audit.models import AuditEvent, record
from kooperacje.audit.vocabulary import EVENT_LABELS, OBJECT_LABELS, UnknownEventCode
from kooperacje.extensions import db

SOURCES = [*Path(kooperacje.__file__).parent.rglob("*.py"), *(Path(kooperacje.__file__).parent.parent / "plugins").rglob("*.py")]
SINKS = {"record": (0, "action"), "_row": (0, "action")}  # what writes an event: where its code goes


def _called_name(call):
    return getattr(call.func, "attr", None) or getattr(call.func, "id", None)


def _argument(call, sink):
    position, name = sink
    if len(call.args) > position and not isinstance(call.args[position], ast.Starred):
        return call.args[position]
    return next((k.value for k in call.keywords if k.arg == name), None)


def _codes_in(node, constants):
    """The strings an argument can be: literals, both arms of ``a if c else b``, module constants."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return {node.value}
    if isinstance(node, ast.IfExp):
        return _codes_in(node.body, constants) | _codes_in(node.orelse, constants)
    if isinstance(node, ast.Name) and node.id in constants:
        return {constants[node.id]}
    return set()


def codes_the_code_can_record():
    """Every event code in the source, through helpers too: a function that passes one of its
    parameters on as the code (``move(contract, status, action)``) is a sink itself."""
    trees = [ast.parse(path.read_text(encoding="utf-8")) for path in SOURCES]
    constants = {t.id: n.value.value for tree in trees for n in tree.body if isinstance(n, ast.Assign)
                 for t in n.targets if isinstance(t, ast.Name) and isinstance(n.value, ast.Constant)
                 and isinstance(n.value.value, str)}
    sinks, codes = dict(SINKS), set()
    while True:
        found = {}
        for tree in trees:
            for function in (n for n in ast.walk(tree) if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))):
                parameters = [a.arg for a in function.args.args]
                for call in (n for n in ast.walk(function) if isinstance(n, ast.Call)):
                    sink = sinks.get(_called_name(call))
                    argument = None if sink is None else _argument(call, sink)
                    if isinstance(argument, ast.Name) and argument.id in parameters and function.name not in sinks:
                        found[function.name] = (parameters.index(argument.id), argument.id)
        if not found:
            break
        sinks.update(found)
    for tree in trees:
        for call in (n for n in ast.walk(tree) if isinstance(n, ast.Call) and _called_name(n) in sinks):
            argument = _argument(call, sinks[_called_name(call)])
            if argument is not None:
                codes |= _codes_in(argument, constants)
    return codes


def test_every_event_code_the_code_can_record_has_a_polish_label():
    codes = codes_the_code_can_record()
    # the derivation reaches literal calls, conditional codes, helpers and the access listener
    assert {"contract_created", "user_deactivated", "model_overridden", "contract_started",
            "contract_review_planned", "case_accessed", "audit_exported"} <= codes
    assert sorted(codes - EVENT_LABELS.keys()) == []
    assert sorted(EVENT_LABELS.keys() - codes) == []  # no label outlives its code
    assert all(str(label) and str(label) != code for code, label in EVENT_LABELS.items())


def test_a_code_without_a_label_fails_loudly(app):
    with app.test_request_context("/"), pytest.raises(UnknownEventCode):
        record("contract_teleported")


def test_every_table_an_event_can_name_has_a_label(app):
    tables = {mapper.class_.__tablename__ for mapper in db.Model.registry.mappers}
    assert sorted(tables - OBJECT_LABELS.keys()) == []


# --- the page -------------------------------------------------------------------------------

@pytest.fixture
def zgierz_admin(app):
    municipality = add_municipality("102003")
    admin = add_user("admin.zgierz", "municipality_admin", municipality, must_change_password=False)
    client = app.test_client()
    login(client, "admin.zgierz")
    return client, municipality, admin


def add_event(app, action, at, municipality, user=None, client_id=None, object_type=None, object_id=None,
              detail=None):
    with app.app_context():
        db.session.add(AuditEvent(action=action, at=at, municipality_id=municipality.id,
                                  user_id=user.id if user else None, client_id=client_id,
                                  object_type=object_type, object_id=object_id, detail=detail))
        db.session.commit()


def test_the_log_shows_labels_and_local_times_not_codes_and_utc(app, zgierz_admin):
    client, zgierz, admin = zgierz_admin
    add_event(app, "contract_created", datetime(2026, 7, 1, 10, 0), zgierz, admin, 12, "contract", 7)
    page = client.get("/audit/").get_data(as_text=True)
    rows = page[page.index("<tbody>"):]
    assert "<td>Utworzenie projektu kontraktu socjalnego</td>" in rows and "contract_created" not in rows
    assert "kontrakt socjalny nr 7" in page
    assert "01.07.2026, 12:00:00" in page and "10:00:00" not in page
    assert "UTC" not in page


@pytest.mark.parametrize("action, detail, shown", [
    ("diagnosis_created", "client:12;number:2", "sprawa nr 12; nr 2"),
    ("contract_action_status", "action:5;status:not_done", "działanie nr 5; niewykonane"),
    ("user_created", "social_worker", "Pracownik socjalny"),
    ("login_failed", "locked", "konto zablokowane po kolejnych próbach"),
    ("model_overridden", "rural->urban", "model wiejski → model miejski"),
    ("model_chosen", "None->urban", "brak zalecenia → model miejski"),
    ("case_accessed", "diagnoses.view", "wgląd w diagnozę"),
    ("retention_saved", "B10;10", "B10; 10"),
])
def test_details_are_read_in_words_where_the_code_knows_them(app, zgierz_admin, action, detail, shown):
    client, zgierz, admin = zgierz_admin
    add_event(app, action, datetime(2026, 5, 4, 8), zgierz, admin, detail=detail)
    page = client.get(f"/audit/?event={action}&since=2026-05-04&until=2026-05-04").get_data(as_text=True)
    assert f"<td>{shown}</td>" in page


def test_filters_narrow_the_log_and_paging_keeps_them(app, zgierz_admin):
    client, zgierz, admin = zgierz_admin
    app.config["PAGE_SIZE"] = 2
    other = add_user("pracownik.zgierz", "social_worker", zgierz)
    for hour in range(5):
        add_event(app, "diagnosis_saved", datetime(2026, 5, 4, 8 + hour), zgierz, other, 12)
    add_event(app, "diagnosis_saved", datetime(2026, 5, 4, 9), zgierz, other, 13)  # another case
    add_event(app, "contract_signed", datetime(2026, 5, 4, 9), zgierz, other, 12)  # another event
    add_event(app, "diagnosis_saved", datetime(2026, 5, 2, 21, 59), zgierz, other, 12)  # 23:59 on the 2nd
    add_event(app, "diagnosis_saved", datetime(2026, 5, 2, 22, 0), zgierz, other, 12)  # midnight: the 3rd
    query = "?since=2026-05-03&until=2026-05-04&event=diagnosis_saved&user=pracownik.zgierz&case=12"
    seen, url = [], "/audit/" + query
    while url:
        page = client.get(url).get_data(as_text=True)
        seen += [line for line in page.splitlines() if "Zapis diagnozy" in line and "<td>" in line]
        assert 'value="2026-05-03"' in page and 'value="pracownik.zgierz"' in page  # the filters stay filled
        next_link = [part for part in page.split('href="') if part.startswith("/audit/?after=")]
        url = next_link[0].split('"')[0].replace("&amp;", "&") if next_link else None
        if url:
            assert "event=diagnosis_saved" in url and "case=12" in url and "since=2026-05-03" in url
    assert len(seen) == 6  # five on the 4th and the one at local midnight of the 3rd
    assert not any("23:59" in line for line in seen)


@pytest.mark.parametrize("query, message", [
    ("since=2026-13-40", "Od dnia"),
    ("since=2026-05-04&until=2026-05-01", "Data końcowa nie może być wcześniejsza niż początkowa."),
    ("case=abc", "Numer sprawy"),
    ("case=99999999999999999999", "Numer sprawy"),
    ("case=-3", "Podaj numer sprawy, np. 12."),
    ("event=no_such_event", "Zdarzenie"),
    ("user=" + "x" * 300, "Login użytkownika"),
])
def test_bad_filters_get_a_polish_message_never_a_500(app, zgierz_admin, query, message):
    client, zgierz, admin = zgierz_admin
    add_event(app, "login", datetime(2026, 5, 4, 8), zgierz, admin)
    for url in ("/audit/?", "/audit/export.csv?"):
        response = client.get(url + query)
        page = response.get_data(as_text=True)
        assert response.status_code == 400, url
        assert "Popraw zaznaczone pola" in page and message in page
        assert "Not a valid" not in page and "Invalid" not in page
        assert "Logowanie</td>" not in page  # nothing shown for a filter that could not be read


def _csv(response):
    body = response.get_data()
    assert body.startswith("\ufeff".encode())  # Excel reads the BOM as UTF-8
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig")), delimiter=";"))


def test_the_export_is_the_filtered_view_in_local_time_and_is_audited(app, zgierz_admin):
    client, zgierz, admin = zgierz_admin
    dalikow = add_municipality("101102")
    add_event(app, "contract_signed", datetime(2026, 1, 15, 10, 0), zgierz, admin, 12, "contract", 3)
    add_event(app, "login", datetime(2026, 1, 15, 11, 0), zgierz, admin)
    add_event(app, "contract_signed", datetime(2026, 1, 15, 10, 0), dalikow, None, 12, "contract", 4)
    response = client.get("/audit/export.csv?event=contract_signed")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert response.headers["Content-Disposition"].startswith("attachment; filename=dziennik-zdarzen-")
    rows = _csv(response)
    assert rows == [["Czas", "Użytkownik", "Zdarzenie", "Obiekt", "Szczegóły"],
                    ["15.01.2026, 11:00:00", "admin.zgierz", "Zawarcie kontraktu socjalnego", "kontrakt socjalny nr 3", ""]]
    with app.app_context():
        exported = db.session.scalars(db.select(AuditEvent).where(AuditEvent.action == "audit_exported")).one()
        assert (exported.user_id, exported.municipality_id, exported.detail) == (admin.id, zgierz.id, "rows:1;csv")
    page = client.get("/audit/").get_data(as_text=True)
    assert "Eksport dziennika zdarzeń (CSV lub XLSX)" in page
    assert 'href="/audit/export.csv?event=contract_signed"' in client.get("/audit/?event=contract_signed").get_data(as_text=True)


def test_the_export_speaks_the_users_language(app, zgierz_admin):
    client, zgierz, admin = zgierz_admin
    add_event(app, "login", datetime(2026, 1, 15, 10, 0), zgierz, admin)
    client.post("/language", data={"lang": "en"})
    rows = _csv(client.get("/audit/export.csv?until=2026-01-31"))
    assert rows[0] == ["Time", "User", "Event", "Object", "Details"]
    assert rows[-1][:3] == ["15 Jan 2026, 11:00:00", "admin.zgierz", "Sign in"]


def test_an_export_too_large_to_read_asks_to_narrow_the_filters(app, zgierz_admin, monkeypatch):
    client, zgierz, admin = zgierz_admin
    monkeypatch.setattr("kooperacje.audit.routes.EXPORT_LIMIT", 2)
    for hour in range(3):
        add_event(app, "login", datetime(2026, 5, 4, 8 + hour), zgierz, admin)
    response = client.get("/audit/export.csv?event=login&until=2026-05-31")
    assert response.status_code == 302
    assert response.headers["Location"] == "/audit/?until=2026-05-31&event=login"
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Widok obejmuje ponad 2 zdarzeń: zawęź filtry" in page


def test_a_typed_code_in_a_detail_is_plain_text_in_the_export(app, zgierz_admin):
    client, zgierz, admin = zgierz_admin
    add_event(app, "retention_saved", datetime(2026, 5, 4, 8), zgierz, admin, detail="=1+1;10")
    rows = _csv(client.get("/audit/export.csv?event=retention_saved"))
    assert rows[1][4] == "'=1+1; 10"
