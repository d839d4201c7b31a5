# Shortcuts for the README's two commands (deploy/run.sh, deploy/test.sh) and a few more.
# make run   — set up, build the database if it is missing or out of date, serve on http://127.0.0.1:8050
# make test  — set up (Debian packages too), then run every test, browser and PostgreSQL included
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
DB ?= data/jjj.db
HOST ?= 127.0.0.1
PORT ?= 8050

.PHONY: setup system run build check test test-fast clean bench bench-pages bench-wire bench-pg

$(BIN)/jjj: pyproject.toml
	PYTHON=$(PYTHON) bash deploy/setup.sh

setup: $(BIN)/jjj

system:
	bash deploy/install-system.sh

build: setup
	$(BIN)/jjj build --db $(DB)

check: setup
	$(BIN)/jjj check

run:
	HOST=$(HOST) PORT=$(PORT) DB=$(DB) PYTHON=$(PYTHON) bash deploy/run.sh

test:
	bash deploy/test.sh

test-fast: setup
	$(BIN)/pytest -q -m "not browser and not postgres"

clean:
	rm -rf $(VENV) data artifacts *.egg-info

# make bench [N=1000000] [PG=postgresql://jjj:jjj@127.0.0.1:5432/DB] — issue 11's measures against their floors,
# one table (bench/bench.py); with PG (a database of your own) the PostgreSQL rows too, the fixture loaded there first
N ?= 1000000
PG ?=
bench: setup
	$(BIN)/python bench/bench.py $(N) $(if $(PG),--pg $(PG))

# make bench-pages LARGE=path/to/large.db — only the page rows (first chart, language switch, callback throughput,
# dropped), seed + LARGE
bench-pages: setup
	$(BIN)/python bench/bench.py --pages-only --large $(LARGE)

# make bench-wire [LARGE=path/to/large.db] — only the bytes-on-the-wire rows (seed; /api/indicators on LARGE too)
bench-wire: setup
	$(BIN)/python bench/bench.py --only wire $(if $(LARGE),--large $(LARGE))

# make bench-pg PG=postgresql://… — only the PostgreSQL rows, on the data that database holds (load it first:
# DATABASE_URL=… jjj build --catalog FIXTURE/indicators.yaml, FIXTURE from `bench/bench.py N --keep FIXTURE`)
bench-pg: setup
	$(BIN)/python bench/bench.py --only postgres --pg "$(PG)"
