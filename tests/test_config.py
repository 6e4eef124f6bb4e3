"""Every config composes; bad input stops before any work with one clear message."""

import pytest
from conftest import small_config
from omegaconf import OmegaConf

from simulation.config import CONFIG_DIR, as_yaml, load_config
from simulation.parameters import ConfigError
from simulation.policies import Training
from tests.command_harness import run_command

STATES = sorted(p.stem for p in (CONFIG_DIR / "state").glob("*.yaml"))

#: Districts and blocks of the Local Government Directory as of 11 March 2022
#: (configs/data/lgd_blocks.csv; the domain brief's later totals differ for Chhattisgarh 33,
#: Karnataka 31 and 234, Tamil Nadu 38, Uttar Pradesh 822), and the domain brief's Gram
#: Panchayats.
REAL_COUNTS = {
    "bihar": (38, 534, 8181),
    "chhattisgarh": (28, 146, 11656),
    "jharkhand": (24, 264, 4345),
    "karnataka": (30, 230, 5955),
    "kerala": (14, 152, 941),
    "madhya_pradesh": (52, 313, 23020),
    "odisha": (30, 314, 6794),
    "tamil_nadu": (36, 388, 12525),
    "uttar_pradesh": (75, 828, 59163),
}


def test_the_nine_states_of_the_study_have_files():
    assert set(STATES) == set(REAL_COUNTS)


@pytest.mark.parametrize("state", STATES)
def test_state_files_compose_with_real_counts_and_a_source(state):
    config = load_config([f"state={state}"])
    s = config.state.structure
    assert (s.districts, s.blocks, s.gram_panchayats) == REAL_COUNTS[state]
    assert "Local Government Directory" in s.source and "lgd_blocks.csv" in s.source
    assert "not sourced" in s.source  # Gram Panchayats' split over blocks
    assert s.lgd_state == state
    text = (CONFIG_DIR / "state" / f"{state}.yaml").read_text()
    assert "Singh et al. 2024" in text


def test_overrides_reach_every_group():
    c = small_config(
        "interventions.training=pdia",
        "state.health_leaders.tenure_months=30",
        "processes.engagement.power_weight=4",
        "seed=7",
    )
    assert c.interventions.training is Training.pdia
    assert c.state.health_leaders.tenure_months == 30
    assert c.processes.engagement.power_weight == 4
    assert c.seed == 7


@pytest.mark.parametrize(
    ("overrides", "expected"),
    [
        (["scale=1.5"], ["scale = 1.5", "(0, 1]"]),
        (["scale=0"], ["scale = 0", "(0, 1]"]),
        (
            ["state.context.power_asymmetry=-0.2"],
            ["state.context.power_asymmetry = -0.2", "[0, 1]"],
        ),
        (["state.health_leaders.tenure_months=0"], ["tenure_months = 0", "[1, 240]", "months"]),
        (
            ["state.gram_panchayats.initial_phases=[0.5,0.5,0.5,0,0]"],
            ["initial_phases", "sum to 1"],
        ),
        (
            ["state.structure.lgd_state=null", "state.structure.blocks=3"],
            ["state.structure.blocks = 3", "one block per district"],
        ),
        (["state.structure.blocks=3"], ["state.structure.blocks = 3", "Local Government", "388"]),
        (["state.structure.lgd_state=atlantis"], ["lgd_state = 'atlantis'", "kerala", "null"]),
        (
            ["months=24", "interventions.training=pdia", "interventions.training_start_month=30"],
            ["interventions.training_start_month = 30", "months = 24", "0 to 23"],
        ),
        (["months=24", "interventions.shock_start_month=24"], ["shock_start_month = 24", "null"]),
        (["processes.panchayat.ladder=[1,1]"], ["processes.panchayat.ladder", "four values"]),
    ],
)
def test_out_of_range_or_inconsistent_values_name_key_value_and_allowed(overrides, expected):
    with pytest.raises(ConfigError) as error:
        load_config(overrides)
    for text in expected:
        assert text in str(error.value)


BAD_COMMAND_LINES = {
    "unknown state": (["state=goa"], ["state/goa", "kerala", "tamil_nadu"]),
    "unknown option": (
        ["interventions.training=lecture"],
        ["lecture", "interventions.training", "none, didactic, pdia"],
    ),
    "unknown key": (["state.context.power=0.3"], ["state.context.power", "not in"]),
    "wrong type": (["months=many"], ["months", "many"]),
    "out of range": (["scale=2"], ["scale = 2.0", "(0, 1]"]),
    "inconsistent": (
        ["months=12", "interventions.training=didactic", "interventions.training_start_month=12"],
        ["training_start_month = 12", "months = 12"],
    ),
}


@pytest.mark.parametrize("case", BAD_COMMAND_LINES)
def test_bad_command_line_fails_before_work_and_writes_nothing(case, tmp_path):
    args, expected = BAD_COMMAND_LINES[case]
    out = tmp_path / "out"
    result = run_command("simulation", [*args, f"output_dir={out}"], tmp_path)
    assert result.code != 0
    message = result.stderr + result.stdout
    for text in expected:
        assert text in message, message
    assert "Traceback" not in message
    assert list(tmp_path.iterdir()) == []  # no results, no Hydra outputs, no log


def test_a_corrupt_or_incomplete_state_file_is_reported_by_name(tmp_path):
    extra = tmp_path / "extra" / "state"
    extra.mkdir(parents=True)
    (extra / "incomplete.yaml").write_text(
        "defaults:\n  - /schema/state@_here_\n  - _self_\nname: Incomplete\n"
        "structure:\n  districts: 3\n  source: test\n"
    )
    (extra / "corrupt.yaml").write_text("name: [unclosed\n")
    work = tmp_path / "work"
    work.mkdir()
    extra_dir = f"--config-dir={tmp_path / 'extra'}"
    result = run_command("simulation", [extra_dir, "state=incomplete"], work)
    assert result.code != 0
    assert "state.structure.blocks" in result.stderr + result.stdout
    result = run_command("simulation", [extra_dir, "state=corrupt"], work)
    assert result.code != 0
    assert "corrupt" in result.stderr + result.stdout
    assert list(work.iterdir()) == []


INTERVENTIONS = sorted(p.stem for p in (CONFIG_DIR / "interventions").glob("*.yaml"))


@pytest.mark.parametrize("interventions", INTERVENTIONS)
@pytest.mark.parametrize("state", STATES)
def test_config_text_is_omegaconfs_to_the_byte(state, interventions):
    """A run's config.yaml, and the hash that names a sweep job's folder, are the text
    OmegaConf renders from the structured config: jobs swept before keep their folders."""
    config = load_config([f"state={state}", f"interventions={interventions}", "seed=11"])
    assert as_yaml(config) == OmegaConf.to_yaml(OmegaConf.structured(config))


def test_config_text_converts_values_as_omegaconf_does():
    """Whole numbers in float fields, enums, a set output folder, lists."""
    config = load_config(
        [
            "state=kerala",
            "output_dir=/tmp/somewhere",
            "interventions.shock_start_month=30",
            "processes.engagement.trust_weight=3",
            "state.gram_panchayats.initial_phases=[1,0,0,0,0]",
        ]
    )
    config.interventions.training = Training.pdia
    assert as_yaml(config) == OmegaConf.to_yaml(OmegaConf.structured(config))
