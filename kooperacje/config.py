"""Configuration: safe defaults for the embedded SQLite install, overridden by
``KOOPERACJE_*`` environment variables (``KOOPERACJE_DATABASE_URL`` -> ``DATABASE_URL``)."""
import logging
import os
import secrets
from pathlib import Path

from kooperacje.database import engine_options

DEFAULTS = {
    # "development" runs on SQLite in instance/ with demo data; "production" refuses unsafe settings.
    "ENV": "development",
    "DATABASE_URL": None,  # None: sqlite:///<instance>/kooperacje.db
    "AUTO_MIGRATE": True,  # upgrade the database to the newest revision at start-up
    "DEMO_DATA": None,  # None: on for the embedded SQLite database in development outside tests; never in production
    "DISABLED_PLUGINS": [],  # plugin names not to load, e.g. ["urban"]
    "LANGUAGES": ["pl", "en"],
    "BABEL_DEFAULT_LOCALE": "pl",
    "BABEL_DEFAULT_TIMEZONE": "Europe/Warsaw",
    "PAGE_SIZE": 25,
    # The municipality dashboard's numbers are counted at most this often (seconds; 0: every view).
    "DASHBOARD_CACHE_SECONDS": 300,
    "CACHE_TYPE": "SimpleCache",  # Flask-Caching: per-process memory
    "SESSION_IDLE_MINUTES": 30,
    "SESSION_ABSOLUTE_HOURS": 10,
    "PASSWORD_MIN_LENGTH": 12,
    "ONE_TIME_PASSWORD_HOURS": 72,
    # Roles that sign in with a TOTP code after the password (comma-separated in the variable).
    "TOTP_ROLES": ["superadmin", "municipality_admin"],
    "TOTP_PENDING_MINUTES": 5,  # time between the password and the code  # a new account's or a reset password works once, for this long
    "LOGIN_MAX_FAILURES": 6,  # then the account is locked for LOGIN_LOCK_MINUTES
    "LOGIN_LOCK_MINUTES": 15,
    # Throttle on guessing passwords and codes (Flask-Limiter notation, ";" between limits): per
    # client address and login, and per address alone, loose enough for a centre whose workers
    # all sign in at 8:00 from one NAT address.
    "LOGIN_LIMIT_PER_ACCOUNT": "5/minute;20/hour",
    "LOGIN_LIMIT_PER_ADDRESS": "60/minute",
    # Refused passwords and codes per client address: each costs a password hash, so a guessing
    # loop is stopped after these, while a centre's right logins behind one address never count.
    "LOGIN_FAILURES_PER_ADDRESS": "10/minute;100/hour",
    "RATE_LIMIT_ENABLED": None,  # None: on outside tests
    # Where the counts live: memory:// counts per process (the embedded server); several workers
    # must share one store, e.g. redis://127.0.0.1:6379/0 (pip install -e '.[redis]').
    "RATE_LIMIT_STORAGE": "memory://",
    # Reverse proxies in front of the app whose X-Forwarded-For names the client (0: trust none,
    # the client is whoever connected).
    "PROXY_COUNT": 0,
    "MAX_CONTENT_LENGTH": 2 * 1024 * 1024,
    # The largest signed scan of a PZK formation act (PDF, PNG or JPEG) the coordinator may attach;
    # only that upload may exceed MAX_CONTENT_LENGTH, by the scan it takes.
    "ACT_SCAN_MAX_BYTES": 5 * 1024 * 1024,
    # Host names the app answers to (comma-separated in KOOPERACJE_TRUSTED_HOSTS); others get 400.
    "TRUSTED_HOSTS": None,
    "SESSION_COOKIE_HTTPONLY": True,
    "SESSION_COOKIE_SAMESITE": "Lax",
    # Long diagnosis forms: the CSRF token lives as long as the login session, not one hour.
    "WTF_CSRF_TIME_LIMIT": None,
    "SQLALCHEMY_TRACK_MODIFICATIONS": False,
    # A failing statement's error (logged with its traceback) shows the SQL, never the typed values.
    "SQLALCHEMY_ENGINE_OPTIONS": {"hide_parameters": True},
    # Background jobs (kooperacje.jobs): a Huey queue in a SQLite file beside the database
    # (JOBS_SQLITE_FILE to put it elsewhere), or on Redis when JOBS_REDIS_URL is set.
    "JOBS_REDIS_URL": None,
    "JOBS_SQLITE_FILE": None,
    "JOBS_IMMEDIATE": False,  # run jobs at once in the calling process (tests, debugging)
    # The bulk export of contracts (contracts/exports.py): its ZIP can be downloaded by its owner for
    # EXPORT_HOURS after it is ready, then it is deleted; it lives in EXPORT_FOLDER (None:
    # instance/exports); the progress bar moves every EXPORT_PROGRESS_EVERY documents.
    "EXPORT_HOURS": 24,
    "EXPORT_FOLDER": None,
    "EXPORT_PROGRESS_EVERY": 25,
    # How long a PZK meeting with a start time lasts in calendars (the feed, the invitation's .ics).
    "MEETING_MINUTES": 120,
    # The address links in e-mails point to.
    "PUBLIC_URL": "http://127.0.0.1:5000",
    # E-mail (Flask-Mailman, KOOPERACJE_MAIL_*): without MAIL_SERVER, development prints mails to the console.
    "MAIL_SERVER": None,
    "MAIL_PORT": 25,
    "MAIL_USE_TLS": False,
    "MAIL_USE_SSL": False,
    "MAIL_USERNAME": None,
    "MAIL_PASSWORD": None,
    "MAIL_DEFAULT_SENDER": "Kooperacje <powiadomienia@localhost>",
    "MAIL_TIMEOUT": 30,
    "MAIL_BACKEND": None,
    "MAIL_BATCH": 50,  # e-mails sent over one SMTP connection by one job
    # A failed delivery is tried again MAIL_RETRIES times, the first after MAIL_RETRY_DELAY
    # seconds, each wait twice the one before.
    "MAIL_RETRIES": 6,
    "MAIL_RETRY_DELAY": 60,
    # Reminders: computed daily at REMINDER_HOUR (UTC) by the consumer.
    "REMINDER_HOUR": 6,
    "REMINDER_TASK_DUE_DAYS": 3,  # a partner task is announced this many days before its deadline
    "REMINDER_MEETING_DAYS": 7,  # the coordinator hears of the next PZK meeting this many days ahead
    # Casework reminders (kooperacje.jobs.casework), to the case's worker:
    "REMINDER_REVIEW_DAYS": 3,  # a contract review is announced this many days before, and on its day
    "REMINDER_PERIOD_END_DAYS": 7,  # a contract's period ending within this many days
    "REMINDER_EVALUATION_REPEAT_DAYS": 7,  # part II still waiting after the period: again every N days (0: once)
    "REMINDER_DRAFT_DAYS": 14,  # a diagnosis draft not signed this many days after it was started
    # to the administrators: a one-time password running out within this many hours, nobody signed in yet
    "REMINDER_ONE_TIME_PASSWORD_HOURS": 24,
}

DEFAULT_SECRET_FILE = "secret_key"
log = logging.getLogger(__name__)


def load_config(app, overrides=None):
    """Fill ``app.config``: defaults, then environment, then explicit overrides (tests)."""
    app.config.update(DEFAULTS)
    app.config.from_prefixed_env("KOOPERACJE")
    if overrides:
        app.config.update(overrides)
    cfg = app.config
    is_production = cfg["ENV"] == "production"
    if not cfg.get("DATABASE_URL"):
        cfg["DATABASE_URL"] = "sqlite:///" + os.path.join(app.instance_path, "kooperacje.db")
    cfg["SQLALCHEMY_DATABASE_URI"] = cfg["DATABASE_URL"]
    cfg["SQLALCHEMY_ENGINE_OPTIONS"] = {**cfg["SQLALCHEMY_ENGINE_OPTIONS"], **engine_options(cfg["DATABASE_URL"])}
    if cfg["DEMO_DATA"] is None:
        cfg["DEMO_DATA"] = (not is_production and cfg["DATABASE_URL"].startswith("sqlite")
                            and not cfg.get("TESTING"))
    if isinstance(cfg["TOTP_ROLES"], str):
        cfg["TOTP_ROLES"] = [r.strip() for r in cfg["TOTP_ROLES"].split(",") if r.strip()]
    if isinstance(cfg["TRUSTED_HOSTS"], str):
        cfg["TRUSTED_HOSTS"] = [h.strip() for h in cfg["TRUSTED_HOSTS"].split(",") if h.strip()]
    if isinstance(cfg["DISABLED_PLUGINS"], str):
        cfg["DISABLED_PLUGINS"] = [p.strip() for p in cfg["DISABLED_PLUGINS"].split(",") if p.strip()]
    _configure_limiter(cfg)
    _configure_mail(cfg, is_production)
    if is_production:
        _check_production(cfg)
        cfg["SESSION_COOKIE_SECURE"] = True
        cfg["SESSION_COOKIE_NAME"] = "__Host-session"
    elif not cfg.get("SECRET_KEY"):
        cfg["SECRET_KEY"] = _development_secret(app.instance_path)


def _configure_limiter(cfg):
    if cfg["RATE_LIMIT_ENABLED"] is None:
        cfg["RATE_LIMIT_ENABLED"] = not cfg.get("TESTING")
    cfg["RATELIMIT_ENABLED"] = cfg["RATE_LIMIT_ENABLED"]
    cfg["RATELIMIT_STORAGE_URI"] = cfg["RATE_LIMIT_STORAGE"]


def _configure_mail(cfg, is_production):
    if cfg["MAIL_BACKEND"] is None and not cfg["MAIL_SERVER"]:
        # no SMTP server configured: tests keep mails in memory, development shows them on the console,
        # production sends none (a server log is no place for them) and says so at start
        if cfg.get("TESTING"):
            cfg["MAIL_BACKEND"] = "locmem"
        elif is_production:
            cfg["MAIL_BACKEND"] = "dummy"
            log.warning("KOOPERACJE_MAIL_SERVER is not set: no e-mail is sent, reminders reach people only "
                        "as notifications in the app. Set KOOPERACJE_MAIL_SERVER (and _PORT, _USE_TLS, "
                        "_USERNAME, _PASSWORD) to the centre's SMTP server.")
        else:
            cfg["MAIL_BACKEND"] = "console"
    cfg["MAIL_SERVER"] = cfg["MAIL_SERVER"] or "localhost"


def _check_production(cfg):
    secret = cfg.get("SECRET_KEY") or ""
    if len(secret) < 32 or secret in {"dev", "secret", "change-me", "changeme"}:
        raise RuntimeError("KOOPERACJE_SECRET_KEY must be set to a random value of 32+ characters in production")
    if cfg.get("DEBUG"):
        raise RuntimeError("Debug mode must be off in production")
    if not {"superadmin", "municipality_admin"} <= set(cfg["TOTP_ROLES"]):
        raise RuntimeError("administrators must sign in with a TOTP code in production (KOOPERACJE_TOTP_ROLES)")
    if not cfg.get("TRUSTED_HOSTS"):
        raise RuntimeError("KOOPERACJE_TRUSTED_HOSTS must name the host(s) the app is served on in production")
    if cfg["DEMO_DATA"]:
        # Demo accounts are administrators whose one-time passwords are printed: never on a real install.
        raise RuntimeError("KOOPERACJE_DEMO_DATA must be off in production: demo accounts and their printed "
                           "one-time passwords are for trying the app out only")
    if cfg["RATE_LIMIT_ENABLED"] and cfg["RATE_LIMIT_STORAGE"].startswith("memory://"):
        log.warning("KOOPERACJE_RATE_LIMIT_STORAGE is memory://: each server process counts login attempts "
                    "on its own, so with several workers the login limits are that many times looser. "
                    "Set it to a Redis shared by all workers, e.g. redis://127.0.0.1:6379/0")


def _development_secret(instance_path):
    """A random per-installation key kept in instance/, so no secret lives in the code."""
    path = Path(instance_path) / DEFAULT_SECRET_FILE
    if path.exists():
        return path.read_text().strip()
    path.parent.mkdir(parents=True, exist_ok=True)
    key = secrets.token_hex(32)
    path.write_text(key)
    path.chmod(0o600)
    return key
