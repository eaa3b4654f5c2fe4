"""WSGI entry point: `gunicorn wsgi:app` or `flask --app wsgi run`."""
from kooperacje import create_app

app = create_app()
