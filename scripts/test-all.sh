#!/usr/bin/env bash
# The whole suite, both passes at once: the SQLite pass here and the PostgreSQL pass
# (scripts/test-postgres.sh) beside it, one core each; the PostgreSQL pass's output is printed
# after the SQLite pass's. Fails when either fails. Arguments go to both pytest runs.
set -uo pipefail
cd "$(dirname "$0")/.."
log=$(mktemp /tmp/kooperacje-postgres-pass.XXXXXX)
bash scripts/test-postgres.sh "$@" >"$log" 2>&1 &
postgres=$!
trap 'rm -f "$log"' EXIT
.venv/bin/python -m pytest "$@"
sqlite_status=$?
wait "$postgres"
postgres_status=$?
printf '\n======== the PostgreSQL pass (scripts/test-postgres.sh) ========\n'
cat "$log"
echo "SQLite pass: exit $sqlite_status; PostgreSQL pass: exit $postgres_status"
[ "$sqlite_status" -eq 0 ] && [ "$postgres_status" -eq 0 ]
