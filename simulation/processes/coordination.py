"""Health's internal coordination: health is not one actor ("put our house in order first").

Findings (Singh et al. 2024, BMC Health Services Research 24:634): "Adequate manpower,
financing, and sound logistics systems maintain core health functions ... and increase trust
and confidence amongst the stakeholders to collaborate"; a state health official: "We need to
put our house in order first, address operational challenges, build internal collaboration,
enabling mechanisms and systems for program officers to coordinate and converge within the
health department .... this will also establish a culture and willingness to collaborate with
stakeholders from other allied departments". At the district level "the District Health
Societies in NHM function as the central forum"; "Stable tenures of health administrators
allowed time for leaders to understand health sector functioning".

Each district's health department has a *coordination* level in [0, 1]: how far its District
Health Society and the directorate's programme officers work as one. Each month, in this
order (one rule, :func:`coordination_after_month`):

* it falls to ``transfer_retention`` of itself when the district health officer was
  transferred this month (turnover runs first);
* when the District Health Society meets (``society_meeting_rate``, or
  ``strengthened_meeting_rate`` under the lever), it closes ``growth`` times the district
  health officer's management times its familiarity with the post (tenure) of the gap to 1;
* operational challenges erode ``erosion`` times (1 - the state's readiness) of it.

The district's *readiness* (:func:`district_readiness`), what engagement reads as "house in
order" (others' trust in health, health leaders' extra workload) and what reach reads as the
health system's contribution, is the state's resources (``state.context.health_readiness``)
and this coordination, mixed by ``readiness_share``. Both start at the state's readiness.
"""

import numpy as np
from numba.extending import register_jitable

from simulation.processes.coordination_params import CoordinationParams
from simulation.processes.engagement import familiarity
from simulation.world import World


@register_jitable
def society_meets(u, strengthened, p: CoordinationParams):
    """Whether a district's District Health Society meets this month, for its uniform draw."""
    rate = p.strengthened_meeting_rate if strengthened else p.society_meeting_rate
    return u < rate


@register_jitable
def coordination_after_month(
    coordination, transferred, meets, management, familiarity, readiness, p: CoordinationParams
):
    """A district health department's coordination after a month: kept at
    ``transfer_retention`` of it if its district health officer was transferred; grown by a
    District Health Society meeting as far as the officer manages and knows the post; eroded by
    operational challenges (the state's readiness ``readiness`` spares it)."""
    c = coordination
    if transferred:
        c = coordination_after_transfer(c, p)
    if meets:
        c = c + p.growth * management * familiarity * (1.0 - c)
    c = c - p.erosion * (1.0 - readiness) * c
    return min(max(c, 0.0), 1.0)


@register_jitable
def coordination_after_transfer(coordination, p: CoordinationParams):
    """A district health department's coordination when its district health officer is
    transferred: ``transfer_retention`` of it is kept."""
    return coordination * p.transfer_retention


def transfer(world: World, p: CoordinationParams, district: int) -> None:
    """Set the district's coordination and readiness back for a transfer of its district health
    officer between two months (a live event, ``events.py``); monthly turnover's transfers are
    read by :func:`step`."""
    n = world.nodes
    n.health_coordination[district] = coordination_after_transfer(
        n.health_coordination[district], p
    )
    n.district_readiness[district] = district_readiness(
        world.context.health_readiness, n.health_coordination[district], p
    )


@register_jitable
def district_readiness(state_readiness, coordination, p: CoordinationParams):
    """A district's health readiness: the state's manpower, financing and logistics and its
    health department's internal coordination, mixed by ``readiness_share``."""
    return (1.0 - p.readiness_share) * state_readiness + p.readiness_share * coordination


def step(world: World, p: CoordinationParams, learning_months: float, u: np.ndarray) -> None:
    """Every district's coordination and readiness after the month (``u``: one uniform number
    per district). ``learning_months`` is engagement's: how fast a new officer learns."""
    n, off = world.nodes, world.nodes.officers
    dho = n.district_health_officer
    readiness = world.context.health_readiness
    left = world.left[dho] if world.left is not None else np.zeros(len(dho), bool)
    known = familiarity(off.tenure[dho], learning_months)
    strengthened = world.institutions.health_society_strengthened
    c = n.health_coordination
    for d in range(len(dho)):
        c[d] = coordination_after_month(
            c[d],
            left[d],
            society_meets(u[d], strengthened, p),
            off.management[dho[d]],
            known[d],
            readiness,
            p,
        )
        n.district_readiness[d] = district_readiness(readiness, c[d], p)
