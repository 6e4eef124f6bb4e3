"""What the prior draws say about which weights a result depends on (given-data sensitivity).

The calibration's draws are a Latin hypercube over every behavioural weight, each simulated on
the same runs, so they double as a global sensitivity sample: RBD-FAST first-order indices
(SALib's ``rbd_fast``, which estimates them from any such sample; Tarantola et al. 2006, Plischke
2010) say how much of a target's variance over the prior each weight explains on its own, with a
bootstrap interval. Convergence is shown by the same indices from the first half of the draws.
These are first-order indices only: interactions are not estimated (Sobol totals need their own
design, ``python experiments/sensitivity.py method=sobol``).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from simulation.calibration.prior import Prior

#: Fewer draws than this give no indices (half of them must still sample every weight's range).
MINIMUM_DRAWS = 200


def first_order(
    table: pd.DataFrame, values: pd.DataFrame, prior: Prior, names: list[str], seed: int
) -> pd.DataFrame:
    """One row per (target, weight): S1 and its 95% half-width over all draws, and S1 from the
    first half of the draws (convergence)."""
    from SALib.analyze import rbd_fast

    if len(table) < MINIMUM_DRAWS:
        return pd.DataFrame(columns=["target", "weight", "S1", "S1_conf", "S1_half"])
    varied = [k for k, v in zip(prior.keys, prior.varied, strict=True) if v]
    problem = {
        "num_vars": len(varied),
        "names": varied,
        "bounds": [[float(table[k].min()), float(table[k].max())] for k in varied],
    }
    x = table[varied].to_numpy()
    half = len(x) // 2
    rows = []
    for name in names:
        y = values[name].to_numpy()
        if not np.isfinite(y).all() or np.ptp(y) == 0:
            continue
        full = rbd_fast.analyze(problem, x, y, print_to_console=False, seed=seed)
        early = rbd_fast.analyze(problem, x[:half], y[:half], print_to_console=False, seed=seed)
        for j, key in enumerate(varied):
            rows.append(
                {
                    "target": name,
                    "weight": key,
                    "S1": float(full["S1"][j]),
                    "S1_conf": float(full["S1_conf"][j]),
                    "S1_half": float(early["S1"][j]),
                }
            )
    return pd.DataFrame(rows)
