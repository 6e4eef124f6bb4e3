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

.PHONY: help env run example bench compare dashboard screenshot bench-dashboard validate calibrate studies sensitivity discover bench-sweeps test test-model lint format clean

help:
	@echo "make run      create the environment (first time) and run the default simulation"
	@echo "make test     create the environment (first time) and run lint + the test suite"
	@echo "make example  regenerate the example run shown in the README (results/example/)"
	@echo "make bench    the performance benchmark against its targets (results/benchmarks.md, ~1.5 min)"
	@echo "make compare  the planner's comparison of block models and reforms (results/comparisons/bihar/)"
	@echo "make dashboard  the trainer's dashboard on http://127.0.0.1:8765 (PORT=... to change)"
	@echo "make screenshot regenerate the dashboard screenshot in the README (needs chromium)"
	@echo "make bench-dashboard  how fast the dashboard steps and renders (results/dashboard_benchmark.md)"
	@echo "make validate run the pattern-oriented validation (results/validation.md, ~25 min on 2 cores)"
	@echo "make calibrate  rejection ABC of the behavioural weights (results/calibration.md, ~40 min)"
	@echo "make studies  regenerate the committed sweep studies (results/sweeps/, results/sensitivity/; ~10 min)"
	@echo "make sensitivity ARGS=method=sobol   Morris (default) or Sobol indices with SALib"
	@echo "make discover scenario discovery (PRIM) on the collapse sweep"
	@echo "make bench-sweeps  sweep throughput with 1 and 2 workers (results/sweep_benchmark.md)"
	@echo "make test-model  the model's inner loop: properties, reference, determinism, config (< 90 s)"
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
	$(BIN)/python -m simulation output_dir=results/example overwrite=true

bench: env
	$(BIN)/python experiments/benchmark.py $(ARGS)

compare: env
	$(BIN)/python experiments/compare_scenarios.py $(ARGS)

PORT ?= 8765
dashboard: env
	$(BIN)/python -m simulation.dashboard --port $(PORT) $(ARGS)

screenshot: env
	$(BIN)/python experiments/dashboard_screenshot.py $(ARGS)

bench-dashboard: env
	$(BIN)/python experiments/benchmark_dashboard.py $(ARGS)

validate: env
	$(BIN)/python -m simulation.validation $(ARGS)

calibrate: env
	$(BIN)/python -m simulation.calibration $(ARGS)

sensitivity: env
	$(BIN)/python experiments/sensitivity.py $(ARGS)

discover: env
	$(BIN)/python -m simulation -m sweep=collapse
	$(BIN)/python experiments/discover.py $(ARGS)

studies: env
	$(BIN)/python -m simulation -m sweep=training_by_state
	$(BIN)/python experiments/sensitivity.py method=morris
	$(BIN)/python experiments/sensitivity.py method=sobol
	$(BIN)/python -m simulation -m sweep=collapse
	$(BIN)/python experiments/discover.py
	$(BIN)/python -m simulation -m sweep=block_models

bench-sweeps: env
	$(BIN)/python experiments/benchmark_sweeps.py $(ARGS)

lint: env
	$(BIN)/ruff check simulation tests experiments hydra_plugins
	$(BIN)/ruff format --check simulation tests experiments hydra_plugins

format: env
	$(BIN)/ruff format simulation tests experiments hydra_plugins
	$(BIN)/ruff check --fix simulation tests experiments hydra_plugins

# The test files run side by side, one worker per core up to 4 (pytest-xdist); a file's tests
# stay in one worker, so that its module fixtures (a validation ensemble, a sweep, a comparison)
# are built once. Up to 4: several of those tests start a process per core of their own, and
# the longest file bounds the run anyway. The files are handed out in the order tests/conftest.py
# puts them, the longest first (--no-loadscope-reorder: not xdist's order by number of tests),
# so that no long file starts last. `make test TEST_WORKERS=0` runs them all in this process,
# one after another.
TEST_WORKERS ?= auto
test: lint
	$(BIN)/python -m pytest -n $(TEST_WORKERS) --maxprocesses 4 --dist loadfile --no-loadscope-reorder

# The inner loop while changing the model: its properties, the per-agent reference, determinism,
# the processes one by one, the config's checks and the layering (well under 90 s on 2 cores).
# `make test` remains the full suite and CI's command.
MODEL_TESTS := tests/test_properties.py tests/test_reference.py tests/test_determinism.py \
  tests/test_processes.py tests/test_config.py tests/test_structure.py tests/test_mesa.py
test-model: env
	$(BIN)/python -m pytest -q -n $(TEST_WORKERS) --maxprocesses 4 --dist loadfile $(MODEL_TESTS)

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .hypothesis
