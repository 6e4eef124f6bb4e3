"""Partial studies write to ``results/scratch/`` and say so; full ones keep their folders.

The validation's and the comparison's cases are in ``test_validation.py`` and
``test_compare.py``; here the sensitivity analysis, the scenario discovery and the rule itself
(``simulation/scratch.py``).
"""

import os
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

from simulation.scratch import Setting, differences, scratch_folder

ROOT = Path(__file__).parents[1]


def run_script(name, args, cwd):
    """Run ``python experiments/NAME.py ARGS`` in ``cwd`` as a user would."""
    return subprocess.run(
        [sys.executable, str(ROOT / "experiments" / f"{name}.py"), *args],
        cwd=cwd,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_a_run_is_partial_when_a_setting_falls_short_of_the_full_study():
    rules = [
        Setting("seeds", 30, at_least=True),
        Setting("scale", 0.1),
        Setting("patterns", ["a", "b"], any_order=True, shown="all 2"),
    ]
    assert differences({"seeds": 50, "scale": 0.1, "patterns": ["b", "a"]}, rules) == []
    found = differences({"seeds": 10, "scale": 0.1, "patterns": ["a"]}, rules)
    assert [d.describe() for d in found] == [
        "seeds 10 (full study: 30)",
        "patterns [a] (full study: all 2)",
    ]
    when = datetime(2026, 12, 1, 4, 5, 6, tzinfo=UTC)
    assert scratch_folder("validation", found, when) == Path(
        "results/scratch/validation-seeds10-a-20261201-040506"
    )
    odd = differences({"seeds": 2, "scale": 0.5, "patterns": ["../x y"]}, rules)
    name = scratch_folder("study", odd, when).name
    assert "/" not in name and " " not in name and name.startswith("study-seeds2-scale0.5-")


def test_a_partial_sensitivity_analysis_goes_to_scratch_and_says_so(tmp_path):
    done = run_script("sensitivity", ["samples=2", "months=3", "progress=false"], tmp_path)
    assert done.returncode == 0, done.stderr
    assert not (tmp_path / "results" / "sensitivity").exists()
    [scratch] = (tmp_path / "results" / "scratch").iterdir()
    assert scratch.name.startswith("sensitivity-morris-samples2-months3-")
    md = (scratch / "indices.md").read_text()
    assert "**Partial analysis, not the committed one**: samples 2 (full study: 10)" in md
    assert "months 3 (full study: 120)" in md


def test_a_partial_discovery_leaves_the_committed_boxes_alone(tmp_path):
    committed = ROOT / "results" / "sweeps" / "collapse" / "discovery"
    before = {p.name: p.read_bytes() for p in committed.iterdir()}
    sweep = f"sweep_dir={ROOT / 'results' / 'sweeps' / 'collapse'}"
    done = run_script("discover", [sweep, "boxes=1", "min_density=0.8"], tmp_path)
    assert done.returncode == 0, done.stderr
    assert {p.name: p.read_bytes() for p in committed.iterdir()} == before
    [scratch] = (tmp_path / "results" / "scratch").iterdir()
    assert scratch.name.startswith("discover-boxes1-min-density0.8-")
    md = (scratch / "boxes.md").read_text()
    assert md.splitlines()[2] == (
        "**Partial discovery, not the committed one**: boxes 1 (full study: 2); "
        "min_density 0.8 (full study: 0.9)."
    )


def test_the_full_discovery_still_writes_beside_its_sweep(tmp_path):
    sweep = tmp_path / "sweep"
    sweep.mkdir()
    (sweep / "jobs.parquet").write_bytes(
        (ROOT / "results" / "sweeps" / "collapse" / "jobs.parquet").read_bytes()
    )
    done = run_script("discover", [f"sweep_dir={sweep}"], tmp_path)
    assert done.returncode == 0, done.stderr
    assert not (tmp_path / "results").exists()
    committed = ROOT / "results" / "sweeps" / "collapse" / "discovery" / "boxes.md"
    assert (sweep / "discovery" / "boxes.md").read_text() == committed.read_text()


def test_a_mapping_differs_entry_by_entry_and_runs_in_one_second_get_a_folder_each(
    tmp_path, monkeypatch
):
    rules = [Setting("costs", {"pdia_days": 8.0, "award": 1000.0})]
    found = differences({"costs": {"pdia_days": 12.0, "award": 1000.0}}, rules)
    assert [d.describe() for d in found] == ["costs.pdia_days 12 (full study: 8)"]
    monkeypatch.chdir(tmp_path)
    when = datetime(2026, 12, 1, tzinfo=UTC)
    first = scratch_folder("compare", found, when)
    first.mkdir(parents=True)
    assert scratch_folder("compare", found, when) == first.with_name(first.name + "-2")
