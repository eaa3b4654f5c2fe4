"""SQLite safety settings, BEGIN IMMEDIATE at the first write and none for reads, tenant scoping and migrations."""
import json

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from builders import ON_POSTGRES, add_municipality, add_user, empty_database, login, make_app
from flask_migrate import upgrade
from sqlalchemy import event, inspect, select, text

from kooperacje.database import ALL_TENANTS, TenantScoped, TenantScopedOrDeployment
from kooperacje.extensions import db
from kooperacje.municipalities.models import ModelDecision


@pytest.mark.skipif(ON_POSTGRES, reason="SQLite settings")
def test_sqlite_connections_are_configured_for_safety(app):
    with app.app_context():
        pragmas = {name: db.session.execute(text(f"PRAGMA {name}")).scalar()
                   for name in ("journal_mode", "foreign_keys", "busy_timeout", "synchronous")}
    assert pragmas == {"journal_mode": "wal", "foreign_keys": 1, "busy_timeout": 5000, "synchronous": 2}


@pytest.mark.skipif(not ON_POSTGRES, reason="PostgreSQL settings")
def test_postgresql_plans_each_execution_for_its_own_municipality(app):
    """A statement the driver prepared is still planned for its parameters: a generic plan, one
    for every municipality, walked the wrong index for the largest (the client list at 1 M)."""
    with app.app_context():
        for _ in range(7):  # past the driver's threshold for preparing a statement
            mode = db.session.execute(text("SELECT current_setting('plan_cache_mode')")).scalar()
        fresh = db.engine.raw_connection()
        try:
            fresh_mode = fresh.driver_connection.execute("SHOW plan_cache_mode").fetchone()[0]
        finally:
            fresh.close()
    assert mode == fresh_mode == "force_custom_plan"


def _begin_statements(app, action):
    """The BEGIN statements SQLite itself ran (a trace callback sees those the driver issues too)."""
    seen = []

    def trace(dbapi_connection, _record):
        dbapi_connection.set_trace_callback(lambda sql: seen.append(sql) if sql.startswith("BEGIN") else None)

    with app.app_context():
        db.engine.dispose()  # new connections, each with the trace callback
        event.listen(db.engine, "connect", trace)
        try:
            action()
        finally:
            event.remove(db.engine, "connect", trace)
            db.engine.dispose()
    return seen


@pytest.mark.skipif(ON_POSTGRES, reason="SQLite transactions")
def test_writes_begin_immediate_and_reads_take_no_transaction(app, client, zgierz):
    add_user("anna", "social_worker", zgierz)
    assert set(_begin_statements(app, lambda: login(client, "anna"))) == {"BEGIN IMMEDIATE"}
    assert _begin_statements(app, lambda: client.get("/book/")) == []
    assert _begin_statements(app, lambda: client.get("/models")) == []


def test_database_url_setting_switches_engine(db_path, monkeypatch, tmp_path):
    other = tmp_path / "other.db"
    monkeypatch.setenv("KOOPERACJE_DATABASE_URL", f"sqlite:///{other}")
    from kooperacje import create_app

    app = create_app({"TESTING": True, "AUTO_MIGRATE": True, "DEMO_DATA": False})
    assert app.config["SQLALCHEMY_DATABASE_URI"] == f"sqlite:///{other}"
    assert other.exists()


def test_upgrade_from_an_empty_database_matches_the_models(tmp_path):
    app = make_app(empty_database(tmp_path, "empty.db"))
    with app.app_context():
        upgrade(directory=app.extensions["migrate"].directory, revision="heads")
        with db.engine.connect() as conn:
            diff = compare_metadata(MigrationContext.configure(conn, opts={"render_as_batch": True}), db.metadata)
        assert diff == []
        assert "alembic_version" in inspect(db.engine).get_table_names()


def test_every_table_with_a_municipality_is_tenant_scoped(app):
    # Accounts, their memberships and the audit trail may belong to the deployment itself (no municipality).
    deployment_rows = {"user_account", "audit_event", "membership"}
    scoped = {m.class_.__tablename__: m.class_ for m in db.Model.registry.mappers if issubclass(m.class_, TenantScoped)}
    for table in db.metadata.sorted_tables:
        if "municipality_id" in table.c:
            assert table.name in scoped, f"{table.name} holds municipality data but is not TenantScoped"
            nullable = table.name in deployment_rows
            assert issubclass(scoped[table.name], TenantScopedOrDeployment) is nullable, table.name
            assert table.c.municipality_id.nullable is nullable, table.name


@pytest.fixture
def two_municipalities(app):
    a, b = add_municipality("102003"), add_municipality("101102")
    admin_a = add_user("admin.a", "municipality_admin", a)
    add_user("admin.b", "municipality_admin", b)
    with app.app_context():
        for municipality, admin in ((a, admin_a), (b, admin_a)):
            db.session.add(ModelDecision(municipality_id=municipality.id, chosen_key="urban", decided_by_id=admin.id))
        db.session.commit()
    return a, b


def test_queries_in_a_request_see_only_the_users_municipality(app, two_municipalities):
    a, _b = two_municipalities
    client = app.test_client()
    login(client, "admin.a")
    with client:
        client.get("/municipality")
        rows = db.session.scalars(select(ModelDecision)).all()
    assert [r.municipality_id for r in rows] == [a.id]


def test_users_without_a_municipality_see_no_tenant_rows(app, two_municipalities):
    add_user("root", "superadmin")
    client = app.test_client()
    login(client, "root")
    with client:
        client.get("/")
        assert db.session.scalars(select(ModelDecision)).all() == []
        everyone = db.session.scalars(select(ModelDecision).execution_options(**{ALL_TENANTS: True})).all()
    assert len(everyone) == 2


def test_other_municipalitys_rows_cannot_be_updated_through_the_orm(app, two_municipalities):
    from sqlalchemy import update

    _a, b = two_municipalities
    client = app.test_client()
    login(client, "admin.a")
    with client:
        client.get("/")
        result = db.session.execute(update(ModelDecision).where(ModelDecision.municipality_id == b.id)
                                    .values(reason="changed"))
        db.session.commit()
        assert result.rowcount == 0
    with app.app_context():
        assert db.session.scalar(select(ModelDecision.reason).where(ModelDecision.municipality_id == b.id)) is None


def test_upgrade_keeps_existing_accounts_and_fills_new_columns(tmp_path):
    """A migration that carries data: accounts made before the lockout columns keep working."""
    from flask_migrate import downgrade

    app = make_app(empty_database(tmp_path, "old.db"))
    directory = app.extensions["migrate"].directory
    with app.app_context():
        upgrade(directory=directory, revision="0003_casework")
        db.session.execute(text("INSERT INTO user_account (username, full_name, role, password_hash, "
                                "must_change_password, active, created_at) VALUES ('anna', 'Anna', 'superadmin', "
                                "'x', false, true, '2025-01-01 00:00:00')"))
        db.session.commit()
        upgrade(directory=directory, revision="heads")
        row = db.session.execute(text("SELECT username, failed_logins, locked_until FROM user_account")).one()
        assert tuple(row) == ("anna", 0, None)
        db.session.commit()  # end the read so the downgrade can write
        downgrade(directory=directory, revision="0003_casework")
        assert db.session.execute(text("SELECT username FROM user_account")).scalar() == "anna"


def test_a_job_that_names_its_tenant_sees_only_that_municipalitys_rows(app, two_municipalities):
    from kooperacje.database import job_tenant

    a, _b = two_municipalities
    with job_tenant(app, a.id):
        assert [r.municipality_id for r in db.session.scalars(select(ModelDecision))] == [a.id]
    with app.app_context():  # a job without a tenant (the reminders) reads every municipality
        assert len(db.session.scalars(select(ModelDecision)).all()) == 2


def _json(value):
    """A JSON column as read by raw SQL: text on SQLite, already decoded on PostgreSQL."""
    return json.loads(value) if isinstance(value, str) else value


def test_contract_variant_b_migration_carries_the_old_description_and_the_signed_groups(tmp_path):
    """0030: the single description moves to the causes of unemployment, a signed variant B contract
    keeps the groups it was signed with as they read, a draft of variant B loses its family members."""
    from flask_migrate import downgrade

    app = make_app(empty_database(tmp_path, "contracts.db"))
    directory = app.extensions["migrate"].directory
    with app.app_context():
        upgrade(directory=directory, revision="0029_case_teams")
        db.session.execute(text("INSERT INTO municipality (id, display_name, is_city_county, created_at) "
                                "VALUES (1, 'Zgierz', false, '2025-01-01 00:00:00')"))
        db.session.execute(text("INSERT INTO client (id, kind, reasons, status, surname_key, created_at, version, "
                                "municipality_id) VALUES (1, 'family', '[]', 'active', 'k', '2025-01-01', 1, 1)"))
        for number, variant, status in ((1, "B", "signed"), (2, "B", "draft"), (3, "A", "draft")):
            db.session.execute(text(
                "INSERT INTO contract (client_id, number, model_key, variant, status, covered_member_ids, "
                "labour_situations, inactivity_causes, model_data, created_at, updated_at, version, municipality_id) "
                "VALUES (1, :number, 'urban', :variant, :status, '[5, 6]', '[\"single_parent\", \"long_term\"]', "
                ":causes, '{}', '2025-01-01', '2025-01-01', 1, 1)"),
                {"number": number, "variant": variant, "status": status, "causes": f"Opis {number}"})
        db.session.commit()
        upgrade(directory=directory, revision="0030_contract_variant_b")
        rows = db.session.execute(text("SELECT number, unemployment_causes, labour_list, covered_member_ids "
                                       "FROM contract ORDER BY number")).all()
        assert [(r[0], r[1]) for r in rows] == [(1, "Opis 1"), (2, "Opis 2"), (3, "Opis 3")]
        assert _json(rows[0][2])["groups"] == ["długotrwale bezrobotna",
                                                    "samotnie wychowująca co najmniej jedno dziecko do 18. roku życia"]
        assert rows[1][2] is None and rows[2][2] is None
        assert [_json(r[3]) for r in rows] == [[5, 6], [], [5, 6]]
        db.session.commit()  # end the read so the downgrade can write
        downgrade(directory=directory, revision="0029_case_teams")
        assert db.session.execute(text("SELECT inactivity_causes FROM contract ORDER BY number")).scalars().all() == [
            "Opis 1", "Opis 2", "Opis 3"]
