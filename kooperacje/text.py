"""Small text helpers shared by search, slugs and input cleaning."""
import re
import unicodedata

# Letters NFKD does not decompose into an ASCII base letter.
_EXTRA_FOLDS = str.maketrans({"ł": "l", "Ł": "l", "ß": "ss", "đ": "d", "ø": "o"})
_C0_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def fold(text):
    """Lower-case ASCII form for search and slugs: 'Łódź' -> 'lodz'."""
    text = unicodedata.normalize("NFKD", text.translate(_EXTRA_FOLDS))
    return "".join(c for c in text if not unicodedata.combining(c)).lower()


def slugify(text, separator="-"):
    return re.sub(r"[^a-z0-9]+", separator, fold(text)).strip(separator)


def clean_input(text):
    """NFC-normalise typed text and drop control characters that break XML, DOCX and PostgreSQL."""
    if not isinstance(text, str):
        return text  # e.g. a number a form field was filled with from a record
    text = text.encode("utf-8", "replace").decode("utf-8")  # lone surrogates become '?'
    return _C0_CONTROLS.sub("", unicodedata.normalize("NFC", text))
