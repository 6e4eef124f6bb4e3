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
from numba import njit
from numba.extending import register_jitable

from simulation import cores
from simulation.parameters import as_record, param
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


@register_jitable
def action_probability(problem_solving, deliverables, capacity_src, capacity_dst, p):
    """Chance that a meeting where both sides invest effort produces joint action."""
    q = (
        (p.problem_solving_action if problem_solving else p.review_action)
        + p.deliverables_action * deliverables
        + p.capacity_action * ((capacity_src + capacity_dst) / 2.0 - 0.5)
    )
    return min(max(q, 0.0), 1.0)


def step(world: World, p: JointActionParams, drivers: Drivers, u_action: np.ndarray) -> None:
    """Every forum tie's meeting resolves (one pass of a compiled loop, :func:`_resolve`);
    hierarchical ties regrow with routine contact."""
    t, n, inst, ev = world.ties, world.nodes, world.institutions, world.events
    let_down = p.letdown_trust_loss * (1.0 - p.cmu_repair * inst.central_management_unit)
    cores.spread(
        _resolve,
        t.n_forum,
        as_record(p),
        let_down,
        (t.src, t.dst, t.strength, t.trust_src, t.trust_dst),
        (inst.problem_solving, inst.deliverables, drivers.capacity),
        (ev.engaged_src, ev.engaged_dst, u_action),
        (ev.joint_action, n.last_joint_action, world.month),
    )

    routine = slice(t.n_forum, t.n_forum + t.n_routine)
    t.strength[routine] += p.routine_regrowth * (p.routine_strength - t.strength[routine])


@njit(cache=True, nogil=True)
def _resolve(start, stop, p, let_down, tie, forum, decisions, outcome):
    """Per forum tie, the case of the month and what it does to the tie and to trust.

    Both sides invested: joint action (chance :func:`action_probability`) or only dialogue,
    and the tie grows towards 1. One side invested and was let down, or neither did: the tie
    loses a share of its strength. Trust grows on both sides of a joint action; the side let
    down loses ``let_down`` of it. Both sides of a joint action note the month.
    """
    src, dst, strength, trust_src, trust_dst = tie
    problem_solving, deliverables, capacity = forum
    engaged_src, engaged_dst, u_action = decisions
    action, last_joint_action, month = outcome
    for i in cores.items(start, stop):
        both = engaged_src[i] and engaged_dst[i]
        q = action_probability(
            problem_solving[i], deliverables[i], capacity[src[i]], capacity[dst[i]], p
        )
        action[i] = both and u_action[i] < q
        if action[i]:
            last_joint_action[src[i]] = month
            last_joint_action[dst[i]] = month
        src_let_down = engaged_src[i] and not engaged_dst[i]
        dst_let_down = engaged_dst[i] and not engaged_src[i]
        s = strength[i]
        if both:
            growth = p.growth if action[i] else p.dialogue_growth
            strength[i] = s + growth * (1.0 - s)
        else:
            loss = p.letdown_loss if src_let_down or dst_let_down else p.decay
            strength[i] = s - loss * s
        if action[i]:
            trust_src[i] += p.trust_gain * (1.0 - trust_src[i])
            trust_dst[i] += p.trust_gain * (1.0 - trust_dst[i])
        elif src_let_down:
            trust_src[i] -= let_down * trust_src[i]
        elif dst_let_down:
            trust_dst[i] -= let_down * trust_dst[i]
