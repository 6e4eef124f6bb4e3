"""Sweeps as a researcher runs them: ``python -m simulation -m ...`` end to end.

Each test runs real sweeps of the model (small: reduced scale, short runs) in a subprocess, as
a user would, and checks the tables, the resume after failures and kills, the independence of
results from launchers and worker counts, and bad input.
"""

import dataclasses
import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest

from simulation.experiment.checking import check_jobs
from simulation.sweep.gather import condition_summary
from tests.ray_head import needs_a_ray_head, run_on_ray_head

ROOT = Path(__file__).parents[1]
GRID = ["state=kerala,bihar", "replicate=range(2)", "months=12"]


def sweep(args, directory, *, env=None, workers=None, timeout=300):
    """Run ``python -m simulation -m ARGS`` into ``directory``; return the finished process."""
    extra = [] if workers is None else [f"hydra.launcher.n_jobs={workers}"]
    command = [
        sys.executable,
        "-m",
        "simulation",
        "-m",
        *args,
        *extra,
        "progress=false",
        f"hydra.sweep.dir={directory}",
    ]
    full_env = {**os.environ, "PYTHONPATH": str(ROOT), **(env or {})}
    return subprocess.run(
        command, cwd=directory.parent, env=full_env, capture_output=True, text=True, timeout=timeout
    )


def tables(directory):
    runs = pd.read_parquet(directory / "timeseries.parquet")
    jobs = pd.read_parquet(directory / "jobs.parquet")
    return runs, jobs


def results_only(jobs):
    """A job table without what says how a job got its result (ran now, or earlier)."""
    return jobs.drop(columns=["status"])


@pytest.fixture(scope="module")
def reference(tmp_path_factory):
    """The 2 x 2 grid swept once, on every core: the baseline the other sweeps must equal."""
    directory = tmp_path_factory.mktemp("reference") / "sweep"
    done = sweep(GRID, directory)
    assert done.returncode == 0, done.stderr
    return directory, done


def test_sweep_gathers_one_table_per_sweep(reference):
    directory, done = reference
    runs, jobs = tables(directory)
    assert len(jobs) == 4 and set(jobs.status) == {"ran"}
    assert len(runs) == 4 * 12  # one row per job per month
    for column in ("state", "replicate", "months", "month", "collaboration_block", "job"):
        assert column in runs.columns
    assert sorted(runs.groupby("job").month.max()) == [12] * 4
    assert list(jobs.state) == ["kerala", "kerala", "bihar", "bihar"]  # job order
    assert list(jobs.replicate) == [0, 1, 0, 1]
    # each job's last-year mean is the mean of its last 12 months in the run table
    last = runs[runs.month > 0].groupby("job").collaboration_block.mean()
    assert jobs.set_index("job").collaboration_block.to_numpy() == pytest.approx(last.to_numpy())
    conditions = pd.read_csv(directory / "conditions.csv")
    assert list(conditions.state) == ["kerala", "bihar"]
    assert list(conditions.replicates) == [2, 2]
    # two replicates a condition: too few for an interval, and the table says so
    assert conditions.collaboration_block_low.isna().all()
    assert (directory / "conditions.md").read_text().count("| kerala") == 1
    assert "(too few replicates)" in (directory / "conditions.md").read_text()
    assert "Outcomes per condition" in done.stdout and "4 ran" in done.stdout


def test_results_identical_with_one_or_two_workers(reference, tmp_path):
    directory, _ = reference
    single = tmp_path / "one"
    assert sweep(GRID, single, workers=1).returncode == 0
    for a, b in zip(tables(directory), tables(single), strict=True):
        pd.testing.assert_frame_equal(a, b)


def test_results_do_not_depend_on_job_order(reference, tmp_path):
    """Seeds come from (seed, replicate), not from a job's place in the sweep."""
    directory, _ = reference
    reordered = tmp_path / "reordered"
    done = sweep(["state=bihar,kerala", "replicate=1,0", "months=12"], reordered)
    assert done.returncode == 0, done.stderr
    _, a = tables(directory)
    _, b = tables(reordered)
    key = ["state", "replicate"]
    a = a.drop(columns="job").sort_values(key).reset_index(drop=True)
    b = b.drop(columns="job").sort_values(key).reset_index(drop=True)
    pd.testing.assert_frame_equal(a, b)


def test_common_random_numbers_across_conditions(tmp_path):
    """Conditions of the same replicate share their random numbers: a parameter that does
    nothing here (the intensity of a shock that never comes) changes no outcome at all."""
    done = sweep(
        [
            "state=kerala",
            "interventions.shock_intensity=0.5,2.5",
            "replicate=range(2)",
            "months=12",
        ],
        tmp_path / "crn",
    )
    assert done.returncode == 0, done.stderr
    _, jobs = tables(tmp_path / "crn")
    outcomes = jobs.columns[jobs.columns.get_loc("error") + 1 :]
    low, high = (g[outcomes].reset_index(drop=True) for _, g in jobs.groupby("replicate"))
    assert not low.equals(high)  # replicates differ...
    by_intensity = [
        g[outcomes].reset_index(drop=True) for _, g in jobs.groupby("interventions.shock_intensity")
    ]
    pd.testing.assert_frame_equal(*by_intensity)  # ...conditions of one replicate do not


def test_failed_job_is_recorded_and_a_rerun_fills_it_in(reference, tmp_path):
    directory = tmp_path / "sweep"
    failing = sweep(
        GRID,
        directory,
        env={
            "PYTHONPATH": f"{ROOT / 'tests' / 'fault_injection'}{os.pathsep}{ROOT}",
            "PHC_FAIL_JOBS": "bihar:1",
        },
    )
    assert failing.returncode == 1, failing.stderr
    assert "1 jobs failed" in failing.stdout and "state=bihar replicate=1" in failing.stdout
    _, jobs = tables(directory)
    assert list(jobs.status) == ["ran", "ran", "ran", "failed"]
    assert "injected failure in Bihar, replicate 1" in jobs.error.iloc[3]
    [record] = (directory / "failed").glob("*.json")
    failure = json.loads(record.read_text())
    assert "Traceback" in failure["traceback"] and "name: Bihar" in failure["config"]
    assert failure["overrides"] == ["state=bihar", "replicate=1", "months=12", "progress=False"]

    again = sweep(GRID, directory)
    assert again.returncode == 0, again.stderr
    assert "1 ran, 3 already complete, 0 failed" in again.stdout
    runs, jobs = tables(directory)
    assert list(jobs.status) == ["skipped", "skipped", "skipped", "ran"]
    assert not list((directory / "failed").glob("*.json"))
    reference_runs, reference_jobs = tables(reference[0])
    pd.testing.assert_frame_equal(runs, reference_runs)
    pd.testing.assert_frame_equal(results_only(jobs), results_only(reference_jobs))


def test_killed_sweep_leaves_no_corrupt_file_and_resumes(tmp_path):
    directory = tmp_path / "sweep"
    grid = ["state=kerala", "replicate=range(12)", "months=60"]
    command = [sys.executable, "-m", "simulation", "-m", *grid, "progress=false"]
    command.append(f"hydra.sweep.dir={directory}")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    process = subprocess.Popen(
        command,
        cwd=tmp_path,
        env=env,
        start_new_session=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 120
        while len(list((directory / "jobs").glob("[!.]*"))) < 3:
            assert process.poll() is None and time.monotonic() < deadline, "sweep ended early"
            time.sleep(0.05)
    finally:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
    finished = [d for d in (directory / "jobs").iterdir() if not d.name.startswith(".")]
    assert 3 <= len(finished) < 12
    for job in finished:  # every visible job directory is complete and readable
        assert sorted(p.name for p in job.iterdir()) == [
            "config.yaml",
            "job.json",
            "summary.json",
            "timeseries.parquet",
        ]
        assert len(pd.read_parquet(job / "timeseries.parquet")) == 60
        json.loads((job / "summary.json").read_text())
    assert not (directory / "jobs.parquet").exists()

    resumed = sweep(grid, directory)
    assert resumed.returncode == 0, resumed.stderr
    _, jobs = tables(directory)
    assert (jobs.status == "skipped").sum() == len(finished)
    fresh = tmp_path / "fresh"
    assert sweep(grid, fresh).returncode == 0
    for a, b in zip(tables(directory), tables(fresh), strict=True):
        pd.testing.assert_frame_equal(
            a.drop(columns="status", errors="ignore"), b.drop(columns="status", errors="ignore")
        )


def test_bad_value_in_any_job_stops_the_sweep_before_it_starts(tmp_path):
    directory = tmp_path / "sweep"
    done = sweep(["state=kerala", "scale=0.5,2", "months=12"], directory)
    assert done.returncode == 2
    assert "job #1" in done.stderr and "scale = 2.0 is out of range; allowed: (0, 1]" in done.stderr
    assert not directory.exists()


def test_launcher_runs_the_configs_the_sweep_checked():
    """The local launcher takes each job's run config from the sweep's check of every job,
    composing only jobs that check did not see."""
    from simulation.experiment.checking import checked_configs

    jobs = [["state=kerala", "replicate=0"], ["state=bihar", "replicate=1"]]
    configs = check_jobs(jobs)
    again = checked_configs(jobs)
    assert all(a is b for a, b in zip(again, configs, strict=True))
    [other] = checked_configs([["state=kerala", "replicate=5"]])
    assert other.replicate == 5 and other.state.name == "Kerala"
    assert other == dataclasses.replace(configs[0], replicate=5)


def test_sweep_file_composes_its_grid():
    from hydra import compose, initialize_config_dir

    from simulation.config import CONFIG_DIR
    from simulation.sweep.plan import job_overrides

    with initialize_config_dir(config_dir=str(CONFIG_DIR), version_base="1.3"):
        cfg = compose("config", overrides=["sweep=training_by_state"], return_hydra_config=True)
    jobs = job_overrides(cfg)
    assert len(jobs) == 9 * 3 * 3 * 10
    assert cfg.hydra.sweep.dir == "results/sweeps/training_by_state"
    assert len(check_jobs(jobs[:30])) == 30


def test_condition_interval_is_students_t():
    jobs = pd.DataFrame(
        {
            "job": range(6),
            "state": ["a"] * 3 + ["b"] * 3,
            "replicate": [0, 1, 2] * 2,
            "status": "ran",
            "config_hash": "x",
            "error": None,
            "collaboration_block": [0.4, 0.5, 0.6, 0.5, 0.5, 0.5],
        }
    )
    summary = condition_summary(jobs, outcomes=("collaboration_block",))
    # mean 0.5, sd 0.1, n 3: half-width t(0.975, 2) * 0.1 / sqrt(3) = 4.303 * 0.0577, inside
    # the index's range [0, 1] (tests/test_sweep_safety.py: intervals that would leave it)
    assert summary.collaboration_block.tolist() == pytest.approx([0.5, 0.5])
    assert summary.collaboration_block_high[0] - 0.5 == pytest.approx(0.24841, abs=1e-4)
    assert summary.collaboration_block_low[1] == summary.collaboration_block_high[1] == 0.5


def test_a_single_run_does_not_import_scipy_stats():
    """Hydra builds the sweep callback for every command-line run, sweep or not: the
    callback's modules must not pull in scipy.stats, a second of start-up that a single run
    would pay for nothing (the interval above uses scipy.special's Student's t quantile)."""
    code = (
        "import sys\n"
        "import simulation.__main__, simulation.sweep.callback, simulation.results\n"
        "import simulation.run, simulation.figures\n"
        "print(sorted(m for m in sys.modules if m.startswith('scipy.stats')))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == "[]"


RAY_SWEEP = """python -m simulation -m hydra/launcher=ray_cluster \\
    hydra.launcher.ray.init.address=127.0.0.1:{port} {grid} progress=false \\
    hydra.sweep.dir={directory}"""


@needs_a_ray_head
def test_ray_cluster_gives_the_same_results_as_joblib(reference, tmp_path):
    """A real Ray cluster (``ray start --head``) on loopback, in a network namespace of its own
    so that Ray can reach no other address, runs the sweep through hydra/launcher=ray."""
    directory = tmp_path / "ray"
    grid = " ".join(f"'{g}'" for g in GRID)
    command = RAY_SWEEP.format(port=6399, grid=grid, directory=directory)
    done = run_on_ray_head(command, 6399, tmp_path / "ray.log", tmp_path)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    log = re.sub(r"\x1b\[[0-9;]*m", "", (tmp_path / "ray.log").read_text())
    assert "Local node IP: 127.0.0.1" in log
    for a, b in zip(tables(reference[0]), tables(directory), strict=True):
        pd.testing.assert_frame_equal(a, b)


def test_submitit_launcher_gives_the_same_results_as_joblib(reference, tmp_path):
    """Hydra's submitit launcher, the SLURM path, run with submitit's local executor (the same
    pickled jobs and result files a SLURM cluster gets, without a scheduler)."""
    directory = tmp_path / "submitit"
    done = sweep(["hydra/launcher=submitit_local", *GRID], directory)
    assert done.returncode == 0, done.stderr
    for a, b in zip(tables(reference[0]), tables(directory), strict=True):
        pd.testing.assert_frame_equal(a, b)


def test_throughput_benchmark_runs(tmp_path):
    """The benchmark's smoke version (8 tiny jobs): it runs and reports; no timing is asserted."""
    report = tmp_path / "bench.md"
    done = subprocess.run(
        [
            sys.executable,
            str(ROOT / "experiments" / "benchmark_sweeps.py"),
            "--quick",
            "--output",
            str(report),
        ],
        cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    text = report.read_text()
    assert "| Workers |" in text and "Results identical across worker counts: yes" in text


def test_drawn_numbers_set_directly_give_the_configs_omegaconf_gives():
    """check_jobs sets a drawn float parameter on a copy of the composed config instead of
    merging it through OmegaConf: the same configs, hash for hash, and the overrides OmegaConf
    reads otherwise (octal-looking, -0, a section set as a whole, a key set twice) go through
    OmegaConf."""
    import simulation.experiment.checking as checking
    from simulation.results import config_hash

    jobs = [
        ["state=bihar", "scale=0.1", "processes.joint_action.growth=0.0312", "replicate=1"],
        ["state=bihar", "processes.engagement.trust_base=5e-1", "state.context.power_asymmetry=.7"],
        ["state=kerala", "processes.engagement.trust_base=-0", "months=12"],
        ["processes.joint_action.growth=0.2", "processes.joint_action.growth=0.3"],
    ]
    assert checking._drawn_numbers(jobs[0][1:3]) == ["processes.joint_action.growth=0.0312"]
    for job in jobs[2:]:
        assert checking._drawn_numbers(job) == []
    assert checking._drawn_numbers(["state.context.power_asymmetry=010"]) == []  # octal in YAML
    parent = ["processes.joint_action={growth: 0.2}", "processes.joint_action.growth=0.3"]
    assert checking._drawn_numbers(parent) == []
    fast = [config_hash(c) for c in checking.check_jobs(jobs)]
    original = checking._drawn_numbers
    try:
        checking._drawn_numbers = lambda settings: []
        slow = [config_hash(c) for c in checking.check_jobs(jobs)]
    finally:
        checking._drawn_numbers = original
    assert fast == slow
