"""The notebooks run end to end, as a researcher would run them, and show their figures.

Each notebook is executed in a fresh kernel (the ``python3`` kernel of this environment) from a
temporary working directory, with temporary files kept there too, so nothing is written into
the repository. The notebooks are stored without outputs.
"""

from pathlib import Path

import pytest

nbformat = pytest.importorskip("nbformat")
nbclient = pytest.importorskip("nbclient")
pytest.importorskip("ipykernel")

NOTEBOOKS = Path(__file__).parents[1] / "notebooks"
RESEARCHER_SWEEPS = NOTEBOOKS / "researcher_sweeps.ipynb"


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
