"""The meeting protocol (protokół) as a DOCX ready to print and sign."""
import re
from datetime import date, datetime
from urllib.parse import urlsplit

import lxml.html
import markdown
import nh3

from kooperacje import documents as doc
from kooperacje.clock import day
from kooperacje.i18n import gettext as _
from kooperacje.partnership.service import CARRY_OVER_HEADING
from kooperacje.partnership.vocabulary import APPROVED, SENT_FOR_REMARKS
from kooperacje.templating import USER_MARKDOWN_TAGS

# Column widths in cm (16 cm of text on A4): a date column fits "27.11.2026" in Calibri 11 pt
# with the cell margins on one line, in Word and in LibreOffice.
TASK_TABLE_WIDTHS = (5.6, 4.6, 3.2, 2.6)  # task, institution, person or state, deadline
LINK_SCHEMES = {"http", "https", "mailto"}
# The minutes as the meeting page shows them (sanitised by nh3), headings kept for the document.
_MINUTES_TAGS = USER_MARKDOWN_TAGS | {"h1", "h2", "h5", "h6"}
_HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
_LISTS = {"ul", "ol"}
_BLOCKS = _HEADINGS | _LISTS | {"p", "blockquote", "pre", "table", "hr"}
_SPACES = re.compile(r"\s+")


@doc.statutory_document
def build_protocol(snapshot, letterhead=None):
    """The protocol from ``snapshot`` (service.protocol_snapshot: frozen at approval, or computed
    now for a draft) and nothing else, so a signed protocol never changes. ``letterhead`` is the
    centre's current letterhead image: the paper it is printed on, not part of what was approved."""
    document = doc.new_document()
    doc.a4(document)  # A4 like the social contract
    doc.letterhead(document, letterhead)
    document.add_heading(doc.safe(_title(snapshot)), level=0)
    _draft_notice(document, snapshot)
    doc.paragraph(document, f"{snapshot['body_name']} — {snapshot['centre']}")
    doc.paragraph(document, _("Podstawa prawna: %(basis)s", basis=snapshot["legal_basis"]))
    _meeting_facts(document, snapshot)
    _attendance(document, snapshot)
    _agenda(document, snapshot)
    _minutes(document, snapshot)
    _model_fields(document, snapshot)
    _decisions(document, snapshot)
    _carried_tasks(document, snapshot)
    _closed_tasks(document, snapshot)
    _remarks(document, snapshot)
    if snapshot["next_meeting_on"]:
        doc.paragraph(document, _("Termin kolejnego spotkania: %(day)s", day=_day(snapshot["next_meeting_on"])))
    doc.signature_block(document, [_("Prowadzący spotkanie"), _("Protokolant")])
    return doc.to_bytes(document)


def _title(snapshot):
    if snapshot["status"] == APPROVED:
        return _("Protokół nr %(number)s ze spotkania", number=snapshot["number"])
    return _("Projekt protokołu ze spotkania")


def _draft_notice(document, snapshot):
    """Say what stage the text is at, so a draft is never taken for the signed protocol."""
    if snapshot["status"] == APPROVED:
        doc.paragraph(document, _("Protokół zatwierdzony %(day)s.", day=_day(snapshot["approved_on"])))
    elif snapshot["status"] == SENT_FOR_REMARKS:
        doc.paragraph(document, _("Projekt przekazany członkom zespołu do uwag. Termin zgłaszania uwag: %(day)s.",
                                  day=_day(snapshot["remarks_due_on"])), bold=True)
    else:
        doc.paragraph(document, _("Projekt – protokół nie został jeszcze zatwierdzony."), bold=True)


def _meeting_facts(document, snapshot):
    rows = [
        (_("Rodzaj spotkania"), snapshot["meeting_type"]),
        (_("Data"), _day(snapshot["held_on"])),
        (_("Miejsce"), snapshot["place"] or "—"),
        (_("Forma"), snapshot["mode"]),
        (_("Prowadzący"), snapshot["chair"] or "—"),
    ]
    doc.table(document, [_("Pole"), _("Wartość")], rows, widths=(5, 11))


def _attendance(document, snapshot):
    document.add_heading(doc.safe(_("Lista obecności")), level=1)
    rows = [(a["institution"], a["representative"], a["status"], "") for a in snapshot["attendance"]]
    doc.table(document, [_("Instytucja"), _("Przedstawiciel"), _("Obecność"), _("Podpis")], rows,
              widths=(6, 3.5, 2.8, 3.7))
    q = snapshot["quorum"]
    verdict = _("kworum osiągnięte") if q["met"] else _("brak kworum")
    doc.paragraph(document, _("Obecne instytucje: %(present)d z %(members)d (wymagane %(required)d) — %(verdict)s.",
                              present=q["present"], members=q["members"], required=q["required"], verdict=verdict))


def _agenda(document, snapshot):
    document.add_heading(doc.safe(_("Porządek obrad")), level=1)
    for line in snapshot["agenda"].splitlines():
        if line.strip():
            doc.paragraph(document, line.strip())


def _minutes(document, snapshot):
    if not snapshot["minutes"].strip():
        return
    document.add_heading(doc.safe(_("Przebieg spotkania")), level=1)
    blocks = doc.Blocks(document)
    _markdown_blocks(blocks, _minutes_html(snapshot["minutes"]))
    blocks.flush()


def _minutes_html(text):
    """The minutes' Markdown as sanitised HTML: raw HTML typed into them is dropped (its text
    stays), and a link keeps its address only for http, https and mailto."""
    html = markdown.markdown(text, extensions=["sane_lists", "tables"])
    clean = nh3.clean(html, tags=_MINUTES_TAGS, attributes={"a": {"href"}, "ol": {"start"}},
                      url_schemes=LINK_SCHEMES, link_rel=None)
    return lxml.html.fragment_fromstring(clean, create_parent="div")


def _markdown_blocks(blocks, parent, style=None, level=0):
    """Paragraphs for the blocks under ``parent``; inline content between them (left where nh3
    dropped raw HTML around it) is gathered into a paragraph of its own."""
    loose = [(_spaced(parent.text), False, False)]
    for element in parent:
        tag = element.tag
        if tag not in _BLOCKS:
            loose += _inline_element(element, False, False)
            loose.append((_spaced(element.tail), False, False))
            continue
        _add_runs(blocks, loose, style)
        loose = [(_spaced(element.tail), False, False)]
        if tag in _HEADINGS:
            _add_runs(blocks, _inline(element), "Heading 2" if tag in ("h1", "h2", "h3") else "Heading 3")
        elif tag in _LISTS:
            _list(blocks, element, level)
        elif tag == "blockquote":
            _markdown_blocks(blocks, element, "Quote", level)
        elif tag == "pre":
            blocks.add_paragraph(doc.run(element.text_content().strip("\n")), style)
        elif tag == "table":
            _markdown_table(blocks, element)
        elif tag == "hr":
            blocks.empty()
        else:
            _add_runs(blocks, _inline(element), style)
    _add_runs(blocks, loose, style)


def _add_runs(blocks, pieces, style):
    runs = _runs(pieces)
    if runs:
        blocks.add_paragraph(runs, style)


def _list(blocks, element, level):
    """Bullets with Word's list styles; numbers written out, so each list starts at its own first
    number (the template's numbered styles share one counter across the document)."""
    depth = min(level, 2)
    suffix = f" {depth + 1}" if depth else ""
    numbered = element.tag == "ol"
    start = int(element.get("start")) if (element.get("start") or "").isdigit() else 1
    for number, item in enumerate((li for li in element if li.tag == "li"), start):
        prefix = [(f"{number}. ", False, False)] if numbered else []
        style = f"List{suffix}" if numbered else f"List Bullet{suffix}"
        inline = _inline(item)
        first_paragraph = next((c for c in item if c.tag == "p"), None)
        if not _text("".join(text for text, _b, _i in inline)) and first_paragraph is not None:
            inline = _inline(first_paragraph)  # a loose list: the item's text is in a paragraph
        blocks.add_paragraph(_runs(prefix + inline), style)
        for child in item:
            if child.tag in _LISTS:
                _list(blocks, child, level + 1)
            elif child.tag == "p" and child is not first_paragraph:
                blocks.add_paragraph(_runs(_inline(child)), f"List Continue{suffix}")


def _markdown_table(blocks, element):
    rows = [[_text(cell.text_content()) for cell in row if cell.tag in ("th", "td")] for row in element.iter("tr")]
    if rows:
        width = max(len(row) for row in rows)
        blocks.table(rows[0] + [""] * (width - len(rows[0])), rows[1:])


def _inline(element, bold=False, italic=False):
    """(text, bold, italic) pieces of ``element``'s inline content in reading order; nested lists
    and paragraphs are left to the block walk."""
    pieces = [(_spaced(element.text), bold, italic)]
    for child in element:
        if child.tag not in _LISTS and child.tag != "p":
            pieces += _inline_element(child, bold, italic)
        pieces.append((_spaced(child.tail), bold, italic))
    return pieces


def _inline_element(element, bold, italic):
    tag = element.tag
    if tag == "br":
        return [("\n", bold, italic)]
    if tag == "a":
        address = _link_address(element)
        shown = _text(element.text_content())
        return _inline(element, bold, italic) + ([(f" ({address})", bold, italic)] if address and address != shown else [])
    return _inline(element, bold or tag in ("strong", "b"), italic or tag in ("em", "i"))


def _link_address(link):
    """The address to print after a link's text: only http(s) and e-mail, never ``javascript:``."""
    href = (link.get("href") or "").strip()
    scheme = urlsplit(href).scheme.lower()
    if scheme not in LINK_SCHEMES:
        return None
    return href[len("mailto:"):] if scheme == "mailto" else href


def _runs(pieces):
    """Runs for ``pieces``, without the white space a browser would not show either; "" when
    nothing is left to read."""
    pieces = [[text, bold, italic] for text, bold, italic in pieces if text]
    while pieces and not pieces[0][0].strip(" "):
        pieces.pop(0)
    while pieces and not pieces[-1][0].strip(" \n"):
        pieces.pop()
    if not pieces:
        return ""
    for index, piece in enumerate(pieces):  # no space at either end of a line
        if index == 0 or pieces[index - 1][0].endswith("\n"):
            piece[0] = piece[0].lstrip(" ")
        if index == len(pieces) - 1 or pieces[index + 1][0].startswith("\n"):
            piece[0] = piece[0].rstrip(" ")
    return "".join(doc.run(text, bold=bold or None, italic=italic or None) for text, bold, italic in pieces if text)


def _spaced(text):
    """Source line ends and runs of spaces as the single space HTML shows."""
    return _SPACES.sub(" ", text or "")


def _text(value):
    return _SPACES.sub(" ", value or "").strip()


def _model_fields(document, snapshot):
    if snapshot["model_fields"]:
        document.add_heading(doc.safe(_("Informacje właściwe dla modelu")), level=1)
        doc.table(document, [_("Pole"), _("Wartość")], [tuple(row) for row in snapshot["model_fields"]])


def _decisions(document, snapshot):
    document.add_heading(doc.safe(_("Ustalenia i zadania")), level=1)
    if not snapshot["decisions"]:
        doc.paragraph(document, _("Nie podjęto ustaleń."))
        return
    for decision in snapshot["decisions"]:
        doc.paragraph(document, f"{decision['number']}. {decision['text']}")
        if decision["tasks"]:
            doc.table(document, [_("Zadanie"), _("Instytucja"), _("Osoba"), _("Termin")], widths=TASK_TABLE_WIDTHS,
                      rows=[(t["title"], t["institution"] or "—", t["person"] or "—", _due(t))
                            for t in decision["tasks"]])


def _carried_tasks(document, snapshot):
    """Tasks of earlier meetings still open on this one's day, as its page showed them."""
    _task_table(document, _(CARRY_OVER_HEADING), snapshot["carried_tasks"])


def _closed_tasks(document, snapshot):
    """Tasks the meeting closed (marked done or dropped on its page), from whichever meeting they came."""
    _task_table(document, _("Zadania zamknięte na posiedzeniu"), snapshot["closed_tasks"])


def _task_table(document, heading, tasks):
    if not tasks:
        return
    document.add_heading(doc.safe(heading), level=1)
    doc.table(document, [_("Zadanie"), _("Instytucja"), _("Stan"), _("Termin")], widths=TASK_TABLE_WIDTHS,
              rows=[(t["title"], t["institution"] or "—", t["status"], _due(t)) for t in tasks])


def _remarks(document, snapshot):
    """The members' remarks on the draft, as they were recorded before approval."""
    if not snapshot["remarks"]:
        return
    document.add_heading(doc.safe(_("Uwagi członków zespołu do projektu protokołu")), level=1)
    for remark in snapshot["remarks"]:
        who = ", ".join(part for part in (remark["author"], remark["institution"]) if part)
        received = _day(datetime.fromisoformat(remark["recorded_at"]))
        doc.paragraph(document, f"{who} ({received}): {remark['text']}")


def _due(task):
    return _day(task["due_on"]) if task["due_on"] else "—"


def _day(value):
    """A snapshot's ISO date (or a datetime) as the document prints dates."""
    return day(date.fromisoformat(value) if isinstance(value, str) else value)
