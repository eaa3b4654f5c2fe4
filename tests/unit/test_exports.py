"""The one CSV cell rule: what a spreadsheet would run is made plain text; dates read as in Poland."""
from datetime import date, datetime, timezone

import pytest

from kooperacje.exports import cell


@pytest.mark.parametrize("typed", ["=1+1", "+48 600", "-2", "@SUM(A1)", "\tx", "\rx"])
def test_text_a_spreadsheet_would_run_becomes_plain(typed):
    assert cell(typed) == "'" + typed


def test_other_values_keep_their_text_and_dates_their_polish_form(app):
    with app.test_request_context():
        assert cell("Zespół – 2026") == "Zespół – 2026"
        assert cell(None) == "" and cell(12) == "12"
        assert cell(date(2025, 2, 8)) == "08.02.2025"
        assert cell(datetime(2026, 3, 29, 1, 30, tzinfo=timezone.utc)).startswith("29.03.2026, 03:30")
