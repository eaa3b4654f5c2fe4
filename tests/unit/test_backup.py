"""Online backup and restore from the command line, round trip, on the suite's database engine."""
from builders import add_municipality, add_user
from sqlalchemy import delete, select

from kooperacje.clients.models import Client, Person
from kooperacje.extensions import db


def add_client(app, municipality, surname):
    with app.app_context():
        client = Client(municipality_id=municipality.id, kind="person", surname_key=surname.lower())
        client.members = [Person(municipality_id=municipality.id, first_name="Anna", last_name=surname,
                                 relation="applicant")]
        db.session.add(client)
        db.session.commit()


def surnames(app):
    with app.app_context():
        return sorted(db.session.scalars(select(Person.last_name).execution_options(all_tenants=True)))


def test_backup_then_restore_brings_the_data_back(app, tmp_path):
    municipality = add_municipality("102003")
    add_user("anna", "social_worker", municipality)
    add_client(app, municipality, "Żółkiewska")
    runner = app.test_cli_runner()
    target = tmp_path / "kopia.backup"
    result = runner.invoke(args=["backup", str(target)])
    assert result.exit_code == 0 and target.stat().st_size > 0, result.output
    add_client(app, municipality, "Późniejsza")  # written after the backup
    with app.app_context():
        db.session.execute(delete(Person).where(Person.last_name == "Żółkiewska").execution_options(all_tenants=True))
        db.session.commit()
    assert surnames(app) == ["Późniejsza"]
    refused = runner.invoke(args=["restore", str(target)], input="n\n")
    assert refused.exit_code != 0 and surnames(app) == ["Późniejsza"]  # asked, and nothing changed
    result = runner.invoke(args=["restore", str(target), "--yes"])
    assert result.exit_code == 0, result.output
    assert surnames(app) == ["Żółkiewska"]  # exactly the state of the backup
    assert runner.invoke(args=["backup", str(target)]).exit_code != 0  # never overwrites a backup


def test_a_broken_backup_is_refused_and_changes_nothing(app, tmp_path):
    municipality = add_municipality("102003")
    add_client(app, municipality, "Nowak")
    broken = tmp_path / "broken.backup"
    broken.write_bytes(b"to nie jest kopia bazy danych" * 100)
    result = app.test_cli_runner().invoke(args=["restore", str(broken), "--yes"])
    assert result.exit_code != 0 and "Error" in result.output
    assert surnames(app) == ["Nowak"]
