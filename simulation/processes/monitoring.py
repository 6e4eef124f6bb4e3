"""Monitoring: separate data systems erode trust, and leaders report more than happens.

Findings: "Two different departments had different software ... the same cohort, the same
parameters ... very often there are some discrepancies in the data ... It also eventually leads
to lack of ownership and stakeholder engagement issues" (Singh et al. 2024). Success "is a
fuzzy concept", and leaders are asked "to judge and report on the success of their own
initiatives" (Graham et al. 2018, BMJ 363:k4868).

Each month, a meeting of two departments with separate data systems ends in a data clash with
probability ``clash_rate`` times the state's data discrepancy (zero when data are harmonised);
a clash cuts both sides' trust. Leaders' reports count a forum that met as collaboration: the
reported strength of a tie is its real strength plus a self-report bias times the rest, for ties
whose forum met this month. Harmonised data and a central management unit's reviews verify reports
and shrink the bias. Both the real and the reported collaboration are outputs (district and
block).
"""

import numpy as np
from numba.extending import register_jitable

from simulation.processes.monitoring_params import MonitoringParams
from simulation.world import World


def step(world: World, p: MonitoringParams, u_clash: np.ndarray) -> None:
    t, inst, ev = world.ties, world.institutions, world.events
    m = t.meso
    chance = clash_chance(world.context.data_discrepancy, inst.data_harmonisation, p)
    clash = ev.met[m] & (u_clash < chance)
    trust_src, trust_dst = t.trust_src[m], t.trust_dst[m]
    trust_src[clash] = trust_after_clash(trust_src[clash], p)
    trust_dst[clash] = trust_after_clash(trust_dst[clash], p)
    ev.clash = clash


@register_jitable
def clash_chance(data_discrepancy, data_harmonisation, p: MonitoringParams):
    """Chance that a meeting of two departments ends in a data clash: ``clash_rate`` times the
    state's data discrepancy, zero where data are harmonised."""
    return p.clash_rate * data_discrepancy * (not data_harmonisation)


@register_jitable
def trust_after_clash(trust, p: MonitoringParams):
    """Trust of each side after a data clash: it loses ``clash_trust_loss`` of it."""
    return trust - p.clash_trust_loss * trust


def reported_strength(world: World, p: MonitoringParams) -> np.ndarray:
    """What leaders report of each meso-level tie's strength this month."""
    t, inst, ev = world.ties, world.institutions, world.events
    m = t.meso
    bias = p.self_report_bias * (
        1.0
        - p.harmonisation_verification * inst.data_harmonisation
        - p.cmu_verification * inst.central_management_unit
    )
    s = t.strength[m]
    met = ev.met[m] if ev is not None else np.zeros(t.n_meso, bool)
    return s + max(bias, 0.0) * (1.0 - s) * met
