"""Limits on guessing passwords and codes (Flask-Limiter), checked before any password hash is
verified and without touching the database: the counts live in the limiter's storage (memory
for one process, Redis for several workers; see ``RATE_LIMIT_STORAGE``).

Three limits on each credential step: a tight one per client address and account, against
guessing one account's password; a loose one per address alone, still letting a centre whose
workers share one NAT address sign in together; and one on the refused attempts per address,
against spraying one password over many accounts (each refusal cost a hash, which is what lets
anonymous loops starve the signed-in users' requests). The client address is the connecting one, or the one named by ``PROXY_COUNT`` trusted
proxies (ProxyFix), never a header anyone can send.
"""
import hashlib
import hmac

from flask import current_app, g, request, session
from flask_login import current_user
from flask_limiter.util import get_remote_address
from werkzeug.middleware.proxy_fix import ProxyFix

from kooperacje.extensions import limiter

#: the steps that check a credential share the per-address count
CREDENTIALS_SCOPE = "credentials"
#: the refused credentials of every step share one count per address
FAILURES_SCOPE = "refused-credentials"
#: the session key of a login whose password was right and whose code is awaited
PENDING_LOGIN = "pending_login"


def init_app(app):
    hops = int(app.config["PROXY_COUNT"] or 0)
    if hops:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops)
    limiter.init_app(app)


def _account_limit():
    return current_app.config["LOGIN_LIMIT_PER_ACCOUNT"]


def _address_limit():
    return current_app.config["LOGIN_LIMIT_PER_ADDRESS"]


def _failures_limit():
    return current_app.config["LOGIN_FAILURES_PER_ADDRESS"]


def _pseudonym(value):
    """The storage (and the limiter's log line) never holds a login, only a keyed digest of it."""
    key = current_app.config["SECRET_KEY"].encode()
    return hmac.new(key, str(value).encode(), hashlib.sha256).hexdigest()[:24]


def address_and_typed_login():
    return f"{get_remote_address()}/{_pseudonym(request.form.get('username', '').strip().lower())}"


def address_and_pending_account():
    pending = session.get(PENDING_LOGIN) or {}
    return f"{get_remote_address()}/{_pseudonym(pending.get('user', ''))}"


def address_and_signed_in_account():
    return f"{get_remote_address()}/{_pseudonym(current_user.get_id() or '')}"


def per_address():
    return limiter.shared_limit(_address_limit, scope=CREDENTIALS_SCOPE, key_func=get_remote_address,
                                methods=["POST"])


def failures_per_address():
    """Counts only the attempts marked with :func:`refuse_credential`."""
    return limiter.shared_limit(_failures_limit, scope=FAILURES_SCOPE, key_func=get_remote_address,
                                methods=["POST"], deduct_when=credential_refused)


def per_account(key_func, counted_when=None):
    """``counted_when(response)``: count only some answers (e.g. a wrong current password)."""
    return limiter.limit(_account_limit, key_func=key_func, methods=["POST"], deduct_when=counted_when)


def refuse_credential():
    """Marks this answer as a wrong credential for limits counted only on those."""
    g.credential_refused = True


def credential_refused(_response):
    return bool(g.get("credential_refused"))
