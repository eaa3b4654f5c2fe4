"""The period a report is for: a GET form (it changes nothing), defaulting to the last full period."""
from wtforms import SelectField
from wtforms.validators import DataRequired, NumberRange

from kooperacje.clock import local_today
from kooperacje.fields import IntegerField
from kooperacje.forms import Form
from kooperacje.i18n import lazy_gettext as _l
from kooperacje.reports.vocabulary import FIRST_YEAR, MRPIPS_PERIODS


class YearForm(Form):
    """OZPS: a calendar year, up to the current one (a year still running is allowed and said so)."""

    class Meta:
        csrf = False  # a GET form that changes nothing

    year = IntegerField(_l("Rok"), validators=[DataRequired(_l("Podaj rok, np. 2025."))])

    def __init__(self, formdata, today=None, **defaults):
        super().__init__(formdata, **defaults)
        today = today or local_today()
        self.year.validators = [*self.year.validators, NumberRange(
            min=FIRST_YEAR, max=today.year,
            message=_l("Podaj rok od %(first)d do %(last)d.", first=FIRST_YEAR, last=today.year))]

    def query_args(self):
        """The period as chosen, for the download links."""
        return {name: self[name].data for name in self._fields}


class HalfYearForm(YearForm):
    """MRPiPS-03: the first half-year or the whole year."""

    period = SelectField(_l("Okres sprawozdawczy"), choices=list(MRPIPS_PERIODS.items()))
