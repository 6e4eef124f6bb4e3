"""Live events: things that happen to a running model *now*, as in a training room.

A scenario's interventions (``interventions.py``) are fixed before a run starts; these events
act on a model mid-run, between two months, so that a room can watch what follows. Each one
reuses the mechanism the model already has for it, so its effect is the model's, not the
dashboard's:

* **transfer of the district health officer**: one posting ends early, through the same
  transfer as monthly turnover (``processes/turnover.py``): the newcomer is drawn from the
  role's profile, keeps only part of each tie's strength and restarts trust; the district's
  health department loses part of its internal coordination (``processes/coordination.py``).
  Finding: "Stable tenures of health administrators allowed time for leaders to understand
  health sector functioning ... and establish priorities for multisectoral collaboration"
  (Singh et al. 2024); civil servants are moved about every 16 months (Iyer and Mani 2012).
* **a PDIA training cycle**: every officer of the district starts practising Problem Driven
  Iterative Adaptation with all departments together (``processes/mindset.py``), the training
  the study's participants recommend over didactic teaching.
* **deliverables assigned**: "deliverables and targets" for each department, tracked, replace
  the health-only accountability (``interventions.AccountabilityRegime``); recommended because
  outcomes such as infant deaths are otherwise blamed on health alone.
* **a pandemic shock**: a COVID-19-like window of whole-of-government pressure starts next
  month (``interventions.Shock``); in Odisha the Chief Minister's Office drove convergence
  during COVID-19.

Random numbers for an event (a newcomer's attributes) come from the run's own ``events``
stream, so the same settings and the same events in the same months give the same run.
"""

import numpy as np

from simulation.interventions import AccountabilityRegime, Intervention, Shock
from simulation.policies import Accountability, Training
from simulation.processes import coordination, engagement, mindset, turnover
from simulation.world import World

#: Every live event, by name, with the label of its button on the dashboard.
EVENTS = {
    "transfer_dho": "Transfer the DHO",
    "pdia_cycle": "Start PDIA training",
    "deliverables": "Assign deliverables",
    "pandemic": "Pandemic shock",
}


def district_officers(world: World, district: int) -> np.ndarray:
    """Bool per officer: posted in ``district``, at district or block level."""
    n = world.nodes
    return n.district[: n.n_officers] == district


def transfer_district_health_officer(
    world: World, processes, district: int, rng: np.random.Generator
) -> int:
    """Transfer the district's health officer now; returns the node of the post."""
    n = world.nodes
    officer = int(n.district_health_officer[district])
    leave = np.zeros(n.n_officers, bool)
    leave[officer] = True
    u_new = rng.random((4, n.n_officers))
    anchors = engagement.trust_anchors(world, processes.engagement)
    turnover.transfer(world, processes.turnover, leave, u_new, anchors)
    coordination.transfer(world, processes.coordination, district)
    return officer


def start_pdia_cycle(world: World, processes, district: int) -> int:
    """Every officer of the district starts practising PDIA, all departments together."""
    trainees = district_officers(world, district)
    mindset.train(world, processes.mindset, Training.pdia, trainees, joint=True)
    return int(trainees.sum())


def assign_deliverables(interventions: list[Intervention]) -> list[Intervention]:
    """The interventions with deliverables-and-targets accountability in place of the regime."""
    return [
        AccountabilityRegime(Accountability.deliverables)
        if isinstance(iv, AccountabilityRegime)
        else iv
        for iv in interventions
    ]


def pandemic_shock(
    interventions: list[Intervention], month: int, duration_months: int, intensity: float
) -> list[Intervention]:
    """The interventions with a shock that starts next month (replacing any earlier one)."""
    kept = [iv for iv in interventions if not isinstance(iv, Shock)]
    return [*kept, Shock(month, duration_months, intensity)]
