"""The institutional design stakeholders work in: forums, their scope, deliverables, platforms.

This is *design*, not behaviour: which forum ties meet, whether a forum only reviews or solves
problems, whether actions and targets are assigned to each department, which blocks run a
convergence platform and who leads it, and the state-level arrangements (central management
unit, harmonised data, Gram Panchayat awards, a shock). Interventions (``interventions.py``)
set these flags; the processes turn them into behaviour with their own parameters.
The status quo is the situation the sources describe: committees that review, outcomes
credited to health alone, no platform, separate data systems.
"""

from dataclasses import dataclass

import numpy as np

from simulation.policies import Accountability, DistrictConvenor
from simulation.ties import TieKind, Ties


@dataclass
class Institutions:
    """Institutional flags per forum tie (arrays of length ``ties.n_forum``) and per state."""

    in_forum: np.ndarray  # bool: a committee or platform brings this pair together
    problem_solving: np.ndarray  # bool: the forum solves problems rather than only reviews
    deliverables: np.ndarray  # bool: actions and targets are assigned to each department
    platform: np.ndarray  # bool: tie is part of a block convergence platform
    task_force: np.ndarray  # bool per Gram Panchayat: its block runs GP task forces
    block_model: np.ndarray  # int8 per block: ConvergenceModel index (0 = none)
    accountability: Accountability = Accountability.health_only
    district_committees: int = 12
    central_management_unit: bool = False
    # The central management unit's functions (each False without a CMU).
    cmu_guidelines: bool = False  # uniform guidelines: each department's part written down
    cmu_focal_points: bool = False  # named focal points hand ties over on a transfer
    cmu_reviews: bool = False  # periodic progress reviews: pressure, verified reports
    cmu_troubleshooting: bool = False  # troubleshooting repairs let-downs
    data_harmonisation: bool = False
    gp_awards: bool = False
    shock_active: bool = False  # set month by month by the shock intervention
    shock_intensity: float = 0.0
    district_convenor: DistrictConvenor = DistrictConvenor.collector
    health_society_strengthened: bool = False  # District Health Societies meet monthly
    # Per forum tie: under bilateral engagement, its place (0-4) in its health leader's
    # rotation through the departments; -1 where the pair is not engaged bilaterally.
    bilateral_slot: np.ndarray | None = None

    @classmethod
    def status_quo(cls, ties: Ties, n_blocks: int, n_gp: int) -> "Institutions":
        """Committees that meet and review; no deliverables, platforms or state supports."""
        kind = ties.kind[: ties.n_forum]
        return cls(
            in_forum=kind != TieKind.BLOCK_RDPR,
            problem_solving=np.zeros(ties.n_forum, bool),
            deliverables=np.zeros(ties.n_forum, bool),
            platform=np.zeros(ties.n_forum, bool),
            task_force=np.zeros(n_gp, bool),
            block_model=np.zeros(n_blocks, np.int8),
            bilateral_slot=np.full(ties.n_forum, -1, np.int8),
        )
