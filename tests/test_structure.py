"""At full scale the real totals are kept; at reduced scale a share of blocks is sampled."""

import numpy as np
import pytest
from conftest import small_config
from test_config import REAL_COUNTS

from simulation.model import CollaborationModel
from simulation.randomness import stream
from simulation.structure import AdministrativeStructure


@pytest.mark.parametrize("state", sorted(REAL_COUNTS))
def test_full_scale_keeps_every_district_block_and_gram_panchayat(state):
    d, b, g = REAL_COUNTS[state]
    s = AdministrativeStructure.sample(d, b, g, 1.0, stream(0, 0, "structure"))
    assert s.n_districts == d and s.n_blocks == b and s.n_gram_panchayats == g
    per_district = np.bincount(s.block_district, minlength=d)
    assert per_district.min() >= 1 and per_district.max() - per_district.min() <= 1


@pytest.mark.parametrize("scale", [0.01, 0.1, 0.5])
def test_reduced_scale_keeps_a_share_of_blocks_and_at_least_one_per_district(scale):
    d, b, g = REAL_COUNTS["uttar_pradesh"]
    s = AdministrativeStructure.sample(d, b, g, scale, stream(0, 0, "structure"))
    per_district = np.bincount(s.block_district, minlength=d)
    assert per_district.min() >= 1
    assert s.n_blocks == pytest.approx(max(d, scale * b), rel=0.2)
    assert s.n_gram_panchayats / s.n_blocks == pytest.approx(g / b, rel=0.05)


def test_whole_kerala_builds_with_its_real_counts():
    model = CollaborationModel(small_config(scale=1.0))
    counts = model.counts()
    assert (counts["districts"], counts["blocks"], counts["GramPanchayat"]) == (14, 152, 941)
    assert counts["Community"] == 2 * 941
