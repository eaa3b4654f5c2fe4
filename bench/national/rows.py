"""Synthetic rows for a national installation, one municipality at a time, in the product's tables.

Everything is derived from the client count and a fixed seed, so the SQLite file and the
PostgreSQL load hold the same rows. Values are already in the text form both engines accept
(ISO dates, ``YYYY-MM-DD HH:MM:SS.ffffff`` times, 0/1 booleans, JSON as text), which keeps the
loaders free of per-value conversion — at 1 M clients there are ~10 M rows.
"""
import json
import math
import random
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from kooperacje.text import fold, name_words

CLIENTS_PER_WORKER = 80  # a social worker's caseload
MEMBERS = (1, 1, 2, 2, 3, 3, 4, 5)  # household size: ~2.6 persons per client
VIEWS_PER_CLIENT = 2
DIAGNOSED, CONTRACTED, SECOND_DIAGNOSIS = 0.6, 0.3, 0.2  # shares of clients
LARGEST_SHARE = 0.03  # the largest municipality holds ~3 % of the clients (30 000 of 1 M)
ANSWER = "Opis w aktach sprawy."  # short: with ~40 fields a diagnosis stays ~1.2 KB (3 rows a page)
TEXT = ("Rodzina utrzymuje się z zasiłku okresowego i prac dorywczych; zaległości czynszowe od pół roku. "
        "Matka gotowa podjąć szkolenie, syn potrzebuje opieki po lekcjach.")
FEMALE = ("Anna", "Maria", "Katarzyna", "Małgorzata", "Agnieszka", "Barbara", "Ewa", "Krystyna", "Magdalena",
          "Elżbieta", "Joanna", "Aleksandra", "Monika", "Zofia", "Teresa", "Danuta", "Natalia", "Julia")
MALE = ("Jan", "Andrzej", "Piotr", "Krzysztof", "Stanisław", "Tomasz", "Paweł", "Józef", "Marcin", "Marek",
        "Michał", "Grzegorz", "Jerzy", "Tadeusz", "Adam", "Łukasz", "Zbigniew", "Ryszard", "Kuba", "Szymon")
SURNAMES = ("Nowak", "Kowalsk", "Wiśniewsk", "Wójcik", "Kowalczyk", "Kamińsk", "Lewandowsk", "Zielińsk",
            "Szymańsk", "Woźniak", "Dąbrowsk", "Kozłowsk", "Jankowsk", "Mazur", "Kwiatkowsk", "Krawczyk",
            "Piotrowsk", "Grabowsk", "Nowakowsk", "Pawłowsk", "Michalsk", "Nowicki", "Adamczyk", "Dudek",
            "Zając", "Wieczorek", "Jabłońsk", "Król", "Majewsk", "Olszewsk", "Jaworsk", "Wróbel", "Malinowsk",
            "Pawlak", "Witkowsk", "Walczak", "Stępień", "Górsk", "Rutkowsk", "Michalak", "Sikora", "Ostrowsk",
            "Baran", "Duda", "Szewczyk", "Tomaszewsk", "Pietrzak", "Marciniak", "Wróblewsk", "Zalewsk")
REASONS = ("poverty", "unemployment", "disability", "illness", "care_helplessness", "addiction", "homelessness")
SECTORS = ("social_assistance", "labour", "education", "health", "police", "justice", "housing", "ngo",
           "church", "culture")
CONTRACT_STATUSES = ("in_progress", "in_progress", "in_progress", "signed", "draft", "closed")


def stamp(moment):
    return moment.strftime("%Y-%m-%d %H:%M:%S.%f")


@dataclass
class Model:
    """What a municipality's model (plugin) contributes: answers, meeting types, the body's name."""
    key: str
    body_name: str
    cadence_days: int
    meeting_types: tuple
    diagnosis_answers: str
    contract_data: str


@dataclass
class Unit:
    """A municipality to generate: its TERYT unit, client count and model."""
    teryt: object
    clients: int
    population: int
    recommended_key: str
    model: Model


@dataclass
class Ids:
    """The next id of every table, so rows can point at each other before they are loaded."""
    counters: dict = field(default_factory=dict)

    def next(self, table):
        self.counters[table] = self.counters.get(table, 0) + 1
        return self.counters[table]


def client_counts(total, units):
    """Zipf-like sizes (rank r gets ~ r^-s) with s chosen so the largest holds LARGEST_SHARE."""
    def top_share(s):
        return 1 / sum(r ** -s for r in range(1, units + 1))

    low, high = 0.0, 3.0
    for _ in range(40):
        middle = (low + high) / 2
        low, high = (middle, high) if top_share(middle) < LARGEST_SHARE else (low, middle)
    weights = [r ** -low for r in range(1, units + 1)]
    scale = total / sum(weights)
    counts = [max(1, int(w * scale)) for w in weights]
    counts[0] += total - sum(counts)  # rounding goes to the largest
    return counts


def municipality_count(clients):
    """2 400 at 1 M clients, proportionally fewer for a smaller build (at least 3)."""
    return max(3, min(2400, round(clients * 2400 / 1_000_000)))


def answers_for(sections, text):
    """One plausible answer for every field of the model's sections (institutions/services left empty)."""
    answers = {}
    for section in sections:
        for spec in section.fields:
            value = {"date": "2026-01-15", "integer": 2400, "checkbox": True, "institutions": [],
                     "services": []}.get(spec.kind, text)
            if spec.kind == "select":
                value = spec.choices[0][0]
            answers.setdefault(section.key, {})[spec.name] = value
    return json.dumps(answers, ensure_ascii=False)


class Generator:
    """Yields (table, columns, row) for every row of a national installation."""

    def __init__(self, units, password_hash, today):
        self.units, self.hash, self.today = units, password_hash, today
        self.ids = Ids()
        self.now = datetime.combine(today, datetime.min.time()) + timedelta(hours=8)
        self.manifest = {"today": today.isoformat()}  # the day the rows' dates are counted from

    def rows(self):
        for index, unit in enumerate(self.units):
            yield from self.municipality(index, unit)
        yield from self.observer()

    def observer(self):
        """The regional observer of the first municipality's voivodeship, for the regional dashboard."""
        self.manifest["observer"] = "obserwator"
        u = self.ids.next("user_account")
        yield "user_account", USER, (
            u, "obserwator", "Obserwator regionalny", "obserwator@rcps.example",
            None, self.units[0].teryt.voivodeship_code, self.hash, 0, None, None, None, None, 1,
            stamp(self.now - timedelta(days=900)), None, 0, None)
        yield "membership", MEMBERSHIP, (self.ids.next("membership"), u, "regional_observer", None, None)

    def day(self, offset):
        return (self.today + timedelta(days=offset)).isoformat()

    def moment(self, rng, back_days):
        return stamp(self.now - timedelta(days=rng.uniform(0, back_days)))

    def municipality(self, index, unit):
        rng = random.Random(index)
        t, model = unit.teryt, unit.model
        m = self.ids.next("municipality")
        yield "municipality", MUNICIPALITY, (
            m, f"OPS {t.name}", t.teryt6, t.teryt7, t.name, t.kind, t.voivodeship_code, t.voivodeship, t.powiat,
            int(t.is_city_county), "2024-01-01", unit.population, 2024, "GUS (syntetyczne)", model.key, "B10", 10,
            stamp(self.now - timedelta(days=900)))
        staff = yield from self.staff(m, unit)
        admin, coordinator, workers = staff
        yield "model_decision", MODEL_DECISION, (
            self.ids.next("model_decision"), m, unit.recommended_key, model.key, None, unit.population, 2024,
            admin, stamp(self.now - timedelta(days=890)))
        partnership, institutions, meeting = yield from self.partnership(rng, m, model, unit.clients)
        cases = yield from self.clients(rng, m, unit, workers, institutions)
        if index == 0:
            self.manifest.update(municipality_id=m, municipality=t.name, clients=unit.clients,
                                 worker=f"pracownik{m}.1", coordinator=f"koordynator{m}", head=f"kierownik{m}",
                                 partnership_id=partnership, meeting_id=meeting, **cases)

    def staff(self, m, unit):
        created = stamp(self.now - timedelta(days=900))
        ids = []
        people = [("municipality_admin", f"admin{m}"), ("coordinator", f"koordynator{m}"),
                  ("centre_head", f"kierownik{m}")]
        people += [("social_worker", f"pracownik{m}.{k}")
                   for k in range(1, math.ceil(unit.clients / CLIENTS_PER_WORKER) + 1)]
        logins = self.manifest.setdefault("workers", [])  # for the login scenarios, the largest first
        for role, username in people:
            u = self.ids.next("user_account")
            ids.append(u)
            if role == "social_worker" and len(logins) < 40:
                logins.append(username)
            yield "user_account", USER, (u, username, f"Pracownik {username}", f"{username}@ops.example", m, None, self.hash,
                                         0, None, None, None, None, 1, created, None, 0, None)
            yield "membership", MEMBERSHIP, (self.ids.next("membership"), u, role, None, m)
        return ids[0], ids[1], ids[3:]  # the administrator, the coordinator, the social workers

    def partnership(self, rng, m, model, clients):
        p = self.ids.next("partnership")
        count = 8 + min(12, int(math.log2(1 + clients / 100)))
        institutions = [self.ids.next("partner_institution") for _ in range(count)]
        formed = -rng.randint(400, 800)
        yield "partnership", PARTNERSHIP, (p, m, model.body_name, model.key, self.day(formed), model.cadence_days,
                                           50, institutions[0], None, None, None, "{}",
                                           stamp(self.now + timedelta(days=formed)), 1)
        for n, i in enumerate(institutions):
            left = self.day(-rng.randint(10, 200)) if n % 9 == 8 else None
            yield "partner_institution", INSTITUTION, (
                i, m, p, f"Instytucja partnerska {n + 1}", SECTORS[n % len(SECTORS)], ("gmina", "powiat")[n % 2],
                "Osoba kontaktowa", f"kontakt{i}@instytucja.example", "600 000 000", self.day(formed + rng.randint(0, 60)), left,
                self.day(formed + 70), "Rejestr porozumień 1/2024")
            if n % 3 == 0:
                yield "service_offer", OFFER, (self.ids.next("service_offer"), m, i, f"Usługa {n + 1}", TEXT,
                                               "rodziny z dziećmi", "skierowanie ośrodka", "tel. 600 000 000")
        meetings = max(3, -formed // model.cadence_days)
        for k in range(meetings):
            held = formed + 30 + k * model.cadence_days
            if held > -1:
                break
            meeting = self.ids.next("meeting")
            kind = model.meeting_types[min(k, len(model.meeting_types) - 1)]
            yield "meeting", MEETING, (meeting, m, p, kind, self.day(held), "Sala ośrodka", "in_person",
                                       "Koordynator PZK", "1. Otwarcie\n2. Sprawy bieżące\n3. Wnioski",
                                       TEXT * 3, self.day(held + model.cadence_days), "{}",
                                       stamp(self.now + timedelta(days=held)), 1)
            for i in institutions:
                yield "attendance", ATTENDANCE, (self.ids.next("attendance"), m, meeting, i,
                                                 ("present", "present", "delegate", "absent")[rng.randrange(4)],
                                                 None)
            for number in (1, 2):
                decision = self.ids.next("decision")
                yield "decision", DECISION, (decision, m, meeting, number, "Partnerzy uzupełnią opisy usług.")
                due = held + 14
                done = due < -30 and rng.random() < 0.8
                yield "task", TASK, (self.ids.next("task"), m, p, decision, f"Zadanie {k + 1}.{number}",
                                     rng.choice(institutions), None, self.day(due), "done" if done else "open",
                                     self.day(due) if done else None, None, 1)
        return p, institutions, meeting

    def clients(self, rng, m, unit, workers, institutions):
        """Clients with households, diagnoses, contracts and their audit trail; returns sample ids."""
        sample = {}
        for n in range(unit.clients):
            c = self.ids.next("client")
            worker = workers[n % len(workers)]
            size = rng.choice(MEMBERS)
            surname = rng.choice(SURNAMES)
            created = self.now - timedelta(days=rng.uniform(30, 2000))
            reasons = json.dumps(rng.sample(REASONS, rng.randint(1, 3)))
            yield "client", CLIENT, (c, m, "family" if size >= 3 else "person", f"ul. Polna {n % 200 + 1}",
                                     "00-001", unit.teryt.name, "600 000 000", reasons, worker,
                                     "closed" if rng.random() < 0.1 else "active", fold(surname + "a"),
                                     stamp(created), 1)
            yield "audit_event", AUDIT, (self.ids.next("audit_event"), stamp(created), worker, m, "client_created",
                                         "client", c, None, None, c)
            for _ in range(VIEWS_PER_CLIENT):  # reads are audited too: the largest table
                yield "audit_event", AUDIT, (self.ids.next("audit_event"), self.moment(rng, 365), worker, m,
                                             "client_viewed", "client", c, None, None, c)
            yield from self.household(rng, m, c, size, surname)
            if rng.random() < DIAGNOSED:
                yield from self.casework(rng, m, c, worker, unit.model, institutions, created, sample)
            if worker == workers[0]:
                sample.setdefault("client_id", c)
        return sample

    def household(self, rng, m, client, size, surname):
        for k in range(size):
            female = rng.random() < 0.5
            first = rng.choice(FEMALE if female else MALE)
            last = surname + ("a" if female else "i") if surname.endswith("sk") else surname
            born = date(1940, 1, 1) + timedelta(days=rng.randrange(30000))
            relation = "applicant" if k == 0 else ("spouse", "child", "child", "parent", "other")[k % 5]
            pesel = f"{born:%y%m%d}{rng.randrange(100000):05d}"
            person = self.ids.next("person")
            yield "person", PERSON, (person, m, client, first, last, pesel, born.isoformat(),
                                     "F" if female else "M", relation)
            for word in sorted(name_words(f"{first} {last}")):  # the client search's keys
                yield "person_name_key", NAME_KEY, (self.ids.next("person_name_key"), person, m, word, client)

    def casework(self, rng, m, c, worker, model, institutions, created, sample):
        diagnosis = self.ids.next("diagnosis")
        second = rng.random() < SECOND_DIAGNOSIS
        signed = stamp(created + timedelta(days=20))
        yield "diagnosis", DIAGNOSIS, (diagnosis, m, c, 1, model.key, "signed", model.diagnosis_answers, worker,
                                       stamp(created + timedelta(days=2)), signed, signed, worker, 1)
        yield "audit_event", AUDIT, (self.ids.next("audit_event"), signed, worker, m, "diagnosis_signed",
                                     "diagnosis", diagnosis, None, None, c)
        if second:  # a newer version in progress: the desk's drafts
            yield "diagnosis", DIAGNOSIS, (self.ids.next("diagnosis"), m, c, 2, model.key, "draft",
                                           model.diagnosis_answers, worker, self.moment(rng, 60),
                                           self.moment(rng, 30), None, None, 1)
        if rng.random() < CONTRACTED / DIAGNOSED:
            contract = yield from self.contract(rng, m, c, diagnosis, worker, model, institutions)
            sample.setdefault("contract_id", contract)
            sample.setdefault("contract_client_id", c)
        sample.setdefault("diagnosis_id", diagnosis)

    def contract(self, rng, m, c, diagnosis, worker, model, institutions):
        k = self.ids.next("contract")
        start = -rng.randint(10, 300)
        end = start + rng.choice((90, 180, 365))
        status = rng.choice(CONTRACT_STATUSES)
        yield "contract", CONTRACT, (
            k, m, c, diagnosis, 1, model.key, "A", status, worker, "600 000 000", "[]", TEXT, TEXT, TEXT, "[]",
            None, "Samodzielność finansowa rodziny.", self.day(start), self.day(end),
            self.day(rng.randint(-10, 40)), model.contract_data, self.day(start),
            worker if status != "draft" else None, self.day(end) if status == "closed" else None,
            "expired" if status == "closed" else None, None, None, stamp(self.now + timedelta(days=start)),
            stamp(self.now + timedelta(days=start + 1)), 1)
        for position in (1, 2, 3):
            yield "contract_goal", GOAL, (self.ids.next("contract_goal"), m, k, position,
                                          f"Cel szczegółowy {position}", None, None)
        for position, party in enumerate(("client", "worker", "partner", "partner"), 1):
            due = start + position * 20
            yield "contract_action", ACTION, (
                self.ids.next("contract_action"), m, k, position, party,
                rng.choice(institutions) if party == "partner" else None, f"Działanie {position}", None,
                self.day(due), "done" if due < -60 else "planned")
        if status != "draft":
            yield "audit_event", AUDIT, (self.ids.next("audit_event"), stamp(self.now + timedelta(days=start)),
                                         worker, m, "contract_signed", "contract", k, None, None, c)
        return k


def columns(text):
    return tuple(text.split())


MUNICIPALITY = columns("id display_name teryt6 teryt7 name kind voivodeship_code voivodeship powiat is_city_county "
                       "kind_valid_as_of population population_year population_source model_key retention_category "
                       "retention_years created_at")
MODEL_DECISION = columns("id municipality_id recommended_key chosen_key reason population population_year "
                         "decided_by_id decided_at")
USER = columns("id username full_name email municipality_id voivodeship_code password_hash "
               "must_change_password one_time_expires_at totp_secret totp_enabled_at totp_last_step active "
               "created_at last_login_at failed_logins locked_until")
MEMBERSHIP = columns("id user_id role institution_id municipality_id")
PARTNERSHIP = columns("id municipality_id name model_key formed_on cadence_days quorum_percent leader_id "
                      "second_role_id rules_reference strategy_reference model_data created_at version")
INSTITUTION = columns("id municipality_id partnership_id name sector level contact_person contact_email "
                      "contact_phone joined_on left_on act_signed_on act_reference")
OFFER = columns("id municipality_id institution_id service description target_group access_conditions contact")
MEETING = columns("id municipality_id partnership_id meeting_type held_on place mode chair agenda minutes "
                  "next_meeting_on model_data created_at version")
ATTENDANCE = columns("id municipality_id meeting_id institution_id status representative")
DECISION = columns("id municipality_id meeting_id number text")
TASK = columns("id municipality_id partnership_id decision_id title owner_institution_id owner_person due_on status "
               "closed_on closed_at_meeting_id version")
CLIENT = columns("id municipality_id kind street postal_code town phone reasons worker_id status surname_key "
                 "created_at version")
PERSON = columns("id municipality_id client_id first_name last_name pesel birth_date sex relation")
NAME_KEY = columns("id person_id municipality_id key client_id")
DIAGNOSIS = columns("id municipality_id client_id number model_key status answers author_id created_at updated_at "
                    "signed_at signed_by_id version")
CONTRACT = columns("id municipality_id client_id diagnosis_id number model_key variant status worker_id worker_phone "
                   "covered_member_ids causes resources limitations labour_situations unemployment_causes main_goal "
                   "period_from period_to next_review_on model_data concluded_on signed_by_id ended_on ending "
                   "ending_reason summary created_at updated_at version")
GOAL = columns("id municipality_id contract_id position text outcome outcome_reason")
ACTION = columns("id municipality_id contract_id position party institution_id description method due_on status")
#: client_id: the client an event concerns (a newer schema has it; the loader drops columns a schema lacks)
AUDIT = columns("id at user_id municipality_id action object_type object_id detail request_id client_id")
