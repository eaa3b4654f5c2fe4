from flask import Blueprint, abort, render_template, request

from kooperacje.auth.permissions import permission_required
from kooperacje.book.book import get_book
from kooperacje.plugins import GENERAL_PART, get_plugins

bp = Blueprint("book", __name__, url_prefix="/book")
MAX_QUERY = 100


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
    hits = get_book().search(query) if query.strip() else []
    return render_template("book/search.html", query=query, hits=hits, part_title=part_title)
