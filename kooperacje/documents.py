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
    # styles not based on Normal (footer, list, table) take the document defaults
    _set_language_in(_defaults(document).find(qn("w:rPrDefault")).find(qn("w:rPr")), language)
    return document


def _defaults(document):
    """The styles part's ``w:docDefaults`` (python-docx's template always has one, with both parts)."""
    return document.styles.element.find(qn("w:docDefaults"))


def _set_language(style, language):
    _set_language_in(style.element.get_or_add_rPr(), language)


def _set_language_in(rpr, language):
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    lang.set(qn("w:val"), language)
    lang.set(qn("w:eastAsia"), language)
    lang.set(qn("w:bidi"), language)


def default_spacing(document, after):
    """Space after paragraphs by default; table styles (no space in cells) still win over it."""
    ppr = _defaults(document).find(qn("w:pPrDefault")).find(qn("w:pPr"))
    spacing = ppr.find(qn("w:spacing"))
    if spacing is None:
        spacing = OxmlElement("w:spacing")
        ppr.append(spacing)
    spacing.set(qn("w:after"), str(round(after.pt * 20)))


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
    _row_property(row, "w:tblHeader")


def signature_block(document, labels, columns=None):
    """Lines to sign above their labels, ``columns`` signatures a row (all in one row by default)."""
    columns = columns or len(labels)
    document.add_paragraph()
    grid = document.add_table(rows=0, cols=columns)
    for start in range(0, len(labels), columns):
        _signature_rows(grid, labels[start:start + columns])
    return grid


def _signature_rows(grid, labels):
    lines, names = grid.add_row(), grid.add_row()
    for line, name, label in zip(lines.cells, names.cells, labels):
        line.text = "\n\n.............................................."
        line.paragraphs[0].paragraph_format.keep_with_next = True  # the line stays with its label
        name.text = safe(label)
        for cell in (line, name):
            cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
    for row in (lines, names):
        _row_property(row, "w:cantSplit")  # a signature is never cut by a page break


def _row_property(row, name):
    trpr = row._tr.get_or_add_trPr()
    marker = OxmlElement(name)
    marker.set(qn("w:val"), "true")
    trpr.append(marker)


def a4(document, margin=2.5):
    """A4 paper with ``margin`` centimetres left and right: 16 cm of text width by default."""
    for section in document.sections:
        section.page_width, section.page_height = Cm(21), Cm(29.7)
        section.left_margin = section.right_margin = Cm(margin)
        section.top_margin = section.bottom_margin = Cm(2)


_FIELD = re.compile(r"\{(PAGE|NUMPAGES)\}")


def page_footer(document, template):
    """A centred footer on every page; ``{PAGE}`` and ``{NUMPAGES}`` become Word fields."""
    for section in document.sections:
        para = section.footer.paragraphs[0]
        para.alignment = WD_ALIGN_PARAGRAPH.CENTER
        for index, part in enumerate(_FIELD.split(template)):
            if index % 2:
                _field(para, part)
            elif part:
                _small_run(para, safe(part))


def _field(para, instruction):
    """A complex field (begin, instruction, separate, shown value, end) Word and LibreOffice update."""
    _field_char(para, "begin")
    code = OxmlElement("w:instrText")
    code.set(qn("xml:space"), "preserve")
    code.text = f" {instruction} "
    _small_run(para)._r.append(code)
    _field_char(para, "separate")
    _small_run(para, "1")
    _field_char(para, "end")


def _field_char(para, kind):
    mark = OxmlElement("w:fldChar")
    mark.set(qn("w:fldCharType"), kind)
    _small_run(para)._r.append(mark)


def _small_run(para, text=""):
    run = para.add_run(text)
    run.font.size = Pt(8)
    return run


def to_bytes(document):
    buffer = io.BytesIO()
    document.save(buffer)
    buffer.seek(0)
    return buffer


def download_name(*parts, extension="docx"):
    """A file name built from ids and dates only; never from names people typed."""
    return "-".join(slugify(str(p)) for p in parts if p) + f".{extension}"
