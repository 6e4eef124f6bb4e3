"""The simulated world: stakeholders, ties, institutions and context, and what happened this month.

Everything the monthly processes read and change lives here, as arrays. ``World.copy()`` gives
an independent copy (used by the per-agent reference implementation in the tests).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from simulation.institutions import Institutions
    from simulation.stakeholders import Stakeholders
    from simulation.ties import Ties


def copy_arrays(obj):
    """A copy of a dataclass whose numpy arrays (also in nested dataclasses) are copied too."""
    changes = {}
    for f in dataclasses.fields(obj):
        value = getattr(obj, f.name)
        if isinstance(value, np.ndarray):
            changes[f.name] = value.copy()
        elif dataclasses.is_dataclass(value):
            changes[f.name] = copy_arrays(value)
    return dataclasses.replace(obj, **changes)


@dataclass
class ForumRecord:
    """What districts have been told of their meso-level forums, and what they decided
    (``processes/monitoring.py``): arrays of length ``ties.n_meso``."""

    reported: np.ndarray  # reported strength, summed over the months since the last review
    reformed: np.ndarray  # bool: a review turned this reviewing forum into a problem-solving one
    dropped: np.ndarray  # bool: a review wound this forum up
    months: int = 0  # months summed in ``reported``

    @classmethod
    def empty(cls, n_meso: int) -> ForumRecord:
        """No reports yet, no decisions."""
        return cls(np.zeros(n_meso), np.zeros(n_meso, bool), np.zeros(n_meso, bool))


@dataclass
class Context:
    """State-level conditions the processes read; a trainer can change them mid-run."""

    power_asymmetry: float
    health_readiness: float
    political_leadership: float
    data_discrepancy: float
    baseline_coverage: float


@dataclass
class MonthEvents:
    """What happened on each forum tie (arrays of length ``ties.n_forum``) this month.

    The arrays are refilled in place next month: copy one to keep it beyond the month."""

    met: np.ndarray
    engaged_src: np.ndarray
    engaged_dst: np.ndarray
    p_src: np.ndarray  # probability that the src side invests effort
    p_dst: np.ndarray
    load_src: np.ndarray  # workload each side weighed against the meeting
    load_dst: np.ndarray
    credit_src: np.ndarray  # credit each side gets for a joint outcome
    credit_dst: np.ndarray
    pressure: np.ndarray  # political pressure and monitoring on the tie
    joint_action: np.ndarray | None = None
    clash: np.ndarray | None = None


@dataclass
class World:
    nodes: Stakeholders
    ties: Ties
    institutions: Institutions
    context: Context
    overlap: np.ndarray  # mandate overlap of the two sides of each forum tie
    # Uniform numbers per district and per block, drawn once: a district is trained, or a block
    # pilots a convergence model, when its number is below the coverage. Every condition of the
    # same seed shares them, so a pilot at 30% coverage is a subset of one at 60%.
    lottery_district: np.ndarray
    lottery_block: np.ndarray
    month: int = 0
    events: MonthEvents | None = None
    left: np.ndarray | None = None  # officers transferred out this month (bool per officer)
    forums: ForumRecord | None = None  # reports and review decisions (from the first month)
    # Values that follow from the tie set or the institutional design alone, computed once
    # (per design) by the code that uses them (``engagement.design_constants``, each officer's
    # ties for transfers, the indicators' selections); never copied.
    derived: dict = field(default_factory=dict, repr=False)

    def node_weights(self) -> np.ndarray:
        """How many nodes each node stands for: 1 at district level, its block's
        ``block_weight`` below (a sampled block stands for its district's blocks left out at
        a reduced ``scale``; ``simulation/structure.py``)."""
        n = self.nodes
        return np.where(n.block >= 0, n.block_weight[np.maximum(n.block, 0)], 1.0)

    def tie_weights(self) -> np.ndarray:
        """How many ties each tie stands for: 1 for a district-level tie, its block's
        ``block_weight`` for a tie in a block or to one (a district officer's supervision of
        a block officer)."""
        t, n = self.ties, self.nodes
        return np.where(t.block >= 0, n.block_weight[np.maximum(t.block, 0)], 1.0)

    def copy(self) -> World:
        return dataclasses.replace(
            self,
            nodes=copy_arrays(self.nodes),
            ties=copy_arrays(self.ties),
            institutions=copy_arrays(self.institutions),
            context=dataclasses.replace(self.context),
            overlap=self.overlap.copy(),
            events=None,
            left=None,
            forums=None if self.forums is None else copy_arrays(self.forums),
            derived={},
        )
