"""Mesa agents are views onto the arrays; the network space, agent sets and collection work."""

import mesa
import numpy as np
import pytest

from simulation.agents import (
    AlliedDepartment,
    Community,
    DistrictCollector,
    GramPanchayat,
    HealthLeader,
)
from simulation.model import CollaborationModel


@pytest.fixture
def model(kerala_small):
    return CollaborationModel(kerala_small)


def test_one_agent_per_stakeholder_grouped_by_type(model):
    counts = model.counts()
    d, b, g = counts["districts"], counts["blocks"], counts["GramPanchayat"]
    by_type = model.agents_by_type
    assert len(by_type[DistrictCollector]) == d
    assert len(by_type[HealthLeader]) == d + b
    assert len(by_type[AlliedDepartment]) == 5 * (d + b)
    assert len(by_type[Community]) == 2 * g
    assert len(model.agents) == model.world.nodes.n


def test_agents_sit_in_their_cells_and_neighbours_follow_ties(model):
    gp = model.agents_by_type[GramPanchayat][0]
    assert gp.cell is model.space[gp.node]
    neighbours = {agent.node for agent in gp.cell.neighborhood.agents}
    t = model.world.ties
    expected = set(t.src[t.dst == gp.node]) | set(t.dst[t.src == gp.node])
    assert neighbours == {int(x) for x in expected}
    kinds = {type(a) for a in gp.cell.neighborhood.agents}
    assert kinds == {HealthLeader, AlliedDepartment, Community}


def test_agent_attributes_are_views_onto_the_arrays(model):
    leader = model.agents_by_type[HealthLeader][3]
    leader.orientation = 0.91
    assert model.world.nodes.officers.orientation[leader.node] == 0.91
    model.step()
    assert leader.orientation == model.world.nodes.officers.orientation[leader.node]
    assert leader.tenure == model.world.nodes.officers.tenure[leader.node]
    community = model.agents_by_type[Community][0]
    assert community.reach == model.world.nodes.communities.reach[0]
    dept = model.agents_by_type[AlliedDepartment][0]
    assert 0 <= dept.trust_in_health <= 1 and dept.credit_share == pytest.approx(0.1)


def test_mesa_data_collection_reads_agents(model):
    collector = mesa.DataCollector(agenttype_reporters={GramPanchayat: {"phase": "phase"}})
    for _ in range(3):
        model.step()
        collector.collect(model)
    frame = collector.get_agenttype_vars_dataframe(GramPanchayat)
    assert len(frame) == 3 * len(model.agents_by_type[GramPanchayat])
    assert frame["phase"].between(0, 4).all()


def test_model_runs_its_months_and_records_each(model):
    while model.running:
        model.step()
    ts = model.timeseries()
    assert model.month == model.config.months == len(ts)
    assert np.array_equal(ts["month"], np.arange(1, model.config.months + 1))


def test_mesa_agents_are_made_on_first_use_and_show_the_current_state(kerala_small):
    """A batch run never builds Mesa's agents and space; asking for them builds them, as views
    of the arrays at that moment."""
    model = CollaborationModel(kerala_small)
    model.run_for(6)
    assert model._space is None  # the run needed only the arrays
    leader = model.agents_by_type[HealthLeader][0]
    assert model._space is not None
    assert leader.orientation == model.world.nodes.officers.orientation[leader.node]
    assert len(model.agents) == model.world.nodes.n
    assert model.agent_of_node[leader.node] is leader and leader.cell is model.space[leader.node]
    model.step()
    assert leader.orientation == model.world.nodes.officers.orientation[leader.node]


def test_the_mesa_model_is_the_array_model_with_mesa_on_top(kerala_small):
    """A run steps :class:`ArrayModel` (no Mesa import, for start-up); the Mesa model records
    the very same months and counts through its DataCollector."""
    from simulation.array_model import STAKEHOLDER_TYPES, ArrayModel
    from simulation.model import AGENT_CLASSES

    assert {kind: cls.__name__ for kind, cls in AGENT_CLASSES.items()} == STAKEHOLDER_TYPES
    plain, mesa_model = ArrayModel(kerala_small), CollaborationModel(kerala_small)
    for _ in range(4):
        plain.step()
        mesa_model.step()
    assert plain.timeseries().equals(mesa_model.timeseries())
    assert plain.counts() == mesa_model.counts()
    assert mesa_model.datacollector.get_model_vars_dataframe().shape[0] == 4
