"""The consumer's entry point: ``huey_consumer kooperacje.jobs.worker.huey``. The app is built
from the ``KOOPERACJE_*`` environment, like the web server's."""
import logging

from kooperacje import create_app

app = create_app()
huey = app.extensions["kooperacje.jobs"].huey
# huey_consumer gives the "huey" logger a handler of its own; passed on to the app's root handler
# as well, every consumer line would be written twice
logging.getLogger("huey").propagate = False
