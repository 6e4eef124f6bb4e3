"""The one scenario shape: a named set of overrides, read from YAML, and its run config.

:func:`run_config`'s default path applies a scenario's overrides to a copy of a config Hydra
composed once; these tests hold it equal to Hydra's own composition of the same overrides
(enum, float, integer, null, a nested state key, a preset), and hold its refusals to one line
naming the key, the value and what is allowed.
"""

import dataclasses

import pytest

from simulation.config import load_config
from simulation.experiment.checking import job_config
from simulation.experiment.scenario import (
    Scenario,
    as_in,
    read_scenario,
    run_config,
    scenario_yaml,
)
from simulation.parameters import ConfigError
from simulation.planning.scenarios import SCENARIO_DIR, available
from simulation.policies import Training

BASE = ["state=bihar", "scale=0.1", "months=24", "seed=7", "replicate=2"]

EQUAL = [
    ("interventions.training=pdia",),  # an enum, by name
    ("state.context.power_asymmetry=0.65",),  # a float, in a nested state key
    ("state.health_leaders.tenure_months=24",),  # an integer in a float field
    ("interventions.shock_start_month=null",),  # null where the field allows it
    ("interventions.shock_start_month=6",),
    ("interventions=recommended", "interventions.training=didactic"),  # a preset, then a key
    (
        "state=kerala",
        "interventions.block_convergence=rdpr_led",
        "state.structure.lgd_state=null",
        "state.structure.districts=2",
    ),
    ("interventions.central_management_unit=true", "months=36"),
]


@pytest.mark.parametrize("overrides", EQUAL, ids=lambda o: " ".join(o))
def test_the_fast_path_equals_hydras_composition(overrides):
    scenario = Scenario("s", "S", overrides)
    fast = run_config(scenario, BASE)
    assert fast == load_config([*BASE, *overrides])
    assert fast == job_config(scenario, BASE)


def test_the_fast_path_converts_to_the_fields_type():
    config = run_config(Scenario("s", "S", ("interventions.training=pdia",)), BASE)
    assert config.interventions.training is Training.pdia
    config = run_config(Scenario("s", "S", ("state.health_leaders.tenure_months=24",)), BASE)
    assert type(config.state.health_leaders.tenure_months) is float
    assert (config.seed, config.replicate) == (7, 2)


def test_the_scenarios_state_wins_and_another_states_section_can_be_copied():
    scenario = Scenario("s", "S", ("state=kerala",))
    assert scenario.state == "kerala" and scenario.keys == ()
    assert run_config(scenario, BASE).state.name == "Kerala"
    cadre = Scenario("c", "C", (as_in("state.health_leaders", "tamil_nadu"),))
    assert cadre.keys == ("state.health_leaders",)
    config = run_config(cadre, BASE)
    tamil_nadu = load_config(["state=tamil_nadu", *BASE[1:]])
    assert config.state.name == "Bihar"
    assert config.state.health_leaders == tamil_nadu.state.health_leaders


BAD = [
    ("interventions.trainig=pdia", "interventions.trainig is not a config key"),
    ("interventions.training=yoga", "interventions.training = 'yoga' is not allowed; allowed: "),
    ("state.context.power_asymmetry=high", "= 'high' is not allowed; allowed: a number"),
    ("state.context.power_asymmetry=null", "= null is not allowed; allowed: a number"),
    ("state.context.power_asymmetry=1.5", "state.context.power_asymmetry = 1.5 is out of range"),
    ("state.structure.districts=2.5", "= 2.5 is not allowed; allowed: an integer"),
    ("interventions.central_management_unit=3", "= 3 is not allowed; allowed: true or false"),
    ("state.health_leaders=0.5", "allowed: a section"),
    ("interventions.training=a,b", "is a sweep; allowed: one value"),
    ("no_equals_sign", "'no_equals_sign' is not allowed; allowed: key=value"),
    ("state=goa", "state=goa: no config 'state/goa'; allowed: bihar, chhattisgarh"),
    ("state.health_leaders=as in goa", "state=goa: no config 'state/goa'; allowed: bihar"),
    ("scale=abc", "scale = 'abc'"),
]


@pytest.mark.parametrize(("override", "message"), BAD, ids=[b[0] for b in BAD])
def test_a_bad_override_is_refused_in_one_line(override, message):
    with pytest.raises(ConfigError) as error:
        run_config(Scenario("s", "S", (override,)), BASE)
    text = str(error.value)
    assert message in text and "\n" not in text
    if "training=yoga" in override:
        assert "pdia" in text and "didactic" in text  # what is allowed


def test_a_scenario_file_round_trips(tmp_path):
    scenario = Scenario(
        "mine",
        "Mine: <b>bold</b> & more",
        (
            "interventions=recommended",
            "interventions.training=pdia",
            "state.context.power_asymmetry=0.7",
        ),
        "A planner's own: with a colon, and a second line\nhere.",
    )
    path = tmp_path / "mine.yaml"
    path.write_text(scenario_yaml(scenario))
    assert read_scenario(path) == dataclasses.replace(scenario, path=path)


def test_the_planners_files_read_as_before():
    """``base`` and ``interventions`` become overrides, the preset first; a plain
    ``overrides:`` list may add any other key."""
    scenario = read_scenario(SCENARIO_DIR / "full_package.yaml")
    assert scenario.overrides == ("interventions=recommended",)
    scenario = read_scenario(SCENARIO_DIR / "rdpr_led_cmu_deliverables.yaml")
    assert scenario.overrides == (
        "interventions.block_convergence=rdpr_led",
        "interventions.central_management_unit=true",
        "interventions.accountability=deliverables",
    )
    for name in available():
        run_config(read_scenario(SCENARIO_DIR / f"{name}.yaml"), BASE)


def test_a_files_overrides_list_is_checked(tmp_path):
    path = tmp_path / "mine.yaml"
    path.write_text("label: Mine\noverrides:\n  - state.context.power_asymmetry=0.7\n")
    assert read_scenario(path).overrides == ("state.context.power_asymmetry=0.7",)
    path.write_text("label: Mine\noverrides: state.context.power_asymmetry=0.7\n")
    with pytest.raises(ConfigError, match=r"mine\.yaml: overrides = .*a list of key=value"):
        read_scenario(path)
    path.write_text("label: Mine\noverrides: [power]\n")
    with pytest.raises(ConfigError, match=r"mine\.yaml: override 'power' is not allowed"):
        read_scenario(path)


def test_another_states_value_is_refused_where_hydra_composes():
    cadre = Scenario("c", "C", (as_in("state.health_leaders", "kerala"),))
    with pytest.raises(ConfigError, match=r"health_leaders=as in kerala is not allowed here"):
        job_config(cadre, BASE)
