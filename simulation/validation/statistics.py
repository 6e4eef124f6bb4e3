"""The statistics of a pattern's claims (effects, steps, gaps, correlations), and their
bootstrap intervals over seeds. The intervals themselves are :mod:`simulation.statistics`.

The data of an experiment are, per measure, an array (conditions x seeds). Conditions run
with the same seeds (common random numbers), so a bootstrap resample draws whole seeds: each
resampled seed keeps its values in every condition, which keeps the pairing.

A statistic reads a condition's values as an array whose last axis is the seeds, and reduces
that axis only (``mean(axis=-1)``): the same code computes it on the experiment's seeds (one
number) and on all of the bootstrap's resamples at once (one number per resample).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

import numpy as np
from scipy import stats

from simulation import statistics as intervals
from simulation.statistics import Estimate

#: Per measure, values with shape (conditions, seeds).
Data = dict[str, np.ndarray]


@dataclass(frozen=True)
class Statistic:
    """A number computed from an experiment's data, with how to say what it is."""

    text: str
    compute: Callable[[Data, dict[str, int]], float]

    def __call__(self, data: Data, index: dict[str, int]) -> float:
        return float(self.compute(data, index))

    def per_sample(self, data: Data, index: dict[str, int]) -> np.ndarray:
        """The statistic of each sample of seeds side by side (the resamples of a bootstrap)."""
        return np.asarray(self.compute(data, index), dtype=float)


def difference(measure: str, treated: str, base: str) -> Statistic:
    """Mean of ``measure`` under ``treated`` minus under ``base``."""
    return Statistic(
        f"{treated} − {base}",
        lambda d, i: d[measure][i[treated]].mean(-1) - d[measure][i[base]].mean(-1),
    )


def level(measure: str, condition: str, reference: float) -> Statistic:
    """Mean of ``measure`` under ``condition`` minus a reference level."""
    return Statistic(
        f"{condition} − {reference:g}", lambda d, i: d[measure][i[condition]].mean(-1) - reference
    )


def smallest_step(measure: str, ordered: tuple[str, ...]) -> Statistic:
    """The smallest rise in the mean of ``measure`` between consecutive ``ordered`` conditions."""

    def compute(d, i):
        means = np.stack([d[measure][i[c]].mean(-1) for c in ordered])
        return np.diff(means, axis=0).min(axis=0)

    return Statistic("smallest step along " + " < ".join(ordered), compute)


def smallest_gap(measure: str, high: tuple[str, ...], low: tuple[str, ...]) -> Statistic:
    """The lowest mean among ``high`` conditions minus the highest among ``low`` ones."""

    def compute(d, i):
        lowest = np.min([d[measure][i[c]].mean(-1) for c in high], axis=0)
        return lowest - np.max([d[measure][i[c]].mean(-1) for c in low], axis=0)

    return Statistic(f"min({', '.join(high)}) − max({', '.join(low)})", compute)


def rank_correlation(measure: str, levels: dict[str, float]) -> Statistic:
    """Spearman correlation between a condition's level and ``measure``, over all runs."""

    ranked: dict[int, np.ndarray] = {}  # the levels' ranks, by seeds: the same every resample

    def compute(d, i):
        seeds = d[measure].shape[-1]
        if seeds not in ranked:
            x = stats.rankdata(np.concatenate([np.full(seeds, v) for v in levels.values()]))
            ranked[seeds] = x - x.mean()
        x = ranked[seeds]
        y = stats.rankdata(np.concatenate([d[measure][i[c]] for c in levels], axis=-1), axis=-1)
        # Spearman's rho as scipy.stats.spearmanr computes it (Pearson's r of average ranks),
        # on every sample at once, without ranking the levels again for each
        y = y - y.mean(axis=-1, keepdims=True)
        return (y @ x) / np.sqrt((x @ x) * (y * y).sum(axis=-1))

    return Statistic("Spearman ρ(level, outcome)", compute)


def interaction(measure: str, a1: str, a0: str, b1: str, b0: str) -> Statistic:
    """Difference of differences: (a1 − a0) − (b1 − b0)."""

    def compute(d, i):
        m = {c: d[measure][i[c]].mean(-1) for c in (a1, a0, b1, b0)}
        return (m[a1] - m[a0]) - (m[b1] - m[b0])

    return Statistic(f"({a1} − {a0}) − ({b1} − {b0})", compute)


class Resampled(Mapping):
    """An experiment's data on a resample of its seeds: a measure is sliced when a statistic
    reads it, not every measure for every resample."""

    def __init__(self, data: Data, seeds: np.ndarray):
        self._data, self._seeds, self._cache = data, seeds, {}

    def __getitem__(self, measure: str) -> np.ndarray:
        if measure not in self._cache:
            self._cache[measure] = self._data[measure][:, self._seeds]
        return self._cache[measure]

    def __iter__(self):
        return iter(self._data)

    def __len__(self) -> int:
        return len(self._data)


def bootstrap(
    statistic: Statistic,
    data: Data,
    index: dict[str, int],
    *,
    resamples: int = 2000,
    seed: int = 0,
    confidence: float = 0.95,
) -> Estimate:
    """The statistic with its BCa bootstrap interval (:func:`simulation.statistics.bootstrap`),
    resampling whole seeds: all conditions of a seed together."""
    n = next(iter(data.values())).shape[1]

    def on_seeds(seeds: np.ndarray) -> np.ndarray:
        return statistic.per_sample(Resampled(data, seeds), index)

    return intervals.bootstrap(on_seeds, n, resamples=resamples, seed=seed, confidence=confidence)


def change_of_effect(late: str, early: str, treated: str, base: str) -> Statistic:
    """How an effect changed over time: (treated − base) in ``late`` minus in ``early``."""

    def compute(d, i):
        effect = {m: d[m][i[treated]].mean(-1) - d[m][i[base]].mean(-1) for m in (late, early)}
        return effect[late] - effect[early]

    return Statistic(f"({treated} − {base}) later minus early", compute)


def retained_share_gap(late: str, early: str, a: str, b: str, base: str) -> Statistic:
    """How much more of its early effect ``a`` keeps later than ``b`` does (both vs ``base``).

    The retained share of an effect is (effect in ``late``) / (effect in ``early``).
    """

    def compute(d, i):
        def retained(c):
            effect = {m: d[m][i[c]].mean(-1) - d[m][i[base]].mean(-1) for m in (late, early)}
            return effect[late] / effect[early]

        return retained(a) - retained(b)

    return Statistic(f"share of early effect kept later: {a} − {b}", compute)
