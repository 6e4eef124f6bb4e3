"""Reach and equity: how far services reach vulnerable communities, reported apart from coverage.

Findings: "If systems want to reach marginalised and vulnerable communities, health systems
representatives cannot do it on their own"; local leaders (panchayat, tribal heads) bring
health staff and communities together; Self Help Groups help with social mapping; success
should be measured by reduced inequality and reach of the excluded, not coverage numbers
(Singh et al. 2024). Social hierarchies limit the voice of women and marginalised members in
VHSNCs (Scott et al. 2017, PLoS ONE).

Each month, for every community:

* voice moves towards what its VHSNC and its Gram Panchayat's phase allow; for the vulnerable
  it is further cut by power asymmetry unless the block medical officer is holistic;
* the Gram Panchayat - community tie (local leadership, SHG links) moves towards a level set by
  the GP's phase and the community's voice;
* reach moves towards a target: the baseline coverage plus what the health system (its
  district's readiness, ``coordination.py``; the block medical officer's orientation), the Gram
  Panchayat (phase) and the GP's ties to block departments add. For vulnerable communities
  that target is cut by their vulnerability, except as far as the local link and voice carry
  services to them and the leader is equity-driven.
"""

from numba import njit
from numba.extending import register_jitable

from simulation import cores
from simulation.parameters import as_record
from simulation.processes.panchayat import support
from simulation.processes.reach_params import ReachParams
from simulation.world import World


@register_jitable
def community_link_target(phase, voice):
    """Strength a Gram Panchayat - community tie tends to, for a GP phase (0-4) and voice."""
    return (0.1 + 0.9 * phase / 4.0) * (0.5 + 0.5 * voice)


def step(world: World, p: ReachParams) -> None:
    """Voice, the GP - community tie and reach of every community (one pass of a compiled
    loop, :func:`_follow`)."""
    n, t, ctx = world.nodes, world.ties, world.context
    c, gp = n.communities, n.panchayats
    leader = n.officers.orientation[n.block_medical_officer]  # per block
    cores.spread(
        _follow,
        len(c.gp),
        as_record(p),
        (ctx.power_asymmetry, n.district_readiness[n.block_district], ctx.baseline_coverage),
        (gp.phase, gp.vhsnc_functioning, gp.block, leader, support(world)),
        (c.gp, c.vulnerable, c.vulnerability, c.voice, c.reach),
        t.strength[t.n_forum + t.n_routine :],  # one GP - community tie per community
    )


@njit(cache=True, nogil=True)
def _follow(start, stop, p, context, panchayat, community, link):
    """Communities ``start`` to ``stop - 1``: voice, then the GP - community link, then reach,
    each moving towards its target as the module's docstring says."""
    asymmetry, readiness_of, base = context  # readiness per block (its district's)
    phase_of, vhsnc, block_of, leader_of, support_of = panchayat
    gp, vulnerable, vulnerability, voice, reach = community
    for i in cores.items(start, stop):
        g = gp[i]
        leader = leader_of[block_of[g]]
        target = voice_target(vhsnc[g], phase_of[g], vulnerable[i], asymmetry, leader, p)
        voice[i] = toward(voice[i], target, p.voice_adjustment)
        link[i] = toward(link[i], community_link_target(phase_of[g], voice[i]), p.link_adjustment)
        target = reach_target(
            base,
            readiness_of[block_of[g]],
            leader,
            phase_of[g],
            support_of[g],
            vulnerability[i],
            link[i],
            voice[i],
            p,
        )
        reach[i] = toward(reach[i], target, p.adjustment)


@register_jitable
def toward(value, target, rate):
    """``value`` moved a share ``rate`` of the way towards ``target`` (partial adjustment)."""
    return value + rate * (target - value)


@register_jitable
def voice_target(vhsnc, phase, vulnerable, asymmetry, leader, p):
    """Voice a community tends to: what its VHSNC's functioning and its Gram Panchayat's phase
    (0-4) allow; for a vulnerable community, cut by power asymmetry unless the block medical
    officer (``leader``, its orientation) is holistic."""
    out = vhsnc * (p.voice_floor + (1.0 - p.voice_floor) * (phase / 4.0))
    out *= 1.0 - vulnerable * asymmetry * (1.0 - leader)
    return out


@register_jitable
def reach_target(base, readiness, leader, phase, support, vulnerability, link, voice, p):
    """Reach a community tends to: the baseline coverage plus what the health system
    (readiness, the block medical officer's orientation ``leader``), the Gram Panchayat (its
    phase, 0-4) and the GP's ties to block departments (``support``) add; cut, for a vulnerable
    community, by its vulnerability, except as far as the local link and voice carry services to
    it and the leader is equity-driven."""
    weights = p.health_weight + p.panchayat_weight + p.tie_weight
    access = (
        p.health_weight * readiness * (0.5 + 0.5 * leader)
        + p.panchayat_weight * (phase / 4.0)
        + p.tie_weight * support
    ) / weights
    target = base + (1.0 - base) * access
    exclusion = vulnerability * (1.0 - link * voice) * (1.0 - p.equity_orientation * leader)
    target *= 1.0 - exclusion
    return target
