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
