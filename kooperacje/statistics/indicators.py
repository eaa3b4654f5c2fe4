"""The regional indicators: what each counts (its definition, shown beside it) and how the
summary table is refreshed from the case files and the PZK's records.

Each indicator is a count of records per municipality and quarter of a date, so that sums over
municipalities (by model, by powiat) and over quarters mean what they say. The refresh is one
GROUP BY per indicator over the window of QUARTERS_KEPT quarters, all municipalities at once;
it replaces the window's rows in one transaction, so a page never sees half a refresh."""
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Callable

from sqlalchemy import case, delete, func, insert, or_, select

from kooperacje.clock import local_today, utcnow
from kooperacje.contracts.models import Contract, ContractGoal
from kooperacje.contracts.vocabulary import EVALUATED_CONTRACT_STATUSES
from kooperacje.dashboard.indicators import ROMAN
from kooperacje.database import ALL_TENANTS
from kooperacje.extensions import db
from kooperacje.i18n import gettext as _
from kooperacje.i18n import lazy_gettext as _l
from kooperacje.partnership.models import Meeting, Task
from kooperacje.partnership.service import last_quarters
from kooperacje.referrals.models import Referral
from kooperacje.referrals.vocabulary import ACCEPTED, COMPLETED
from kooperacje.statistics.models import IndicatorSummary

#: how many quarters the summary keeps (and the regional dashboard offers), the current one last
QUARTERS_KEPT = 8


@dataclass(frozen=True)
class Quarter:
    year: int
    number: int

    @property
    def start(self):
        return date(self.year, 3 * self.number - 2, 1)

    @property
    def end(self):
        """The first day of the next quarter."""
        return date(self.year + 1, 1, 1) if self.number == 4 else date(self.year, 3 * self.number + 1, 1)

    @property
    def code(self):
        """As the filter's URL writes it: 2026-4."""
        return f"{self.year}-{self.number}"

    @property
    def label(self):
        return _("%(quarter)s kw. %(year)d", quarter=ROMAN[self.number], year=self.year)


def window(today=None):
    """The quarters the summary holds, oldest first."""
    return [Quarter(year, number) for year, number in last_quarters(today or local_today(), QUARTERS_KEPT)]


@dataclass(frozen=True)
class RegionalIndicator:
    key: str  #: its anchor on the page and its rows in the summary
    title: str
    definition: str
    #: (municipality column, the date that puts a record in a quarter, extra conditions, joins)
    source: Callable = field(repr=False)
    #: counts each municipality with such a record once a quarter (a yes or no), not the records
    municipalities: bool = False


def _meetings():
    return Meeting.municipality_id, Meeting.held_on, (), ()


def _tasks_on_time():
    on_time = or_(Task.due_on.is_(None), Task.closed_on <= Task.due_on)
    return Task.municipality_id, Task.closed_on, (Task.status == "done", on_time), ()


def _tasks_late():
    return Task.municipality_id, Task.closed_on, (Task.status == "done", Task.closed_on > Task.due_on), ()


def _referrals():
    return Referral.municipality_id, Referral.created_at, (), ()


def _referrals_answered_in_time():
    # answered on or before the day the institution was asked to answer by
    return Referral.municipality_id, Referral.answered_at, (func.date(Referral.answered_at) <= Referral.answer_by,), ()


def _referrals_accepted():
    # a referral later completed was accepted first: it counts by the day of its answer
    return Referral.municipality_id, Referral.answered_at, (Referral.state.in_((ACCEPTED, COMPLETED)),), ()


def _contracts_concluded():
    return Contract.municipality_id, Contract.concluded_on, (), ()


def _contracts_ended(ending):
    # part II confirmed: a saved, unconfirmed evaluation does not end a contract yet
    def source():
        conditions = (Contract.status.in_(EVALUATED_CONTRACT_STATUSES), Contract.ending == ending)
        return Contract.municipality_id, Contract.ended_on, conditions, ()
    return source


def _goals(outcome):
    def source():
        return (ContractGoal.municipality_id, Contract.ended_on,
                (ContractGoal.outcome == outcome, Contract.status.in_(EVALUATED_CONTRACT_STATUSES)),
                ((Contract, Contract.id == ContractGoal.contract_id),))
    return source


REGIONAL = (
    RegionalIndicator("pzk-aktywne", _l("Gminy, których zespół PZK się spotkał"),
                      _l("Gminy, których zespół PZK odbył w kwartale co najmniej jedno spotkanie zapisane w "
                         "dzienniku spotkań; każda gmina liczy się w kwartale raz."), _meetings, municipalities=True),
    RegionalIndicator("spotkania", _l("Spotkania zespołów PZK"),
                      _l("Spotkania zespołów PZK zapisane w dzienniku spotkań, według daty odbycia."), _meetings),
    RegionalIndicator("zadania-w-terminie", _l("Zadania partnerów wykonane w terminie"),
                      _l("Zadania zespołów PZK zamknięte jako wykonane nie później niż w terminie (lub bez terminu), "
                         "według daty zamknięcia."), _tasks_on_time),
    RegionalIndicator("zadania-po-terminie", _l("Zadania partnerów wykonane po terminie"),
                      _l("Zadania zespołów PZK zamknięte jako wykonane po terminie, według daty zamknięcia."),
                      _tasks_late),
    RegionalIndicator("skierowania", _l("Skierowania do instytucji partnerskich"),
                      _l("Skierowania osób i rodzin do instytucji partnerskich, według daty wysłania."), _referrals),
    RegionalIndicator("skierowania-w-terminie", _l("Skierowania z odpowiedzią w terminie"),
                      _l("Skierowania, na które instytucja odpowiedziała (przyjęła lub odrzuciła) nie później niż w "
                         "wyznaczonym terminie, według daty odpowiedzi."), _referrals_answered_in_time),
    RegionalIndicator("skierowania-przyjete", _l("Skierowania przyjęte przez instytucje"),
                      _l("Skierowania, które instytucja przyjęła (także te już zakończone), według daty odpowiedzi."),
                      _referrals_accepted),
    RegionalIndicator("kontrakty-zawarte", _l("Kontrakty socjalne zawarte"),
                      _l("Kontrakty socjalne według daty zawarcia (podpisania)."), _contracts_concluded),
    # Ended contracts and evaluated goals by their outcome, each kind its own indicator and no
    # total of them published: a total beside its parts would uncover a part's hidden cell.
    RegionalIndicator("kontrakty-uplyw-okresu", _l("Kontrakty socjalne zakończone z upływem okresu"),
                      _l("Kontrakty socjalne ocenione (część II), które zakończyły się z upływem okresu, na który je "
                         "zawarto, według daty zakończenia."), _contracts_ended("expired")),
    RegionalIndicator("kontrakty-rozwiazane", _l("Kontrakty socjalne rozwiązane przed terminem"),
                      _l("Kontrakty socjalne ocenione (część II), rozwiązane przed upływem okresu (z uzasadnieniem), "
                         "według daty zakończenia."), _contracts_ended("terminated")),
    RegionalIndicator("cele-osiagniete", _l("Cele kontraktów osiągnięte"),
                      _l("Cele szczegółowe ocenione jako osiągnięte w kontraktach ocenionych (część II), według daty "
                         "zakończenia kontraktu."), _goals("achieved")),
    RegionalIndicator("cele-czesciowo", _l("Cele kontraktów osiągnięte częściowo"),
                      _l("Cele szczegółowe ocenione jako osiągnięte częściowo w kontraktach ocenionych (część II), "
                         "według daty zakończenia kontraktu."), _goals("partly")),
    RegionalIndicator("cele-nieosiagniete", _l("Cele kontraktów nieosiągnięte"),
                      _l("Cele szczegółowe ocenione jako nieosiągnięte w kontraktach ocenionych (część II), według "
                         "daty zakończenia kontraktu."), _goals("not")),
)
BY_KEY = {indicator.key: indicator for indicator in REGIONAL}


def _bounds(column, moment):
    """A date as the column compares it: datetimes (UTC, no zone) from the day's midnight."""
    return datetime.combine(moment, time.min) if column.type.python_type is datetime else moment


def _counts(indicator, quarters, today):
    municipality, column, conditions, joins = indicator.source()
    bucket = case(*((column < _bounds(column, q.end), index) for index, q in enumerate(quarters)))
    counted = func.count(func.distinct(municipality)) if indicator.municipalities else func.count()
    statement = select(municipality, bucket, counted).select_from(municipality.table)
    for target, on in joins:
        statement = statement.join(target, on)
    statement = statement.where(column >= _bounds(column, quarters[0].start),
                                column < _bounds(column, min(quarters[-1].end, today + timedelta(days=1))),
                                *conditions).group_by(municipality, bucket)
    # Counts per municipality for the summary, read by a job or the CLI, never shown as such.
    return db.session.execute(statement.execution_options(**{ALL_TENANTS: True})).all()  # nosemgrep: no-unscoped-tenant-query


def recount(today=None):
    """Recount the window's quarters for every municipality; returns the number of rows written
    (statistics.service.refresh then suppresses the releases)."""
    today = today or local_today()
    quarters = window(today)
    now = utcnow()
    rows = [{"municipality_id": municipality_id, "year": quarters[index].year, "quarter": quarters[index].number,
             "indicator": indicator.key, "value": count, "refreshed_at": now}
            for indicator in REGIONAL for municipality_id, index, count in _counts(indicator, quarters, today)
            if index is not None and count]
    db.session.execute(delete(IndicatorSummary))  # the window moves: older quarters go too
    if rows:
        db.session.execute(insert(IndicatorSummary), rows)
    db.session.commit()
    return len(rows)


def refreshed_at():
    """When the summary was last recounted (one time for all its rows; no municipality's data)."""
    statement = select(func.max(IndicatorSummary.refreshed_at))
    return db.session.scalar(statement.execution_options(**{ALL_TENANTS: True}))  # nosemgrep: no-unscoped-tenant-query

