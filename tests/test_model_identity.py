"""Results know which model made them, and committed results which behaviour.

The model identity (``simulation/identity.py``) is a hash of the model's code and configs that
ignores comments, docstrings and layout; a sweep reuses a cached job only when its config hash
and model identity both match. The behaviour fingerprint (``simulation/behaviour.py``) is a
hash of what a small fixed ensemble computes; a rename or a refactor leaves it as it is.

Both are tested as a user meets them: on a copy of the package, edited as a developer would
(a comment, a rename, a rule), then run as a new process with ``PYTHONPATH`` pointing at it.
"""

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from simulation import behaviour, identity
from simulation.identity import MODEL, NOT_MODEL, code_shape, model_identity, package_modules

ROOT = Path(__file__).parents[1]
#: The file and the lines the tests edit: a process whose code is plain numpy (no numba loop
#: to compile again in the copy).
MONITORING = Path("simulation") / "processes" / "monitoring.py"
COMMENT = (
    '    """What leaders report of each meso-level tie\'s strength this month."""',
    '    """What leaders say of each tie this month (reworded)."""\n    # a new comment',
)
RENAME = ("    bias = p.self_report_bias", "    reporting_bias = p.self_report_bias")
RENAME_USE = ("max(bias, 0.0)", "max(reporting_bias, 0.0)")
RULE = ("bias * (1.0 - strength) * met", "bias * (0.9 - strength) * met")
SWEEP = ["state=kerala", "months=2", "seed=7", "hydra.launcher.n_jobs=1", "progress=false"]


def test_every_module_of_the_package_is_placed_in_or_out_of_the_model():
    modules = package_modules()
    assert not set(MODEL) & set(NOT_MODEL)
    assert set(MODEL) <= modules, "identity.MODEL names a module the package does not have"
    assert modules <= set(MODEL) | set(NOT_MODEL), (
        "place each new module of simulation/ in identity.MODEL (it can change a run's "
        "numbers) or identity.NOT_MODEL, with the reason"
    )


def test_identity_ignores_comments_docstrings_and_layout_but_not_code():
    source = '"""Module."""\n\nX = 1\n\n\ndef f(a):\n    """Doc."""\n    return a * 2  # double\n'
    same = "X = 1\ndef f(a):\n    # no doc\n    return (a *\n            2)\n"
    assert code_shape(source) == code_shape(same)
    assert code_shape(source) != code_shape(source.replace("a * 2", "a * 3"))
    assert code_shape(source) != code_shape(source.replace("X = 1", "X = 1.0"))
    assert identity.config_shape("a: 1  # note\nb: [1, 2]\n") == identity.config_shape(
        "# header\na: 1\nb:\n  - 1\n  - 2\n"
    )
    assert identity.config_shape("a: 1\n") != identity.config_shape("a: 2\n")


def test_the_blocks_the_model_reads_are_part_of_its_identity():
    """A block moved to another district in the Local Government Directory's table changes
    the districts' sizes, so the model: its identity changes too."""
    sources, configs = identity.model_sources(), identity.config_texts()
    names = [name for name, _ in configs]
    assert "data/lgd_blocks.csv" in names
    i = names.index("data/lgd_blocks.csv")
    text = configs[i][1]
    moved = text.replace(
        "bihar,10,188,ARARIA,1625,BHARGAMA", "bihar,10,189,AURANGABAD,1625,BHARGAMA"
    )
    assert moved != text
    changed = [*configs[:i], (names[i], moved), *configs[i + 1 :]]
    assert identity.identity_of(sources, changed) != identity.identity_of(sources, configs)


def test_identity_is_computed_once_per_process():
    """A second call reuses the first's answer. (How long a call takes is part of every run's
    start-up, which experiments/benchmark.py measures; a timed assertion has no place here.)"""
    fresh = model_identity.__wrapped__()
    assert fresh == model_identity() and len(fresh) == identity.LENGTH
    hits = model_identity.cache_info().hits
    assert model_identity() == fresh
    assert model_identity.cache_info().hits == hits + 1  # cached, not computed again


def test_identity_is_kept_on_disk_by_the_text_it_came_from(tmp_path, monkeypatch):
    """A new process reads the identity kept for the same text instead of parsing the code
    again (start-up), and recomputes it for any other text."""
    kept = tmp_path / "model_identity.txt"
    monkeypatch.setattr(identity, "CACHE", kept)
    fresh = identity.identity_of(identity.model_sources(), identity.config_texts())
    assert model_identity.__wrapped__() == fresh  # computed, then kept
    key, value = kept.read_text().split()
    assert value == fresh and len(key) == 64
    kept.write_text(f"{key} {'f' * identity.LENGTH}\n")
    assert model_identity.__wrapped__() == "f" * identity.LENGTH  # read, not recomputed
    kept.write_text(f"{'0' * 64} {'f' * identity.LENGTH}\n")
    assert model_identity.__wrapped__() == fresh  # kept for another text: recomputed
    kept.write_text("garbage")
    assert model_identity.__wrapped__() == fresh


@pytest.fixture(scope="module")
def copy(tmp_path_factory):
    """A copy of the package and its configs (numba's cache included, so nothing compiles)."""
    root = tmp_path_factory.mktemp("copy")
    shutil.copytree(ROOT / "simulation", root / "simulation")
    shutil.copytree(ROOT / "configs", root / "configs")
    return root


def edit(root: Path, change: tuple[str, str]) -> None:
    path = root / MONITORING
    text = path.read_text()
    assert text.count(change[0]) == 1, change[0]
    path.write_text(text.replace(*change))


def in_copy(root: Path, *args: str, cwd: Path) -> subprocess.CompletedProcess:
    """``python ARGS`` with the copy first on the path (the Hydra plugins from the checkout)."""
    env = {**os.environ, "PYTHONPATH": f"{root}{os.pathsep}{ROOT}"}
    result = subprocess.run(
        [sys.executable, *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stderr
    return result


def sweep(root: Path, directory: Path) -> tuple[str, pd.Series]:
    """Run the small sweep from the copy; its final line and its one job's row."""
    result = in_copy(
        root, "-m", "simulation", "-m", *SWEEP, f"hydra.sweep.dir={directory}", cwd=root
    )
    [line] = [x for x in result.stdout.splitlines() if x.startswith("1 jobs in")]
    [job] = pd.read_parquet(directory / "jobs.parquet").itertuples(index=False)
    return line, job


def fingerprint(root: Path) -> str:
    return in_copy(root, "-m", "simulation.behaviour", cwd=root).stdout.strip()


def test_a_cached_job_is_reused_only_by_the_model_that_made_it(copy, tmp_path):
    directory = tmp_path / "sweep"
    line, first = sweep(copy, directory)
    assert "1 ran, 0 already complete, 0 failed (0 recomputed" in line
    assert first.status == "ran" and first.model_identity == model_identity()
    [folder] = (directory / "jobs").iterdir()
    summary = json.loads((folder / "summary.json").read_text())
    assert summary["model_identity"] == model_identity()
    assert json.loads((folder / "job.json").read_text())["model_identity"] == model_identity()

    line, again = sweep(copy, directory)  # nothing changed: reused
    assert "0 ran, 1 already complete, 0 failed (0 recomputed" in line
    assert again.status == "skipped" and again.model_identity == first.model_identity

    edit(copy, COMMENT)  # a docstring and a comment: still the same model
    line, commented = sweep(copy, directory)
    assert "0 ran, 1 already complete" in line
    assert commented.status == "skipped" and commented.model_identity == first.model_identity

    edit(copy, RULE)  # a rule: its results are stale, recomputed and replaced
    line, changed = sweep(copy, directory)
    assert "1 ran, 0 already complete, 0 failed (1 recomputed because the model changed)" in line
    assert changed.status == "ran" and changed.model_identity != first.model_identity
    assert changed.config_hash == first.config_hash
    assert changed.collaboration_reported_block != first.collaboration_reported_block
    assert changed.collaboration_block == first.collaboration_block  # reports changed only
    [folder] = (directory / "jobs").iterdir()  # replaced in place, nothing set aside left
    assert json.loads((folder / "summary.json").read_text())["model_identity"] == (
        changed.model_identity
    )
    assert not [p for p in (directory / "jobs").iterdir() if p.name.startswith(".")]


def test_behaviour_fingerprint_ignores_renames_and_sees_rules(tmp_path):
    here = behaviour.behaviour_fingerprint.__wrapped__()
    assert len(here) == behaviour.LENGTH

    root = tmp_path / "copy"
    shutil.copytree(ROOT / "simulation", root / "simulation")
    shutil.copytree(ROOT / "configs", root / "configs")
    edit(root, COMMENT)
    edit(root, RENAME)
    edit(root, RENAME_USE)
    assert fingerprint(root) == here  # a comment and a renamed variable: the same behaviour
    edit(root, RULE)
    assert fingerprint(root) != here


def test_behaviour_fingerprint_rounds_away_the_last_bits_only():
    assert behaviour.rounded(0.1 + 0.2) == behaviour.rounded(0.3)
    assert behaviour.rounded(0.3001) != behaviour.rounded(0.3)
    assert behaviour.rounded(-0.0) == behaviour.rounded(0.0) == "0"
    assert behaviour.rounded(3) == "3" and behaviour.rounded(float("nan")) == "nan"


def test_the_committed_comparison_was_made_by_a_model_that_behaves_as_this_one():
    """The Bihar comparison records the behaviour fingerprint of the model that made it (the
    validation's is tested in test_validation.py); rerun it when this fails."""
    settings = json.loads((ROOT / "results/comparisons/bihar/settings.json").read_text())
    assert settings["behaviour_fingerprint"] == behaviour.behaviour_fingerprint(), (
        "the model behaves otherwise than when results/comparisons/bihar was made: rerun "
        "`python experiments/compare_scenarios.py` and commit it"
    )
