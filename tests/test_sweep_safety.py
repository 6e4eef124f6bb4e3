"""A sweep's failures say so, its folder is its own, and its intervals stay in range.

Sweeps here run in this process (``hydra.launcher.n_jobs=1``: joblib runs the jobs here), so a
fault can be injected by replacing a function: a full disk when the tables are written, a run
that raises. Each sweep is a few jobs of three months.
"""

import errno
import os
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow.parquet as pq
import pytest
from hydra.core.global_hydra import GlobalHydra

import simulation.__main__ as command
import simulation.sweep.gather as gather
import simulation.sweep.jobs as jobs_module
from simulation.indicators import BOUNDS, INDICATORS
from simulation.sweep.folder import LOCK, MANIFEST, SweepFolder
from simulation.sweep.gather import MIN_REPLICATES, TOO_FEW, condition_summary, t_interval

ROOT = Path(__file__).parents[1]
QUICK = ["months=3", "progress=false", "hydra.launcher.n_jobs=1"]


def sweep(args, directory, monkeypatch, capsys, quick=QUICK):
    """Run ``python -m simulation -m ARGS`` in this process; its exit status, stdout, stderr."""
    argv = ["simulation", "--config-path", str(ROOT / "configs"), "-m", *args, *quick]
    argv.append(f"hydra.sweep.dir={directory}")
    monkeypatch.setattr(sys, "argv", argv)
    capsys.readouterr()
    GlobalHydra.instance().clear()
    try:
        command.main()
        status = 0
    except SystemExit as stop:
        status = stop.code
    finally:
        GlobalHydra.instance().clear()
    out, err = capsys.readouterr()
    return status, out, err


def one_line(err: str, prefix: str) -> str:
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1, err
    assert lines[0].startswith(prefix) and "Traceback" not in err, err
    return lines[0]


def listing(directory: Path) -> dict[str, bytes]:
    """Every file under ``directory`` with its bytes (the lock file aside)."""
    return {
        str(p.relative_to(directory)): p.read_bytes()
        for p in sorted(directory.rglob("*"))
        if p.is_file() and p.name != LOCK
    }


def test_a_sweep_over_null_and_numbers_writes_every_table(tmp_path, monkeypatch, capsys):
    directory = tmp_path / "sweep"
    grid = ["replicate=range(2)", "interventions.shock_start_month=null,1"]
    status, _out, err = sweep(grid, directory, monkeypatch, capsys)
    assert status == 0, err
    for name in ("jobs.parquet", "timeseries.parquet", "conditions.csv", "conditions.md"):
        assert (directory / name).is_file()
    jobs = pd.read_parquet(directory / "jobs.parquet")
    column = jobs["interventions.shock_start_month"]
    assert str(column.dtype) == "Int64"
    assert column.isna().tolist() == [True, False, True, False] and column[1] == 1
    schema = pq.read_schema(directory / "timeseries.parquet")
    assert str(schema.field("interventions.shock_start_month").type) == "int64"
    conditions = pd.read_csv(directory / "conditions.csv")
    assert len(conditions) == 2 and conditions.replicates.tolist() == [2, 2]
    assert "| null " in (directory / "conditions.md").read_text()


def test_parameter_columns_have_one_type_each():
    column = lambda values: gather.parameter_column(pd.Series(values, dtype=object))  # noqa: E731
    assert str(column([None, 36]).dtype) == "Int64"
    assert str(column([None, 0.5]).dtype) == "Float64"
    assert str(column([True, None]).dtype) == "boolean"
    assert column(["none", 0.5, None]).tolist()[:2] == ["none", "0.5"]
    assert column([1, 2]).dtype == np.int64


def test_a_table_that_cannot_be_written_exits_1_with_one_line(tmp_path, monkeypatch, capsys):
    def full_disk(path, write):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(path))

    monkeypatch.setattr(gather, "write_atomically", full_disk)
    directory = tmp_path / "sweep"
    status, _out, err = sweep(["replicate=range(2)"], directory, monkeypatch, capsys)
    assert status == 1
    line = one_line(err, "Error: ")
    assert "tables could not be written" in line and str(directory) in line
    assert "No space left on device" in line
    assert not (directory / "jobs.parquet").exists()


def test_failed_jobs_and_failed_tables_exit_1_naming_both(tmp_path, monkeypatch, capsys):
    run = jobs_module.run

    def failing(config, progress=None):
        if config.replicate == 1:
            raise RuntimeError("injected failure")
        return run(config, progress)

    def full_disk(path, write):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(path))

    monkeypatch.setattr(jobs_module, "run", failing)
    directory = tmp_path / "sweep"
    status, _out, err = sweep(["replicate=range(3)"], directory, monkeypatch, capsys)
    assert status == 1
    line = one_line(err, "Error: ")
    assert "1 of 3 jobs failed (first: #1 replicate=1" in line
    assert str(directory / "failed") in line
    assert (directory / "jobs.parquet").is_file()  # the tables name the failed job

    monkeypatch.setattr(gather, "write_atomically", full_disk)
    status, _out, err = sweep(["replicate=range(3)"], directory, monkeypatch, capsys)
    assert status == 1
    line = one_line(err, "Error: ")
    assert "1 of 3 jobs failed" in line and "tables could not be written" in line


def test_a_different_sweep_into_a_used_folder_is_refused(tmp_path, monkeypatch, capsys):
    directory = tmp_path / "sweep"
    status, _, err = sweep(["replicate=range(2)"], directory, monkeypatch, capsys)
    assert status == 0, err
    before = listing(directory)
    assert MANIFEST in before

    status, out, err = sweep(["replicate=range(2)", "scale=0.05"], directory, monkeypatch, capsys)
    assert status == 2
    line = one_line(err, "Configuration error: ")
    assert str(directory) in line and "another sweep of 2 jobs" in line
    assert "hydra.sweep.dir=" in line
    assert listing(directory) == before  # its tables and job folders untouched

    status, out, err = sweep(["replicate=range(2)"], directory, monkeypatch, capsys)
    assert status == 0, err  # the same sweep resumes
    assert "0 ran, 2 already complete" in out
    status, out, err = sweep(["replicate=range(3)"], directory, monkeypatch, capsys)
    assert status == 0, err  # an extension keeps every job of the sweep
    assert "1 ran, 2 already complete" in out
    assert len(pd.read_parquet(directory / "jobs.parquet")) == 3
    status, out, err = sweep(["replicate=range(2)"], directory, monkeypatch, capsys)
    assert status == 2  # now a part of the folder's sweep: it would orphan replicate 2
    one_line(err, "Configuration error: ")


def test_a_folder_of_other_files_is_refused(tmp_path, monkeypatch, capsys):
    directory = tmp_path / "thesis"
    directory.mkdir()
    (directory / "thesis.txt").write_text("a")
    status, _, err = sweep(["replicate=range(2)"], directory, monkeypatch, capsys)
    assert status == 2
    assert "'thesis.txt'" in one_line(err, "Configuration error: ")
    assert sorted(p.name for p in directory.iterdir()) == ["thesis.txt"]


def test_a_second_launch_into_a_locked_folder_runs_nothing(tmp_path):
    """A sweep running now (here: this process, holding the folder's lock) keeps a second
    launch of the same sweep from running its jobs again."""
    directory = tmp_path / "sweep"
    folder = SweepFolder(directory).lock()
    try:
        command = [sys.executable, "-m", "simulation", "-m", "replicate=range(2)", *QUICK]
        done = subprocess.run(
            [*command, f"hydra.sweep.dir={directory}"],
            cwd=tmp_path,
            env={**os.environ, "PYTHONPATH": str(ROOT)},
            capture_output=True,
            text=True,
            timeout=120,
        )
    finally:
        folder.release()
    assert done.returncode == 2
    line = one_line(done.stderr, "Configuration error: ")
    assert f"is in use by process {os.getpid()}" in line and "hydra.sweep.dir=" in line
    assert sorted(p.name for p in directory.iterdir()) == [LOCK]


@pytest.mark.parametrize("setting", ["n_jobs=0", "batch_size=0"])
def test_bad_launcher_settings_are_refused_before_anything_is_written(
    tmp_path, monkeypatch, capsys, setting
):
    directory = tmp_path / "sweep"
    args = ["replicate=range(2)", f"hydra.launcher.{setting}"]
    status, _, err = sweep(args, directory, monkeypatch, capsys, quick=QUICK[:2])
    assert status == 2
    assert f"hydra.launcher.{setting.replace('=', ' = ')} is not allowed" in one_line(
        err, "Configuration error: "
    )
    assert not directory.exists()


def test_every_indicator_has_bounds():
    assert BOUNDS.keys() == INDICATORS.keys()
    assert BOUNDS["sector_breadth"] == (0.0, 5.0) and BOUNDS["name_sake_share"] == (0.0, 1.0)


def test_intervals_stay_within_bounds():
    # close to the ends of their ranges, as in the 2-replicate table
    rng = np.random.default_rng(0)
    cases = {
        "name_sake_share": rng.uniform(0.97, 1.0, size=(200, 3)),
        "sector_breadth": rng.uniform(0.0, 0.3, size=(200, 3)),
        "gp_joint_actions_per_block": rng.exponential(1.0, size=(200, 3)),
        "joint_actions_per_district": rng.uniform(4.8, 5.0, size=(200, 3)),
    }
    for name, samples in cases.items():
        low_bound, high_bound = BOUNDS[name]
        for x in samples:
            mean, low, high = t_interval(x, BOUNDS[name])
            assert low_bound <= low <= mean <= high <= high_bound, (name, x)
    # the table: two replicates give no interval, and the table says why
    assert np.isnan(t_interval(np.array([0.99, 1.0]), (0.0, 1.0))[1])
    jobs = pd.DataFrame(
        {
            "job": range(2),
            "replicate": [0, 1],
            "status": "ran",
            "config_hash": "x",
            "error": None,
            "meetings_with_action_share": [0.99, 1.0],
            "sector_breadth": [0.01, 0.2],
        }
    )
    summary = condition_summary(jobs)
    assert summary.meetings_with_action_share_low.isna().all()
    text = gather.summary_markdown(summary)
    assert f"0.995 ({TOO_FEW})" in text and MIN_REPLICATES == 3


def test_intervals_inside_bounds_are_students_t_unchanged():
    x = np.array([0.4, 0.5, 0.6])
    assert t_interval(x, (0.0, 1.0)) == t_interval(x)
    mean, _low, high = t_interval(x)
    assert high - mean == pytest.approx(4.302653 * 0.1 / np.sqrt(3))


def test_the_committed_studies_are_known_by_their_tables(tmp_path):
    """The committed sweep folders hold only their tables (no sweep.json): their job tables
    say which sweep they are, so only that sweep (or an extension) may write there.

    Checked on the folder as a fresh clone has it: the files a local ``make studies`` adds,
    sweep.json among them, are ignored by git (.gitignore) and left out of the copy here."""
    from hydra import compose, initialize_config_dir

    from simulation.config import CONFIG_DIR
    from simulation.parameters import ConfigError
    from simulation.sweep.folder import check_owner
    from simulation.sweep.plan import job_overrides

    with initialize_config_dir(config_dir=str(CONFIG_DIR), version_base="1.3"):
        cfg = compose("config", overrides=["sweep=collapse"], return_hydra_config=True)
    jobs = job_overrides(cfg)
    # what .gitignore leaves out of a committed sweep folder (a local run's files)
    local = ("jobs", "timeseries.parquet", ".progress", ".submitit", ".lock", MANIFEST)
    directory = tmp_path / "collapse"
    shutil.copytree(ROOT / cfg.hydra.sweep.dir, directory, ignore=shutil.ignore_patterns(*local))
    assert (directory / "jobs.parquet").is_file() and not (directory / MANIFEST).exists()
    check_owner(directory, jobs)  # the same sweep: allowed
    with pytest.raises(ConfigError, match="belongs to another sweep of 384 jobs"):
        check_owner(directory, jobs[:10])
