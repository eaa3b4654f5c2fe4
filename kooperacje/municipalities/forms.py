from flask_babel import lazy_gettext as _l
from wtforms import HiddenField, RadioField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional, ValidationError

from kooperacje.forms import Form, IntegerField
from kooperacje.clock import local_today


class GminaSearchForm(Form):
    class Meta:
        csrf = False  # a GET search that changes nothing

    q = StringField(_l("Nazwa gminy"), validators=[Optional(), Length(max=80)])
    woj = SelectField(_l("Województwo"), validators=[Optional()], validate_choice=False)


class PickGminaForm(Form):
    teryt6 = HiddenField(validators=[DataRequired(), Length(min=6, max=6)])


class PopulationForm(Form):
    population = IntegerField(_l("Liczba mieszkańców"), validators=[
        DataRequired(_l("Podaj liczbę mieszkańców.")),
        NumberRange(min=1, max=2_000_000, message=_l("Podaj liczbę od 1 do 2 000 000."))])
    population_year = IntegerField(_l("Stan na rok"), validators=[
        DataRequired(_l("Podaj rok, którego dotyczy liczba.")),
        NumberRange(min=1990, message=_l("Podaj rok od 1990 do bieżącego."))])
    population_source = StringField(_l("Źródło"), validators=[
        DataRequired(_l("Podaj źródło, np. GUS BDL, stan na 31 grudnia."))], render_kw={"maxlength": 200},
        description=_l("Np. GUS Bank Danych Lokalnych, stan na 31 grudnia; albo ewidencja ludności urzędu gminy."))

    def validate_population_year(self, field):
        # the current year when the form is checked, not when the server started
        if field.data and field.data > local_today().year:
            raise ValidationError(_l("Podaj rok od 1990 do bieżącego."))

    def validate_population_source(self, field):
        if len(field.data or "") > 200:
            field.errors.append(_l("Źródło może mieć najwyżej 200 znaków."))


class ChooseModelForm(Form):
    model_key = RadioField(_l("Model współpracy"), validators=[DataRequired(_l("Wybierz model."))],
                           validate_choice=True)
    reason = TextAreaField(_l("Uzasadnienie wyboru"), validators=[Length(max=2000)],
                           description=_l("Wymagane, gdy wybierasz inny model niż zalecany."))


class RetentionForm(Form):
    retention_category = StringField(_l("Kategoria archiwalna akt spraw (JRWA)"), validators=[
        DataRequired(_l("Podaj kategorię archiwalną, np. B10.")), Length(max=10)],
        description=_l("Z jednolitego rzeczowego wykazu akt ośrodka, np. B10 lub BE10."))
    retention_years = IntegerField(_l("Okres przechowywania (lata)"), validators=[
        InputRequired(_l("Podaj liczbę lat.")), NumberRange(min=1, max=100, message=_l("Podaj liczbę od 1 do 100."))],
        description=_l("Liczony od 1 stycznia roku następującego po ostatniej czynności w sprawie."))
