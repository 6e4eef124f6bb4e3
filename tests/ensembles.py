"""Paired contrasts over seed ensembles: effect size with a 95% t-interval.

Each seed runs both conditions with the same random numbers (common random numbers), so the
difference per seed is the effect of the change plus little noise.
"""

from dataclasses import dataclass

import numpy as np
import pandas as pd
from conftest import small_config

from simulation.experiment.evaluate import evaluate, values
from simulation.run import run
from simulation.statistics import t_interval


@dataclass
class Contrast:
    mean: float
    low: float
    high: float
    n: int

    def __str__(self):
        return f"{self.mean:+.4f} [95% CI {self.low:+.4f}, {self.high:+.4f}], n={self.n}"


#: Every run's monthly indicators, by (overrides, seed, state, scale, months): a test that reads
#: another indicator or window of the same ensemble (or two tests sharing a baseline) reuses the
#: runs instead of simulating them again. A run is a pure function of its config (see
#: test_determinism.py), so the numbers are those of a fresh run.
_TIMESERIES: dict[tuple, pd.DataFrame] = {}


def _timeseries(config) -> pd.DataFrame:
    return run(config, progress=False).timeseries.set_index("month")


def outcomes(overrides, indicator, months, window, seeds, state, scale) -> np.ndarray:
    """``indicator``'s mean over months ``window`` for each seed, through the experiment layer
    (in this process: the test files already share the cores)."""
    keys = [(tuple(overrides), seed, state, scale, months) for seed in range(seeds)]
    missing = [key for key in keys if key not in _TIMESERIES]
    configs = [
        small_config(*overrides, f"seed={seed}", state=state, scale=scale, months=months)
        for _, seed, *_ in missing
    ]
    if configs:
        runs = evaluate(configs, _timeseries, workers=1, progress=False)
        _TIMESERIES.update(zip(missing, values(runs), strict=True))
    return np.array(
        [float(_TIMESERIES[key].loc[window[0] : window[1], indicator].mean()) for key in keys]
    )


def _interval(values: np.ndarray) -> Contrast:
    return Contrast(*t_interval(values), len(values))


def paired(treatment, base) -> Contrast:
    """Mean of (treatment - base), one pair per seed, with its paired t 95% interval: for a
    test that measures each seed's two runs itself (an officer-level quantity, say)."""
    return _interval(np.asarray(treatment, float) - np.asarray(base, float))


def contrast(
    base, treatment, indicator, *, months=48, window=None, seeds=12, state="kerala", scale=0.1
) -> Contrast:
    """Mean of (treatment - base) in ``indicator`` over months ``window`` across seeds."""
    window = window or (months - 11, months)
    arguments = (indicator, months, window, seeds, state, scale)
    return _interval(outcomes(treatment, *arguments) - outcomes(base, *arguments))


def level(
    overrides, indicator, *, months=48, window=None, seeds=12, state="kerala", scale=0.1
) -> Contrast:
    """Mean of ``indicator`` over months ``window`` across seeds, with its 95% interval."""
    window = window or (months - 11, months)
    return _interval(outcomes(overrides, indicator, months, window, seeds, state, scale))
