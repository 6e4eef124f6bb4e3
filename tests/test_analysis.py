"""Sensitivity analysis (SALib) and scenario discovery (PRIM) on real runs of the model."""

import subprocess
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from simulation.analysis import discovery
from simulation.analysis import sensitivity as sa
from simulation.parameters import ConfigError
from simulation.sweep.engine import run_sweep
from tests.command_harness import run_command

ROOT = Path(__file__).parents[1]

BASE = ["state=bihar", "scale=0.1", "months=24", "replicate=0"]
#: A model parameter whose influence is known to be nil here: there is no shock in these runs.
NIL = "interventions.shock_intensity"
SPACE = {
    "state.health_leaders.tenure_months": {"low": 6, "high": 48},
    "state.context.political_leadership": {"low": 0.1, "high": 0.7},
    NIL: {"low": 0.0, "high": 3.0},
}
OUTCOMES = ["collaboration_block", "sector_breadth"]


def run_script(name, args, cwd) -> subprocess.CompletedProcess:
    """Run ``python experiments/NAME.py ARGS`` in ``cwd`` as a user would (in this process:
    the same code as a new process, without its few seconds of start-up)."""
    outcome = run_command(f"experiments/{name}.py", args, cwd)
    return subprocess.CompletedProcess(
        outcome.command, outcome.code, outcome.stdout, outcome.stderr
    )


def indices(method, samples, tmp_path):
    dims = sa.space(SPACE, method)
    x = sa.sample(dims, method, samples, levels=4, seed=3)
    records = run_sweep(sa.job_overrides(dims, x, BASE), tmp_path / method, progress=False)
    assert {r.status for r in records} <= {"ran", "skipped"}  # a sample may repeat a point
    y = pd.read_parquet(tmp_path / method / "jobs.parquet")[OUTCOMES]
    return sa.analyse(dims, method, x, y, levels=4, seed=3).set_index(["outcome", "parameter"])


def test_morris_gives_a_parameter_without_influence_an_index_of_zero(tmp_path):
    table = indices("morris", 6, tmp_path)
    for outcome in OUTCOMES:
        assert table.loc[(outcome, NIL), "mu_star"] == 0
        assert table.loc[(outcome, NIL), "mu_star_conf"] == 0
    # ...while a parameter the sources say matters has an interval clear of zero
    tenure = table.loc[("collaboration_block", "state.health_leaders.tenure_months")]
    assert tenure.mu_star - tenure.mu_star_conf > 0.01


def test_sobol_total_index_of_the_nil_parameter_is_near_zero(tmp_path):
    table = indices("sobol", 16, tmp_path)
    nil = table.loc[("collaboration_block", NIL)]
    assert abs(nil.S1) < 0.01 and abs(nil.ST) < 0.01
    tenure = table.loc[("collaboration_block", "state.health_leaders.tenure_months")]
    assert tenure.ST - tenure.ST_conf > 0.1  # the dominant parameter stands out
    assert 10 * abs(nil.ST) + 0.1 < tenure.ST


@pytest.mark.parametrize(
    ("space", "method", "message"),
    [
        (
            {"state.context.nonsense": {"low": 0, "high": 1}, NIL: {"low": 0, "high": 1}},
            "morris",
            "'state.context.nonsense' is not a numeric model parameter",
        ),
        (
            {
                "state.context.power_asymmetry": {"low": 0.2, "high": 1.5},
                NIL: {"low": 0, "high": 1},
            },
            "morris",
            "power_asymmetry.high = 1.5 is out of range; allowed: [0, 1]",
        ),
        (
            {
                "state.context.power_asymmetry": {"low": 0.5, "high": 0.2},
                NIL: {"low": 0, "high": 1},
            },
            "sobol",
            "low = 0.5 must be below high = 0.2",
        ),
        (
            {
                "state.context.power_asymmetry": {"low": 0.5, "high": 0.1, "dist": "norm"},
                NIL: {"low": 0, "high": 1},
            },
            "morris",
            "dist = 'norm' is not allowed with morris; allowed: unif",
        ),
        (SPACE, "fast", "method = 'fast' is not allowed; allowed: morris, sobol"),
    ],
)
def test_bad_space_is_refused_with_the_key_and_what_is_allowed(space, method, message):
    with pytest.raises(ConfigError) as error:
        sa.space(space, method)
    assert message in str(error.value)


def test_sensitivity_command_refuses_bad_input_before_running(tmp_path):
    done = run_script(
        "sensitivity", ["method=sobol", "samples=10", f"output={tmp_path / 'out'}"], tmp_path
    )
    assert done.returncode == 2
    assert "samples = 10 is not allowed with sobol; allowed: a power of 2" in done.stderr
    assert not (tmp_path / "out").exists()


def test_sensitivity_command_writes_indices_table_and_figure(tmp_path):
    out = tmp_path / "morris"
    done = run_script(
        "sensitivity", ["samples=2", "months=12", f"output={out}", "progress=false"], tmp_path
    )
    assert done.returncode == 0, done.stderr
    table = pd.read_csv(out / "indices.csv")
    assert set(table.parameter) >= {NIL, "state.context.power_asymmetry"}
    assert (table[table.parameter == NIL].mu_star == 0).all()
    assert (out / "indices.png").stat().st_size > 10_000
    assert "mu_star" in (out / "indices.md").read_text()
    design = pd.read_parquet(out / "design.parquet")
    assert len(design) == 2 * (9 + 1)  # trajectories x (parameters + 1)


def synthetic_sweep(seed=0):
    """A job table where failure is known: power asymmetry above 0.5 under health-only credit."""
    rng = np.random.default_rng(seed)
    n = 400
    jobs = pd.DataFrame(
        {
            "job": range(n),
            "state.context.power_asymmetry": rng.choice([0.2, 0.4, 0.6, 0.8], n),
            "state.health_leaders.tenure_months": rng.choice([6.0, 12.0, 24.0, 48.0], n),
            "interventions.accountability": rng.choice(
                ["health_only", "shared", "deliverables"], n
            ),
            "replicate": rng.integers(0, 2, n),
            "status": "ran",
            "config_hash": "x",
            "error": None,
        }
    )
    fails = (jobs["state.context.power_asymmetry"] > 0.5) & (
        jobs["interventions.accountability"] == "health_only"
    )
    jobs["collaboration_block"] = np.where(fails, 0.05, 0.3) + rng.normal(0, 0.01, n)
    return jobs, fails.to_numpy()


def test_prim_finds_the_region_where_failure_was_put():
    jobs, truth = synthetic_sweep()
    done, y = discovery.failures(jobs, "collaboration_block", below=0.1, above=None)
    assert (y == truth).all()
    boxes, trajectory = discovery.discover(discovery.inputs(done), y, boxes=1, min_density=0.9)
    [box] = boxes
    assert box.coverage == 1.0 and box.density == 1.0
    limits = box.limits.set_index("parameter")
    assert limits.loc["interventions.accountability", "values"] == "health_only"
    assert limits.loc["state.context.power_asymmetry", "low"] > 0.4
    assert "state.health_leaders.tenure_months" not in limits.index  # irrelevant, not restricted
    assert trajectory.chosen.sum() == 1
    text = discovery.report(boxes, y, "collaboration_block below 0.1")
    assert "coverage 1.00, density 1.00" in text


def test_discover_command_on_a_real_sweep(tmp_path):
    sweep_dir = tmp_path / "sweep"
    jobs = [
        ["state=bihar", f"state.health_leaders.tenure_months={t}", f"replicate={r}", "months=24"]
        for t in (3, 6, 48, 96)
        for r in range(3)
    ]
    run_sweep(jobs, sweep_dir, progress=False)
    threshold = pd.read_parquet(sweep_dir / "jobs.parquet").collaboration_block.median()
    args = [f"sweep_dir={sweep_dir}", f"below={threshold}", "boxes=1"]
    # settings other than configs/discover.yaml's go to results/scratch/ unless output is given
    done = run_script("discover", [*args, f"output={sweep_dir / 'discovery'}"], tmp_path)
    assert done.returncode == 0, done.stderr
    boxes = pd.read_csv(sweep_dir / "discovery" / "boxes.csv")
    # short tenure is where collaboration stays low (the tenure pattern of the validation)
    assert list(boxes.parameter) == ["state.health_leaders.tenure_months"]
    assert boxes.high.iloc[0] < 48 and boxes.coverage.iloc[0] > 0.8
    assert (sweep_dir / "discovery" / "boxes.png").is_file()


def test_discover_command_refuses_a_directory_without_a_sweep(tmp_path):
    done = run_script("discover", [f"sweep_dir={tmp_path}"], tmp_path)
    assert done.returncode == 2
    assert f"sweep_dir = '{tmp_path}' holds no jobs.parquet" in done.stderr
