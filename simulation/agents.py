"""Mesa agents: one class per type of stakeholder, each a view onto the model's arrays.

The monthly processes work on arrays (``processes/``); an agent reads and writes its own row,
so Mesa's agent sets, data collection and visualisation see the current state. Changing an
agent attribute changes the array the processes use.
"""

import numpy as np
from mesa.discrete_space import FixedAgent

from simulation.processes.engagement import allied_credit, collector_pressure, familiarity
from simulation.stakeholders import Sector


class Attribute:
    """An agent attribute stored in one of the model's arrays.

    ``table`` is where the array lives: ``nodes`` (every stakeholder), ``officers``,
    ``panchayats`` or ``communities``; the agent's row there is worked out from its node.
    """

    def __init__(self, table: str, doc: str = ""):
        self.table = table
        self.__doc__ = doc

    def __set_name__(self, owner, name):
        self.name = name

    def _array(self, agent) -> tuple[np.ndarray, int]:
        nodes = agent.model.world.nodes
        if self.table == "nodes":
            return getattr(nodes, self.name), agent.node
        if self.table == "officers":
            return getattr(nodes.officers, self.name), agent.node
        if self.table == "panchayats":
            return getattr(nodes.panchayats, self.name), agent.node - nodes.gp_offset
        return getattr(nodes.communities, self.name), agent.node - nodes.community_offset

    def __get__(self, agent, owner=None):
        if agent is None:
            return self
        array, row = self._array(agent)
        return array[row].item()

    def __set__(self, agent, value):
        array, row = self._array(agent)
        array[row] = value


class Stakeholder(FixedAgent):
    """A node of the stakeholder network."""

    power = Attribute("nodes", "formal power in [0, 1]")
    district = Attribute("nodes", "district index")
    block = Attribute("nodes", "block index (-1 at district level)")

    def __init__(self, model, node: int):
        super().__init__(model)
        self.node = int(node)

    @property
    def sector(self) -> Sector:
        return Sector(int(self.model.world.nodes.sector[self.node]))


class Officer(Stakeholder):
    """A posted officer, transferred from time to time."""

    tenure = Attribute("officers", "months in post")
    orientation = Attribute("officers", "0 clinical or sectoral, 1 holistic and equity-driven")
    communication = Attribute("officers", "skill at making the case (soft power)")
    management = Attribute("officers", "management capacity")
    workload = Attribute("officers", "competing priorities of the post")
    practising_pdia = Attribute("officers", "in a PDIA team that still practises")
    pdia_months = Attribute("officers", "months its PDIA team has practised")
    pdia_failures = Attribute("officers", "PDIA rounds failed since the last success")
    willingness = Attribute("nodes", "learned propensity to collaborate")


class HealthLeader(Officer):
    """A district health officer or a block medical officer."""

    @property
    def role(self) -> str:
        return "block medical officer" if self.block >= 0 else "district health officer"


class AlliedDepartment(Officer):
    """The officer heading an allied department at district or block level."""

    @property
    def mandate_overlap(self) -> float:
        """How much a joint outcome with health serves this department's own mandate."""
        overlap = self.model.config.processes.engagement.mandate_overlap
        return getattr(overlap, f"health_{self.sector.name.lower()}")

    @property
    def credit_share(self) -> float:
        """Credit this department gets for joint outcomes under the accountability regime."""
        return allied_credit(
            self.model.config.processes.engagement, self.model.world.institutions.accountability
        )

    @property
    def trust_in_health(self) -> float:
        """Mean trust of this department in the health leaders it is tied to in forums."""
        t, n = self.model.world.ties, self.model.world.nodes
        f = t.forum
        mine = (t.dst[f] == self.node) & n.is_health[t.src[f]]
        return float(t.trust_dst[f][mine].mean()) if mine.any() else float("nan")


class DistrictCollector(Officer):
    """Convener of district committees; carries the state's political pressure."""

    @property
    def political_pressure(self) -> float:
        p = self.model.config.processes.engagement
        political = self.model.world.context.political_leadership
        return collector_pressure(political, familiarity(self.tenure, p.learning_months), p)


class GramPanchayat(Stakeholder):
    phase = Attribute("panchayats", "engagement phase 0-4")
    fiscal_autonomy = Attribute("panchayats")
    vhsnc_functioning = Attribute("panchayats", "its VHSNC's monthly chance to meet and work")
    triad_cohesion = Attribute(
        "panchayats", "how well its ASHA, Anganwadi worker and ANM work together"
    )
    fund_year = Attribute("panchayats", "share of its VHSNC's untied fund spent in 12 months")
    recognition = Attribute("panchayats")
    willingness = Attribute("nodes", "learned propensity to collaborate")


class Community(Stakeholder):
    """A Gram Panchayat's vulnerable hamlets or SHG collectives, or the rest of its people."""

    vulnerable = Attribute("communities")
    vulnerability = Attribute("communities")
    voice = Attribute("communities")
    reach = Attribute("communities", "share of services reaching the community")
