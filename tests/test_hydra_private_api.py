"""The parts of Hydra's private API the project relies on are still there and behave as used.

``simulation/sweep/hydra_private.py`` lists them; an upgrade of Hydra that moves one fails here,
naming it, rather than in the middle of a user's sweep."""

import inspect
import re
from pathlib import Path

from hydra.core.override_parser.overrides_parser import OverridesParser

from simulation.sweep.hydra_private import BasicSweeper, JoblibLauncher, process_joblib_cfg

ROOT = Path(__file__).parents[1]
PRIVATE = re.compile(r"^\s*(from|import)\s+(hydra\._internal|hydra_plugins\.hydra_joblib_launcher)")


def test_private_hydra_modules_are_imported_in_one_place_only():
    users = [
        str(path.relative_to(ROOT))
        for folder in ("simulation", "hydra_plugins", "tests", "experiments")
        for path in (ROOT / folder).rglob("*.py")
        if any(PRIVATE.match(line) for line in path.read_text().splitlines())
    ]
    assert users == ["simulation/sweep/hydra_private.py"]


def test_split_arguments_expands_a_grid_in_hydras_launch_order():
    overrides = OverridesParser.create().parse_overrides(["a=1,2", "b=x,y", "c=3"])
    batches = BasicSweeper.split_arguments(overrides, None)
    assert [list(job) for batch in batches for job in batch] == [
        ["a=1", "b=x", "c=3"],
        ["a=1", "b=y", "c=3"],
        ["a=2", "b=x", "c=3"],
        ["a=2", "b=y", "c=3"],
    ]
    assert [len(b) for b in BasicSweeper.split_arguments(overrides, 3)] == [3, 1]


def test_the_sweeper_hooks_the_project_overrides_are_called_by_hydra():
    assert list(inspect.signature(BasicSweeper.sweep).parameters) == ["self", "arguments"]
    assert list(inspect.signature(BasicSweeper.validate_batch_is_legal).parameters) == [
        "self",
        "batch",
    ]
    source = inspect.getsource(BasicSweeper.sweep)
    assert "self.validate_batch_is_legal(batch)" in source
    assert "self.config" in inspect.getsource(BasicSweeper.setup)


def test_the_joblib_launcher_keeps_its_settings_where_the_project_reads_them():
    launcher = JoblibLauncher(n_jobs=2, batch_size="auto")
    assert launcher.joblib == {"n_jobs": 2, "batch_size": "auto"}
    assert "self.config = config" in inspect.getsource(JoblibLauncher.setup)
    settings = {"n_jobs": 2, "backend": "loky", "batch_size": "auto", "pre_dispatch": "2*n_jobs"}
    process_joblib_cfg(settings)  # in place, as the local launcher calls it
    assert settings == {
        "n_jobs": 2,
        "backend": "loky",
        "batch_size": "auto",
        "pre_dispatch": "2*n_jobs",
    }
    settings = {"n_jobs": 2, "batch_size": "4", "pre_dispatch": "all"}
    process_joblib_cfg(settings)  # numbers from YAML text become numbers for joblib
    assert settings == {"n_jobs": 2, "batch_size": 4, "pre_dispatch": "all"}


def test_a_sweep_runs_after_the_private_classes_were_imported(tmp_path):
    """Hydra's scan of its plugins runs each plugin module again, in place: a class this
    project kept from an earlier import would be stale, and the sweeper built on it failed in
    ``super()`` ("obj must be an instance or subtype of type") when this module, or the
    documentation test, had imported it before a sweep in the same process."""
    from tests.command_harness import run_command

    assert BasicSweeper is not None  # imported above, before any scan of the plugins
    sweep = ("-m", "replicate=0,1", "months=2", "progress=false", "hydra.launcher.n_jobs=1")
    for folder in ("first", "second"):
        outcome = run_command("simulation", (*sweep, f"hydra.sweep.dir={folder}"), tmp_path)
        assert outcome.code == 0, outcome.describe()
        assert (tmp_path / folder / "jobs.parquet").is_file()
