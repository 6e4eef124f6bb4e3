"""Indicators mean the same in every scenario and at every scale (``simulation/indicators.py``).

Each indicator averages over a fixed set of ties or stakeholders (chosen by kind, never by which
pairs a forum brings together), with one weighting rule: 1 at district level, the block's
``block_weight`` below.
"""

import numpy as np
import pandas as pd
import pytest
from conftest import small_config

from simulation.indicators import (
    BOUNDS,
    DENOMINATORS,
    INDICATORS,
    SECTOR_COLUMNS,
    measure,
    selections,
)
from simulation.model import CollaborationModel
from simulation.planning.scenarios import STATUS_QUO, load_scenarios
from simulation.stakeholders import Kind
from simulation.ties import TieKind

STATE = "bihar"
MONTHS = 14  # past the full package's training (month 12)


@pytest.fixture(scope="module")
def scenario_models():
    """Each scenario file of configs/scenarios/, on the same seed, run for a few months."""
    out = {}
    for s in load_scenarios(state=STATE):
        model = CollaborationModel(
            small_config(*s.overrides, state=STATE, scale=0.1, months=MONTHS)
        )
        model.run_for(MONTHS)
        out[s.name] = model
    return out


def denominators(model) -> dict[str, list[tuple[np.ndarray, np.ndarray]]]:
    """Per indicator, the members and weights of each group it averages over."""
    sel = selections(model.world)
    return {
        name: [(sel[g].members, sel[g].member_weights) for g in groups]
        for name, groups in DENOMINATORS.items()
    }


def test_every_indicator_names_its_denominator():
    assert DENOMINATORS.keys() == INDICATORS.keys() == BOUNDS.keys()


def test_every_indicator_averages_over_the_same_set_under_every_scenario(scenario_models):
    """Scenario files change which pairs a forum brings together; no indicator's ties or
    stakeholders, nor their weights, change with them."""
    assert len(scenario_models) == len(list(load_scenarios(state=STATE))) >= 8
    reference = denominators(scenario_models[STATUS_QUO])
    forums = {name: m.world.institutions.in_forum.sum() for name, m in scenario_models.items()}
    assert len(set(forums.values())) > 1  # the scenarios do differ in their forums
    for name, model in scenario_models.items():
        mine = denominators(model)
        for indicator, groups in reference.items():
            for (members, weight), (m, w) in zip(groups, mine[indicator], strict=True):
                np.testing.assert_array_equal(m, members, err_msg=f"{name}: {indicator}")
                np.testing.assert_array_equal(w, weight, err_msg=f"{name}: {indicator}")


def test_collaboration_does_not_depend_on_which_pairs_a_forum_brings_together(kerala_small):
    """The same world with every meso pair in a forum, or none, reports the same collaboration
    (only what leaders report depends on meetings held)."""
    model = CollaborationModel(kerala_small)
    model.run_for(3)
    w, p = model.world, model.config.processes
    before = measure(w, p)
    m = w.ties.meso
    w.institutions.in_forum[m] = ~w.institutions.in_forum[m]
    after = measure(w, p)
    for name in ("collaboration_district", "collaboration_block", "collaboration_rdpr_platform"):
        assert after[name] == before[name], name
    assert after == before  # nothing reads the forums; meetings are this month's events


def test_bounds_hold_over_a_short_run_of_every_scenario(scenario_models):
    for name, model in scenario_models.items():
        ts = model.timeseries()
        assert len(ts) == MONTHS and not ts.isna().any().any(), name
        for indicator, (low, high) in BOUNDS.items():
            assert ts[indicator].between(low, high).all(), (name, indicator)


@pytest.fixture(scope="module")
def whole_state():
    """Kerala at scale 1: every block simulated."""
    model = CollaborationModel(small_config(scale=1, months=3))
    model.run_for(3)
    return model


def test_at_scale_one_every_weight_is_one_and_means_are_plain_means(whole_state):
    w = whole_state.world
    t, n, ev = w.ties, w.nodes, w.events
    sel = selections(w)
    assert np.all(n.block_weight == 1)
    for name, group in sel.groups.items():
        if name != "communities":  # weighted by population share as well
            assert np.all(group.member_weights == 1), name
    got = measure(w, whole_state.config.processes)
    f = t.forum
    kind = t.kind[f]
    strength = t.strength[f]
    c = n.communities
    phase = n.panchayats.phase
    plain = {
        "collaboration_district": strength[kind == TieKind.DISTRICT_COMMITTEE].mean(),
        "collaboration_block": strength[kind == TieKind.BLOCK_COMMITTEE].mean(),
        "collaboration_rdpr_platform": strength[kind == TieKind.BLOCK_RDPR].mean(),
        "panchayat_collaboration": strength[kind == TieKind.PANCHAYAT].mean(),
        "gp_phase_mean": phase.mean(),
        "gp_phase_2": (phase == 2).mean(),
        "reach_vulnerable": c.reach[c.vulnerable].mean(),
        "reach_other": c.reach[~c.vulnerable].mean(),
        "coverage": (c.reach * c.weight).sum() / c.weight.sum(),
        "willingness_allied": n.willingness[n.kind == Kind.ALLIED_DEPARTMENT].mean(),
        "joint_actions_per_block": ev.joint_action[
            (kind == TieKind.BLOCK_COMMITTEE) | (kind == TieKind.BLOCK_RDPR)
        ].sum()
        / n.n_blocks,
        "health_leaders_transferred": w.left[n.kind[: n.n_officers] == Kind.HEALTH_LEADER].mean(),
    }
    for name, value in plain.items():
        assert got[name] == pytest.approx(value, rel=1e-12, abs=1e-15), name


def test_block_weights_stand_for_every_block_of_the_state(whole_state):
    """At scale 0.1 the kept blocks' weights add up to the state's blocks, district by
    district: a weighted mean estimates the whole state's."""
    small = CollaborationModel(small_config(scale=0.1, months=3)).world.nodes
    whole = whole_state.world.nodes
    assert small.n_blocks < whole.n_blocks
    assert small.block_weight.sum() == pytest.approx(whole.n_blocks)
    per_district = np.bincount(small.block_district, weights=small.block_weight)
    assert per_district == pytest.approx(np.bincount(whole.block_district))


def test_weighted_indicators_match_a_direct_pandas_computation():
    """On a small sample (block weights other than 1), indicators computed by hand with
    pandas from the world's arrays equal the model's."""
    model = CollaborationModel(small_config(state=STATE, scale=0.1, months=4))
    model.run_for(4)
    w = model.world
    t, n, ev = w.ties, w.nodes, w.events
    assert not np.all(n.block_weight == 1)
    got = measure(w, model.config.processes)

    f = t.forum
    ties = pd.DataFrame(
        {
            "kind": t.kind[f],
            "block": t.block[f],
            "src": t.src[f],
            "dst": t.dst[f],
            "strength": t.strength[f],
            "met": ev.met[f],
            "action": ev.joint_action[f],
        }
    )
    blocks = pd.DataFrame({"block": np.arange(n.n_blocks), "weight": n.block_weight})
    ties = ties.merge(blocks, on="block", how="left").fillna({"weight": 1.0})

    def weighted(frame, column):
        return (frame[column] * frame["weight"]).sum() / frame["weight"].sum()

    block_pairs = ties[ties.kind == TieKind.BLOCK_COMMITTEE]
    assert got["collaboration_block"] == pytest.approx(weighted(block_pairs, "strength"))
    district_pairs = ties[ties.kind == TieKind.DISTRICT_COMMITTEE]
    assert got["collaboration_district"] == pytest.approx(district_pairs.strength.mean())

    sat = block_pairs.groupby("block").met.any().rename("sat").reset_index()
    sat = sat.merge(blocks, on="block")
    assert got["committee_meetings_per_quarter_block"] == pytest.approx(
        3 * weighted(sat.assign(sat=sat.sat.astype(float)), "sat")
    )

    gp_actions = ties[(ties.kind == TieKind.PANCHAYAT) & ties.action]
    assert got["gp_joint_actions_per_block"] == pytest.approx(
        gp_actions.weight.sum() / blocks.weight.sum()
    )

    # sector breadth: allied block departments at either end of a meso joint action
    meso = ties[(ties.kind <= TieKind.BLOCK_RDPR) & ties.action]
    acted = set(meso.src) | set(meso.dst)
    departments = pd.DataFrame(
        [
            {"block": b, "column": j, "acted": int(node) in acted}
            for b, row in enumerate(n.block_departments)
            for j, node in enumerate(row)
        ]
    )
    per_block = departments.groupby("block").acted.sum().rename("sectors").reset_index()
    per_block = per_block.merge(blocks, on="block")
    assert got["sector_breadth"] == pytest.approx(weighted(per_block, "sectors"))
    wcd = departments[departments.column == 0].merge(blocks, on="block")
    assert got[SECTOR_COLUMNS[next(iter(SECTOR_COLUMNS))]] == pytest.approx(
        weighted(wcd.assign(acted=wcd.acted.astype(float)), "acted")
    )

    meso_met = ties[(ties.kind <= TieKind.BLOCK_RDPR) & ties.met]
    if meso_met.weight.sum():
        share = (meso_met.action * meso_met.weight).sum() / meso_met.weight.sum()
        assert got["meetings_with_action_share"] == pytest.approx(share)
        assert got["name_sake_share"] == pytest.approx(1 - share)

    gps = pd.DataFrame({"block": n.panchayats.block, "phase": n.panchayats.phase})
    gps = gps.merge(blocks, on="block")
    assert got["gp_phase_mean"] == pytest.approx(weighted(gps, "phase"))
