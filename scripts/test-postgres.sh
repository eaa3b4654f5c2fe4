#!/usr/bin/env bash
# Run the test suite a second time against a real PostgreSQL server (Debian's package, which
# scripts/test-prerequisites.sh installs), in a throw-away cluster on 127.0.0.1 (a free port,
# fsync off: test data only), stopped and removed when the run ends. Arguments go to pytest.
set -euo pipefail
cd "$(dirname "$0")/.."
server_bin() {  # the newest installed server (a client-only install has no initdb)
  ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | while read -r d; do [ -x "$d/initdb" ] && echo "$d"; done | tail -1
}
bin=$(server_bin)
if [ -z "$bin" ]; then
  echo "PostgreSQL server is missing: scripts/test-prerequisites.sh installs it (or: apt-get install postgresql)" >&2
  exit 1
fi
dir=$(mktemp -d /tmp/kooperacje-pg.XXXXXX)
as_owner=()
if [ "$(id -u)" -eq 0 ]; then  # the server refuses to run as root
  chown postgres "$dir"
  as_owner=(runuser -u postgres --)
fi
port=$(.venv/bin/python -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
cleanup() {
  "${as_owner[@]}" "$bin/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$dir"
}
trap cleanup EXIT
"${as_owner[@]}" "$bin/initdb" -D "$dir/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
"${as_owner[@]}" "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w start \
  -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300" >/dev/null
export PATH="$bin:$PATH"  # pg_dump and pg_restore of the same version, for the backup tests
export KOOPERACJE_TEST_POSTGRES="postgresql+psycopg://postgres@127.0.0.1:$port"
# the SQLite pass already sent 1 000 generated bodies to every route; here the database differs
export KOOPERACJE_FUZZ_EXAMPLES="${KOOPERACJE_FUZZ_EXAMPLES:-100}"
echo "PostgreSQL $("$bin/postgres" --version | awk '{print $3}') on 127.0.0.1:$port"
# run in the background by scripts/test-all.sh, this script and its children start with SIGINT
# ignored (bash does that to background jobs); pytest takes Ctrl-C back, so one Ctrl-C on
# `make test` stops both passes, and the programs the tests start see a terminal's default
.venv/bin/python -c 'import signal, sys, pytest
signal.signal(signal.SIGINT, signal.default_int_handler)
sys.exit(pytest.main(sys.argv[1:]))' "$@"
