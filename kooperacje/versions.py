"""Versioned saves: records that two people may edit at once (a diagnosis, a contract, a meeting,
the PZK's settings, an institution, the centre's profile) carry a version; a form carries the
version its user opened. A save from an older version is refused with a 409 page that keeps what
the user typed and shows what the other person saved; saving again from that page is a
deliberate overwrite.
"""
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError

from kooperacje.extensions import db


def saved_meanwhile(form, stored):
    """Someone else saved ``stored`` since this user opened the form (a new record has no rival)."""
    return stored is not None and form.version.data != str(stored.version)


class SavedMeanwhile(Exception):
    """Someone else saved the record first; ``newer`` is the stored row as it is now."""

    def __init__(self, newer):
        super().__init__("saved meanwhile")
        self.newer = newer


def save_versioned(form, stored, write, reload):
    """Apply ``write()`` (it changes ``stored`` or adds a new row) unless ``stored`` changed since
    the form was opened; returns what ``write`` returns, flushed (the caller commits). Raises
    :class:`SavedMeanwhile` with the row ``reload()`` reads when someone else saved first: before
    our read, between our read and our write (StaleDataError), or a first row created twice at
    once (IntegrityError on its unique key); then nothing of ours is written."""
    if saved_meanwhile(form, stored):
        raise SavedMeanwhile(stored)
    try:
        result = write()
        db.session.flush()
    except (StaleDataError, IntegrityError):
        db.session.rollback()
        raise SavedMeanwhile(reload()) from None
    return result


def conflict_page(render, form, newer, fields=()):
    """The 409 answer: the form keeps the user's input and takes the newer version; ``render``
    gets the stored row (``saved``) and, for the ``fields`` named, the stored values that
    differ from what the user typed (``differences``, as label and value)."""
    form.version.data = str(newer.version) if newer is not None else ""
    return render(saved=newer, differences=_differences(form, newer, fields)), 409


def _differences(form, stored, fields):
    if stored is None:
        return []
    differences = []
    for name in fields:
        field, value = form[name], getattr(stored, name)
        typed = field.data.strip() if isinstance(field.data, str) else field.data
        if (value or None) != (typed or None):
            differences.append((field.label.text, dict(getattr(field, "choices", None) or ()).get(value, value)))
    return differences
