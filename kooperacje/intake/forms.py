"""The forms of the intake queue: the partner's signal, and the centre's steps on it."""
from wtforms import RadioField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length

from kooperacje.fields import NameField
from kooperacje.forms import Form, VersionForm
from kooperacje.i18n import lazy_gettext as _l
from kooperacje.intake.vocabulary import FAMILY_INFORMED, NORMAL, NOT_QUALIFIED_REASONS, URGENCIES

OBSERVATIONS_MAX = 4000


class SignalForm(Form):
    """A partner signals a family to the centre."""

    first_name = NameField(_l("Imię"), validators=[DataRequired(_l("Podaj imię osoby, której dotyczy zgłoszenie.")),
                                                   Length(max=80)], render_kw={"autocomplete": "off"})
    last_name = NameField(_l("Nazwisko"), validators=[
        DataRequired(_l("Podaj nazwisko osoby, której dotyczy zgłoszenie.")), Length(max=100)],
        render_kw={"autocomplete": "off"})
    town = StringField(_l("Miejscowość"), validators=[DataRequired(_l("Podaj miejscowość, w której mieszka rodzina.")),
                                                      Length(max=100)])
    street = StringField(_l("Ulica i numer domu (jeśli znane)"), validators=[Length(max=160)],
                         render_kw={"autocomplete": "off"})
    phone = StringField(_l("Telefon do rodziny (nieobowiązkowy)"), validators=[Length(max=40)],
                        render_kw={"autocomplete": "off"})
    observations = TextAreaField(_l("Co zaobserwowano i dlaczego rodzina potrzebuje wsparcia"), validators=[
        DataRequired(_l("Opisz, co zaobserwowano i dlaczego rodzina potrzebuje wsparcia.")),
        Length(max=OBSERVATIONS_MAX)],
        description=_l("Fakty, które widzieliście lub o których wiecie, bez ocen. Tylko to, co potrzebne, by ośrodek "
                       "mógł się z rodziną skontaktować."))
    urgency = RadioField(_l("Pilność"), choices=list(URGENCIES.items()), default=NORMAL,
                         validators=[InputRequired(_l("Wybierz, jak pilne jest zgłoszenie."))],
                         description=_l("Pilne: rodzina potrzebuje pomocy w ciągu kilku dni. Przy zagrożeniu życia "
                                        "lub zdrowia dzwoń pod numer 112."))
    family_informed = RadioField(_l("Czy rodzina wie o zgłoszeniu i zgodziła się na nie?"),
                                 choices=list(FAMILY_INFORMED.items()),
                                 validators=[InputRequired(_l("Zaznacz, czy rodzina wie o zgłoszeniu."))])


class ReviewForm(VersionForm):
    """A worker takes the signal under review (the version they saw)."""


class LinkForm(VersionForm):
    """Qualify the signal into an existing case, chosen from the search's results."""

    client = StringField(_l("Sprawa"))


class DeclineForm(VersionForm):
    reason = RadioField(_l("Powód"), choices=list(NOT_QUALIFIED_REASONS.items()),
                        validators=[InputRequired(_l("Wybierz powód, dla którego zgłoszenie nie zostało "
                                                     "zakwalifikowane."))],
                        description=_l("Instytucja, która zgłosiła rodzinę, zobaczy tylko ten powód."))
    text = TextAreaField(_l("Uzasadnienie"), validators=[
        DataRequired(_l("Uzasadnij, dlaczego zgłoszenie nie zostało zakwalifikowane.")), Length(max=2000)],
        description=_l("Dla ośrodka: instytucja partnerska go nie zobaczy."))
