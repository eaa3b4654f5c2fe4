"""The PZK meeting protocol as a person reads it: the minutes' Markdown as formatted text (never
raw marks, HTML or javascript: links), deadline dates on one line, and the tasks the meeting
closed recorded in its own protocol."""
import io
import re

import pytest
from builders import _meeting_with_task, add_meeting, coordinator_client, pdf_text, set_up, to_pdf
from docx import Document
from docx.shared import Cm
from sqlalchemy import select

from kooperacje.extensions import db
from kooperacje.partnership.models import Task

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MINUTES = """### Oferty partnerów
Koordynatorka przedstawiła **ofertę MOPS** i *harmonogram* dyżurów.
Szczegóły na [stronie gminy](https://gmina.example.pl/pzk), pytania: <sekretariat@gmina.example.pl>.
Nie klikać: [link](javascript:alert(document.cookie)) <b onclick="alert(1)">Ważne</b><script>alert(2)</script>

- dyżur w środy
- dyżur w piątki

1. zebrać deklaracje
2. rozesłać regulamin
"""


def protocol(client, meeting_id):
    response = client.get(f"/partnership/meetings/{meeting_id}/protocol.docx")
    assert response.status_code == 200
    return Document(io.BytesIO(response.data))




def test_minutes_markdown_becomes_formatted_text_without_marks_html_or_scripts(app):
    client, _ = coordinator_client(app)
    set_up(client)
    document = protocol(client, add_meeting(client, "2026-11-13", minutes=MINUTES))
    paragraphs = document.paragraphs
    text = "\n".join(p.text for p in paragraphs)
    for raw in ("**", "###", "](", "javascript", "<b", "onclick", "alert", "<script"):
        assert raw not in text
    assert "Oferty partnerów" in [p.text for p in paragraphs if p.style.name == "Heading 2"]
    runs = [run for p in paragraphs for run in p.runs]
    assert any(r.text == "ofertę MOPS" and r.bold for r in runs)
    assert any(r.text == "harmonogram" and r.italic for r in runs)
    assert "Szczegóły na stronie gminy (https://gmina.example.pl/pzk), pytania: sekretariat@gmina.example.pl." in text
    assert "Nie klikać: link Ważne" in text  # the text of the link and of the raw HTML, nothing active
    assert [p.text for p in paragraphs if p.style.name == "List Bullet"] == ["dyżur w środy", "dyżur w piątki"]
    assert [p.text for p in paragraphs if p.style.name == "List"] == ["1. zebrać deklaracje", "2. rozesłać regulamin"]


def test_deadline_column_is_wide_enough_for_a_polish_date(app):
    client, _ = coordinator_client(app)
    document = protocol(client, _meeting_with_task(client))
    table = next(t for t in document.tables if t.rows[0].cells[-1].text == "Termin")
    assert [c.text for c in table.rows[1].cells][-1] == "27.11.2026"
    assert table.autofit is False  # fixed layout: Word and LibreOffice keep the widths
    widths = [cell.width for cell in table.rows[1].cells]
    assert widths[-1] >= Cm(2.5) and sum(widths) <= Cm(16.01)  # within the A4 text width
    grid = [int(col.get(f"{W}w")) for col in table._tbl.tblGrid.findall(f"{W}gridCol")]
    assert grid == [cell.width.twips for cell in table.rows[1].cells]


def test_a_task_closed_at_the_meeting_is_recorded_in_its_protocol(app):
    client, _ = coordinator_client(app)
    first = _meeting_with_task(client, due="2026-11-20")
    second = add_meeting(client, "2026-11-27")
    with app.app_context():
        task_id = db.session.scalar(select(Task.id).where(Task.title == "Opisać usługi w koszyku"))
    response = client.post(f"/partnership/tasks/{task_id}/status", data={"status": "done", "meeting_id": second})
    assert response.status_code == 302
    document = protocol(client, second)
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert "Zadania zamknięte na posiedzeniu" in headings
    cells = [[c.text for c in row.cells] for t in document.tables for row in t.rows]
    assert ["Opisać usługi w koszyku", "Miejski Ośrodek Pomocy Społecznej w Zgierzu", "wykonane", "20.11.2026"] in cells
    # the meeting that set the task does not claim its closure
    assert "Zadania zamknięte na posiedzeniu" not in [p.text for p in protocol(client, first).paragraphs]


@pytest.mark.libreoffice
def test_libreoffice_prints_each_deadline_on_one_line(app, office_suite, tmp_path):  # noqa: F811
    client, _ = coordinator_client(app)
    meeting_id = _meeting_with_task(client, minutes=MINUTES)
    response = client.get(f"/partnership/meetings/{meeting_id}/protocol.docx")
    printed = pdf_text(office_suite, to_pdf(office_suite, io.BytesIO(response.data), tmp_path, "protokol"))
    assert re.search(r"Opisać usługi w koszyku .*27\.11\.2026", printed)  # one line of the table
    assert "13.11.2026" in printed and "ofertę MOPS" in printed and "javascript" not in printed
