"""The same rows loaded into PostgreSQL: the migrations create the schema, COPY fills it."""
import time

import psycopg

from bench.national.build import PASSWORD, Batches, generator, load, make_app, migrate, quoted


def load_postgres(url, clients, log=print):
    """Create the schema with the migrations and COPY the same rows in; returns the manifest."""
    started = time.perf_counter()
    app = make_app(url)
    migrate(app)
    plain = url.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(plain) as con:
        con.execute("SET session_replication_role = replica")  # no FK triggers during the load
        # Plain indexes (not those behind a constraint) are rebuilt after the load: far faster.
        indexes = con.execute("SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = 'public' AND "
                              "indexname NOT IN (SELECT conname FROM pg_constraint)").fetchall()
        for name, _ in indexes:
            con.execute(f'DROP INDEX "{name}"')

        def describe(table):
            found = con.execute("SELECT column_name, is_nullable = 'NO' AND column_default IS NULL "
                                "FROM information_schema.columns WHERE table_name = %s", (table,)).fetchall()
            return {name: required and name != "id" for name, required in found}

        def write(table, names, batch):
            with con.cursor().copy(f'COPY "{table}" ({quoted(names)}) FROM STDIN') as copy:
                for row in batch:
                    copy.write_row(row)

        with app.app_context():
            gen = generator(app, clients)
            counts = load(gen, Batches(describe, write))
        for table in counts:
            con.execute(f"SELECT setval(pg_get_serial_sequence('\"{table}\"', 'id'), "
                        f"(SELECT max(id) FROM \"{table}\"))")
        for _, definition in indexes:
            con.execute(definition)
    loaded = time.perf_counter()
    with psycopg.connect(plain, autocommit=True) as con:
        con.execute("VACUUM ANALYZE")
    timings = {"load_s": round(loaded - started, 1), "vacuum_analyze_s": round(time.perf_counter() - loaded, 1)}
    log(f"PostgreSQL: {sum(counts.values()):,} rows; {timings}")
    return {**gen.manifest, "rows": counts, "build": timings, "password": PASSWORD}
