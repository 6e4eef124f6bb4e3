"""Shared fixtures: small configs that build in a fraction of a second, and the CLI."""

import contextlib
import gc
import os
import subprocess
import sys
from pathlib import Path

import pytest

from simulation.command_line import COLLECTOR_THRESHOLDS
from simulation.config import load_config

# Collect garbage in the larger steps the commands take (simulation/command_line.py): with
# Python's defaults each of the two workers spent about 28 s of the suite in 60-odd full
# collections of a heap the module fixtures keep large (measured with gc.callbacks).
gc.set_threshold(*COLLECTOR_THRESHOLDS)


def small_config(*overrides: str, state: str = "kerala", scale: float = 0.1, months: int = 36):
    """A validated config for a small state sample, quiet (no progress bar)."""
    return load_config(
        [f"state={state}", f"scale={scale}", f"months={months}", "progress=false", *overrides]
    )


def run_cli(args, cwd, module: str = "simulation") -> subprocess.CompletedProcess:
    """Run ``python -m MODULE ARGS`` in ``cwd`` as a user would, capturing its output."""
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).parents[1])}
    return subprocess.run(
        [sys.executable, "-m", module, *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def pytest_sessionstart(session):
    """Compile the model's loops once, before any test, when numba's cache is cold (a fresh
    clone, or a changed process).

    Otherwise each xdist worker, and each process a test starts meanwhile (a pool's workers, a
    notebook's kernel, a command run as a user would), compiles the same loops at the same time
    on the same cores. Here only the controller compiles (a one-month toy run fills the cache
    next to the processes' modules); the workers start after it and find the cache warm. A run
    that fails here is left to the tests to report.
    """
    if hasattr(session.config, "workerinput"):  # an xdist worker: the controller did it
        return
    from simulation import compilation

    if compilation.cached():
        return
    from simulation.run import run

    # the tests that run the model say what is wrong, one by one
    with contextlib.suppress(Exception):
        run(small_config(months=1), progress=False)


@pytest.fixture
def kerala_small():
    return small_config()


#: The files that take longest, longest first (CPU seconds of their tests and module fixtures,
#: measured with ``--durations``). ``make test`` runs a file's tests in one worker
#: (``--dist loadfile``) and hands the files out in collection order (``--no-loadscope-reorder``),
#: so starting the long files first keeps one of them from starting last while the other
#: workers sit idle: the run then ends about when the sum of the work, split over the workers,
#: is done. A file not listed runs after these, in its usual order.
LONGEST_FIRST = (
    "test_validation.py",
    "test_notebooks.py",
    "test_sweeps.py",
    "test_compare.py",
    "test_calibration.py",
    "test_package.py",
    "test_dashboard.py",
    "test_model_identity.py",
    "test_readme_commands.py",
    "test_sweep_safety.py",
    "test_bad_input.py",
)


def pytest_collection_modifyitems(items):
    """Put the longest files first, each file's own tests in their usual order."""
    rank = {name: i for i, name in enumerate(LONGEST_FIRST)}
    items.sort(key=lambda item: rank.get(item.path.name, len(rank)))
