# The two commands of the README: `make run` (the app on http://127.0.0.1:5000 and its job
# consumer, both stopped by Ctrl-C) and `make test`.
VENV ?= .venv
PYTHON ?= python3
BIN = $(VENV)/bin

.PHONY: run test test-fast bench

run: $(VENV)/.installed
	$(BIN)/flask --app wsgi run-all --host 127.0.0.1 --port 5000

test: $(VENV)/.installed-test
	bash scripts/test-prerequisites.sh
	bash scripts/test-all.sh

# The inner loop: unit and request tests on SQLite, 25 fuzz bodies a route; no browser, no
# servers or office suite (tests/browser, tests/system), no PostgreSQL pass. Not a substitute for `make test`.
test-fast: $(VENV)/.installed-test
	KOOPERACJE_FUZZ_EXAMPLES=25 $(BIN)/python -m pytest -q tests/unit tests/requests

# BENCH_ARGS go to the national benchmark, e.g. BENCH_ARGS="--clients 50000 --databases sqlite"
bench: $(VENV)/.installed-test
	@command -v wrk >/dev/null || { [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null && apt-get install -y -q wrk >/dev/null; } \
		|| echo "wrk is not installed: Python threads generate the load (their ceiling lowers the bare lines)"
	$(BIN)/python -m bench $(BENCH_ARGS)

$(VENV)/.installed: setup.cfg
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: setup.cfg $(VENV)/.installed
	$(BIN)/pip install --quiet -e '.[test]'
	# semgrep in a venv of its own: its many dependencies stay out of the app's environment
	$(PYTHON) -m venv .venv-tools
	.venv-tools/bin/pip install --quiet 'semgrep>=1.100'
	touch $@
