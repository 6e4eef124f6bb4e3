"""What a scenario costs, from illustrative unit costs and what the simulated run did.

The sources give no costs. Each unit cost below is a documented, configurable parameter
(``configs/costs/illustrative.yaml``); the report says they are illustrative. A run's cost is
counted from its own configuration and what it did: officers trained, meso committee and
platform pair meetings actually held (the ``pair_meetings_per_block`` indicator, per
simulated block), blocks with a platform, Gram
Panchayats eligible for awards, departments with deliverables to track, months simulated. Costs
are in Indian rupees for the simulated blocks over the whole horizon, and are reported per block
per year so that states and scales compare.
"""

from dataclasses import dataclass, fields

import pandas as pd

from simulation.parameters import ConfigError, check_ranges, param
from simulation.policies import Accountability, ConvergenceModel, Training

ALLIED_DEPARTMENTS = 5
#: The sources give no costs (``configs/costs/illustrative.yaml``).
ILLUSTRATIVE = "assumption: illustrative round figure; the sources give no costs"


@dataclass(frozen=True)
class UnitCosts:
    """Illustrative unit costs (INR). Change them in ``configs/costs/`` or on the command line."""

    officer_training_day: float = param(
        4000.0,
        0,
        1e6,
        unit="INR per officer-day",
        doc="trainer, venue, travel and lost work",
        evidence=ILLUSTRATIVE,
    )
    didactic_days: float = param(
        3.0,
        0,
        60,
        unit="days",
        doc="classroom course per officer",
        evidence=ILLUSTRATIVE,
    )
    pdia_days: float = param(
        10.0,
        0,
        120,
        unit="days",
        doc="PDIA per officer: launch, coaching visits, reviews",
        evidence=f"{ILLUSTRATIVE}; PDIA teams 'supported post training'",
    )
    meeting_pair: float = param(
        1500.0,
        0,
        1e6,
        unit="INR per pair per meeting",
        doc="two officers' time and travel when a pair of departments meets in a committee or "
        "platform (the model counts meetings per pair)",
        evidence=ILLUSTRATIVE,
    )
    platform_block_year: float = param(
        150000.0,
        0,
        1e8,
        unit="INR per block per year",
        doc="a convergence platform's convener, facilitator and integrated package work",
        evidence=ILLUSTRATIVE,
    )
    deliverables_department_year: float = param(
        20000.0,
        0,
        1e7,
        unit="INR per department per block per year",
        doc="setting and tracking deliverables and targets",
        evidence=ILLUSTRATIVE,
    )
    cmu_block_year: float = param(
        30000.0,
        0,
        1e7,
        unit="INR per block per year",
        doc="the state central management unit's cost with its four functions, shared over "
        "the state's blocks (a unit with fewer functions costs its share: a quarter each, an "
        "assumption)",
        evidence=ILLUSTRATIVE,
    )
    award_gp_year: float = param(
        50000.0,
        0,
        1e8,
        unit="INR per awarded GP per year",
        doc="Gram Panchayat award money",
        evidence=f"{ILLUSTRATIVE}; Kerala gives GPs 'financial awards' (no amount given)",
    )
    awarded_share: float = param(
        0.1,
        0,
        1,
        doc="share of Gram Panchayats awarded each year",
        evidence="assumption: illustrative, one in ten; the sources give no share",
    )
    data_block_year: float = param(
        25000.0,
        0,
        1e7,
        unit="INR per block per year",
        doc="one harmonised data system",
        evidence=ILLUSTRATIVE,
    )


def unit_costs(values: dict) -> UnitCosts:
    """Unit costs from a mapping (a Hydra config group), each checked against its range."""
    allowed = {f.name for f in fields(UnitCosts)}
    for key, value in values.items():
        if key not in allowed:
            raise ConfigError(f"costs.{key} is not a unit cost; allowed: {sorted(allowed)}")
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise ConfigError(f"costs.{key} = {value!r} is not a number")
    check_ranges(UnitCosts(**values), "costs.")
    return UnitCosts(**{k: float(v) for k, v in values.items()})


def run_cost(config, counts: dict[str, int], series: pd.DataFrame, c: UnitCosts) -> dict:
    """The cost of one run by item (INR over the horizon), from its config and what it did.

    ``counts`` are the run's network sizes (``CollaborationModel.counts()``); ``series`` its
    monthly indicators.
    """
    iv = config.interventions
    years = len(series) / 12
    blocks = counts["blocks"]
    officers = counts["HealthLeader"] + counts["AlliedDepartment"]
    out = {
        "meetings": c.meeting_pair * float(series["pair_meetings_per_block"].sum()) * blocks,
        "training": 0.0,
        "platforms": 0.0,
        "deliverables": 0.0,
        "central_management_unit": 0.0,
        "gp_awards": 0.0,
        "data_harmonisation": 0.0,
    }
    if iv.training is not Training.none and iv.training_start_month < len(series):
        days = c.pdia_days if iv.training is Training.pdia else c.didactic_days
        out["training"] = c.officer_training_day * days * officers * iv.training_coverage
    if iv.block_convergence is not ConvergenceModel.none:
        out["platforms"] = c.platform_block_year * blocks * iv.block_convergence_coverage * years
    if iv.accountability is Accountability.deliverables:
        departments = ALLIED_DEPARTMENTS + 1
        out["deliverables"] = c.deliverables_department_year * departments * blocks * years
    if iv.central_management_unit:
        functions = (iv.cmu_guidelines, iv.cmu_focal_points, iv.cmu_reviews, iv.cmu_troubleshooting)
        share = sum(functions) / len(functions)
        out["central_management_unit"] = c.cmu_block_year * share * blocks * years
    if iv.gp_awards or config.state.gram_panchayats.awards:
        gps = counts["GramPanchayat"]
        out["gp_awards"] = c.award_gp_year * c.awarded_share * gps * years
    if iv.data_harmonisation:
        out["data_harmonisation"] = c.data_block_year * blocks * years
    out["total"] = sum(out.values())
    out["per_block_year"] = out["total"] / blocks / years if years else 0.0
    return out
