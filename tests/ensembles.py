"""Paired contrasts over seed ensembles: effect size with a 95% t-interval.

Each seed runs both conditions with the same random numbers (common random numbers), so the
difference per seed is the effect of the change plus little noise.
"""

from dataclasses import dataclass

import numpy as np
from conftest import small_config

from simulation.model import CollaborationModel
from simulation.statistics import t_interval


@dataclass
class Contrast:
    mean: float
    low: float
    high: float
    n: int

    def __str__(self):
        return f"{self.mean:+.4f} [95% CI {self.low:+.4f}, {self.high:+.4f}], n={self.n}"


def outcome(overrides, indicator, months, window, seed, state, scale):
    config = small_config(*overrides, f"seed={seed}", state=state, scale=scale, months=months)
    model = CollaborationModel(config)
    model.run_for(months)
    ts = model.timeseries().set_index("month")
    return float(ts.loc[window[0] : window[1], indicator].mean())


def _interval(values: np.ndarray) -> Contrast:
    return Contrast(*t_interval(values), len(values))


def contrast(
    base, treatment, indicator, *, months=48, window=None, seeds=12, state="kerala", scale=0.1
) -> Contrast:
    """Mean of (treatment - base) in ``indicator`` over months ``window`` across seeds."""
    window = window or (months - 11, months)
    return _interval(
        np.array(
            [
                outcome(treatment, indicator, months, window, seed, state, scale)
                - outcome(base, indicator, months, window, seed, state, scale)
                for seed in range(seeds)
            ]
        )
    )


def level(
    overrides, indicator, *, months=48, window=None, seeds=12, state="kerala", scale=0.1
) -> Contrast:
    """Mean of ``indicator`` over months ``window`` across seeds, with its 95% interval."""
    window = window or (months - 11, months)
    return _interval(
        np.array(
            [
                outcome(overrides, indicator, months, window, seed, state, scale)
                for seed in range(seeds)
            ]
        )
    )
