# One place for the project's commands. `make demo` and `make test` are the README's two commands.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PIP := $(BIN)/pip
EXTRAS ?= test,spark

.PHONY: install system-deps demo test check lint types pytest bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip

install: $(BIN)/python
	$(PIP) install --quiet -c constraints.txt -e ".[$(EXTRAS)]"

# Debian packages the browser tests and Spark need (installed only when missing; needs root).
system-deps:
	@bash scripts/system-deps.sh

demo: install
	$(BIN)/groundswell demo --out demo-out

test: install system-deps check

check: lint types pytest

lint:
	$(BIN)/ruff check src tests bench

types:
	$(BIN)/mypy

pytest:
	$(BIN)/pytest -q

bench: install
	$(BIN)/python bench/run_all.py

clean:
	rm -rf $(VENV) demo-out .pytest_cache .mypy_cache .ruff_cache
