# Two commands matter: `make run` and `make test`. Both create the environment themselves.
SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV := .venv
BIN := $(VENV)/bin

# A Python >= 3.12: the first of python3.12, python3.13, python3 that runs and is new enough,
# else pyenv's newest 3.12.x (failing that, its newest later 3.x).
# Override with `make PYTHON=/path/to/python3.12`.
PYTHON ?= $(shell \
  for c in python3.12 python3.13 python3.14 python3; do \
    if command -v $$c >/dev/null 2>&1 && $$c -c 'import sys; sys.exit(sys.version_info < (3, 12))' >/dev/null 2>&1; then \
      command -v $$c; exit 0; fi; \
  done; \
  if command -v pyenv >/dev/null 2>&1; then \
    v=$$(pyenv versions --bare 2>/dev/null | grep -E '^3\.12(\.[0-9]+)?$$' | sort -V | tail -n 1); \
    [ -n "$$v" ] || v=$$(pyenv versions --bare 2>/dev/null | grep -E '^3\.1[3-9](\.[0-9]+)?$$' | sort -V | tail -n 1); \
    if [ -n "$$v" ]; then echo "$$(pyenv root)/versions/$$v/bin/python3"; fi; \
  fi)

.PHONY: help env run example validate test lint format clean

help:
	@echo "make run      create the environment (first time) and run the default simulation"
	@echo "make test     create the environment (first time) and run lint + the test suite"
	@echo "make example  regenerate the example run shown in the README (results/example/)"
	@echo "make validate run the pattern-oriented validation (results/validation.md, ~10 min on 2 cores)"
	@echo "make lint     ruff check and format check"
	@echo "make format   ruff format and autofix"

$(BIN)/.installed: pyproject.toml
	@if [ -z "$(PYTHON)" ]; then \
	  echo "error: no Python >= 3.12 found. Install Python 3.12 or run: make PYTHON=/path/to/python3.12" >&2; exit 1; fi
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $@

env: $(BIN)/.installed

run: env
	$(BIN)/python -m simulation $(ARGS)

example: env
	$(BIN)/python -m simulation output_dir=results/example

validate: env
	$(BIN)/python -m simulation.validation $(ARGS)

lint: env
	$(BIN)/ruff check simulation tests experiments
	$(BIN)/ruff format --check simulation tests experiments

format: env
	$(BIN)/ruff format simulation tests experiments
	$(BIN)/ruff check --fix simulation tests experiments

test: lint
	$(BIN)/python -m pytest

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .hypothesis
