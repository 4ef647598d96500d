# saferplaces: `make demo` and `make test` are the two commands a new machine needs.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DEMO_AREA ?= South Cambridgeshire
# A data group's own short list of indicators for the quarterly place flags.
DEMO_FLAG_INDICATORS ?= violence-and-sexual-offences,anti-social-behaviour,burglary,criminal-damage-and-arson,drugs,vehicle-crime,shoplifting,deliberate-fires,domestic-abuse-crimes
WEB_HOST ?= 127.0.0.1
WEB_PORT ?= 8000
DEMO_DATA := .saferplaces/demo-data
# Tests run on every core (pytest-xdist; docs/decisions/0017-parallel-tests.md).
TEST_WORKERS ?= auto
PARALLEL := -n $(TEST_WORKERS) --dist loadfile

.PHONY: install sysdeps demo test test-fast lint bench bench-national clean snapshots

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[test,bench]'
	touch $(STAMP)

## install: create .venv and install saferplaces with test extras (idempotent)
install: $(STAMP)

## sysdeps: Debian packages for documents and browser/PostgreSQL tests (only those missing)
sysdeps:
	./scripts/system-deps.sh

## demo: load the bundled real data and the illustrative agency extracts, print the demo
## area's indicators, run its place flags, write its assessment (which shows that run),
## then seed the illustrative partnership and start the web app (prints its URL and the
## demo logins)
demo: install sysdeps
	$(BIN)/saferplaces ingest police-uk data/sample/police_uk
	$(BIN)/saferplaces demo-data --out $(DEMO_DATA)
	$(BIN)/saferplaces ingest fire $(DEMO_DATA)/fire --spec $(DEMO_DATA)/fire/fire.spec.toml
	$(BIN)/saferplaces ingest ambulance $(DEMO_DATA)/ambulance
	$(BIN)/saferplaces ingest ed-assaults $(DEMO_DATA)/ed-assaults --spec $(DEMO_DATA)/ed-assaults/ed-assaults.spec.toml
	$(BIN)/saferplaces ingest police-extract $(DEMO_DATA)/police-extract
	$(BIN)/saferplaces ingest asb-cases $(DEMO_DATA)/asb-cases
	$(BIN)/saferplaces ingest idva $(DEMO_DATA)/idva --spec $(DEMO_DATA)/idva/idva.spec.toml
	$(BIN)/saferplaces ingest marac data/sample/illustrative/marac-cases-ILLUSTRATIVE.csv
	$(BIN)/saferplaces ingest drug-treatment $(DEMO_DATA)/drug-treatment
	$(BIN)/saferplaces ingest youth-fte $(DEMO_DATA)/youth-fte
	$(BIN)/saferplaces ingest probation-caseload $(DEMO_DATA)/probation-caseload
	$(BIN)/saferplaces ingest school-attendance $(DEMO_DATA)/school-attendance
	$(BIN)/saferplaces indicators --area "$(DEMO_AREA)" --period 2025 --baseline 2024
	$(BIN)/saferplaces flags run --area "$(DEMO_AREA)" --period 2025 --indicators $(DEMO_FLAG_INDICATORS) --min-flags 3 --partnership south-cambs
	$(BIN)/saferplaces assess --area "$(DEMO_AREA)" --period 2025 --baseline 2024 --out out/assessment --partnership south-cambs
	$(BIN)/saferplaces admin seed-demo
	$(BIN)/saferplaces serve --host $(WEB_HOST) --port $(WEB_PORT)

## test: lint and run every test, on every core; then the web app's tests again on a
## real PostgreSQL server started on loopback (what CI runs): all but the browser
## journeys and the slow document and serving tests, which do not depend on the
## database engine; slow tests of the engine itself (marked database) run on both
test: install sysdeps
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks
	$(BIN)/python -m pytest $(PARALLEL)
	./scripts/with-postgres.sh $(BIN)/python -m pytest -q -p no:cacheprovider $(PARALLEL) tests/web -m "not browser and (not slow or database)"

## test-fast: the quick local tier: lint, unit and element tests (no browser, no
## PostgreSQL, no whole-assessment builds: tests marked slow are left out)
test-fast: install
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks
	$(BIN)/python -m pytest $(PARALLEL) -q -m "not slow"

## snapshots: write the expected counting SQL again (tests/snapshots/) after changing the
## engine on purpose; review the change with `git diff tests/snapshots/`
snapshots: install
	SAFERPLACES_UPDATE_SNAPSHOTS=1 $(BIN)/python -m pytest -q -p no:cacheprovider tests/test_counting_sql.py

## bench: measure ingest and query speed against the pandas way; writes benchmarks/results/
bench: install
	$(BIN)/python benchmarks/run.py

## bench-national: (also run by bench) ingest a synthetic national archive, the bundled
## months replayed in every force of England and Wales (about 7 million rows, written to
## a temporary folder), against DuckDB's raw scan; writes benchmarks/results/national.json
bench-national: install
	$(BIN)/python benchmarks/run.py national

clean:
	rm -rf $(VENV) .saferplaces .pytest_cache
