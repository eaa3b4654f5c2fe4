from wtforms import PasswordField, StringField
from wtforms.validators import DataRequired, EqualTo, Length

from kooperacje.forms import Form
from kooperacje.i18n import lazy_gettext as _l


class LoginForm(Form):
    username = StringField(_l("Login"), validators=[DataRequired(), Length(max=64)],
                           render_kw={"autocomplete": "username", "autocapitalize": "none"})
    password = PasswordField(_l("Hasło"), validators=[DataRequired(), Length(max=256)],
                             render_kw={"autocomplete": "current-password"})


class ChangePasswordForm(Form):
    current_password = PasswordField(_l("Obecne hasło"), validators=[DataRequired(), Length(max=256)],
                                     render_kw={"autocomplete": "current-password"})
    new_password = PasswordField(_l("Nowe hasło"), validators=[DataRequired(), Length(max=256)],
                                 render_kw={"autocomplete": "new-password"},
                                 description=_l("Co najmniej 12 znaków. Najlepiej kilka niepowiązanych słów."))
    confirm = PasswordField(_l("Powtórz nowe hasło"),
                            validators=[DataRequired(), EqualTo("new_password", _l("Hasła nie są takie same."))],
                            render_kw={"autocomplete": "new-password"})


class CodeForm(Form):
    code = StringField(_l("Kod z aplikacji uwierzytelniającej"), validators=[DataRequired(_l("Wpisz 6-cyfrowy kod.")),
                                                                           Length(max=12)],
                       render_kw={"autocomplete": "one-time-code", "inputmode": "numeric"},
                       description=_l("Sześć cyfr, zmieniają się co 30 sekund."))
