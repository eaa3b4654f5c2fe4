"""The municipality's numbers for MRPiPS-03 and OZPS, for one period, laid out as the reports' sections.

What was checked, and against what (the comment the issue asks for):

- MRPiPS-03 is the ministry's "sprawozdanie półroczne i roczne z udzielonych świadczeń pomocy
  społecznej – pieniężnych, w naturze i usługach" (the name as the 1997 order introducing MPiPS-03
  gives it, and the form's published explanations, "Objaśnienia do sporządzenia sprawozdania na
  formularzu MPiPS-03"); its periods end on 30 VI and 31 XII (the explanations: "wg stanu na ostatni
  dzień okresu sprawozdawczego, tj. 30 VI lub 31 XII"), so the half-year report covers 1 January –
  30 June and the yearly one the whole year. Types A and B of the social contract as NIK's 2013
  audit of social contracts defines them. Verified.
- Approximate: the current form's section number for social contracts and its exact row labels
  (the form itself was not at hand): the rows below use the words the form's users use (contracts
  concluded, families, persons covered), split by the contract's type as the form does.
- OZPS is the yearly assessment of social-assistance resources (art. 16a of the social assistance
  act), filed for the previous calendar year on the ministry's form in the Central Statistical
  Application (CAS). Verified: yearly, for the previous year, a form. Approximate: the names of its
  parts on cooperation (partners by sector, the team's meetings, services, teams around families)
  — the form's current tables were not at hand, so the sections are named for what they count.

Everything the product does not record (benefits, amounts, staff, reasons for assistance, family
types…) is listed as left out, never estimated. Numbers are counted from column selects over the
municipality's own rows (the tenant scope picks them): no case file is loaded, so the report opens
none and names no one."""
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import and_, func, or_, select

from kooperacje.clients.models import Person
from kooperacje.contracts.models import Contract
from kooperacje.contracts.vocabulary import CONTRACT_VARIANTS
from kooperacje.extensions import db
from kooperacje.i18n import lazy_gettext as _l
from kooperacje.partnership.models import Decision, Institution, Meeting, ServiceOffer, Task
from kooperacje.partnership.service import current_partnership
from kooperacje.partnership.vocabulary import OFFER_CATEGORIES, SECTORS
from kooperacje.reports.vocabulary import HALF_YEAR, YEAR
from kooperacje.teams.models import CaseTeam, CaseTeamMeeting

#: the contract's states once concluded (signed, whatever happened to it since)
CONCLUDED_STATUSES = ("signed", "in_progress", "evaluated", "closed")


@dataclass(frozen=True)
class Period:
    year: int
    kind: str = YEAR  #: HALF_YEAR (1 January – 30 June) or YEAR

    @property
    def first(self):
        return date(self.year, 1, 1)

    @property
    def last(self):
        """The period's last day, counted in (both ends are inclusive, as the report's are)."""
        return date(self.year, 6, 30) if self.kind == HALF_YEAR else date(self.year, 12, 31)

    def running_on(self, today):
        return self.last >= today

    @property
    def code(self):
        return f"{self.year}-{'i-polrocze' if self.kind == HALF_YEAR else 'rok'}"


def last_full_half_year(today):
    """The last MRPiPS-03 period that has ended: the first half-year once June is over, the previous
    year before that."""
    return Period(today.year, HALF_YEAR) if today >= date(today.year, 7, 1) else Period(today.year - 1, YEAR)


def last_full_year(today):
    return Period(today.year - 1, YEAR)


@dataclass
class Section:
    title: str
    columns: tuple  #: the header: "Lp.", the label, then the number columns
    rows: list  #: (number, label, value, …)
    note: str | None = None


@dataclass
class Report:
    title: str
    sections: list
    left_out: list = field(default_factory=list)  #: what the report has that the product does not record


def _within(column, period):
    return and_(column >= period.first, column <= period.last)


# --- MRPiPS-03 ---------------------------------------------------------------------------------

def mrpips(period):
    contracts = db.session.execute(
        select(Contract.variant, Contract.client_id, Contract.covered_member_ids)
        .where(Contract.status.in_(CONCLUDED_STATUSES), _within(Contract.concluded_on, period))).all()
    applicants = dict(db.session.execute(
        select(Person.client_id, Person.id).where(Person.relation == "applicant",
                                                  Person.client_id.in_({c.client_id for c in contracts}))).all())
    variants = list(CONTRACT_VARIANTS)

    def counts(of_variant):
        chosen = [c for c in contracts if of_variant is None or c.variant == of_variant]
        persons = set()
        for contract in chosen:  # the applicant is a party to every contract; the members it covers join them
            persons.add(applicants.get(contract.client_id, ("client", contract.client_id)))
            persons.update(contract.covered_member_ids or ())
        return len(chosen), len({c.client_id for c in chosen}), len(persons)

    columns = [counts(None), *(counts(variant) for variant in variants)]
    labels = (_l("Kontrakty socjalne zawarte w okresie"), _l("Osoby i rodziny, z którymi zawarto kontrakt socjalny"),
              _l("Osoby objęte kontraktami socjalnymi (strona kontraktu i członkowie rodziny nim objęci)"))
    rows = [(f"{number}.", str(label), *(column[index] for column in columns))
            for index, (number, label) in enumerate(enumerate(labels, 1))]
    section = Section(
        str(_l("Kontrakty socjalne")),
        (str(_l("Lp.")), str(_l("Wyszczególnienie")), str(_l("Ogółem")),
         *(str(_l("typ %(variant)s", variant=variant)) for variant in variants)), rows,
        note=str(_l("Kontrakt liczy się w okresie, w którym go zawarto (data zawarcia od pierwszego do ostatniego dnia "
                    "okresu włącznie), także jeśli potem go oceniono lub zamknięto. Rodzinę lub osobę z dwoma kontraktami "
                    "w okresie liczy się raz, więc „Ogółem” może być mniejsze od sumy typów A i B.")))
    return Report(str(_l("MRPiPS-03 – kontrakty socjalne")), [section], left_out=[str(text) for text in MRPIPS_LEFT_OUT])


MRPIPS_LEFT_OUT = (
    _l("Zatrudnienie w jednostkach organizacyjnych pomocy społecznej – aplikacja nie prowadzi kadr."),
    _l("Świadczenia pieniężne, w naturze i usługi (liczba osób, rodzin, świadczeń i kwoty) – aplikacja nie "
       "prowadzi decyzji ani wypłat; te dane daje system dziedzinowy ośrodka."),
    _l("Powody przyznania pomocy i typy rodzin objętych pomocą – aplikacja zapisuje powody pomocy w sprawie, "
       "ale nie decyzje, według których liczy je sprawozdanie."),
    _l("Praca socjalna bez kontraktu, projekty socjalne, indywidualne programy wychodzenia z bezdomności i "
       "zatrudnienia socjalnego – aplikacja ich nie rejestruje."),
)


# --- OZPS -------------------------------------------------------------------------------------

def ozps(period):
    team = current_partnership()
    sections = [_partners(team, period), _meetings(team, period), _basket(period), _case_teams(period)]
    return Report(str(_l("OZPS – współpraca i zasoby zapisane w aplikacji")), sections,
                  left_out=[str(text) for text in OZPS_LEFT_OUT])


OZPS_LEFT_OUT = (
    _l("Dane demograficzne i o osobach korzystających z pomocy – aplikacja nie prowadzi świadczeń."),
    _l("Kadra pomocy społecznej, jednostki organizacyjne i miejsca w nich oraz wydatki – aplikacja ich nie "
       "prowadzi."),
    _l("Instytucje, które nie są członkami zespołu PZK, i usługi spoza lokalnego koszyka usług – aplikacja zna "
       "tylko zasoby wpisane do zespołu i koszyka."),
)


def _member_during(period):
    return and_(or_(Institution.joined_on.is_(None), Institution.joined_on <= period.last),
                or_(Institution.left_on.is_(None), Institution.left_on > period.first))


def _partners(team, period):
    counts = {}
    if team is not None:
        statement = (select(Institution.sector, func.count(Institution.id),
                            func.count(Institution.id).filter(_within(Institution.joined_on, period)),
                            func.count(Institution.id).filter(_within(Institution.left_on, period)))
                     .where(Institution.partnership_id == team.id, _member_during(period))
                     .group_by(Institution.sector))
        counts = {sector: numbers for sector, *numbers in db.session.execute(statement)}
    rows = [(f"{number}.", str(label), *counts.get(key, (0, 0, 0))) for number, (key, label) in enumerate(SECTORS.items(), 1)]
    total = [sum(row[index] for row in rows) for index in (2, 3, 4)]
    rows.append(("", str(_l("Razem")), *total))
    return Section(str(_l("1. Instytucje współpracujące w zespole PZK według sektora")),
                   (str(_l("Lp.")), str(_l("Sektor")), str(_l("Członkowie zespołu w okresie")),
                    str(_l("w tym przystąpiły w okresie")), str(_l("w tym wystąpiły w okresie"))), rows,
                   note=None if team else str(_l("Gmina nie ma zespołu PZK.")))


def _meetings(team, period):
    held = approved = agreed = done = 0
    if team is not None:
        held, approved = db.session.execute(
            select(func.count(Meeting.id), func.count(Meeting.id).filter(Meeting.minutes_status == "approved"))
            .where(Meeting.partnership_id == team.id, _within(Meeting.held_on, period))).one()
        agreed = db.session.scalar(
            select(func.count(Task.id)).join(Decision, Decision.id == Task.decision_id)
            .join(Meeting, Meeting.id == Decision.meeting_id)
            .where(Task.partnership_id == team.id, _within(Meeting.held_on, period)))
        done = db.session.scalar(select(func.count(Task.id)).where(
            Task.partnership_id == team.id, Task.status == "done", _within(Task.closed_on, period)))
    labels = (_l("Spotkania zespołu PZK odbyte w okresie"), _l("w tym z zatwierdzonym protokołem"),
              _l("Zadania partnerów ustalone na spotkaniach w okresie"), _l("Zadania partnerów wykonane w okresie"))
    rows = [(f"{number}.", str(label), value) for number, (label, value)
            in enumerate(zip(labels, (held, approved, agreed or 0, done or 0)), 1)]
    return Section(str(_l("2. Spotkania Partnerskiego Zespołu Kooperacyjnego")),
                   (str(_l("Lp.")), str(_l("Wyszczególnienie")), str(_l("Liczba"))), rows)


def _basket(period):
    available = and_(or_(ServiceOffer.valid_from.is_(None), ServiceOffer.valid_from <= period.last),
                     or_(ServiceOffer.valid_until.is_(None), ServiceOffer.valid_until >= period.first))
    counts = {category: (offers, institutions) for category, offers, institutions in db.session.execute(
        select(ServiceOffer.category, func.count(ServiceOffer.id), func.count(ServiceOffer.institution_id.distinct()))
        .where(available).group_by(ServiceOffer.category))}
    uncategorised = counts.pop(None, (0, 0))
    other = counts.get("other", (0, 0))
    counts["other"] = (other[0] + uncategorised[0], other[1] + uncategorised[1])
    rows = [(f"{number}.", str(label), *counts.get(key, (0, 0)))
            for number, (key, label) in enumerate(OFFER_CATEGORIES.items(), 1)]
    offers = sum(row[2] for row in rows)
    institutions = db.session.scalar(select(func.count(ServiceOffer.institution_id.distinct())).where(available))
    rows.append(("", str(_l("Razem")), offers, institutions or 0))
    return Section(str(_l("3. Usługi lokalnego koszyka usług według rodzaju")),
                   (str(_l("Lp.")), str(_l("Rodzaj usługi")), str(_l("Oferty dostępne w okresie")),
                    str(_l("Instytucje oferujące"))), rows,
                   note=str(_l("Oferta liczy się, jeśli była ważna choćby jeden dzień okresu; instytucję oferującą "
                               "usługi kilku rodzajów liczy się w „Razem” raz.")))


def _case_teams(period):
    active = and_(CaseTeam.formed_on <= period.last, or_(CaseTeam.closed_on.is_(None), CaseTeam.closed_on >= period.first))
    working, formed, families = db.session.execute(
        select(func.count(CaseTeam.id), func.count(CaseTeam.id).filter(_within(CaseTeam.formed_on, period)),
               func.count(CaseTeam.client_id.distinct())).where(active)).one()
    meetings = db.session.scalar(select(func.count(CaseTeamMeeting.id)).where(_within(CaseTeamMeeting.held_on, period)))
    labels = (_l("Zespoły wokół rodziny działające w okresie"), _l("w tym powołane w okresie"),
              _l("Rodziny objęte pracą zespołów"), _l("Spotkania zespołów wokół rodziny w okresie"))
    rows = [(f"{number}.", str(label), value or 0) for number, (label, value)
            in enumerate(zip(labels, (working, formed, families, meetings)), 1)]
    return Section(str(_l("4. Zespoły wokół rodziny")),
                   (str(_l("Lp.")), str(_l("Wyszczególnienie")), str(_l("Liczba"))), rows)
