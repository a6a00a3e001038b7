# doingoai — set-up and run targets. Every target creates .venv when missing
# and installs what it needs; a second run is quick.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
LOCK   := requirements.lock

.PHONY: run test test-sqlite test-postgres lint bench bench-packages install system-packages \
	lock topics-model clean

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

# The exact versions in requirements.lock are the ones installed (and tested):
# a fresh machine gets what CI tested, whatever is newest on the index today.
$(STAMP): pyproject.toml $(LOCK) | $(PY)
	$(PY) -m pip install --quiet -c $(LOCK) -e '.[dev]'
	touch $(STAMP)

# Refreshes requirements.lock: resolves pyproject.toml's ranges (with the dev
# and postgres extras) anew in a throw-away virtualenv and records the exact
# versions. Run it after changing a dependency, then run `make test`.
lock:
	rm -rf .lock-venv
	$(PYTHON) -m venv .lock-venv
	.lock-venv/bin/python -m pip install --quiet --upgrade pip
	.lock-venv/bin/python -m pip install --quiet -e '.[dev,postgres]'
	{ echo "# Exact versions installed by make install/run/test (pip install -c)."; \
	  echo "# Made by 'make lock' from pyproject.toml; do not edit by hand."; \
	  .lock-venv/bin/python -m pip freeze --exclude-editable | LC_ALL=C sort -f; } > $(LOCK)
	rm -rf .lock-venv

# The translation catalogues (src/doingoai/locale/*/LC_MESSAGES/django.po) are
# compiled to the .mo files Django reads on every install (quick; nothing
# compiled is committed).
install: $(STAMP)
	@$(PY) scripts/compile_messages.py

# Debian packages the tests need: a PostgreSQL server (the test run starts a
# throw-away one), chromium for the browser tests (driven by Playwright's Python
# package; no browser download) and poppler-utils (pdftotext reads the PDF
# reports back), and OmegaT (a translator's CAT tool, run in console mode on an
# exported job). Installed when missing; where they cannot be installed the
# tests that need them are skipped, and under CI=true the run fails instead.
DEBIAN_PACKAGES := postgresql postgresql-contrib chromium poppler-utils omegat
system-packages:
	@missing=""; \
	ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1 || missing="$$missing postgresql postgresql-contrib"; \
	[ -x /usr/bin/chromium ] || missing="$$missing chromium"; \
	command -v pdftotext >/dev/null 2>&1 || missing="$$missing poppler-utils"; \
	command -v omegat >/dev/null 2>&1 || missing="$$missing omegat"; \
	if [ -n "$$missing" ]; then \
		if command -v apt-get >/dev/null 2>&1 && [ "$$(id -u)" = 0 ]; then \
			apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
		else echo "not installed and cannot be installed here:$$missing (the tests that need them will be skipped)"; fi; \
	fi

# Migrates, sets up the demo when the database holds no article yet, then
# serves the portal on http://127.0.0.1:8000 (Ctrl-C stops).
run: install
	$(VENV)/bin/doingoai migrate
	$(VENV)/bin/doingoai demo --if-empty --no-searches
	$(VENV)/bin/doingoai serve --host 127.0.0.1 --port 8000

lint: install
	$(VENV)/bin/ruff check src tests bench
	$(VENV)/bin/ruff format --check src tests bench
	$(VENV)/bin/mypy

# Two passes side by side, one per core, sharing nothing (each its own databases
# and server); each one's output is printed whole when it ends. The SQLite pass:
# the suite on the embedded default. The PostgreSQL pass: every test that uses
# the default database again, with it on PostgreSQL, and the tests marked
# postgres (the PostgreSQL backends, through a database alias of their own),
# which within `make test` run there only. Run alone, each pass runs the
# postgres-marked tests too.
test: install system-packages lint
	$(MAKE) --no-print-directory -j2 --output-sync=target test-sqlite test-postgres \
		SQLITE_PYTEST_ARGS='-m "not postgres"'

SQLITE_PYTEST_ARGS ?=
test-sqlite: install
	$(VENV)/bin/pytest -q $(SQLITE_PYTEST_ARGS)

# The tests that never use the default database (tests/pg_server.py,
# SQLITE_PASS_ONLY) are left out, but for those marked postgres.
test-postgres: install
	DOINGOAI_TEST_DATABASE=postgres $(VENV)/bin/pytest -q

# wrk (Debian package) drives the portal benchmark; installed when missing.
bench-packages:
	@if ! command -v wrk >/dev/null 2>&1; then \
		if command -v apt-get >/dev/null 2>&1 && [ "$$(id -u)" = 0 ]; then \
			apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; \
		else echo "wrk not installed and cannot be installed here: the portal benchmark will be skipped"; fi; \
	fi

bench: install bench-packages
	$(PY) bench/run_all.py $(BENCH_ARGS)

topics-model: install
	$(PY) -m doingoai.enrich.train_topics --out src/doingoai/data/topics.json

clean:
	rm -rf $(VENV) var .pytest_cache .mypy_cache .ruff_cache

# Django's deployment checks against the production settings (HTTPS, a real
# secret key); fails on any warning README.md ("Deployment checks") does not explain.
check-deploy: install
	$(PY) scripts/check_deploy.py

# The fuzz tests (tests/fuzz) with a long budget and fresh random inputs; the
# normal test run uses a small, fixed one. FUZZ_EXAMPLES inputs per test.
FUZZ_EXAMPLES ?= 5000
fuzz: install
	HYPOTHESIS_PROFILE=long DOINGOAI_FUZZ_EXAMPLES=$(FUZZ_EXAMPLES) $(VENV)/bin/pytest -q tests/fuzz

.PHONY: check-deploy fuzz
