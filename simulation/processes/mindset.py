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

from dataclasses import dataclass

import numpy as np

from simulation.parameters import param
from simulation.policies import Training
from simulation.world import World


@dataclass
class MindsetParams:
    influence_rate: float = param(0.05, 0, 1, unit="per month", doc="pull of trusted peers' views")
    stubbornness: float = param(
        0.03, 0, 1, unit="per month", doc="pull back to one's anchor (makes didactic gains fade)"
    )
    didactic_shift: float = param(
        0.15, 0, 1, doc="share of the gap to 1 closed by didactic training"
    )
    pdia_growth: float = param(
        0.03, 0, 1, unit="per month", doc="orientation gain while practising"
    )
    pdia_anchor_growth: float = param(
        0.02, 0, 1, unit="per month", doc="anchor gain while practising PDIA (lasting change)"
    )
    pdia_dropout: float = param(
        0.03, 0, 1, unit="per month", doc="chance a trainee stops practising"
    )
    pdia_tie_growth: float = param(
        0.05, 0, 1, unit="per month", doc="team ties' gain while practising"
    )
    joint_training_tie_boost: float = param(
        0.15, 0, 1, doc="share of the gap to 1 that joint training closes on trainees' ties"
    )


def officer_ties(world: World) -> np.ndarray:
    """Indices of ties between two officers: meso cross-sector, supervision and convening."""
    t = world.ties
    return np.r_[0 : t.n_meso, t.n_forum : t.n_forum + t.n_routine]


def step(world: World, p: MindsetParams, u_dropout: np.ndarray) -> None:
    n, t = world.nodes, world.ties
    off = n.officers
    k = n.n_officers
    idx = officer_ties(world)
    a, b = t.src[idx], t.dst[idx]
    w_ab = t.strength[idx] * t.trust_src[idx]  # weight a gives to b's view
    w_ba = t.strength[idx] * t.trust_dst[idx]
    o = off.orientation
    num = np.bincount(a, w_ab * o[b], k) + np.bincount(b, w_ba * o[a], k)
    den = np.bincount(a, w_ab, k) + np.bincount(b, w_ba, k)
    degree = np.bincount(a, minlength=k) + np.bincount(b, minlength=k)
    has = den > 0
    target = np.where(has, num / np.where(has, den, 1.0), o)
    weight = np.where(degree > 0, den / np.maximum(degree, 1), 0.0)
    new = o + p.influence_rate * weight * (target - o) + p.stubbornness * (off.anchor - o)

    practising = off.practising_pdia
    new[practising] += p.pdia_growth * (1.0 - new[practising])
    off.anchor[practising] += p.pdia_anchor_growth * (1.0 - off.anchor[practising])
    team = np.zeros(n.n, bool)
    team[:k] = practising
    m = t.meso
    together = team[t.src[m]] & team[t.dst[m]]
    s = t.strength[m]
    s[together] += p.pdia_tie_growth * (1.0 - s[together])
    off.practising_pdia &= u_dropout >= p.pdia_dropout
    off.orientation[:] = np.clip(new, 0.0, 1.0)


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
