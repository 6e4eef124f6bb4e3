"""Robustness draws: random settings of every non-focal parameter around its default.

A pattern that holds only at the defaults is weak. A draw multiplies each numeric parameter
that is not focal by a factor in [1 - spread, 1 + spread] (a Latin hypercube over all of them,
:mod:`simulation.sampling`, so every parameter's range is covered evenly across draws),
clipped to the parameter's declared range. Which parameters are varied, and their ranges, is
written once in ``simulation/uncertain_parameters.py`` (the planner's uncertainty draws vary
the same ones, from the same sampler).
"""

from __future__ import annotations

import numpy as np

from simulation.config import RunConfig
from simulation.sampling import latin_hypercube_factors
from simulation.uncertain_parameters import PERTURBED_SECTIONS, bound_of, perturbable

__all__ = ["PERTURBED_SECTIONS", "bound_of", "draw_factors", "perturbable", "rescale"]


def draw_factors(
    keys: tuple[str, ...] | list[str], draws: int, spread: float, seed: int
) -> list[dict[str, float]]:
    """``draws`` settings: for each, one multiplier per key in [1 - spread, 1 + spread]."""
    factors = latin_hypercube_factors(len(keys), draws, spread, np.random.default_rng(seed))
    return [dict(zip(keys, (float(x) for x in row), strict=True)) for row in factors]


def rescale(config: RunConfig, factors: dict[str, float]) -> None:
    """Multiply each parameter in ``factors`` by its factor, in place, within its range."""
    for key, factor in factors.items():
        *path, last = key.split(".")
        owner = config
        for part in path:
            owner = getattr(owner, part)
        value = getattr(owner, last)
        bound = bound_of(key)
        new = value * factor
        if bound.low is not None:
            new = max(new, bound.low)
        if bound.high is not None:
            new = min(new, bound.high)
        if not bound.admits(new):  # an open end: keep the default
            new = value
        setattr(owner, last, float(new))
