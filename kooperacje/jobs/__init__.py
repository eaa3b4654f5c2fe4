"""Background jobs: reminders, e-mail and bulk exports run in a Huey consumer, never in a request.

The queue lives in a SQLite file beside the database by default (no extra service) and on
Redis when ``KOOPERACJE_JOBS_REDIS_URL`` is set. Each app gets its own Huey instance with the
tasks bound to it (:func:`kooperacje.jobs.tasks.register_tasks`); the consumer imports
:mod:`kooperacje.jobs.worker`.
"""
import threading

from flask import current_app


class Jobs:
    """An app's queue and its tasks, made at first use: a web worker that enqueues nothing never
    imports Huey, which brings the Redis and PostgreSQL drivers with it (15 MB a process).
    ``jobs.send_mail(mail_id)`` enqueues; ``jobs.huey`` is the queue itself."""

    def __init__(self, app):
        self._app = app
        self._lock = threading.Lock()
        self._made = None

    def _queue_and_tasks(self):
        if self._made is None:
            with self._lock:
                if self._made is None:
                    from kooperacje.jobs.queue import create_huey
                    from kooperacje.jobs.tasks import register_tasks

                    huey = create_huey(self._app.config, self._app.instance_path)
                    self._made = huey, register_tasks(huey, self._app)
        return self._made

    @property
    def huey(self):
        return self._queue_and_tasks()[0]

    def __getattr__(self, name):
        return getattr(self._queue_and_tasks()[1], name)


def init_app(app):
    from kooperacje.jobs.mail import mail

    mail.init_app(app)
    app.extensions["kooperacje.jobs"] = Jobs(app)


def jobs():
    """The current app's tasks: ``jobs().send_mail(mail_id)`` enqueues."""
    return current_app.extensions["kooperacje.jobs"]
