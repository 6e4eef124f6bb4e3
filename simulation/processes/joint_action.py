"""Joint action and tie update: what a meeting produces, and what that does to the tie.

Findings: committees with "no actions specified for the health department and no targets and
outcomes ... for tracking progress" are "multisectoral convergence for name's sake"; block
review committees that only review expenditure and infrastructure are "seldom focused on ...
forging cooperation for joint problem solving" (Singh et al. 2024). Small wins build trust and
commitment (Ansell and Gash 2008); capacity for joint action (management) matters (Emerson,
Nabatchi and Balogh 2012).

When both sides invest effort, joint action happens with a probability set by the forum's
scope, assigned deliverables and the two sides' capacity. Then:

* joint action: the tie grows towards 1 and each side's trust in the other grows;
* both invest but nothing comes of it: dialogue alone builds the tie a little (principled
  engagement, Emerson et al. 2012);
* one side invests and the other does not: the tie weakens and the let-down side's trust in
  the other drops (less so where a central management unit troubleshoots);
* no meeting, or nobody invests: the tie decays slowly.

Every meeting without joint action is counted as a meeting "for name's sake". Hierarchical
ties (supervision, convening) are kept up by routine contact.
"""

from dataclasses import dataclass

import numpy as np

from simulation.parameters import param
from simulation.processes.engagement import Drivers
from simulation.world import World


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
    cmu_repair: float = param(0.5, 0, 1, doc="share of a let-down a CMU's troubleshooting repairs")
    routine_strength: float = param(0.8, 0, 1, doc="level routine contact keeps hierarchy ties at")
    routine_regrowth: float = param(
        0.05, 0, 1, unit="per month", doc="pace at which routine contact rebuilds hierarchy ties"
    )


def action_probability(problem_solving, deliverables, capacity_src, capacity_dst, p):
    """Chance that a meeting where both sides invest effort produces joint action."""
    q = (
        np.where(problem_solving, p.problem_solving_action, p.review_action)
        + p.deliverables_action * deliverables
        + p.capacity_action * ((capacity_src + capacity_dst) / 2.0 - 0.5)
    )
    return np.clip(q, 0.0, 1.0)


def step(world: World, p: JointActionParams, drivers: Drivers, u_action: np.ndarray) -> None:
    t, n, inst, ev = world.ties, world.nodes, world.institutions, world.events
    f = t.forum
    src, dst = t.src[f], t.dst[f]
    q = action_probability(
        inst.problem_solving,
        inst.deliverables,
        np.take(drivers.capacity, src),
        np.take(drivers.capacity, dst),
        p,
    )
    both = ev.engaged_src & ev.engaged_dst
    action = both & (u_action < q)
    src_let_down = ev.engaged_src & ~ev.engaged_dst
    dst_let_down = ev.engaged_dst & ~ev.engaged_src

    # Every forum tie is in exactly one case: both sides invested, with joint action or only
    # dialogue (the tie grows towards 1); one side invested and was let down, or neither did
    # (the tie loses a share of its strength). np.where keeps each case's own arithmetic.
    s = t.strength[f]
    growth = np.where(action, p.growth, p.dialogue_growth)
    loss = np.where(src_let_down | dst_let_down, p.letdown_loss, p.decay)
    t.strength[f] = np.where(both, s + growth * (1.0 - s), s - loss * s)

    # Trust grows on both sides of a joint action; the side let down loses some.
    trust_src, trust_dst = t.trust_src[f], t.trust_dst[f]  # views
    let_down = p.letdown_trust_loss * (1.0 - p.cmu_repair * inst.central_management_unit)
    for trust, let_down_here in ((trust_src, src_let_down), (trust_dst, dst_let_down)):
        trust[:] = np.where(
            action,
            trust + p.trust_gain * (1.0 - trust),
            np.where(let_down_here, trust - let_down * trust, trust),
        )

    n.last_joint_action[src[action]] = world.month
    n.last_joint_action[dst[action]] = world.month

    routine = slice(t.n_forum, t.n_forum + t.n_routine)
    t.strength[routine] += p.routine_regrowth * (p.routine_strength - t.strength[routine])
    ev.joint_action = action
