"""What the model does, as one hash: the behaviour fingerprint of committed results.

A committed study (the validation, the Bihar comparison) records the behaviour fingerprint of
the model that made it, and the test suite fails when the running model's fingerprint differs:
then the model behaves otherwise and the study must be rerun. A comment, a docstring, a rename
or a refactor that keeps every number leaves it unchanged, so such edits no longer call for a
rerun; a change of behaviour changes it.

The fingerprint is a hash of a fixed small ensemble's indicator table (:data:`RUNS`): three
states, each with its own intervention settings chosen to exercise every process (no
convergence model and a pandemic shock; the recommended package with PDIA training and
deliverables; shared accountability, a health-led convergence and didactic training with a
shock), two seeds each, 24 months at scale 0.1: every indicator of every month, rounded to
:data:`DIGITS` significant digits (so a difference in the last bits of a float, such as a
change of summation order, does not count, unless it moves a random draw's outcome). It takes
about three seconds (measured in ``tests/test_model_identity.py``).

``python -m simulation.behaviour`` prints it.
"""

from __future__ import annotations

import functools
import hashlib
import math
import numbers

#: The settings of each run of the ensemble: per state, the interventions it runs with.
SETTINGS = {
    "kerala": (
        "interventions.block_convergence=gp_task_force",
        "interventions.shock_start_month=6",
        "interventions.shock_duration_months=6",
    ),
    "bihar": ("interventions=recommended", "interventions.training_start_month=3"),
    "tamil_nadu": (
        "interventions.accountability=shared",
        "interventions.block_convergence=health_led",
        "interventions.training=didactic",
        "interventions.training_start_month=3",
        "interventions.shock_start_month=12",
        "interventions.shock_duration_months=6",
    ),
}
SEEDS = (1, 2)
MONTHS = 24
SCALE = 0.1
#: Significant digits every indicator is rounded to before hashing.
DIGITS = 9
#: Every run of the ensemble, as overrides.
RUNS = tuple(
    (f"state={state}", f"seed={seed}", f"months={MONTHS}", f"scale={SCALE}", *settings)
    for state, settings in SETTINGS.items()
    for seed in SEEDS
)
#: Hex digits of the fingerprint.
LENGTH = 16


@functools.cache
def behaviour_fingerprint() -> str:
    """The running model's behaviour fingerprint (runs :data:`RUNS`, about three seconds;
    computed once per process)."""
    from simulation.config import load_config
    from simulation.run import run

    digest = hashlib.sha256()
    for overrides in RUNS:
        table = run(load_config(list(overrides)), progress=False).timeseries
        digest.update((" ".join(overrides) + "\n").encode())
        digest.update(indicator_text(table).encode())
    return digest.hexdigest()[:LENGTH]


def indicator_text(table) -> str:
    """A run's table as text: its columns, then each month's values at :data:`DIGITS`."""
    lines = [",".join(table.columns)]
    for row in table.itertuples(index=False):
        lines.append(",".join(rounded(value) for value in row))
    return "\n".join(lines) + "\n"


def rounded(value) -> str:
    """A value at :data:`DIGITS` significant digits (integers exactly; -0 as 0)."""
    if isinstance(value, (bool, numbers.Integral)):
        return str(int(value))
    try:
        value = float(value)
    except (TypeError, ValueError):
        return str(value)
    if math.isnan(value):
        return "nan"
    return f"{value + 0.0:.{DIGITS}g}"


if __name__ == "__main__":
    print(behaviour_fingerprint())
