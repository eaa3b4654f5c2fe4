"""Every page each role can reach fits a phone (360 px) and a desktop (1280 px): no horizontal
scrolling of the page, nothing sticking out past the right edge (wide tables scroll inside their
own focusable container), nothing cut off, and every focusable element shows where the focus is.

The pages come from the app's URL map, not from a list: every GET route that answers HTML and
that the role's permission allows is visited, with ids of records of the role's own municipality
(the demo data, plus a draft diagnosis and contract and some long names added here), so a new
page cannot escape the check. Set KOOPERACJE_SCREENSHOTS=<folder> to keep a 360 px screenshot of
every page."""
import os
import re
from datetime import timedelta
from pathlib import Path
from urllib.parse import urldefrag, urlsplit

import pytest
from browser_support import PASSWORD
from builders import PARAMETERS, SCAN_PDF, _latest, add_user
from flask import url_for
from sqlalchemy import select, update
from werkzeug.exceptions import HTTPException
from werkzeug.routing import AnyConverter, RequestRedirect

from kooperacje.auth.models import User, with_role
from kooperacje.auth.permissions import PERMISSIONS, Role, can
from kooperacje.extensions import db

pytest_plugins = ["browser_support"]
pytestmark = pytest.mark.browser

WIDTHS = (360, 1280)
#: routes that answer no page; so do those whose path ends like a file name (.docx, .csv, .<extension>)
NOT_PAGES = {"static", "health", "acts.scan"}  # acts.scan: a signed scan, always an attachment
FILE_NAME = re.compile(r"\.([a-z0-9]+|<[^>]+>)$")
#: public routes that need a state a fresh visitor does not have (the second step of signing in)
NEEDS_STATE = {"auth.login_code"}
#: pages that read the same for everyone (the book, the models): checked for the first role only
SHARED = ("book.", "municipalities.model")
LONG_NAME = "Powiatowe Centrum Pomocy Rodzinie – Zespół Interdyscyplinarny ds. Przeciwdziałania Przemocy Domowej"
LONG_EMAIL = "sekretariat.zespolu.interdyscyplinarnego@powiatowecentrumpomocyrodzinie-zgierz.example.pl"
LONG_SURNAME = "Przykładowa-Wierzbicka-Konstantynowiczówna"

# What sticks out past either edge (outside a scroll container), what is clipped, and the page width.
_LAYOUT = """() => {
  const width = document.documentElement.clientWidth;
  const scrolls = (el) => ["auto", "scroll"].includes(getComputedStyle(el).overflowX);
  const inScroller = (el) => { for (let p = el.parentElement; p && p !== document.body; p = p.parentElement)
                                 { if (scrolls(p)) return true; } return false; };
  const text = (el) => (el.innerText || el.value || "").replace(/\\s+/g, " ").trim().slice(0, 50);
  const name = (el) => el.tagName.toLowerCase() + (el.id ? "#" + el.id : "")
                       + (typeof el.className === "string" && el.className ? "." + el.className.trim().split(/\\s+/).join(".") : "");
  const shown = (el) => { const box = el.getBoundingClientRect();
                          return el.checkVisibility() && box.width >= 2 && box.height >= 2 ? box : null; };
  const sticksOut = (el, box) => (box.right > width + 1 || (box.left < -1 && box.right > 0)) && !inScroller(el);
  const out = [], clipped = [];
  for (const el of document.querySelectorAll("body *")) {
    const box = shown(el);
    if (!box) continue;  // hidden, or a visually hidden text
    // Only the innermost culprits: an element whose children stick out is not itself the cause.
    if (sticksOut(el, box) && ![...el.children].some((child) => { const b = shown(child); return b && sticksOut(child, b); })) {
      out.push(`${name(el)} (${Math.round(box.left)}–${Math.round(box.right)} px): ${text(el)}`);
    }
    // Text cut off by a box too narrow for it (a text field scrolls its own value: not counted).
    if (!["INPUT", "TEXTAREA", "SELECT"].includes(el.tagName) && ["hidden", "clip"].includes(getComputedStyle(el).overflowX)
        && el.scrollWidth > el.clientWidth + 1) {
      clipped.push(`${name(el)}: ${el.scrollWidth} px of content in ${el.clientWidth} px: ${text(el)}`);
    }
  }
  return {scroll: document.documentElement.scrollWidth, out: out.slice(0, 8), clipped: clipped.slice(0, 8)};
}"""

# Every focusable element, focused in turn after a key press (so :focus-visible applies): it must
# show an outline and, outside a scroll container (which the user scrolls), lie within the screen.
_FOCUS = """() => {
  const width = document.documentElement.clientWidth;
  const scrolls = (el) => ["auto", "scroll"].includes(getComputedStyle(el).overflowX);
  const inScroller = (el) => { for (let p = el.parentElement; p && p !== document.body; p = p.parentElement)
                                 { if (scrolls(p)) return true; } return false; };
  const problems = [];
  const focusable = document.querySelectorAll(
    "a[href], button:not([disabled]), input:not([type=hidden]):not([disabled]), select, textarea, [tabindex]:not([tabindex='-1'])");
  for (const el of focusable) {
    if (!el.checkVisibility() && !el.classList.contains("skip-link")) continue;
    el.focus();
    if (document.activeElement !== el) continue;
    const style = getComputedStyle(el);
    const outline = style.outlineStyle !== "none" && parseFloat(style.outlineWidth) >= 2;
    const label = `${el.tagName.toLowerCase()} ${(el.innerText || el.name || el.id || "").replace(/\\s+/g, " ").trim().slice(0, 40)}`;
    if (!outline && style.boxShadow === "none") problems.push(`${label}: no visible focus`);
    const box = el.getBoundingClientRect();
    if (box.width >= 2 && (box.left < -1 || box.right > width + 1) && !inScroller(el)) {
      problems.push(`${label}: focused but outside the screen (${Math.round(box.left)}–${Math.round(box.right)} px)`);
    }
  }
  if (document.activeElement) document.activeElement.blur();
  return problems.slice(0, 8);
}"""


@pytest.fixture
def demo_world(live_server):
    """The demo data with every account usable at once (own password set, no TOTP), a superadmin,
    records in the states the edit and sign-off pages need, and names too long for a phone line."""
    from kooperacje.clients.models import CaseStatusChange, Client, Person
    from kooperacje.contracts.models import Contract, ContractExport
    from kooperacje.demo import create_demo_data
    from kooperacje.diagnoses.models import Diagnosis
    from kooperacje.clock import local_today
    from kooperacje.acts.models import ActScan
    from kooperacje.intake.models import Signal
    from kooperacje.partnership.models import Institution, Meeting, Partnership
    from kooperacje.partnership.service import profile_of

    with _latest.app.app_context():
        create_demo_data()
        # The long texts go into the first records, the ones the view pages show (see _record_ids).
        for partnership in db.session.scalars(select(Partnership).execution_options(all_tenants=True)):
            first = db.session.scalars(select(Institution).where(Institution.partnership_id == partnership.id)
                                       .order_by(Institution.id).execution_options(all_tenants=True)).first()
            first.name, first.contact_email = LONG_NAME, LONG_EMAIL
            first.contact_person = "Małgorzata Przybyszewska-Konstantynowicz"
            # A signal of the labour office under review: its partner's page and the worker's case
            # registration from it (the demo's signal is the school's, and new)
            labour = db.session.scalars(select(Institution).where(Institution.partnership_id == partnership.id,
                                                                  Institution.sector == "labour")
                                        .execution_options(all_tenants=True)).first()
            if labour is not None:
                db.session.add(Signal(municipality_id=partnership.municipality_id, institution_id=labour.id,
                                      year=local_today().year, number=2, first_name="Jerzy", last_name="Wąsowicz",
                                      town="Zgierz", observations="Długotrwale bezrobotny, zalega z czynszem.",
                                      urgency="urgent", family_informed=True, state="under_review"))
            # The signed rules' scan, for its page and its removal's confirmation
            db.session.add(ActScan(municipality_id=partnership.municipality_id, partnership_id=partnership.id,
                                   act_key="rules", file_name="regulamin.pdf", content_type="application/pdf",
                                   size=len(SCAN_PDF), content=SCAN_PDF))
            # A planned meeting, for the invitation's page (the demo's meetings have taken place).
            db.session.add(Meeting(municipality_id=partnership.municipality_id, partnership_id=partnership.id,
                                   meeting_type=profile_of(partnership).meeting_types[0].key, mode="in_person",
                                   held_on=local_today() + timedelta(days=10), place="Sala konferencyjna ośrodka",
                                   agenda="1. Przyjęcie porządku obrad", model_data={}))
        for client in db.session.scalars(select(Client).execution_options(all_tenants=True)):
            ids = dict(municipality_id=client.municipality_id, client_id=client.id)
            client.members.append(Person(municipality_id=client.municipality_id, first_name="Aleksandra",
                                         last_name=LONG_SURNAME, relation="other"))
            # Drafts, for the edit and sign-off pages (the demo's diagnosis is signed, its contract running).
            signed = db.session.scalars(select(Contract).where(Contract.client_id == client.id)
                                        .execution_options(all_tenants=True)).first()
            db.session.add(Diagnosis(**ids, number=2, model_key=signed.model_key, answers={},
                                     author_id=client.worker_id))
            db.session.add(Contract(**ids, number=2, model_key=signed.model_key, variant="A",
                                    worker_id=client.worker_id, diagnosis_id=signed.diagnosis_id))
        # A closed case next to each open one, for the page that reopens it, and an open one
        # without a case team, for the page that forms one (the demo's case has its team).
        for open_case in db.session.scalars(select(Client).execution_options(all_tenants=True)).all():
            teamless = Client(municipality_id=open_case.municipality_id, kind="person", town="Zgierz",
                              reasons=["poverty"], worker_id=open_case.worker_id)
            teamless.members.append(Person(municipality_id=open_case.municipality_id, first_name="Tadeusz",
                                           last_name="Bezzespołowy", relation="applicant"))
            db.session.add(teamless)
            closed = Client(municipality_id=open_case.municipality_id, kind="person", town="Zgierz",
                            reasons=["poverty"], worker_id=open_case.worker_id, status="closed")
            closed.members.append(Person(municipality_id=open_case.municipality_id, first_name="Zofia",
                                         last_name="Zamknięta", relation="applicant"))
            closed.status_changes.append(CaseStatusChange(municipality_id=open_case.municipality_id, kind="closed",
                                                          dated_on=local_today(), reason="goals_achieved",
                                                          user_id=open_case.worker_id))
            db.session.add(closed)
        # A bulk export for each administrator and head of a centre, for its status page (only its owner opens it).
        for role in ("municipality_admin", "centre_head"):
            for owner in db.session.scalars(with_role(select(User), role).execution_options(all_tenants=True)):
                db.session.add(ContractExport(municipality_id=owner.municipality_id, owner_id=owner.id,
                                              token=f"layout-export-{owner.id}"))
        db.session.execute(update(User).values(must_change_password=False))
        for user in db.session.scalars(select(User)):
            user.set_password(PASSWORD)
        db.session.commit()
    add_user("root", "superadmin", must_change_password=False)


def _accounts(app):
    """One account per role and per model (pages differ by the municipality's model), and the
    administrator of a municipality still without one."""
    from kooperacje.municipalities.models import Municipality

    with app.app_context():
        accounts, seen = [], set()
        for user in db.session.scalars(select(User).order_by(User.id)):
            municipality = db.session.get(Municipality, user.municipality_id) if user.municipality_id else None
            model = municipality.model_key if municipality else None
            if municipality and not model and not can("municipality.configure", user):
                continue  # before the model is chosen the others' pages only say so
            if (user.role, model) not in seen:
                seen.add((user.role, model))
                accounts.append((user.username, user.role, user.municipality_id))
    missing = set(Role) - {Role(role) for _name, role, _m in accounts}
    assert not missing, f"no account for {missing}: add one to demo_world"
    return accounts


def _routes(app, role):
    """The GET routes that answer a page and that ``role`` (None: not signed in) may open."""
    for rule in app.url_map.iter_rules():
        if "GET" not in rule.methods or rule.endpoint in NOT_PAGES or FILE_NAME.search(rule.rule):
            continue
        permission = getattr(app.view_functions[rule.endpoint], "required_permission", None)
        if role is None and permission is None and rule.endpoint not in NEEDS_STATE:
            yield rule
        elif role is not None and permission is not None and Role(role) in PERMISSIONS[permission]:
            yield rule


def _record_ids(app, name, municipality_id):
    """Ids of the records a URL parameter names, oldest first: the demo's full records for the
    view pages; an edit page that refuses a signed one goes on to the fixture's drafts, then to
    the newest (the demo's earlier meetings and their tasks come before those drafts)."""
    model = PARAMETERS[name]
    with app.app_context():
        found = []
        for order in (model.id, model.id.desc()):
            statement = select(model.id).order_by(order).limit(6).execution_options(all_tenants=True)
            if municipality_id is not None:
                statement = statement.where(model.municipality_id == municipality_id)
            found += db.session.scalars(statement)
        return list(dict.fromkeys(found))


def _variants(app, rule, municipality_id, found_links):
    """The variants of a route's page, each a list of candidate URLs (the first that shows the
    page will do): for ids, records of the role's own data; one variant per value of an ``any``
    converter; for other parameters (a chapter, a model), each link the visited pages showed."""
    ids, choices = {}, {}
    for argument in sorted(rule._converters):
        converter = rule._converters[argument]
        if argument in PARAMETERS:
            ids[argument] = _record_ids(app, argument, municipality_id)
        elif isinstance(converter, AnyConverter):
            choices[argument] = sorted(converter.items)
        else:
            return [[link] for link in dict.fromkeys(found_links.get(rule.endpoint, []))]
    with app.test_request_context():
        return [[url_for(rule.endpoint, **choice, **record) for record in _combinations(ids)]
                for choice in _combinations(choices)]


def _combinations(options):
    combinations = [{}]
    for name, values in options.items():
        combinations = [{**combination, name: value} for combination in combinations for value in values]
    return combinations


def _endpoint(app, url):
    try:
        endpoint, _args = app.url_map.bind("localhost").match(urlsplit(url).path, method="GET")
    except (RequestRedirect, HTTPException):
        return None
    return endpoint


def _links(page, origin, app):
    found = {}
    for href in page.eval_on_selector_all("a[href]", "links => links.map(a => a.href)"):
        url, _fragment = urldefrag(href)
        parts = urlsplit(url)
        if f"{parts.scheme}://{parts.netloc}" == origin:
            endpoint = _endpoint(app, parts.path)
            if endpoint:
                found.setdefault(endpoint, []).append(parts.path)
    return found


def _check(page, url, shots):
    problems = []
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        page.keyboard.press("Shift")  # after a key press script focus shows :focus-visible, as Tab does
        layout = page.evaluate(_LAYOUT)
        if layout["scroll"] > width:
            problems.append(f"{url} at {width} px is {layout['scroll']} px wide")
        problems += [f"{url} at {width} px: sticks out: {item}" for item in layout["out"]]
        problems += [f"{url} at {width} px: cut off: {item}" for item in layout["clipped"]]
        problems += [f"{url} at {width} px: {item}" for item in page.evaluate(_FOCUS)]
        if shots and width == WIDTHS[0]:
            name = re.sub(r"[^\w]+", "_", url).strip("_") or "home"
            page.screenshot(path=str(shots / f"{name}.png"), full_page=True)
    return problems


def _open(page, app, url, endpoint):
    """Open ``url``; True if it showed the page of ``endpoint`` (not a redirect elsewhere)."""
    response = page.goto(url)
    assert response is not None and response.status < 500, f"GET {url}: {response and response.status}"
    return response.status in (200, 400) and _endpoint(app, page.url) == endpoint


def _visit_role(page, app, origin, role, municipality_id, shared_done, shots):
    """Every page of the role: the routes without parameters first (their links give the values
    of free parameters such as a chapter), then the others. Returns the problems and the routes
    whose every variant was shown."""
    routes = sorted(_routes(app, role), key=lambda rule: (len(rule._converters), rule.rule))
    links, problems, reached = {}, [], set()
    for rule in routes:
        if rule.endpoint.startswith(SHARED) and rule.endpoint in shared_done:
            reached.add(rule.rule)
            continue
        variants = _variants(app, rule, municipality_id, links)
        shown = 0
        for candidates in variants:
            # An edit page needs a draft, not a signed record: the first candidate that shows it.
            url = next((url for url in candidates if _open(page, app, url, rule.endpoint)), None)
            if url is None:
                continue
            shown += 1
            for endpoint, paths in _links(page, origin, app).items():
                links.setdefault(endpoint, []).extend(paths)
            problems += _check(page, url, shots)
        if variants and shown == len(variants):
            reached.add(rule.rule)
            shared_done.add(rule.endpoint)
    if role is not None:  # the error page too, with the role's menu (a visitor is sent to sign in)
        assert page.goto("/nie-ma-takiej-strony").status == 404
        problems += _check(page, "/nie-ma-takiej-strony", shots)
    return problems, reached


def _sign_in(page, username):
    page.goto("/login")
    page.get_by_label("Login", exact=True).fill(username)
    page.get_by_label("Hasło", exact=True).fill(PASSWORD)
    with page.expect_navigation():
        page.get_by_role("button", name="Zaloguj").click()
    assert "/login" not in page.url, f"{username} could not sign in"


def test_every_page_of_every_role_fits_360_and_1280_px(browser, live_server, demo_world):
    shots = Path(os.environ["KOOPERACJE_SCREENSHOTS"]) if os.environ.get("KOOPERACJE_SCREENSHOTS") else None
    if shots:
        shots.mkdir(parents=True, exist_ok=True)
    app = live_server.app
    shared_done, problems, errors, reached = set(), [], [], {}
    for username, role, municipality_id in [(None, None, None), *_accounts(app)]:
        context = browser.new_context(base_url=live_server.url, locale="pl-PL")
        page = context.new_page()
        page.on("pageerror", lambda error: errors.append(str(error)))
        if username:
            _sign_in(page, username)
        found, pages = _visit_role(page, app, live_server.url, role, municipality_id, shared_done, shots)
        problems += found
        reached.setdefault(role, set()).update(pages)
        context.close()
    assert not problems, "\n".join(problems)
    # A page no account of a role reached needs a record in another state: add it to demo_world.
    unreached = {role: sorted({rule.rule for rule in _routes(app, role)} - pages) for role, pages in reached.items()}
    assert not any(unreached.values()), unreached
    assert not errors, errors
