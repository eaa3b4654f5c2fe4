"""The bare reference stack of ../shared/guides/performance.md over the benchmark's database:
Flask + Jinja with no database (``/``), + one ORM lookup by primary key (``/pk/<id>``), + a
keyset-paginated list of 50 clients of one municipality (``/list/<municipality>``).
Run as ``gunicorn bench.national.bare:app`` with ``BENCH_DATABASE_URL`` set."""
import os

from flask import Flask, abort, render_template_string, request
from sqlalchemy import String, create_engine, event, select
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, scoped_session, sessionmaker

LAYOUT = """<!doctype html><html lang=pl><meta charset=utf-8><title>{{ title }}</title>
<nav><a href="/">Start</a> <a href="/list/1">Sprawy</a></nav><main><h1>{{ title }}</h1>{% block main %}{% endblock %}</main>"""
PAGE = LAYOUT.replace("{% block main %}{% endblock %}",
                      "{% for i in range(60) %}<p>Akapit {{ i }} strony referencyjnej</p>{% endfor %}")
RECORD = LAYOUT.replace("{% block main %}{% endblock %}",
                        "<dl><dt>Rodzaj<dd>{{ c.kind }}<dt>Miejscowość<dd>{{ c.town }}<dt>Status<dd>{{ c.status }}"
                        "</dl>{% for i in range(40) %}<p>Akapit {{ i }}</p>{% endfor %}")
LIST = LAYOUT.replace("{% block main %}{% endblock %}",
                      "<table>{% for c in clients %}<tr><td><a href=/pk/{{ c.id }}>{{ c.surname_key }}</a>"
                      "<td>{{ c.kind }}<td>{{ c.town }}</tr>{% endfor %}</table>"
                      "{% if clients %}<a href=?after={{ clients[-1].id }}>Dalej</a>{% endif %}")


class Base(DeclarativeBase):
    pass


class Client(Base):
    """The product's client table, only the columns the pages show."""
    __tablename__ = "client"
    id: Mapped[int] = mapped_column(primary_key=True)
    municipality_id: Mapped[int]
    kind: Mapped[str] = mapped_column(String(10))
    town: Mapped[str | None] = mapped_column(String(100))
    status: Mapped[str] = mapped_column(String(10))
    surname_key: Mapped[str] = mapped_column(String(100))


def create_app(url):
    engine = create_engine(url)
    if engine.dialect.name == "sqlite":
        @event.listens_for(engine, "connect")
        def _pragmas(connection, _record):  # the same reading setup as the product's
            for pragma in ("journal_mode=WAL", "busy_timeout=5000"):
                connection.execute(f"PRAGMA {pragma}")
    session = scoped_session(sessionmaker(engine))
    app = Flask("bare")
    app.teardown_appcontext(lambda _exc: session.remove())

    @app.get("/")
    def page():
        return render_template_string(PAGE, title="Strona")

    @app.get("/pk/<int:client_id>")
    def record(client_id):
        client = session.get(Client, client_id) or abort(404)
        return render_template_string(RECORD, title="Sprawa", c=client)

    @app.get("/list/<int:municipality_id>")
    def listing(municipality_id):
        statement = select(Client).where(Client.municipality_id == municipality_id)
        after = request.args.get("after", type=int)
        if after is not None:
            statement = statement.where(Client.id < after)
        clients = session.scalars(statement.order_by(Client.id.desc()).limit(50)).all()
        return render_template_string(LIST, title="Sprawy", clients=clients)

    return app


app = create_app(os.environ["BENCH_DATABASE_URL"]) if "BENCH_DATABASE_URL" in os.environ else None
