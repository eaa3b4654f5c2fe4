"""Browser-test harness: the real app on a live server, Debian's Chromium through Playwright,
and an accessibility check (axe-core + visible labels) after every page the tests see.

Use it from a test module with ``pytest_plugins = ["browser_support"]`` (the fixtures, registered
once so the session's browser is shared by every module) and import the helpers; mark the tests
``@pytest.mark.browser``. Never run ``playwright install``: the tests drive /usr/bin/chromium.

PYTEST_DONT_REWRITE: the test modules import the helpers before pytest registers this module as
a plugin, so it cannot be assertion-rewritten; its asserts carry their own messages.
"""
import os
import threading

import pytest
from builders import PASSWORD, copy_of, make_app
from werkzeug.serving import WSGIRequestHandler, make_server

from kooperacje.extensions import db

__all__ = ["CHROMIUM", "PASSWORD", "LiveServer", "check_accessibility", "click_and_check", "login_as", "visit"]

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--headless=new", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
BLOCKING_IMPACTS = {"serious", "critical"}
TIMEOUT_MS = 10_000


# --- the live server -------------------------------------------------------------------------

class _QuietHandler(WSGIRequestHandler):
    """No access log: pytest would print every request of a failing test."""

    def log_request(self, *args, **kwargs):
        pass


class LiveServer:
    """The app served by werkzeug in a background thread on 127.0.0.1 and a free port; threaded,
    like production, so the page and its stylesheet and script load in parallel."""

    def __init__(self, app):
        self.app = app
        # Port 0: the system picks a free port when the socket is bound, so there is no race.
        self._server = make_server("127.0.0.1", 0, app, threaded=True, request_handler=_QuietHandler)
        self.url = f"http://127.0.0.1:{self._server.server_port}"
        self._thread = threading.Thread(target=self._server.serve_forever, name="live-server", daemon=True)

    def start(self):
        self._thread.start()
        return self

    def stop(self):
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)


@pytest.fixture
def live_server_config():
    """Extra settings for the live server; a test module may override this fixture."""
    return {}


@pytest.fixture
def live_server(migrated_db, tmp_path, live_server_config):
    """The real app on a fresh copy of conftest's migrated database, with real CSRF protection.

    It is the most recently created app, so conftest's ``add_user``/``add_municipality`` write
    to its database."""
    path = copy_of(migrated_db, tmp_path, "live.db")
    app = make_app(path, WTF_CSRF_ENABLED=True, **live_server_config)
    assert app.config["WTF_CSRF_ENABLED"] is True
    server = LiveServer(app).start()
    yield server
    server.stop()
    with app.app_context():
        db.engine.dispose()


# --- the browser -----------------------------------------------------------------------------

@pytest.fixture(scope="session")
def browser():
    """One Chromium for the whole session. Missing Chromium fails in CI and skips elsewhere."""
    if not os.path.exists(CHROMIUM):
        message = f"{CHROMIUM} is missing (apt-get install chromium)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser, live_server):
    """A fresh browser context (no cookies) per test, with relative URLs on the live server."""
    context = browser.new_context(base_url=live_server.url, locale="pl-PL")
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    yield page
    context.close()
    assert not errors, f"JavaScript errors on the pages: {errors}"


# --- accessibility ---------------------------------------------------------------------------

_AXE = None


def _axe():
    global _AXE
    if _AXE is None:
        from axe_playwright_python.sync_playwright import Axe

        _AXE = Axe()
    return _AXE


# Every visible form control needs a visible <label for=id>: axe accepts placeholders,
# aria-label and visually hidden labels, which sighted users cannot see.
_UNLABELLED_CONTROLS = """() => {
  const hiddenTypes = new Set(["hidden", "submit", "button", "reset", "image"]);
  const shown = (el) => {
    if (!el.checkVisibility({visibilityProperty: true, opacityProperty: true})) return false;
    const box = el.getBoundingClientRect();
    return box.width > 1 && box.height > 1;
  };
  const problems = [];
  for (const control of document.querySelectorAll("input, select, textarea")) {
    if (control.tagName === "INPUT" && hiddenTypes.has((control.type || "").toLowerCase())) continue;
    if (!shown(control)) continue;
    const name = control.id || control.name || control.outerHTML.slice(0, 80);
    const labels = control.id ? [...document.querySelectorAll("label[for]")]
        .filter((label) => label.htmlFor === control.id) : [];
    if (!labels.length) { problems.push(`${name}: no <label for="${control.id}">`); continue; }
    if (!labels.some((label) => shown(label) && label.innerText.trim())) {
      problems.push(`${name}: its <label for> is not visible or empty`);
    }
  }
  return problems;
}"""


def check_accessibility(page):
    """axe-core (WCAG 2.1 A/AA) with no serious or critical violation, and visible labels."""
    page.wait_for_load_state("load")
    results = _axe().run(page, options={"runOnly": {"type": "tag", "values": AXE_TAGS},
                                        "resultTypes": ["violations"]})
    violations = [v for v in results.response["violations"] if v.get("impact") in BLOCKING_IMPACTS]
    problems = []
    for violation in violations:
        problems.append(f"- {violation['id']} ({violation['impact']}): {violation['help']}"
                        f" [{violation['helpUrl']}]")
        for node in violation["nodes"][:5]:
            summary = (node.get("failureSummary") or "").replace("\n", " ")
            problems.append(f"    {', '.join(map(str, node['target']))}: {node['html'][:160]} — {summary[:240]}")
        if len(violation["nodes"]) > 5:
            problems.append(f"    … and {len(violation['nodes']) - 5} more")
    for problem in page.evaluate(_UNLABELLED_CONTROLS):
        problems.append(f"- visible-label: {problem}")
    if problems:
        pytest.fail(f"Accessibility problems on {page.url}:\n" + "\n".join(problems))


# --- navigation helpers that always check accessibility -------------------------------------

def visit(page, url):
    """Open ``url`` (relative to the live server), check it loaded and is accessible."""
    response = page.goto(url)
    assert response is not None and response.ok, f"GET {url}: {response and response.status}"
    check_accessibility(page)
    return response


def click_and_check(page, locator):
    """Click something that loads a new page (link, submit button), then check the new page.

    Returns the response of the navigation, so tests can look at its status."""
    with page.expect_navigation() as navigation:
        locator.click()
    response = navigation.value
    assert response is None or response.status < 500, f"{response.url}: HTTP {response.status}"
    check_accessibility(page)
    return response


def login_as(page, username, password=PASSWORD):
    """Sign in through the login form like a user; the page ends wherever the app redirects."""
    visit(page, "/login")
    page.get_by_label("Login", exact=True).fill(username)
    page.get_by_label("Hasło", exact=True).fill(password)
    click_and_check(page, page.get_by_role("button", name="Zaloguj"))
