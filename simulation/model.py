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

from simulation.agents import (
    AlliedDepartment,
    Community,
    DistrictCollector,
    GramPanchayat,
    HealthLeader,
)
from simulation.array_model import STAKEHOLDER_TYPES, ArrayModel, build_world
from simulation.config import RunConfig, load_config, replace
from simulation.indicators import INDICATORS
from simulation.network import stakeholder_graph
from simulation.randomness import stream
from simulation.stakeholders import Kind

AGENT_CLASSES = {
    Kind.COLLECTOR: DistrictCollector,
    Kind.HEALTH_LEADER: HealthLeader,
    Kind.ALLIED_DEPARTMENT: AlliedDepartment,
    Kind.GRAM_PANCHAYAT: GramPanchayat,
    Kind.COMMUNITY: Community,
}
__all__ = ["AGENT_CLASSES", "STAKEHOLDER_TYPES", "CollaborationModel", "build_world", "indicator"]


def indicator(model: "CollaborationModel", name: str) -> float:
    """Mesa model reporter: the latest value of one indicator."""
    return model.latest[name]


class CollaborationModel(ArrayModel, mesa.Model):
    """Emergent collaboration among health, allied departments, Gram Panchayats and communities.

    The model of :class:`simulation.array_model.ArrayModel` (its world, month and indicators)
    as a Mesa model: agents in a network space, made on first use, and a ``DataCollector``.

    Args:
        config: a validated run configuration (default: ``configs/config.yaml``).
        rng: a seed that replaces ``config.seed`` (Mesa's convention).
    """

    def __init__(self, config: RunConfig | None = None, *, rng: int | None = None):
        config = load_config() if config is None else config
        if rng is not None:
            config = replace(config, seed=int(rng))
        ArrayModel.__init__(self, config)  # checks the config, builds the world
        mesa_seed = int(stream(config.seed, config.replicate, "mesa").integers(2**62))
        mesa.Model.__init__(self, rng=mesa_seed)

        self._space: Network | None = None  # Mesa's space and agents: made on first use
        self._agent_of_node: list | None = None

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

    def step(self) -> None:
        """One month (:meth:`ArrayModel.step`), recorded by Mesa's ``DataCollector`` too."""
        ArrayModel.step(self)
        self.datacollector.collect(self)
        if self.world.month >= self.config.months:
            self.running = False

    def timeseries(self) -> pd.DataFrame:
        """One row per month simulated, one column per indicator."""
        frame = self.datacollector.get_model_vars_dataframe().reset_index(drop=True)
        frame.insert(0, "month", np.arange(1, len(frame) + 1))
        return frame
