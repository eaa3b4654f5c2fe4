"""Shared python-docx helpers: documents in Polish with real styles, and text that cannot break them."""
import io
import re

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from kooperacje.text import slugify

# XML 1.0 forbids these; python-docx raises on them, so they never reach a document.
_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
DOCX_MIMETYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def safe(text):
    return _XML_INVALID.sub("", str(text or ""))


def new_document(language="pl-PL"):
    document = Document()
    styles = document.styles
    normal = styles["Normal"]
    normal.font.name = "Calibri"
    normal.font.size = Pt(11)
    for style in (normal, styles["Heading 1"], styles["Heading 2"], styles["Title"]):
        _set_language(style, language)
    return document


def _set_language(style, language):
    rpr = style.element.get_or_add_rPr()
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    lang.set(qn("w:val"), language)
    lang.set(qn("w:eastAsia"), language)
    lang.set(qn("w:bidi"), language)


def paragraph(document, text, bold=False, style=None):
    para = document.add_paragraph(style=style)
    run = para.add_run(safe(text))
    run.bold = bold
    return para


def table(document, header, rows, widths=None):
    """A bordered table with a header row repeated on each page; ``widths`` in centimetres."""
    grid = document.add_table(rows=1, cols=len(header))
    grid.style = "Table Grid"
    grid.autofit = widths is None
    for cell, text in zip(grid.rows[0].cells, header):
        cell.text = ""
        cell.paragraphs[0].add_run(safe(text)).bold = True
    _repeat_header(grid.rows[0])
    for row in rows:
        cells = grid.add_row().cells
        for cell, text in zip(cells, row):
            cell.text = safe(text)
    if widths:
        for column, width in zip(grid.columns, widths):
            column.width = Cm(width)  # the table grid, which LibreOffice reads
        for row in grid.rows:
            for cell, width in zip(row.cells, widths):
                cell.width = Cm(width)
    document.add_paragraph()  # breathing space before the next block
    return grid


def _repeat_header(row):
    trpr = row._tr.get_or_add_trPr()
    marker = OxmlElement("w:tblHeader")
    marker.set(qn("w:val"), "true")
    trpr.append(marker)


def signature_block(document, labels):
    document.add_paragraph()
    grid = document.add_table(rows=2, cols=len(labels))
    for cell in grid.rows[0].cells:
        cell.text = "\n\n.............................................."
        cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
    for cell, label in zip(grid.rows[1].cells, labels):
        cell.text = safe(label)
        cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER


def to_bytes(document):
    buffer = io.BytesIO()
    document.save(buffer)
    buffer.seek(0)
    return buffer


def download_name(*parts, extension="docx"):
    """A file name built from ids and dates only; never from names people typed."""
    return "-".join(slugify(str(p)) for p in parts if p) + f".{extension}"
