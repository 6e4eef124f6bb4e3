"""The notebooks run end to end, as a researcher would run them, and show their figures.

Each notebook is executed in a fresh kernel (the ``python3`` kernel of this environment) from a
temporary working directory, with temporary files kept there too, so nothing is written into
the repository. The notebooks are stored without outputs.
"""

import re
from pathlib import Path

import pytest

nbformat = pytest.importorskip("nbformat")
nbclient = pytest.importorskip("nbclient")
pytest.importorskip("ipykernel")

NOTEBOOKS = Path(__file__).parents[1] / "notebooks"
RESEARCHER_SWEEPS = NOTEBOOKS / "researcher_sweeps.ipynb"
TRAINER_POWER_DYNAMICS = NOTEBOOKS / "trainer_power_dynamics.ipynb"


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


def test_researcher_sweeps_notebook_is_stored_clean():
    nb = nbformat.read(RESEARCHER_SWEEPS, as_version=4)
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


def test_trainer_power_dynamics_notebook_is_stored_clean():
    nb = nbformat.read(TRAINER_POWER_DYNAMICS, as_version=4)
    nbformat.validate(nb)
    assert nb.metadata.kernelspec.name == "python3"
    for cell in nb.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [] and cell.execution_count is None, cell.source[:60]


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
    assert "Tenure 48 instead of 12 months, collaboration index: higher by" in text
    # Scene 4: PDIA's gain outlasts didactic training's.
    assert "PDIA vs no training in the fifth year, orientation: higher by" in text
    fifth = {
        training: float(
            re.search(
                rf"{training} vs no training in the fifth year, "
                r"collaboration index: .*?mean difference ([-+\d.]+)",
                text,
            )[1]
        )
        for training in ("PDIA", "Didactic")
    }
    assert fifth["PDIA"] > fifth["Didactic"]
    # Scene 5 and 6: deliverables cut meetings for name's sake; the shock raises collaboration.
    assert "Deliverables vs none, months 25-72, name_sake_share: lower by" in text
    assert "during the shock (months 25-48), collaboration_index: higher by" in text
