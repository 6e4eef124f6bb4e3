"""The installable package: a wheel built from this checkout, installed into a new virtualenv
and run from a folder outside the checkout, runs every entry point with the configs it ships.

The virtualenv holds only the wheel; its dependencies come from the test's own environment
through a ``.pth`` line naming that environment's ``site-packages`` (a path line only: the
editable install of this checkout that may be there is never activated). Every command runs
with no ``PYTHONPATH``, in a temporary folder, and the code is shown to come from the wheel.
"""

import os
import shutil
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pandas as pd
import pytest

ROOT = Path(__file__).resolve().parents[1]


class Installed:
    """The wheel, the virtualenv it is installed in, and a working folder outside the checkout."""

    def __init__(self, base: Path):
        self.base = base
        self.python = base / "venv" / "bin" / "python"
        self.cwd = base / "work"

    def run(self, *args: str, timeout: float = 120) -> subprocess.CompletedProcess:
        """``python <args>`` in the virtualenv, from the working folder, without PYTHONPATH."""
        env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME")}
        done = subprocess.run(
            [str(self.python), *args],
            cwd=self.cwd,
            env=env,
            capture_output=True,
            text=True,
            timeout=timeout,
        )
        assert done.returncode == 0, (
            f"python {' '.join(args)}: exit {done.returncode}\n" + (done.stderr[-3000:])
        )
        return done


def _pip(*args: str) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "pip", "--disable-pip-version-check", *args],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, f"pip {' '.join(args)} failed:\n{done.stderr[-3000:]}"


#: What the wheel is built from (pyproject.toml names the rest of the checkout nowhere).
SOURCES = ("pyproject.toml", "README.md", "simulation", "hydra_plugins", "configs")


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    """``pip wheel .``: the wheel a user gets from ``pip install .``, built from a copy of the
    checkout (pip builds in the source folder: ``build/``, ``*.egg-info``)."""
    source, out = tmp_path_factory.mktemp("source"), tmp_path_factory.mktemp("wheel")
    for name in SOURCES:
        if (ROOT / name).is_dir():
            ignore = shutil.ignore_patterns("__pycache__", "*.pyc", "*.nbi", "*.nbc")
            shutil.copytree(ROOT / name, source / name, ignore=ignore)
        else:
            shutil.copy2(ROOT / name, source / name)
    _pip("wheel", str(source), "--no-deps", "--quiet", "-w", str(out))
    [found] = out.glob("phc_collaboration-*.whl")
    return found


@pytest.fixture(scope="module")
def installed(wheel, tmp_path_factory) -> Installed:
    where = Installed(tmp_path_factory.mktemp("installed"))
    subprocess.run(
        [sys.executable, "-m", "venv", "--without-pip", str(where.base / "venv")], check=True
    )
    site = Path(
        subprocess.run(
            [str(where.python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    )
    (site / "dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    _pip("install", "--no-deps", "--quiet", "--target", str(site), str(wheel))
    where.cwd.mkdir()
    return where


def test_wheel_holds_every_module_and_config(wheel):
    """Every module of the checkout, the project's Hydra plugins and every config are in the
    wheel (``pyproject.toml`` lists the packages by hand: a new one left out fails here)."""
    names = set(zipfile.ZipFile(wheel).namelist())
    modules = [
        p.relative_to(ROOT).as_posix()
        for folder in ("simulation", "hydra_plugins")
        for p in (ROOT / folder).rglob("*.py")
    ]
    configs = [
        "simulation/configs/" + p.relative_to(ROOT / "configs").as_posix()
        for p in (ROOT / "configs").rglob("*")
        if p.is_file()
    ]
    assert "hydra_plugins/phc_collaboration/checked_sweeper.py" in modules
    assert "simulation/configs/config.yaml" in configs
    assert "simulation/configs/state/kerala.yaml" in configs
    assert "simulation/configs/data/lgd_blocks.csv" in configs  # the real blocks
    missing = sorted(set(modules + configs) - names)
    assert not missing, f"not in the wheel: {missing}"
    assert not [n for n in names if n.startswith(("configs/", "tests/", "experiments/"))]


def test_code_and_configs_come_from_the_wheel(installed):
    """``from simulation import load_config`` works outside the checkout, from the wheel's own
    files and configs (not the checkout's)."""
    done = installed.run(
        "-c",
        "import simulation, hydra_plugins.phc_collaboration as plugins\n"
        "from simulation import load_config\n"
        "from simulation.config import CONFIG_DIR\n"
        "config = load_config(['state=kerala', 'months=24', 'interventions.training=pdia'])\n"
        "print(simulation.__file__); print(plugins.__file__); print(CONFIG_DIR)\n"
        "print(config.state.name, config.months, config.interventions.training.value)\n",
    )
    module, plugins, configs, values = done.stdout.strip().splitlines()
    for path in (module, plugins, configs):
        assert Path(path).is_relative_to(installed.base / "venv"), path
        assert not Path(path).is_relative_to(ROOT), path
    assert Path(configs).name == "configs" and Path(configs).parent.name == "simulation"
    assert values == "Kerala 24 pdia"


def test_a_run_with_overrides(installed):
    """``python -m simulation`` with overrides, as a user of the package starts it."""
    installed.run(
        "-m", "simulation", "state=kerala", "months=3", "scale=0.1", "seed=7", "output_dir=run"
    )
    table = pd.read_parquet(installed.cwd / "run" / "timeseries.parquet")
    assert len(table) == 3
    assert "Kerala" in (installed.cwd / "run" / "config.yaml").read_text()


def test_a_sweep_uses_the_projects_hydra_plugins(installed):
    """``-m`` runs through the project's sweeper and launcher (``hydra_plugins`` in the wheel):
    its jobs table is the project's own."""
    installed.run(
        "-m",
        "simulation",
        "-m",
        "seed=1,2",
        "months=2",
        "scale=0.1",
        "progress=false",
        "hydra.launcher.n_jobs=1",
        "hydra.sweep.dir=sweep",
    )
    jobs = pd.read_parquet(installed.cwd / "sweep" / "jobs.parquet")
    assert sorted(jobs["seed"]) == [1, 2]


def test_validation_entry_point(installed):
    """``python -m simulation.validation`` with a tiny partial setting."""
    installed.run(
        "-m",
        "simulation.validation",
        "patterns=[tenure]",
        "seeds=2",
        "draws=1",
        "robustness_seeds=1",
        "knockout_seeds=0",
        "alternative_seeds=0",
        "control_seeds=0",
        "resamples=100",
        "workers=1",
        "progress=false",
        "output=validation",
    )
    report = (installed.cwd / "validation" / "validation.md").read_text()
    assert "Tenure" in report


def test_comparison_entry_point(installed):
    """``python -m simulation.planning``: the planner's comparison, and its report names the
    command as it was typed."""
    installed.run(
        "-m",
        "simulation.planning",
        "compare=[status_quo,rdpr_led]",
        "seeds=2",
        "months=3",
        "uncertainty.spread=0",
        "uncertainty.posterior=null",  # the committed posterior is in the checkout, not the wheel
        "workers=1",
        "progress=false",
        "output=comparison",
        "runs_dir=runs",
    )
    report = installed.cwd / "comparison"
    assert (report / "report.html").is_file()
    assert (
        "python -m simulation.planning 'compare=[status_quo,rdpr_led]'"
        in (report / "report.md").read_text()
    )
    outcomes = pd.read_csv(report / "outcomes.csv")
    assert set(outcomes["scenario"]) == {"status_quo", "rdpr_led"}
