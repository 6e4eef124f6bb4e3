"""A run's tables by district and block are the state's indicators, unit by unit, under the
Local Government Directory's names."""

import numpy as np
import pandas as pd
import pytest

from simulation.config import load_config
from simulation.run import run
from simulation.structure import LGD_BLOCKS


@pytest.fixture(scope="module")
def bihar():
    config = load_config(
        ["state=bihar", "scale=0.25", "months=24", "progress=false", "interventions=recommended"]
    )
    return run(config)


def test_every_district_and_simulated_block_has_a_row_with_its_real_name(bihar):
    lgd = pd.read_csv(LGD_BLOCKS)
    lgd = lgd[lgd.state == "bihar"]
    districts, blocks = bihar.districts, bihar.blocks
    assert len(districts) == 38 and len(blocks) == bihar.counts["blocks"]
    assert set(districts.district) == set(lgd.district.str.title())
    assert districts.blocks.sum() == 534
    assert (
        districts.blocks_simulated == districts.blocks.map(lambda n: max(1, round(n / 4)))
    ).all()
    pairs = set(zip(lgd.district.str.title(), lgd.block.str.title(), strict=True))
    assert set(zip(blocks.district, blocks.block, strict=True)) <= pairs


def test_the_tables_average_to_the_states_indicators(bihar):
    last = bihar.timeseries.iloc[-1]
    b, d = bihar.blocks, bihar.districts
    for column in ("collaboration_block", "collaboration_rdpr_platform", "gp_phase_mean"):
        weighted = np.average(
            b[column],
            weights=b.stands_for * (b.gram_panchayats if column == "gp_phase_mean" else 1),
        )
        assert weighted == pytest.approx(last[column], rel=1e-9), column
    assert np.average(b.sectors_engaged, weights=b.stands_for) == pytest.approx(
        last["sector_breadth"]
    )
    assert d.collaboration_district.mean() == pytest.approx(last["collaboration_district"])
    per_block = np.average(b.joint_actions, weights=b.stands_for)
    assert per_block == pytest.approx(last["joint_actions_per_block"])
