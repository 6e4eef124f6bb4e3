"""The model's step equals a per-agent, loop-based reference given the same random draws, to
the last bit: both call the same rule functions, so any difference is in the plumbing (which
ties and agents, in which order, with which state and draw)."""

import ast
import dataclasses
import re
from pathlib import Path

import numpy as np
import pytest
from conftest import small_config
from reference_step import reference_month

from simulation.loop import advance, draw_month
from simulation.model import CollaborationModel

PROCESSES = Path(__file__).parents[1] / "simulation" / "processes"

SCENARIOS = {
    "status quo": [],
    "recommended package, PDIA and a shock": [
        "interventions=recommended",
        "interventions.training_start_month=2",
        "interventions.shock_start_month=3",
        "interventions.shock_duration_months=4",
        "interventions.block_convergence_coverage=0.6",
        "interventions.training_coverage=0.7",
    ],
    "GP task force, didactic training, shared accountability": [
        "interventions.block_convergence=gp_task_force",
        "interventions.training=didactic",
        "interventions.training_start_month=1",
        "interventions.accountability=shared",
        "interventions.gp_awards=true",
    ],
    "bilateral engagement, a health-led pilot and strengthened health societies": [
        "interventions.engagement_mode=bilateral",
        "interventions.health_society_strengthened=true",
        "interventions.block_convergence=health_led",
        "interventions.block_convergence_coverage=0.5",
        "processes.engagement.bilateral_spell_months=2",
        "state.health_leaders.tenure_months=4",
    ],
    "a CMU without reviews, harmonised data and districts that review forums quarterly": [
        "interventions.central_management_unit=true",
        "interventions.cmu_reviews=false",
        "interventions.data_harmonisation=true",
        "interventions.block_convergence=rdpr_led",
        "interventions.block_convergence_coverage=0.5",
        "processes.monitoring.review_months=3",
        "processes.monitoring.reform_below=0.6",
        "processes.monitoring.drop_below=0.4",
        "state.health_leaders.tenure_months=4",
    ],
    "health-led platform in a high-asymmetry state": [
        "interventions.block_convergence=health_led",
        "interventions.committee_scope=problem_solving",
        "state.health_leaders.tenure_months=4",
        "state.context.power_asymmetry=0.9",
        "interventions.district_convenor=health_officer",
    ],
}


def _arrays(world):
    """Every array of the world's state, by a dotted name."""
    out = {}
    for prefix, obj in (
        ("nodes", world.nodes),
        ("officers", world.nodes.officers),
        ("panchayats", world.nodes.panchayats),
        ("communities", world.nodes.communities),
        ("ties", world.ties),
        ("institutions", world.institutions),
        ("forums", world.forums),
    ):
        if obj is None:  # no forum record before the first month
            continue
        for f in dataclasses.fields(obj):
            value = getattr(obj, f.name)
            if isinstance(value, np.ndarray):
                out[f"{prefix}.{f.name}"] = value
    return out


#: The month's events the reference returns, compared with the model's.
EVENTS = (
    "met",
    "engaged_src",
    "engaged_dst",
    "joint_action",
    "p_src",
    "p_dst",
    "pressure",
    "credit_src",
    "credit_dst",
    "load_src",
    "load_dst",
)


@pytest.mark.parametrize("scenario", SCENARIOS)
def test_vectorised_step_equals_per_agent_reference(scenario):
    state = "karnataka" if "task force" in scenario else "kerala"
    model = CollaborationModel(small_config(*SCENARIOS[scenario], state=state))
    vector = model.world
    reference = vector.copy()
    processes = model.config.processes
    changed = set()
    # The forum reviews' scenario runs past a year, so that the untied funds' twelve-month
    # count wraps round and the reviews have acted more than once.
    for _ in range(14 if "review forums" in scenario else 10):
        draws = draw_month(model._streams, vector)
        before = {k: v.copy() for k, v in _arrays(vector).items()}
        advance(vector, draws, processes, model.interventions)
        events = reference_month(reference, draws, processes, model.interventions)
        for key in EVENTS:
            np.testing.assert_array_equal(getattr(vector.events, key), events[key], err_msg=key)
        ref = _arrays(reference)
        for key, value in _arrays(vector).items():
            np.testing.assert_array_equal(value, ref[key], err_msg=key)
            if key not in before or not np.array_equal(value, before[key]):
                changed.add(key)
    # The comparison is only as strong as what moved: the main state must have changed.
    for key in (
        "ties.strength",
        "ties.trust_src",
        "nodes.willingness",
        "officers.orientation",
        "officers.tenure",
        "communities.reach",
        "communities.voice",
        "nodes.health_coordination",
        "nodes.district_readiness",
        "panchayats.vhsnc_functioning",
        "panchayats.triad_cohesion",
        "panchayats.fund_year",
    ):
        assert key in changed, f"{key} never changed in 10 months: the test exercised nothing"
    if "review forums" in scenario:  # the reviews decided something, both ways
        for key in ("forums.reformed", "forums.dropped", "institutions.in_forum"):
            assert key in changed, f"{key} never changed: the reviews decided nothing"


def _rules() -> dict[str, set[str]]:
    """Every rule of the processes: a function decorated with ``register_jitable`` in a module
    of ``simulation/processes``, by name, with the names of the functions it calls."""
    rules = {}
    for path in sorted(PROCESSES.glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.FunctionDef) and any(
                ast.unparse(d).endswith("register_jitable") for d in node.decorator_list
            ):
                rules[node.name] = {
                    call.func.id
                    for call in ast.walk(node)
                    if isinstance(call, ast.Call) and isinstance(call.func, ast.Name)
                }
    return rules


def test_the_reference_calls_every_rule_it_does_not_retype():
    """Each rule is written once: the reference calls it (directly, or through another rule it
    calls), so a changed rule needs no second edit and cannot drift from the model's."""
    rules = _rules()
    assert {"utility", "friedkin_johnsen", "advance_probability", "reach_target"} <= set(rules)
    reference = (Path(__file__).parent / "reference_step.py").read_text()
    called = set(re.findall(r"_rules\.(\w+)\(", reference))
    reached, todo = set(), list(called & set(rules))
    while todo:  # the rules reached from the reference, through the rules they call
        name = todo.pop()
        if name not in reached:
            reached.add(name)
            todo += rules[name] & set(rules)
    assert not set(rules) - reached, f"rules the reference never calls: {set(rules) - reached}"
