"""Password policy (length over composition, no common or context words) and one-time passwords."""
import secrets
from pathlib import Path

from flask import current_app
from flask_babel import gettext as _

from kooperacje.text import fold

MAX_LENGTH = 256
_COMMON_FILE = Path(__file__).with_name("common_passwords.txt")
_CONTEXT_WORDS = ("kooperacje", "kooperacja", "mops", "gops", "mgops", "pomoc", "haslo", "password")


def _common_passwords():
    if not hasattr(_common_passwords, "cache"):
        words = _COMMON_FILE.read_text(encoding="utf-8").split()
        _common_passwords.cache = frozenset(fold(w) for w in words)
    return _common_passwords.cache


def password_problems(password, username="", municipality_name=""):
    """Human-readable reasons why ``password`` is refused; an empty list means it is fine."""
    minimum = current_app.config["PASSWORD_MIN_LENGTH"]
    if len(password) < minimum:
        return [_("Hasło musi mieć co najmniej %(n)d znaków.", n=minimum)]
    if len(password) > MAX_LENGTH:
        return [_("Hasło może mieć najwyżej %(n)d znaków.", n=MAX_LENGTH)]
    folded = fold(password)
    if folded in _common_passwords() or len(set(folded)) < 4:
        return [_("To hasło jest zbyt popularne lub zbyt proste. Wybierz inne, np. kilka niepowiązanych słów.")]
    context = [w for w in (*_CONTEXT_WORDS, fold(username), fold(municipality_name)) if len(w) >= 4]
    if any(word in folded for word in context):
        return [_("Hasło nie może zawierać nazwy użytkownika, nazwy gminy ani nazwy aplikacji.")]
    return []


# No look-alike characters (0/O, 1/l/I): the password is read out or copied from a screen.
_READABLE = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def one_time_password():
    """A random initial password (4 groups of 5 characters, about 115 bits), shown once."""
    return "-".join("".join(secrets.choice(_READABLE) for _ in range(5)) for _ in range(4))
