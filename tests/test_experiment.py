"""The experiment layer: one way to evaluate a list of runs, the tidy run table, and cluster
launchers that say in one line that their cluster is not there."""

import os
import socket
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest
from conftest import small_config

from simulation.config import load_config
from simulation.experiment.evaluate import RunFailed, evaluate, values
from simulation.experiment.scenario import Scenario
from simulation.indicators import HEADLINE
from simulation.parameters import ConfigError
from simulation.run import run
from simulation.sweep.engine import run_sweep

ROOT = Path(__file__).parents[1]


def final_share(config, indicator=HEADLINE[0]):
    """A run's last month of ``indicator`` (a task of the experiment layer)."""
    return float(run(config, progress=False).timeseries[indicator].iloc[-1])


def fails_on_seed_one(config):
    if config.seed == 1:
        raise ValueError("seed one is refused")
    return config.seed


def test_results_do_not_depend_on_the_number_of_workers():
    """The same runs on one worker (this process) and on two give the same values, in run
    order, to the bit."""
    configs = [small_config(f"seed={s}", months=3) for s in (3, 1, 2)]
    alone = values(evaluate(configs, final_share, workers=1, progress=False))
    pooled = values(evaluate(configs, final_share, workers=2, progress=False))
    assert alone == pooled
    assert alone[1] == final_share(configs[1])


@pytest.mark.parametrize("workers", [1, 2])
def test_a_failure_is_recorded_and_the_other_runs_go_on(workers):
    configs = [small_config(f"seed={s}", months=1) for s in (0, 1, 2)]
    runs = evaluate(configs, fails_on_seed_one, workers=workers, progress=False)
    assert [r.failed for r in runs] == [False, True, False]
    assert [runs[0].value, runs[2].value] == [0, 2]
    assert runs[1].error == "ValueError: seed one is refused"
    assert "fails_on_seed_one" in runs[1].traceback
    with pytest.raises(RunFailed, match="run 1 failed: ValueError: seed one is refused"):
        values(runs)


def test_overrides_are_checked_before_any_run(tmp_path):
    """A run given as overrides is composed and validated with the others first: a bad value
    stops everything before the first run."""
    marker = tmp_path / "ran"

    def touch(config):
        marker.write_text("ran")

    with pytest.raises(ConfigError, match="scale"):
        evaluate([["months=1"], ["scale=2"]], touch, workers=1, progress=False)
    assert not marker.exists()
    assert values(evaluate([["months=2", "seed=5"]], lambda c: c.seed, progress=False)) == [5]


def test_a_scenario_is_a_run_of_its_overrides():
    """A scenario runs as its overrides do, and a bad one stops everything before any run."""
    scenario = Scenario(
        "s", "S", ("months=2", "seed=5", "interventions.committee_scope=problem_solving")
    )
    [config] = values(evaluate([scenario], lambda c: c, workers=1, progress=False))
    assert config == load_config(list(scenario.overrides))
    bad = Scenario("b", "B", ("interventions.training=yoga",))
    with pytest.raises(ConfigError, match="yoga"):
        evaluate([scenario, bad], lambda c: c, workers=1, progress=False)


def test_the_run_table_has_every_setting_with_types_duckdb_reads(tmp_path):
    """jobs.parquet: every run's settings (swept or not), its model identity and a text error
    column, typed as DuckDB reads them."""
    jobs = [
        ["state=kerala", "scale=0.1", "months=2", "interventions.accountability=shared"],
        [
            "state=kerala",
            "scale=0.1",
            "months=2",
            "seed=9",
            "interventions.accountability=health_only",
        ],
    ]
    run_sweep(jobs, tmp_path / "sweep", workers=1, progress=False)
    table = tmp_path / "sweep" / "jobs.parquet"
    types = {row[0]: row[1] for row in duckdb.sql(f"DESCRIBE SELECT * FROM '{table}'").fetchall()}
    assert types["state"] == "VARCHAR"
    assert types["scale"] == "DOUBLE"
    assert types["months"] == "BIGINT"
    assert types["seed"] == "BIGINT"
    assert types["replicate"] == "BIGINT"
    assert types["interventions.accountability"] == "VARCHAR"
    assert types["model_identity"] == "VARCHAR"
    assert types["error"] == "VARCHAR"
    rows = duckdb.sql(
        f"SELECT state, scale, months, seed, replicate, error FROM '{table}' ORDER BY job"
    ).fetchall()
    assert rows == [("kerala", 0.1, 2, 42, 0, None), ("kerala", 0.1, 2, 9, 0, None)]


def sweep_command(launcher_args, directory, env=None):
    command = [sys.executable, "-m", "simulation", "-m", *launcher_args, "months=1"]
    command += ["progress=false", f"hydra.sweep.dir={directory}"]
    full_env = {**os.environ, "PYTHONPATH": str(ROOT), **(env or {})}
    return subprocess.run(
        command, cwd=directory.parent, env=full_env, capture_output=True, text=True, timeout=120
    )


def test_slurm_without_a_scheduler_says_so_in_one_line(tmp_path):
    """On a machine without SLURM (no srun on the path), the SLURM launcher is refused in one
    line, exit status 2, and nothing is written (submitit's own is a traceback)."""
    bin_dir = Path(sys.executable).parent
    path = os.pathsep.join([str(bin_dir), "/usr/bin", "/bin"])
    directory = tmp_path / "sweep"
    done = sweep_command(["hydra/launcher=slurm"], directory, env={"PATH": path})
    assert done.returncode == 2, done.stderr
    assert done.stderr.startswith("Configuration error: hydra/launcher=slurm needs a SLURM")
    assert len(done.stderr.strip().splitlines()) == 1
    assert "Traceback" not in done.stderr
    assert not directory.exists()


def test_a_ray_head_that_does_not_answer_is_refused_before_anything_is_written(tmp_path):
    with socket.socket() as free:  # a port nothing listens on
        free.bind(("127.0.0.1", 0))
        port = free.getsockname()[1]
    directory = tmp_path / "sweep"
    address = f"hydra.launcher.ray.init.address=127.0.0.1:{port}"
    done = sweep_command(["hydra/launcher=ray_cluster", address], directory)
    assert done.returncode == 2, done.stderr
    assert done.stderr.startswith("Configuration error: hydra.launcher.ray.init.address = ")
    assert "does not answer" in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1
    assert not directory.exists()
