"""The kinds of a plugin's fields are one registry (kooperacje.fields): a model's own meeting
fields read as labels and Polish dates on the meeting page and in the protocol, and a new kind
is one class that then works in a form, on a page and in a DOCX."""
import io
from dataclasses import replace

import pytest
from builders import add_municipality, add_user, login, make_app
from docx import Document

from kooperacje import hookimpl
from kooperacje.domain import FieldSpec
from kooperacje.fields import KINDS, FieldKind, IntegerField, register_kind
from plugins.urban import plugin as urban_plugin

MOODS = (("calm", "spokojna"), ("tense", "napięta"))


class PercentKind(FieldKind):
    """A share in per cent: the fourth kind a deployment might add, in one class."""

    key = "percent"

    def form_field(self, spec, presence, options):
        return IntegerField(validators=presence, render_kw={"inputmode": "numeric"}, **options)

    def text(self, spec, value, names):
        return f"{value} %"


@pytest.fixture
def percent_kind():
    register_kind(PercentKind())
    yield
    del KINDS["percent"]


class MeetingFields:
    """An add-on giving the urban model's meetings a select, a date and a percent field."""

    @hookimpl
    def partnership_profile(self, model_key):
        if model_key != "urban":
            return None
        return replace(urban_plugin.partnership_profile(), meeting_fields=(
            FieldSpec("mood", "Atmosfera spotkania", kind="select", choices=MOODS),
            FieldSpec("report_due", "Sprawozdanie do", kind="date"),
            FieldSpec("turnout", "Frekwencja", kind="percent"),
        ))


def _meeting(db_path):
    app = make_app(db_path, plugins=[("meeting-fields", MeetingFields())])
    add_user("koord", "coordinator", add_municipality("102003"))
    client = app.test_client()
    login(client, "koord")
    assert client.post("/partnership/setup", data={
        "name": "Zespół", "formed_on": "2025-01-10", "cadence_days": "15", "quorum_percent": "50",
        "model_mayor_authorisation": "Zarządzenie 12/2025"}).status_code == 302
    form = client.get("/partnership/meetings/new").get_data(as_text=True)
    answer = client.post("/partnership/meetings/new", data={
        "meeting_type": "working", "held_on": "2026-11-13", "mode": "in_person",
        "model_mood": "tense", "model_report_due": "2026-11-27", "model_turnout": "45"})
    assert answer.status_code == 302, answer.get_data(as_text=True)
    return client, form, answer.headers["Location"]


def _protocol_rows(client, meeting_path):
    document = Document(io.BytesIO(client.get(f"{meeting_path}/protocol.docx").data))
    return [[cell.text for cell in row.cells] for table in document.tables for row in table.rows]


def test_a_models_meeting_fields_read_as_labels_and_polish_dates(db_path, percent_kind):
    client, _form, meeting = _meeting(db_path)
    page = client.get(meeting).get_data(as_text=True)
    assert "<dt>Atmosfera spotkania</dt><dd class=\"prewrap\">napięta</dd>" in page
    assert "<dt>Sprawozdanie do</dt><dd class=\"prewrap\">27.11.2026</dd>" in page
    assert "tense" not in page and "2026-11-27" not in page
    rows = _protocol_rows(client, meeting)
    assert ["Atmosfera spotkania", "napięta"] in rows and ["Sprawozdanie do", "27.11.2026"] in rows


def test_a_fourth_kind_is_one_class_and_works_in_the_form_the_page_and_the_docx(db_path, percent_kind):
    client, form, meeting = _meeting(db_path)
    assert 'name="model_turnout"' in form and 'inputmode="numeric"' in form  # its form field
    assert "<dt>Frekwencja</dt><dd class=\"prewrap\">45 %</dd>" in client.get(meeting).get_data(as_text=True)
    assert ["Frekwencja", "45 %"] in _protocol_rows(client, meeting)
    edit = client.get(f"{meeting}/edit").get_data(as_text=True)
    assert 'name="model_turnout"' in edit and 'value="45"' in edit  # stored and read back for editing


def test_an_unknown_kind_is_a_contract_problem(db_path):
    from kooperacje.testing import check_model_plugin

    class Typo(MeetingFields):
        @hookimpl
        def partnership_profile(self, model_key):
            if model_key != "urban":
                return None
            return replace(urban_plugin.partnership_profile(),
                           meeting_fields=(FieldSpec("turnout", "Frekwencja", kind="percent"),))

    problems = check_model_plugin(make_app(db_path, plugins=[("typo", Typo())]), "urban")
    assert any("meeting field 'turnout': unknown kind 'percent'" in p for p in problems)
