"""Record ids as they arrive from outside (URLs, ``?after=``, form choices).

Every id column is an INTEGER: 32 bits on PostgreSQL, 64 on SQLite. A number beyond that is no
record's id, so it is refused before it reaches a query (where it would fail with an overflow, a
500) and answers like any id that does not exist."""
from werkzeug.routing import IntegerConverter

#: the largest id any table can hold on every supported database (PostgreSQL's INTEGER)
MAX_ID = 2**31 - 1


def parse_id(text):
    """``text`` as a possible record id, or None when it cannot be one."""
    text = (text or "").strip()
    if not text.isascii() or not text.isdigit() or len(text) > len(str(MAX_ID)):
        return None
    value = int(text)
    return value if 1 <= value <= MAX_ID else None


class IdConverter(IntegerConverter):
    """``<int:...>`` in every URL: digits up to :data:`MAX_ID`; anything larger is not found (404)."""

    def __init__(self, map, fixed_digits=0, min=None, max=MAX_ID, signed=False):
        super().__init__(map, fixed_digits=fixed_digits, min=min, max=max, signed=signed)
