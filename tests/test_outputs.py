"""The command line writes a complete run directory; a failed write leaves no partial files."""

import json
from pathlib import Path

import pandas as pd
import pytest
from conftest import run_cli, small_config

import simulation.figures
from simulation.config import as_yaml, load_config
from simulation.indicators import INDICATORS
from simulation.output_folder import MANIFEST, read_manifest
from simulation.results import FILES, config_hash, run_directory, write_run
from simulation.run import run


def test_command_line_run_writes_every_output(tmp_path):
    out = tmp_path / "run"
    overrides = [
        "state=kerala",
        "scale=0.1",
        "months=14",
        "seed=7",
        "interventions.training=pdia",
        f"output_dir={out}",
    ]
    result = run_cli(overrides, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert f"Results in {out}" in result.stdout
    assert "100%" in result.stderr  # the progress bar
    assert sorted(p.name for p in out.iterdir()) == sorted([*FILES, MANIFEST])
    manifest = read_manifest(out)
    assert manifest["kind"] == "run" and manifest["files"] == sorted(FILES)
    assert manifest["command"].startswith("python -m simulation state=kerala")

    parquet = pd.read_parquet(out / "timeseries.parquet")
    csv = pd.read_csv(out / "timeseries.csv")
    assert list(parquet.columns) == ["month", *INDICATORS]
    assert len(parquet) == 14
    pd.testing.assert_frame_equal(parquet, csv, check_dtype=False)

    summary = json.loads((out / "summary.json").read_text())
    assert summary["state"] == "Kerala" and summary["seed"] == 7 and summary["months"] == 14
    assert summary["final"]["collaboration_block"] == pytest.approx(
        parquet["collaboration_block"].iloc[-1]
    )
    assert set(summary["last_year_mean"]) == set(INDICATORS)

    written = (out / "config.yaml").read_text()
    expected = load_config(overrides)
    assert written == as_yaml(expected)
    assert (out / "indicators.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert list(tmp_path.iterdir()) == [out]  # nothing else written


def test_default_directory_depends_on_what_changes_results_only():
    a = small_config("seed=1")
    assert run_directory(a).parent == Path("results/runs")
    assert config_hash(a) == config_hash(small_config("seed=1", "progress=true"))
    assert config_hash(a) != config_hash(
        small_config("seed=1", "state.context.power_asymmetry=0.7")
    )
    assert "seed1" in run_directory(a).name and "kerala" in run_directory(a).name


def test_a_write_that_fails_leaves_the_previous_results_untouched(tmp_path, monkeypatch):
    config = small_config(months=12)
    target = write_run(run(config), tmp_path / "run")
    before = {name: (target / name).read_bytes() for name in FILES}

    def broken_figure(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(simulation.figures, "indicators_figure", broken_figure)
    with pytest.raises(OSError, match="disk full"):
        write_run(run(small_config("seed=99", months=12)), target)
    assert {name: (target / name).read_bytes() for name in FILES} == before
    assert [p.name for p in tmp_path.iterdir()] == ["run"]  # no staging left behind
