"""The authorisation matrix, cell by cell: for every page and every role, the page opens exactly
when the matrix (kooperacje.auth.permissions.PERMISSIONS) gives the role the page's permission."""
import re

from builders import add_membership, add_user, ids_of, login, municipality_with_everything, switch_to

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
        cells += check_matrix(app, client, role, ids)
    assert cells > 5 * 30


def test_an_account_of_two_municipalities_has_the_role_of_the_one_it_works_in(app):
    """A social worker at home, the PZK's coordinator in the second municipality: every page
    follows the role of the current membership, before and after the switch."""
    home, home_staff = municipality_with_everything("102003", "a")
    second, second_staff = municipality_with_everything("102004", "b")
    account = add_user("pcpr.two", Role.WORKER.value, home, must_change_password=False)
    membership = add_membership(account, second, Role.COORDINATOR.value)
    client = app.test_client()
    assert login(client, account.username).status_code == 302
    cells = 0
    for municipality, staff, role in ((home, home_staff, Role.WORKER), (second, second_staff, Role.COORDINATOR)):
        if municipality is second:
            assert switch_to(client, membership).status_code == 302
        with app.app_context():
            ids = ids_of(municipality.id)
        ids["user_id"] = staff[Role.WORKER].id
        cells += check_matrix(app, client, role, ids)
    assert cells > 2 * 30


def check_matrix(app, client, role, ids):
    """Every GET page for ``client``, signed in with ``role``, on records ``ids``: 403 exactly when
    the matrix denies the role the page's permission. Returns how many cells were checked."""
    cells = 0
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
    return cells
