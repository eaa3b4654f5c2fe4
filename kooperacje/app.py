"""The application factory: the wiring order, nothing else."""
import logging
import os

from flask import Flask

from kooperacje import cli, i18n, jobs, web
from kooperacje.auth import guard, throttle
from kooperacje.config import load_config
from kooperacje.database import commit_writes_after_view
from kooperacje.extensions import babel, cache, csrf, db, login_manager
from kooperacje.plugins import build_manager


def create_app(config=None, plugins=None):
    """Build the app. ``config`` overrides settings (tests); ``plugins`` adds (name, plugin)
    pairs to those found through entry points (tests, embedding)."""
    app = Flask(__name__, instance_relative_config=True)
    load_config(app, config)
    _configure_logging(app)

    plugin_set = build_manager(disabled=app.config["DISABLED_PLUGINS"], extra=plugins or ())
    app.extensions["kooperacje.plugins"] = plugin_set

    db.init_app(app)
    if os.environ.get("FLASK_RUN_FROM_CLI") == "true" or app.config["AUTO_MIGRATE"] or app.testing:
        register_migrations(app)  # only where migrations run: see there
    login_manager.init_app(app)
    csrf.init_app(app)
    cache.init_app(app)
    app.config["BABEL_TRANSLATION_DIRECTORIES"] = ";".join(
        [str(_package_folder() / "translations"), *plugin_set.plugin_folders("translations")])
    babel.init_app(app, locale_selector=i18n.select_locale)

    _register_models()
    guard.init_app(app)
    throttle.init_app(app)  # the login limits, and the client address behind trusted proxies
    app.after_request(commit_writes_after_view)  # the writes that reads make, before the response leaves
    web.init_app(app)
    _register_blueprints(app)
    _register_template_helpers(app)
    cli.init_app(app)
    jobs.init_app(app)
    plugin_set.init_app(app)

    if app.config["AUTO_MIGRATE"]:
        from kooperacje.bootstrap import prepare_database

        prepare_database(app)
    return app


def _package_folder():
    from pathlib import Path

    return Path(__file__).resolve().parent


def _migrations_folder():
    return _package_folder() / "migrations"


def register_migrations(app):
    """Flask-Migrate, for the processes that migrate: the command line (``flask db …``, ``run-all``),
    auto-migration at start, tests, and tools that build databases (the benchmark). It brings
    Alembic, Mako and Pygments (some 12 MB a process), which a web worker of a deployment that
    migrates when it deploys never needs."""
    from flask_migrate import Migrate

    migrate = Migrate(db=db, directory=str(_migrations_folder()), render_as_batch=True)
    migrate.configure(_plugin_migration_branches)
    migrate.init_app(app)


def _plugin_migration_branches(config):
    """Plugins with tables of their own ship an Alembic branch in ``<plugin>/migrations``."""
    from flask import current_app

    folders = current_app.extensions["kooperacje.plugins"].plugin_folders("migrations")
    config.set_main_option("path_separator", "os")
    config.set_main_option("version_locations", os.pathsep.join([str(_migrations_folder() / "versions"), *folders]))
    return config


def _register_models():
    # Import every model module so metadata (and Alembic autogenerate) knows all tables.
    from kooperacje.audit import models as _audit  # noqa: F401
    from kooperacje.auth import models as _auth  # noqa: F401
    from kooperacje.calendars import models as _calendars  # noqa: F401
    from kooperacje.clients import models as _clients  # noqa: F401
    from kooperacje.consents import models as _consents  # noqa: F401
    from kooperacje.teams import models as _teams  # noqa: F401
    from kooperacje.contracts import models as _contracts  # noqa: F401
    from kooperacje.diagnoses import models as _diagnoses  # noqa: F401
    from kooperacje.intake import models as _intake  # noqa: F401
    from kooperacje.jobs import models as _jobs  # noqa: F401
    from kooperacje.municipalities import models as _municipalities  # noqa: F401
    from kooperacje.notifications import models as _notifications  # noqa: F401
    from kooperacje.parking import ParkedForm as _parked  # noqa: F401
    from kooperacje.acts import models as _acts  # noqa: F401
    from kooperacje.partners import models as _partners  # noqa: F401
    from kooperacje.partnership import models as _partnership  # noqa: F401
    from kooperacje.plans import models as _plans  # noqa: F401
    from kooperacje.inaction import models as _inaction  # noqa: F401
    from kooperacje.referrals import models as _referrals  # noqa: F401


def _register_blueprints(app):
    from kooperacje.acts.routes import bp as acts_bp
    from kooperacje.admin.routes import bp as admin_bp
    from kooperacje.audit.routes import bp as audit_bp
    from kooperacje.auth.routes import bp as auth_bp
    from kooperacje.book.routes import bp as book_bp
    from kooperacje.calendars.routes import bp as calendars_bp
    from kooperacje.clients.routes import bp as clients_bp
    from kooperacje.consents.routes import bp as consents_bp
    from kooperacje.contracts.routes import bp as contracts_bp
    from kooperacje.dashboard.routes import bp as dashboard_bp
    from kooperacje.diagnoses.routes import bp as diagnoses_bp
    from kooperacje.home import bp as home_bp
    from kooperacje.inaction.routes import bp as inaction_bp
    from kooperacje.intake.routes import bp as intake_bp
    from kooperacje.memberships.routes import bp as memberships_bp
    from kooperacje.municipalities.routes import bp as municipalities_bp
    from kooperacje.notifications.routes import init_app as init_notifications
    from kooperacje.partners.routes import bp as partners_bp
    from kooperacje.partnership.routes import bp as partnership_bp
    from kooperacje.plans.routes import bp as plans_bp
    from kooperacje.referrals.routes import bp as referrals_bp
    from kooperacje.reports.routes import bp as reports_bp
    from kooperacje.statistics.routes import bp as statistics_bp
    from kooperacje.teams.routes import bp as teams_bp
    from kooperacje.users.routes import bp as users_bp

    for blueprint in (auth_bp, home_bp, book_bp, municipalities_bp, users_bp, admin_bp, audit_bp, statistics_bp,
                      partnership_bp, partners_bp, calendars_bp, clients_bp, consents_bp, diagnoses_bp, contracts_bp,
                      referrals_bp, intake_bp, teams_bp, dashboard_bp, reports_bp, plans_bp, inaction_bp, acts_bp,
                      memberships_bp, i18n.bp, web.bp):
        app.register_blueprint(blueprint)
    init_notifications(app)


def _register_template_helpers(app):
    from kooperacje.templating import init_app as init_templating

    init_templating(app)


def _configure_logging(app):
    # Log lines carry request ids and codes only; views never log personal data.
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s %(message)s")
