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
        out[g] = (
            strength[4 * g] + strength[4 * g + 1] + strength[4 * g + 2] + strength[4 * g + 3]
        ) / 4


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
    return (n.officers.orientation[bmo] + n.officers.orientation[rdpr]) / 2.0


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
        facilitation = (sup + team[block[g]]) / 2.0 * (0.5 + 0.5 * orientation[block[g]])
        facilitation += p.task_force_facilitation * task_force[g]
        p_up = (
            p.advance_rate
            * ladder[phase[g]]
            * facilitation
            * (0.5 + fiscal_autonomy[g])
            * (1.0 + p.training_boost * training[g])
            * (1.0 + p.recognition_boost * recognition[g])
        )
        p_up = min(max(p_up, 0.0), 0.5)
        p_down = min(max(p.slip_rate * (1.0 - sup), 0.0), 0.5) * (phase[g] > 0)
        up = u_phase[g] < p_up
        down = not up and u_phase[g] > 1.0 - p_down
        phase[g] += up - down
        if up and awards:
            recognition[g] += p.award_gain * (1.0 - recognition[g])
        else:
            recognition[g] *= 1.0 - p.recognition_decay
