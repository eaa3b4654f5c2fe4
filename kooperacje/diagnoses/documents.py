"""The multi-sector diagnosis as a DOCX to print, sign and keep in the case file.

It follows part I of the family community interview (Dz.U. 2021 poz. 893), whose segments A, H,
I and J are mandatory: A, the data of the person and the household (with the art. 7 reasons);
the areas of their situation; H, the needs and expectations in their own words; I, the diagnosis
with the worker's conclusions; J, the plan of help (set out in the contract or the model's plan).
The cooperation model's own sections (and the cost-of-inaction estimate) come after part I, then
the partner institutions to involve and the consent to share data, then the signatures.
"""
from dataclasses import replace

from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt

from kooperacje import documents as doc
from kooperacje.clients.pesel import facts_from_pesel
from kooperacje.clients.vocabulary import RELATIONSHIPS
from kooperacje.clock import day
from kooperacje.diagnoses.sections import COMMON_SECTIONS, PARTNERS_SECTION, REASONS_SECTION
from kooperacje.i18n import gettext as _
from kooperacje.inaction.documents import add_estimate

_CORE = {section.key for section in COMMON_SECTIONS}
#: the shared sections printed in segments of their own rather than among the areas
OWN_WORDS_SECTION, NEEDS_FIELD, CONCLUSIONS_SECTION = "own_words", "needs", "conclusions"
_OWN_SEGMENTS = {REASONS_SECTION, OWN_WORDS_SECTION, CONCLUSIONS_SECTION, PARTNERS_SECTION}


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
    answers, by_key = diagnosis.answers or {}, {section.key: section for section in sections}
    _household(blocks, diagnosis.client, by_key.get(REASONS_SECTION), answers, choice_names)
    _part_one(blocks, sections, answers, choice_names)
    _model_part(blocks, [s for s in sections if s.key not in _CORE], answers, choice_names, model_name,
                inaction or {})
    _partners(blocks, by_key.get(PARTNERS_SECTION), answers, choice_names)
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


def _household(blocks, client, reasons, answers, choice_names):
    """Segment A of part I: the person and the household, and why the centre helps them."""
    blocks.heading(_("A. Dane osoby i członków gospodarstwa domowego"), level=1)
    town = " ".join(part for part in (client.postal_code, client.town) if part)
    address = ", ".join(part for part in (client.street, town) if part)
    blocks.add_paragraph(doc.run(_("Adres zamieszkania lub pobytu: "), bold=True) + doc.run(address or "—"))
    blocks.table([_("Nazwisko"), _("Imię"), _("Pokrewieństwo"), _("Data urodzenia"), _("PESEL")], [
        (member.last_name, member.first_name, str(RELATIONSHIPS.get(member.relation, member.relation)),
         _birth_day(member), member.pesel or "—") for member in client.members], widths=(3.5, 3, 3.5, 2.5, 3.5))
    if reasons is not None:
        blocks.answers(reasons, answers.get(reasons.key), choice_names)


def _birth_day(member):
    if member.birth_date:
        return day(member.birth_date)
    return day(facts_from_pesel(member.pesel)[0]) if member.pesel else "—"


def _part_one(blocks, sections, answers, choice_names):
    """The rest of part I of the interview in its order: the areas of the situation, H (the needs
    and expectations, in the person's words), I (the diagnosis with the worker's conclusions)
    and J (the plan of help, which the contract or the model's plan sets out)."""
    situation = [s for s in sections if s.key in _CORE and s.key not in _OWN_SEGMENTS]
    own_words = next((s for s in sections if s.key == OWN_WORDS_SECTION), None)
    needs = None
    if own_words is not None:
        needs = replace(own_words, fields=tuple(f for f in own_words.fields if f.name == NEEDS_FIELD), intro="")
        situation.append(replace(own_words, fields=tuple(f for f in own_words.fields if f.name != NEEDS_FIELD)))
    _segment(blocks, _("Sytuacja osoby lub rodziny"), situation, answers, choice_names)
    _segment(blocks, _("H. Potrzeby i oczekiwania zgłaszane przez osobę lub rodzinę"), [needs] if needs else [],
             answers, choice_names, always=True)
    _segment(blocks, _("I. Diagnoza sytuacji osoby lub rodziny, w tym wnioski pracownika socjalnego"),
             [s for s in sections if s.key == CONCLUSIONS_SECTION], answers, choice_names, always=True)
    blocks.heading(_("J. Plan pomocy"), level=1)
    blocks.paragraph(_("Plan pomocy ustala się z osobą lub rodziną w kontrakcie socjalnym albo w planie "
                       "współpracy według modelu; jego działania zapisuje się tam."))


def _segment(blocks, heading, sections, answers, choice_names, always=False):
    """A heading and its answered sections; a mandatory segment (``always``) says it is empty."""
    answered = [s for s in sections if doc.answered_fields(s, answers.get(s.key), choice_names)]
    if not answered and not always:
        return
    blocks.heading(heading, level=1)
    for section in answered:
        blocks.answers(section, answers.get(section.key), choice_names)
    if not answered:
        blocks.paragraph(_("(nie wypełniono)"))


def _model_part(blocks, sections, answers, choice_names, model_name, inaction):
    """The cooperation model's own sections and the cost-of-inaction estimate, after part I."""
    answered = [s for s in sections if doc.answered_fields(s, answers.get(s.key), choice_names)]
    costs = inaction.get("references")
    if not answered and not costs:
        return
    blocks.heading(_("Część właściwa dla modelu: %(model)s", model=model_name), level=1)
    for section in answered:
        blocks.answers(section, answers.get(section.key), choice_names)
    if costs:
        add_estimate(blocks, inaction["title"], costs, inaction["total"])


def _partners(blocks, section, answers, choice_names):
    if section is not None:
        _segment(blocks, _("Współpraca z instytucjami partnerskimi"), [section], answers, choice_names)


def _signatures(blocks, diagnosis):
    blocks.heading(_("Podpisy"), level=1)
    worker = diagnosis.signed_by or diagnosis.author
    blocks.signature_block([_("osoba, z którą przeprowadzono diagnozę"),
                            _("pracownik socjalny") + (f"\n{worker.full_name}" if worker else "")])
