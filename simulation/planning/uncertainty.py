"""What the planner does not know about the state: context parameters drawn afresh per seed.

The state files hold ordinal judgements, not measurements (``configs/state/*.yaml``). So that
a comparison does not rest on one setting of them, each seed (replicate) can also draw the
uncertain parameters within ``spread`` of the state's values: a factor in [1 - spread,
1 + spread] from a Latin hypercube over the seeds (:mod:`simulation.sampling`, the one the
validation's robustness draws use: every range covered evenly), clipped to the
parameter's declared range. Replicate ``r`` gets the same draw under every scenario, so
differences stay paired; and the draws are what "what could go wrong" looks at.
"""

import numpy as np
import pandas as pd

from simulation.config import RunConfig
from simulation.parameters import ConfigError
from simulation.sampling import latin_hypercube_factors
from simulation.uncertain_parameters import bound_of, perturbable


def value_at(config: RunConfig, key: str) -> float:
    obj = config
    for part in key.split("."):
        obj = getattr(obj, part)
    return float(obj)


def check(keys: list[str], spread: float) -> None:
    """Raise :class:`ConfigError` naming an unknown key or a spread outside [0, 1)."""
    if not 0 <= spread < 1:
        raise ConfigError(f"uncertainty.spread = {spread}; allowed: [0, 1)")
    allowed = perturbable()
    for key in keys:
        if key not in allowed:
            raise ConfigError(
                f"uncertainty.parameters: {key!r} is not an uncertain parameter; allowed: "
                f"the numeric parameters of state and processes, e.g. {', '.join(allowed[:4])}"
            )
    if len(set(keys)) != len(keys):
        raise ConfigError(f"uncertainty.parameters: {keys} names a parameter twice")


def draw(config: RunConfig, keys: list[str], spread: float, replicates: int, seed: int):
    """One row per replicate, one column per parameter: the values each replicate runs with."""
    check(keys, spread)
    if not keys or spread == 0:
        return pd.DataFrame(index=pd.RangeIndex(replicates, name="replicate"))
    factors = latin_hypercube_factors(len(keys), replicates, spread, seed)
    columns = {}
    for j, key in enumerate(keys):
        b = bound_of(key)
        low = -np.inf if b.low is None else b.low
        high = np.inf if b.high is None else b.high
        columns[key] = np.clip(value_at(config, key) * factors[:, j], low, high).round(4)
    return pd.DataFrame(columns, index=pd.RangeIndex(replicates, name="replicate"))


def overrides(draws: pd.DataFrame, replicate: int) -> list[str]:
    """The config overrides of one replicate's draw."""
    if draws.empty or not len(draws.columns):
        return []
    return [f"{key}={float(value)!r}" for key, value in draws.loc[replicate].items()]
