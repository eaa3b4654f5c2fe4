"""PESEL checks: the checksum, and agreement with the birth date and sex typed in the form."""
import re

from stdnum.exceptions import ValidationError
from stdnum.pl import pesel as stdnum_pesel

from kooperacje.i18n import gettext as _


def pesel_problems(number, birth_date=None, sex=None):
    """Messages for the user; an empty list means the PESEL is valid and consistent."""
    number = (number or "").strip()
    if not number.isdigit() or len(number) != 11:
        return [_("PESEL ma 11 cyfr.")]
    try:
        stdnum_pesel.validate(number)
    except ValidationError:
        return [_("PESEL jest nieprawidłowy (błędna cyfra kontrolna lub data). Sprawdź numer z dokumentem.")]
    problems = []
    if birth_date and stdnum_pesel.get_birth_date(number) != birth_date:
        problems.append(_("Data urodzenia nie zgadza się z numerem PESEL."))
    if sex and stdnum_pesel.get_gender(number) != sex:
        problems.append(_("Płeć nie zgadza się z numerem PESEL."))
    return problems


def facts_from_pesel(number):
    """(birth date, sex) encoded in a valid PESEL."""
    return stdnum_pesel.get_birth_date(number), stdnum_pesel.get_gender(number)


def masked(number):
    """What lists show: the last four digits only."""
    return "•••••••" + number[-4:] if number else "—"


_ELEVEN_DIGITS = re.compile(r"(?<!\d)\d{11}(?!\d)")


def contains_pesel(text):
    """Whether ``text`` holds a valid PESEL: typed text about to leave the app (an e-mail) is
    refused for it, whoever the number belongs to, so the refusal tells nothing about clients."""
    return any(stdnum_pesel.is_valid(number) for number in _ELEVEN_DIGITS.findall(text or ""))
