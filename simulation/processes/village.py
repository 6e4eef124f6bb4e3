"""The village platform and the frontline triad: VHSNCs that meet or not, and the ASHA, the
Anganwadi worker and the ANM working together or apart.

Findings (Singh et al. 2024, BMC Health Services Research 24:634): "At the village level, the
Anganwadi Centres ... are the primary hub for convergent health action"; "Anganwadi Centres,
HWCs, and PHCs are directed to collaborate with local self-government structures called
Panchayat Raj Institutions"; "The Village Health Sanitation and Nutrition Committees (VHSNCs) in
every village are expected to pull together actors across sectors, including the health sector
and PRIs"; "effective interpersonal communication among frontline providers leads to smooth
collaboration at the grassroots level", while VHSNCs "have faced limitations due to contextual
barriers, insufficient financial management, and opaque governance processes". District studies
find VHSNCs with irregular meetings and under 1% of members trained (Srivastava et al. 2016,
Jharkhand and Odisha) and the voice of women and marginalised members limited by social
hierarchies (Scott et al. 2017).

Each Gram Panchayat's VHSNC, each month (one pass of a compiled loop, :func:`_village`):

* meets with a chance equal to its functioning (:func:`vhsnc_meets`), which starts at the
  state's value (``state.gram_panchayats.vhsnc_functioning``) and is now an outcome;
* the Gram Panchayat's representative attends with a chance that grows with its engagement
  phase (:func:`gp_attendance`); the community's voice in it is the reach process's;
* a meeting the GP attends spends part of the VHSNC's annual untied fund, never more than the
  fund over any twelve months (:func:`untied_spending`);
* the frontline triad works jointly (a Village Health and Nutrition Day, joint home visits) with
  a chance set by its cohesion, the block's health-WCD convergence (the strength of the block
  medical officer's tie with the CDPO, who supervise the ANM and the Anganwadi worker) and the
  VHSNC's meeting (:func:`triad_chance`); joint work builds cohesion, its absence erodes it
  (:func:`cohesion_after_month`);
* the VHSNC's functioning moves towards a target: the state's value, lifted or lowered by how
  far the Gram Panchayat's phase and the triad's cohesion have moved since the start
  (:func:`functioning_target`, :func:`functioning_after_month`).

Block departments meet a Gram Panchayat (the PANCHAYAT forum ties) as often as its VHSNC now
functions (``engagement.meeting_rate``), its capacity for joint action is that functioning, and
the voice it gives communities follows it (``reach.py``): the village platform and the block
feed each other.
"""

import numpy as np
from numba import njit
from numba.extending import register_jitable

from simulation.parameters import as_record
from simulation.processes.village_params import VillageParams
from simulation.stakeholders import Sector
from simulation.ties import TieKind
from simulation.world import World

#: Months over which a VHSNC's untied fund is counted (one year's grant).
FUND_MONTHS = 12


def step(world: World, p: VillageParams, u_meet, u_attend, u_triad) -> None:
    """Every VHSNC and frontline triad, one month (:func:`_village`)."""
    gp = world.nodes.panchayats
    _village(
        as_record(p),
        world.month % FUND_MONTHS,
        (gp.phase, gp.phase_start, gp.vhsnc_base, gp.triad_start),
        (gp.vhsnc_functioning, gp.triad_cohesion, gp.fund_ring, gp.fund_year),
        (gp.vhsnc_met, gp.gp_present, gp.triad_joint),
        world.ties.strength[triad_ties(world)],
        (u_meet, u_attend, u_triad),
    )


def triad_ties(world: World) -> np.ndarray:
    """Per Gram Panchayat, the block committee tie of its block's medical officer with the
    block's WCD officer (the CDPO): the convergence the triad's supervisors bring (listed once
    per run; the tie set never changes)."""
    listed = world.derived.get("triad_ties")
    if listed is None:
        t, n = world.ties, world.nodes
        f = t.forum
        wcd = (t.kind[f] == TieKind.BLOCK_COMMITTEE) & (n.sector[t.dst[f]] == Sector.WCD)
        index = np.flatnonzero(wcd)
        by_block = np.empty(n.n_blocks, np.int64)
        by_block[t.block[index]] = index
        listed = world.derived["triad_ties"] = by_block[n.panchayats.block]
    return listed


@register_jitable
def vhsnc_meets(u, functioning):
    """Whether a VHSNC meets and works this month: with a chance equal to its functioning."""
    return u < functioning


@register_jitable
def gp_attendance(phase, p):
    """Chance the Gram Panchayat's representative attends its VHSNC's meeting: a floor at phase
    0, more with each engagement phase, at most 1."""
    return min(1.0, p.gp_attendance_floor + p.gp_attendance_per_phase * phase)


@register_jitable
def untied_spending(present, spent_year, p):
    """Share of the annual untied fund a VHSNC spends this month: ``untied_spend`` when the GP
    attends a meeting (the account is a joint one), never beyond what the last twelve months
    left of one year's fund."""
    if not present:
        return 0.0
    return max(0.0, min(p.untied_spend, 1.0 - spent_year))


@register_jitable
def triad_chance(cohesion, convergence, met, p):
    """Chance the ASHA, the Anganwadi worker and the ANM work jointly this month: their
    cohesion, times the share the block's health-WCD convergence (0-1) makes possible, plus a
    boost in a month the VHSNC met; at most 1."""
    floor = p.triad_supervision_floor
    return min(1.0, cohesion * (floor + (1.0 - floor) * convergence) + p.triad_meeting_boost * met)


@register_jitable
def cohesion_after_month(cohesion, joint, p):
    """The triad's cohesion after a month: joint work adds ``cohesion_growth`` of the gap to 1,
    a month apart costs ``cohesion_decay`` of it."""
    if joint:
        return cohesion + p.cohesion_growth * (1.0 - cohesion)
    return cohesion - p.cohesion_decay * cohesion


@register_jitable
def functioning_target(base, phase, phase_start, cohesion, cohesion_start, p):
    """Where a VHSNC's functioning tends: the state's value (``base``, the GP's at the start),
    moved by the Gram Panchayat's engagement since the start (per four phases) and by the
    triad's cohesion since the start; within [0, 1]."""
    target = base + p.phase_lift * (phase - phase_start) / 4.0
    target += p.triad_lift * (cohesion - cohesion_start)
    return min(1.0, max(0.0, target))


@register_jitable
def functioning_after_month(functioning, target, p):
    """A VHSNC's functioning after a month: it closes ``functioning_adjustment`` of the gap to
    its target."""
    return functioning + p.functioning_adjustment * (target - functioning)


@njit(cache=True)
def _village(p, slot, start, state, events, convergence, draws):
    """Each Gram Panchayat's VHSNC and triad, in turn, as the module's docstring says."""
    phase, phase_start, base, cohesion_start = start
    functioning, cohesion, fund_ring, fund_year = state
    met, present, joint = events
    u_meet, u_attend, u_triad = draws
    for g in range(len(phase)):
        met[g] = vhsnc_meets(u_meet[g], functioning[g])
        present[g] = met[g] and u_attend[g] < gp_attendance(phase[g], p)
        # the month a year ago leaves the count (never below 0 by rounding)
        spent = max(0.0, fund_year[g] - fund_ring[slot, g])
        spend = untied_spending(present[g], spent, p)
        fund_ring[slot, g] = spend
        fund_year[g] = spent + spend
        joint[g] = u_triad[g] < triad_chance(cohesion[g], convergence[g], met[g], p)
        cohesion[g] = cohesion_after_month(cohesion[g], joint[g], p)
        target = functioning_target(
            base[g], phase[g], phase_start[g], cohesion[g], cohesion_start[g], p
        )
        functioning[g] = functioning_after_month(functioning[g], target, p)
