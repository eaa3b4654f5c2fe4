"""Keyset pagination: pages continue after the last id seen, never with OFFSET."""
from dataclasses import dataclass

from flask import abort, current_app, request

from kooperacje.ids import parse_id


@dataclass
class Page:
    items: list
    next_after: int | None
    is_first: bool


#: the default of keyset_page's ``after``: the ``?after=`` query argument
FROM_URL = object()


def keyset_page(session, statement, id_column, after=FROM_URL):
    """Run ``statement`` (ordered by ``id_column`` descending) for the page after the id ``after``
    (a search posts it with its form: the query never goes into a URL). The statement may select
    entities, bare ids or rows of several columns (one of them ``id``)."""
    size = current_app.config["PAGE_SIZE"]
    if after is FROM_URL:
        after = _after()
    if after is not None:
        statement = statement.where(id_column < after)
    result = session.execute(statement.order_by(id_column.desc()).limit(size + 1))
    rows = (result.scalars() if len(statement.column_descriptions) == 1 else result).unique().all()
    has_more = len(rows) > size
    rows = rows[:size]
    return Page(rows, _id_of(rows[-1]) if has_more else None, after is None)


def _id_of(row):
    return row if isinstance(row, int) else row.id


def _after():
    """The ``?after=`` id, None on the first page; a value no id can have is a bad request."""
    text = request.args.get("after")
    if text is None:
        return None
    after = parse_id(text)
    if after is None:
        abort(400)
    return after
