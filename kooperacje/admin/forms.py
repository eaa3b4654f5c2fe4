"""The deployment administrator's form: a new municipality with its first administrator."""
from wtforms import StringField
from wtforms.validators import DataRequired, Length

from kooperacje.fields import NameField
from kooperacje.forms import Form
from kooperacje.i18n import lazy_gettext as _l
from kooperacje.users.forms import valid_username


class MunicipalityForm(Form):
    display_name = StringField(_l("Nazwa instalacji (ośrodka)"), validators=[DataRequired(_l("Podaj nazwę.")), Length(max=160)],
                               description=_l("Np. „MOPS w Zgierzu”. Gminę z rejestru TERYT wybiera administrator gminy."))
    admin_full_name = NameField(_l("Imię i nazwisko administratora gminy"),
                                validators=[DataRequired(_l("Podaj imię i nazwisko.")), Length(max=120)])
    admin_username = StringField(_l("Login administratora gminy"), validators=[DataRequired(_l("Podaj login.")), Length(max=64)],
                                 render_kw={"autocapitalize": "none"})

    def validate_admin_username(self, field):
        valid_username(field)
