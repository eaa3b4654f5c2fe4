"""The consumer's entry point: ``huey_consumer kooperacje.jobs.worker.huey``. The app is built
from the ``KOOPERACJE_*`` environment, like the web server's."""
from kooperacje import create_app

app = create_app()
huey = app.extensions["kooperacje.huey"]
