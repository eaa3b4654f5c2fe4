"""The authorisation matrix, cell by cell: for every page and every role, the page opens exactly
when the matrix (kooperacje.auth.permissions.PERMISSIONS) gives the role the page's permission."""
import re

from builders import add_user, ids_of, login, municipality_with_everything

from kooperacje.auth.permissions import PERMISSIONS, Role


def test_every_page_opens_exactly_for_the_roles_the_matrix_names(app):
    municipality, staff = municipality_with_everything("102003", "a")
    staff[Role.SUPERADMIN] = add_user("root", "superadmin", must_change_password=False)
    staff[Role.OBSERVER] = add_user("obs", "regional_observer", voivodeship_code="10", must_change_password=False)
    with app.app_context():
        ids = ids_of(municipality.id)
    ids["user_id"] = staff[Role.WORKER].id
    cells = 0
    for role, user in staff.items():
        client = app.test_client()
        assert login(client, user.username).status_code == 302
        for rule in app.url_map.iter_rules():
            permission = getattr(app.view_functions[rule.endpoint], "required_permission", None)
            if "GET" not in rule.methods or permission is None or "<any(" in rule.rule or "<path" in rule.rule:
                continue
            url = re.sub(r"<int:(\w+)>", lambda m: str(ids[m.group(1)]), rule.rule)
            url = url.replace("<part>/<slug>", "general/praca-z-rodzina").replace("<key>", "urban")
            status = client.get(url).status_code
            if Role(role) in PERMISSIONS[permission]:
                assert status != 403 and status < 500, f"{role} GET {url}: {status}"
            else:
                assert status == 403, f"{role} GET {url}: {status}"
            cells += 1
    assert cells > 5 * 30
