from wtforms import DateField, EmailField, HiddenField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Email, InputRequired, Length, Optional, ValidationError

from kooperacje.clients.pesel import contains_pesel
from kooperacje.clock import local_today
from kooperacje.fields import NameField
from kooperacje.forms import Form
from kooperacje.i18n import lazy_gettext as _l
from kooperacje.partnership.forms import OfferForm
from kooperacje.partnership.vocabulary import TASK_STATUSES
from kooperacje.users.forms import valid_username


class InviteForm(Form):
    """The coordinator invites an institution's representative: an account with a one-time password."""

    full_name = NameField(_l("Imię i nazwisko przedstawiciela"), validators=[
        DataRequired(_l("Podaj imię i nazwisko.")), Length(max=120)], render_kw={"autocomplete": "off"})
    username = StringField(_l("Login"), validators=[DataRequired(_l("Podaj login.")), Length(max=64)],
                           description=_l("Małe litery, cyfry, kropka, myślnik; 3–64 znaki, np. jan.kowalski."),
                           render_kw={"autocomplete": "off", "autocapitalize": "none"})
    email = EmailField(_l("E-mail służbowy"), validators=[Optional(), Email(_l("Podaj poprawny adres e-mail.")),
                                                         Length(max=254)])

    def validate_username(self, field):
        valid_username(field)


class ProgressForm(Form):
    """A dated progress note on the institution's task, with the status it leaves the task in."""

    status = SelectField(_l("Stan zadania"), choices=list(TASK_STATUSES.items()))
    noted_on = DateField(_l("Data wpisu"), validators=[InputRequired(_l("Podaj datę wpisu."))], default=local_today)
    note = TextAreaField(_l("Co zrobiono"), validators=[DataRequired(_l("Opisz, co zrobiono.")), Length(max=4000)],
                         description=_l("Bez danych osób: nazwisk, numerów PESEL, adresów."))

    def validate_noted_on(self, field):
        if field.data and field.data > local_today():
            raise ValidationError(_l("Data wpisu nie może być późniejsza niż dzisiejsza."))

    def validate_note(self, field):
        if contains_pesel(field.data or ""):  # the coordinator's task list is no place for a person's data
            raise ValidationError(_l("Usuń numer PESEL z wpisu: postęp zadania opisuje się bez danych osób."))


class PartnerOfferForm(OfferForm):
    version = HiddenField()  # the version the partner opened (versions.save_versioned)


class PartnerRemarkForm(Form):
    """A representative's remark on the draft minutes, sent in their institution's name."""

    text = TextAreaField(_l("Twoja uwaga do projektu protokołu"), validators=[
        DataRequired(_l("Wpisz treść uwagi.")), Length(max=4000)])
