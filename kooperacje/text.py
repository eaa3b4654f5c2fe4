"""Small text helpers shared by search, slugs and input cleaning."""
import re
import unicodedata

# Letters NFKD does not decompose into an ASCII base letter.
_EXTRA_FOLDS = str.maketrans({"ł": "l", "Ł": "l", "ß": "ss", "đ": "d", "ø": "o"})
_C0_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# Bidirectional marks, embeddings, overrides and isolates: U+202E shows "Kowalski" as "ikslawoK".
_BIDI_CONTROLS = re.compile("[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_WHITESPACE = re.compile(r"\s+")
_NON_ALPHANUMERIC = re.compile(r"[^a-z0-9]+")


def fold(text):
    """Lower-case ASCII form for search and slugs: 'Łódź' -> 'lodz'."""
    text = unicodedata.normalize("NFKD", text.translate(_EXTRA_FOLDS))
    return "".join(c for c in text if not unicodedata.combining(c)).lower()


def name_words(text):
    """The folded words of a name, for search: 'Żurawska-Łęcka' -> {'zurawska', 'lecka'}."""
    return {word for word in _NON_ALPHANUMERIC.split(fold(text or "")) if word}


def slugify(text, separator="-"):
    return re.sub(r"[^a-z0-9]+", separator, fold(text)).strip(separator)


def clean_input(text):
    """NFC-normalise typed text and drop control characters that break XML, DOCX and PostgreSQL
    and the bidirectional controls that make text read backwards on a page or in a document."""
    if not isinstance(text, str):
        return text  # e.g. a number a form field was filled with from a record
    text = text.encode("utf-8", "replace").decode("utf-8")  # lone surrogates become '?'
    return _BIDI_CONTROLS.sub("", _C0_CONTROLS.sub("", unicodedata.normalize("NFC", text)))


def single_line(text):
    """Line breaks, tabs and runs of spaces as one space, none at the ends."""
    return _WHITESPACE.sub(" ", text).strip() if isinstance(text, str) else text
