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

Decisions read the reports. The study asks for "feedback systems like periodic progress reviews"
and "troubleshooting exercises"; the editorial warns against "asking leaders to judge and report
on the success of their own initiatives". Every ``review_months`` a district reviews each
meso-level forum it runs (not a state's block platform) by the mean strength reported of it
since the last review (:func:`forum_decision`): it keeps a forum reported to work; it turns a
forum that only reviews and is reported below ``reform_below`` into a problem-solving one; it
winds up a problem-solving forum still reported below ``drop_below``. Inflated reports keep
failing forums going unchanged; verification lets a district see them fail and act.
"""

import dataclasses

import numpy as np
from numba.extending import register_jitable

from simulation.processes.monitoring_params import MonitoringParams
from simulation.world import ForumRecord, World

#: A review's decisions on a forum.
KEEP, REFORM, DROP = 0, 1, 2


def step(world: World, p: MonitoringParams, u_clash: np.ndarray) -> None:
    t, inst, ev = world.ties, world.institutions, world.events
    m = t.meso
    chance = clash_chance(world.context.data_discrepancy, inst.data_harmonisation, p)
    clash = ev.met[m] & (u_clash < chance)
    trust_src, trust_dst = t.trust_src[m], t.trust_dst[m]
    trust_src[clash] = trust_after_clash(trust_src[clash], p)
    trust_dst[clash] = trust_after_clash(trust_dst[clash], p)
    ev.clash = clash
    record = world.forums
    if record is None:
        record = world.forums = ForumRecord.empty(t.n_meso)
    record.reported += reported_strength(world, p)
    record.months += 1
    if review_due(world.month, p.review_months):
        review_forums(world, p, record)


@register_jitable
def review_due(month, review_months):
    """Whether districts review their forums at the end of ``month``: every ``review_months``
    (never when it is 0)."""
    return review_months > 0 and month % review_months == 0


def forum_decision(reported, problem_solving, p: MonitoringParams):
    """A district's decision on a forum (:data:`KEEP`, :data:`REFORM` or :data:`DROP`; works on
    scalars and arrays alike) from the mean strength reported of it since the last review: keep
    it at ``reform_below`` or above; below that, turn a forum that only reviews into a
    problem-solving one, and wind up a problem-solving one reported below ``drop_below``."""
    failing = np.less(reported, p.reform_below)
    reform = failing & np.logical_not(problem_solving)
    drop = failing & np.logical_and(problem_solving, np.less(reported, p.drop_below))
    return np.where(reform, REFORM, np.where(drop, DROP, KEEP))


def review_forums(world: World, p: MonitoringParams, record: ForumRecord) -> None:
    """Each district reviews the meso forums it runs (:func:`forum_decision`, on the mean
    reported since the last review); the decisions become the design from next month on (a new
    :class:`Institutions`, so that what follows from the design is recomputed)."""
    inst, m = world.institutions, world.ties.meso
    reviewed = inst.in_forum[m] & ~inst.platform[m]
    decision = forum_decision(record.reported / record.months, inst.problem_solving[m], p)
    record.reformed |= reviewed & (decision == REFORM)
    record.dropped |= reviewed & (decision == DROP)
    record.reported[:] = 0.0
    record.months = 0
    world.institutions = reviewed_design(inst, record)


def reviewed_design(inst, record: ForumRecord):
    """The institutional design with the districts' review decisions applied: reformed forums
    solve problems, dropped forums no longer meet, except where the design has since made the
    pair part of a state's block platform, which districts do not review (a new object;
    ``inst`` is unchanged)."""
    n = len(record.reformed)
    in_forum, problem_solving = inst.in_forum.copy(), inst.problem_solving.copy()
    in_forum[:n] &= ~(record.dropped & ~inst.platform[:n])
    problem_solving[:n] |= record.reformed
    return dataclasses.replace(inst, in_forum=in_forum, problem_solving=problem_solving)


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
    bias = report_bias(inst.data_harmonisation, inst.cmu_reviews, p)
    met = ev.met[m] if ev is not None else np.zeros(t.n_meso, bool)
    return reported(t.strength[m], bias, met)


@register_jitable
def report_bias(data_harmonisation, cmu_reviews, p: MonitoringParams):
    """Share of the gap to 1 that leaders add to a tie whose forum met: ``self_report_bias``,
    less what harmonised data and a CMU's progress reviews verify; never below 0."""
    bias = p.self_report_bias * (
        1.0 - p.harmonisation_verification * data_harmonisation - p.cmu_verification * cmu_reviews
    )
    return max(bias, 0.0)


@register_jitable
def reported(strength, bias, met):
    """A tie's strength as leaders report it (scalars or arrays): its real strength, plus
    ``bias`` of the gap to 1 if its forum met this month."""
    return strength + bias * (1.0 - strength) * met
