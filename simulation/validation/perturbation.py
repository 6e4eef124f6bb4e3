"""Robustness draws: random settings of every non-focal parameter around its default.

A pattern that holds only at the defaults is weak. A draw multiplies each numeric parameter
that is not focal by a factor in [1 - spread, 1 + spread] (a Latin hypercube over all of them,
so every parameter's range is covered evenly across draws), clipped to the parameter's
declared range. Structure (real counts), lists, switches and the interventions are not
perturbed: interventions are the levers the patterns compare.
"""

from __future__ import annotations

import functools

import numpy as np
from scipy.stats import qmc

from simulation.config import RunConfig
from simulation.parameters import Bound, declared_parameters, declared_type

#: Config sections whose numeric parameters a robustness draw varies.
PERTURBED_SECTIONS = (
    "state.context",
    "state.health_leaders",
    "state.allied_departments",
    "state.collectors",
    "state.gram_panchayats",
    "state.communities",
    "processes",
)


@functools.cache
def perturbable(focal: tuple[str, ...] = ()) -> tuple[str, ...]:
    """Dotted keys of the float parameters a draw varies, minus those under ``focal`` keys."""
    keys = []
    for key, f in declared_parameters(RunConfig):
        if not key.startswith(PERTURBED_SECTIONS):
            continue
        if any(key == k or key.startswith(k + ".") for k in focal):
            continue
        if f.metadata.get("bound") is None or declared_type(RunConfig, key) is not float:
            continue
        keys.append(key)
    return tuple(keys)


@functools.cache
def _bounds() -> dict[str, Bound]:
    return {
        key: f.metadata["bound"]
        for key, f in declared_parameters(RunConfig)
        if f.metadata.get("bound") is not None
    }


def bound_of(key: str) -> Bound:
    """The declared range of the parameter at dotted ``key``."""
    return _bounds()[key]


def draw_factors(
    keys: tuple[str, ...] | list[str], draws: int, spread: float, seed: int
) -> list[dict[str, float]]:
    """``draws`` settings: for each, one multiplier per key in [1 - spread, 1 + spread]."""
    if not keys:
        return [{} for _ in range(draws)]
    sample = qmc.LatinHypercube(d=len(keys), seed=np.random.default_rng(seed)).random(draws)
    factors = 1.0 + spread * (2.0 * sample - 1.0)
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
