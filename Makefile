# doingoai — set-up and run targets. Every target creates .venv when missing
# and installs what it needs; a second run is quick.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed

.PHONY: run test lint bench bench-packages install system-packages topics-model clean

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(PY)
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

# Debian packages the tests need: a PostgreSQL server for the PostgreSQL
# search backend tests, and chromium for the browser tests (driven by
# Playwright's Python package; no browser download). Skipped when already present.
system-packages:
	@if ! ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1; then \
		if command -v apt-get >/dev/null 2>&1 && [ "$$(id -u)" = 0 ]; then \
			apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql postgresql-contrib >/dev/null; \
		else echo "PostgreSQL server not installed and cannot be installed here: its tests will be skipped"; fi; \
	fi
	@if [ ! -x /usr/bin/chromium ]; then \
		if command -v apt-get >/dev/null 2>&1 && [ "$$(id -u)" = 0 ]; then \
			apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
		else echo "chromium not installed and cannot be installed here: the browser tests will be skipped"; fi; \
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

test: install system-packages lint
	$(VENV)/bin/pytest -q

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
