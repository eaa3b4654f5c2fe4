"""Background jobs: reminders, e-mail and bulk exports run in a Huey consumer, never in a request.

The queue lives in a SQLite file beside the database by default (no extra service) and on
Redis when ``KOOPERACJE_JOBS_REDIS_URL`` is set. Each app gets its own Huey instance with the
tasks bound to it (:func:`kooperacje.jobs.tasks.register_tasks`); the consumer imports
:mod:`kooperacje.jobs.worker`.
"""
from flask import current_app


def init_app(app):
    from kooperacje.jobs.mail import mail
    from kooperacje.jobs.queue import create_huey
    from kooperacje.jobs.tasks import register_tasks

    mail.init_app(app)
    huey = create_huey(app.config, app.instance_path)
    app.extensions["kooperacje.huey"] = huey
    app.extensions["kooperacje.jobs"] = register_tasks(huey, app)


def jobs():
    """The current app's tasks: ``jobs().send_mail(mail_id)`` enqueues."""
    return current_app.extensions["kooperacje.jobs"]
