"""The posterior ensemble as later studies read it: ``results/calibration/posterior.csv``.

One row per accepted draw: ``draw``, ``distance`` and one column per behavioural weight
(``processes.*``). The planner's comparison runs each replicate with one draw's weights
(``uncertainty.posterior`` in ``configs/compare.yaml``). Light on purpose: reading a posterior
imports neither the calibration's runs nor the validation.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from simulation.parameters import ConfigError

#: The committed posterior, relative to the project's folder.
COMMITTED_POSTERIOR = "results/calibration/posterior.csv"


def load_posterior(path: Path | str) -> pd.DataFrame:
    """The posterior ensemble (``posterior.csv``), checked against the config: every column
    but ``draw`` and ``distance`` is a behavioural weight and every value is within its declared
    range. A mismatch is a :class:`ConfigError` naming the file, the column and the row."""
    from simulation.calibration.prior import calibrated_keys
    from simulation.uncertain_parameters import bound_of

    path = Path(path)
    try:
        table = pd.read_csv(path)
    except (OSError, pd.errors.ParserError, pd.errors.EmptyDataError, UnicodeDecodeError) as e:
        raise ConfigError(
            f"posterior = {str(path)!r} cannot be read as a table ({type(e).__name__}); "
            "allowed: a posterior.csv written by python -m simulation.calibration"
        ) from None
    known = set(calibrated_keys())
    missing = [k for k in calibrated_keys() if k not in table.columns]
    if missing:
        raise ConfigError(
            f"{path}: no column for the weight {missing[0]!r} ({len(missing)} missing); "
            "allowed: a posterior of this model's weights (rerun make calibrate after a "
            "model change)"
        )
    for col in table.columns:
        if col in ("draw", "distance"):
            continue
        if col not in known:
            raise ConfigError(
                f"{path}: column {col!r} is not a behavioural weight of this model; allowed: "
                "float parameters under processes.* (rerun make calibrate after a model change)"
            )
        values = pd.to_numeric(table[col], errors="coerce")
        bound = bound_of(col)
        bad = [i for i, v in enumerate(values) if not (np.isfinite(v) and bound.admits(float(v)))]
        if bad:
            raw = table[col].iloc[bad[0]]
            raw = raw.item() if hasattr(raw, "item") else raw
            raise ConfigError(
                f"{path}: row {bad[0] + 1}, {col} = {raw!r} is out of "
                f"range; allowed: {bound.describe()}"
            )
    if len(table) == 0:
        raise ConfigError(f"{path} has no draws; allowed: a posterior with at least one draw")
    return table
