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

import numpy as np
from numba import njit
from numba.extending import register_jitable

from simulation import cores
from simulation.parameters import as_record
from simulation.processes.engagement import Drivers
from simulation.processes.joint_action_params import JointActionParams
from simulation.world import World


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
    let_down = let_down_trust_loss(inst.cmu_troubleshooting, p)
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
    t.strength[routine] = routine_regrowth(t.strength[routine], p)


@register_jitable
def tie_after_meeting(strength, engaged_src, engaged_dst, action, p):
    """A forum tie's strength after the month's case: both sides invested, so it grows towards
    1 (by ``growth`` with joint action, ``dialogue_growth`` without); one side was let down
    (``letdown_loss``) or nobody invested (``decay``), so it loses a share."""
    if engaged_src and engaged_dst:
        growth = p.growth if action else p.dialogue_growth
        return strength + growth * (1.0 - strength)
    loss = p.letdown_loss if engaged_src or engaged_dst else p.decay
    return strength - loss * strength


@register_jitable
def trust_after_action(trust, p):
    """Trust after a joint action: it grows towards 1 (small wins build trust)."""
    return trust + p.trust_gain * (1.0 - trust)


@register_jitable
def let_down_trust_loss(central_management_unit, p):
    """Share of its trust a let-down side loses, less where a central management unit
    troubleshoots."""
    return p.letdown_trust_loss * (1.0 - p.cmu_repair * central_management_unit)


@register_jitable
def trust_after_let_down(trust, let_down):
    """Trust of the side that invested while the other did not: it loses ``let_down`` of it."""
    return trust - let_down * trust


@register_jitable
def routine_regrowth(strength, p):
    """A hierarchical tie (supervision, convening) is kept up by routine contact: it moves
    towards ``routine_strength``."""
    return strength + p.routine_regrowth * (p.routine_strength - strength)


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
        strength[i] = tie_after_meeting(strength[i], engaged_src[i], engaged_dst[i], action[i], p)
        if action[i]:
            trust_src[i] = trust_after_action(trust_src[i], p)
            trust_dst[i] = trust_after_action(trust_dst[i], p)
        elif engaged_src[i] and not engaged_dst[i]:
            trust_src[i] = trust_after_let_down(trust_src[i], let_down)
        elif engaged_dst[i] and not engaged_src[i]:
            trust_dst[i] = trust_after_let_down(trust_dst[i], let_down)
