"""Shared fixtures: small configs that build in a fraction of a second."""

import pytest

from simulation.config import load_config


def small_config(*overrides: str, state: str = "kerala", scale: float = 0.1, months: int = 36):
    """A validated config for a small state sample, quiet (no progress bar)."""
    return load_config(
        [f"state={state}", f"scale={scale}", f"months={months}", "progress=false", *overrides]
    )


@pytest.fixture
def kerala_small():
    return small_config()
