# phoihop — everyday commands. `make demo` and `make test` are the README's Quick start.
PYTHON ?= python3.11
VENV ?= .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
MANAGE := $(PY) manage.py
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: venv demo setup test test-fast lint messages bench bench-scale fuzz clean

$(VENV)/.installed: requirements.txt requirements-dev.txt
	@command -v $(PYTHON) >/dev/null || { echo "$(PYTHON) not found"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(PIP) install -q --upgrade pip
	$(PIP) install -q -r requirements-dev.txt
	touch $@

venv: $(VENV)/.installed

setup: venv
	mkdir -p var
	$(MANAGE) compilemessages -l vi -i .venv >/dev/null
	$(MANAGE) migrate --noinput
	$(MANAGE) collectstatic --noinput -v 0
	$(MANAGE) load_areas
	$(MANAGE) seed_demo
	$(MANAGE) send_reminders
	$(MANAGE) notify_overdue_markers

# Sets everything up on the embedded SQLite database and serves http://127.0.0.1:8000 with a background-job
# worker beside the server. Ctrl+C stops both.
demo: setup
	@echo "phoihop: http://$(HOST):$(PORT)/  (Ctrl+C to stop)"
	@trap 'kill $$WORKER 2>/dev/null' EXIT INT TERM; \
	  $(MANAGE) db_worker --interval 2 & WORKER=$$!; \
	  $(VENV)/bin/gunicorn phoihop.wsgi:application --bind $(HOST):$(PORT) --workers 2 --limit-request-line 8190 --access-logfile -

# Sets up and runs the whole test suite (unit, API and Chromium browser tests). With DATABASE_URL pointing
# at PostgreSQL, it runs there instead of SQLite. Test classes (and modules of test functions) are spread over
# TEST_WORKERS processes (pytest-xdist, one per CPU by default), each with its own test database. By class, not
# by file: pytest-django runs the transactional tests (browser, concurrency) after the others because they empty
# the database, and a file mixing both kinds must not bring them forward. TEST_WORKERS=0: one process.
TEST_WORKERS ?= auto
test: venv
	@bash scripts/ensure_chromium.sh
	$(MANAGE) compilemessages -l vi -i .venv >/dev/null
	$(PY) -m pytest -n $(TEST_WORKERS) --dist loadscope --no-loadscope-reorder $(PYTEST_ARGS)

test-fast: venv
	$(PY) -m pytest -m "not e2e" -x -q $(PYTEST_ARGS)

lint: venv
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

messages: venv
	$(MANAGE) makemessages -l vi -i .venv -i var -i static --no-obsolete
	$(MANAGE) compilemessages -l vi -i .venv

bench: setup
	$(PY) scripts/bench.py

# HTTP benchmark: gunicorn (production settings) on the seed_scale dataset, timed over HTTP with 1 and 8 clients
# against the budgets of docs/performance.md; prints figures, asserts nothing. A throw-away SQLite database at
# factor 0.02, or DATABASE_URL (PostgreSQL, factor 1). BENCH_ARGS passes options, e.g. BENCH_ARGS="--requests 5".
bench-scale: venv
	$(PY) scripts/bench_scale.py $(BENCH_ARGS)

# Fuzzes the API with schemathesis over /api/schema/ on a throw-away database with the demo data, as a border
# post's reporter and as the superuser (FUZZ_SECONDS per user, default 180). Fails on any 5xx or schema
# violation. With DATABASE_URL pointing at PostgreSQL, it uses a fresh database <name>_fuzz there.
fuzz: venv
	$(PY) scripts/api_fuzz.py

clean:
	rm -rf var/test.sqlite3 var/staticfiles
