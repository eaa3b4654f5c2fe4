"""The social contract's life: draft -> signed -> in progress -> evaluated -> closed.

Part I (parties, assessment, goals, actions, period) can change only while it is a draft;
a signed contract changes through dated amendments. Part II evaluates every goal."""
import functools
from datetime import timedelta
from typing import NamedTuple

from flask_babel import force_locale
from sqlalchemy import and_, bindparam, func, or_, select

from kooperacje.answers import field_anchor, unanswered
from kooperacje.audit.models import record, record_case_accesses
from kooperacje.clients.models import Client, Person
from kooperacje.clock import day, utcnow
from kooperacje.contracts.models import Contract, ContractAction, ContractAmendment, ContractGoal
from kooperacje.contracts.vocabulary import ACTION_PARTIES, ACTIVE_CONTRACT_STATUSES, labour_market_snapshot
from kooperacje.diagnoses import service as diagnoses
from kooperacje.diagnoses.models import Diagnosis
from kooperacje.documents import DOCUMENT_LOCALE
from kooperacje.extensions import db
from kooperacje.i18n import gettext as _
from kooperacje.municipalities.service import centre_profile
from kooperacje.partnership.models import Institution
from kooperacje.plugins import get_plugins

#: what only variant B holds: the labour office's referral and the four descriptions of the template
VARIANT_B_FIELDS = ("referral_office", "referral_on", "referral_number", "unemployment_causes", "job_search_limits",
                    "earlier_activation", "activation_failure")
PART_ONE_FIELDS = ("variant", "worker_phone", "causes", "resources", "limitations", "main_goal", "period_from",
                   "period_to", "next_review_on", *VARIANT_B_FIELDS)
#: the worker's desk looks this far ahead
REVIEWS_AHEAD = timedelta(days=14)
PERIODS_ENDING_AHEAD = timedelta(days=30)


def sections_for(contract):
    return get_plugins().contract_sections(contract.model_key)


def start(client, worker, model_key):
    """A new draft contract, its assessment taken from the latest signed diagnosis."""
    diagnosis = diagnoses.latest_signed(client)
    number = (db.session.scalar(select(func.max(Contract.number)).where(Contract.client_id == client.id)) or 0) + 1
    contract = Contract(municipality_id=client.municipality_id, client_id=client.id, number=number,
                        model_key=diagnosis.model_key if diagnosis else model_key, worker_id=worker.id,
                        diagnosis_id=diagnosis.id if diagnosis else None,
                        variant="B" if "unemployment" in (client.reasons or []) else "A")
    if diagnosis:
        answers = diagnosis.answers
        contract.causes = answers.get("conclusions", {}).get("causes")
        contract.resources = answers.get("own_words", {}).get("strengths")
        contract.limitations = answers.get("own_words", {}).get("deficits")
    # variant B is concluded by the person alone; variant A covers the family as it is now
    contract.covered_member_ids = [m.id for m in client.current_members if m.relation != "applicant"] \
        if client.kind == "family" and contract.variant == "A" else []
    db.session.add(contract)
    db.session.flush()
    db.session.refresh(contract)
    record("contract_created", contract, detail=f"client:{client.id};number:{number}")
    return contract


def save_part_one(contract, form, model_data):
    """Saves the typed part I. Returns whether family members were sent for a variant B
    contract and left out: its parties are the person and the worker only."""
    for name in PART_ONE_FIELDS:
        setattr(contract, name, form[name].data or None)
    members = {m.id for m in contract.client.members}
    covered = [i for i in form.covered_member_ids.data or [] if i in members]
    left_out = contract.variant == "B" and bool(covered)
    contract.covered_member_ids = [] if contract.variant == "B" else covered
    if contract.variant != "B":  # nothing of variant B is kept for a contract that is not one
        contract.labour_situations = []
        for name in VARIANT_B_FIELDS:
            setattr(contract, name, None)
    else:
        contract.labour_situations = list(form.labour_situations.data or [])
    contract.model_data = model_data
    _sync_goals(contract, form.goals.entries)
    _sync_actions(contract, form.actions.entries)
    contract.updated_at = utcnow()  # always touches the row, so its version moves on
    db.session.flush()
    record("contract_saved", contract)
    return left_out


def _existing(rows, row_id):
    """The row of this contract with ``row_id``; ids of other contracts' rows are ignored."""
    return next((r for r in rows if str(r.id) == (row_id or "")), None)


def _sync_goals(contract, entries):
    kept = []
    for entry in entries:
        row = entry.form
        goal = _existing(contract.goals, row.id.data)
        if row.remove.data or not (row.text.data or "").strip():
            continue
        if goal is None:
            goal = ContractGoal(municipality_id=contract.municipality_id)
        goal.text = row.text.data.strip()
        goal.position = len(kept) + 1
        kept.append(goal)
    contract.goals = kept


def _sync_actions(contract, entries):
    kept = []
    for entry in entries:
        row = entry.form
        action = _existing(contract.actions, row.id.data)
        if row.remove.data or row.is_empty():
            continue
        if action is None:
            action = ContractAction(municipality_id=contract.municipality_id)
        action.party = row.party.data
        action.institution_id = row.institution_id.data or None if row.party.data == "partner" else None
        action.description = row.description.data.strip()
        action.method = (row.method.data or "").strip() or None
        action.due_on = row.due_on.data
        action.position = len(kept) + 1
        kept.append(action)
    contract.actions = kept


class Implausibility(NamedTuple):
    """Something in the typed part I that is most likely a slip, though the law does not forbid it:
    the form says so at ``field`` and saves only once the worker confirms."""

    field: object
    text: str
    other: Contract | None = None


def implausibilities(contract, form):
    """Actions due outside the contract's period, and a period overlapping another contract of
    the same case that is still running."""
    start, end = form.period_from.data, form.period_to.data
    found = []
    for entry in form.actions.entries:
        row = entry.form
        due = row.due_on.data
        if row.remove.data or row.is_empty() or not due:
            continue
        if end and due > end:
            found.append(Implausibility(row.due_on, _("Termin jest późniejszy niż koniec kontraktu (%(day)s): "
                                                      "działanie wykracza poza okres, na który kontrakt jest "
                                                      "zawierany.", day=day(end))))
        elif start and due < start:
            found.append(Implausibility(row.due_on, _("Termin jest wcześniejszy niż początek kontraktu (%(day)s).",
                                                      day=day(start))))
    for other in _running_overlapping(contract, start, end):
        found.append(Implausibility(form.period_from, _(
            "Okres nakłada się na kontrakt nr %(number)d tej sprawy (%(start)s – %(end)s), który jeszcze trwa.",
            number=other.number, start=day(other.period_from), end=day(other.period_to)), other))
    return found


def amendment_implausibilities(contract, form):
    """Planned actions an amendment's new end date would leave outside the period."""
    end = form.period_to.data
    late = [a for a in contract.actions if end and a.status == "planned" and a.due_on and a.due_on > end]
    return [Implausibility(form.period_to, _("Działanie nr %(number)d ma termin %(day)s, późniejszy niż nowy "
                                             "koniec kontraktu.", number=a.position, day=day(a.due_on)))
            for a in late]


def _running_overlapping(contract, start, end):
    """The case's other signed or running contracts whose period shares a day with start..end."""
    if not (start or end):
        return []
    others = [c for c in contract.client.contracts if c.id != contract.id and c.status in ACTIVE_CONTRACT_STATUSES]
    return [c for c in others if (c.period_from is None or end is None or c.period_from <= end)
            and (c.period_to is None or start is None or start <= c.period_to)]


class Problem(NamedTuple):
    """Something to fix before signing, and the id of the field on the part I form that fixes it."""

    text: str
    anchor: str


def signing_problems(contract, sections):
    """What must be in part I before the parties sign it, each with the field to fill in."""
    problems = []
    if not (contract.main_goal or "").strip():
        problems.append(Problem(_("Wpisz cel główny."), "main_goal"))
    if not contract.goals:
        problems.append(Problem(_("Dodaj co najmniej jeden cel szczegółowy."), "goals-0-text"))
    if not any(a.party == "client" for a in contract.actions):
        problems.append(Problem(_("Dodaj co najmniej jedno działanie osoby lub rodziny."), "dzialania"))
    if not any(a.party in ("worker", "partner") for a in contract.actions):
        problems.append(Problem(_("Dodaj co najmniej jedno działanie pracownika socjalnego, ośrodka lub partnera."),
                                "dzialania"))
    if not (contract.period_from and contract.period_to):
        problems.append(Problem(_("Podaj okres, na który zawierany jest kontrakt."),
                                "period_to" if contract.period_from else "period_from"))
    if contract.variant == "B" and not contract.labour_situations:
        problems.append(Problem(_("W wariancie B wskaż sytuację osoby na rynku pracy."), "labour_situations-0"))
    for section, spec in unanswered(sections, contract.model_data):
        problems.append(Problem(_("Uzupełnij pole „%(field)s” (%(section)s).", field=spec.label, section=section.title),
                                field_anchor(section, spec)))
    return problems


def approval_required(municipality):
    """Whether the centre has the head approve every contract before it is signed."""
    profile = centre_profile(municipality)
    return bool(profile and profile.contract_approval)


def signable(contract, approval):
    """Whether the parties may sign now: an approved draft where approval is on, else any
    draft (one approved or waiting before the centre turned approval off included)."""
    return contract.status == "approved" if approval else contract.status in ("draft", "to_approve", "approved")


def submit_for_approval(contract):
    contract.status = "to_approve"
    contract.updated_at = utcnow()
    db.session.flush()
    record("contract_submitted", contract)


def decide_approval(contract, decision, remark, user):
    """The head approves the draft for signing, or returns it to the worker with a remark."""
    contract.status = "approved" if decision == "approve" else "draft"
    contract.approved_by_id, contract.approved_at = user.id, utcnow()
    contract.approval_remark = (remark or "").strip() or None
    contract.updated_at = utcnow()
    db.session.flush()
    record("contract_approved" if decision == "approve" else "contract_returned", contract)


def sign(contract, concluded_on, user):
    contract.status = "signed"
    contract.concluded_on = concluded_on
    contract.signed_by_id = user.id
    # the groups read as on the day of signing, whatever the list becomes later
    contract.labour_list = labour_market_snapshot(contract.labour_situations) if contract.variant == "B" else None
    contract.updated_at = utcnow()
    db.session.flush()
    record("contract_signed", contract)


def move(contract, status, action):
    contract.status = status
    contract.updated_at = utcnow()
    db.session.flush()
    record(action, contract)


def amend(contract, form, user):
    return _amendment(contract, form.made_on.data, form.text.data.strip(), user, form.period_to.data)


def _amendment(contract, made_on, text, user, period_to=None):
    amendment = ContractAmendment(municipality_id=contract.municipality_id, made_on=made_on, text=text,
                                  author_id=user.id)
    if period_to:
        amendment.previous_period_to = contract.period_to
        contract.period_to = period_to
    contract.amendments.append(amendment)
    contract.updated_at = utcnow()
    db.session.flush()
    record("contract_amended", contract, detail=f"amendment:{amendment.id}")
    return amendment


#: where an action can be added, each in its own way: into a draft's part I, or by amendment
ADDING_STATUSES = ("draft", *ACTIVE_CONTRACT_STATUSES)


def action_refusal(contract):
    """Why no action can be added to ``contract`` now (a message), or None."""
    if contract is not None and contract.status in ("to_approve", "approved"):
        return _("Projekt kontraktu czeka u kierownika ośrodka na zatwierdzenie. Działanie dodasz, gdy kierownik "
                 "zwróci projekt do poprawy albo po podpisaniu kontraktu (aneksem).")
    if contract is None or contract.status not in ADDING_STATUSES:
        return _("Sprawa nie ma kontraktu socjalnego w przygotowaniu ani w realizacji. Przygotuj kontrakt, "
                 "a potem przenieś do niego ustalenie.")
    return None


def add_action(contract, values, made_on, user, origin):
    """A new action at the end of the contract's actions. A draft takes it into part I as an
    edit would; a signed contract's part I stays as signed: the action comes with a dated
    amendment that names it and ``origin`` (why it was added), as every change after signing.
    Returns (action, amendment or None)."""
    action = ContractAction(municipality_id=contract.municipality_id, position=len(contract.actions) + 1,
                            **values)
    contract.actions.append(action)
    if contract.status == "draft":
        contract.updated_at = utcnow()
        db.session.flush()
        record("contract_action_added", contract, detail=f"action:{action.id}")
        return action, None
    db.session.flush()
    return action, _amendment(contract, made_on, _action_amendment_text(action, origin), user)


def _action_amendment_text(action, origin):
    """The amendment's words for an added action: Polish, as the contract's DOCX that prints
    them, whoever adds it (``origin`` is a callable giving the reason, read in that language)."""
    institution = action.institution or (db.session.get(Institution, action.institution_id)
                                         if action.institution_id else None)
    with force_locale(DOCUMENT_LOCALE):
        party = str(ACTION_PARTIES[action.party]) + (f": {institution.name}" if institution else "")
        due = _(", termin: %(day)s", day=day(action.due_on)) if action.due_on else ""
        return _("Dodano działanie nr %(number)d (%(party)s%(due)s): %(text)s. %(origin)s",
                 number=action.position, party=party, due=due, text=action.description, origin=origin())


def set_action_status(action, status):
    action.status = status
    action.contract.updated_at = utcnow()
    db.session.flush()
    record("contract_action_status", action.contract, detail=f"action:{action.id};status:{status}")


def save_evaluation(contract, form):
    for entry in form.goals.entries:
        goal = _existing(contract.goals, entry.form.id.data)
        if goal is not None:
            goal.outcome = entry.form.outcome.data or None
            goal.outcome_reason = (entry.form.outcome_reason.data or "").strip() or None
    contract.ending = form.ending.data or None
    contract.ended_on = form.ended_on.data
    contract.ending_reason = (form.ending_reason.data or "").strip() or None
    contract.summary = (form.summary.data or "").strip() or None
    contract.updated_at = utcnow()
    db.session.flush()
    record("contract_evaluation_saved", contract)


def evaluation_problems(contract):
    """What part II needs before the contract counts as evaluated."""
    problems = []
    if any(goal.outcome is None for goal in contract.goals):
        problems.append(_("Oceń realizację każdego celu."))
    if any(goal.outcome in ("partly", "not") and not goal.outcome_reason for goal in contract.goals):
        problems.append(_("Podaj przyczyny przy celach osiągniętych częściowo lub nieosiągniętych."))
    if not (contract.ending and contract.ended_on):
        problems.append(_("Podaj, jak i kiedy kontrakt się zakończył."))
    if contract.ending == "terminated" and not contract.ending_reason:
        problems.append(_("Uzasadnij rozwiązanie kontraktu przed terminem."))
    return problems


def desk(worker, today):
    """The worker's open cases and what needs attention in them: dates and the applicant's name
    only, read as plain rows (dozens of ORM objects cost more to build than the page to render);
    the accesses to the clients listed are recorded as for loaded case records."""
    upcoming_statement, overdue_statement, drafts_statement = _desk_statements()
    upcoming = db.session.execute(upcoming_statement, {
        "worker_id": worker.id, "reviews_until": today + REVIEWS_AHEAD, "periods_until": today + PERIODS_ENDING_AHEAD,
    }).all()
    reviews = sorted((c for c in upcoming if c.next_review_on and c.next_review_on <= today + REVIEWS_AHEAD),
                     key=lambda c: c.next_review_on)
    ending = sorted((c for c in upcoming if c.period_to and c.period_to <= today + PERIODS_ENDING_AHEAD),
                    key=lambda c: c.period_to)
    overdue = db.session.execute(overdue_statement, {"worker_id": worker.id, "today": today}).all()
    drafts = db.session.execute(drafts_statement, {"worker_id": worker.id}).all()
    record_case_accesses([*upcoming, *overdue, *drafts])
    cases = db.session.scalar(select(func.count(Client.id)).where(Client.worker_id == worker.id,
                                                                  Client.status == "active"))
    return {"reviews": reviews, "ending": ending, "overdue": overdue, "drafts": drafts, "cases": cases}


@functools.cache
def _desk_statements():
    """The desk's three lists, built once with the worker and the dates as parameters: building
    them cost more than running them, on the page every worker opens first."""
    mine = (Client.worker_id == bindparam("worker_id"), Client.status != "closed")
    upcoming = (_named(select(Contract.id, Contract.number, Contract.status, Contract.next_review_on, Contract.period_to,
                              Contract.client_id, Contract.municipality_id).join(Contract.client))
                .where(*mine, Contract.status.in_(ACTIVE_CONTRACT_STATUSES),
                       or_(Contract.next_review_on <= bindparam("reviews_until"),
                           Contract.period_to <= bindparam("periods_until"))))
    overdue = (_named(select(ContractAction.id, ContractAction.due_on, ContractAction.description,
                             ContractAction.contract_id, Institution.name.label("institution"), Contract.client_id,
                             Contract.municipality_id)
                      .join(ContractAction.contract).join(Contract.client).outerjoin(ContractAction.institution))
               .where(*mine, Contract.status.in_(ACTIVE_CONTRACT_STATUSES), ContractAction.party == "partner",
                      ContractAction.status == "planned", ContractAction.due_on < bindparam("today"))
               .order_by(ContractAction.due_on))
    drafts = (_named(select(Diagnosis.id, Diagnosis.number, Diagnosis.updated_at, Diagnosis.client_id,
                            Diagnosis.municipality_id).join(Diagnosis.client))
              .where(*mine, Diagnosis.status == "draft").order_by(Diagnosis.updated_at))
    return upcoming, overdue, drafts


def _named(statement):
    """``statement`` (joined to the client) with the applicant's name as ``applicant``."""
    return statement.add_columns((Person.first_name + " " + Person.last_name).label("applicant")).outerjoin(
        Person, and_(Person.client_id == Client.id, Person.relation == "applicant"))
