"""Mindset diffusion: holistic orientation spreads along trusted ties and is raised by training.

Findings: clinicians "tend to over-prioritise clinical care"; collaboration is easier when
those in power are "empathetically oriented towards holistic approaches"; training should move
beyond didactic teaching to Problem Driven Iterative Adaptation (PDIA), where a cross-department
team picks a problem, "break[s] down their problems into its root causes, identify entry
points, search for possible solutions, plan convergent action, reflect ..., adapt, and then act
again"; joint training of all sectors together (KILA in Kerala) (Singh et al. 2024).

Rule: Friedkin-Johnsen opinion dynamics. Each month an officer moves towards the
trust-and-strength-weighted mean orientation of the officers it is tied to, in proportion to
how strong and trusted those ties are on average, and is pulled back towards its own anchor
(the view its professional formation gave it). Training:

* didactic: a one-off shift of orientation; the anchor is unchanged, so the gain fades;
* PDIA: while a team practises, orientation *and* anchor grow each month and the team's
  cross-sector ties strengthen; teams stop practising at a monthly dropout rate or when a
  member is transferred, and what moved the anchor stays;
* joint training (all departments together) also strengthens the trainees' cross-sector ties.

A shock is practice as well as pressure: "Management of COVID 19 pandemic and the whole of
government approach ... has already provided two years of on-the-job training for enabling
multi-sectoral convergence. Thus, willingness to converge for improving health outcomes is more
now" (a policymaker, Singh et al. 2024). Each joint action an officer takes part in while a
shock is on moves its orientation and its anchor towards 1 (:func:`shock_practice`), so the
lesson lasts; it leaves with the officer when he is transferred (a newcomer's anchor is drawn
afresh, ``turnover.py``), and a shock that brings no joint action teaches nothing.
"""

import numpy as np
from numba import njit
from numba.extending import register_jitable

from simulation.parameters import as_record
from simulation.policies import Training
from simulation.processes.mindset_params import MindsetParams
from simulation.world import World


def step(world: World, p: MindsetParams, u_dropout: np.ndarray) -> None:
    """Orientations move along trusted ties and back to their anchors; PDIA teams practise;
    officers learn from the joint work of a shock (one compiled pass over the officers' ties,
    :func:`_influence`, then one per officer)."""
    n, t = world.nodes, world.ties
    off = n.officers
    _influence(
        as_record(p),
        (t.src, t.dst, t.strength, t.trust_src, t.trust_dst, t.n_meso, t.n_forum, t.n_routine),
        (off.orientation, off.anchor, off.practising_pdia),
        u_dropout,
        shock_joint_actions(world),
    )


def shock_joint_actions(world: World) -> np.ndarray:
    """Per officer, how many joint actions it took part in this month if a shock is on (0 for
    everyone otherwise): the month's share of the pandemic's "on-the-job training for enabling
    multi-sectoral convergence" (Singh et al. 2024) that the officer actually lived."""
    n, t, inst = world.nodes, world.ties, world.institutions
    k = n.n_officers
    if not (inst.shock_active and inst.shock_intensity > 0):
        return np.zeros(k, np.int64)
    f = t.forum
    action = world.events.joint_action
    ends = np.concatenate([t.src[f][action], t.dst[f][action]])
    return np.bincount(ends[ends < k], minlength=k)


@njit(cache=True)
def _influence(p, tie, officer, u_dropout, lived):
    """Friedkin-Johnsen on the officer ties (meso cross-sector, supervision, convening), PDIA
    practice, and what each officer learnt from its ``lived`` joint actions during a shock.

    Each side's weight is the tie's strength times its trust in the other. The weighted sums
    are kept apart for the src and dst ends and added after, in tie order: the order of the
    sums of one weighted bincount per end.
    """
    src, dst, strength, trust_src, trust_dst, n_meso, n_forum, n_routine = tie
    o, anchor, practising = officer
    k = len(o)
    num_src, num_dst = np.zeros(k), np.zeros(k)
    den_src, den_dst = np.zeros(k), np.zeros(k)
    degree = np.zeros(k, np.int64)
    for first, last in ((0, n_meso), (n_forum, n_forum + n_routine)):
        for i in range(first, last):
            a, b = src[i], dst[i]
            w_ab = influence_weight(strength[i], trust_src[i])  # weight a gives to b's view
            w_ba = influence_weight(strength[i], trust_dst[i])
            num_src[a] += w_ab * o[b]
            num_dst[b] += w_ba * o[a]
            den_src[a] += w_ab
            den_dst[b] += w_ba
            degree[a] += 1
            degree[b] += 1
    # PDIA teams' cross-sector ties grow while both ends practise.
    for i in range(n_meso):
        if practising[src[i]] and practising[dst[i]]:
            strength[i] = team_tie_growth(strength[i], p)
    for j in range(k):
        new = friedkin_johnsen(
            o[j], anchor[j], num_src[j] + num_dst[j], den_src[j] + den_dst[j], degree[j], p
        )
        if practising[j]:
            new, anchor[j] = pdia_practice(new, anchor[j], p)
        practising[j] &= keeps_practising(u_dropout[j], p)
        if lived[j] > 0:
            new, anchor[j] = shock_practice(new, anchor[j], lived[j], p)
        o[j] = min(max(new, 0.0), 1.0)


@register_jitable
def influence_weight(strength, trust):
    """Weight an officer gives to the view at the other end of a tie: the tie's strength times
    its trust in the other."""
    return strength * trust


@register_jitable
def friedkin_johnsen(orientation, anchor, num, den, degree, p):
    """An officer's next orientation (before PDIA practice and the clip to [0, 1]).

    ``num`` and ``den`` are the sums over its ties of weight x partner's orientation and of
    weight; ``degree`` is how many ties it has. It moves towards the weighted mean orientation
    of its partners by ``influence_rate`` times its mean tie weight (how strong and trusted its
    ties are on average), and back towards its anchor by ``stubbornness``.
    """
    target = num / den if den > 0 else orientation
    weight = den / max(degree, 1) if degree > 0 else 0.0
    return (
        orientation
        + p.influence_rate * weight * (target - orientation)
        + p.stubbornness * (anchor - orientation)
    )


@register_jitable
def pdia_practice(orientation, anchor, p):
    """A month of PDIA practice: orientation and anchor both grow towards 1 (what moved the
    anchor stays after the team stops). Returns (orientation, anchor)."""
    return (
        orientation + p.pdia_growth * (1.0 - orientation),
        anchor + p.pdia_anchor_growth * (1.0 - anchor),
    )


@register_jitable
def shock_practice(orientation, anchor, joint_actions, p):
    """A month of a shock in which an officer took part in ``joint_actions`` joint actions:
    each closes ``shock_practice_gain`` of the gap to 1 of its orientation and of its anchor,
    so what it learnt stays (it fades only if the officer's peers pull the other way, and goes
    with him when he is transferred). Returns (orientation, anchor).

    Evidence: "Management of COVID 19 pandemic and the whole of government approach ... has
    already provided two years of on-the-job training for enabling multi-sectoral convergence.
    Thus, willingness to converge for improving health outcomes is more now" (P-221201AK,
    Singh et al. 2024). The learning is in proportion to the joint work done, not to the
    shock's length: pressure that brings no joint action teaches nothing.
    """
    for _ in range(joint_actions):
        orientation = orientation + p.shock_practice_gain * (1.0 - orientation)
        anchor = anchor + p.shock_practice_gain * (1.0 - anchor)
    return orientation, anchor


@register_jitable
def team_tie_growth(strength, p):
    """A cross-sector tie whose two ends practise PDIA together grows towards 1."""
    return strength + p.pdia_tie_growth * (1.0 - strength)


@register_jitable
def keeps_practising(u, p):
    """Whether a practising officer's team goes on next month, for its uniform draw ``u``."""
    return u >= p.pdia_dropout


@register_jitable
def didactic_training(orientation, p):
    """Didactic training: a one-off shift of orientation towards 1 (the anchor is unchanged,
    so the gain fades)."""
    return orientation + p.didactic_shift * (1.0 - orientation)


@register_jitable
def joint_training_boost(strength, p):
    """Joint training of both ends of a cross-sector tie strengthens it towards 1."""
    return strength + p.joint_training_tie_boost * (1.0 - strength)


def train(world: World, p: MindsetParams, method: Training, trainees: np.ndarray, joint: bool):
    """Train the officers in ``trainees`` (bool per officer) by ``method``."""
    off = world.nodes.officers
    if method is Training.didactic:
        off.orientation[trainees] = didactic_training(off.orientation[trainees], p)
    elif method is Training.pdia:
        off.practising_pdia[trainees] = True
    if joint and method is not Training.none:
        t = world.ties
        m = t.meso
        trained = np.zeros(world.nodes.n, bool)
        trained[: len(trainees)] = trainees
        both = trained[t.src[m]] & trained[t.dst[m]]
        s = t.strength[m]
        s[both] = joint_training_boost(s[both], p)
