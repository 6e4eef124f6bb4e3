"""Which assumptions the planner's conclusions depend on, from the global sensitivity analysis.

The Sobol stage (``python -m simulation.calibration.sobol``, ``results/sobol/indices.csv``)
gives, for the planner's Bihar differences (each scenario of ``configs/screening_targets.yaml``
against the status quo, and the two block models against each other), each behavioural
weight's total index: the share of the difference's variance it accounts for, alone and with
the others. The report names the weights with the largest, as a planner would say them
(:data:`PLAIN_WEIGHTS`), beside its config key in the appendix. ``uncertainty.sensitivity:
null`` leaves this out.
"""

from __future__ import annotations

import pandas as pd

from simulation.calibration.stage import read_indices
from simulation.parameters import ConfigError

#: The behavioural weights the Sobol stage apportions, as a planner would name them.
PLAIN_WEIGHTS = {
    "processes.engagement.platform_meeting_rate": "how often a block platform actually meets",
    "processes.joint_action.growth": "how much one joint action strengthens a working tie",
    "processes.turnover.focal_point_handover": (
        "how much a named focal point hands over when an officer is transferred"
    ),
    "processes.engagement.pressure_weight": (
        "how much officers respond to political pressure and monitoring"
    ),
    "processes.turnover.newcomer_tie_retention": (
        "how much of a working tie survives an officer's transfer"
    ),
    "processes.engagement.credit_weight": "how much departments care about credit for shared work",
    "processes.engagement.trust_base": "the trust departments have in each other with no history",
    "processes.joint_action.deliverables_action": (
        "how far assigned deliverables turn into joint action"
    ),
    "processes.joint_action.problem_solving_action": (
        "how far a problem-solving forum turns into joint action"
    ),
    "processes.engagement.package_credit": "the credit a platform's integrated package gives",
    "processes.engagement.workload_weight": "how much competing priorities keep departments away",
    "processes.engagement.deliverables_monitoring": "how much tracked targets act as monitoring",
}
#: How many weights the report names per difference.
TOP = 3


def plain_weight(key: str) -> str:
    """A behavioural weight as a planner would name it (its key's last part otherwise)."""
    return PLAIN_WEIGHTS.get(key, key.rsplit(".", 1)[-1].replace("_", " "))


def read_sensitivity(path) -> pd.DataFrame | None:
    """The total indices at the largest sample of ``path`` (``uncertainty.sensitivity``):
    one row per (target, weight), largest first within a target; None for null. A file that
    cannot be read or lacks a column is a :class:`ConfigError` naming the key and the file."""
    from simulation.config_folder import project_file

    if path is None:
        return None
    file = project_file(path)
    if not file.exists():  # it only names weights in the report: say so, and go on
        print(
            f"uncertainty.sensitivity = {str(path)!r} is not there (python -m "
            "simulation.calibration.sobol writes it); the report will not name the weights "
            "each difference depends on most"
        )
        return None
    table = read_indices(
        file,
        {"target", "weight", "base_samples", "ST"},
        ("base_samples", "ST"),
        f"uncertainty.sensitivity = {str(path)!r}",
        "the indices.csv written by python -m simulation.calibration.sobol "
        "(results/sobol/indices.csv), or null",
    )
    from simulation.calibration.prior import calibrated_keys

    known = set(calibrated_keys())
    unknown = sorted(set(map(str, table["weight"])) - known)
    if unknown:
        raise ConfigError(
            f"uncertainty.sensitivity = {str(path)!r}: {unknown[0]!r} is not a behavioural "
            "weight of this model; allowed: an indices.csv made by this model's "
            "python -m simulation.calibration.sobol, or null"
        )
    full = table[table["base_samples"] == table["base_samples"].max()]
    return full.sort_values(["target", "ST"], ascending=[True, False], kind="stable")[
        ["target", "weight", "ST"]
    ].reset_index(drop=True)


def target_of(scenario: str, against: str = "status_quo") -> str:
    """The sensitivity target of ``scenario`` minus ``against`` (the screening's names)."""
    return f"{scenario}_minus_{against}"


def top_weights(sensitivity: pd.DataFrame | None, target: str, top: int = TOP) -> pd.DataFrame:
    """The ``top`` weights with the largest total index on ``target`` (empty if not there)."""
    if sensitivity is None:
        return pd.DataFrame(columns=["target", "weight", "ST"])
    return sensitivity[sensitivity["target"] == target].head(top)
