"""The social contract (kontrakt socjalny) as a DOCX ready to print and sign.

It follows the template of the regulation of 8 November 2010 (Dz.U. 2010 nr 218 poz. 1439):
part I (I A or I B) concludes the contract, part II (II A or II B) assesses its realisation.
The plan the cooperation model attaches to the contract is printed as an annex between them.
"""
from datetime import date

from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt
from flask_babel import gettext as _

from kooperacje import documents as doc
from kooperacje.casework.vocabulary import (ACTION_PARTIES, ACTION_STATUSES, CONTRACT_ENDINGS, CONTRACT_VARIANTS,
                                            GOAL_OUTCOMES, LABOUR_MARKET_SITUATIONS, RELATIONSHIPS)
from kooperacje.templating import day

#: a line to fill in by hand where the contract has no value yet: fits an 11 cm table column
BLANK = "…" * 36
#: the same across the whole 16 cm text width
LINE = "…" * 56
LABEL_WIDTHS = (5, 11)  # a label and its value: 16 cm, the text width of A4 with 2.5 cm margins
PLAIN_ACTION_WIDTHS = (1, 6.5, 6, 2.5)
PARTNER_ACTION_WIDTHS = (1, 3.5, 4.5, 4.5, 2.5)


def build_contract(contract, *, sections, centre_name, model_name, choice_names):
    document = _compact(doc.new_document())
    doc.page_footer(document, _("Kontrakt socjalny nr %(number)s – strona {PAGE} z {NUMPAGES}",
                                number=contract.number))
    _stamp(document, contract, centre_name)
    _title(document, contract)
    _part_one(document, contract, centre_name)
    _annex(document, contract, sections, model_name, choice_names)
    _part_two(document, contract)
    return doc.to_bytes(document)


def _compact(document):
    """A4, and tighter spacing than the defaults, so a usual contract fits a few sheets."""
    doc.a4(document)
    doc.default_spacing(document, after=Pt(4))
    for name, before in (("Heading 1", 14), ("Heading 2", 10)):
        spacing = document.styles[name].paragraph_format
        spacing.space_before, spacing.space_after = Pt(before), Pt(4)
    return document


def _facts(document, caption, rows):
    """A label/value table under a caption spanning both columns."""
    grid = doc.table(document, [caption, ""], rows, widths=LABEL_WIDTHS)
    caption = grid.rows[0].cells[0].merge(grid.rows[0].cells[1])
    for extra in caption.paragraphs[1:]:  # the empty paragraph the merged cell brought along
        extra._p.getparent().remove(extra._p)
    return grid


# --- the header -----------------------------------------------------------------------------

def _stamp(document, contract, centre_name):
    """The centre's stamp on the left, the place and date of concluding on the right."""
    grid = document.add_table(rows=1, cols=2)
    stamp, when = grid.rows[0].cells
    _caption_cell(stamp, centre_name, _("(pieczęć ośrodka pomocy społecznej)"))
    concluded = contract.concluded_on if contract.status != "draft" else None
    place = _("%(blank)s, dnia %(day)s", blank="…" * 14, day=day(concluded)) if concluded else _("projekt")
    _caption_cell(when, place, _("(miejscowość i data zawarcia kontraktu)"), WD_ALIGN_PARAGRAPH.RIGHT)


def _caption_cell(cell, text, caption, alignment=WD_ALIGN_PARAGRAPH.LEFT):
    cell.paragraphs[0].add_run(doc.safe(text)).bold = True
    cell.paragraphs[0].alignment = alignment
    note = cell.add_paragraph()
    note.alignment = alignment
    run = note.add_run(doc.safe(caption))
    run.italic, run.font.size = True, Pt(8)


def _title(document, contract):
    document.add_heading(doc.safe(_("KONTRAKT SOCJALNY")), level=0).alignment = WD_ALIGN_PARAGRAPH.CENTER
    doc.paragraph(document, _("nr %(number)s, wariant %(variant)s", number=contract.number,
                              variant=str(CONTRACT_VARIANTS.get(contract.variant, contract.variant))),
                  bold=True).alignment = WD_ALIGN_PARAGRAPH.CENTER


# --- part I -----------------------------------------------------------------------------------

def _part_one(document, contract, centre_name):
    heading = _("Część I %(variant)s – zawarcie kontraktu", variant=contract.variant)
    document.add_heading(doc.safe(heading), level=1)
    _parties(document, contract, centre_name)
    _assessment(document, contract)
    if contract.variant == "B":
        _labour_market(document, contract)
    _goals(document, contract)
    _actions(document, contract)
    _period(document, contract)
    _signatures(document, contract)


def _parties(document, contract, centre_name):
    document.add_heading(doc.safe(_("Strony kontraktu")), level=2)
    person, client = contract.client.applicant, contract.client
    _facts(document, _("Osoba zawierająca kontrakt"), [
        (_("Nazwisko"), _or_blank(person and person.last_name)),
        (_("Imię"), _or_blank(person and person.first_name)),
        (_("Adres zamieszkania"), _or_blank(_address(client))),
        (_("PESEL"), _or_blank(person and person.pesel)),
    ])
    _covered_members(document, contract)
    _facts(document, _("Pracownik socjalny"), [
        (_("Imię i nazwisko"), _or_blank(contract.worker and contract.worker.full_name)),
        (_("Telefon kontaktowy"), _or_blank(contract.worker_phone)),
        (_("Ośrodek"), centre_name),
    ])


def _address(client):
    town = " ".join(part for part in (client.postal_code, client.town) if part)
    return ", ".join(part for part in (client.street, town) if part)


def covered_members(contract):
    """The household members the contract covers besides the applicant, in household order."""
    ids = set(contract.covered_member_ids or ())
    return [m for m in contract.client.members if m.id in ids and m.relation != "applicant"]


def _covered_members(document, contract):
    _label(document, _("Członkowie rodziny objęci kontraktem"))
    members = covered_members(contract)
    if not members:
        doc.paragraph(document, _("Kontrakt nie obejmuje innych członków rodziny."))
        return
    doc.table(document, [_("Nazwisko"), _("Imię"), _("PESEL"), _("Pokrewieństwo")], [
        (m.last_name, m.first_name, m.pesel or "—", str(RELATIONSHIPS.get(m.relation, m.relation)))
        for m in members], widths=(4.5, 4, 3.5, 4))


def _assessment(document, contract):
    document.add_heading(doc.safe(_("Ocena sytuacji życiowej")), level=2)
    _labelled_text(document, _("Przyczyny trudnej sytuacji życiowej i ich źródła"), contract.causes)
    _labelled_text(document, _("Możliwości i zasoby (mocne strony) osoby lub rodziny"), contract.resources)
    _labelled_text(document, _("Ograniczenia i bariery"), contract.limitations)


def _labour_market(document, contract):
    document.add_heading(doc.safe(_("Sytuacja osoby bezrobotnej na rynku pracy")), level=2)
    _label(document, _("Osoba w szczególnej sytuacji na rynku pracy:"))
    chosen = [key for key in LABOUR_MARKET_SITUATIONS if key in (contract.labour_situations or ())]
    for key in chosen:
        doc.paragraph(document, str(LABOUR_MARKET_SITUATIONS[key]), style="List Bullet")
    if not chosen:
        doc.paragraph(document, LINE)
    _labelled_text(document, _("Przyczyny pozostawania bez pracy i nieskuteczności wcześniejszej aktywizacji"),
                   contract.inactivity_causes)


def _goals(document, contract):
    document.add_heading(doc.safe(_("Cele kontraktu")), level=2)
    _labelled_text(document, _("Cel główny"), contract.main_goal)
    _label(document, _("Cele szczegółowe"))
    rows = [(f"{n}.", goal.text) for n, goal in enumerate(contract.goals, 1)] or [("1.", BLANK)]
    doc.table(document, [_("Lp."), _("Cel szczegółowy")], rows, widths=(1, 15))


def _actions(document, contract):
    document.add_heading(doc.safe(_("Uzgodnione działania")), level=2)
    titles = {"client": _("Działania osoby lub rodziny"),
              "worker": _("Działania pracownika socjalnego lub ośrodka"),
              "partner": _("Działania instytucji partnerskich")}
    for party in ACTION_PARTIES:
        actions = [a for a in contract.actions if a.party == party]
        if actions or party != "partner":
            _label(document, titles[party])
            _action_table(document, party, actions)


def _action_table(document, party, actions):
    if not actions:
        doc.paragraph(document, _("Nie uzgodniono działań."))
        return
    header = [_("Lp."), _("Działanie"), _("Sposób realizacji"), _("Termin")]
    rows = [(f"{n}.", a.description, a.method or "—", _or_dash(day(a.due_on))) for n, a in enumerate(actions, 1)]
    if party == "partner":
        header.insert(1, _("Instytucja"))
        rows = [(row[0], _institution(a), *row[1:]) for row, a in zip(rows, actions)]
    doc.table(document, header, rows, widths=PARTNER_ACTION_WIDTHS if party == "partner" else PLAIN_ACTION_WIDTHS)


def _institution(action):
    return action.institution.name if action.institution else "—"


def _period(document, contract):
    document.add_heading(doc.safe(_("Okres obowiązywania kontraktu")), level=2)
    doc.paragraph(document, _("od %(start)s do %(end)s", start=_or_blank(day(contract.period_from), 20),
                              end=_or_blank(day(contract.period_to), 20)))
    if contract.next_review_on:
        doc.paragraph(document, _("Termin oceny realizacji kontraktu: %(day)s", day=day(contract.next_review_on)))


def _signatures(document, contract):
    """The person and each covered member on the left, the social worker on the right."""
    labels = [_person_signature(contract), _worker_signature(contract)]
    labels += [f"{m.full_name}\n" + _("(podpis członka rodziny)") for m in covered_members(contract)]
    doc.signature_block(document, labels, columns=2)


def _person_signature(contract):
    person = contract.client.applicant
    return (f"{person.full_name}\n" if person else "") + _("(podpis osoby zawierającej kontrakt)")


def _worker_signature(contract):
    worker = contract.worker
    return (f"{worker.full_name}\n" if worker else "") + _("(podpis pracownika socjalnego)")


# --- the annex: the model's plan ----------------------------------------------------------

def _annex(document, contract, sections, model_name, choice_names):
    answered = [(section, _answers(section, contract.model_data or {}, choice_names)) for section in sections]
    answered = [(section, fields) for section, fields in answered if fields]
    if not answered:
        return
    heading = _("Załącznik: plan indywidualny – %(model)s", model=model_name)
    document.add_heading(doc.safe(heading), level=1).paragraph_format.page_break_before = True
    for section, fields in answered:
        document.add_heading(doc.safe(section.title), level=2)
        for spec, value in fields:
            _field(document, spec, value)


def _answers(section, model_data, choice_names):
    values = model_data.get(section.key) or {}
    shown = [(spec, _value(spec, values.get(spec.name), choice_names)) for spec in section.fields]
    return [(spec, value) for spec, value in shown if value]


def _value(spec, value, choice_names):
    """What an answer reads as on paper; empty when the field was left unanswered."""
    if value in (None, "", False, [], ()):
        return ""
    if spec.kind == "checkbox":
        return _("tak")
    if spec.kind == "select":
        return str(dict(spec.choices).get(value, value))
    if spec.kind in ("institutions", "services"):
        names = choice_names.get(spec.kind, {})
        return ", ".join(_name(names, item) for item in value)
    if spec.kind == "date":
        return _date(value)
    return str(value)


def _name(names, item):
    name = names.get(item) or names.get(str(item))
    if name is None and str(item).isdigit():
        name = names.get(int(item))
    return str(name) if name is not None else f"#{item}"


def _date(value):
    try:
        return day(date.fromisoformat(str(value)))
    except ValueError:
        return str(value)


def _field(document, spec, value):
    if spec.kind == "textarea":
        _labelled_text(document, spec.label, value)
        return
    para = document.add_paragraph()
    para.add_run(doc.safe(f"{spec.label}: ")).bold = True
    para.add_run(doc.safe(value))


# --- part II ----------------------------------------------------------------------------------

def _part_two(document, contract):
    heading = _("Część II %(variant)s – ocena realizacji kontraktu", variant=contract.variant)
    document.add_heading(doc.safe(heading), level=1).paragraph_format.page_break_before = True
    _goal_outcomes(document, contract)
    _action_statuses(document, contract)
    _amendments(document, contract)
    _ending(document, contract)
    doc.signature_block(document, [_person_signature(contract), _worker_signature(contract)])


def _goal_outcomes(document, contract):
    document.add_heading(doc.safe(_("Ocena realizacji celów")), level=2)
    if not contract.goals:
        doc.paragraph(document, _("Nie określono celów szczegółowych."))
    for n, goal in enumerate(contract.goals, 1):
        outcome = str(GOAL_OUTCOMES[goal.outcome]) if goal.outcome in GOAL_OUTCOMES else BLANK
        doc.table(document, [_("Cel %(number)d", number=n), goal.text], [
            (_("Stopień osiągnięcia"), outcome),
            (_("Przyczyny nieosiągnięcia celu, uwagi"), goal.outcome_reason or f"{BLANK}\n{BLANK}"),
        ], widths=LABEL_WIDTHS)


def _action_statuses(document, contract):
    document.add_heading(doc.safe(_("Realizacja działań")), level=2)
    if not contract.actions:
        doc.paragraph(document, _("Nie uzgodniono działań."))
        return
    rows = [(f"{n}.", str(ACTION_PARTIES.get(a.party, a.party)), a.description, _or_dash(day(a.due_on)),
             str(ACTION_STATUSES.get(a.status, a.status))) for n, a in enumerate(contract.actions, 1)]
    doc.table(document, [_("Lp."), _("Strona"), _("Działanie"), _("Termin"), _("Stan")], rows,
              widths=(1, 3.5, 6.5, 2.5, 2.5))


def _amendments(document, contract):
    document.add_heading(doc.safe(_("Zmiany kontraktu")), level=2)
    if not contract.amendments:
        doc.paragraph(document, _("Nie wprowadzono zmian."))
        return
    doc.table(document, [_("Data"), _("Treść zmiany")],
              [(day(a.made_on), a.text) for a in contract.amendments], widths=(3, 13))


def _ending(document, contract):
    document.add_heading(doc.safe(_("Zakończenie kontraktu")), level=2)
    ending = str(CONTRACT_ENDINGS[contract.ending]) if contract.ending in CONTRACT_ENDINGS else BLANK
    _facts(document, _("Rozwiązanie lub wygaśnięcie kontraktu"), [
        (_("Sposób zakończenia"), ending),
        (_("Data zakończenia"), _or_blank(day(contract.ended_on))),
        (_("Uzasadnienie"), _or_blank(contract.ending_reason)),
    ])
    _labelled_text(document, _("Podsumowanie realizacji kontraktu"), contract.summary)


# --- text helpers -----------------------------------------------------------------------------

def _label(document, text):
    """A bold caption kept on the page of what follows it."""
    para = doc.paragraph(document, text, bold=True)
    para.paragraph_format.keep_with_next = True
    return para


def _labelled_text(document, label, text):
    """A bold label, then the text a paragraph per line, or lines to fill in by hand."""
    _label(document, label)
    lines = [line.strip() for line in doc.safe(text).splitlines() if line.strip()]
    for line in lines or [LINE, LINE]:
        doc.paragraph(document, line)


def _or_blank(value, width=36):
    return value if value else "…" * width


def _or_dash(value):
    return value or "—"
