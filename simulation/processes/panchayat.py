"""Gram Panchayat engagement: a phased path, one phase at a time, that slips back under neglect.

Findings: Panchayat involvement "can be planned as a long-term process, starting with
orientation on their roles for health and enabling simpler levels of collaboration in terms of
promoting health service access, leading later to more complex levels of engagement in
planning, monitoring, and resource support"; Kerala's panchayats "had enough financial and
political freedom to take decisions ... and reap the benefits"; Kerala gives awards to Gram
Panchayats that improve public health; KILA trains newly elected representatives; Karnataka's
Gram Panchayat task forces "were trained and supported to perform complex tasks during the
pandemic" (Singh et al. 2024).

Each month a Gram Panchayat advances one phase with a chance set by block facilitation (the
mean of the strength of its own ties to block departments and of the block team's
collaboration, raised by the holistic orientation of the block medical officer and the block
RDPR officer, plus a GP task-force platform), its fiscal autonomy, the training of its
representatives and its recognition; higher phases are harder.
It slips back one phase with a chance that grows as its ties to the block weaken (neglect).
Where awards are in place, advancing earns recognition, which fades otherwise.
"""

import numpy as np
from numba import njit
from numba.extending import register_jitable

from simulation import cores
from simulation.parameters import as_record
from simulation.processes.panchayat_params import PanchayatParams
from simulation.stakeholders import ALLIED_SECTORS, Sector
from simulation.world import World


def support(world: World) -> np.ndarray:
    """Mean strength of each Gram Panchayat's four ties to block departments."""
    t = world.ties
    out = np.empty((t.n_forum - t.n_meso) // 4)
    cores.spread(_mean_of_fours, len(out), t.strength[t.panchayat], out)
    return out


@njit(cache=True, nogil=True)
def _mean_of_fours(start, stop, strength, out):
    """``out[g]``: the mean of ``strength[4g:4g + 4]``, summed in order as numpy's mean does."""
    for g in cores.items(start, stop):
        out[g] = block_support(
            strength[4 * g], strength[4 * g + 1], strength[4 * g + 2], strength[4 * g + 3]
        )


@register_jitable
def block_support(tie_1, tie_2, tie_3, tie_4):
    """A Gram Panchayat's support from the block: the mean strength of its four ties to block
    departments, summed in order as numpy's mean does."""
    return (tie_1 + tie_2 + tie_3 + tie_4) / 4


def block_collaboration(world: World) -> np.ndarray:
    """Mean strength of each block's meso cross-sector ties that a forum brings together."""
    t, inst = world.ties, world.institutions
    m = t.meso
    at_block = (t.block[m] >= 0) & inst.in_forum[m]
    b = world.nodes.n_blocks
    total = np.bincount(t.block[m][at_block], t.strength[m][at_block], minlength=b)
    count = np.bincount(t.block[m][at_block], minlength=b)
    return total / np.maximum(count, 1)


def block_orientation(world: World) -> np.ndarray:
    """Mean holistic orientation of each block's block medical officer and block RDPR officer
    (index = block)."""
    n = world.nodes
    bmo = n.block_medical_officer
    rdpr = n.block_departments[:, ALLIED_SECTORS.index(Sector.RDPR)]
    return leaders_orientation(n.officers.orientation[bmo], n.officers.orientation[rdpr])


@register_jitable
def leaders_orientation(medical_officer, rdpr_officer):
    """A block's holistic orientation as Gram Panchayats meet it: the mean of its block medical
    officer's and its block RDPR officer's."""
    return (medical_officer + rdpr_officer) / 2.0


def step(world: World, p: PanchayatParams, u_phase: np.ndarray) -> None:
    """Every Gram Panchayat advances, slips back or stays (one pass of a compiled loop,
    :func:`_move`); awards give recognition to those that advance."""
    gp, inst = world.nodes.panchayats, world.institutions
    cores.spread(
        _move,
        len(gp.phase),
        as_record(p),
        np.append(np.asarray(p.ladder, float), 0.0),  # nothing above phase 4
        inst.gp_awards,
        (support(world), block_collaboration(world), block_orientation(world)),
        (gp.block, inst.task_force, gp.fiscal_autonomy, gp.training),
        (gp.phase, gp.recognition),
        u_phase,
    )


@njit(cache=True, nogil=True)
def _move(start, stop, p, ladder, awards, facilitators, panchayat, state, u_phase):
    """Gram Panchayats ``start`` to ``stop - 1`` advance, slip back or stay, and their
    recognition grows with an award or fades."""
    support, team, orientation = facilitators
    block, task_force, fiscal_autonomy, training = panchayat
    phase, recognition = state
    for g in cores.items(start, stop):
        sup = support[g]
        b = block[g]
        help_ = facilitation(sup, team[b], orientation[b], task_force[g], p)
        p_up = advance_probability(
            ladder[phase[g]], help_, fiscal_autonomy[g], training[g], recognition[g], p
        )
        p_down = slip_probability(sup, phase[g], p)
        up, down = phase_move(u_phase[g], p_up, p_down)
        phase[g] += up - down
        recognition[g] = recognition_after(recognition[g], up and awards, p)


@register_jitable
def facilitation(support, team, orientation, task_force, p):
    """Block facilitation of one Gram Panchayat: the mean of its own ties' support and the
    block team's collaboration, raised by the block leaders' holistic orientation, plus a GP
    task-force platform."""
    out = (support + team) / 2.0 * (0.5 + 0.5 * orientation)
    out += p.task_force_facilitation * task_force
    return out


@register_jitable
def advance_probability(rung, facilitation, fiscal_autonomy, training, recognition, p):
    """Chance that a Gram Panchayat advances one phase this month, at most 0.5. ``rung`` is the
    ladder's ease of the next phase (0 above phase 4)."""
    p_up = (
        p.advance_rate
        * rung
        * facilitation
        * (0.5 + fiscal_autonomy)
        * (1.0 + p.training_boost * training)
        * (1.0 + p.recognition_boost * recognition)
    )
    return min(max(p_up, 0.0), 0.5)


@register_jitable
def slip_probability(support, phase, p):
    """Chance that a Gram Panchayat slips back one phase this month: it grows as its ties to
    the block weaken (neglect), at most 0.5, and is 0 at phase 0."""
    return min(max(p.slip_rate * (1.0 - support), 0.0), 0.5) * (phase > 0)


@register_jitable
def phase_move(u, p_up, p_down):
    """(advances, slips back) for one uniform draw ``u``: the low end of [0, 1) advances, the
    high end slips back."""
    up = u < p_up
    down = not up and u > 1.0 - p_down
    return up, down


@register_jitable
def recognition_after(recognition, awarded, p):
    """Recognition grows towards 1 with an award (an advance where awards are in place) and
    fades otherwise."""
    if awarded:
        return recognition + p.award_gain * (1.0 - recognition)
    return recognition * (1.0 - p.recognition_decay)
