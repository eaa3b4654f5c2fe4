"""Whatever arrives in any form of the app — control characters, NUL, invalid UTF-8, huge
strings, wrong types, repeated or unknown fields — the answer is a page or a redirect, never a 500.

Every POST route of the URL map is tried by a user whose role may use it, on real records of
their own municipality, with 1 000 generated bodies. Bodies are raw bytes, so what a browser
could never send (lone surrogates as invalid UTF-8, broken percent-escapes) reaches the app too;
field names come from the route's own form page."""
import re
from urllib.parse import quote_from_bytes

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import login
from kooperacje.auth.permissions import PERMISSIONS, Role
from test_tenancy import PARAMETERS, ids_of, municipality_with_everything

EXAMPLES = 1000
HOSTILE = [b"", b"\x00", b"\x07\x1b", b"\xed\xa0\x80", b"\xff\xfe", b"%", b"%zz", b"<script>", b"'\"",
           "zażółć gęślą jaźń".encode(), b"9" * 40, b"-1", b"0", b"1e309", b"2026-02-30", b"x" * 120_000]
#: routes that end the fuzzing user's own session; they take no typed input anyway
SKIPPED = {"auth.logout", "auth.login", "auth.login_code", "i18n.set_language"}
FIELD_NAME = re.compile(r'name="([^"]+)"')
FUZZ = settings(max_examples=EXAMPLES, deadline=None, derandomize=True,
                suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])


def values():
    return st.one_of(st.sampled_from(HOSTILE), st.binary(max_size=300),
                     st.text(max_size=200).map(lambda t: t.encode("utf-8", "surrogatepass")))


def bodies(fields):
    names = st.one_of(st.sampled_from(fields), st.binary(max_size=20))
    return st.lists(st.tuples(names, values()), max_size=25).map(
        lambda pairs: "&".join(quote_from_bytes(n if isinstance(n, bytes) else n.encode()) + "=" + quote_from_bytes(v)
                               for n, v in pairs).encode())


def post_routes(app):
    """(endpoint, rule) for every POST route, in a fixed order."""
    rules = [r for r in app.url_map.iter_rules() if "POST" in r.methods and r.endpoint not in SKIPPED]
    return sorted(((r.endpoint, r) for r in rules), key=lambda pair: pair[1].rule)


def role_for(permission):
    for role in (Role.WORKER, Role.COORDINATOR, Role.ADMIN):
        if role in PERMISSIONS[permission]:
            return role
    return Role.SUPERADMIN


@pytest.fixture
def world(app):
    municipality, staff = municipality_with_everything("102003", "a")
    other, _ = municipality_with_everything("101102", "b")  # so users/<id> has someone else to act on
    from conftest import add_user

    staff[Role.SUPERADMIN] = add_user("root", "superadmin", must_change_password=False)
    with app.app_context():
        ids = ids_of(municipality.id)
        ids["user_id"] = staff[Role.WORKER].id
    clients = {}
    for role, user in staff.items():
        clients[role] = app.test_client()
        assert login(clients[role], user.username).status_code == 302
    return {"ids": ids, "clients": clients}


def test_every_post_route_is_covered_by_a_role(app):
    routes = post_routes(app)
    assert len(routes) > 30
    for endpoint, rule in routes:
        assert getattr(app.view_functions[endpoint], "required_permission", None), endpoint
        assert set(re.findall(r"<int:(\w+)>", rule.rule)) <= set(PARAMETERS), rule.rule


@pytest.mark.parametrize("index", range(40))
def test_generated_bodies_never_get_a_500(app, world, index):
    routes = post_routes(app)
    if index >= len(routes):
        pytest.skip("fewer POST routes than slots")
    endpoint, rule = routes[index]
    url = rule.rule
    for name in re.findall(r"<int:(\w+)>", url):
        url = url.replace(f"<int:{name}>", str(world["ids"][name]))
    url = re.sub(r"<any\(([^)]*)\):\w+>", lambda m: m.group(1).split(",")[0].strip("'"), url)
    client = world["clients"][role_for(app.view_functions[endpoint].required_permission)]
    page = client.get(url) if "GET" in rule.methods else None
    fields = sorted(set(FIELD_NAME.findall(page.get_data(as_text=True)))) if page and page.status_code == 200 else []
    fields = fields or ["version", "text", "status", "name", "action"]

    @FUZZ
    @given(data=bodies(fields))
    def post(data):
        response = client.post(url, data=data, content_type="application/x-www-form-urlencoded")
        assert response.status_code < 500, (url, data[:200])

    post()
