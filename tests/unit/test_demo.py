"""Demo data a person trying the app out can trust: each demo centre sits in the gmina of the TERYT
register it names, its staff are different people with real-looking names, and after a restart
the console says how to get fresh one-time passwords, which the `demo-passwords` command issues."""
import csv
import re
from pathlib import Path

import pytest
from builders import empty_database, login, make_app
from sqlalchemy import select

from kooperacje.auth.models import User
from kooperacje.extensions import db
from kooperacje.municipalities.models import Municipality
from kooperacje.partnership.models import Institution
from kooperacje.text import fold

REGISTER = Path(__file__).resolve().parents[2] / "kooperacje" / "data" / "teryt-terc-2024-01-01-poland.csv"
CENTRE_BY_RODZ = {"1": "MOPS", "2": "GOPS", "3": "MGOPS"}  # the usual name of a gmina's centre by its kind
SEAT_BY_POWIAT = {"poddębicki": "w Poddębicach", "zgierski": "w Zgierzu"}
PERSON_NAME = re.compile(r"[A-ZĄĆĘŁŃÓŚŹŻ][a-ząćęłńóśźż]+( [A-ZĄĆĘŁŃÓŚŹŻ][a-ząćęłńóśźż]+(-[A-ZĄĆĘŁŃÓŚŹŻ][a-ząćęłńóśźż]+)?)+")
HINT = "flask --app wsgi demo-passwords"


def register():
    """{teryt6: (name, rodz, powiat name)} for the gminas of the register."""
    with REGISTER.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle, delimiter=";"))
    powiats = {r["WOJ"] + r["POW"]: r["NAZWA"] for r in rows if r["POW"] and not r["GMI"]}
    return {r["WOJ"] + r["POW"] + r["GMI"]: (r["NAZWA"], r["RODZ"], powiats[r["WOJ"] + r["POW"]])
            for r in rows if r["GMI"] and r["RODZ"] in CENTRE_BY_RODZ}


def printed_accounts(text):
    return dict(re.findall(r"^  (\S+)\s+(\S+)\s", text, re.MULTILINE))


@pytest.fixture
def demo(tmp_path, capfd):
    """The app on a new database with demo data, and what its first start printed."""
    database = empty_database(tmp_path, "demo.db")
    app = make_app(database, AUTO_MIGRATE=True, DEMO_DATA=True)
    return app, database, capfd.readouterr().err


def test_every_demo_centre_is_in_the_gmina_of_its_teryt_code(demo):
    app, _database, _printed = demo
    gminas = register()
    with app.app_context():
        placed = db.session.scalars(select(Municipality).where(Municipality.teryt6.is_not(None))).all()
        assert len(placed) == 3
        for municipality in placed:
            name, rodz, powiat = gminas[municipality.teryt6]
            centre, place = municipality.display_name.split(" w ", 1)
            assert centre == CENTRE_BY_RODZ[rodz], municipality.display_name
            assert fold(place).startswith(fold(name)[:5]), (municipality.display_name, name)  # "Dalikowie" ~ "Dalików"
            institutions = db.session.scalars(select(Institution).where(
                Institution.municipality_id == municipality.id)).all()
            assert municipality.display_name in {i.name for i in institutions}
            for institution in institutions:
                if institution.level == "powiat":
                    assert institution.name.endswith(SEAT_BY_POWIAT[powiat]), (institution.name, powiat)


def test_demo_staff_are_different_people_with_plausible_names(demo):
    app, _database, _printed = demo
    with app.app_context():
        names = db.session.scalars(select(User.full_name)).all()
    assert len(names) == 17 and len(set(names)) == 17
    for name in names:
        assert PERSON_NAME.fullmatch(name), name


def test_a_restart_says_how_to_get_new_passwords_and_the_command_issues_them(demo, capfd):
    app, database, first_start = demo
    first = printed_accounts(first_start)
    assert HINT in first_start and len(first) == 17
    restarted = make_app(database, AUTO_MIGRATE=True, DEMO_DATA=True)
    again = capfd.readouterr().err
    assert sum(HINT in line for line in again.splitlines()) == 1
    assert not any(password in again for password in first.values())

    result = restarted.test_cli_runner().invoke(args=["demo-passwords"])
    assert result.exit_code == 0, result.output
    fresh = printed_accounts(result.output)
    assert set(fresh) == set(first) and all(fresh[login_] != first[login_] for login_ in first)
    client = restarted.test_client()
    assert login(client, "koordynator.zgierz", first["koordynator.zgierz"]).status_code == 200  # refused
    assert login(client, "koordynator.zgierz", fresh["koordynator.zgierz"]).headers["Location"] == "/account/password"
    with restarted.app_context():
        assert all(u.must_change_password for u in db.session.scalars(select(User)))


@pytest.mark.parametrize("config", [
    {"DEMO_DATA": False},
    {"ENV": "production", "DEMO_DATA": False, "TESTING": False, "SECRET_KEY": "s" * 40,
     "TRUSTED_HOSTS": "kooperacje.gmina.pl", "TOTP_ROLES": "superadmin,municipality_admin"},
])
def test_demo_passwords_are_refused_without_demo_data(demo, config):
    app, database, first_start = demo
    plain = make_app(database, AUTO_MIGRATE=True, **config)
    result = plain.test_cli_runner().invoke(args=["demo-passwords"])
    assert result.exit_code != 0 and "demo data is off" in result.output
    with plain.app_context():  # nothing was reset
        worker = db.session.scalar(select(User).where(User.username == "pracownik.zgierz"))
        assert worker.check_password(printed_accounts(first_start)["pracownik.zgierz"])
