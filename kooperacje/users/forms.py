import re

from wtforms import EmailField, SelectField, StringField
from wtforms.validators import DataRequired, Email, Length, Optional, ValidationError

from kooperacje.fields import NameField
from kooperacje.forms import Form
from kooperacje.i18n import lazy_gettext as _l

USERNAME = re.compile(r"^[a-z0-9][a-z0-9._-]{2,63}$")


def valid_username(field):
    """Every login field's rule: stored lower-case, ASCII letters, digits and . _ -"""
    field.data = (field.data or "").strip().lower()
    if not USERNAME.match(field.data):
        raise ValidationError(_l("Login: 3–64 znaki, małe litery bez polskich znaków, cyfry, kropka, myślnik lub podkreślenie."))


class UserForm(Form):
    full_name = NameField(_l("Imię i nazwisko"), validators=[DataRequired(_l("Podaj imię i nazwisko.")), Length(max=120)],
                          render_kw={"autocomplete": "off"})
    username = StringField(_l("Login"), validators=[DataRequired(_l("Podaj login.")), Length(max=64)],
                           description=_l("Małe litery, cyfry, kropka, myślnik; 3–64 znaki, np. jan.kowalski."),
                           render_kw={"autocomplete": "off", "autocapitalize": "none"})
    email = EmailField(_l("E-mail służbowy"), validators=[Optional(), Email(_l("Podaj poprawny adres e-mail.")), Length(max=254)])
    role = SelectField(_l("Rola"), validators=[DataRequired()])
    municipality_id = SelectField(_l("Gmina"), coerce=int, validators=[Optional()])
    voivodeship_code = SelectField(_l("Województwo (dla obserwatora regionalnego)"), validators=[Optional()])
    institution_id = SelectField(_l("Instytucja (dla przedstawiciela instytucji partnerskiej)"), coerce=int,
                                 validators=[Optional()],
                                 description=_l("Członek Zespołu PZK, którego stron przedstawiciel będzie używać."))

    def validate_username(self, field):
        valid_username(field)
