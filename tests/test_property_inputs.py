"""Property-based bad input: state files, scenario files and overrides mutated at random.

Whatever the mutation (a value replaced by a wrong type, an out-of-range number or random text,
a key deleted or added, the file cut short), the command either runs and writes only where it
was told to, or refuses the input by the one rule (exit 2, exactly one non-empty stderr line
``Configuration error: ...`` naming the key or file, no traceback) and writes nothing. The
examples are drawn deterministically (``derandomize``) and not shrunk, so that a failure costs
no more time than a pass; the falsifying example is printed.
"""

from __future__ import annotations

import copy
import tempfile
from pathlib import Path

import yaml
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from simulation.config import RunConfig
from simulation.parameters import declared_parameters
from tests.command_harness import (
    REPO,
    changes,
    input_error_problems,
    run_command,
    snapshot,
    traceback_problems,
)

BOUNDED = settings(
    max_examples=20,
    deadline=None,
    derandomize=True,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=[HealthCheck.too_slow],
)

#: Values a user might wrongly write: wrong types, out-of-range numbers, random text.
TEXT = st.text(
    st.characters(min_codepoint=32, max_codepoint=126, exclude_characters="\\"), max_size=12
)
BAD_VALUES = st.one_of(
    TEXT,
    st.integers(-(10**7), 10**7),
    st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(),
    st.none(),
    st.lists(st.integers(-3, 3), max_size=3),
    st.dictionaries(st.sampled_from(["low", "x"]), st.integers(0, 2), max_size=2),
)


def leaves(data, path=()):
    """Every (path, value) of a nested mapping, sections included."""
    if isinstance(data, dict):
        for key, value in data.items():
            yield (*path, key), value
            yield from leaves(value, (*path, key))


@st.composite
def mutated_yaml(draw, original: dict) -> tuple[str, str]:
    """A mutated copy of ``original`` as YAML text, and the name of the key it touched
    (``""`` when the whole file was changed)."""
    data = copy.deepcopy(original)
    paths = [p for p, _ in leaves(data)]
    kind = draw(st.sampled_from(["replace", "delete", "add", "truncate"]))
    if kind == "truncate":
        text = yaml.safe_dump(data, sort_keys=False)
        return text[: draw(st.integers(0, max(0, len(text) - 1)))], ""
    path = draw(st.sampled_from(paths))
    *parents, last = path
    owner = data
    for key in parents:
        owner = owner[key]
    if kind == "replace":
        owner[last] = draw(BAD_VALUES)
    elif kind == "delete":
        del owner[last]
    else:
        sections = [data, *(value for _, value in leaves(data) if isinstance(value, dict))]
        last = draw(st.sampled_from(["colour", "tenure", "powr_asymmetry", "notes"]))
        draw(st.sampled_from(sections))[last] = draw(BAD_VALUES)
    return yaml.safe_dump(data, sort_keys=False), str(last)


def judge(target, args, cwd: Path, outputs: tuple[str, ...], names: tuple[str, ...]) -> None:
    """Run the command and assert: a run that wrote only into ``outputs``, or the refusal
    rule with a message naming one of ``names``, having written nothing."""
    watched = (cwd, REPO / "results", REPO / "configs")
    before = snapshot(*watched)
    outcome = run_command(target, args, cwd)
    written = changes(before, snapshot(*watched))
    if outcome.code == 0:
        problems = traceback_problems(outcome)
        problems += [
            line
            for line in written
            if not any(line.startswith(f"added {cwd / out}") for out in outputs)
        ]
    else:
        problems = input_error_problems(outcome, ())
        message = outcome.stderr.lower()
        if not any(n.lower() in message for n in names if n):
            problems.append(f"the message names none of {[n for n in names if n]}")
        problems += written
    assert not problems, "\n".join(problems) + "\n" + outcome.describe()


KERALA = yaml.safe_load((REPO / "configs" / "state" / "kerala.yaml").read_text())


@BOUNDED
@given(mutated_yaml(KERALA))
def test_mutated_state_file(mutation):
    text, key = mutation
    with tempfile.TemporaryDirectory() as folder:
        cwd = Path(folder)
        state = cwd / "userconfigs" / "state" / "mutant.yaml"
        state.parent.mkdir(parents=True)
        state.write_text(text)
        args = [
            f"hydra.searchpath=[file://{cwd}/userconfigs]",
            "state=mutant",
            "months=2",
            "progress=false",
            "output_dir=out",
        ]
        judge("simulation", args, cwd, ("out",), ("mutant", key))


SCENARIO = yaml.safe_load(
    (REPO / "configs" / "scenarios" / "rdpr_led_cmu_deliverables.yaml").read_text()
)


@settings(BOUNDED, max_examples=8)
@given(mutated_yaml(SCENARIO))
def test_mutated_scenario_file(mutation):
    text, key = mutation
    with tempfile.TemporaryDirectory() as folder:
        cwd = Path(folder)
        (cwd / "mutant.yaml").write_text(text)
        args = [
            "compare=[mutant.yaml]",
            "seeds=2",
            "months=2",
            "scale=0.1",
            "workers=1",
            "progress=false",
            "output=report",
            "runs_dir=runs",
        ]
        judge("experiments/compare_scenarios.py", args, cwd, ("report", "runs"), ("mutant", key))


KEYS = [
    key
    for key, f in declared_parameters(RunConfig)
    if key not in ("months", "progress", "output_dir")
]
OVERRIDE_VALUES = st.one_of(
    TEXT,
    st.integers(-(10**6), 10**6).map(str),
    st.floats(-1e3, 1e3).map(repr),
    st.sampled_from(["null", "true", "[]", "[1,2]", "nan", "-inf", "{a:1}", "'x'", "1e99"]),
)


@BOUNDED
@given(st.sampled_from(KEYS), OVERRIDE_VALUES)
def test_random_override(key, value):
    with tempfile.TemporaryDirectory() as folder:
        cwd = Path(folder)
        args = ["months=2", "progress=false", "output_dir=out", f"{key}={value}"]
        judge("simulation", args, cwd, ("out",), (key.rsplit(".", 1)[-1],))
