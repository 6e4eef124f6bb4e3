"""Rejection ABC: the draws closest to every target at once, and what they tell.

Each draw's distance is the root mean square of its misses over the fitted targets (a miss is
how far a target's value lies outside its range, in the target's tolerances; 0 inside), so
every target weighs the same and a draw inside every range has distance 0. The ``accept``
draws of smallest distance (ties by draw number) are the posterior ensemble; the largest
accepted distance is the tolerance ε the acceptance rate implies.

Why rejection and not ABC-SMC (pyabc) or ELFI: the calibration must give the same posterior to
the bit whatever the number of workers, resume after an interruption without losing a finished
draw, and run through the project's one experiment layer (its pool, its config checks, its Ray
road). Every draw of a rejection scheme is independent of every other, so all three hold by
construction, and the same draws double as a sensitivity sample (:mod:`.sensitivity`). An SMC
can be made deterministic (pyabc's mapping sampler evaluates proposals in order), but each
population depends on the last, its database resumes by population rather than by draw, and
its own samplers, not this project's pool, would run the model. The price is efficiency:
rejection spends most runs on draws it rejects, so it constrains the weights that move the
targets most, and cannot tell the rest from their prior (the report says which, weight by
weight).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import stats

from simulation.calibration.prior import Prior
from simulation.calibration.simulate import column
from simulation.calibration.targets import Targets


def target_values(table: pd.DataFrame, targets: Targets) -> pd.DataFrame:
    """One column per target (its value in each draw), indexed like ``table``."""
    out = {}
    for t in targets.targets:
        out[t.name] = t.value({w: table[column(w)].to_numpy() for w in t.windows()})
    return pd.DataFrame(out, index=table.index)


def misses(values: pd.DataFrame, targets: Targets) -> pd.DataFrame:
    """Each target's miss in each draw, in tolerances (0 inside its range)."""
    return pd.DataFrame(
        {t.name: [t.miss(v) for v in values[t.name]] for t in targets.targets}, index=values.index
    )


def distance(miss: pd.DataFrame, targets: Targets) -> np.ndarray:
    """Root mean square miss over the fitted targets."""
    fitted = [t.name for t in targets.fitted]
    return np.sqrt((miss[fitted].to_numpy() ** 2).mean(axis=1))


def accepted(dist: np.ndarray, draws: np.ndarray, accept: int) -> np.ndarray:
    """Positions of the ``accept`` draws of smallest distance, ties broken by draw number."""
    order = np.lexsort((draws, dist))
    return np.sort(order[:accept])


def weights_table(prior: Prior, table: pd.DataFrame, keep: np.ndarray) -> pd.DataFrame:
    """Per weight: prior range, default, posterior mean and 90% interval, the posterior's
    spread relative to the prior's, a Kolmogorov-Smirnov test of the accepted values against
    the uniform prior, whether the data constrain it (KS p below 0.05 after a Bonferroni
    correction over the varied weights), and where the default lies in the posterior."""
    rows = []
    varied = int(prior.varied.sum())
    for j, key in enumerate(prior.keys):
        lo, hi, d = prior.low[j], prior.high[j], prior.default[j]
        post = table[key].to_numpy()[keep]
        row = {
            "weight": key,
            "evidence": "sourced" if prior.sourced[j] else "assumption",
            "prior_low": lo,
            "prior_high": hi,
            "default": d,
            "posterior_mean": float(post.mean()),
            "posterior_q05": float(np.quantile(post, 0.05)),
            "posterior_q95": float(np.quantile(post, 0.95)),
        }
        if hi > lo:
            ks = stats.kstest(post, stats.uniform(loc=lo, scale=hi - lo).cdf)
            row["sd_ratio"] = float(post.std(ddof=1) / ((hi - lo) / np.sqrt(12.0)))
            row["ks"] = float(ks.statistic)
            row["p"] = float(ks.pvalue)
            row["constrained"] = bool(ks.pvalue < 0.05 / varied)
            row["default_percentile"] = float((post < d).mean() * 100.0)
        else:
            row.update(sd_ratio=np.nan, ks=np.nan, p=np.nan, constrained=False)
            row["default_percentile"] = np.nan
        rows.append(row)
    return pd.DataFrame(rows)


def targets_table(
    values: pd.DataFrame, miss: pd.DataFrame, targets: Targets, keep: np.ndarray
) -> pd.DataFrame:
    """Per target: its range, the prior and posterior predictive (median, 5% and 95%), the
    share of prior and of accepted draws inside the range, and the mean accepted miss."""
    rows = []
    for t in targets.targets:
        v, m = values[t.name].to_numpy(), miss[t.name].to_numpy()
        rows.append(
            {
                "target": t.name,
                "kind": t.kind,
                "range": t.describe_range(),
                "prior_median": float(np.median(v)),
                "prior_q05": float(np.quantile(v, 0.05)),
                "prior_q95": float(np.quantile(v, 0.95)),
                "posterior_median": float(np.median(v[keep])),
                "posterior_q05": float(np.quantile(v[keep], 0.05)),
                "posterior_q95": float(np.quantile(v[keep], 0.95)),
                "prior_inside": float((m == 0).mean()),
                "posterior_inside": float((m[keep] == 0).mean()),
                "posterior_miss": float(m[keep].mean()),
                "source": t.source,
            }
        )
    return pd.DataFrame(rows)
