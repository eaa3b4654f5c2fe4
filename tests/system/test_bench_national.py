"""The national benchmark's database builder, at a tiny size: the rows a benchmark relies on are
there, every row belongs to the same municipality as its parent, and the product can use the file."""
import re
import sqlite3
from contextlib import closing

import pytest

from bench.national import build

#: (child, its municipality's parent by foreign key): tenants must agree along every link
LINKS = [
    ("person", "client", "client_id"), ("diagnosis", "client", "client_id"), ("contract", "client", "client_id"),
    ("contract_goal", "contract", "contract_id"), ("contract_action", "contract", "contract_id"),
    ("contract_action", "partner_institution", "institution_id"), ("client", "user_account", "worker_id"),
    ("partner_institution", "partnership", "partnership_id"), ("meeting", "partnership", "partnership_id"),
    ("attendance", "meeting", "meeting_id"), ("task", "partnership", "partnership_id"),
    ("audit_event", "user_account", "user_id"), ("membership", "user_account", "user_id"),
]


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    cache = tmp_path_factory.mktemp("bench-cache")
    path, manifest = build.sqlite_database(200, cache=cache, log=lambda _line: None)
    # a WAL left next to the file would hold the statistics, and a copy of the file would lose them
    assert not path.with_name(path.name + "-wal").exists()
    return cache, path, manifest


def query(path, sql):
    with closing(sqlite3.connect(path)) as con:
        return con.execute(sql).fetchall()


def test_counts_follow_the_size(built):
    _, path, manifest = built
    count = dict(query(path, "SELECT 'client', count(*) FROM client UNION ALL "
                             "SELECT 'person', count(*) FROM person UNION ALL "
                             "SELECT 'municipality', count(*) FROM municipality"))
    largest = query(path, "SELECT municipality_id, count(*) FROM client GROUP BY 1 ORDER BY 2 DESC")[0]
    assert count["client"] == 200
    assert 2 * 200 <= count["person"] <= 3 * 200  # ~2.5 household members per client
    assert count["municipality"] == 3
    assert largest == (manifest["municipality_id"], manifest["clients"])
    for table in ("diagnosis", "contract", "contract_goal", "meeting", "attendance", "task", "audit_event"):
        assert manifest["rows"][table] > 0, table


@pytest.mark.parametrize("child, parent, key", LINKS)
def test_rows_belong_to_their_parents_municipality(built, child, parent, key):
    _, path, _ = built
    strays = query(path, f"SELECT count(*) FROM {child} c JOIN {parent} p ON p.id = c.{key} "  # nosemgrep
                         "WHERE p.municipality_id != c.municipality_id")
    assert strays == [(0,)]


def test_statistics_survive_in_the_cached_file(built):
    _, path, _ = built
    assert query(path, "SELECT count(*) FROM sqlite_stat1")[0][0] > 0


def test_second_call_reuses_the_cache(built):
    cache, path, manifest = built
    modified = path.stat().st_mtime_ns
    assert build.sqlite_database(200, cache=cache) == (path, manifest)
    assert path.stat().st_mtime_ns == modified


def _signed_in(app, manifest, account):
    client = app.test_client()
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', client.get("/login").text).group(1)
    response = client.post("/login", data={"username": manifest[account], "password": manifest["password"],
                                           "csrf_token": token})
    assert response.status_code == 302, account
    return client


def test_the_product_serves_the_built_database(built, tmp_path):
    _, path, manifest = built
    app = build.make_app(f"sqlite:///{build.working_copy(path, tmp_path)}")
    worker = _signed_in(app, manifest, "worker")
    for page in (f"/clients/{manifest['client_id']}", f"/clients/contracts/{manifest['contract_id']}",
                 "/clients/desk", f"/partnership/meetings/{manifest['meeting_id']}"):
        assert worker.get(page).status_code == 200, page
    # the dashboards' readers: the head of the centre and the regional observer
    assert _signed_in(app, manifest, "head").get("/dashboard/").status_code == 200
    assert _signed_in(app, manifest, "observer").get("/statistics/").status_code == 200
