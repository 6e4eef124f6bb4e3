"""The intervals every study reports, each made one way, by scipy.

- :func:`t_interval`: the mean of replicates with Student's t 95% interval, kept inside the
  range the values can take (the sweep's condition tables, the planner's comparison);
- :func:`wilson`: a share with its Wilson 95% interval (``scipy.stats.binomtest``): how often
  a scenario beats the status quo, how often runs collapse, how often a validation claim
  holds across robustness draws;
- :func:`difference_interval`: Welch's 95% interval of the difference of two independent
  means (``scipy.stats.ttest_ind``): does a scale estimate what the whole state does;
- :func:`bootstrap`: a statistic of seeds with its bias-corrected and accelerated (BCa)
  bootstrap interval (``scipy.stats.bootstrap``): the validation's effects and means.

``scipy.stats`` is imported inside the functions that need it: the sweep callback imports
this module for every command-line run, and ``scipy.stats`` costs about a second to import.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from scipy import special

#: The fewest replicates an interval is given for: with two, Student's t has one degree of
#: freedom and a quantile of 12.7, an interval that says nothing but "too few replicates".
MIN_REPLICATES = 3


def t_interval(
    x: np.ndarray, bounds: tuple[float, float] = (-np.inf, np.inf)
) -> tuple[float, float, float]:
    """Mean and 95% interval of the mean of ``x``, inside ``bounds``, the range x can take.

    Student's t on the values themselves; if that interval would leave ``bounds`` (a share
    near 0 or 1 over a few replicates), the same interval is made on a scale where the range
    has no ends, by the delta method, and mapped back: ``logit((m - low) / (high - low))``
    for a range bounded on both sides, ``log(m - low)`` or ``log(high - m)`` for one bounded
    on one side. Intervals inside the range are left as they are. The bounds are NaN with
    fewer than :data:`MIN_REPLICATES` values (too few replicates).

    The t quantile is scipy.special's ``stdtrit``, the very function ``scipy.stats.t.ppf``
    calls: importing scipy.stats would cost every command-line run a second, since Hydra
    builds the sweep callback (which imports this module) for single runs too."""
    x = np.asarray(x, dtype=float)
    mean = float(x.mean()) if len(x) else np.nan
    if len(x) < MIN_REPLICATES:
        return mean, np.nan, np.nan
    se = x.std(ddof=1) / np.sqrt(len(x))
    t = float(special.stdtrit(len(x) - 1, 0.975))
    low, high = mean - t * se, mean + t * se
    a, b = bounds
    if low >= a and high <= b:
        return mean, low, high
    return mean, *_transformed(mean, t * se, a, b)


def _transformed(mean: float, half: float, a: float, b: float) -> tuple[float, float]:
    """The interval ``mean +- half`` made on the unbounded scale of the range (a, b)."""
    if np.isfinite(a) and np.isfinite(b):
        u = (mean - a) / (b - a)
        if u <= 0 or u >= 1:  # every value at one end: no spread
            return mean, mean
        centre, spread = np.log(u / (1 - u)), half / ((b - a) * u * (1 - u))
        back = lambda z: a + (b - a) / (1 + np.exp(-z))  # noqa: E731
        return float(back(centre - spread)), float(back(centre + spread))
    if np.isfinite(a):
        d = mean - a
        if d <= 0:
            return mean, mean
        return float(a + d * np.exp(-half / d)), float(a + d * np.exp(half / d))
    d = b - mean
    if d <= 0:
        return mean, mean
    return float(b - d * np.exp(half / d)), float(b - d * np.exp(-half / d))


def wilson(successes: int, trials: int) -> tuple[float, float]:
    """The Wilson 95% interval of a share ``successes / trials`` (NaN for no trials)."""
    if trials == 0:
        return (np.nan, np.nan)
    from scipy import stats

    ci = stats.binomtest(successes, trials).proportion_ci(method="wilson")
    return (float(ci.low), float(ci.high))


def difference_interval(x: np.ndarray, y: np.ndarray) -> tuple[float, float]:
    """Welch's 95% interval of ``mean(x) - mean(y)`` for independent samples (NaN with fewer
    than :data:`MIN_REPLICATES` values in either; a point where neither varies)."""
    x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    if min(len(x), len(y)) < MIN_REPLICATES:
        return (np.nan, np.nan)
    if x.std() == 0 and y.std() == 0:
        d = float(x.mean() - y.mean())
        return (d, d)
    from scipy import stats

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # nearly equal values: still an interval
        ci = stats.ttest_ind(x, y, equal_var=False).confidence_interval(0.95)
    return (float(ci.low), float(ci.high))


@dataclass(frozen=True)
class Estimate:
    """A statistic and the bounds of its interval."""

    value: float
    low: float
    high: float


def bootstrap(
    statistic: Callable[[np.ndarray], np.ndarray],
    units: int,
    *,
    resamples: int = 2000,
    seed: int = 0,
    confidence: float = 0.95,
) -> Estimate:
    """``statistic`` of ``units`` units (seeds), with its BCa bootstrap interval.

    ``statistic`` takes an array of unit indices whose last axis is one sample (all the
    units, or a resample with repetitions; leading axes are samples side by side) and returns
    the number computed from each sample, so a resample keeps a unit's values together (all
    conditions of a seed: the pairing of common random numbers). It is called on every
    resample at once (scipy's ``vectorized``), not once per resample.
    BCa corrects the bias a plain percentile interval has for statistics such as a rank
    correlation, whose resamples (with repeated seeds) are systematically higher than the
    estimate. Where BCa is undefined (a statistic constant across resamples, or jackknife
    values all equal) the percentile interval is used; where that too is undefined, the
    value itself. One unit has no interval: its bounds are NaN.
    """
    from scipy import stats

    value = float(statistic(np.arange(units)))
    if units < 2:
        return Estimate(value, np.nan, np.nan)

    def on_units(picks, axis=-1):
        picks = np.moveaxis(np.asarray(picks, dtype=int), axis, -1)
        return np.asarray(statistic(picks), dtype=float)

    for method in ("BCa", "percentile"):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # degenerate resamples: fall back below
            with np.errstate(all="ignore"):
                result = stats.bootstrap(
                    (np.arange(units),),
                    on_units,
                    n_resamples=resamples,
                    vectorized=True,
                    confidence_level=confidence,
                    method=method,
                    rng=np.random.default_rng(seed),
                )
        low, high = result.confidence_interval
        if np.isfinite(low) and np.isfinite(high):
            return Estimate(value, float(low), float(high))
    return Estimate(value, value, value)  # every resample gives the same value
