"""A formation act of the PZK as a DOCX to print and sign: the model plugin's text (its title,
legal basis, preamble and sections) filled from the partnership's data. Always Polish; the core
prints whatever act the model returns and knows none of them by name."""
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt

from kooperacje import documents as doc
from kooperacje.acts.service import fill
from kooperacje.i18n import gettext as _
from kooperacje.partnership.vocabulary import SECTORS


@doc.statutory_document
def build_act(act, fields, *, centre, parties=(), institution=None, signed_on=None):
    """``act`` an :class:`~kooperacje.domain.ActText`; ``fields`` from ``service.fields_of``;
    ``parties`` the member institutions (printed when the act is signed by the parties);
    ``institution`` the member an act ``for_each_institution`` is made for."""
    document = doc.new_document()
    doc.a4(document)
    doc.letterhead(document, centre.letterhead)
    title = str(act.title)
    doc.page_footer(document, f"{title} – strona {{PAGE}} z {{NUMPAGES}}")
    blocks = doc.Blocks(document)
    blocks.stamp(centre, signed_on, _("(miejscowość i data)"), blank=signed_on is None)
    blocks.heading(title.upper(), level=0, alignment=WD_ALIGN_PARAGRAPH.CENTER)
    blocks.add_paragraph(doc.run(doc.safe(f"Podstawa prawna: {act.legal_basis}"), italic=True, size=Pt(8)),
                         alignment=WD_ALIGN_PARAGRAPH.CENTER)
    if act.signed_by_parties:
        blocks.label(_("Strony"))
        blocks.table([_("Lp."), _("Instytucja"), _("Sektor"), _("Reprezentowana przez")],
                     [(str(n), p.name, str(SECTORS.get(p.sector, p.sector)), p.contact_person or doc.FILL_IN_LINE)
                      for n, p in enumerate(parties, start=1)] or [("1.", doc.FILL_IN_LINE, "", "")],
                     widths=(1.2, 7, 3.8, 4))
    if institution is not None:
        blocks.table([_("Instytucja"), ""], [(_("Nazwa"), institution.name),
                                             (_("Reprezentowana przez"), institution.contact_person or doc.FILL_IN_LINE),
                                             (_("Data przystąpienia"), fields["joined_on"])],
                     widths=(5, 11), span_header=True)
    if act.preamble:
        blocks.paragraph(doc.safe(fill(act.preamble, fields)))
    for number, section in enumerate(act.sections, start=1):
        blocks.heading(f"§ {number}. {fill(section.heading, fields)}", level=2, keep_with_next=True)
        for clause_number, clause in enumerate(section.clauses, start=1):
            text = doc.safe(fill(clause, fields))
            blocks.add_paragraph(doc.run(f"{clause_number}. ", bold=True) + doc.run(text)
                                 if len(section.clauses) > 1 else doc.run(text))
    labels = [f"{p.name}\n(podpis osoby reprezentującej)" for p in parties] if act.signed_by_parties else []
    labels += [doc.safe(fill(label, fields)) for label in act.signatures]
    if labels:
        blocks.signature_block(labels, columns=min(len(labels), 2))
    blocks.flush()
    return doc.to_bytes(document)
