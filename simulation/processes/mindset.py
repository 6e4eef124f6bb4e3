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
"""

import numpy as np
from numba import njit

from simulation.parameters import as_record
from simulation.policies import Training
from simulation.processes.mindset_params import MindsetParams
from simulation.world import World


def step(world: World, p: MindsetParams, u_dropout: np.ndarray) -> None:
    """Orientations move along trusted ties and back to their anchors; PDIA teams practise
    (one compiled pass over the officers' ties, :func:`_influence`, then one per officer)."""
    n, t = world.nodes, world.ties
    off = n.officers
    _influence(
        as_record(p),
        (t.src, t.dst, t.strength, t.trust_src, t.trust_dst, t.n_meso, t.n_forum, t.n_routine),
        (off.orientation, off.anchor, off.practising_pdia),
        u_dropout,
    )


@njit(cache=True)
def _influence(p, tie, officer, u_dropout):
    """Friedkin-Johnsen on the officer ties (meso cross-sector, supervision, convening).

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
            w_ab = strength[i] * trust_src[i]  # weight a gives to b's view
            w_ba = strength[i] * trust_dst[i]
            num_src[a] += w_ab * o[b]
            num_dst[b] += w_ba * o[a]
            den_src[a] += w_ab
            den_dst[b] += w_ba
            degree[a] += 1
            degree[b] += 1
    # PDIA teams' cross-sector ties grow while both ends practise.
    for i in range(n_meso):
        if practising[src[i]] and practising[dst[i]]:
            strength[i] += p.pdia_tie_growth * (1.0 - strength[i])
    for j in range(k):
        num, den = num_src[j] + num_dst[j], den_src[j] + den_dst[j]
        target = num / den if den > 0 else o[j]
        weight = den / max(degree[j], 1) if degree[j] > 0 else 0.0
        new = (
            o[j] + p.influence_rate * weight * (target - o[j]) + p.stubbornness * (anchor[j] - o[j])
        )
        if practising[j]:
            new += p.pdia_growth * (1.0 - new)
            anchor[j] += p.pdia_anchor_growth * (1.0 - anchor[j])
        practising[j] &= u_dropout[j] >= p.pdia_dropout
        o[j] = min(max(new, 0.0), 1.0)


def train(world: World, p: MindsetParams, method: Training, trainees: np.ndarray, joint: bool):
    """Train the officers in ``trainees`` (bool per officer) by ``method``."""
    off = world.nodes.officers
    if method is Training.didactic:
        off.orientation[trainees] += p.didactic_shift * (1.0 - off.orientation[trainees])
    elif method is Training.pdia:
        off.practising_pdia[trainees] = True
    if joint and method is not Training.none:
        t = world.ties
        m = t.meso
        trained = np.zeros(world.nodes.n, bool)
        trained[: len(trainees)] = trainees
        both = trained[t.src[m]] & trained[t.dst[m]]
        s = t.strength[m]
        s[both] += p.joint_training_tie_boost * (1.0 - s[both])
