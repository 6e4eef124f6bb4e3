"""Parameters of the joint action process (``joint_action.py``).

Declared apart from the process's compiled loops, so that a run config can be read and
checked without importing numba or the model (``simulation/config.py`` imports only these).
"""

from dataclasses import dataclass

from simulation.parameters import param


@dataclass
class JointActionParams:
    review_action: float = param(0.15, 0, 1, doc="chance a review-only meeting yields joint action")
    problem_solving_action: float = param(0.5, 0, 1, doc="same, for a problem-solving forum")
    deliverables_action: float = param(
        0.35, 0, 1, doc="added when actions and targets are assigned"
    )
    capacity_action: float = param(0.5, 0, 1, doc="added per unit of capacity above 0.5")
    growth: float = param(0.3, 0, 1, doc="share of the gap to 1 a joint action closes")
    dialogue_growth: float = param(
        0.05, 0, 1, doc="share of the gap to 1 closed when both invest but no action follows"
    )
    letdown_loss: float = param(0.05, 0, 1, doc="share of strength lost to one-sided effort")
    letdown_trust_loss: float = param(0.05, 0, 1, doc="share of trust the let-down side loses")
    trust_gain: float = param(0.1, 0, 1, doc="share of the gap to full trust a joint action closes")
    decay: float = param(0.02, 0, 1, unit="per month", doc="decay of ties with no joint effort")
    cmu_repair: float = param(
        0.5,
        0,
        1,
        doc="share of a let-down a CMU's troubleshooting repairs",
        evidence="assumption (value); mechanism: CMU functions, 'conducting troubleshooting "
        "exercises'",
    )
    routine_strength: float = param(0.8, 0, 1, doc="level routine contact keeps hierarchy ties at")
    routine_regrowth: float = param(
        0.05, 0, 1, unit="per month", doc="pace at which routine contact rebuilds hierarchy ties"
    )
