"""The notebooks run end to end, as a researcher would run them, and show their figures.

Each notebook is executed in a fresh kernel (the ``python3`` kernel of this environment) from a
temporary working directory, with temporary files kept there too, so nothing is written into
the repository. The notebooks are stored without outputs.
"""

import itertools
import re
from pathlib import Path

import pytest

nbformat = pytest.importorskip("nbformat")
nbclient = pytest.importorskip("nbclient")
pytest.importorskip("ipykernel")

NOTEBOOKS = Path(__file__).parents[1] / "notebooks"
RESEARCHER_SWEEPS = NOTEBOOKS / "researcher_sweeps.ipynb"
TRAINER_POWER_DYNAMICS = NOTEBOOKS / "trainer_power_dynamics.ipynb"
PLANNER_BLOCK_MODELS = NOTEBOOKS / "planner_block_models.ipynb"


def execute(path: Path, workdir: Path, monkeypatch):
    """Run every cell of the notebook at ``path`` in ``workdir``; return the executed notebook."""
    monkeypatch.chdir(workdir)
    # The kernel inherits the environment: its tempfile.mkdtemp() lands in workdir.
    monkeypatch.setenv("TMPDIR", str(workdir))
    monkeypatch.setenv("PYDEVD_DISABLE_FILE_VALIDATION", "1")
    nb = nbformat.read(path, as_version=4)
    client = nbclient.NotebookClient(
        nb, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(workdir)}}
    )
    client.execute()  # raises CellExecutionError on the first cell that fails
    return nb


def outputs(nb):
    return [o for cell in nb.cells if cell.cell_type == "code" for o in cell.get("outputs", [])]


@pytest.mark.parametrize("path", sorted(NOTEBOOKS.glob("*.ipynb")), ids=lambda p: p.stem)
def test_notebook_is_stored_clean(path):
    """Every notebook is valid, runs in this environment's kernel, and carries no outputs."""
    nb = nbformat.read(path, as_version=4)
    nbformat.validate(nb)
    assert nb.metadata.kernelspec.name == "python3"
    for cell in nb.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [] and cell.execution_count is None, cell.source[:60]


def test_researcher_sweeps_notebook_runs_and_shows_its_figures(tmp_path, monkeypatch):
    nb = execute(RESEARCHER_SWEEPS, tmp_path, monkeypatch)
    out = outputs(nb)
    assert not [o for o in out if o.output_type == "error"]
    figures = [o for o in out if "image/png" in o.get("data", {})]
    # collaboration over time, the PDIA contrast, the Morris indices
    assert len(figures) >= 3
    text = "\n".join(o.get("text", "") for o in out if o.output_type == "stream")
    assert "shock_intensity: mu_star = 0 for every outcome" in text
    assert "Traceback" not in text
    assert list(tmp_path.glob("training_sweep_*/jobs.parquet"))
    assert list(tmp_path.glob("morris_*/jobs.parquet"))


def test_trainer_power_dynamics_notebook_runs_and_tells_its_story(tmp_path, monkeypatch):
    nb = execute(TRAINER_POWER_DYNAMICS, tmp_path, monkeypatch)
    out = outputs(nb)
    assert not [o for o in out if o.output_type == "error"]
    figures = [o for o in out if "image/png" in o.get("data", {})]
    # networks and indicators of scene 1, two networks and the ensemble of scene 2, the transfer
    # (indicators, the DHO's ties) and tenure, training, deliverables, the pandemic (two)
    assert len(figures) >= 12
    # A figure shown as its repr only, without an image, would be a silent loss.
    data = [o.get("data", {}) for o in out]
    assert not [d for d in data if "<Figure" in d.get("text/plain", "") and "image/png" not in d]
    text = "\n".join(o.get("text", "") for o in out if o.output_type == "stream")
    assert "Traceback" not in text
    assert not list(tmp_path.iterdir())  # the notebook writes no files

    # Scene 2: less weight of rank, fewer silent spectators and more engagement.
    power = "Power asymmetry 0.2 instead of 0.85"
    assert f"{power}, silent spectators per month: lower by" in text
    assert f"{power}, allied engagement: higher by" in text
    # Scene 3: the transfer cuts the DHO's committee ties, and the run departs from its twin.
    ties = re.search(r"committee ties average ([\d.]+) after the transfer, ([\d.]+) without", text)
    assert ties and float(ties[1]) < float(ties[2])
    differ = re.search(r"differs from the twin's in (\d+) of (\d+) months", text)
    assert differ and int(differ[1]) > 0 and int(differ[2]) == 36
    assert "Tenure 48 instead of 12 months, block collaboration: higher by" in text
    # Scene 4: PDIA's gain outlasts didactic training's.
    assert "PDIA vs no training in the fifth year, orientation: higher by" in text
    fifth = {
        training: float(
            re.search(
                rf"{training} vs no training in the fifth year, "
                r"block collaboration: .*?mean difference ([-+\d.]+)",
                text,
            )[1]
        )
        for training in ("PDIA", "Didactic")
    }
    assert fifth["PDIA"] > fifth["Didactic"]
    # Scene 5 and 6: deliverables cut meetings for name's sake; the shock raises collaboration.
    assert "Deliverables vs none, months 25-72, name_sake_share: lower by" in text
    assert "during the shock (months 25-48), collaboration_block: higher by" in text


def test_planner_block_models_notebook_runs_and_its_numbers_add_up(tmp_path, monkeypatch):
    nb = execute(PLANNER_BLOCK_MODELS, tmp_path, monkeypatch)
    out = outputs(nb)
    assert not [o for o in out if o.output_type == "error"]
    figures = [o for o in out if "image/png" in o.get("data", {})]
    # trajectories, differences from status quo, cost against gain
    assert len(figures) >= 3
    data = [o.get("data", {}) for o in out]
    assert not [d for d in data if "<Figure" in d.get("text/plain", "") and "image/png" not in d]
    text = "\n".join(o.get("text", "") for o in out if o.output_type == "stream")
    assert "Traceback" not in text

    # Everything it writes is inside the one folder it made with tempfile.mkdtemp (in tmp_path).
    written = list(tmp_path.iterdir())
    assert len(written) == 1 and written[0].is_dir(), written
    work = written[0]
    assert work.name.startswith("planner_")
    report = (work / "report" / "report.md").read_text()
    assert report.startswith("# Block convergence models and reforms in Bihar")
    assert "7 scenarios, each run on the same 10 seeds" in report

    # The planner's scenario file with typos: each error names the file and the key.
    errors = re.findall(r"^ConfigError: (.*)$", text, re.M)
    assert len(errors) == 2, errors
    own = work / "my_scenarios" / "rdpr_awards_pdia.yaml"
    assert all(e.startswith(f"{own}: ") for e in errors), errors
    assert "interventions.block_convergence" in errors[0] and "'rdpr_lead'" in errors[0]
    assert "interventions.gp_award is not an intervention" in errors[1]
    assert "70 runs (7 scenarios x 10 seeds)" in text and "0 failed" in text

    # The collaboration table: each printed paired difference is the scenario's mean minus the
    # status quo's (the same seeds in both), and every interval holds its mean.
    number = r"([-+]?\d+\.\d+)"
    heading = "Collaboration, block health-to-sector pairs (higher is better):\n"
    after = text.split(heading, 1)[1].splitlines()
    block = "\n".join(itertools.takewhile(lambda line: line.startswith("  "), after))
    status_quo = re.search(rf"^  Status quo: {number} \[{number}, {number}\]$", block, re.M)
    base = float(status_quo[1])
    assert float(status_quo[2]) <= base <= float(status_quo[3])
    rows = re.findall(
        rf"^  (.+?): {number} \[{number}, {number}\]; difference from status quo "
        rf"{number} \[{number}, {number}\]$",
        block,
        re.M,
    )
    assert len(rows) == 6, block
    for label, *values in rows:
        mean, low, high, diff, diff_low, diff_high = map(float, values)
        assert low <= mean <= high and diff_low <= diff <= diff_high, label
        assert abs(mean - base - diff) <= 0.0016, (label, mean, base, diff)
    lower = {label: float(d_low) for label, *_, d_low, _ in rows}
    assert lower["Full package of the sources' recommendations"] > 0

    # Doubling the platform's unit cost adds exactly that cost per block per year to every
    # scenario with a block platform (all but the status quo), and nothing to the status quo.
    unit = float(
        re.search(r"platform_block_year = ([\d,]+) INR, doubled", text)[1].replace(",", "")
    )
    changes = dict(
        re.findall(
            r"^  (.+?): [\d,]+ INR per block per year; .* \(change ([-+][\d,]+)\)$", text, re.M
        )
    )
    assert len(changes) == 7, changes
    for label, change in changes.items():
        expected = 0 if label == "Status quo" else unit
        assert float(change.replace(",", "")) == expected, (label, change)
