"""Cross-cutting HTTP behaviour: security headers, error pages, the health check."""
from flask import Blueprint, g
from flask_login import current_user

from kooperacje import errors

bp = Blueprint("web", __name__)

CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'"
)


def init_app(app):
    app.after_request(security_headers)
    errors.init_app(app)
    app.add_url_rule("/health", "health", health)


def security_headers(response):
    headers = response.headers
    headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
    headers["X-Content-Type-Options"] = "nosniff"
    headers["Referrer-Policy"] = "same-origin"
    headers["Cross-Origin-Opener-Policy"] = "same-origin"
    headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=()"
    if current_user and current_user.is_authenticated:
        headers["Cache-Control"] = "no-store"
    if g.get("request_id"):
        headers["X-Request-Id"] = g.request_id
    return response


def health():
    return {"status": "ok"}
