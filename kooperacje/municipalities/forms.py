from docx.image.exceptions import UnrecognizedImageError
from docx.image.image import Image
from flask_wtf.file import FileField
from wtforms import BooleanField, HiddenField, RadioField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional, Regexp, ValidationError

from kooperacje.clock import local_today
from kooperacje.fields import IntegerField
from kooperacje.forms import Form
from kooperacje.i18n import lazy_gettext as _l


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


class CentreProfileForm(Form):
    full_name = StringField(_l("Pełna nazwa ośrodka"), validators=[
        DataRequired(_l("Podaj pełną nazwę ośrodka, np. Miejski Ośrodek Pomocy Społecznej w Głownie.")),
        Length(max=200, message=_l("Nazwa może mieć najwyżej 200 znaków."))])
    kind = SelectField(_l("Rodzaj jednostki"), validators=[DataRequired(_l("Wybierz rodzaj jednostki."))])
    street = StringField(_l("Ulica i numer"), validators=[Optional(), Length(max=120, message=_l("Najwyżej 120 znaków."))])
    postal_code = StringField(_l("Kod pocztowy"), validators=[
        Optional(), Regexp(r"^\d{2}-\d{3}$", message=_l("Podaj kod pocztowy w postaci 00-000."))])
    town = StringField(_l("Miejscowość (siedziba)"), validators=[
        DataRequired(_l("Podaj miejscowość, w której ośrodek ma siedzibę.")),
        Length(max=80, message=_l("Najwyżej 80 znaków."))])
    head_name = StringField(_l("Imię i nazwisko kierującego ośrodkiem"), validators=[
        Optional(), Length(max=120, message=_l("Najwyżej 120 znaków."))])
    head_title = StringField(_l("Stanowisko kierującego"), validators=[
        Optional(), Length(max=60, message=_l("Najwyżej 60 znaków."))],
        description=_l("Np. Kierownik albo Dyrektor."))
    signing_place = StringField(_l("Miejsce podpisywania dokumentów"), validators=[
        Optional(), Length(max=80, message=_l("Najwyżej 80 znaków."))],
        description=_l("Puste pole oznacza siedzibę ośrodka."))
    dpo_contact = StringField(_l("Kontakt z inspektorem ochrony danych"), validators=[
        Optional(), Length(max=200, message=_l("Najwyżej 200 znaków."))],
        description=_l("Adres e-mail lub pocztowy inspektora, podawany w klauzulach informacyjnych (art. 13 RODO), "
                       "np. iod@ops.gmina.pl. Puste pole: klauzula wskazuje adres ośrodka."))
    contract_approval = BooleanField(
        _l("Kierownik ośrodka zatwierdza kontrakty socjalne przed podpisaniem"),
        description=_l("Gdy zaznaczone, pracownik przekazuje kompletny projekt kontraktu kierownikowi, a podpisać "
                       "można go dopiero po zatwierdzeniu. Konto kierownika ośrodka zakłada administrator gminy."))
    #: the version the user started editing; a different stored version means someone else saved
    version = HiddenField()
    letterhead = FileField(_l("Papier firmowy (nagłówek dokumentów)"),
                           description=_l("Obraz PNG lub JPEG do 512 KB, drukowany u góry kontraktów i protokołów."))
    remove_letterhead = BooleanField(_l("Usuń papier firmowy"))

    def validate_letterhead(self, field):
        """The file's content decides, not its name: python-docx must read it as PNG or JPEG."""
        upload = field.data
        if not upload or not getattr(upload, "filename", None):
            field.data = None
            return
        blob = upload.read(LETTERHEAD_MAX_BYTES + 1)
        if len(blob) > LETTERHEAD_MAX_BYTES:
            raise ValidationError(_l("Obraz może mieć najwyżej 512 KB."))
        try:
            image = Image.from_blob(blob)
        except (UnrecognizedImageError, ValueError, IndexError, KeyError):
            image = None
        if image is None or image.content_type not in ("image/png", "image/jpeg"):
            raise ValidationError(_l("Wybierz obraz PNG albo JPEG."))
        field.data = blob


LETTERHEAD_MAX_BYTES = 512 * 1024
