"""The bad-input corpus: every command refuses each kind of bad input the same way.

One rule for all (the lead's exit-status rule): a refused input exits with status 2 and exactly
one non-empty line on stderr, ``Configuration error: ...``, naming the key or file; no Python
traceback reaches the user; nothing is written (the working folder, ``results/`` and
``configs/`` of the repository are unchanged) and nothing already there is removed (user files
put where the command would write survive).

Each case runs in a fresh working folder (``tmp_path``) holding only what the case needs, so
every default output location (``results/...``) is inside it. Commands run in this process
(:mod:`tests.command_harness`), except those that read environment variables at start-up and
the dashboard, which run as processes.
"""

from __future__ import annotations

import shutil
import socket
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from tests.command_harness import (
    REPO,
    changes,
    input_error_problems,
    run_command,
    run_failure_problems,
    run_process,
    snapshot,
    traceback_problems,
)

SIMULATION = "simulation"
VALIDATION = "simulation.validation"
DASHBOARD = "simulation.dashboard"
COMPARE = "experiments/compare_scenarios.py"
SENSITIVITY = "experiments/sensitivity.py"
DISCOVER = "experiments/discover.py"

#: Settings that keep a run short if a bad input is wrongly accepted.
QUICK_RUN = ("months=2", "progress=false")
QUICK_COMPARE = ("seeds=2", "months=2", "workers=1", "progress=false")
QUICK_SENSITIVITY = ("samples=2", "months=2", "workers=1", "progress=false")
QUICK_VALIDATION = ("seeds=2", "draws=0", "knockout_seeds=0", "patterns=[tenure]", "progress=false")
SWEEP_DIR = "hydra.sweep.dir=sweep"

KERALA = (REPO / "configs" / "state" / "kerala.yaml").read_text()
#: A user's own state file, found through Hydra's search path (``state=mystate``).
USER_STATE = ("hydra.searchpath=[file://{tmp}/userconfigs]", "state=mystate", *QUICK_RUN)


@dataclass(frozen=True)
class Case:
    """One kind of bad input: the command, its arguments (``{tmp}`` is the working folder),
    the names its message must contain, and the files the working folder holds first."""

    id: str
    target: str
    args: tuple[str, ...]
    names: tuple[str, ...]
    files: dict[str, str] = field(default_factory=dict)


def user_state(text: str) -> dict[str, str]:
    return {"userconfigs/state/mystate.yaml": text}


def scenario(text: str) -> dict[str, str]:
    return {"my_plan.yaml": text}


def kerala_with(old: str, new: str) -> str:
    assert old in KERALA, old
    return KERALA.replace(old, new, 1)


THESIS = {"thesis/chapter1.txt": "two years of fieldwork\n"}

CASES = [
    # ---------------------------------------------------------------- python -m simulation
    Case("sim-unknown-key", SIMULATION, ("foo=1",), ("foo",)),
    Case("sim-unknown-nested-key", SIMULATION, ("interventions.trainng=pdia",), ("trainng",)),
    Case("sim-unknown-process-key", SIMULATION, ("processes.turnover.speed=1",), ("speed",)),
    Case("sim-wrong-type-int", SIMULATION, ("months=abc",), ("months", "abc")),
    Case("sim-wrong-type-float", SIMULATION, ("scale=high",), ("scale", "high")),
    Case("sim-wrong-type-bool", SIMULATION, ("progress=maybe",), ("progress", "maybe")),
    Case("sim-fraction-for-integer", SIMULATION, ("months=2.5",), ("months",)),
    Case("sim-list-for-number", SIMULATION, ("scale=[0.1,0.2]",), ("scale",)),
    Case("sim-out-of-range", SIMULATION, ("scale=2",), ("scale", "(0, 1]")),
    Case("sim-zero-months", SIMULATION, ("months=0",), ("months",)),
    Case("sim-negative-seed", SIMULATION, ("seed=-1",), ("seed",)),
    Case("sim-not-a-number", SIMULATION, ("scale=nan",), ("scale",)),
    Case(
        "sim-state-value-out-of-range",
        SIMULATION,
        ("state.context.power_asymmetry=1.5",),
        ("state.context.power_asymmetry",),
    ),
    Case(
        "sim-phases-not-summing-to-one",
        SIMULATION,
        ("state.gram_panchayats.initial_phases=[0.5,0.4,0,0,0]",),
        ("initial_phases",),
    ),
    Case("sim-unknown-state", SIMULATION, ("state=goa",), ("state", "goa")),
    Case(
        "sim-unknown-enum-value",
        SIMULATION,
        ("interventions.training=lecture",),
        ("interventions.training", "lecture"),
    ),
    Case(
        "sim-unknown-interventions-preset",
        SIMULATION,
        ("interventions=everything",),
        ("interventions", "everything"),
    ),
    Case("sim-override-without-key", SIMULATION, ("=0.1",), ("=0.1",)),
    Case("sim-override-grammar-error", SIMULATION, ("scale=[0.1",), ("scale",)),
    Case("sim-override-without-value", SIMULATION, ("scale",), ("scale",)),
    Case(
        "sim-training-after-the-end",
        SIMULATION,
        ("interventions.training=pdia", "interventions.training_start_month=50", "months=24"),
        ("training_start_month",),
    ),
    Case(
        "sim-shock-after-the-end",
        SIMULATION,
        ("interventions.shock_start_month=130",),
        ("shock_start_month",),
    ),
    Case(
        "sim-fewer-blocks-than-districts",
        SIMULATION,
        ("state.structure.lgd_state=null", "state.structure.blocks=5"),
        ("state.structure.blocks", "one block per district"),
    ),
    Case(
        "sim-blocks-disagree-with-the-directory",
        SIMULATION,
        ("state.structure.blocks=5",),
        ("state.structure.blocks = 5", "Local Government Directory"),
    ),
    Case(
        "sim-unknown-lgd-state",
        SIMULATION,
        ("state.structure.lgd_state=atlantis",),
        ("state.structure.lgd_state", "atlantis", "bihar"),
    ),
    Case(
        "sim-reach-weights-zero",
        SIMULATION,
        (
            "processes.reach.health_weight=0",
            "processes.reach.panchayat_weight=0",
            "processes.reach.tie_weight=0",
        ),
        ("processes.reach",),
    ),
    Case(
        "sim-output-dir-is-a-file",
        SIMULATION,
        ("output_dir=notes.txt", *QUICK_RUN),
        ("notes.txt",),
        {"notes.txt": "my notes\n"},
    ),
    Case(
        "sim-output-dir-holds-user-files",
        SIMULATION,
        ("output_dir=thesis", *QUICK_RUN),
        ("thesis",),
        THESIS,
    ),
    Case(
        "sim-output-dir-is-the-working-folder",
        SIMULATION,
        ("output_dir=.", *QUICK_RUN),
        ("output_dir",),
        {"thesis.txt": "two years of fieldwork\n"},
    ),
    Case(
        "sim-output-dir-is-results",
        SIMULATION,
        ("output_dir=results", *QUICK_RUN),
        ("results",),
        {"results/validation.md": "the committed study\n"},
    ),
    # a user's own state file (configs/state/ through Hydra's search path)
    Case(
        "state-file-yaml-syntax-error",
        SIMULATION,
        USER_STATE,
        ("mystate",),
        user_state(kerala_with("power_asymmetry: 0.35", "power_asymmetry: [0.35")),
    ),
    Case("state-file-not-a-mapping", SIMULATION, USER_STATE, ("mystate",), user_state("- 1\n")),
    Case(
        "state-file-unknown-key",
        SIMULATION,
        USER_STATE,
        ("power_asymetry",),
        user_state(kerala_with("power_asymmetry: 0.35", "power_asymetry: 0.35")),
    ),
    Case(
        "state-file-wrong-type",
        SIMULATION,
        USER_STATE,
        ("mystate", "state.structure.districts"),
        user_state(kerala_with("districts: 14", "districts: fourteen")),
    ),
    Case(
        "state-file-missing-required-key",
        SIMULATION,
        USER_STATE,
        ("mystate", "state.structure.districts"),
        user_state(kerala_with("  districts: 14\n", "")),
    ),
    Case(
        "state-file-out-of-range",
        SIMULATION,
        USER_STATE,
        ("health_readiness",),
        user_state(kerala_with("health_readiness: 0.7", "health_readiness: 7")),
    ),
    Case("state-file-empty", SIMULATION, USER_STATE, ("mystate", "empty"), user_state("")),
    # ---------------------------------------------------------------- sweeps (-m)
    Case(
        "sweep-bad-value-in-one-job",
        SIMULATION,
        ("-m", "scale=0.1,0.2,2", *QUICK_RUN, SWEEP_DIR),
        ("scale",),
    ),
    Case(
        "sweep-no-workers",
        SIMULATION,
        ("-m", "replicate=0,1", *QUICK_RUN, "hydra.launcher.n_jobs=0", SWEEP_DIR),
        ("n_jobs",),
    ),
    Case("sweep-unknown-sweep-file", SIMULATION, ("-m", "sweep=nope", SWEEP_DIR), ("nope",)),
    Case(
        "sweep-file-appended-with-plus",
        SIMULATION,
        ("-m", "+sweep=training_by_state", SWEEP_DIR),
        ("sweep",),
    ),
    Case("sweep-unknown-key", SIMULATION, ("-m", "foo=1,2", *QUICK_RUN, SWEEP_DIR), ("foo",)),
    Case(
        "sweep-dir-is-a-file",
        SIMULATION,
        ("-m", "replicate=0,1", *QUICK_RUN, "hydra.sweep.dir=notes.txt"),
        ("notes.txt",),
        {"notes.txt": "my notes\n"},
    ),
    Case(
        "sweep-dir-holds-user-files",
        SIMULATION,
        ("-m", "replicate=0,1", *QUICK_RUN, "hydra.sweep.dir=thesis"),
        ("thesis",),
        THESIS,
    ),
    # ---------------------------------------------------------------- validation
    Case("validation-seeds-zero", VALIDATION, ("seeds=0",), ("seeds",)),
    Case("validation-unknown-pattern", VALIDATION, ("patterns=[nope]",), ("patterns", "nope")),
    Case("validation-negative-spread", VALIDATION, ("spread=-1",), ("spread",)),
    Case("validation-negative-workers", VALIDATION, ("workers=-1",), ("workers",)),
    Case("validation-unknown-key", VALIDATION, ("sedes=3",), ("sedes",)),
    Case("validation-wrong-type", VALIDATION, ("draws=many",), ("draws", "many")),
    Case(
        "validation-output-is-a-file",
        VALIDATION,
        ("output=notes.txt", *QUICK_VALIDATION),
        ("notes.txt",),
        {"notes.txt": "my notes\n"},
    ),
    # ---------------------------------------------------------------- the planner's comparison
    Case(
        "compare-runs-dir-whole-state",  # ${state} is the state's settings, not its name
        COMPARE,
        ("compare=[status_quo]", *QUICK_COMPARE, "runs_dir={tmp}/runs/${state}"),
        ("runs_dir", "hydra:runtime.choices.state"),
    ),
    Case(
        "compare-output-whole-state",
        COMPARE,
        ("compare=[status_quo]", *QUICK_COMPARE, "output=${state}", "runs_dir=runs"),
        ("output",),
    ),
    Case(
        "compare-unknown-scenario",
        COMPARE,
        ("compare=[status_quo,nope]", *QUICK_COMPARE),
        ("nope",),
    ),
    Case(
        "compare-scenario-unknown-key",
        COMPARE,
        ("compare=[my_plan.yaml]", *QUICK_COMPARE),
        ("my_plan.yaml", "colour"),
        scenario("label: Mine\ncolour: red\n"),
    ),
    Case(
        "compare-scenario-unknown-intervention",
        COMPARE,
        ("compare=[my_plan.yaml]", *QUICK_COMPARE),
        ("my_plan.yaml", "trainig"),
        scenario("label: Mine\ninterventions:\n  trainig: pdia\n"),
    ),
    Case(
        "compare-scenario-bad-value",
        COMPARE,
        ("compare=[my_plan.yaml]", *QUICK_COMPARE),
        ("my_plan.yaml", "training", "lecture"),
        scenario("label: Mine\ninterventions:\n  training: lecture\n"),
    ),
    Case(
        "compare-scenario-out-of-range",
        COMPARE,
        ("compare=[my_plan.yaml]", *QUICK_COMPARE),
        ("my_plan.yaml", "training_coverage"),
        scenario("label: Mine\ninterventions:\n  training_coverage: 1.5\n"),
    ),
    Case(
        "compare-scenario-yaml-syntax-error",
        COMPARE,
        ("compare=[my_plan.yaml]", *QUICK_COMPARE),
        ("my_plan.yaml",),
        scenario("label: [Mine\n"),
    ),
    Case(
        "compare-scenario-not-a-mapping",
        COMPARE,
        ("compare=[my_plan.yaml]", *QUICK_COMPARE),
        ("my_plan.yaml",),
        scenario("- rdpr_led\n"),
    ),
    Case(
        "compare-scenario-file-missing",
        COMPARE,
        ("compare=[missing.yaml]", *QUICK_COMPARE),
        ("missing.yaml",),
    ),
    Case("compare-one-seed", COMPARE, ("seeds=1", "months=2", "workers=1"), ("seeds",)),
    Case(
        "compare-collapse-below", COMPARE, ("collapse_below=2", *QUICK_COMPARE), ("collapse_below",)
    ),
    Case("compare-unknown-state", COMPARE, ("state=goa", *QUICK_COMPARE), ("goa",)),
    Case("compare-unknown-setting", COMPARE, ("colour=red", *QUICK_COMPARE), ("colour",)),
    Case("compare-negative-cost", COMPARE, ("costs.pdia_days=-1", *QUICK_COMPARE), ("pdia_days",)),
    Case(
        "compare-uncertainty-spread", COMPARE, ("uncertainty.spread=2", *QUICK_COMPARE), ("spread",)
    ),
    Case(
        "compare-uncertain-unknown-parameter",
        COMPARE,
        ("uncertainty.parameters=[state.context.nope]", *QUICK_COMPARE),
        ("state.context.nope",),
    ),
    Case(
        "compare-output-holds-user-files",
        COMPARE,
        ("output=thesis", "compare=[status_quo]", *QUICK_COMPARE),
        ("thesis",),
        THESIS,
    ),
    # ---------------------------------------------------------------- sensitivity analysis
    Case("sensitivity-negative-samples", SENSITIVITY, ("samples=-3",), ("samples",)),
    Case("sensitivity-unknown-method", SENSITIVITY, ("method=fast",), ("method", "fast")),
    Case(
        "sensitivity-range-low-above-high",
        SENSITIVITY,
        ("parameters={state.context.power_asymmetry:{low:0.9,high:0.8}}", *QUICK_SENSITIVITY),
        ("power_asymmetry",),
    ),
    Case(
        "sensitivity-unknown-parameter",
        SENSITIVITY,
        ("+parameters={state.context.nope:{low:0,high:1}}", *QUICK_SENSITIVITY),
        ("state.context.nope",),
    ),
    Case(
        "sensitivity-unknown-distribution",
        SENSITIVITY,
        (
            "parameters={state.context.power_asymmetry:{low:0.2,high:0.8,dist:cauchy}}",
            *QUICK_SENSITIVITY,
        ),
        ("cauchy",),
    ),
    Case(
        "sensitivity-bad-fixed-override",
        SENSITIVITY,
        ('fixed=["interventions.training=lecture"]', *QUICK_SENSITIVITY),
        ("interventions.training",),
    ),
    Case(
        "sensitivity-unknown-outcome",
        SENSITIVITY,
        ("outcomes=[nope]", *QUICK_SENSITIVITY),
        ("nope",),
    ),
    Case("sensitivity-unknown-state", SENSITIVITY, ("state=goa", *QUICK_SENSITIVITY), ("goa",)),
    Case(
        "sensitivity-sobol-samples-not-power-of-two",
        SENSITIVITY,
        ("method=sobol", "samples=3", "months=2", "workers=1", "progress=false"),
        ("samples",),
    ),
    Case("sensitivity-one-level", SENSITIVITY, ("levels=1", *QUICK_SENSITIVITY), ("levels",)),
    # ---------------------------------------------------------------- scenario discovery
    Case("discover-missing-sweep", DISCOVER, (), ("sweep_dir",)),
]

#: Discovery cases on a small real sweep copied into the working folder as ``sweep/``.
DISCOVER_CASES = [
    Case("discover-unknown-outcome", DISCOVER, ("sweep_dir=sweep", "outcome=nope"), ("nope",)),
    Case("discover-no-threshold", DISCOVER, ("sweep_dir=sweep", "below=null"), ("below",)),
    Case("discover-min-density", DISCOVER, ("sweep_dir=sweep", "min_density=2"), ("min_density",)),
    Case("discover-corrupt-jobs-table", DISCOVER, ("sweep_dir=sweep",), ("jobs.parquet",)),
]


def prepare(case: Case, tmp_path: Path) -> tuple[str, ...]:
    for name, text in case.files.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    return tuple(a.replace("{tmp}", str(tmp_path)) for a in case.args)


def check_refused(case: Case, tmp_path: Path, run: Callable) -> None:
    """Run ``case`` and assert the rule: exit 2, one line naming the key, nothing written."""
    args = prepare(case, tmp_path)
    watched = (tmp_path, REPO / "results", REPO / "configs")
    before = snapshot(*watched)
    outcome = run(case.target, args, tmp_path)
    problems = input_error_problems(outcome, case.names)
    problems += changes(before, snapshot(*watched))
    assert not problems, "\n".join(problems) + "\n" + outcome.describe()


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_bad_input_is_refused(case, tmp_path):
    check_refused(case, tmp_path, run_command)


#: A sweep of four short jobs (two conditions, two replicates) into ``sweep/``.
SMALL_SWEEP = [
    "-m",
    "interventions.accountability=health_only,deliverables",
    "replicate=0,1",
    "months=2",
    "progress=false",
    "hydra.launcher.n_jobs=1",
    "hydra.sweep.dir=sweep",
]


@pytest.fixture(scope="module")
def small_sweep(tmp_path_factory) -> Path:
    """A finished sweep of four short jobs (two conditions, two replicates)."""
    where = tmp_path_factory.mktemp("small_sweep")
    outcome = run_command(
        SIMULATION,
        SMALL_SWEEP,
        where,
    )
    assert outcome.code == 0, outcome.describe()
    return where / "sweep"


def truncate(path: Path) -> None:
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])


@pytest.mark.parametrize("case", DISCOVER_CASES, ids=[c.id for c in DISCOVER_CASES])
def test_bad_discovery_input_is_refused(case, tmp_path, small_sweep):
    shutil.copytree(small_sweep, tmp_path / "sweep")
    if case.id == "discover-corrupt-jobs-table":
        truncate(tmp_path / "sweep" / "jobs.parquet")
    check_refused(case, tmp_path, run_command)


def test_corrupt_job_result_on_resume(tmp_path, small_sweep):
    """Resuming a sweep one of whose job results was cut short: the job is run again (exit 0,
    a readable table), or the sweep stops with one ``Error:`` line naming the file (exit 1);
    never a traceback, and no other job's results are removed."""
    import pandas as pd

    shutil.copytree(small_sweep, tmp_path / "sweep")
    tables = sorted((tmp_path / "sweep" / "jobs").glob("*/timeseries.parquet"))
    assert len(tables) == 4
    truncate(tables[0])
    kept = {p.parent.name for p in tables}
    outcome = run_command(
        SIMULATION,
        SMALL_SWEEP,
        tmp_path,
    )
    assert not traceback_problems(outcome), outcome.describe()
    assert kept <= {p.name for p in (tmp_path / "sweep" / "jobs").iterdir()}
    if outcome.code == 0:
        try:
            months = len(pd.read_parquet(tables[0]))
        except Exception as error:  # the sweep took the cut file for a complete job
            months = f"unreadable ({type(error).__name__})"
        assert months == 2, f"{tables[0]} after exit 0: {months}\n{outcome.describe()}"
    else:
        problems = run_failure_problems(outcome, (tables[0].parent.name,))
        assert not problems, "\n".join(problems) + "\n" + outcome.describe()


# ---------------------------------------------------------------- read at start-up: processes
@pytest.mark.parametrize("value", ["abc", "0", "-4"])
def test_bad_thread_count_is_refused(value, tmp_path):
    case = Case(f"threads-{value}", SIMULATION, ("output_dir=run", *QUICK_RUN), ("PHC_THREADS",))
    check_refused(
        case,
        tmp_path,
        lambda target, args, cwd: run_process(target, list(args), cwd, {"PHC_THREADS": value}),
    )


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.mark.parametrize(
    ("args", "names"),
    [
        (("--host", "999.1.1.1"), ("999.1.1.1",)),
        (("--port", "70000"), ("70000",)),
        (("--port", "eighty"), ("port", "eighty")),
    ],
    ids=["dashboard-bad-host", "dashboard-port-out-of-range", "dashboard-port-not-a-number"],
)
def test_bad_dashboard_option_is_refused(args, names, tmp_path):
    if args[0] == "--host":
        args = (*args, "--port", str(free_port()))
    case = Case("dashboard", DASHBOARD, args, names)
    outcome_holder = []

    def run(target, arguments, cwd):
        outcome_holder.append(run_process(target, list(arguments), cwd, timeout=30))
        return outcome_holder[0]

    check_refused(case, tmp_path, run)
    assert "already in use" not in outcome_holder[0].stderr


def test_help_lists_only_groups_that_work(tmp_path):
    """``--help`` offers config groups (``group=option``); each it lists must be accepted
    (one option per group, checked with ``--cfg job``, which composes and writes nothing)."""
    outcome = run_command(SIMULATION, ["--help"], tmp_path)
    assert outcome.code == 0, outcome.describe()
    # the template (configs/hydra/help/command.yaml) lists "group=a|b|c  (default: a)"
    section = outcome.stdout.split("== Config groups (group=option) ==", 1)[1]
    section = section.split("== Config ==")[0]
    groups = dict(
        line.split()[0].split("=", 1) for line in section.splitlines() if "=" in line.split(" ")[0]
    )
    assert "state" in groups, section
    refused = []
    for group, options in groups.items():
        option = options.split("|")[0]
        tried = run_command(SIMULATION, ["--cfg", "job", f"{group}={option}"], tmp_path)
        if tried.code != 0:
            refused.append(f"{group}={option}: {(tried.stderr.strip().splitlines() or [''])[0]}")
    assert not refused, "--help lists groups the command refuses:\n" + "\n".join(refused)
    assert not any(tmp_path.iterdir())


def test_corrupt_cached_run_in_a_comparison(tmp_path):
    """A comparison run again over a cache one of whose runs was cut short: the run is made
    again (exit 0, the report written), or the comparison stops with one ``Error:`` line naming
    the file (exit 1); never a traceback, and the other cached run is kept."""
    args = ["compare=[status_quo]", *QUICK_COMPARE, "output=report", "runs_dir=runs"]
    first = run_command(COMPARE, args, tmp_path)
    assert first.code == 0, first.describe()
    tables = sorted((tmp_path / "runs" / "jobs").glob("*/timeseries.parquet"))
    assert len(tables) == 2
    truncate(tables[0])
    (tmp_path / "report" / "report.html").unlink()
    outcome = run_command(COMPARE, args, tmp_path)
    assert not traceback_problems(outcome), outcome.describe()
    assert tables[1].is_file()
    if outcome.code == 0:
        assert (tmp_path / "report" / "report.html").is_file(), outcome.describe()
    else:
        problems = run_failure_problems(outcome, (tables[0].parent.name,))
        assert not problems, "\n".join(problems) + "\n" + outcome.describe()
