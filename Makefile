# Two commands for a fresh machine: `make run` and `make test` (see README.md).
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
MANAGE := $(PY) manage.py
FIXTURES := $(wildcard fixtures/progress-report-*.txt)
WORK_REPORTS := $(wildcard fixtures/work-report-*.txt)
TASK_NOTICES := $(wildcard fixtures/key-tasks-notice-*.txt)
# The settings default to production (DEBUG off, DJANGO_SECRET_KEY required); everything make
# starts runs in development mode with the built-in development key unless told otherwise.
export DJANGO_DEBUG ?= 1

.PHONY: run test serve setup lint bench bench-scale

$(VENV)/.runtime: requirements.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

$(VENV)/.dev: requirements-dev.txt $(VENV)/.runtime
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $@

# Migrate, import every fixture and build the open-data files; a second run finds nothing new and
# writes nothing.
setup: $(VENV)/.runtime
	$(MANAGE) migrate --noinput -v 0
	$(MANAGE) collectstatic --noinput -v 0
	$(MANAGE) import_report --publish $(FIXTURES)
	for file in $(WORK_REPORTS); do $(MANAGE) import_work_report $$file || exit 1; done
	for file in $(TASK_NOTICES); do $(MANAGE) import_task_notice $$file || exit 1; done
	$(MANAGE) build_open_data
	@if [ -n "$$ADMIN_PASSWORD" ]; then $(MANAGE) ensure_admin; fi

# The web server and the worker that runs uploads' imports in the background (Procfile).
run: setup
	$(VENV)/bin/honcho start -f Procfile

# The whole suite on SQLite and, at the same time, on PostgreSQL when TEST_DATABASE_URL is set (but
# for the tests marked database_independent: browser pages and benchmarks with databases of their
# own, run once: in the SQLite pass, or in the PostgreSQL pass when also marked in_postgresql_pass,
# to even the passes' time; those marked postgresql_own_database run in the PostgreSQL pass only);
# each pass runs its tests in TEST_WORKERS processes (pytest-xdist), each process with a test
# database of its own. The tests wait on browsers, subprocesses and locks as much as they compute:
# two passes side by side fill the cores. The PostgreSQL pass's output follows the SQLite pass's.
# Three: each process migrates a test database of its own, and the two cores are full either way
# (three a pass: 10 min 12 s side by side; four: 10 min 44 s, on 2026-12-07).
TEST_WORKERS ?= 3
# axe-core (npm, package-lock.json) checks every page in the browser tests.
node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --silent
	touch $@

test: $(VENV)/.dev node_modules/.installed
	@if [ -z "$$TEST_DATABASE_URL" ]; then exec $(PY) -m pytest -n $(TEST_WORKERS); fi; \
	log=$$(mktemp); \
	DATABASE_URL="$$TEST_DATABASE_URL" $(PY) -m pytest -n $(TEST_WORKERS) -m "not database_independent or in_postgresql_pass" \
		-p no:cacheprovider >"$$log" 2>&1 & postgresql=$$!; \
	echo "== SQLite (PostgreSQL runs beside it: $$TEST_DATABASE_URL)"; \
	$(PY) -m pytest -n $(TEST_WORKERS) -m "not postgresql_own_database and not in_postgresql_pass"; sqlite=$$?; \
	wait $$postgresql; postgresql_status=$$?; \
	echo "== PostgreSQL ($$TEST_DATABASE_URL)"; cat "$$log"; rm -f "$$log"; \
	test $$sqlite -eq 0 -a $$postgresql_status -eq 0

lint: $(VENV)/.dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(MANAGE) makemigrations --check --dry-run

# The figures of README.md's "Speed": import speed and memory, then page speed (minutes each).
bench: $(VENV)/.dev
	$(PY) benchmarks/bench_import.py
	$(PY) benchmarks/bench_import_beside_site.py $${TEST_DATABASE_URL:+--postgres $$TEST_DATABASE_URL}
	$(PY) benchmarks/pages.py
	$(PY) benchmarks/bench_upload.py

# Province scale on PostgreSQL (README's "Speed"): 7.3 million reports, under 45 minutes to build.
# SCALE_DATABASE_URL names a database the benchmark drops and creates (its name must hold "scale").
bench-scale: $(VENV)/.dev
	$(PY) benchmarks/scale.py --reset
