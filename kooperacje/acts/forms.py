from flask import current_app
from flask_wtf.file import FileField
from wtforms.validators import ValidationError

from kooperacje.acts.vocabulary import SCAN_MAX_BYTES, scan_type
from kooperacje.forms import Form
from kooperacje.i18n import lazy_gettext as _l


def scan_limit():
    return current_app.config.get("ACT_SCAN_MAX_BYTES") or SCAN_MAX_BYTES


def scan_limit_mb():
    """The limit as the messages state it: "5", "0,1" (MB)."""
    return f"{scan_limit() / 1024 / 1024:.1f}".replace(".", ",").removesuffix(",0")


class ScanForm(Form):
    scan = FileField(_l("Skan podpisanego dokumentu"),
                     description=_l("PDF, PNG lub JPEG; rozpoznawany po zawartości pliku."))

    def validate_scan(self, field):
        """The content decides, never the name; ``field.data`` becomes (name, type, bytes)."""
        upload = field.data
        if not upload or not getattr(upload, "filename", None):
            raise ValidationError(_l("Wybierz plik ze skanem."))
        limit = scan_limit()
        blob = upload.read(limit + 1)
        if not blob:
            raise ValidationError(_l("Plik jest pusty."))
        if len(blob) > limit:
            raise ValidationError(_l("Plik może mieć najwyżej %(size)s MB.", size=scan_limit_mb()))
        kind = scan_type(blob)
        if kind is None:
            raise ValidationError(_l("Wybierz plik PDF, PNG albo JPEG."))
        field.data = (upload.filename, kind, blob)
