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
"""

from dataclasses import dataclass

import numpy as np

from simulation.parameters import param
from simulation.processes.engagement import Drivers
from simulation.world import World


@dataclass
class AdaptationParams:
    learning_rate: float = param(0.1, 0, 1, doc="Bush-Mosteller learning rate")
    aspiration: float = param(0.0, -1, 1, doc="payoff that neither pleases nor disappoints")
    mission_value: float = param(0.5, 0, 2, doc="worth of a joint outcome to one's own mandate")
    credit_value: float = param(0.5, 0, 2, doc="worth of being credited for a joint outcome")
    recognition_value: float = param(0.3, 0, 2, doc="worth of recognition to a Gram Panchayat")
    effort_cost: float = param(0.4, 0, 2, doc="cost of effort per unit of workload")
    sanction: float = param(0.3, 0, 2, doc="cost of staying away per unit of pressure")
    floor: float = param(0.02, 0.001, 0.2, doc="willingness never goes below this or above 1 - it")


def payoff(engaged, action, credit, overlap, recognition, load, pressure, p: AdaptationParams):
    """What one side got from a meeting: a joint outcome, wasted effort, or a sanction."""
    gain = overlap * (p.mission_value + p.credit_value * credit) + p.recognition_value * recognition
    cost = p.effort_cost * load
    return np.where(engaged, np.where(action, gain - cost, -cost), -p.sanction * pressure)


def bush_mosteller(willingness, engaged, stimulus):
    """Change in the propensity to engage after an action with the given stimulus in [-1, 1]."""
    up = stimulus >= 0
    return np.where(
        engaged,
        np.where(up, stimulus * (1.0 - willingness), stimulus * willingness),
        np.where(up, -stimulus * willingness, -stimulus * (1.0 - willingness)),
    )


def step(world: World, p: AdaptationParams, drivers: Drivers) -> None:
    t, n, ev = world.ties, world.nodes, world.events
    f = t.forum
    met = ev.met
    size = n.community_offset
    total = np.zeros(size)
    count = np.bincount(t.src[f][met], minlength=size) + np.bincount(t.dst[f][met], minlength=size)
    for nodes, engaged, credit, load in (
        (t.src[f], ev.engaged_src, ev.credit_src, ev.load_src),
        (t.dst[f], ev.engaged_dst, ev.credit_dst, ev.load_dst),
    ):
        pay = payoff(
            engaged,
            ev.joint_action,
            credit,
            world.overlap,
            np.take(drivers.recognition, nodes),
            load,
            ev.pressure,
            p,
        )
        stimulus = np.clip((pay - p.aspiration) / (1.0 + abs(p.aspiration)), -1.0, 1.0)
        delta = bush_mosteller(np.take(n.willingness, nodes), engaged, stimulus)
        total += np.bincount(nodes[met], delta[met], minlength=size)
    has = count > 0
    w = n.willingness[:size]
    w[has] += p.learning_rate * total[has] / count[has]
    np.clip(w, p.floor, 1.0 - p.floor, out=w)
