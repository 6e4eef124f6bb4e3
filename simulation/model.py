"""The Mesa model of multisectoral collaboration for primary health care in a state.

``CollaborationModel(config)`` builds the state's stakeholders and network, places one Mesa
agent per stakeholder in a network space, and advances month by month (``loop.py``), recording
the indicators (``indicators.py``) with a Mesa ``DataCollector``::

    from simulation import CollaborationModel, load_config
    model = CollaborationModel(load_config(["state=kerala", "scale=0.2"]))
    model.run_for(60)
    model.timeseries().plot(x="month", y="collaboration_block")
"""

from functools import partial

import mesa
import numpy as np
import pandas as pd
from mesa.discrete_space import Network

from simulation import cores
from simulation.agents import (
    AlliedDepartment,
    Community,
    DistrictCollector,
    GramPanchayat,
    HealthLeader,
)
from simulation.config import RunConfig, load_config, replace, validate
from simulation.indicators import INDICATORS, measure
from simulation.interventions import design, from_config
from simulation.loop import advance, draw_month, process_streams
from simulation.network import stakeholder_graph
from simulation.processes.engagement import forum_overlap, trust_anchors
from simulation.processes.reach import community_link_target
from simulation.randomness import stream
from simulation.stakeholders import Kind, populate
from simulation.structure import AdministrativeStructure
from simulation.ties import connect
from simulation.world import Context, World

AGENT_CLASSES = {
    Kind.COLLECTOR: DistrictCollector,
    Kind.HEALTH_LEADER: HealthLeader,
    Kind.ALLIED_DEPARTMENT: AlliedDepartment,
    Kind.GRAM_PANCHAYAT: GramPanchayat,
    Kind.COMMUNITY: Community,
}


def indicator(model: "CollaborationModel", name: str) -> float:
    """Mesa model reporter: the latest value of one indicator."""
    return model.latest[name]


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


class CollaborationModel(mesa.Model):
    """Emergent collaboration among health, allied departments, Gram Panchayats and communities.

    Args:
        config: a validated run configuration (default: ``configs/config.yaml``).
        rng: a seed that replaces ``config.seed`` (Mesa's convention).
    """

    def __init__(self, config: RunConfig | None = None, *, rng: int | None = None):
        config = load_config() if config is None else config
        if rng is not None:
            config = replace(config, seed=int(rng))
        self.config = validate(config)
        cores.threads()  # a bad PHC_THREADS stops here, before any work
        mesa_seed = int(stream(config.seed, config.replicate, "mesa").integers(2**62))
        super().__init__(rng=mesa_seed)

        self.world = build_world(config)
        self.interventions = from_config(config)
        self.world.institutions = design(self.world, self.interventions)
        self._streams = process_streams(config.seed, config.replicate)
        self._draws = None  # the month's draws, refilled each month

        self._space: Network | None = None  # Mesa's space and agents: made on first use
        self._agent_of_node: list | None = None

        self.latest: dict[str, float] = {}
        self.datacollector = mesa.DataCollector(
            model_reporters={name: partial(indicator, name=name) for name in INDICATORS}
        )

    def materialise(self) -> None:
        """Create the Mesa network space (one cell per stakeholder) and one agent per node.

        The processes work on the world's arrays and never need these objects, so a batch run
        does not pay for them (at national scale they cost more than the arrays); Mesa's
        ``agents``, ``agents_by_type``, ``space`` and ``agent_of_node`` create them the first
        time they are asked for. Agents are views onto the arrays, so whenever they are made
        they show the current state.
        """
        if self._space is not None:
            return
        self.network = stakeholder_graph(self.world)
        self._space = Network(self.network, layout=None, random=self.random)
        self._agent_of_node = [None] * self.world.nodes.n
        kinds = self.world.nodes.kind
        for kind, cls in AGENT_CLASSES.items():
            nodes = np.flatnonzero(kinds == kind)
            for agent in cls.create_agents(self, len(nodes), nodes):
                agent.cell = self._space[agent.node]
                self._agent_of_node[agent.node] = agent

    @property
    def space(self) -> Network:
        """Mesa's network space over the stakeholder graph (made on first use)."""
        self.materialise()
        return self._space

    @property
    def agent_of_node(self) -> list:
        """The Mesa agent of each node (made on first use)."""
        self.materialise()
        return self._agent_of_node

    @property
    def agents(self):
        """Mesa's set of every agent (made on first use)."""
        self.materialise()
        return super().agents

    @property
    def agents_by_type(self):
        """Mesa's agent sets by type: HealthLeader, GramPanchayat, ... (made on first use)."""
        self.materialise()
        return super().agents_by_type

    @property
    def month(self) -> int:
        return self.world.month

    def step(self) -> None:
        """One month: interventions act, the processes run in order, indicators are recorded."""
        draws = self._draws = draw_month(self._streams, self.world, into=self._draws)
        advance(self.world, draws, self.config.processes, self.interventions)
        self.latest = measure(self.world, self.config.processes)
        self.datacollector.collect(self)
        if self.world.month >= self.config.months:
            self.running = False

    def redesign(self) -> None:
        """Rebuild the institutional design after the interventions list changed mid-run."""
        shock = (self.world.institutions.shock_active, self.world.institutions.shock_intensity)
        self.world.institutions = design(self.world, self.interventions)
        self.world.institutions.shock_active, self.world.institutions.shock_intensity = shock

    def timeseries(self) -> pd.DataFrame:
        """One row per month simulated, one column per indicator."""
        frame = self.datacollector.get_model_vars_dataframe().reset_index(drop=True)
        frame.insert(0, "month", np.arange(1, len(frame) + 1))
        return frame

    def counts(self) -> dict[str, int]:
        """How many stakeholders of each type, and ties, the simulated state has."""
        kinds = np.bincount(self.world.nodes.kind, minlength=len(AGENT_CLASSES))
        out = {cls.__name__: int(kinds[kind]) for kind, cls in AGENT_CLASSES.items()}
        out["blocks"] = self.world.nodes.n_blocks
        out["districts"] = len(self.world.nodes.district_collector)
        out["ties"] = len(self.world.ties)
        return out
