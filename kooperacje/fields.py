"""Field types shared by the forms of several parts of the app."""
import unicodedata
from datetime import date

from flask_babel import lazy_gettext as _l
from wtforms import StringField
from wtforms.validators import ValidationError

from kooperacje.text import single_line

#: besides letters (with their accents) and spaces, what names are written with:
#: "Żurawska-Łęcka", "O'Neill", "D’Angelo", "Jan Maria St. Kowalski"
NAME_PUNCTUATION = frozenset("-‐'’.")


def _is_name_character(char):
    return char == " " or char in NAME_PUNCTUATION or unicodedata.category(char)[0] in "LM"


class NameField(StringField):
    """A person's name: on one line with single spaces (typed text is already NFC and free of
    control and bidirectional characters, see ``kooperacje.forms``), and only characters a name
    is written with, so it reads the same on every page and in every document."""

    def __init__(self, label=None, validators=None, filters=(), **kwargs):
        super().__init__(label, validators, filters=(*filters, single_line), **kwargs)

    def pre_validate(self, form):
        if self.data and not all(_is_name_character(char) for char in self.data):
            raise ValidationError(_l("Wpisz same litery; dozwolone są też spacja, łącznik (-), apostrof i kropka."))


#: the dates a record of this app can mean: a birth, a contract, a meeting
EARLIEST_DATE, LATEST_DATE = date(1900, 1, 1), date(2100, 12, 31)


def is_plausible(day):
    return EARLIEST_DATE <= day <= LATEST_DATE


def plausible_date(form, field):
    """Every date field's range (added to each by ``kooperacje.forms``): a mistyped year such as
    9999 would otherwise be stored and break every page that computes with it."""
    if field.data and not is_plausible(field.data):
        raise ValidationError(_l("Podaj datę z lat 1900–2100."))
