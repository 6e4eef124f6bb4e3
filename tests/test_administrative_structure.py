"""Districts get their real blocks from the Local Government Directory, and ``scale`` keeps a
share of each district's blocks, each standing for the blocks it was drawn from."""

import numpy as np
import pandas as pd
import pytest

from simulation.config import load_config
from simulation.parameters import ConfigError
from simulation.structure import LGD_BLOCKS, AdministrativeStructure, _table, state_blocks

LGD = pd.read_csv(LGD_BLOCKS)
STATES = sorted(LGD.state.unique())


def structure(state: str, scale: float, seed: int = 0, *extra: str) -> AdministrativeStructure:
    config = load_config([f"state={state}", f"scale={scale}", *extra])
    return AdministrativeStructure.sample(
        config.state.structure, scale, np.random.default_rng(seed)
    )


@pytest.mark.parametrize("state", STATES)
def test_every_state_has_the_directorys_districts_and_blocks(state):
    rows = LGD[LGD.state == state]
    s = structure(state, 1.0)
    assert s.n_districts == rows.lgd_district_code.nunique()
    assert s.n_blocks == len(rows)
    per_district = np.bincount(s.block_district, minlength=s.n_districts)
    real = rows.groupby("lgd_district_code", sort=False).size().to_numpy()
    assert per_district.tolist() == real.tolist()
    assert (s.block_weight == 1.0).all()
    config = load_config([f"state={state}"])
    assert s.n_gram_panchayats == config.state.structure.gram_panchayats


def test_bihars_districts_are_named_and_uneven():
    s = structure("bihar", 1.0)
    per_district = np.bincount(s.block_district)
    assert per_district.min() == 5 and per_district.max() == 27
    assert s.district_names[0] == "Araria"
    assert s.block_names[:2] == ("Araria", "Bhargama")
    assert len(set(s.district_names)) == 38


@pytest.mark.parametrize("scale", [0.1, 0.25, 0.5])
def test_each_kept_block_stands_for_its_districts_blocks(scale):
    s = structure("bihar", scale, 3)
    full = np.bincount(structure("bihar", 1.0).block_district)
    kept = np.bincount(s.block_district, minlength=len(full))
    assert (kept >= 1).all()  # every district stays
    assert kept.tolist() == [max(1, round(scale * n)) for n in full]
    # the weights of each district's kept blocks add up to its real number of blocks
    assert np.allclose(np.bincount(s.block_district, weights=s.block_weight), full)
    assert np.isclose(s.block_weight.sum(), 534)


def test_gram_panchayats_are_spread_evenly_over_blocks():
    s = structure("tamil_nadu", 1.0)
    per_block = np.bincount(s.gp_block)
    assert per_block.max() - per_block.min() <= 1
    assert per_block.sum() == 12525


def test_made_up_totals_are_spread_when_no_directory_state_is_named():
    extra = ("state.structure.lgd_state=null", "state.structure.districts=3")
    s = structure("kerala", 1.0, 0, *extra, "state.structure.blocks=10")
    assert s.n_districts == 3 and s.n_blocks == 10
    assert sorted(np.bincount(s.block_district).tolist()) == [3, 3, 4]
    assert s.district_names == ("District 1", "District 2", "District 3")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("state,district\nbihar,ARARIA\n", ["columns", "lgd_block_code"]),
        (
            "state,lgd_state_code,lgd_district_code,district,lgd_block_code,block\n"
            "bihar,10,188,ARARIA,,BHARGAMA\n",
            ["line 2", "lgd_block_code empty", "ARARIA"],
        ),
        (b"\xff\xfe\x00garbage", ["cannot be read"]),
    ],
)
def test_a_malformed_blocks_file_is_refused_naming_what_is_wrong(tmp_path, text, expected):
    path = tmp_path / "blocks.csv"
    path.write_bytes(text if isinstance(text, bytes) else text.encode())
    with pytest.raises(ConfigError) as error:
        _table(path)
    for part in expected:
        assert part in str(error.value)


def test_a_missing_blocks_file_or_state_is_refused(tmp_path):
    with pytest.raises(ConfigError, match="no such blocks file"):
        _table(tmp_path / "nothing.csv")
    with pytest.raises(ConfigError, match="'goa' has no blocks"):
        state_blocks("goa")
