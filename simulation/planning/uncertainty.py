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
):
    """One row per replicate, one column per parameter: the values each replicate runs with.

    With a ``posterior`` (:func:`simulation.calibration.posterior.load_posterior`), replicate
    ``r`` also runs with the behavioural weights of the posterior's draw ``r`` (in the file's
    order, starting again from the first after the last): the comparison then carries what the
    calibration left uncertain about how actors decide, beside what is unknown of the state."""
    check(keys, spread)
    weights = pd.DataFrame(index=pd.RangeIndex(replicates, name="replicate"))
    if posterior is not None:
        rows = posterior.drop(columns=["draw", "distance"], errors="ignore")
        picked = rows.iloc[np.arange(replicates) % len(rows)].reset_index(drop=True)
        weights = picked.set_axis(pd.RangeIndex(replicates, name="replicate")).copy()
    if not keys or spread == 0:
        return weights
    factors = latin_hypercube_factors(len(keys), replicates, spread, seed)
    columns = {}
    for j, key in enumerate(keys):
        b = bound_of(key)
        low = -np.inf if b.low is None else b.low
        high = np.inf if b.high is None else b.high
        columns[key] = np.clip(value_at(config, key) * factors[:, j], low, high).round(4)
    drawn = pd.DataFrame(columns, index=pd.RangeIndex(replicates, name="replicate"))
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
    from pathlib import Path

    from simulation.calibration.posterior import load_posterior

    if path is None:
        return None
    given = Path(str(path))
    if not given.is_absolute() and not given.is_file():  # relative to the project, as committed
        from simulation.config_folder import CONFIG_DIR

        project = Path(str(CONFIG_DIR)).parent / given
        given = project if project.is_file() else given
    path = given if given.is_file() else path
    if not Path(str(path)).is_file():
        raise ConfigError(
            f"uncertainty.posterior = {str(path)!r} is not a file; allowed: a posterior.csv "
            "written by make calibrate (results/calibration/posterior.csv), or null to run "
            "every seed at the default weights"
        )
    return load_posterior(path)
