"""The social contract (kontrakt socjalny) as a DOCX ready to print and sign.

It follows the template of the regulation of 8 November 2010 (Dz.U. 2010 nr 218 poz. 1439):
part I (I A or I B) concludes the contract, part II (II A or II B) assesses its realisation.
The individual plan is printed as an annex between them: the partner institutions' actions (they
are not parties: the parties are the person, in variant A with the family members covered, and
the social worker) and the cooperation model's own plan.

Fast enough for a bulk export: the blank contract (styles, A4, spacing, Polish, the footer part)
is made once per process and copied, and the content is written with :class:`documents.Blocks`.
"""
from datetime import date

from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt

from kooperacje import documents as doc
from kooperacje.clients.pesel import facts_from_pesel
from kooperacje.clients.vocabulary import RELATIONSHIPS
from kooperacje.clock import day
from kooperacje.contracts.vocabulary import (ACTION_PARTIES, ACTION_STATUSES, CONTRACT_ENDINGS, CONTRACT_VARIANTS,
                                             GOAL_OUTCOMES, labour_market_groups)
from kooperacje.i18n import gettext as _

#: a line to fill in by hand where the contract has no value yet: fits an 11 cm table column
BLANK = "…" * 36
LABEL_WIDTHS = (5, 11)  # a label and its value: 16 cm, the text width of A4 with 2.5 cm margins
PLAIN_ACTION_WIDTHS = (1, 6.5, 6, 2.5)
PARTNER_ACTION_WIDTHS = (1, 3.5, 4.5, 4.5, 2.5)


@doc.statutory_document
def build_contract(contract, *, sections, centre, model_name, choice_names):
    """``centre`` is :class:`municipalities.service.Centre`: the name, stamp and place printed."""
    document = _BLANK.new()
    doc.letterhead(document, centre.letterhead)
    doc.page_footer(document, _("Kontrakt socjalny nr %(number)s – strona {PAGE} z {NUMPAGES}",
                                number=contract.number))
    blocks = doc.Blocks(document)
    _stamp(blocks, contract, centre)
    _title(blocks, contract)
    _part_one(blocks, contract, centre)
    _annex(blocks, contract, sections, model_name, choice_names)
    _part_two(blocks, contract)
    blocks.flush()
    return doc.to_bytes(document)


def _blank():
    """The document every contract starts from: Polish, A4, compact, with an empty footer."""
    document = _compact(doc.new_document())
    for section in document.sections:
        section.footer.is_linked_to_previous = False  # its own footer part, filled per contract
    return document


def _compact(document):
    """A4, and tighter spacing than the defaults, so a usual contract fits a few sheets."""
    doc.a4(document)
    doc.default_spacing(document, after=Pt(4))
    for name, before in (("Heading 1", 14), ("Heading 2", 10)):
        spacing = document.styles[name].paragraph_format
        spacing.space_before, spacing.space_after = Pt(before), Pt(4)
    return document


_BLANK = doc.Template(_blank)


def _facts(blocks, caption, rows):
    """A label/value table under a caption spanning both columns."""
    blocks.table([caption, ""], rows, widths=LABEL_WIDTHS, span_header=True)


# --- the header -----------------------------------------------------------------------------

def _stamp(blocks, contract, centre):
    concluded = contract.concluded_on if contract.status != "draft" else None
    blocks.stamp(centre, concluded, _("(miejscowość i data zawarcia kontraktu)"))


def _title(blocks, contract):
    blocks.heading(_("KONTRAKT SOCJALNY"), level=0, alignment=WD_ALIGN_PARAGRAPH.CENTER)
    blocks.paragraph(_("nr %(number)s, wariant %(variant)s", number=contract.number,
                       variant=str(CONTRACT_VARIANTS.get(contract.variant, contract.variant))),
                     bold=True, alignment=WD_ALIGN_PARAGRAPH.CENTER)
    blocks.add_paragraph(doc.run(_("Podstawa prawna: %(basis)s", basis=doc.legal_basis("social_contract")),
                                 italic=True, size=Pt(8)), alignment=WD_ALIGN_PARAGRAPH.CENTER)


# --- part I -----------------------------------------------------------------------------------

def _part_one(blocks, contract, centre):
    heading = _("Część I %(variant)s – zawarcie kontraktu", variant=contract.variant)
    blocks.heading(heading, level=1)
    _parties(blocks, contract, centre)
    _assessment(blocks, contract)
    if contract.variant == "B":
        _labour_market(blocks, contract)
    _goals(blocks, contract)
    _actions(blocks, contract)
    _period(blocks, contract)
    _signatures(blocks, contract)


def _parties(blocks, contract, centre):
    blocks.heading(_("Strony kontraktu"), level=2)
    person, client = contract.client.applicant, contract.client
    _facts(blocks, _("Osoba zawierająca kontrakt"), [
        (_("Nazwisko"), _or_blank(person and person.last_name)),
        (_("Imię"), _or_blank(person and person.first_name)),
        (_("Adres zamieszkania lub pobytu"), _or_blank(_address(client))),
        (_("PESEL"), _or_blank(person and person.pesel)),
    ])
    if contract.variant == "B":
        _referral(blocks, contract)
    else:
        _covered_members(blocks, contract)
    _facts(blocks, _("Pracownik socjalny"), [
        (_("Imię i nazwisko"), _or_blank(contract.worker and contract.worker.full_name)),
        (_("Telefon kontaktowy"), _or_blank(contract.worker_phone)),
        (_("Ośrodek"), centre.full_name),
    ])


def _address(client):
    town = " ".join(part for part in (client.postal_code, client.town) if part)
    return ", ".join(part for part in (client.street, town) if part)


def _referral(blocks, contract):
    _facts(blocks, _("Skierowanie z powiatowego urzędu pracy"), [
        (_("Urząd pracy"), _or_blank(contract.referral_office)),
        (_("Data skierowania"), _or_blank(day(contract.referral_on))),
        (_("Numer (znak) skierowania"), _or_blank(contract.referral_number)),
    ])


def covered_members(contract):
    """The household members a variant A contract covers besides the applicant, in household
    order; a variant B contract is concluded by the person alone."""
    if contract.variant == "B":
        return []
    ids = set(contract.covered_member_ids or ())
    return [m for m in contract.client.members if m.id in ids and m.relation != "applicant"]


def _covered_members(blocks, contract):
    blocks.label(_("Członkowie rodziny objęci kontraktem"))
    members = covered_members(contract)
    if not members:
        blocks.paragraph(_("Kontrakt nie obejmuje innych członków rodziny."))
        return
    blocks.table([_("Nazwisko"), _("Imię"), _("PESEL"), _("Pokrewieństwo")], [
        (m.last_name, m.first_name, m.pesel or "—", str(RELATIONSHIPS.get(m.relation, m.relation)))
        for m in members], widths=(4.5, 4, 3.5, 4))


def _assessment(blocks, contract):
    blocks.heading(_("Ocena sytuacji życiowej"), level=2)
    blocks.labelled_text(_("Przyczyny trudnej sytuacji życiowej i ich źródła"), contract.causes)
    blocks.labelled_text(_("Możliwości i zasoby (mocne strony) osoby lub rodziny"), contract.resources)
    blocks.labelled_text(_("Ograniczenia i bariery"), contract.limitations)


def _labour_market(blocks, contract):
    blocks.heading(_("Sytuacja osoby bezrobotnej na rynku pracy"), level=2)
    basis, groups = labour_market_groups(contract)
    blocks.label(_("Osoba w szczególnej sytuacji na rynku pracy:"))
    for group in groups:
        blocks.paragraph(group, style="List Bullet")
    if not groups:
        blocks.paragraph(doc.FILL_IN_LINE)
    blocks.add_paragraph(doc.run(_("Grupy według: %(basis)s", basis=basis), italic=True, size=Pt(8)))
    blocks.labelled_text(_("Przyczyny pozostawania bez pracy"), contract.unemployment_causes)
    blocks.labelled_text(_("Ograniczenia w znalezieniu pracy"), contract.job_search_limits)
    blocks.labelled_text(_("Dotychczasowe formy aktywizacji zawodowej"), contract.earlier_activation)
    blocks.labelled_text(_("Przyczyny nieskuteczności dotychczasowych form aktywizacji"), contract.activation_failure)


def _goals(blocks, contract):
    blocks.heading(_("Cele kontraktu"), level=2)
    blocks.labelled_text(_("Cel główny"), contract.main_goal)
    blocks.label(_("Cele szczegółowe"))
    rows = [(f"{n}.", goal.text) for n, goal in enumerate(contract.goals, 1)] or [("1.", BLANK)]
    blocks.table([_("Lp."), _("Cel szczegółowy")], rows, widths=(1, 15))


def _actions(blocks, contract):
    """The parties' actions; the partner institutions' are in the annex, they are not parties."""
    blocks.heading(_("Uzgodnione działania"), level=2)
    titles = {"client": _("Działania osoby lub rodziny") if contract.variant == "A" else _("Działania osoby"),
              "worker": _("Działania pracownika socjalnego lub ośrodka")}
    for party, title in titles.items():
        blocks.label(title)
        _action_table(blocks, party, [a for a in contract.actions if a.party == party])
    if partner_actions(contract):
        blocks.add_paragraph(doc.run(_("Działania instytucji partnerskich określa plan indywidualny w załączniku."),
                                     italic=True))


def partner_actions(contract):
    return [a for a in contract.actions if a.party == "partner"]


def _action_table(blocks, party, actions):
    if not actions:
        blocks.paragraph(_("Nie uzgodniono działań."))
        return
    header = [_("Lp."), _("Działanie"), _("Sposób realizacji"), _("Termin")]
    rows = [(f"{n}.", a.description, a.method or "—", _or_dash(day(a.due_on))) for n, a in enumerate(actions, 1)]
    if party == "partner":
        header.insert(1, _("Instytucja"))
        rows = [(row[0], _institution(a), *row[1:]) for row, a in zip(rows, actions)]
    blocks.table(header, rows, widths=PARTNER_ACTION_WIDTHS if party == "partner" else PLAIN_ACTION_WIDTHS)


def _institution(action):
    return action.institution.name if action.institution else "—"


def _period(blocks, contract):
    blocks.heading(_("Okres obowiązywania kontraktu"), level=2)
    blocks.paragraph(_("od %(start)s do %(end)s", start=_or_blank(day(contract.period_from), 20),
                       end=_or_blank(day(contract.period_to), 20)))
    if contract.next_review_on:
        blocks.paragraph(_("Termin oceny realizacji kontraktu: %(day)s", day=day(contract.next_review_on)))


def _signatures(blocks, contract):
    """The parties sign parts I and II alike: the person and each adult covered member on the
    left, the social worker on the right."""
    labels = [_person_signature(contract), _worker_signature(contract)]
    labels += [f"{m.full_name}\n" + _("(podpis członka rodziny)") for m in signing_members(contract)]
    blocks.signature_block(labels, columns=2)


#: the parties besides the person are the covered family members of age: a minor is covered by
#: the contract but does not conclude it (no capacity, or a limited one, to undertake obligations)
AGE_OF_MAJORITY = 18


def signing_members(contract):
    """The covered members who sign: adults on the day of concluding (today for a draft). One
    whose age is unknown keeps a line: the worker crosses it out rather than adds one by hand."""
    on = contract.concluded_on or date.today()
    return [m for m in covered_members(contract) if (age := _age(m, on)) is None or age >= AGE_OF_MAJORITY]


def _age(person, on):
    born = person.birth_date
    if born is None and person.pesel:
        try:
            born, _sex = facts_from_pesel(person.pesel)
        except ValueError:  # stdnum's errors are ValueErrors: an unreadable number tells no age
            born = None
    if born is None:
        return None
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def _person_signature(contract):
    person = contract.client.applicant
    return (f"{person.full_name}\n" if person else "") + _("(podpis osoby zawierającej kontrakt)")


def _worker_signature(contract):
    worker = contract.worker
    return (f"{worker.full_name}\n" if worker else "") + _("(podpis pracownika socjalnego)")


# --- the annex: the model's plan ----------------------------------------------------------

def _annex(blocks, contract, sections, model_name, choice_names):
    """The individual plan: the partner institutions' actions, then the model's own sections."""
    plan = contract.model_data or {}
    answered = [section for section in sections if doc.answered_fields(section, plan.get(section.key), choice_names)]
    partners = partner_actions(contract)
    if not (answered or partners):
        return
    heading = _("Załącznik: plan indywidualny – %(model)s", model=model_name)
    blocks.heading(heading, level=1, page_break_before=True)
    if partners:
        blocks.heading(_("Działania instytucji partnerskich"), level=2)
        _action_table(blocks, "partner", partners)
    for section in answered:
        blocks.answers(section, plan.get(section.key), choice_names)


# --- part II ----------------------------------------------------------------------------------

def _part_two(blocks, contract):
    heading = _("Część II %(variant)s – ocena realizacji kontraktu", variant=contract.variant)
    blocks.heading(heading, level=1, page_break_before=True)
    _goal_outcomes(blocks, contract)
    _action_statuses(blocks, contract)
    _amendments(blocks, contract)
    _ending(blocks, contract)
    _signatures(blocks, contract)


def _goal_outcomes(blocks, contract):
    blocks.heading(_("Ocena realizacji celów"), level=2)
    if not contract.goals:
        blocks.paragraph(_("Nie określono celów szczegółowych."))
    for n, goal in enumerate(contract.goals, 1):
        outcome = str(GOAL_OUTCOMES[goal.outcome]) if goal.outcome in GOAL_OUTCOMES else BLANK
        blocks.table([_("Cel %(number)d", number=n), goal.text], [
            (_("Stopień osiągnięcia"), outcome),
            (_("Przyczyny nieosiągnięcia celu, uwagi"), goal.outcome_reason or f"{BLANK}\n{BLANK}"),
        ], widths=LABEL_WIDTHS)


def _action_statuses(blocks, contract):
    blocks.heading(_("Realizacja działań"), level=2)
    if not contract.actions:
        blocks.paragraph(_("Nie uzgodniono działań."))
        return
    rows = [(f"{n}.", str(ACTION_PARTIES.get(a.party, a.party)), a.description, _or_dash(day(a.due_on)),
             str(ACTION_STATUSES.get(a.status, a.status))) for n, a in enumerate(contract.actions, 1)]
    blocks.table([_("Lp."), _("Strona"), _("Działanie"), _("Termin"), _("Stan")], rows,
                 widths=(1, 3.5, 6.5, 2.5, 2.5))


def _amendments(blocks, contract):
    blocks.heading(_("Zmiany kontraktu"), level=2)
    if not contract.amendments:
        blocks.paragraph(_("Nie wprowadzono zmian."))
        return
    blocks.table([_("Data"), _("Treść zmiany")],
                 [(day(a.made_on), a.text) for a in contract.amendments], widths=(3, 13))


def _ending(blocks, contract):
    blocks.heading(_("Zakończenie kontraktu"), level=2)
    ending = str(CONTRACT_ENDINGS[contract.ending]) if contract.ending in CONTRACT_ENDINGS else BLANK
    _facts(blocks, _("Rozwiązanie lub wygaśnięcie kontraktu"), [
        (_("Sposób zakończenia"), ending),
        (_("Data zakończenia"), _or_blank(day(contract.ended_on))),
        (_("Uzasadnienie"), _or_blank(contract.ending_reason)),
    ])
    blocks.labelled_text(_("Podsumowanie realizacji kontraktu"), contract.summary)


# --- text helpers -----------------------------------------------------------------------------

def _or_blank(value, width=36):
    return value if value else "…" * width


def _or_dash(value):
    return value or "—"
