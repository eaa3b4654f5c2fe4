from flask import Blueprint, abort, current_app, render_template, request

from kooperacje.auth.permissions import permission_required
from kooperacje.book.book import get_book, prepare_search
from kooperacje.ids import parse_id
from kooperacje.plugins import GENERAL_PART, get_plugins

bp = Blueprint("book", __name__, url_prefix="/book")
MAX_QUERY = 100


@bp.before_app_request
def _prepare_search_once():
    """A serving worker's first request starts indexing the Book's word forms (never the CLI;
    tests build it when they search)."""
    app = current_app._get_current_object()
    if not app.testing and not app.extensions.get("kooperacje.book_search_prepared"):
        app.extensions["kooperacje.book_search_prepared"] = True
        prepare_search(app)


def part_title(part):
    if part == GENERAL_PART:
        return None
    model = get_plugins().model(part)
    return model.name if model else part


@bp.route("/")
@permission_required("book.read")
def index():
    book = get_book()
    return render_template("book/index.html", book=book, part_title=part_title)


@bp.route("/<part>/<slug>")
@permission_required("book.read")
def chapter(part, slug):
    book = get_book()
    found = book.find(part, slug)
    if found is None:
        abort(404)
    previous, following = book.neighbours(found)
    return render_template("book/chapter.html", chapter=found, previous=previous, following=following,
                           part_title=part_title)


@bp.route("/search")
@permission_required("book.read")
def search():
    query = request.args.get("q", "")[:MAX_QUERY]
    page = parse_id(request.args.get("page", "1")) or 1  # a page number no one could ask for is the first
    results = get_book().search(query, page) if query.strip() else None
    return render_template("book/search.html", query=query, results=results, part_title=part_title)
