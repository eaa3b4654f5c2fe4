"""Shared python-docx helpers: documents in Polish with real styles, and text that cannot break them.

They are fast enough for a bulk export. Used as its documentation shows, python-docx resolves a
style *name* by scanning every style of the document on each call, and inserts every element
through schema look-ups: a three-page contract took about 100 ms of that. Here instead:

* :class:`Blocks` writes paragraphs and tables as WordprocessingML text and parses it once, into
  exactly the XML the python-docx calls it stands for would make (``add_paragraph``,
  ``add_heading``, ``add_run``, ``add_table``, ``cell.text``, ``merge``...); style ids are
  resolved once per document, and once per process for the copies of a :class:`Template`;
* :class:`Template` makes a document whose set-up never changes (styles, page, footer part)
  once per process, and each use opens a copy of its bytes.

``paragraph``, ``table`` and ``signature_block`` keep their python-docx-style signatures, on top
of :class:`Blocks`.
"""
import functools
import io
import re
import threading
import weakref

from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.image.image import Image as DocxImage
from docx.oxml import OxmlElement
from docx.oxml.ns import nsdecls, qn
from docx.oxml.parser import element_class_lookup
from docx.shared import Cm, Emu, Inches, Pt
from docx.table import Table
from docx.text.paragraph import Paragraph
from flask_babel import force_locale
from lxml import etree

from kooperacje.clock import day
from kooperacje.fields import answer_text, kind_of
from kooperacje.i18n import gettext as _
from kooperacje.text import slugify

# XML 1.0 forbids these; python-docx raises on them, so they never reach a document.
_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
DOCX_MIMETYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


# --- statutory documents: always Polish, each with its legal basis -----------------------------

#: the language of every statutory document, whatever the interface language of the user
DOCUMENT_LOCALE = "pl"
SOCIAL_ASSISTANCE_ACT = "ustawa z dnia 12 marca 2004 r. o pomocy społecznej (Dz.U. 2023 poz. 901)"
#: where the labour-market groups of variant B come from since 1 June 2025: art. 69 of the act
#: that replaced the employment act of 20 April 2004 and its art. 49 (the 2010 template's reference);
#: see contracts.vocabulary.LABOUR_MARKET_LISTS
LABOUR_MARKET_ACT = ("art. 69 ustawy z dnia 20 marca 2025 r. o rynku pracy i służbach zatrudnienia "
                     "(Dz.U. 2025 poz. 620), obowiązującej od 1 czerwca 2025 r.")
#: what each statutory document is issued under, printed in it (Polish only, like the documents)
LEGAL_BASES = {
    "social_contract": ("art. 108 ustawy z dnia 12 marca 2004 r. o pomocy społecznej (Dz.U. 2023 poz. 901); "
                        "Rozporządzenie Ministra Pracy i Polityki Społecznej z dnia 8 listopada 2010 r. w sprawie "
                        "wzoru kontraktu socjalnego (Dz.U. 2010 nr 218 poz. 1439)"),
    "diagnosis": ("art. 107 ustawy z dnia 12 marca 2004 r. o pomocy społecznej (Dz.U. 2023 poz. 901); "
                  "Rozporządzenie Ministra Rodziny i Polityki Społecznej z dnia 8 kwietnia 2021 r. w sprawie "
                  "rodzinnego wywiadu środowiskowego (Dz.U. 2021 poz. 893), część I"),
    "pzk_protocol": ("art. 2 ust. 2 ustawy z dnia 12 marca 2004 r. o pomocy społecznej (Dz.U. 2023 poz. 901) – "
                     "współpraca na zasadzie partnerstwa; porozumienie o współpracy i regulamin "
                     "Partnerskiego Zespołu Kooperacji"),
}


def legal_basis(kind):
    return LEGAL_BASES[kind]


def statutory_document(build):
    """A statutory document's builder, run in Polish: every text it translates, every
    vocabulary label it prints and every date it formats comes out Polish, so a user who
    chose English downloads the same document as anyone else."""
    @functools.wraps(build)
    def in_polish(*args, **kwargs):
        with force_locale(DOCUMENT_LOCALE):
            return build(*args, **kwargs)
    return in_polish


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
    """A paragraph of one run, bold or explicitly not."""
    blocks = Blocks(document)
    blocks.paragraph(text, bold=bold, style=style)
    return Paragraph(blocks.flush()[0], document._body)


def table(document, header, rows, widths=None):
    """A bordered table with a header row repeated on each page; ``widths`` in centimetres."""
    blocks = Blocks(document)
    blocks.table(header, rows, widths)
    return Table(blocks.flush()[0], document._body)


def signature_block(document, labels, columns=None):
    """Lines to sign above their labels, ``columns`` signatures a row (all in one row by default)."""
    blocks = Blocks(document)
    blocks.signature_block(labels, columns)
    return Table(blocks.flush()[1], document._body)


# --- WordprocessingML written as text -------------------------------------------------------------

_STYLE_IDS = weakref.WeakKeyDictionary()  # a document's part -> {(style name, type): style id}
_PARSERS = threading.local()  # an lxml parser is not to be used by two threads at once
_BODY_OPEN = f"<w:body {nsdecls('w')}>"
_BREAKS = re.compile("([\t\r\n])")
_TABLE_LOOK = ('<w:tblLook w:firstColumn="1" w:firstRow="1" w:lastColumn="0" w:lastRow="0" w:noHBand="0" '
               'w:noVBand="1" w:val="04A0"/>')
SIGNATURE_LINE = "\n\n.............................................."
#: a line to fill in by hand across the 16 cm text width of A4
FILL_IN_LINE = "…" * 56


def style_id(document, name, kind=WD_STYLE_TYPE.PARAGRAPH):
    """The id python-docx gives the style ``name`` (None for the default style), looked up once
    per document: python-docx itself scans every style of the document on each call."""
    ids = _STYLE_IDS.setdefault(document.part, {})
    key = (name, kind)
    if key not in ids:
        ids[key] = document.part.get_style_id(name, kind)
    return ids[key]


def _parser():
    parser = getattr(_PARSERS, "parser", None)
    if parser is None:
        parser = _PARSERS.parser = etree.XMLParser(resolve_entities=False, huge_tree=True)
        parser.set_element_class_lookup(element_class_lookup)  # python-docx's element classes
    return parser


def _escape(text):
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _content(text):
    """What python-docx's ``run.text = text`` makes: ``w:t`` pieces, a tab or a break for each
    ``\\t``, ``\\n`` or ``\\r``."""
    if not _BREAKS.search(text):
        pieces = (text,) if text else ()
    else:
        pieces = _BREAKS.split(text)
    xml = []
    for piece in pieces:
        if piece == "\t":
            xml.append("<w:tab/>")
        elif piece in ("\r", "\n"):
            xml.append("<w:br/>")
        elif piece:
            space = ' xml:space="preserve"' if len(piece.strip()) < len(piece) else ""
            xml.append(f"<w:t{space}>{_escape(piece)}</w:t>")
    return "".join(xml)


def run(text="", bold=None, italic=None, size=None):
    """A run as ``paragraph.add_run(safe(text))`` then ``.bold``, ``.italic``, ``.font.size``."""
    props = ""
    if bold is not None:
        props += "<w:b/>" if bold else '<w:b w:val="0"/>'
    if italic is not None:
        props += "<w:i/>" if italic else '<w:i w:val="0"/>'
    if size is not None:
        props += f'<w:sz w:val="{int(Emu(size).pt * 2)}"/>'
    props = f"<w:rPr>{props}</w:rPr>" if props else ""
    return f"<w:r>{props}{_content(safe(text))}</w:r>"


def paragraph_xml(runs="", style_id=None, alignment=None, keep_with_next=False, page_break_before=False):
    """A paragraph of ``runs`` (from :func:`run`) with python-docx's paragraph properties."""
    props = f'<w:pStyle w:val="{style_id}"/>' if style_id else ""
    if keep_with_next:
        props += "<w:keepNext/>"
    if page_break_before:
        props += "<w:pageBreakBefore/>"
    if alignment is not None:
        props += f'<w:jc w:val="{WD_ALIGN_PARAGRAPH.to_xml(alignment)}"/>'
    props = f"<w:pPr>{props}</w:pPr>" if props else ""
    return f"<w:p>{props}{runs}</w:p>"


def _cell(width, content="", span=1):
    """A cell ``width`` twips wide (python-docx's ``cell.width``); an empty one holds ``<w:p/>``."""
    span = f'<w:gridSpan w:val="{span}"/>' if span > 1 else ""
    return f'<w:tc><w:tcPr><w:tcW w:type="dxa" w:w="{width}"/>{span}</w:tcPr>{content or "<w:p/>"}</w:tc>'


def _row(cells, marker=None):
    """A row; ``marker`` is a row property set to true (``w:tblHeader``, ``w:cantSplit``)."""
    props = f'<w:trPr><{marker} w:val="true"/></w:trPr>' if marker else ""
    return f"<w:tr>{props}{''.join(cells)}</w:tr>"


def _table(columns, rows, style_id=None, autofit=None):
    """``document.add_table`` (``columns`` widths in twips), ``.style`` and ``.autofit``."""
    props = f'<w:tblStyle w:val="{style_id}"/>' if style_id else ""
    props += '<w:tblW w:type="auto" w:w="0"/>'
    if autofit is not None:
        props += f'<w:tblLayout w:type="{"autofit" if autofit else "fixed"}"/>'
    grid = "".join(f'<w:gridCol w:w="{width}"/>' for width in columns)
    return f"<w:tbl><w:tblPr>{props}{_TABLE_LOOK}</w:tblPr><w:tblGrid>{grid}</w:tblGrid>{''.join(rows)}</w:tbl>"


def _block_width(document):
    """The width between the margins, as python-docx's ``Document._block_width``."""
    section = document.sections[-1]
    page_width = section.page_width or Inches(8.5)
    left_margin = section.left_margin or Inches(1)
    right_margin = section.right_margin or Inches(1)
    return Emu(page_width - left_margin - right_margin)


def _caption_cell(text, caption, alignment=WD_ALIGN_PARAGRAPH.LEFT):
    """Bold text over a small italic caption."""
    return (paragraph_xml(run(text, bold=True), alignment=alignment)
            + paragraph_xml(run(caption, italic=True, size=Pt(8)), alignment=alignment))


def answered_fields(section, values, choice_names):
    """(field spec, answer as text) for the fields of ``section`` answered in ``values``."""
    shown = [(spec, answer_text(spec, (values or {}).get(spec.name), choice_names)) for spec in section.fields]
    return [(spec, text) for spec, text in shown if text]


class Blocks:
    """Paragraphs and tables to add at the end of ``document``'s body, written as text and
    parsed in one go by :meth:`flush`; each method makes the XML of the python-docx calls it
    names, so documents read and look the same as when built with them."""

    def __init__(self, document):
        self.document = document
        self._width = _block_width(document)
        self._xml = []

    def style_id(self, name, kind=WD_STYLE_TYPE.PARAGRAPH):
        return style_id(self.document, name, kind)

    def add_paragraph(self, runs="", style=None, alignment=None, keep_with_next=False, page_break_before=False):
        """``document.add_paragraph(style=style)`` with ``runs`` from :func:`run`, then its format."""
        self._xml.append(paragraph_xml(runs, self.style_id(style) if style else None, alignment, keep_with_next,
                                       page_break_before))

    def paragraph(self, text, bold=False, style=None, **format):
        """As :func:`paragraph`: one run, even an empty one, bold or explicitly not."""
        self.add_paragraph(run(text, bold=bold), style, **format)

    def heading(self, text, level=1, **format):
        """``document.add_heading(safe(text), level)``: Title at level 0, a run only for some text."""
        text = safe(text)
        self.add_paragraph(run(text) if text else "", "Title" if level == 0 else f"Heading {level}", **format)

    def empty(self):
        """``document.add_paragraph()``."""
        self._xml.append("<w:p/>")

    def _default_widths(self, count):
        """``add_table``'s columns: the text width shared equally, in twips."""
        return [Emu(self._width // count).twips] * count if count else []

    def grid(self, rows):
        """``document.add_table(rows, cols)`` without a style, holding ``rows`` of cells of
        paragraph XML (:func:`paragraph_xml`)."""
        widths = self._default_widths(max((len(row) for row in rows), default=0))
        self._xml.append(_table(widths, [_row([_cell(w, c) for w, c in zip(widths, row)]) for row in rows]))

    def table(self, header, rows, widths=None, span_header=False):
        """As :func:`table`: "Table Grid", a bold header row repeated on each page, a cell's
        ``text`` set for each value, ``widths`` in centimetres (fixed layout), then an empty
        paragraph. With ``span_header`` the header is one caption, its first cell merged over
        the row (python-docx's ``merge`` and the merged cell's extra paragraph removed)."""
        count = len(header)
        columns = self._default_widths(count)
        for index, width in enumerate((widths or ())[:count]):
            columns[index] = Cm(width).twips
        titles = [_cell(width, f"<w:p><w:r/>{run(text, bold=True)}</w:p>") for width, text in zip(columns, header)]
        if span_header and count > 1:
            titles = [_cell(sum(columns), f"<w:p><w:r/>{run(header[0], bold=True)}</w:p>", span=count)]
        body = [_row([_cell(width, f"<w:p>{run(text)}</w:p>") for width, text in zip(columns, values)]
                     + [_cell(width) for width in columns[len(values):]]) for values in rows]
        self._xml.append(_table(columns, [_row(titles, "w:tblHeader"), *body],
                                self.style_id("Table Grid", WD_STYLE_TYPE.TABLE), autofit=widths is None))
        self.empty()  # breathing space before the next block

    def stamp(self, centre, on, caption, blank=False):
        """The centre's stamp on the left; on the right the place and date ``on`` the document was
        concluded or signed off (or "projekt" while it is not; lines to fill in on a ``blank``
        form), over ``caption``."""
        if on or blank:
            place = _("%(place)s, dnia %(day)s", place=centre.signing_place or "…" * 14,
                      day=day(on) if on else "…" * 14)
        else:
            place = _("projekt")
        stamp = "\n".join(part for part in (centre.full_name, centre.address) if part)
        self.grid([[_caption_cell(stamp, centre.stamp_caption),
                    _caption_cell(place, caption, WD_ALIGN_PARAGRAPH.RIGHT)]])

    def label(self, text):
        """A bold caption kept on the page of what follows it."""
        self.paragraph(text, bold=True, keep_with_next=True)

    def labelled_text(self, label, text):
        """A bold label, then the text a paragraph per line, or lines to fill in by hand."""
        self.label(label)
        lines = [line.strip() for line in safe(text).splitlines() if line.strip()]
        for line in lines or [FILL_IN_LINE, FILL_IN_LINE]:
            self.paragraph(line)

    def answers(self, section, values, choice_names):
        """A form section's answered fields (of a diagnosis or a model's plan), under its title;
        nothing when none is answered. Returns whether anything was written."""
        shown = answered_fields(section, values, choice_names)
        if not shown:
            return False
        self.heading(section.title, level=2)
        for spec, text in shown:
            if kind_of(spec).multiline:
                self.labelled_text(spec.label, text)
            else:
                self.add_paragraph(run(f"{spec.label}: ", bold=True) + run(text))
        return True

    def signature_block(self, labels, columns=None):
        """As :func:`signature_block`: after an empty paragraph, rows of lines to sign above their
        labels, centred, a line kept with its label and never split by a page break."""
        columns = columns or len(labels)
        self.empty()
        widths = self._default_widths(columns)
        rows = []
        for start in range(0, len(labels), columns):
            chunk = labels[start:start + columns]
            lines = [paragraph_xml(run(SIGNATURE_LINE), alignment=WD_ALIGN_PARAGRAPH.CENTER, keep_with_next=True)
                     for _ in chunk]
            names = [paragraph_xml(run(label), alignment=WD_ALIGN_PARAGRAPH.CENTER) for label in chunk]
            for cells in (lines, names):
                rows.append(_row([_cell(w, c) for w, c in zip(widths, cells)]
                                 + [_cell(w) for w in widths[len(cells):]], "w:cantSplit"))
        self._xml.append(_table(widths, rows))

    def flush(self):
        """Parse what was written and add it at the end of the body (before its section
        properties, where python-docx adds); returns the new block elements."""
        fragment = etree.fromstring(f"{_BODY_OPEN}{''.join(self._xml)}</w:body>", _parser())
        self._xml = []
        body = self.document.element.body
        elements = list(fragment)
        end = body.sectPr
        if end is None:
            body.extend(elements)
        else:
            for element in elements:
                end.addprevious(element)
        return elements


class Template:
    """A document made by ``make()`` once per process and copied for each use: a copy opens
    its bytes again, so documents never share state. Copies share the template's resolved
    style ids (:func:`style_id`): change no style on a copy."""

    def __init__(self, make):
        self._make = make
        self._blob = None
        self._style_ids = {}

    def new(self):
        if self._blob is None:
            self._blob = to_bytes(self._make()).getvalue()
        document = Document(io.BytesIO(self._blob))
        _STYLE_IDS[document.part] = self._style_ids
        return document


def a4(document, margin=2.5):
    """A4 paper with ``margin`` centimetres left and right: 16 cm of text width by default."""
    for section in document.sections:
        section.page_width, section.page_height = Cm(21), Cm(29.7)
        section.left_margin = section.right_margin = Cm(margin)
        section.top_margin = section.bottom_margin = Cm(2)


LETTERHEAD_HEIGHT = Cm(2.5)  # at most: the letterhead never pushes the document's title down a page


def letterhead(document, image):
    """The centre's letterhead (PNG or JPEG bytes) at the top of every page, as wide as the text
    (16 cm on A4) unless that would make it taller than :data:`LETTERHEAD_HEIGHT`."""
    if not image:
        return
    width = _block_width(document)
    header = DocxImage.from_blob(image)
    if header.px_width and width * header.px_height / header.px_width > LETTERHEAD_HEIGHT:
        width = Emu(int(LETTERHEAD_HEIGHT * header.px_width / header.px_height))
    for section in document.sections:
        section.header.is_linked_to_previous = False
        section.header.paragraphs[0].add_run().add_picture(io.BytesIO(image), width=width)


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
