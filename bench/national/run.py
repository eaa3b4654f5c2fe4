"""National-scale benchmark: the product and the bare reference stack side by side, on the same
database of (by default) 1 000 000 clients over 2 400 municipalities, SQLite and PostgreSQL.

    python -m bench.national [--databases sqlite,postgresql] [--clients N] [--pages a,b]
                             [--rounds N] [--seconds N] [--scenario-seconds N]
                             [--no-scenario] [--no-jobs]

Per page: the product's req/s, p50 and p99 at 16 connections, the matching bare line's req/s
and the ratio (target >= 0.60), SQL statements per request; then worker RSS and the login-loop
scenario, then the daily jobs (one day's reminders, the consumer's e-mails per second). Runs alternate product / bare per page, so both see the same machine state.
"""
import argparse
import multiprocessing
import re
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

from bench.national import build, jobs, postgres, servers
from bench.national.http import Browser, generator_name, run_load

#: key: (label, product path, bare line); paths are filled from the build's manifest
PAGES = {
    "list": ("client list", "/clients/", "list"),
    "record": ("client record", "/clients/{client_id}", "pk"),
    "diagnosis": ("diagnosis", "/clients/diagnoses/{diagnosis_id}", "pk"),
    "contract": ("contract", "/clients/contracts/{contract_id}", "pk"),
    "desk": ("worker's desk", "/clients/desk", "list"),
    "meetings": ("meeting list", "/partnership/meetings", "list"),
    "meeting": ("meeting", "/partnership/meetings/{meeting_id}", "pk"),
    "pzk": ("PZK overview", "/partnership/", "list"),
    "chapter": ("Book chapter", "{chapter}", "page"),
    "search": ("Book search", "/book/search?q=wspolpraca+rodzina", "page"),
    "login": ("login page", "/login", "page"),
    "regional": ("regional dashb.", "/statistics/", "list"),
    "dashboard": ("municip. dashb.", "/dashboard/", "list"),
}
ANONYMOUS = {"login"}
#: who opens each page, a key of the manifest's logins (the others: the first municipality's social worker)
ACCOUNT = {"regional": "observer", "dashboard": "head"}
ACCOUNTS = ("worker", *sorted(set(ACCOUNT.values())))
#: seconds of load on each page before its measured runs
WARM_UP_SECONDS = 1
BARE = {"page": "/", "pk": "/pk/{client_id}", "list": "/list/{municipality_id}"}
CHAPTER = re.compile(r'href="(/book/[^/"#?]+/[^/"#?]+)"')
WRONG_PASSWORD_LOOPS, SIMULTANEOUS_LOGINS = 6, 36


def options(argv):
    parser = argparse.ArgumentParser(prog="python -m bench.national", description=__doc__.split("\n")[0])
    parser.add_argument("--databases", default="sqlite,postgresql")
    parser.add_argument("--clients", type=int, default=1_000_000)
    parser.add_argument("--pages", default=",".join(PAGES), help=f"some of: {','.join(PAGES)}")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--scenario-seconds", type=int, default=20,
                        help="each login-loop run; the first minute's allowed guesses each cost a hash, "
                             "so a short run measures mostly those")
    parser.add_argument("--no-scenario", action="store_true")
    parser.add_argument("--no-jobs", action="store_true", help="leave out the reminders and e-mail run")
    args = parser.parse_args(argv)
    args.databases, args.pages = args.databases.split(","), args.pages.split(",")
    unknown = set(args.pages) - set(PAGES) or set(args.databases) - {"sqlite", "postgresql"}
    if unknown:
        parser.error(f"unknown: {', '.join(sorted(unknown))}")
    return args


def main(argv=None):
    args = options(sys.argv[1:] if argv is None else argv)
    print(f"\nNational benchmark: {args.clients:,} clients; gunicorn 2 sync workers; {generator_name()}, "
          f"16 connections, {args.seconds} s x {args.rounds} rounds, product and bare interleaved")
    for database in args.databases:
        with tempfile.TemporaryDirectory(prefix="kooperacje-bench.") as folder:
            if database == "sqlite":
                started = time.perf_counter()
                path, manifest = build.sqlite_database(args.clients)
                print(f"SQLite database ready in {time.perf_counter() - started:.0f} s (build {manifest['build']})")
                measure("SQLite", f"sqlite:///{build.working_copy(path, folder)}", manifest, args, Path(folder))
            else:
                with servers.postgres_cluster() as url:
                    manifest = postgres.load_postgres(url, args.clients)
                    measure("PostgreSQL", url, manifest, args, Path(folder))


def measure(title, url, manifest, args, folder):
    refresh_summary(title, url)
    product = servers.product(url, folder / "product.log")
    bare = servers.bare(url, folder / "bare.log")
    try:
        browsers = {account: Browser(product.port) for account in ACCOUNTS}
        for account, browser in browsers.items():
            if browser.login(manifest[account], manifest["password"]) != 302:
                raise SystemExit(f"could not log in as {manifest[account]}; see {folder / 'product.log'}")
        paths = resolve(browsers, manifest, args.pages)
        queries = queries_per_request(url, manifest, paths)
        results = {key: [] for key in paths}
        for key, path in paths.items():  # both workers' first views (a dashboard's first count, the Book's
            # search index) are not the steady state the table reports: a second of load first, not counted
            run_load(product.url(path), WARM_UP_SECONDS,
                     cookie=None if key in ANONYMOUS else browsers[_account(key)].cookie_header)
        for _ in range(args.rounds):
            for key, path in paths.items():
                cookie = None if key in ANONYMOUS else browsers[_account(key)].cookie_header
                line = PAGES[key][2]
                results[key].append((run_load(product.url(path), args.seconds, cookie=cookie),
                                     run_load(bare.url(BARE[line].format(**manifest)), args.seconds)))
        print_table(title, manifest, results, queries, product.worker_rss_mb(), bare.worker_rss_mb())
        bare.stop()
        if not args.no_scenario:
            scenario(product, manifest, args.scenario_seconds, "login throttle off")
    finally:
        bare.stop()
        product.stop()
    if not args.no_scenario:
        throttled = servers.product(url, folder / "throttled.log", throttled=True)
        try:
            scenario(throttled, manifest, args.scenario_seconds, "as deployed, login throttle on")
        finally:
            throttled.stop()
    for server in (product, throttled) if not args.no_scenario else (product,):
        log = server.log_text()
        print(f"{title} product log ({server.log_path.name}): {log.count('Traceback')} tracebacks, "
              f"{log.count('database is locked')} x 'database is locked'")
    if not args.no_jobs:  # last: producing the reminders writes to the database
        jobs.measure_jobs(title, url, manifest, folder)


def _account(key):
    return ACCOUNT.get(key, "worker")


def refresh_summary(title, url):
    """The nightly job's work, timed: the regional dashboard then reads a warm summary."""
    from kooperacje.extensions import db
    from kooperacje.statistics.service import refresh

    app = build.make_app(url)
    with app.app_context():
        started = time.perf_counter()
        written = refresh()
        print(f"{title} indicator summary refresh: {written:,} rows in {time.perf_counter() - started:.2f} s")
        db.engine.dispose()


def resolve(browsers, manifest, keys):
    """The pages' paths for this database; pages that do not answer 200 are reported and left out."""
    browser = browsers["worker"]
    _, index = browser.request("GET", "/book/")
    found = CHAPTER.search(index)
    values = {**manifest, "chapter": found.group(1) if found else "/book/"}
    paths = {}
    for key in keys:
        path = PAGES[key][1].format(**values)
        status, _ = (Browser(browser.port) if key in ANONYMOUS else browsers[_account(key)]).request("GET", path)
        if status == 200:
            paths[key] = path
        else:
            print(f"  {PAGES[key][0]}: {path} answered {status}; left out")
    return paths


def queries_per_request(url, manifest, paths):
    """SQL statements of one request per page, counted with SQLAlchemy events in this process
    (after a first request, so one-off work such as rendering the Book is not counted)."""
    from sqlalchemy import event

    from kooperacje.extensions import db

    app = build.make_app(url)
    statements = []
    with app.app_context():
        event.listen(db.engine, "before_cursor_execute",
                     lambda _c, _k, sql, *_a: statements.append(sql) if not sql.startswith("BEGIN") else None)
    signed_in, anonymous = {}, app.test_client()
    for account in ACCOUNTS:
        client = signed_in[account] = app.test_client()
        token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', client.get("/login").text).group(1)
        client.post("/login", data={"username": manifest[account], "password": manifest["password"],
                                    "csrf_token": token})
    counts = {}
    for key, path in paths.items():
        client = anonymous if key in ANONYMOUS else signed_in[_account(key)]
        client.get(path)
        statements.clear()
        client.get(path)
        counts[key] = len(statements)
    with app.app_context():
        db.engine.dispose()
    return counts


def print_table(title, manifest, results, queries, product_rss, bare_rss):
    print(f"\n{title}: {manifest['rows']['client']:,} clients, {manifest['rows']['municipality']} municipalities; "
          f"pages of {manifest['municipality']} ({manifest['clients']:,} clients) as {manifest['worker']}; "
          f"medians of {len(next(iter(results.values())))} runs")
    print(f"{'page':<15} {'req/s':>7} {'p50 ms':>8} {'p99 ms':>8} {'errors':>6} {'bare':>5} {'req/s':>7} "
          f"{'ratio':>6} {'queries':>7}")
    for key, runs in results.items():
        def median(pick):
            return statistics.median(pick(run) for run in runs)

        rate, bare_rate = median(lambda r: r[0].rate), median(lambda r: r[1].rate)
        print(f"{PAGES[key][0]:<15} {rate:>7.1f} {median(lambda r: r[0].p50_ms):>8.1f} "
              f"{median(lambda r: r[0].p99_ms):>8.1f} {sum(r[0].errors for r in runs):>6} {PAGES[key][2]:>5} "
              f"{bare_rate:>7.0f} {rate / bare_rate:>6.3f} {queries[key]:>7}")
    print(f"worker RSS: product {product_rss:.0f} MB, bare {bare_rss:.0f} MB (largest worker, after the runs)")


# --- the login-loop scenario ------------------------------------------------------------------

def scenario(product, manifest, seconds, setting):
    savers = manifest["workers"][:2]
    # the morning's logins first: behind one address, the guessers below spend that address's
    # budget of the throttle for the next minute
    locked_before = product.log_text().count("database is locked")
    logins = simultaneous_logins(product.port, manifest["workers"][:SIMULTANEOUS_LOGINS], manifest["password"])
    locked = product.log_text().count("database is locked") - locked_before
    alone = saves(product.port, savers, manifest["password"], seconds, loops=0)
    loaded = saves(product.port, savers, manifest["password"], seconds, loops=WRONG_PASSWORD_LOOPS)
    print(f"\nLogin loops, {setting}: {len(savers)} workers registering clients for {seconds} s "
          "(target: >= 80 % kept)")
    print(f"  alone:                        {alone['saved']:>6} saves, {alone['errors']} x 5xx")
    print(f"  with {WRONG_PASSWORD_LOOPS} wrong-password loops:  {loaded['saved']:>6} saves, {loaded['errors']} x 5xx "
          f"({loaded['saved'] / max(1, alone['saved']):.0%} kept; {loaded['attempts']} wrong logins, "
          f"{loaded['refused']} refused with 429, {loaded['attempt_errors']} x 5xx)")
    print(f"  {len(logins)} simultaneous valid logins: {logins.count(302)} signed in, "
          f"{sum(s >= 500 for s in logins)} x 5xx, {locked} x 'database is locked' in the log")


def saves(port, usernames, password, seconds, loops):
    """Workers register clients in a loop while ``loops`` anonymous clients try wrong passwords.
    The guessers run in processes of their own, as attackers do: as threads beside the savers
    they took the load generator's interpreter lock, and what was measured was partly that."""
    context = multiprocessing.get_context("fork")
    # the clock starts once every party is logged in and waiting
    deadline = context.Value("d", 0.0)
    ready = context.Barrier(len(usernames) + loops, action=lambda: setattr(deadline, "value", time.time() + seconds))
    tallies = context.Queue()
    guessers = [context.Process(target=_guesser, args=(port, n, ready, deadline, tallies)) for n in range(loops)]
    for process in guessers:
        process.start()
    counts = {"saved": 0, "errors": 0, "attempts": 0, "refused": 0, "attempt_errors": 0}
    lock = threading.Lock()

    def saver(n, username):
        browser = Browser(port)
        browser.login(username, password)
        browser.request("GET", "/clients/new")  # the form's token
        ready.wait()
        saved = errors = 0
        while time.time() < deadline.value:
            status, _ = browser.request("POST", "/clients/new", {"kind": "person", "first_name": "Jan",
                                                                 "last_name": "Zapisowy-" + "abcdefghij"[n % 10]})  # names hold no digits
            saved, errors = saved + (status == 302), errors + (status >= 500)
        with lock:
            counts["saved"] += saved
            counts["errors"] += errors

    threads = [threading.Thread(target=saver, args=(n, u)) for n, u in enumerate(usernames)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    for _ in guessers:
        for key, n in tallies.get().items():
            counts[key] += n
    for process in guessers:
        process.join()
    return counts


def _guesser(port, n, ready, deadline, tallies):
    browser = Browser(port)
    browser.request("GET", "/login")
    ready.wait()
    tally = {"attempts": 0, "refused": 0, "attempt_errors": 0}
    while time.time() < deadline.value:
        status, _ = browser.request("POST", "/login", {"username": f"nikt{n}", "password": "zupełnie nie to"})
        tally["attempts"] += 1
        tally["refused"] += status == 429
        tally["attempt_errors"] += status >= 500
    tallies.put(tally)


def simultaneous_logins(port, usernames, password):
    browsers = [Browser(port) for _ in usernames]
    for browser in browsers:
        browser.request("GET", "/login")
    start, statuses = threading.Barrier(len(usernames)), []

    def log_in(browser, username):
        start.wait()
        try:
            statuses.append(browser.request("POST", "/login", {"username": username, "password": password})[0])
        except OSError:
            statuses.append(599)

    threads = [threading.Thread(target=log_in, args=pair) for pair in zip(browsers, usernames)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return statuses
