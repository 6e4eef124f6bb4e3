"""Paired contrasts over seed ensembles: effect size with a 95% t-interval.

Each seed runs both conditions with the same random numbers (common random numbers), so the
difference per seed is the effect of the change plus little noise.
"""

from dataclasses import dataclass

import numpy as np
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


def _mean(config, indicator, window) -> float:
    ts = run(config, progress=False).timeseries.set_index("month")
    return float(ts.loc[window[0] : window[1], indicator].mean())


def outcomes(overrides, indicator, months, window, seeds, state, scale) -> np.ndarray:
    """``indicator``'s mean over months ``window`` for each seed, through the experiment layer
    (in this process: the test files already share the cores)."""
    configs = [
        small_config(*overrides, f"seed={seed}", state=state, scale=scale, months=months)
        for seed in range(seeds)
    ]
    runs = evaluate(
        configs, _mean, workers=1, progress=False, extra=[(indicator, window)] * len(configs)
    )
    return np.array(values(runs))


def _interval(values: np.ndarray) -> Contrast:
    return Contrast(*t_interval(values), len(values))


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
