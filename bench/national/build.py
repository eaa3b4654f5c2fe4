"""The national database: the product's migrations create the schema, then synthetic rows are
bulk-loaded (sqlite3 executemany in one transaction / PostgreSQL COPY) and statistics gathered.

The SQLite file is cached under ``.bench-cache/`` keyed by size, Alembic head and this package's
source, so a second run starts at once; each run measures a copy, never the cached file.
"""
import hashlib
import json
import random
import shutil
import sqlite3
import time
from datetime import date, datetime
from pathlib import Path

from bench.national import rows

ROOT = Path(__file__).resolve().parents[2]
CACHE = ROOT / ".bench-cache"
PASSWORD = "Ławka-pomiarowa-2026"
BATCH = 20_000
#: shipped populations cover only the Łódź voivodeship's towns; the rest get a typical size for their kind
TYPICAL_POPULATION = {"urban": 25_000, "urban_rural": 14_000, "rural": 6_500, "warsaw_district": 100_000}
LARGEST_TERYT6 = "106101"  # Łódź: the largest gmina with a shipped population goes first


def make_app(url):
    from kooperacje import create_app
    from kooperacje.app import register_migrations

    app = create_app({"DATABASE_URL": url, "AUTO_MIGRATE": False, "DEMO_DATA": False, "SECRET_KEY": "b" * 40,
                      "ENV": "development"})
    register_migrations(app)  # it builds the database
    return app


def migrate(app):
    from flask_migrate import upgrade

    from kooperacje.extensions import db

    with app.app_context():
        upgrade(directory=app.extensions["migrate"].directory, revision="heads")
        db.engine.dispose()


def alembic_heads(app):
    from alembic.script import ScriptDirectory

    with app.app_context():
        migrate_ext = app.extensions["migrate"]
        config = migrate_ext.migrate.get_config(migrate_ext.directory)
        return "+".join(sorted(ScriptDirectory.from_config(config).get_heads()))


def cache_key(app, clients):
    source = hashlib.sha256()
    for path in sorted(Path(__file__).parent.glob("*.py")):
        if path.name in ("build.py", "rows.py"):
            source.update(path.read_bytes())
    return f"national-{clients}-{alembic_heads(app)}-{source.hexdigest()[:10]}"


def plan(app, clients):
    """The municipalities to generate, the largest first, with their model and client count."""
    from kooperacje.domain import MunicipalityFacts
    from kooperacje.municipalities import teryt
    from kooperacje.plugins import get_plugins

    with app.test_request_context():
        plugins = get_plugins(app)
        units = list(teryt.register().values())
        shipped = teryt.shipped_populations()
        rng = random.Random(2026)

        def population(unit):
            known = shipped.get(unit.teryt7)
            if known:
                return known.population
            typical = 150_000 if unit.is_city_county else TYPICAL_POPULATION[unit.kind]
            return int(typical * rng.lognormvariate(0, 0.5))

        largest = next(u for u in units if u.teryt6 == LARGEST_TERYT6)
        others = [u for u in units if u is not largest]
        rng.shuffle(others)
        chosen = [largest] + others[:rows.municipality_count(clients) - 1]
        sized = sorted(((population(u), u) for u in chosen), key=lambda pair: -pair[0])
        sized.sort(key=lambda pair: pair[1] is not largest)  # stable: Łódź first, then by size
        models, planned = {}, []
        for (people, unit), count in zip(sized, rows.client_counts(clients, len(sized))):
            facts = MunicipalityFacts(teryt6=unit.teryt6, name=unit.name, kind=unit.kind,
                                      voivodeship=unit.voivodeship, powiat=unit.powiat,
                                      is_city_county=unit.is_city_county, population=people, population_year=2024)
            matches = plugins.rank_models(facts)
            key = matches[0].model_key if matches else "urban"
            if key not in models:
                models[key] = model_of(plugins, key)
            planned.append(rows.Unit(unit, count, people, key, models[key]))
        return planned


def model_of(plugins, key):
    profile = plugins.partnership_profile(key)
    return rows.Model(key=key, body_name=str(profile.body_name), cadence_days=profile.cadence_days,
                      meeting_types=tuple(t.key for t in profile.meeting_types),
                      diagnosis_answers=rows.answers_for(plugins.diagnosis_sections(key), rows.ANSWER),
                      contract_data=rows.answers_for(plugins.contract_sections(key), rows.ANSWER))


def generator(app, clients):
    from kooperacje.auth.models import password_hasher

    return rows.Generator(plan(app, clients), password_hasher.hash(PASSWORD), date.today())


def db_text(value):
    """A model default in the text form the loaders use."""
    if isinstance(value, datetime):
        return rows.stamp(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, (dict, list)):
        return json.dumps(value)
    return value


class Batches:
    """Rows grouped per table and written in batches. Fits the generator's columns to the schema
    the migrations made: columns it lacks are dropped, new required ones get the model's default
    (so a migration that adds a column does not break the benchmark)."""

    def __init__(self, describe, write):
        from kooperacje.extensions import db

        self.describe, self.write, self.metadata = describe, write, db.metadata
        self.pending, self.shapes, self.counts = {}, {}, {}

    def add(self, table, columns, row):
        batch = self.pending.setdefault(table, [])
        batch.append(row)
        if len(batch) >= BATCH:
            self.flush(table, columns)

    def flush(self, table, columns):
        batch = self.pending.pop(table, [])
        if not batch:
            return
        if table not in self.shapes:
            self.shapes[table] = self.shape(table, columns)
        names, keep, extra = self.shapes[table]
        if keep is not None:
            batch = [tuple(row[i] for i in keep) + extra for row in batch]
        self.write(table, names, batch)
        self.counts[table] = self.counts.get(table, 0) + len(batch)

    def shape(self, table, columns):
        schema = self.describe(table)  # {column: required without a default}
        keep = [i for i, name in enumerate(columns) if name in schema]
        missing = [name for name, required in schema.items() if required and name not in columns]
        extra = tuple(db_text(self.model_default(table, name)) for name in missing)
        names = tuple(columns[i] for i in keep) + tuple(missing)
        return names, (keep if len(keep) < len(columns) or extra else None), extra

    def model_default(self, table, name):
        default = self.metadata.tables[table].c[name].default
        if default is None:
            raise SystemExit(f"bench: {table}.{name} is required and has no default: add it to bench/national/rows.py")
        return default.arg(None) if default.is_callable else default.arg

    def finish(self, columns_of):
        for table in list(self.pending):
            self.flush(table, columns_of[table])


def load(gen, batches):
    columns_of = {}
    for table, columns, row in gen.rows():
        columns_of[table] = columns
        batches.add(table, columns, row)
    batches.finish(columns_of)
    return batches.counts


def quoted(names):
    return ", ".join(f'"{n}"' for n in names)


# --- SQLite ----------------------------------------------------------------------------------

def sqlite_database(clients, cache=CACHE, log=print):
    """The cached file for this size and schema (built if missing) and its manifest."""
    cache.mkdir(exist_ok=True)
    key = cache_key(make_app("sqlite://"), clients)
    path, manifest_path = cache / f"{key}.db", cache / f"{key}.json"
    if path.exists() and manifest_path.exists():
        return path, json.loads(manifest_path.read_text())
    for stale in cache.glob(f"national-{clients}-*"):
        stale.unlink()
    work = path.with_suffix(".building")
    work.unlink(missing_ok=True)
    started = time.perf_counter()
    app = make_app(f"sqlite:///{work}")
    migrate(app)
    con = sqlite3.connect(work, isolation_level=None)
    con.execute("PRAGMA synchronous=OFF")
    con.execute("PRAGMA cache_size=-500000")  # 500 MB: the indexes are rebuilt in memory
    # Secondary indexes are dropped during the load and rebuilt after: far faster than inserting into them.
    indexes = con.execute("SELECT name, sql FROM sqlite_master WHERE type='index' AND sql IS NOT NULL").fetchall()
    for name, _ in indexes:
        con.execute(f'DROP INDEX "{name}"')
    con.execute("BEGIN")

    def describe(table):
        info = con.execute(f'PRAGMA table_info("{table}")').fetchall()
        return {name: bool(notnull) and default is None and not pk for _, name, _, notnull, default, pk in info}

    def write(table, names, batch):
        marks = ", ".join("?" * len(names))
        con.executemany(f'INSERT INTO "{table}" ({quoted(names)}) VALUES ({marks})', batch)

    with app.app_context():
        gen = generator(app, clients)
        counts = load(gen, Batches(describe, write))
    con.execute("COMMIT")
    loaded = time.perf_counter()
    for _, sql in indexes:
        con.execute(sql)
    indexed = time.perf_counter()
    gather_statistics(app, f"sqlite:///{work}")
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    con.close()  # the last connection: the WAL is folded into the file, statistics included
    assert not Path(f"{work}-wal").exists() or Path(f"{work}-wal").stat().st_size == 0
    work.rename(path)
    timings = {"load_s": round(loaded - started, 1), "indexes_s": round(indexed - loaded, 1),
               "analyze_s": round(time.perf_counter() - indexed, 1)}
    manifest = {**gen.manifest, "rows": counts, "build": timings, "password": PASSWORD}
    manifest_path.write_text(json.dumps(manifest, indent=1))
    log(f"built {path.name}: {sum(counts.values()):,} rows; {timings}")
    return path, manifest


def gather_statistics(app, url):
    """The product's own statistics step if it has one, else ANALYZE with a bounded sample."""
    from sqlalchemy import create_engine, text

    from kooperacje import database

    engine = create_engine(url)
    with engine.begin() as connection:
        if hasattr(database, "gather_statistics"):
            database.gather_statistics(connection)
        elif connection.dialect.name == "sqlite":
            connection.execute(text("PRAGMA analysis_limit=1000"))
            connection.execute(text("ANALYZE"))
        else:
            connection.execute(text("ANALYZE"))
    engine.dispose()


def working_copy(path, folder):
    """A copy to measure: the product writes (audit rows, sessions) and the cache stays as built."""
    target = Path(folder) / "national.db"
    shutil.copyfile(path, target)
    return target
