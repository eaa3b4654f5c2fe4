"""The multi-sector diagnosis as a DOCX to print, sign and keep in the case file.

It follows part I of the family community interview (Dz.U. 2021 poz. 893): the data of the
person and the household, the areas of their situation, the needs and expectations in their own
words, the worker's conclusions; the cooperation model's own sections come after them, then the
partner institutions to involve and the consent to share data, then the signatures.
"""
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt
from flask_babel import gettext as _

from kooperacje import documents as doc
from kooperacje.clients.pesel import facts_from_pesel
from kooperacje.clients.vocabulary import RELATIONSHIPS
from kooperacje.clock import day
from kooperacje.diagnoses.sections import COMMON_SECTIONS, PARTNERS_SECTION
from kooperacje.inaction.documents import add_estimate

_CORE = {section.key for section in COMMON_SECTIONS}


@doc.statutory_document
def build_diagnosis(diagnosis, *, sections, centre, model_name, choice_names, inaction=None):
    """``sections`` are the model's diagnosis sections (the core's among them); ``centre`` is
    :class:`municipalities.service.Centre`; ``inaction``, the diagnosis's references to the
    PZK's cost-of-inaction card, their estimate and the card's title (a dict), printed after
    the model's sections."""
    document = doc.new_document()
    doc.a4(document)
    doc.letterhead(document, centre.letterhead)
    doc.page_footer(document, _("Diagnoza – wersja %(number)s – strona {PAGE} z {NUMPAGES}",
                                number=diagnosis.number))
    blocks = doc.Blocks(document)
    blocks.stamp(centre, diagnosis.signed_at if not diagnosis.is_draft else None,
                 _("(miejscowość i data zatwierdzenia diagnozy)"))
    _title(blocks, diagnosis, model_name)
    _household(blocks, diagnosis.client)
    _answers(blocks, diagnosis, sections, model_name, choice_names, inaction or {})
    _signatures(blocks, diagnosis)
    blocks.flush()
    return doc.to_bytes(document)


def _title(blocks, diagnosis, model_name):
    blocks.heading(_("WIELOSEKTOROWA DIAGNOZA SYTUACJI OSOBY LUB RODZINY"), level=0,
                   alignment=WD_ALIGN_PARAGRAPH.CENTER)
    state = (_("wersja %(number)s, zatwierdzona", number=diagnosis.number) if not diagnosis.is_draft
             else _("wersja %(number)s – projekt, diagnoza nie została zatwierdzona", number=diagnosis.number))
    blocks.paragraph(f"{state}; {model_name}", bold=True, alignment=WD_ALIGN_PARAGRAPH.CENTER)
    blocks.add_paragraph(doc.run(_("Podstawa prawna: %(basis)s", basis=doc.legal_basis("diagnosis")),
                                 italic=True, size=Pt(8)), alignment=WD_ALIGN_PARAGRAPH.CENTER)


def _household(blocks, client):
    """The person and the household, as part I of the interview opens."""
    blocks.heading(_("Dane osoby i członków gospodarstwa domowego"), level=1)
    town = " ".join(part for part in (client.postal_code, client.town) if part)
    address = ", ".join(part for part in (client.street, town) if part)
    blocks.add_paragraph(doc.run(_("Adres zamieszkania lub pobytu: "), bold=True) + doc.run(address or "—"))
    blocks.table([_("Nazwisko"), _("Imię"), _("Pokrewieństwo"), _("Data urodzenia"), _("PESEL")], [
        (member.last_name, member.first_name, str(RELATIONSHIPS.get(member.relation, member.relation)),
         _birth_day(member), member.pesel or "—") for member in client.members], widths=(3.5, 3, 3.5, 2.5, 3.5))


def _birth_day(member):
    if member.birth_date:
        return day(member.birth_date)
    return day(facts_from_pesel(member.pesel)[0]) if member.pesel else "—"


def _answers(blocks, diagnosis, sections, model_name, choice_names, inaction):
    """The shared areas first, the model's own sections (and the cost-of-inaction estimate)
    after them, the partners last."""
    answers = diagnosis.answers or {}
    order = ([s for s in sections if s.key in _CORE and s.key != PARTNERS_SECTION],
             [s for s in sections if s.key not in _CORE],
             [s for s in sections if s.key == PARTNERS_SECTION])
    headings = (_("Sytuacja osoby lub rodziny"), _("Część właściwa dla modelu: %(model)s", model=model_name),
                _("Współpraca z instytucjami partnerskimi"))
    for heading, group in zip(headings, order):
        answered = [s for s in group if doc.answered_fields(s, answers.get(s.key), choice_names)]
        costs = inaction.get("references") if group is order[1] else None
        if not answered and not costs:
            continue
        blocks.heading(heading, level=1)
        for section in answered:
            blocks.answers(section, answers.get(section.key), choice_names)
        if costs:
            add_estimate(blocks, inaction["title"], costs, inaction["total"])


def _signatures(blocks, diagnosis):
    blocks.heading(_("Podpisy"), level=1)
    worker = diagnosis.signed_by or diagnosis.author
    blocks.signature_block([_("osoba, z którą przeprowadzono diagnozę"),
                            _("pracownik socjalny") + (f"\n{worker.full_name}" if worker else "")])
