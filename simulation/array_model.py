"""The model without Mesa: the state's world as arrays, advanced month by month.

:class:`ArrayModel` builds the state's stakeholders, ties and institutions
(:func:`build_world`) and steps them (``loop.py``), recording the indicators
(``indicators.py``). It is all a run needs: :func:`simulation.run.run` (the command line, every
study) uses it and so does not import Mesa, whose import costs more than a short run's months.
:class:`simulation.model.CollaborationModel` is the same model as a Mesa model (agents, a
network space, a ``DataCollector``): it adds Mesa on top of this class and changes no number.
"""

import numpy as np
import pandas as pd

from simulation import cores
from simulation.config import RunConfig, validate
from simulation.indicators import INDICATORS, measure
from simulation.interventions import design, from_config
from simulation.loop import advance, draw_month, process_streams
from simulation.processes.engagement import forum_overlap, trust_anchors
from simulation.processes.monitoring import reviewed_design
from simulation.processes.reach import community_link_target
from simulation.randomness import stream
from simulation.stakeholders import Kind, populate
from simulation.structure import AdministrativeStructure
from simulation.ties import connect
from simulation.world import Context, World

#: The name of each type of stakeholder, as its Mesa agent class is called (``agents.py``), in
#: the order of :meth:`ArrayModel.counts`.
STAKEHOLDER_TYPES = {
    Kind.COLLECTOR: "DistrictCollector",
    Kind.HEALTH_LEADER: "HealthLeader",
    Kind.ALLIED_DEPARTMENT: "AlliedDepartment",
    Kind.GRAM_PANCHAYAT: "GramPanchayat",
    Kind.COMMUNITY: "Community",
}


def build_world(config: RunConfig) -> World:
    """The state's stakeholders, ties and institutions before the first month."""
    s = config.state
    seed, rep = config.seed, config.replicate
    structure = AdministrativeStructure.sample(
        s.structure, config.scale, stream(seed, rep, "structure")
    )
    initial = stream(seed, rep, "initial")
    nodes = populate(structure, s, initial)
    c = nodes.communities
    link = community_link_target(nodes.panchayats.phase[c.gp], c.voice)
    ties = connect(nodes, s, config.processes.joint_action.routine_strength, link, initial)
    lottery = stream(seed, rep, "lottery")
    world = World(
        nodes=nodes,
        ties=ties,
        institutions=None,
        context=Context(
            power_asymmetry=s.context.power_asymmetry,
            health_readiness=s.context.health_readiness,
            political_leadership=s.context.political_leadership,
            data_discrepancy=s.context.data_discrepancy,
            baseline_coverage=s.communities.baseline_coverage,
        ),
        overlap=forum_overlap(ties, nodes, config.processes.engagement.mandate_overlap),
        lottery_district=lottery.random(structure.n_districts),
        lottery_block=lottery.random(structure.n_blocks),
    )
    anchor_src, anchor_dst = trust_anchors(world, config.processes.engagement)
    ties.trust_src[ties.forum] = anchor_src
    ties.trust_dst[ties.forum] = anchor_dst
    return world


class ArrayModel:
    """The state of ``config`` before its first month, stepped by :meth:`step`.

    ``world`` holds every array, ``interventions`` what acts on them, ``latest`` the indicators
    of the last month stepped and :meth:`timeseries` every month's."""

    def __init__(self, config: RunConfig):
        self.config = validate(config)
        cores.threads()  # a bad PHC_THREADS stops here, before any work
        self.world = build_world(config)
        self.interventions = from_config(config)
        self.world.institutions = design(self.world, self.interventions)
        self._streams = process_streams(config.seed, config.replicate)
        self._draws = None  # the month's draws, refilled each month
        self.latest: dict[str, float] = {}
        self._recorded: dict[str, list[float]] = {name: [] for name in INDICATORS}

    @property
    def month(self) -> int:
        return self.world.month

    def step(self) -> None:
        """One month: interventions act, the processes run in order, indicators are recorded."""
        draws = self._draws = draw_month(self._streams, self.world, into=self._draws)
        advance(self.world, draws, self.config.processes, self.interventions)
        self.latest = measure(self.world, self.config.processes)
        for name, values in self._recorded.items():
            values.append(self.latest[name])

    def redesign(self) -> None:
        """Rebuild the institutional design after the interventions list changed mid-run."""
        shock = (self.world.institutions.shock_active, self.world.institutions.shock_intensity)
        self.world.institutions = design(self.world, self.interventions)
        if self.world.forums is not None:  # the districts' review decisions stand
            self.world.institutions = reviewed_design(self.world.institutions, self.world.forums)
        self.world.institutions.shock_active, self.world.institutions.shock_intensity = shock

    def timeseries(self) -> pd.DataFrame:
        """One row per month simulated, one column per indicator."""
        frame = pd.DataFrame(self._recorded)
        frame.insert(0, "month", np.arange(1, len(frame) + 1))
        return frame

    def counts(self) -> dict[str, int]:
        """How many stakeholders of each type, and ties, the simulated state has."""
        kinds = np.bincount(self.world.nodes.kind, minlength=len(STAKEHOLDER_TYPES))
        out = {name: int(kinds[kind]) for kind, name in STAKEHOLDER_TYPES.items()}
        out["blocks"] = self.world.nodes.n_blocks
        out["districts"] = len(self.world.nodes.district_collector)
        out["ties"] = len(self.world.ties)
        return out
