"""Demo data: one municipality per model (plus one still to be set up) with their staff."""
from kooperacje.auth.models import User
from kooperacje.auth.permissions import Role
from kooperacje.extensions import db
from kooperacje.municipalities import service, teryt
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
    observer, password = create_user(installer, username="obserwator.lodzkie", full_name="RCPS Łódź",
                                     email=None, role=Role.OBSERVER.value, voivodeship_code="10")
    accounts.append((observer.username, password, "RCPS w Łodzi (województwo łódzkie)"))
    db.session.commit()
    return accounts
