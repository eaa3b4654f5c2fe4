"""The municipality dashboard's indicators, each with its definition, in one registry.

Every number is counted in the database (COUNT/SUM with GROUP BY over the municipality's own
rows, which the tenant scope picks); no case file is loaded, so the dashboard opens none and names
no client. The definition beside each indicator on the page is the text kept here with its
computation, so the two cannot drift apart."""
from dataclasses import dataclass, field
from datetime import date, timedelta
from statistics import median
from typing import Callable

from flask import current_app, g
from flask_babel import format_decimal, get_locale
from sqlalchemy import and_, case, func, or_, select

from kooperacje.clients.caseload import caseload
from kooperacje.clients.models import Client
from kooperacje.clock import day, utcnow
from kooperacje.contracts.models import Contract, ContractAction
from kooperacje.contracts.vocabulary import ACTIVE_CONTRACT_STATUSES, CONTRACT_ENDINGS, EVALUATED_CONTRACT_STATUSES
from kooperacje.diagnoses.models import Diagnosis
from kooperacje.extensions import db, kept
from kooperacje.i18n import gettext as _
from kooperacje.i18n import lazy_gettext as _l
from kooperacje.partnership.models import Attendance, Decision, Institution, Meeting, Task
from kooperacje.partnership.service import current_partnership, last_quarters
from kooperacje.partnership.vocabulary import OPEN_TASK_STATUSES, SECTORS

#: a PZK is active when it has met within this many days
ACTIVE_WITHIN_DAYS = 60
#: how many quarters the charts over time cover
QUARTERS = 4
ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}
MUNICIPAL, PZK = "municipal", "pzk"


@dataclass
class Result:
    """An indicator's table: ``rows`` of (label, number, …); ``note`` a sentence above it;
    ``empty`` what the page says instead of the table when there is nothing to count."""

    rows: list
    note: str | None = None
    empty: str | None = None


@dataclass(frozen=True)
class Indicator:
    key: str  #: its anchor on the page and the name of its downloads
    part: str  #: MUNICIPAL (the administrator's and the head's) or PZK (the coordinator's too)
    title: str
    definition: str
    columns: tuple  #: the table's header: the label column, then the numbers
    compute: Callable[[date], Result] = field(repr=False)
    #: "bars" (horizontal, one number a row) or "columns" (per quarter, one series a number column)
    chart: str = "bars"
    #: the number columns the chart draws (indexes into a row)
    series: tuple = (1,)


# --- The centre's casework -------------------------------------------------------------------

def _caseload(today):
    rows = caseload()
    table = [(row.worker.full_name if row.worker else _("bez pracownika"), row.open) for row in rows]
    active = sum(1 for row in rows if row.worker and row.worker.active)
    total = sum(row.open for row in rows)
    if not rows:
        return Result([], empty=_("Ośrodek nie ma jeszcze pracowników socjalnych ani spraw."))
    if active:
        note = _("Otwarte sprawy na jednego aktywnego pracownika socjalnego: %(average)s (spraw otwartych: "
                 "%(cases)d, aktywnych pracowników: %(workers)d).", average=_decimal(total / active), cases=total,
                 workers=active)
    else:
        note = _("Ośrodek nie ma aktywnego pracownika socjalnego: średniej nie da się policzyć.")
    return Result(table, note=note)


#: the contract's statuses in the groups the dashboard counts (as the regional statistics do)
CONTRACT_GROUPS = ((_l("w przygotowaniu (projekt, do zatwierdzenia, zatwierdzony)"), ("draft", "to_approve", "approved")),
                   (_l("obowiązujące (podpisane, w realizacji)"), ACTIVE_CONTRACT_STATUSES),
                   (_l("ocenione lub zamknięte"), EVALUATED_CONTRACT_STATUSES))


def _contracts(today):
    counts = dict(db.session.execute(select(Contract.status, func.count(Contract.id)).group_by(Contract.status)).all())
    rows = [(str(label), sum(counts.get(status, 0) for status in statuses)) for label, statuses in CONTRACT_GROUPS]
    if not any(number for _label, number in rows):
        return Result(rows, empty=_("Ośrodek nie ma jeszcze kontraktów socjalnych."))
    return Result(rows)


def _endings(today):
    ended = db.session.execute(
        select(Contract.ending, Contract.concluded_on, Contract.ended_on)
        .where(Contract.status.in_(EVALUATED_CONTRACT_STATUSES), Contract.ended_on > today - timedelta(days=365),
               Contract.ended_on <= today)).all()
    if not ended:
        return Result([], empty=_("W ostatnich 12 miesiącach żaden kontrakt socjalny nie został zakończony i oceniony."))

    def lengths(kind=None):
        return [(end - start).days for ending, start, end in ended if start and kind in (None, ending)]
    rows = [(str(label), sum(1 for ending, _start, _end in ended if ending == key), _median(lengths(key)))
            for key, label in CONTRACT_ENDINGS.items()]
    overall = _median(lengths())
    note = None if overall is None else _("Mediana długości wszystkich zakończonych kontraktów: %(days)d dni.",
                                          days=overall)
    return Result(rows, note=note)


def _overdue(today):
    open_case = Client.status != "closed"
    reviews = db.session.scalar(
        select(func.count(Contract.id)).join(Client, Client.id == Contract.client_id)
        .where(Contract.status.in_(ACTIVE_CONTRACT_STATUSES), open_case, Contract.next_review_on < today))
    actions = db.session.scalar(
        select(func.count(ContractAction.id)).join(Contract, Contract.id == ContractAction.contract_id)
        .join(Client, Client.id == Contract.client_id)
        .where(Contract.status.in_(ACTIVE_CONTRACT_STATUSES), open_case, ContractAction.status == "planned",
               ContractAction.due_on < today))
    days = current_app.config["REMINDER_DRAFT_DAYS"]
    drafts = db.session.scalar(
        select(func.count(Diagnosis.id)).join(Client, Client.id == Diagnosis.client_id)
        .where(Diagnosis.status == "draft", open_case, Diagnosis.created_at <= utcnow() - timedelta(days=days)))
    return Result([(_("oceny kontraktów po terminie"), reviews or 0),
                   (_("działania z kontraktów po terminie, niewykonane"), actions or 0),
                   (_("projekty diagnoz starsze niż %(days)d dni", days=days), drafts or 0)])


# --- The PZK -----------------------------------------------------------------------------------

def _no_team():
    return Result([], empty=_("Gmina nie ma jeszcze zespołu PZK: wskaźniki pojawią się po jego założeniu."))


def _activity(today):
    team = current_partnership()
    if team is None:
        return _no_team()
    held_on = Meeting.held_on
    held, recent, last = db.session.execute(
        select(func.sum(case((and_(held_on > today - timedelta(days=365), held_on <= today), 1), else_=0)),
               func.sum(case((and_(held_on >= today - timedelta(days=ACTIVE_WITHIN_DAYS), held_on <= today), 1),
                             else_=0)),
               func.max(case((held_on <= today, held_on), else_=None)))
        .where(Meeting.partnership_id == team.id)).one()
    cadence = max(team.cadence_days or 0, 1)
    expected = 365 // cadence
    if recent:
        note = _("Zespół jest aktywny: spotkał się w ostatnich %(days)d dniach (ostatnio %(last)s).",
                 days=ACTIVE_WITHIN_DAYS, last=_iso(last))
    elif last:
        note = _("Zespół nie jest aktywny: nie spotkał się w ostatnich %(days)d dniach (ostatnio %(last)s).",
                 days=ACTIVE_WITHIN_DAYS, last=_iso(last))
    else:
        note = _("Zespół nie jest aktywny: nie odbył jeszcze żadnego spotkania.")
    return Result([(_("spotkania odbyte w ostatnich 12 miesiącach"), int(held or 0)),
                   (_("spotkania wymagane przy przyjętej częstotliwości (co %(days)d dni)", days=cadence), expected)],
                  note=note)


def _tasks(today):
    team = current_partnership()
    if team is None:
        return _no_team()
    done, still_open = Task.status == "done", Task.status.in_(OPEN_TASK_STATUSES)
    # spelled out both ways: NOT over a NULL date would be NULL in SQL, and count nothing
    late = and_(done, Task.closed_on.is_not(None), Task.due_on.is_not(None), Task.closed_on > Task.due_on)
    on_time = and_(done, or_(Task.closed_on.is_(None), Task.due_on.is_(None), Task.closed_on <= Task.due_on))
    overdue = and_(still_open, Task.due_on.is_not(None), Task.due_on < today)
    in_time = and_(still_open, or_(Task.due_on.is_(None), Task.due_on >= today))

    def count(condition):
        return func.sum(case((condition, 1), else_=0))

    numbers = db.session.execute(select(
        count(on_time), count(late), count(in_time), count(overdue),
        count(Task.status == "dropped")).where(Task.partnership_id == team.id)).one()
    labels = (_("wykonane w terminie"), _("wykonane po terminie"), _("otwarte, w terminie"), _("otwarte, po terminie"),
              _("zaniechane"))
    rows = [(label, int(number or 0)) for label, number in zip(labels, numbers)]
    if not any(number for _label, number in rows):
        return Result(rows, empty=_("Zespół nie ma jeszcze zadań."))
    return Result(rows)


def _sectors(today):
    team = current_partnership()
    if team is None:
        return _no_team()
    counts = db.session.execute(
        select(Institution.sector, func.count(Institution.id))
        .where(Institution.partnership_id == team.id, _member_on(today))
        .group_by(Institution.sector)).all()
    rows = sorted(((str(SECTORS.get(sector, sector)), number) for sector, number in counts),
                  key=lambda row: (-row[1], row[0]))
    if not rows:
        return Result([], empty=_("Zespół nie ma dziś instytucji członkowskich."))
    return Result(rows)


def _attendance(today):
    team = current_partnership()
    if team is None:
        return _no_team()
    quarters = _quarters(today)
    # per meeting: the institutions that were members that day, and how many of them came or sent someone
    meetings = db.session.execute(
        _member_attendance(team, quarters[0][0], today, Meeting.held_on).group_by(Meeting.id, Meeting.held_on)).all()
    rows = []
    for start, label, end in quarters:
        shares = [100 * int(came or 0) / members for held_on, members, came in meetings
                  if start <= held_on < end and members]
        rows.append((label, round(sum(shares) / len(shares)) if shares else None, len(shares)))
    if not meetings:
        return Result(rows, empty=_("W ostatnich czterech kwartałach zespół nie odbył spotkania."))
    return Result(rows)


def _attendance_by_sector(today):
    team = current_partnership()
    if team is None:
        return _no_team()
    counts = db.session.execute(_member_attendance(team, _quarters(today)[0][0], today, Institution.sector)
                                .group_by(Institution.sector)).all()
    rows = sorted(((str(SECTORS.get(sector, sector)), round(100 * int(came or 0) / pairs), pairs)
                   for sector, pairs, came in counts if pairs), key=lambda row: (-row[1], row[0]))
    if not rows:
        return Result([], empty=_("W ostatnich czterech kwartałach zespół nie odbył spotkania."))
    return Result(rows)


def _member_attendance(team, first, today, grouped_by):
    """(``grouped_by``, institution–meeting pairs, how many came or sent someone) over the team's
    meetings from ``first`` to today, counting each institution that was a member on the day."""
    member = and_(Institution.partnership_id == Meeting.partnership_id,
                  or_(Institution.joined_on.is_(None), Institution.joined_on <= Meeting.held_on),
                  or_(Institution.left_on.is_(None), Institution.left_on > Meeting.held_on))
    attended = and_(Attendance.id.is_not(None), Attendance.status != "absent")
    return (select(grouped_by, func.count(Institution.id), func.sum(case((attended, 1), else_=0)))
            .select_from(Meeting).join(Institution, member)
            .outerjoin(Attendance, and_(Attendance.meeting_id == Meeting.id, Attendance.institution_id == Institution.id))
            .where(Meeting.partnership_id == team.id, Meeting.held_on >= first, Meeting.held_on <= today))


def _tasks_over_time(today):
    team = current_partnership()
    if team is None:
        return _no_team()
    quarters = _quarters(today)
    created_on = Meeting.held_on
    created = db.session.execute(
        select(*(func.sum(case((and_(created_on >= start, created_on < end), 1), else_=0)) for start, _label, end in quarters))
        .select_from(Task).join(Decision, Decision.id == Task.decision_id).join(Meeting, Meeting.id == Decision.meeting_id)
        .where(Task.partnership_id == team.id)).one()
    done = db.session.execute(
        select(*(func.sum(case((and_(Task.closed_on >= start, Task.closed_on < end), 1), else_=0))
                 for start, _label, end in quarters))
        .where(Task.partnership_id == team.id, Task.status == "done")).one()
    rows = [(label, int(made or 0), int(finished or 0))
            for (_start, label, _end), made, finished in zip(quarters, created, done)]
    if not any(made or finished for _label, made, finished in rows):
        return Result(rows, empty=_("W ostatnich czterech kwartałach nie ustalono ani nie wykonano zadań."))
    return Result(rows)


# --- Helpers -----------------------------------------------------------------------------------

def _member_on(day):
    return and_(or_(Institution.joined_on.is_(None), Institution.joined_on <= day),
                or_(Institution.left_on.is_(None), Institution.left_on > day))


def _quarters(today):
    """[(first day, "IV kw. 2026", first day of the next)] for the last QUARTERS quarters, oldest first."""
    result = []
    for year, quarter in last_quarters(today, QUARTERS):
        start = date(year, 3 * quarter - 2, 1)
        end = date(year + 1, 1, 1) if quarter == 4 else date(year, 3 * quarter + 1, 1)
        result.append((start, _("%(quarter)s kw. %(year)d", quarter=ROMAN[quarter], year=year), end))
    return result


def _median(numbers):
    """The middle number (of two middle ones, their mean) rounded half up; None for none."""
    return int(median(numbers) + 0.5) if numbers else None


def _decimal(number):
    return format_decimal(round(number, 1), format="0.0")


def _iso(value):
    return day(value) if value else "—"


INDICATORS = (
    Indicator("obciazenie", MUNICIPAL, _l("Obciążenie pracowników socjalnych"),
              _l("Sprawy otwarte (niezamknięte) prowadzone przez każdego pracownika socjalnego, według pracownika "
                 "wskazanego w sprawie; średnia to wszystkie otwarte sprawy podzielone przez liczbę aktywnych kont "
                 "pracowników socjalnych. Konta nieaktywne pokazuje się, dopóki mają sprawy."),
              (_l("Pracownik socjalny"), _l("Sprawy otwarte")), _caseload),
    Indicator("kontrakty", MUNICIPAL, _l("Kontrakty socjalne według stanu"),
              _l("Wszystkie kontrakty socjalne ośrodka według stanu: w przygotowaniu (projekt, także czekający na "
                 "zatwierdzenie lub zatwierdzony do podpisu), obowiązujące (podpisane i w realizacji) oraz ocenione "
                 "lub zamknięte."),
              (_l("Stan kontraktu"), _l("Liczba kontraktów")), _contracts),
    Indicator("kontrakty-zakonczone", MUNICIPAL, _l("Kontrakty socjalne zakończone w ostatnich 12 miesiącach"),
              _l("Kontrakty ocenione (część II potwierdzona), których data zakończenia przypada na ostatnie 12 "
                 "miesięcy, według sposobu zakończenia. Długość kontraktu: dni od zawarcia do zakończenia; mediana "
                 "to wartość środkowa (przy parzystej liczbie kontraktów – średnia dwóch środkowych), zaokrąglona "
                 "do pełnych dni."),
              (_l("Sposób zakończenia"), _l("Liczba kontraktów"), _l("Mediana długości (dni)")), _endings),
    Indicator("zaleglosci", MUNICIPAL, _l("Zaległości w pracy z rodzinami"),
              _l("W sprawach otwartych: obowiązujące kontrakty, których termin oceny realizacji minął; zaplanowane "
                 "działania obowiązujących kontraktów, których termin minął, a nie oznaczono ich jako wykonane ani "
                 "niewykonane; projekty diagnoz niepodpisane dłużej niż próg przypomnień (REMINDER_DRAFT_DAYS)."),
              (_l("Zaległość"), _l("Liczba")), _overdue),
    Indicator("spotkania", PZK, _l("Aktywność zespołu PZK"),
              _l("Zespół jest aktywny, jeśli odbył spotkanie w ostatnich 60 dniach. Spotkania odbyte w ostatnich "
                 "12 miesiącach zestawia się z liczbą wymaganą przy częstotliwości spotkań przyjętej w danych "
                 "zespołu (365 dni podzielone przez liczbę dni między spotkaniami, w dół)."),
              (_l("Miara"), _l("Liczba spotkań")), _activity),
    Indicator("zadania", PZK, _l("Zadania partnerów"),
              _l("Zadania zespołu według stanu: wykonane w terminie (data zamknięcia nie później niż termin lub "
                 "zadanie bez terminu), wykonane po terminie, otwarte (do zrobienia lub w toku) przed terminem lub "
                 "bez terminu, otwarte po terminie oraz zaniechane."),
              (_l("Stan zadań"), _l("Liczba zadań")), _tasks),
    Indicator("sektory", PZK, _l("Instytucje członkowskie według sektora"),
              _l("Instytucje, które są dziś członkami zespołu (przystąpiły i nie wystąpiły), według sektora."),
              (_l("Sektor"), _l("Instytucje członkowskie")), _sectors),
    Indicator("obecnosc", PZK, _l("Obecność na spotkaniach według kwartałów"),
              _l("Dla każdego spotkania: odsetek instytucji członkowskich w dniu spotkania, które były obecne lub "
                 "wysłały zastępstwo; w kwartale – średnia z jego spotkań, w procentach (zaokrąglona). Kwartał bez "
                 "spotkań nie ma wartości."),
              (_l("Kwartał"), _l("Średnia obecność (%)"), _l("Spotkania")), _attendance, chart="columns"),
    Indicator("obecnosc-sektory", PZK, _l("Obecność na spotkaniach według sektora"),
              _l("Spotkania z ostatnich czterech kwartałów: dla instytucji członkowskich każdego sektora odsetek "
                 "par instytucja–spotkanie (instytucja członkowska w dniu spotkania), w których instytucja była "
                 "obecna lub wysłała zastępstwo, w procentach (zaokrąglony)."),
              (_l("Sektor"), _l("Obecność (%)"), _l("Pary instytucja–spotkanie")), _attendance_by_sector),
    Indicator("zadania-w-czasie", PZK, _l("Zadania ustalone i wykonane według kwartałów"),
              _l("Zadania ustalone: według daty spotkania, na którym przyjęto ustalenie z zadaniem (zadania dodane "
                 "bez ustalenia nie mają daty ustalenia i nie są tu liczone). Zadania wykonane: według daty "
                 "zamknięcia zadania jako wykonanego."),
              (_l("Kwartał"), _l("Zadania ustalone"), _l("Zadania wykonane")), _tasks_over_time, chart="columns",
              series=(1, 2)),
)
BY_KEY = {indicator.key: indicator for indicator in INDICATORS}


def of_part(*parts):
    return [indicator for indicator in INDICATORS if indicator.part in parts]


def computed(indicators, today):
    """([(indicator, its Result)], when they were counted) for the page and its downloads.

    Counted at most every DASHBOARD_CACHE_SECONDS per municipality (and language, as the rows'
    labels are translated): a dashboard's counts run over all the centre's cases, and a few
    minutes' delay, which the page states, is what any dashboard has."""
    key = ":".join(["dashboard", str(g.tenant_id), str(get_locale()), today.isoformat(),
                    *(indicator.key for indicator in indicators)])
    counted = kept(key, lambda: ([indicator.compute(today) for indicator in indicators], utcnow()))
    results, at = counted
    return list(zip(indicators, results)), at
