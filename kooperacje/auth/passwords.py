"""Password policy and one-time passwords.

Length first, then no names of the person, the gmina or the app, then a real strength estimate:
zxcvbn (keyboard patterns, sequences, repeats, dates, 30 000 common passwords and English words)
with the Polish dictionaries of zxcvbn-pl (common words, first and last names, every place name,
inflected) and the project's list of passwords common in Poland. An accepted password needs
zxcvbn's top score: about 10^10 guesses or more.
"""
import re
import secrets
import threading
from pathlib import Path

from flask import current_app

from kooperacje.i18n import gettext as _
from kooperacje.text import fold

MAX_LENGTH = 256
#: zxcvbn's time grows quickly with length: the first characters decide, the rest only adds.
ESTIMATED_LENGTH = 72  # zxcvbn refuses longer input
STRONG_SCORE = 4
_COMMON_FILE = Path(__file__).with_name("common_passwords.txt")
_COMMON_LIST = "kooperacje_common"
_CONTEXT_WORDS = ("kooperacje", "kooperacja", "mops", "gops", "mgops", "pomoc", "haslo", "password")
_lock = threading.Lock()


def _register_dictionaries():
    """zxcvbn keeps its dictionaries in module state: add the Polish ones once per process.

    zxcvbn and its dictionaries (~12 MB before the Polish ones) are imported here, on the first
    password set in a process, not with the app: most workers never check a password's strength."""
    import zxcvbn_pl
    from zxcvbn import matching

    with _lock:
        if _COMMON_LIST not in matching.RANKED_DICTIONARIES:
            zxcvbn_pl.register()
            words = _COMMON_FILE.read_text(encoding="utf-8").split()
            matching.add_frequency_lists({_COMMON_LIST: [fold(w) for w in words]})


def password_problems(password, username="", municipality_name="", full_name=""):
    """Human-readable reasons why ``password`` is refused; an empty list means it is fine."""
    minimum = current_app.config["PASSWORD_MIN_LENGTH"]
    if len(password) < minimum:
        return [_("Hasło musi mieć co najmniej %(n)d znaków.", n=minimum)]
    if len(password) > MAX_LENGTH:
        return [_("Hasło może mieć najwyżej %(n)d znaków.", n=MAX_LENGTH)]
    context = _context_words(username, municipality_name, full_name)
    folded = fold(password)
    if any(word in folded for word in context):
        return [_("Hasło nie może zawierać Twojego imienia, nazwiska ani loginu, nazwy gminy ani nazwy "
                  "aplikacji, także z dopisanymi cyframi.")]
    _register_dictionaries()
    from zxcvbn import zxcvbn

    estimate = zxcvbn(password[:ESTIMATED_LENGTH], user_inputs=context)
    if estimate["score"] < STRONG_SCORE:
        return [_("Tego hasła łatwo się domyślić: %(why)s. Wybierz dłuższe, np. kilka niepowiązanych słów.",
                  why="; ".join(_weaknesses(estimate["sequence"])))]
    return []


def _context_words(username, municipality_name, full_name):
    """The app's words and the person's and the gmina's names (each part of 4+ letters)."""
    parts = re.split(r"[\s._\-]+", fold(f"{username} {municipality_name} {full_name}"))
    return sorted({w for w in (*_CONTEXT_WORDS, *parts) if len(w) >= 4})


def _weaknesses(sequence):
    """Why zxcvbn found the password guessable, in words a user can act on (no part of it repeated)."""
    reasons = [_weakness(match) for match in sequence]
    has_word = any(match["pattern"] == "dictionary" for match in sequence)
    if has_word and len(sequence) > 1:
        reasons.append(_("dopisane cyfry i znaki niewiele dodają"))
    unique = list(dict.fromkeys(r for r in reasons if r))
    return unique or [_("ma za mało nieprzewidywalnych znaków")]


def _weakness(match):
    pattern = match["pattern"]
    if pattern == "dictionary" and match["dictionary_name"] in ("passwords", _COMMON_LIST):
        return _("jest na liście najczęściej używanych haseł albo bardzo je przypomina")
    if pattern == "dictionary":
        return _("opiera się na słowie ze słownika, imieniu, nazwisku lub nazwie miejscowości")
    if pattern == "spatial":
        return _("to układ sąsiednich klawiszy (jak qwerty czy zaq12wsx)")
    if pattern == "sequence":
        return _("zawiera ciąg kolejnych znaków (jak 12345 czy abcd)")
    if pattern == "repeat":
        return _("powtarza ten sam fragment")
    if pattern in ("date", "regex"):
        return _("zawiera rok lub datę")
    return None


# No look-alike characters (0/O, 1/l/I): the password is read out or copied from a screen.
_READABLE = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def one_time_password():
    """A random initial password (4 groups of 5 characters, about 115 bits), shown once."""
    return "-".join("".join(secrets.choice(_READABLE) for _ in range(5)) for _ in range(4))
