"""Nothing a user has is lost: output folders are claimed before any work, and only the files
an earlier output of the project listed in its manifest are ever replaced."""

import errno
import hashlib
import importlib.util
import json
import shutil
import sys
from pathlib import Path

import pandas as pd
import pytest
from conftest import run_cli, small_config
from hydra.core.global_hydra import GlobalHydra

import simulation.__main__ as command
from simulation.output_folder import MANIFEST, claim, read_manifest
from simulation.parameters import ConfigError
from simulation.planning.report import claim_report
from simulation.results import FILES, choose_run_directory, run_directory, write_run
from simulation.run import run
from simulation.validation.report import claim_output

ROOT = Path(__file__).resolve().parents[1]
QUICK = ["state=kerala", "scale=0.1", "months=3", "progress=false"]


def run_command(monkeypatch, capsys, *args, main=command.main, program="simulation"):
    """Call a command's Hydra ``main`` in this process, as ``program ARGS``: (status, out, err)."""
    # the config folder by path: Hydra finds it as a package only from the repository's root
    monkeypatch.setattr(sys, "argv", [program, "--config-path", str(ROOT / "configs"), *args])
    GlobalHydra.instance().clear()
    try:
        main()
        status = 0
    except SystemExit as exit:
        status = exit.code or 0
    finally:
        GlobalHydra.instance().clear()
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def snapshot(folder: Path) -> dict[str, str]:
    """Every file under ``folder`` (hidden ones too) with a hash of its bytes."""
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def assert_refused(status, err, *words):
    assert status == 2, err
    assert err.startswith("Configuration error: ") and err.count("\n") == 1, err
    assert "Traceback" not in err
    for word in words:
        assert word in err, (word, err)


def test_a_folder_with_a_users_file_is_refused_before_the_run(tmp_path):
    """The issue's own case, as a user types it: thesis.txt survives, nothing is written."""
    folder = tmp_path / "x"
    folder.mkdir()
    (folder / "thesis.txt").write_text("a\n")
    result = run_cli([f"output_dir={folder}", "months=3"], cwd=tmp_path)
    assert_refused(result.returncode, result.stderr, str(folder), "thesis.txt", "output_dir")
    assert "another folder" in result.stderr
    assert result.stdout == ""  # refused before the run: no progress, no summary
    assert snapshot(tmp_path) == {"x/thesis.txt": hashlib.sha256(b"a\n").hexdigest()}
    assert [p.name for p in tmp_path.iterdir()] == ["x"]  # no staging, no Hydra files


def test_the_working_folder_is_refused_without_leftovers(tmp_path, monkeypatch, capsys):
    (tmp_path / "notes.md").write_text("mine")
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "survey.csv").write_text("a,b\n")
    before = snapshot(tmp_path)
    monkeypatch.chdir(tmp_path)
    status, out, err = run_command(monkeypatch, capsys, "output_dir=.", *QUICK)
    assert_refused(status, err, "output_dir = '.'", "notes.md", "data/")
    assert out == ""
    assert snapshot(tmp_path) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data", "notes.md"]  # no ..old.*


def committed_copy(folder: Path) -> Path:
    """A copy of the results folder in ``folder``: what is committed, not the caches a checkout
    gathers and .gitignore keeps out (a comparison's cached runs alone may be a gigabyte)."""
    caches = shutil.ignore_patterns("runs", "scratch", "jobs", ".progress", ".calibration-*")
    return Path(shutil.copytree(ROOT / "results", folder / "results", ignore=caches))


def test_the_results_folder_is_refused_and_unharmed(tmp_path, monkeypatch, capsys):
    committed_copy(tmp_path)  # never the real one
    before = snapshot(tmp_path)
    monkeypatch.chdir(tmp_path)
    for folder in ("results", "results/comparisons", "results/sweeps/collapse"):
        status, _, err = run_command(monkeypatch, capsys, f"output_dir={folder}", *QUICK)
        assert_refused(status, err, "did not write")
    # a committed output of another kind is refused even with overwrite=true
    status, _, err = run_command(
        monkeypatch, capsys, "output_dir=results/validation", "overwrite=true", *QUICK
    )
    assert_refused(status, err, "validation study", "not a run")
    assert snapshot(tmp_path) == before


def test_an_earlier_run_is_replaced_only_with_overwrite(tmp_path, monkeypatch, capsys):
    out = tmp_path / "run"
    status, _, err = run_command(monkeypatch, capsys, f"output_dir={out}", *QUICK)
    assert status == 0, err
    first = snapshot(out)
    assert read_manifest(out)["files"] == sorted(FILES)

    status, out_text, err = run_command(monkeypatch, capsys, f"output_dir={out}", *QUICK)
    assert_refused(status, err, "earlier run", "overwrite=true")
    assert out_text == "" and snapshot(out) == first

    status, _, err = run_command(
        monkeypatch, capsys, f"output_dir={out}", "overwrite=true", *QUICK[:-2], "months=5"
    )
    assert status == 0, err
    assert len(pd.read_parquet(out / "timeseries.parquet")) == 5
    assert sorted(p.name for p in out.iterdir()) == sorted([*FILES, MANIFEST])
    assert [p.name for p in tmp_path.iterdir()] == ["run"]  # nothing retired or staged left


def test_overwrite_never_touches_a_file_the_user_added(tmp_path):
    """A user's file in an earlier run's folder: the folder is refused even with overwrite;
    one that appears while a run computes is left where it is when the run is placed."""
    folder = tmp_path / "run"
    config = small_config(months=3)
    write_run(run(config), folder, claim=claim(folder, "run"))
    (folder / "notes.txt").write_text("mine")
    with pytest.raises(ConfigError, match=r"did not write \(notes.txt\)"):
        claim(folder, "run", overwrite=True)
    (folder / "notes.txt").unlink()

    allowed = claim(folder, "run", overwrite=True)
    (folder / "notes.txt").write_text("mine")  # written during the run
    write_run(run(small_config(months=4)), folder, claim=allowed)
    assert (folder / "notes.txt").read_text() == "mine"
    assert json.loads((folder / "summary.json").read_text())["months"] == 4
    assert "notes.txt" not in read_manifest(folder)["files"]


def test_without_output_dir_an_earlier_run_gets_a_neighbour(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    config = small_config(months=3)
    first = choose_run_directory(config)
    assert first == run_directory(config)
    write_run(run(config), first, claim=claim(first, "run"))
    second = choose_run_directory(config)
    assert second == first.with_name(first.name + "-2")
    second.mkdir()
    assert choose_run_directory(config).name == first.name + "-3"
    assert choose_run_directory(config, overwrite=True) == first  # replaced only if asked


def test_an_unwritable_location_is_refused_before_the_run(tmp_path, monkeypatch, capsys):
    (tmp_path / "a_file").write_text("x")
    for target, words in (
        (tmp_path / "a_file" / "run", ("a_file", "which is a file")),
        (tmp_path / "a_file", ("is a file",)),
        (Path("/proc/phc-run"), ("cannot be written", "/proc")),  # even root cannot write there
    ):
        status, out, err = run_command(monkeypatch, capsys, f"output_dir={target}", *QUICK)
        assert_refused(status, err, str(target), *words)
        assert out == ""
    assert [p.name for p in tmp_path.iterdir()] == ["a_file"]


def test_a_full_disk_is_refused_before_the_run(tmp_path, monkeypatch, capsys):
    usage = shutil.disk_usage(tmp_path)
    monkeypatch.setattr(shutil, "disk_usage", lambda path: usage._replace(free=10 * 2**20))
    status, out, err = run_command(monkeypatch, capsys, f"output_dir={tmp_path / 'run'}", *QUICK)
    assert_refused(status, err, "only 10 MB free", "at least 50 MB")
    assert out == "" and not list(tmp_path.iterdir())


def test_a_disk_that_fills_during_the_write_says_so_in_one_line(tmp_path, monkeypatch, capsys):
    def no_space(self, path, *args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device", str(path))

    monkeypatch.setattr(pd.DataFrame, "to_csv", no_space)
    out = tmp_path / "run"
    status, stdout, err = run_command(monkeypatch, capsys, f"output_dir={out}", *QUICK)
    assert status == 1
    assert err.startswith("Error: could not write ") and err.count("\n") == 1, err
    assert f"{out / 'timeseries.csv'}: No space left on device" in err
    assert "Traceback" not in err and "months in" not in stdout
    assert not list(tmp_path.iterdir())  # no staging folder, no half-written run


def test_the_other_writers_refuse_what_the_project_did_not_write(tmp_path):
    (tmp_path / "validation.md").write_text("my own notes")
    with pytest.raises(ConfigError, match=r"validation\.md exists and was not written"):
        claim_output(tmp_path)
    (tmp_path / "validation.md").unlink()
    (tmp_path / "validation").mkdir()
    (tmp_path / "validation" / "figure.png").write_text("mine")
    with pytest.raises(ConfigError, match=r"output = '.*' \(.*validation\) holds files"):
        claim_output(tmp_path)
    (tmp_path / "report").mkdir()
    (tmp_path / "report" / "thesis.txt").write_text("mine")
    with pytest.raises(ConfigError, match=r"output = .* holds files .*thesis.txt"):
        claim_report(tmp_path / "report")
    assert claim_report(tmp_path / "new").previous == ()  # a new folder is fine


def test_committed_outputs_can_be_regenerated(tmp_path):
    """Each committed output has a manifest listing everything in its folder, so that the
    command that made it may replace it (make example, validate, compare, studies)."""
    results = committed_copy(tmp_path)
    claim(results / "example", "run", overwrite=True)
    claim_output(results)
    claim_report(results / "comparisons" / "bihar")
    for method in ("morris", "sobol"):
        claim(results / "sensitivity" / method, "sensitivity", overwrite=True)
    claim(results / "sweeps" / "collapse" / "discovery", "discovery", overwrite=True)
    assert "overwrite=true" in (ROOT / "Makefile").read_text().split("\nexample:")[1][:200]


def test_discovery_refuses_a_folder_holding_a_users_file(tmp_path, monkeypatch, capsys):
    spec = importlib.util.spec_from_file_location("discover", ROOT / "experiments/discover.py")
    discover = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(discover)
    (tmp_path / "boxes.md").write_text("my boxes")
    status, out, err = run_command(
        monkeypatch,
        capsys,
        f"sweep_dir={ROOT / 'results/sweeps/collapse'}",
        f"output={tmp_path}",
        main=discover.main,
        program="discover.py",
    )
    assert_refused(status, err, "boxes.md")
    assert out == ""  # refused before the boxes are searched
    assert (tmp_path / "boxes.md").read_text() == "my boxes"
    assert [p.name for p in tmp_path.iterdir()] == ["boxes.md"]
