"""Command-line tasks: ``flask --app wsgi <command>``."""
import click
from flask import current_app
from flask.cli import with_appcontext
from sqlalchemy import select

from kooperacje.extensions import db
from kooperacje.clock import local_today


def init_app(app):
    app.cli.add_command(create_superadmin)
    app.cli.add_command(list_plugins)
    app.cli.add_command(backup_command)
    app.cli.add_command(restore_command)
    app.cli.add_command(analyze_command)
    app.cli.add_command(demo_passwords_command)
    app.cli.add_command(run_all_command)
    app.cli.add_command(remind_command)
    app.cli.add_command(refresh_indicators_command)


@click.command("create-superadmin")
@with_appcontext
@click.argument("username")
@click.option("--full-name", default="Administrator wdrożenia", show_default=True)
def create_superadmin(username, full_name):
    """Create a deployment administrator; prints a one-time password to change at first login."""
    from kooperacje.auth.models import User
    from kooperacje.auth.permissions import Role
    from kooperacje.users.service import AccountError, create_user

    username = username.strip().lower()
    if db.session.scalar(select(User.id).where(User.username == username)):
        raise click.ClickException(f"the login {username!r} is taken")
    try:
        _user, password = create_user(User(role=Role.SUPERADMIN.value), username=username, full_name=full_name,
                                       email=None, role=Role.SUPERADMIN.value)
    except AccountError as error:
        raise click.ClickException(str(error)) from error
    db.session.commit()
    click.echo(f"Created {username}. One-time password (shown only now): {password}")


@click.command("plugins")
@with_appcontext
def list_plugins():
    """List the loaded plugins, their versions and the hooks they implement."""
    for plugin in current_app.extensions["kooperacje.plugins"].describe():
        click.echo(f"{plugin.name:<14} {plugin.version:<10} {plugin.source}")
        click.echo(f"{'':<14} hooks: {', '.join(plugin.hooks) or '-'}")


@click.command("backup")
@with_appcontext
@click.argument("target", type=click.Path(dir_okay=False))
def backup_command(target):
    """Back up the whole database to a new file, while the app keeps running."""
    from kooperacje.backup import BackupError, backup

    try:
        click.echo(f"Backup written to {backup(target)}")
    except BackupError as error:
        raise click.ClickException(str(error)) from error


@click.command("restore")
@with_appcontext
@click.argument("source", type=click.Path(dir_okay=False))
@click.confirmation_option(prompt="This replaces everything in the database with the backup. Go on?")
def restore_command(source):
    """Replace the database contents with a backup made by `backup` (asks for confirmation)."""
    from kooperacje.backup import BackupError, restore

    try:
        restore(source)
    except BackupError as error:
        raise click.ClickException(str(error)) from error
    click.echo(f"Restored from {source}")


@click.command("analyze")
@with_appcontext
def analyze_command():
    """Refresh the query planner's statistics (run after a large import)."""
    from kooperacje.bootstrap import refresh_statistics

    refresh_statistics()
    click.echo("Statistics refreshed.")


@click.command("demo-passwords")
@with_appcontext
def demo_passwords_command():
    """Issue fresh one-time passwords for the demo accounts and print them (demo data only)."""
    from kooperacje.bootstrap import print_one_time_passwords
    from kooperacje.demo import reissue_demo_passwords

    if current_app.config["ENV"] == "production" or not current_app.config["DEMO_DATA"]:
        raise click.ClickException("demo data is off on this installation (KOOPERACJE_DEMO_DATA): "
                                   "there are no demo passwords to issue")
    accounts = reissue_demo_passwords()
    if not accounts:
        raise click.ClickException("this database holds none of the demo logins")
    print_one_time_passwords(accounts)


@click.command("run-all")
@with_appcontext
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=5000, show_default=True)
@click.option("--workers", default=2, show_default=True, help="threads of the job consumer")
def run_all_command(host, port, workers):
    """Development: the web server and the job consumer together; Ctrl-C (or a SIGTERM) stops both."""
    import os
    import signal
    import subprocess
    import sys

    from werkzeug.serving import run_simple

    # this process has migrated the database already; the consumer only works on it
    env = {**os.environ, "KOOPERACJE_AUTO_MIGRATE": "false", "KOOPERACJE_DEMO_DATA": "false"}
    consumer = subprocess.Popen([sys.executable, "-m", "huey.bin.huey_consumer", "kooperacje.jobs.worker.huey",
                                 "--workers", str(workers), "--worker-type", "thread"], env=env)
    # a SIGTERM (kill, a service manager) would end this process without the clean-up below
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    try:
        run_simple(host, port, current_app._get_current_object(), threaded=True)
    finally:
        if consumer.poll() is None:
            consumer.send_signal(signal.SIGINT)  # the consumer finishes the jobs it is running
        try:
            consumer.wait(timeout=CONSUMER_GRACE_SECONDS)
        except subprocess.TimeoutExpired:  # a job that does not finish must not keep the terminal
            consumer.kill()
            consumer.wait()


#: how long Ctrl-C waits for the consumer's running jobs; what a killed job left undone is taken up
#: again after the next start (reminders and mails are written down first, then sent)
CONSUMER_GRACE_SECONDS = 30


@click.command("remind")
@with_appcontext
@click.option("--now", "at_once", is_flag=True, help="compute here instead of queueing the job")
def remind_command(at_once):
    """Produce today's reminders (the consumer also does it daily at REMINDER_HOUR)."""

    from kooperacje.jobs import jobs

    if at_once:
        click.echo(f"Reminders produced: {jobs().produce_reminders_for(local_today())}")
    else:
        jobs().daily_reminders()
        click.echo("Queued for the consumer.")


@click.command("refresh-indicators")
@with_appcontext
def refresh_indicators_command():
    """Recount the regional indicator summary now (the consumer also does it every night)."""
    from time import perf_counter

    from kooperacje.statistics.service import refresh

    started = perf_counter()
    written = refresh()
    click.echo(f"Indicator summary: {written} rows in {perf_counter() - started:.2f} s")
