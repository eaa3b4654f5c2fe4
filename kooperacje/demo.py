"""Demo data: one municipality per model (plus one still to be set up) with their staff and PZK."""
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import select

from kooperacje.auth.models import User
from kooperacje.auth.permissions import Role
from kooperacje.clock import local_today
from kooperacje.extensions import db
from kooperacje.fields import kind_of
from kooperacje.municipalities import service
from kooperacje.municipalities.models import CentreProfile, Municipality
from kooperacje.users.service import create_user, reset_password


@dataclass(frozen=True)
class DemoMunicipality:
    display_name: str  #: the installation, named as its centre calls itself
    gmina: str | None  #: the gmina's name in the TERYT register (None: still to be chosen)
    teryt6: str | None
    suffix: str  #: of the logins: admin.<suffix>, koordynator.<suffix>, pracownik.<suffix>, kierownik.<suffix>
    staff: tuple  #: full names of the administrator, the coordinator, the social worker, the head of the centre
    powiat_seat: str | None = None  #: "w <seat of the powiat>", for the powiat's own partners
    #: the centre's profile as its documents print it: (full name, kind, street, postal code, town, head, title)
    centre: tuple | None = None
    #: the full name of the labour office's representative (login pup.<suffix>), for a PZK that has one
    partner: str | None = None
    #: the demo family's contract: "B" on the labour office's referral (the mother alone a
    #: party), "A" with her son covered, so both variants show
    contract_variant: str = "B"


# The model is whatever the plugins recommend for the gmina.
DEMO_MUNICIPALITIES = [
    DemoMunicipality("GOPS w Dalikowie", "Dalików", "101101", "dalikow",
                     ("Jolanta Kaczmarek", "Marek Szymański", "Agnieszka Dąbrowska", "Halina Wysocka"),
                     "w Poddębicach",
                     ("Gminny Ośrodek Pomocy Społecznej w Dalikowie", "GOPS", "ul. Szkolna 2", "99-205", "Dalików",
                      "Halina Wysocka", "Kierownik"), "Renata Walczak", "A"),
    DemoMunicipality("MGOPS w Aleksandrowie Łódzkim", "Aleksandrów Łódzki", "102004", "aleksandrow",
                     ("Tomasz Lewandowski", "Beata Kowalczyk", "Michał Zając", "Ryszard Kubiak"), "w Zgierzu",
                     ("Miejsko-Gminny Ośrodek Pomocy Społecznej w Aleksandrowie Łódzkim", "MGOPS", "ul. Słowackiego 5",
                      "95-070", "Aleksandrów Łódzki", "Ryszard Kubiak", "Kierownik"), "Dariusz Górecki", "A"),
    DemoMunicipality("MOPS w Zgierzu", "Zgierz", "102003", "zgierz",
                     ("Elżbieta Pawlak", "Krzysztof Mazur", "Magdalena Król", "Danuta Michalska"), "w Zgierzu",
                     ("Miejski Ośrodek Pomocy Społecznej w Zgierzu", "MOPS", "ul. Łęczycka 24", "95-100", "Zgierz",
                      "Danuta Michalska", "Dyrektor"), "Katarzyna Wieczorek"),
    DemoMunicipality("Nowa gmina (do konfiguracji)", None, None, "nowa",
                     ("Grzegorz Wróbel", "Iwona Sikora", "Paweł Baran", "Zbigniew Kołodziej")),
]
STAFF = [(Role.ADMIN, "admin"), (Role.COORDINATOR, "koordynator"), (Role.WORKER, "pracownik"),
         (Role.HEAD, "kierownik")]
OBSERVER = ("obserwator.lodzkie", "Małgorzata Jabłońska", "RCPS w Łodzi (województwo łódzkie)")
#: a PCPR worker with one account and a social worker's role in two gminas of the powiat zgierski
#: (kooperacje/memberships): home in the first, switched to the second in the header
POWIAT_WORKER = ("pcpr.zgierski", "Joanna Wójcik", "PCPR w Zgierzu: Zgierz i Aleksandrów Łódzki", ("zgierz", "aleksandrow"))
#: the member institution whose representative has a demo account (partner.<suffix>)
PARTNER_INSTITUTION = "Powiatowy Urząd Pracy"


def demo_accounts():
    """[(login, full name, what the account is for)] of every demo account."""
    accounts = [(f"{prefix}.{place.suffix}", name, place.display_name)
                for place in DEMO_MUNICIPALITIES for (_role, prefix), name in zip(STAFF, place.staff)]
    partners = [(f"pup.{place.suffix}", place.partner, f"{PARTNER_INSTITUTION}, {place.display_name}")
                for place in DEMO_MUNICIPALITIES if place.partner]
    return accounts + partners + [POWIAT_WORKER[:3], OBSERVER]


def create_demo_data():
    """Returns [(login, one-time password, description)] for the console."""
    installer = _installer()
    accounts = []
    municipalities = {}
    for place in DEMO_MUNICIPALITIES:
        municipality = municipalities[place.suffix] = Municipality(display_name=place.display_name)
        db.session.add(municipality)
        db.session.flush()
        staff = {}
        for (role, prefix), full_name in zip(STAFF, place.staff):
            user, password = create_user(installer, username=f"{prefix}.{place.suffix}", full_name=full_name,
                                         email=None, role=role.value, municipality_id=municipality.id)
            staff[role] = user
            accounts.append((user.username, password, place.display_name))
        if place.centre:
            _add_centre(municipality, place.centre)
        if place.teryt6:
            service.adopt_gmina(municipality, place.teryt6)
            best = service.recommend(municipality).best
            if best:
                service.decide_model(municipality, best.model_key, None, staff[Role.ADMIN])
                partnership = create_demo_partnership(municipality, staff[Role.COORDINATOR], local_today(),
                                                      place.powiat_seat)
                create_demo_case(municipality, staff[Role.WORKER], partnership, local_today(), place.contract_variant)
                _demo_history(partnership, local_today())
                if place.partner:
                    accounts.append(_add_demo_partner(installer, place, municipality, partnership))
    accounts.append(_add_demo_powiat_worker(installer, municipalities))
    login, full_name, label = OBSERVER
    observer, password = create_user(installer, username=login, full_name=full_name, email=None,
                                     role=Role.OBSERVER.value, voivodeship_code="10")
    accounts.append((observer.username, password, label))
    db.session.commit()
    from kooperacje.statistics.service import refresh

    refresh()  # the regional observer sees the demo's quarters at once, not after the first night
    return accounts


#: how far back the demo's earlier meetings go: the regional dashboard's quarters
HISTORY_DAYS = 640


def _demo_history(partnership, today):
    """Earlier meetings at the team's cadence, each with two tasks done on time and, every third
    meeting, one done late, so the regional observer sees several quarters. The team was formed
    earlier accordingly; its members of today joined later, so these meetings count no attendance."""
    from kooperacje.partnership import service as pzk
    from kooperacje.partnership.models import Decision, Meeting, Task

    profile = pzk.profile_of(partnership.model_key)
    partnership.formed_on = today - timedelta(days=HISTORY_DAYS + 10)
    owner = partnership.leader_id
    for number, offset in enumerate(range(HISTORY_DAYS, 100, -max(partnership.cadence_days or 30, 1)), 1):
        held_on = today - timedelta(days=offset)
        meeting = Meeting(municipality_id=partnership.municipality_id, partnership_id=partnership.id,
                          meeting_type=profile.meeting_types[0].key, held_on=held_on, place="Sala konferencyjna ośrodka",
                          mode="in_person", model_data={}, agenda="1. Sprawy bieżące.")
        decision = Decision(municipality_id=partnership.municipality_id, number=1, meeting=meeting, text=DEMO_TEXT)
        db.session.add_all([meeting, decision])
        for late in (False, False, number % 3 == 0):
            due_on = held_on + timedelta(days=14)
            db.session.add(Task(municipality_id=partnership.municipality_id, partnership_id=partnership.id,
                                decision=decision, title=f"Zadanie ze spotkania {held_on:%d.%m.%Y}",
                                owner_institution_id=owner, due_on=due_on, status="done",
                                closed_on=due_on + timedelta(days=5 if late else -3)))
    db.session.flush()


def _add_demo_partner(installer, place, municipality, partnership):
    """The labour office's representative, invited as the coordinator would, and a task of the
    office from the last meeting, to update: (login, password, label)."""
    from datetime import timedelta

    from kooperacje.partnership import service as pzk
    from kooperacje.partnership.models import Institution, Meeting

    office = db.session.scalar(select(Institution).where(Institution.partnership_id == partnership.id,
                                                         Institution.name.startswith(PARTNER_INSTITUTION)))
    last = db.session.scalar(select(Meeting).where(Meeting.partnership_id == partnership.id)
                             .order_by(Meeting.held_on.desc()).limit(1))
    pzk.add_decision(last, "Urząd pracy przedstawi zespołowi aktualną ofertę staży.", {
        "title": "Oferta staży na kolejny kwartał", "owner_institution_id": office.id,
        "due_on": local_today() + timedelta(days=10)})
    user, password = create_user(installer, username=f"pup.{place.suffix}", full_name=place.partner, email=None,
                                 role=Role.PARTNER.value, municipality_id=municipality.id, institution_id=office.id)
    _demo_team(municipality, user, office, local_today())
    return user.username, password, f"{office.name}, {place.display_name}"


def _add_demo_powiat_worker(installer, municipalities):
    from kooperacje.memberships import service as memberships

    login, full_name, label, (home, *others) = POWIAT_WORKER
    user, password = create_user(installer, username=login, full_name=full_name, email=None,
                                 role=Role.WORKER.value, municipality_id=municipalities[home].id)
    for suffix in others:
        memberships.add(user, municipalities[suffix].id, Role.WORKER.value)
    return user.username, password, label


def _add_centre(municipality, centre):
    full_name, kind, street, postal_code, town, head_name, head_title = centre
    db.session.add(CentreProfile(municipality_id=municipality.id, full_name=full_name, kind=kind, street=street,
                                 postal_code=postal_code, town=town, head_name=head_name, head_title=head_title))


def reissue_demo_passwords():
    """Fresh one-time passwords for the demo accounts still there (a lockout lifted too), as
    [(login, one-time password, description)] for the console; a password set meanwhile stops working."""
    installer = _installer()
    labels = {login: label for login, _name, label in demo_accounts()}
    accounts = []
    for user in db.session.scalars(select(User).where(User.username.in_(labels)).order_by(User.id)):
        password = reset_password(installer, user)
        user.failed_logins, user.locked_until = 0, None
        accounts.append((user.username, password, labels[user.username]))
    db.session.commit()
    return accounts


def _installer():
    return User(role=Role.SUPERADMIN.value)  # transient: acts for the CLI, never stored


# Partners of every demo PZK; the social assistance centre is the installation itself, and a
# powiat's institutions take the powiat seat after their name.
DEMO_INSTITUTIONS = [
    (None, "social_assistance", "gmina"),
    ("Powiatowy Urząd Pracy", "labour", "powiat"),
    ("Komenda Powiatowa Policji", "police", "powiat"),
    ("Szkoła Podstawowa nr 1", "education", "gmina"),
    ("Poradnia Psychologiczno-Pedagogiczna", "education", "powiat"),
    ("Zespół kuratorskiej służby sądowej", "justice", "powiat"),
    ("Stowarzyszenie na rzecz rodzin", "ngo", "gmina"),
]
#: institution: (service, for whom, conditions, kind of support, places)
DEMO_OFFERS = {
    "Powiatowy Urząd Pracy": ("Poradnictwo zawodowe i staże", "osoby bezrobotne, w tym długotrwale",
                              "rejestracja w urzędzie pracy", "employment", 20),
    "Poradnia Psychologiczno-Pedagogiczna": ("Diagnoza i terapia dziecka", "dzieci i młodzież do 24 lat",
                                             "skierowanie szkoły lub wniosek rodzica", "children", None),
    "Stowarzyszenie na rzecz rodzin": ("Grupa wsparcia dla rodziców", "rodzice dzieci w wieku szkolnym",
                                       "bezpłatnie, zapisy telefoniczne", "family", 12),
}


def create_demo_partnership(municipality, coordinator, today, powiat_seat=None):
    """A partnership with members, services, three meetings, decisions and tasks (one overdue)."""
    from datetime import timedelta

    from kooperacje.partnership import service as pzk
    from kooperacje.partnership.models import Institution, Meeting, Partnership, ServiceOffer

    profile = pzk.profile_of(municipality.model_key)
    partnership = Partnership(municipality_id=municipality.id, model_key=municipality.model_key,
                              name=str(profile.body_name), formed_on=today - timedelta(days=120),
                              cadence_days=profile.cadence_days, model_data={})
    db.session.add(partnership)
    db.session.flush()
    institutions = []
    for base_name, sector, level in DEMO_INSTITUTIONS:
        name = base_name or municipality.display_name
        if level == "powiat" and powiat_seat:
            name = f"{name} {powiat_seat}"
        institution = Institution(municipality_id=municipality.id, partnership_id=partnership.id, name=name,
                                  sector=sector, level=level, joined_on=today - timedelta(days=110),
                                  act_signed_on=today - timedelta(days=100))
        db.session.add(institution)
        institutions.append(institution)
        if base_name in DEMO_OFFERS:
            service_name, group, conditions, category, places = DEMO_OFFERS[base_name]
            institution.offers.append(ServiceOffer(municipality_id=municipality.id, service=service_name,
                                                   target_group=group, access_conditions=conditions,
                                                   category=category, capacity=places,
                                                   valid_from=today - timedelta(days=100)))
    db.session.flush()
    partnership.leader_id = institutions[0].id
    kinds = [t.key for t in profile.meeting_types]
    for offset, kind in ((75, kinds[0]), (45, kinds[1]), (20, kinds[2])):
        held_on = today - timedelta(days=offset)
        meeting = Meeting(municipality_id=municipality.id, partnership_id=partnership.id, meeting_type=kind,
                          held_on=held_on, place="Sala konferencyjna ośrodka", mode="in_person",
                          chair=coordinator.full_name, model_data={},
                          agenda=pzk.agenda_for(profile, kind, pzk.open_tasks(partnership)))
        db.session.add(meeting)
        db.session.flush()
        pzk.save_attendance(partnership, meeting, {i.id: ("present" if n % 3 else "absent")
                                                   for n, i in enumerate(institutions, 1)}, {})
        pzk.add_decision(meeting, "Partnerzy uzupełnią opisy usług do koszyka.", {
            "title": f"Opis usług – spotkanie {held_on:%d.%m}", "owner_institution_id": institutions[offset % 7].id,
            "due_on": held_on + timedelta(days=14)})
    _demo_plan(partnership, institutions, today)
    _demo_inaction_card(partnership, today)
    return partnership


DEMO_TEXT = "Przykładowy wpis (dane demonstracyjne)."


def _demo_plan(partnership, institutions, today):
    """The PZK's action plan: one goal, an action under way linked to a task and one planned."""
    from datetime import timedelta

    from kooperacje.partnership.models import Task
    from kooperacje.plans.models import PlanAction, PlanActionTask, PlanGoal

    ids = partnership.municipality_id
    task = db.session.scalar(select(Task).where(Task.partnership_id == partnership.id).order_by(Task.id))
    goal = PlanGoal(municipality_id=ids, partnership_id=partnership.id, number=1,
                    title="Rodziny z dziećmi szybciej dostają wsparcie kilku instytucji",
                    indicator="20 rodzin objętych wspólną diagnozą w roku", target_on=today + timedelta(days=300))
    under_way = PlanAction(municipality_id=ids, goal=goal, title="Opisanie usług wszystkich partnerów w koszyku",
                           owner_institution_id=institutions[0].id, starts_on=today - timedelta(days=60),
                           ends_on=today + timedelta(days=30), state="in_progress")
    if task is not None:
        under_way.task_links.append(PlanActionTask(municipality_id=ids, task_id=task.id))
    planned = PlanAction(municipality_id=ids, goal=goal, title="Wspólne szkolenie z diagnozy wielosektorowej",
                         owner_institution_id=institutions[-1].id, starts_on=today + timedelta(days=40),
                         ends_on=today + timedelta(days=70), state="planned")
    db.session.add_all([goal, under_way, planned])


#: the demo PZK's cost-of-inaction card: area key -> [(item, unit, unit cost, source)]
DEMO_INACTION_CARD = {
    "care_upbringing": [("Miesiąc pobytu dziecka w rodzinnej pieczy zastępczej", "miesiąc", "2450.00",
                         "Sprawozdanie PCPR (dane demonstracyjne)"),
                        ("Postępowanie przed sądem rodzinnym", "postępowanie", "1800.00",
                         "Szacunek zespołu PZK (dane demonstracyjne)")],
    "addiction": [("Pobyt w izbie wytrzeźwień", "dzień", "350.00", "Cennik izby (dane demonstracyjne)"),
                  ("Interwencja policji w domu", "interwencja", "420.00",
                   "Szacunek komendy powiatowej (dane demonstracyjne)")],
}


def _demo_inaction_card(partnership, today):
    """Two areas of the cost-of-inaction card, for a model whose plugin keeps one."""
    from decimal import Decimal

    from kooperacje.inaction.models import InactionArea, InactionItem
    from kooperacje.inaction.service import card_of

    if card_of(partnership.model_key) is None:
        return
    for key, items in DEMO_INACTION_CARD.items():
        area = InactionArea(municipality_id=partnership.municipality_id, partnership_id=partnership.id, area_key=key,
                            description=DEMO_TEXT)
        area.items = [InactionItem(municipality_id=partnership.municipality_id, name=name, unit=unit,
                                   unit_cost=Decimal(cost), source=source, source_year=today.year - 1)
                      for name, unit, cost, source in items]
        db.session.add(area)
    db.session.flush()


def _demo_inaction_reference(diagnosis, partnership):
    """The demo family's diagnosis refers to the card's first area: a year of foster care avoided
    and one court case (the card's figures copied, as a worker's save copies them)."""
    from decimal import Decimal

    from flask_babel import force_locale

    from kooperacje.documents import DOCUMENT_LOCALE
    from kooperacje.inaction.models import DiagnosisInactionArea, DiagnosisInactionCost, InactionArea
    from kooperacje.inaction.service import area_name, card_of

    card = card_of(partnership.model_key)
    area = db.session.scalar(select(InactionArea).where(InactionArea.partnership_id == partnership.id)
                             .order_by(InactionArea.id)) if card else None
    if area is None:
        return
    with force_locale(DOCUMENT_LOCALE):
        name = area_name(card, area)
    reference = DiagnosisInactionArea(municipality_id=diagnosis.municipality_id, diagnosis_id=diagnosis.id,
                                      client_id=diagnosis.client_id, area_id=area.id, area_name=name,
                                      note="Bez opieki po lekcjach syn opuszcza zajęcia; szkoła rozważa wniosek do sądu.")
    reference.lines = [DiagnosisInactionCost(municipality_id=diagnosis.municipality_id, item_id=item.id,
                                             item_name=item.name, unit=item.unit, unit_cost=item.unit_cost,
                                             quantity=Decimal(quantity), source=item.source,
                                             source_year=item.source_year)
                       for item, quantity in zip(area.items, ("12", "1"))]
    db.session.add(reference)


def _demo_team(municipality, representative, office, today):
    """The demo family's team: its worker and the labour office's representative, one meeting."""
    from datetime import timedelta

    from kooperacje.clients.models import Client
    from kooperacje.partnership import service as pzk
    from kooperacje.teams.models import CaseTeam, CaseTeamDecision, CaseTeamMeeting, CaseTeamMember
    from kooperacje.teams.service import default_name, profile_for

    ids = municipality.id
    client = db.session.scalar(select(Client).where(Client.municipality_id == ids).order_by(Client.id))
    team = CaseTeam(municipality_id=ids, client_id=client.id, name=default_name(profile_for(ids)),
                    formed_on=today - timedelta(days=35), created_by_id=client.worker_id)
    db.session.add(team)
    db.session.flush()
    worker = CaseTeamMember(municipality_id=ids, team_id=team.id, user_id=client.worker_id,
                            role="pracownik socjalny prowadzący", sector="social_assistance", joined_on=team.formed_on)
    partner = CaseTeamMember(municipality_id=ids, team_id=team.id, user_id=representative.id,
                             institution_id=office.id, role="doradca zawodowy", sector="labour",
                             joined_on=team.formed_on)
    db.session.add_all([worker, partner])
    db.session.flush()
    meeting = CaseTeamMeeting(municipality_id=ids, team_id=team.id, client_id=client.id,
                              held_on=today - timedelta(days=14), present_member_ids=[worker.id, partner.id],
                              notes="Omówiono plan powrotu matki do pracy i opiekę nad synem po lekcjach.",
                              author_id=client.worker_id)
    db.session.add(meeting)
    db.session.flush()
    db.session.add_all([
        CaseTeamDecision(municipality_id=ids, meeting_id=meeting.id, kind="partner_task",
                         text="Doradca zawodowy przedstawi oferty szkoleń na najbliższy kwartał."),
        CaseTeamDecision(municipality_id=ids, meeting_id=meeting.id, kind="contract_action",
                         text="Matka zapisze syna na zajęcia świetlicy po lekcjach.")])
    # one decision already carried out, as a task of the office (the meeting page shows what it became)
    task = pzk.new_task(office.partnership_id, ids, {"title": "Konsultacja z doradcą zawodowym",
                                                     "owner_institution_id": office.id,
                                                     "owner_person": representative.full_name,
                                                     "due_on": today + timedelta(days=7)})
    db.session.add(task)
    db.session.flush()
    db.session.add(CaseTeamDecision(municipality_id=ids, meeting_id=meeting.id, kind="partner_task",
                                    text="Matka spotka się z doradcą zawodowym PUP.", task_id=task.id,
                                    applied_on=meeting.held_on, applied_by_id=client.worker_id))


def _demo_answers(sections, today, known):
    """Answers for the model's sections: the given ones, and a sample for each required field."""
    answers = {key: dict(values) for key, values in known.items()}
    for section in sections:
        for spec in section.fields:
            if spec.required and spec.name not in answers.get(section.key, {}):
                value = kind_of(spec).sample(spec, today, DEMO_TEXT)
                answers.setdefault(section.key, {})[spec.name] = value
    return answers


def create_demo_case(municipality, worker, partnership, today, variant="B"):
    """A fictional family with a signed diagnosis and a contract in progress: one partner action
    is overdue and a review is due, so the worker's desk has something to show."""
    from datetime import timedelta

    from kooperacje.clients.models import Client, Person
    from kooperacje.clock import utcnow
    from kooperacje.contracts.models import Contract, ContractAction, ContractGoal
    from kooperacje.diagnoses.models import Diagnosis
    from kooperacje.plugins import get_plugins
    from kooperacje.text import fold

    plugins, model_key, ids = get_plugins(), municipality.model_key, municipality.id
    client = Client(municipality_id=ids, kind="family", street="ul. Przykładowa 1", postal_code="00-001",
                    town="Miejscowość", reasons=["unemployment", "care_helplessness"], worker_id=worker.id,
                    surname_key=fold("Przykładowa"))
    client.members = [Person(municipality_id=ids, first_name="Monika", last_name="Przykładowa", relation="applicant"),
                      Person(municipality_id=ids, first_name="Kuba", last_name="Przykładowy", relation="child")]
    db.session.add(client)
    db.session.flush()
    known = {"family": {"composition": "Matka z synem w wieku szkolnym; babcia pomaga w opiece."},
             "own_words": {"strengths": "Dobre relacje z synem, gotowość do zmiany.",
                           "deficits": "Brak pracy od roku, zaległości czynszowe.",
                           "needs": "Praca na część etatu, opieka świetlicowa dla syna po lekcjach."},
             "conclusions": {"causes": "Utrata pracy i brak opieki nad dzieckiem po lekcjach.",
                             "conclusions": "Priorytety: praca matki, świetlica dla syna."}}
    diagnosis = Diagnosis(municipality_id=ids, client_id=client.id, number=1, model_key=model_key, status="signed",
                          answers=_demo_answers(plugins.diagnosis_sections(model_key), today, known),
                          author_id=worker.id, signed_at=utcnow(), signed_by_id=worker.id)
    db.session.add(diagnosis)
    db.session.flush()
    _demo_inaction_reference(diagnosis, partnership)
    labour = next(i for i in partnership_institutions(partnership) if i.sector == "labour")
    contract = Contract(municipality_id=ids, client_id=client.id, diagnosis_id=diagnosis.id, number=1,
                        model_key=model_key, variant=variant, status="in_progress", worker_id=worker.id,
                        causes=known["conclusions"]["causes"], resources=known["own_words"]["strengths"],
                        limitations=known["own_words"]["deficits"],
                        main_goal="Matka podejmuje pracę, syn ma opiekę po lekcjach.",
                        period_from=today - timedelta(days=40), period_to=today + timedelta(days=20),
                        next_review_on=today + timedelta(days=5), concluded_on=today - timedelta(days=40),
                        signed_by_id=worker.id,
                        model_data=_demo_answers(plugins.contract_sections(model_key), today, {}))
    contract.goals = [ContractGoal(municipality_id=ids, position=1, text="Udział w szkoleniu zawodowym"),
                      ContractGoal(municipality_id=ids, position=2, text="Miejsce w świetlicy dla syna")]
    contract.actions = [
        ContractAction(municipality_id=ids, position=1, party="client", description="Rejestracja w urzędzie pracy",
                       due_on=today - timedelta(days=30), status="done"),
        ContractAction(municipality_id=ids, position=2, party="partner", institution_id=labour.id,
                       description="Skierowanie na szkolenie zawodowe", due_on=today - timedelta(days=3)),
        ContractAction(municipality_id=ids, position=3, party="worker", description="Wniosek o miejsce w świetlicy",
                       due_on=today + timedelta(days=7))]
    db.session.add(contract)
    db.session.flush()
    if variant == "B":
        _demo_variant_b(contract, labour, today)
    else:
        contract.covered_member_ids = [m.id for m in client.members if m.relation != "applicant"]
    _demo_consent(client, labour, worker, today - timedelta(days=41))
    _demo_referral(client, labour, worker, today)
    _demo_signal(partnership, today)
    return client


def _demo_referral(client, institution, worker, today):
    """The worker referred the mother to the labour office's training a week ago; the office has
    not answered yet (its representative, pup.<suffix>, can accept it)."""
    from datetime import datetime, time, timedelta

    from kooperacje.referrals.models import Referral

    offer = next(iter(institution.offers), None)
    sent = datetime.combine(today - timedelta(days=7), time(9, 30))
    db.session.add(Referral(
        municipality_id=client.municipality_id, client_id=client.id, institution_id=institution.id,
        service_offer_id=offer.id if offer else None, created_by_id=worker.id, created_at=sent,
        purpose="Powrót na rynek pracy po roku bez zatrudnienia; kontrakt socjalny przewiduje szkolenie zawodowe.",
        ask="Prosimy o rozmowę z doradcą zawodowym i informację o najbliższym szkoleniu lub stażu.",
        answer_by=today + timedelta(days=7)))


def _demo_variant_b(contract, labour, today):
    """The labour office's referral, the four descriptions, and the groups kept at signing."""
    from datetime import timedelta

    from kooperacje.contracts.vocabulary import labour_market_snapshot

    contract.labour_situations = ["long_term", "single_parent"]
    contract.labour_list = labour_market_snapshot(contract.labour_situations)
    contract.referral_office, contract.referral_on = labour.name, today - timedelta(days=47)
    contract.referral_number = f"CAZ.5420.{contract.client_id}.{contract.referral_on.year}"
    contract.unemployment_causes = "Likwidacja zakładu, w którym pracowała; od roku bez pracy."
    contract.job_search_limits = "Opieka nad synem po lekcjach; brak prawa jazdy i słaby dojazd."
    contract.earlier_activation = "Szkolenie z obsługi kasy fiskalnej (PUP, 2025)."
    contract.activation_failure = "Szkolenie przerwane: zajęcia po południu, bez opieki nad synem."


def _demo_consent(client, institution, worker, given_on):
    """The mother agreed in writing that the labour office gets what the contract, the referral
    and the case team need of her."""
    from kooperacje.consents.models import Consent, ConsentScope

    consent = Consent(municipality_id=client.municipality_id, client_id=client.id, person_id=client.applicant.id,
                      institution_id=institution.id, given_on=given_on, given_how="written", recorded_by_id=worker.id)
    consent.scope_rows = [ConsentScope(municipality_id=client.municipality_id, scope=scope)
                          for scope in ("contract_actions", "referral", "diagnosis_plan")]
    db.session.add(consent)


def _demo_signal(partnership, today):
    """The school signals a family to the centre: a new signal in the intake queue."""
    from kooperacje.intake.models import Signal

    school = next((i for i in partnership_institutions(partnership) if i.sector == "education"), None)
    if school is None:
        return
    db.session.add(Signal(municipality_id=partnership.municipality_id, institution_id=school.id, year=today.year,
                          number=1, first_name="Barbara", last_name="Przykładowa-Wiśniewska", town="Miejscowość",
                          street="ul. Szkolna 3", observations="Syn od miesiąca przychodzi do szkoły głodny i bez "
                          "przyborów; mama mówi, że straciła pracę. Rodzina zgodziła się na kontakt z ośrodkiem.",
                          urgency="normal", family_informed=True, state="new"))


def partnership_institutions(partnership):
    from sqlalchemy import select

    from kooperacje.partnership.models import Institution

    return db.session.scalars(select(Institution).where(Institution.partnership_id == partnership.id)).all()
