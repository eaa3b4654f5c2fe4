"""Time-based one-time codes (TOTP, RFC 6238) as the second factor for administrators.

A code is accepted once: the time step it belongs to is remembered, so a code seen over
someone's shoulder cannot be used again within its 30 seconds."""
import time

import pyotp
import segno
from markupsafe import Markup

ISSUER = "Kooperacje"
STEP_SECONDS = 30


def new_secret():
    return pyotp.random_base32()


def provisioning_uri(secret, username):
    return pyotp.TOTP(secret).provisioning_uri(name=username, issuer_name=ISSUER)


def qr_svg(uri):
    """The enrolment QR code as inline SVG (no image request, nothing sent anywhere)."""
    svg = segno.make(uri, error="m").svg_inline(scale=4, title=ISSUER)
    return Markup(svg)  # nosec B704  # nosemgrep: no-markup-on-data -- SVG made by segno from our own URI


def accepted_step(secret, code, last_step, now=None):
    """The time step of ``code`` when it is valid (this step or the one before or after, for
    clock drift) and newer than ``last_step``; otherwise None."""
    code = (code or "").replace(" ", "")
    if not (code.isdigit() and len(code) == 6):
        return None
    totp, now = pyotp.TOTP(secret), now if now is not None else time.time()
    current = int(now // STEP_SECONDS)
    for step in (current - 1, current, current + 1):
        if (last_step is None or step > last_step) and totp.verify(code, for_time=step * STEP_SECONDS):
            return step
    return None
