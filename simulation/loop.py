"""The monthly step: the order of processes, written down once.

At the start of month m (1, 2, ...), interventions act (training that starts now, a shock
window), then the processes run in this order, each on the state the previous one left:

1. ``turnover``      officers are transferred; newcomers start with weak ties;
2. ``coordination``  each district's health department coordinates within itself (its District
                     Health Society meets; a transfer sets it back): its readiness moves;
3. ``engagement``    trust drifts towards readiness-set levels; forums meet; each side of each
                     forum tie decides whether to invest effort;
4. ``joint_action``  meetings produce joint action or not; ties and trust grow or erode;
5. ``adaptation``    willingness learns from the month's payoffs (Bush-Mosteller);
6. ``mindset``       orientations move along trusted ties; PDIA teams practise; a shock's
                     joint work teaches those who do it;
7. ``panchayat``     Gram Panchayats advance or slip one engagement phase;
8. ``village``       VHSNCs meet (or not), spend untied funds, and the frontline triad works
                     jointly (or not); a VHSNC's functioning follows;
9. ``reach``         community voice, GP-community links and service reach follow;
10. ``monitoring``   data clashes erode trust; leaders' reports are recorded, and districts
                     review their forums on them.

Random numbers are drawn before the processes run, from one stream per process, in counts
that depend only on the sizes of the network (``draw_month``): the vectorised step and the
per-agent reference in the tests consume the very same draws.
"""

from dataclasses import dataclass

import numpy as np

from simulation import cores
from simulation.processes import (
    adaptation,
    coordination,
    engagement,
    joint_action,
    mindset,
    monitoring,
    panchayat,
    reach,
    turnover,
    village,
)
from simulation.processes.engagement import trust_anchors
from simulation.randomness import fillers, stream
from simulation.world import World

#: The processes of a month, in order (also the names of their random streams).
PROCESSES = (
    "turnover",
    "coordination",
    "engagement",
    "joint_action",
    "adaptation",
    "mindset",
    "panchayat",
    "village",
    "reach",
    "monitoring",
)


@dataclass
class MonthDraws:
    """Every uniform random number one month uses, by process."""

    leave: np.ndarray  # turnover: per officer
    newcomer: np.ndarray  # turnover: (4, officers) for a newcomer's attributes
    meet: np.ndarray  # engagement: per forum tie
    engage_src: np.ndarray
    engage_dst: np.ndarray
    action: np.ndarray  # joint action: per forum tie
    dropout: np.ndarray  # mindset: per officer
    round: np.ndarray  # mindset: per officer (PDIA round success)
    phase: np.ndarray  # panchayat: per Gram Panchayat
    clash: np.ndarray  # monitoring: per meso tie
    society: np.ndarray  # coordination: per district (its District Health Society meets)
    vhsnc: np.ndarray  # village: per Gram Panchayat (its VHSNC meets)
    attend: np.ndarray  # village: per Gram Panchayat (its representative attends)
    triad: np.ndarray  # village: per Gram Panchayat (the frontline triad works jointly)


def process_streams(seed: int, replicate: int) -> dict[str, np.random.Generator]:
    return {name: stream(seed, replicate, name) for name in PROCESSES}


def draw_month(
    streams: dict[str, np.random.Generator], world: World, into: MonthDraws | None = None
) -> MonthDraws:
    """This month's draws. ``into``, last month's draws of the same world, is filled in place:
    the same numbers as fresh arrays, without asking the system for new memory each month, and
    on a large network the streams are drawn side by side (:mod:`simulation.cores`)."""
    k, f = world.nodes.n_officers, world.ties.n_forum
    shapes = {
        "leave": ("turnover", k),
        "newcomer": ("turnover", (4, k)),
        "meet": ("engagement", f),
        "engage_src": ("engagement", f),
        "engage_dst": ("engagement", f),
        "action": ("joint_action", f),
        "dropout": ("mindset", k),
        "round": ("mindset", k),
        "phase": ("panchayat", len(world.nodes.panchayats)),
        "clash": ("monitoring", world.ties.n_meso),
        "society": ("coordination", len(world.nodes.district_collector)),
        "vhsnc": ("village", len(world.nodes.panchayats)),
        "attend": ("village", len(world.nodes.panchayats)),
        "triad": ("village", len(world.nodes.panchayats)),
    }
    if into is None:
        return MonthDraws(
            **{key: streams[name].random(size) for key, (name, size) in shapes.items()}
        )
    by_stream: dict[str, list[np.ndarray]] = {}
    for key, (name, _) in shapes.items():
        by_stream.setdefault(name, []).append(getattr(into, key))
    if cores.worth_spreading(f):  # each array drawn from a copy of its stream jumped ahead
        calls = [
            call for name, arrays in by_stream.items() for call in fillers(streams[name], arrays)
        ]
        cores.at_once(calls, f)
    else:
        for name, arrays in by_stream.items():
            for array in arrays:
                streams[name].random(out=array)
    return into


def advance(world: World, draws: MonthDraws, processes, interventions) -> None:
    """Advance ``world`` by one month. ``processes`` is a :class:`ProcessesConfig`."""
    world.month += 1
    for intervention in interventions:
        intervention.act(world, processes)
    pe = processes.engagement
    turnover.step(world, processes.turnover, draws.leave, draws.newcomer, trust_anchors(world, pe))
    coordination.step(world, processes.coordination, pe.learning_months, draws.society)
    drivers = engagement.step(
        world, pe, trust_anchors(world, pe), draws.meet, draws.engage_src, draws.engage_dst
    )
    joint_action.step(world, processes.joint_action, drivers, draws.action)
    adaptation.step(world, processes.adaptation, drivers)
    mindset.step(world, processes.mindset, draws.dropout, draws.round)
    panchayat.step(world, processes.panchayat, draws.phase)
    village.step(world, processes.village, draws.vhsnc, draws.attend, draws.triad)
    reach.step(world, processes.reach)
    monitoring.step(world, processes.monitoring, draws.clash)
