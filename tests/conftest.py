"""Shared fixtures: small configs that build in a fraction of a second, and the CLI."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from simulation.config import load_config


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
