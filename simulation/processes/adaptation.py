"""Adaptation: willingness to collaborate learns from what engaging, or not, paid off.

Rule: Bush-Mosteller reinforcement learning as used for social dilemmas by Macy and Flache
(2002, PNAS 99:7229). A stakeholder's willingness is its propensity to invest effort. After
each meeting it compares its payoff with an aspiration level; a satisfying action becomes more
likely and a disappointing one less likely, each in proportion to the room left to move.
With many ties, the increments are averaged over the month's meetings.

Payoffs follow the findings: a joint outcome is worth its mandate overlap times the mission
value plus the credit the accountability regime gives ("they will hold the health department
accountable, but not ... Women and Child Development"), plus recognition for Gram Panchayats;
effort costs in proportion to workload ("for me it's a waste of time to participate in such
committees"); staying away is costly only under political pressure and monitoring. So
collaboration can tip up, or collapse, as the sources' "learning and adapting while doing"
suggests (Graham et al. 2018, BMJ 363:k4868).

A District Collector learns from the committees it chairs the same way (:func:`chairs_learn`):
calling one is its action, the committee's joint action its outcome, worth the whole of a
joint outcome to an officer "administratively responsible for all sectors" (overlap and credit
1); not calling one costs a sanction under pressure.
"""

import numpy as np
from numba import njit
from numba.extending import register_jitable

from simulation.parameters import as_record
from simulation.processes.adaptation_params import AdaptationParams
from simulation.processes.engagement import Drivers
from simulation.stakeholders import Kind
from simulation.world import World


@register_jitable
def payoff(engaged, action, credit, overlap, recognition, load, pressure, p: AdaptationParams):
    """What one side got from a meeting: a joint outcome, wasted effort, or a sanction."""
    if not engaged:
        return -p.sanction * pressure
    cost = p.effort_cost * load
    if not action:
        return -cost
    gain = overlap * (p.mission_value + p.credit_value * credit) + p.recognition_value * recognition
    return gain - cost


@register_jitable
def bush_mosteller(willingness, engaged, stimulus):
    """Change in the propensity to engage after an action with the given stimulus in [-1, 1]:
    a satisfying action (stimulus >= 0) becomes more likely in proportion to the room left,
    a disappointing one less likely."""
    if stimulus >= 0:
        return stimulus * (1.0 - willingness) if engaged else -stimulus * willingness
    return stimulus * willingness if engaged else -stimulus * (1.0 - willingness)


@register_jitable
def stimulus(payoff, p: AdaptationParams):
    """A payoff against the aspiration level, scaled to [-1, 1]."""
    return min(max((payoff - p.aspiration) / (1.0 + abs(p.aspiration)), -1.0), 1.0)


@register_jitable
def learned_willingness(willingness, total, count, p: AdaptationParams):
    """Willingness after a month with ``count`` meetings whose increments sum to ``total``: it
    moves by ``learning_rate`` times their mean, and stays within ``floor`` of 0 and 1."""
    if count > 0:
        willingness = willingness + p.learning_rate * total / count
    return min(max(willingness, p.floor), 1.0 - p.floor)


def step(world: World, p: AdaptationParams, drivers: Drivers) -> None:
    """Each side of each meeting learns from its payoff; a stakeholder's increments are
    averaged over its month's meetings (one pass of a compiled loop, :func:`_learn`)."""
    t, n, ev = world.ties, world.nodes, world.events
    size = n.community_offset
    overlap = world.derived["engagement"].overlap  # as the sides see it (guided_overlap)
    _learn(
        as_record(p),
        (t.src, t.dst, overlap),
        (ev.met, ev.joint_action, ev.pressure),
        (ev.engaged_src, ev.credit_src, ev.load_src),
        (ev.engaged_dst, ev.credit_dst, ev.load_dst),
        drivers.recognition,
        n.willingness[:size],
    )
    chairs_learn(world, p, drivers)


#: A Collector's mandate covers every sector: a joint outcome on a committee it chairs serves
#: all of it, and the credit is its own ("administratively responsible for all sectors").
CHAIR_STAKE = 1.0


def chairs_learn(world: World, p: AdaptationParams, drivers: Drivers) -> None:
    """Each District Collector's willingness learns from the district committees it chaired
    this month (:func:`_chairs_learn`); a committee convened by the district health officer
    teaches the Collector nothing (the health officer learns as a member)."""
    c = world.derived["engagement"]  # this month's design constants (engagement.step)
    ev, n = world.events, world.nodes
    chair = c.setter[c.committees]
    _chairs_learn(
        as_record(p),
        (chair, n.kind[chair] == Kind.COLLECTOR, drivers.workload[chair] + c.burden[c.committees]),
        (ev.met[c.committees], ev.joint_action[c.committees], ev.pressure[c.committees]),
        n.willingness,
    )


@njit(cache=True)
def _chairs_learn(p, chairs, month, willingness):
    """Per district committee whose convenor is a Collector: its payoff (:func:`payoff`, the
    committee having met as the Collector's action), stimulus and Bush-Mosteller increment,
    summed in committee order; each Collector's willingness then moves by their mean."""
    chair, is_collector, load = chairs
    met, action, pressure = month
    total = np.zeros(len(willingness))
    count = np.zeros(len(willingness), np.int64)
    for i in range(len(chair)):
        if not is_collector[i]:
            continue
        c = chair[i]
        pay = payoff(met[i], action[i], CHAIR_STAKE, CHAIR_STAKE, 0.0, load[i], pressure[i], p)
        total[c] += bush_mosteller(willingness[c], met[i], stimulus(pay, p))
        count[c] += 1
    for i in range(len(chair)):
        c = chair[i]
        if count[c] > 0:
            willingness[c] = learned_willingness(willingness[c], total[c], count[c], p)
            count[c] = 0


@njit(cache=True)
def _learn(p, tie, month, src_side, dst_side, recognition, willingness):
    """Each side of each forum tie that met: its payoff, stimulus and Bush-Mosteller
    increment; then each stakeholder's willingness moves by the mean of its increments."""
    src, dst, overlap = tie
    met, action, pressure = month
    src_engaged, src_credit, src_load = src_side
    dst_engaged, dst_credit, dst_load = dst_side
    # Each side's increments are summed in tie order, src sides and dst sides apart, then
    # added: the order of the sums is that of one weighted bincount per side.
    total_src, total_dst = np.zeros(len(willingness)), np.zeros(len(willingness))
    count = np.zeros(len(willingness), np.int64)
    for i in range(len(met)):
        if not met[i]:
            continue
        a, b = src[i], dst[i]
        for me, engaged, credit, load, total in (
            (a, src_engaged[i], src_credit[i], src_load[i], total_src),
            (b, dst_engaged[i], dst_credit[i], dst_load[i], total_dst),
        ):
            pay = payoff(
                engaged, action[i], credit, overlap[i], recognition[me], load, pressure[i], p
            )
            total[me] += bush_mosteller(willingness[me], engaged, stimulus(pay, p))
            count[me] += 1
    for node in range(len(willingness)):
        willingness[node] = learned_willingness(
            willingness[node], total_src[node] + total_dst[node], count[node], p
        )
