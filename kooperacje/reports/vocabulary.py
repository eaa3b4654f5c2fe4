"""The reporting periods the statutory reports use."""
from kooperacje.i18n import lazy_gettext as _l

#: MRPiPS-03 is filed for the first half-year (1 January – 30 June) and for the whole year
#: (1 January – 31 December): the half-year report is not repeated for July–December alone.
HALF_YEAR, YEAR = "h1", "year"
MRPIPS_PERIODS = {HALF_YEAR: _l("I półrocze (1 stycznia – 30 czerwca)"), YEAR: _l("rok (1 stycznia – 31 grudnia)")}
#: the first year the forms accept (the product keeps nothing older than its own records)
FIRST_YEAR = 2000
