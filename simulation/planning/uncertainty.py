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


def draw(
    config: RunConfig,
    keys: list[str],
    spread: float,
    replicates: int,
    seed: int,
    posterior: pd.DataFrame | None = None,
    seeds_per_draw: int = 1,
):
    """One row per replicate, one column per parameter: the values each replicate runs with.

    With a ``posterior`` (:func:`simulation.calibration.posterior.load_posterior`), replicate
    ``r`` also runs with the behavioural weights of the posterior's draw ``r`` (in the file's
    order, starting again from the first after the last): the comparison then carries what the
    calibration left uncertain about how actors decide, beside what is unknown of the state.

    ``seeds_per_draw`` = k > 1 nests seeds in draws: replicates ``g k`` to ``g k + k - 1`` share
    draw ``g`` (of the posterior and of the state's parameters) and differ only in their chance
    events, so a difference's spread can be split into what chance and what the drawn
    assumptions contribute (:func:`simulation.planning.comparison.sources`). k = 1 gives every
    replicate its own draw; k must divide the replicates."""
    check(keys, spread)
    if seeds_per_draw < 1 or replicates % seeds_per_draw:
        raise ConfigError(
            f"uncertainty.seeds_per_draw = {seeds_per_draw} with seeds = {replicates}; allowed: "
            "a whole number of seeds per draw that divides seeds (every draw runs as many "
            "seeds), e.g. an even number of seeds for 2, or 1"
        )
    groups = replicates // seeds_per_draw
    group = np.arange(replicates) // seeds_per_draw
    index = pd.RangeIndex(replicates, name="replicate")
    weights = pd.DataFrame(index=index)
    if posterior is not None:
        rows = posterior.drop(columns=["draw", "distance"], errors="ignore")
        picked = rows.iloc[group % len(rows)].reset_index(drop=True)
        weights = picked.set_axis(index).copy()
    if not keys or spread == 0:
        return weights
    factors = latin_hypercube_factors(len(keys), groups, spread, seed)[group]
    columns = {}
    for j, key in enumerate(keys):
        b = bound_of(key)
        low = -np.inf if b.low is None else b.low
        high = np.inf if b.high is None else b.high
        columns[key] = np.clip(value_at(config, key) * factors[:, j], low, high).round(4)
    drawn = pd.DataFrame(columns, index=index)
    return pd.concat([drawn, weights], axis=1).copy()  # one block: columns added later are cheap


def overrides(draws: pd.DataFrame, replicate: int) -> list[str]:
    """The config overrides of one replicate's draw."""
    if draws.empty or not len(draws.columns):
        return []
    return [f"{key}={float(value)!r}" for key, value in draws.loc[replicate].items()]


def read_posterior(path) -> pd.DataFrame | None:
    """The posterior ensemble at ``path`` (``uncertainty.posterior``), or None for null.

    Checked before any run (:func:`simulation.calibration.posterior.load_posterior`): a column
    that is not a behavioural weight of this model, or a value out of its range, is a
    :class:`ConfigError` naming the file, the column and the row."""
    from simulation.calibration.posterior import load_posterior
    from simulation.config_folder import project_file

    if path is None:
        return None
    path = project_file(path)  # relative to the project, as committed
    if not path.is_file():
        raise ConfigError(
            f"uncertainty.posterior = {str(path)!r} is not a file; allowed: a posterior.csv "
            "written by make calibrate (results/calibration/posterior.csv), or null to run "
            "every seed at the default weights"
        )
    return load_posterior(path)
