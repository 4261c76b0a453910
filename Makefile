# neurolift: every target creates .venv and installs the locked dependencies on first use.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
PIP    := $(PY) -m pip
STAMP  := $(VENV)/.installed

.PHONY: run test bench lint install clean

$(STAMP): pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip
	$(PIP) install --quiet -c constraints.txt -e ".[test]"
	touch $(STAMP)

install: $(STAMP)

run: $(STAMP)
	rm -f out/demo.sqlite3 out/demo.sqlite3-wal out/demo.sqlite3-shm
	$(VENV)/bin/neurolift serve --demo out/demo.sqlite3 --host 127.0.0.1 --port 8000

test: $(STAMP)
	bash scripts/test-services.sh
	$(PY) -m pytest -n 2 --dist loadfile src tests

bench: $(STAMP)
	$(PY) benchmarks/run_all.py

lint: $(STAMP)
	$(VENV)/bin/ruff check src tests benchmarks
	$(VENV)/bin/ruff format --check src tests benchmarks
	$(VENV)/bin/mypy src

clean:
	rm -rf $(VENV) .pytest_cache build *.egg-info
