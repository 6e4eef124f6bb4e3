"""Parameters of the joint action process (``joint_action.py``).

Declared apart from the process's compiled loops, so that a run config can be read and
checked without importing numba or the model (``simulation/config.py`` imports only these).
"""

from dataclasses import dataclass

from simulation.parameters import param

SMALL_WINS = "collaboration cycles fed by small wins (Ansell and Gash 2008)"
ROUTINE = "assumption: routine contact along the hierarchy (supervision, convening); sources silent"


@dataclass
class JointActionParams:
    review_action: float = param(
        0.15,
        0,
        1,
        doc="chance a review-only meeting yields joint action",
        evidence="assumption (value); mechanism: the block review committee is 'seldom focused "
        "on ... forging cooperation for joint problem solving'",
    )
    problem_solving_action: float = param(
        0.5,
        0,
        1,
        doc="same, for a problem-solving forum",
        evidence="assumption (value); mechanism: block committees as 'participatory platforms "
        "for collaborative problem solving'",
    )
    deliverables_action: float = param(
        0.35,
        0,
        1,
        doc="added when actions and targets are assigned",
        evidence="assumption (value); mechanism: 'there are no actions specified for the health "
        "department and no targets'",
    )
    capacity_action: float = param(
        0.5,
        0,
        1,
        doc="added per unit of capacity above 0.5",
        evidence="assumption (value); mechanism: Tamil Nadu's cadre enabled officers 'to collect "
        "data, diagnose problems, identify convergence areas'",
    )
    growth: float = param(
        0.3,
        0,
        1,
        doc="share of the gap to 1 a joint action closes",
        evidence=f"assumption (value); mechanism: {SMALL_WINS}",
    )
    dialogue_growth: float = param(
        0.05,
        0,
        1,
        doc="share of the gap to 1 closed when both invest but no action follows",
        evidence="assumption (value); mechanism: principled engagement (Emerson et al. 2012)",
    )
    letdown_loss: float = param(
        0.05,
        0,
        1,
        doc="share of strength lost to one-sided effort",
        evidence="assumption: sources silent on let-downs; the trust cycle run backwards",
    )
    letdown_trust_loss: float = param(
        0.05,
        0,
        1,
        doc="share of trust the let-down side loses",
        evidence="assumption: sources silent on let-downs; the trust cycle run backwards",
    )
    trust_gain: float = param(
        0.1,
        0,
        1,
        doc="share of the gap to full trust a joint action closes",
        evidence=f"assumption (value); mechanism: {SMALL_WINS}",
    )
    decay: float = param(
        0.02,
        0,
        1,
        unit="per month",
        doc="decay of ties with no joint effort",
        evidence="assumption: unused ties fade over a few years; sources silent",
    )
    cmu_repair: float = param(
        0.5,
        0,
        1,
        doc="share of a let-down a CMU's troubleshooting repairs",
        evidence="assumption (value); mechanism: CMU functions, 'conducting troubleshooting "
        "exercises'",
    )
    routine_strength: float = param(
        0.8, 0, 1, doc="level routine contact keeps hierarchy ties at", evidence=ROUTINE
    )
    routine_regrowth: float = param(
        0.05,
        0,
        1,
        unit="per month",
        doc="pace at which routine contact rebuilds hierarchy ties",
        evidence=ROUTINE,
    )
