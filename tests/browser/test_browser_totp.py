"""An administrator sets up two-step login in a real browser: the QR code page is accessible,
and the code from the authenticator app opens the start page."""
import pyotp
import pytest
from browser_support import click_and_check, login_as
from builders import add_municipality, add_user
from playwright.sync_api import expect

pytest_plugins = ["browser_support"]
pytestmark = pytest.mark.browser


@pytest.fixture
def live_server_config():
    return {"TOTP_ROLES": ["municipality_admin"]}


def test_administrator_enrols_and_signs_in_with_a_code(page, live_server):
    add_user("admin", "municipality_admin", add_municipality("102003"), full_name="Anna Nowak",
             must_change_password=False)
    login_as(page, "admin")  # checks the code page's accessibility too
    expect(page.get_by_role("heading", level=1)).to_have_text("Włącz logowanie dwuetapowe")
    expect(page.locator("figure.qr svg")).to_be_visible()
    secret = page.locator("code.secret").inner_text()
    page.get_by_label("Kod z aplikacji uwierzytelniającej").fill(pyotp.TOTP(secret).now())
    click_and_check(page, page.get_by_role("button", name="Potwierdź"))
    expect(page.get_by_text("Anna Nowak · Administrator gminy")).to_be_visible()
