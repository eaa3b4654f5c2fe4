"""Demo data: one municipality per model (plus one still to be set up) with their staff and PZK."""
from datetime import date

from kooperacje.auth.models import User
from kooperacje.auth.permissions import Role
from kooperacje.extensions import db
from kooperacje.municipalities import service
from kooperacje.municipalities.models import Municipality
from kooperacje.users.service import create_user

# (installation name, TERYT6 or None, login suffix); the model is whatever the plugins recommend.
DEMO_MUNICIPALITIES = [
    ("GOPS w Dalikowie", "101102", "dalikow"),
    ("MGOPS w Aleksandrowie Łódzkim", "102004", "aleksandrow"),
    ("MOPS w Zgierzu", "102003", "zgierz"),
    ("Nowa gmina (do konfiguracji)", None, "nowa"),
]
STAFF = [(Role.ADMIN, "admin"), (Role.COORDINATOR, "koordynator"), (Role.WORKER, "pracownik")]
DEMO_NAMES = {Role.ADMIN: "Anna Nowak", Role.COORDINATOR: "Piotr Wiśniewski", Role.WORKER: "Katarzyna Wójcik"}


def create_demo_data():
    """Returns [(login, one-time password, description)] for the console."""
    installer = User(role=Role.SUPERADMIN.value)  # transient: acts for the CLI, never stored
    accounts = []
    for display_name, teryt6, suffix in DEMO_MUNICIPALITIES:
        municipality = Municipality(display_name=display_name)
        db.session.add(municipality)
        db.session.flush()
        staff = {}
        for role, prefix in STAFF:
            user, password = create_user(installer, username=f"{prefix}.{suffix}", full_name=DEMO_NAMES[role],
                                         email=None, role=role.value, municipality_id=municipality.id)
            staff[role] = user
            accounts.append((user.username, password, display_name))
        if teryt6:
            service.adopt_gmina(municipality, teryt6)
            best = service.recommend(municipality).best
            if best:
                service.decide_model(municipality, best.model_key, None, staff[Role.ADMIN])
                create_demo_partnership(municipality, staff[Role.COORDINATOR], date.today())
    observer, password = create_user(installer, username="obserwator.lodzkie", full_name="RCPS Łódź",
                                     email=None, role=Role.OBSERVER.value, voivodeship_code="10")
    accounts.append((observer.username, password, "RCPS w Łodzi (województwo łódzkie)"))
    db.session.commit()
    return accounts


DEMO_INSTITUTIONS = [
    ("Ośrodek pomocy społecznej", "social_assistance", "gmina"),
    ("Powiatowy Urząd Pracy", "labour", "powiat"),
    ("Komenda Powiatowa Policji – dzielnicowi", "police", "powiat"),
    ("Szkoła Podstawowa nr 1", "education", "gmina"),
    ("Poradnia Psychologiczno-Pedagogiczna", "education", "powiat"),
    ("Zespół kuratorskiej służby sądowej", "justice", "powiat"),
    ("Stowarzyszenie na rzecz rodzin", "ngo", "gmina"),
]
DEMO_OFFERS = {
    "Powiatowy Urząd Pracy": ("Poradnictwo zawodowe i staże", "osoby bezrobotne, w tym długotrwale",
                              "rejestracja w urzędzie pracy"),
    "Poradnia Psychologiczno-Pedagogiczna": ("Diagnoza i terapia dziecka", "dzieci i młodzież do 24 lat",
                                             "skierowanie szkoły lub wniosek rodzica"),
    "Stowarzyszenie na rzecz rodzin": ("Grupa wsparcia dla rodziców", "rodzice dzieci w wieku szkolnym",
                                       "bezpłatnie, zapisy telefoniczne"),
}


def create_demo_partnership(municipality, coordinator, today):
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
    for name, sector, level in DEMO_INSTITUTIONS:
        institution = Institution(municipality_id=municipality.id, partnership_id=partnership.id, name=name,
                                  sector=sector, level=level, joined_on=today - timedelta(days=110),
                                  act_signed_on=today - timedelta(days=100))
        db.session.add(institution)
        institutions.append(institution)
        if name in DEMO_OFFERS:
            service_name, group, conditions = DEMO_OFFERS[name]
            institution.offers.append(ServiceOffer(municipality_id=municipality.id, service=service_name,
                                                   target_group=group, access_conditions=conditions))
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
    return partnership
