# Portico — two commands on a fresh machine: `make demo` and `make test`.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DEMO_MEMBERS ?= 5000
DEMO_SEED ?= 2026
export PORTICO_VAR ?= $(CURDIR)/var
# Official code files (HCPCS, place of service, revenue, CARC, RARC, group, taxonomy), when at hand.
CODESETS ?= $(CURDIR)/../shared/data/codesets

.PHONY: demo test lint format serve worker browser-deps messages bench clean

$(STAMP): pyproject.toml
	@command -v $(PYTHON) >/dev/null || { echo "Python 3.11 is required ($(PYTHON) not found)"; exit 1; }
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[dev]'
	touch $(STAMP)

demo: $(STAMP)
	@mkdir -p var
	$(BIN)/portico migrate --noinput -v 0
	$(BIN)/portico demo-data --members $(DEMO_MEMBERS) --seed $(DEMO_SEED) --if-missing
	$(BIN)/portico codes demo $(if $(wildcard $(CODESETS)),--from $(CODESETS))
	$(BIN)/portico collectstatic --noinput -v 0
	$(BIN)/portico payments schedule
	$(BIN)/portico personas
	@echo "Serving the portal on http://127.0.0.1:8000 (a task worker runs beside it). Ctrl-C stops both."
	@$(BIN)/portico db_worker --interval 0.5 >var/worker.log 2>&1 & worker=$$!; \
	  trap "kill $$worker 2>/dev/null" EXIT INT TERM; \
	  $(BIN)/gunicorn portico.wsgi -c portico/gunicorn.conf.py

browser-deps:
	@scripts/ensure-chromium
	@scripts/ensure-xmlsec1

test: $(STAMP) browser-deps
	$(BIN)/pytest

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy portico

format: $(STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

messages: $(STAMP)
	cd portico && ../$(BIN)/portico makemessages -l es --no-obsolete && ../$(BIN)/portico compilemessages

clean:
	rm -rf $(VENV) var/*.sqlite3 var/static
