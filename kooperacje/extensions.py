"""Flask extensions, created unbound and attached in :func:`kooperacje.app.create_app`."""
from flask import current_app
from flask_babel import Babel
from flask_caching import Cache
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_sqlalchemy import SQLAlchemy
from flask_wtf.csrf import CSRFProtect
from sqlalchemy import MetaData
from sqlalchemy.orm import DeclarativeBase

# Named constraints let Alembic's batch mode alter SQLite tables reliably.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


db = SQLAlchemy(model_class=Base)
login_manager = LoginManager()
csrf = CSRFProtect()
babel = Babel()
# Fixed here, not per app: the one limiter keeps these across init_app calls. The storage and
# whether it is on come from the app's settings (kooperacje.config). A storage that cannot be
# reached is logged and replaced by per-process memory: logins go on, the account lock still counts.
limiter = Limiter(get_remote_address, headers_enabled=True, swallow_errors=True,
                  in_memory_fallback_enabled=True, key_prefix="kooperacje", strategy="fixed-window")
# Numbers that many page views share and that may be a few minutes old (the dashboards'
# indicators): per process, each key names its municipality and language.
cache = Cache()


def kept(key, compute):
    """``compute()``, remembered under ``key`` for DASHBOARD_CACHE_SECONDS (0: never kept). The
    key must name everything the value depends on (municipality or area, language, filters)."""
    seconds = current_app.config["DASHBOARD_CACHE_SECONDS"]
    value = cache.get(key) if seconds else None
    if value is None:
        value = compute()
        if seconds:
            cache.set(key, value, timeout=seconds)
    return value
