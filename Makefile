# saferplaces: `make demo` and `make test` are the two commands a new machine needs.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DEMO_AREA ?= South Cambridgeshire
WEB_HOST ?= 127.0.0.1
WEB_PORT ?= 8000

.PHONY: install sysdeps demo test lint bench clean

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

## demo: load the bundled real data, print the demo area's indicators, write its assessment,
## then seed the illustrative partnership and start the web app (prints its URL and logins)
demo: install sysdeps
	$(BIN)/saferplaces ingest police-uk data/sample/police_uk
	$(BIN)/saferplaces indicators --area "$(DEMO_AREA)" --period 2025 --baseline 2024
	$(BIN)/saferplaces assess --area "$(DEMO_AREA)" --period 2025 --baseline 2024 --out out/assessment
	$(BIN)/saferplaces admin seed-demo
	$(BIN)/saferplaces serve --host $(WEB_HOST) --port $(WEB_PORT)

## test: lint and run every test
test: install sysdeps
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks
	$(BIN)/python -m pytest
	# The web app's tests again, on a real PostgreSQL server started on loopback.
	./scripts/with-postgres.sh $(BIN)/python -m pytest -q -p no:cacheprovider tests/web -m "not browser"

## bench: measure ingest and query speed against the pandas way; writes benchmarks/results/
bench: install
	$(BIN)/python benchmarks/run.py

clean:
	rm -rf $(VENV) .saferplaces .pytest_cache
