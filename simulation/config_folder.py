"""Where the configs are: the checkout's ``configs/`` folder, or the copy inside an installed
package.

In a checkout (and an editable install, ``pip install -e .``), the configs are the top-level
``configs/`` folder beside ``simulation/``: the folder users edit. A wheel (``pip install .``)
ships that same folder as ``simulation/configs/`` (``pyproject.toml`` maps it there), so that an
installed package runs from any folder. Every command's Hydra config path and
:func:`simulation.config.load_config` use :data:`CONFIG_DIR`. This module imports nothing heavy:
every command reads it before anything else.
"""

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent

#: The folder of every config: ``simulation/configs/`` in an installed wheel, else the
#: checkout's ``configs/``.
CONFIG_DIR = (
    _PACKAGE / "configs" if (_PACKAGE / "configs").is_dir() else _PACKAGE.parent / "configs"
)


def shown(path: Path) -> str:
    """``path`` as a user reads it in a message: relative to the project when inside it."""
    try:
        return str(Path(path).resolve().relative_to(CONFIG_DIR.parent))
    except ValueError:
        return str(path)


def project_file(value) -> Path:
    """The file a setting names (``uncertainty.posterior: results/calibration/posterior.csv``,
    ``targets: configs/calibration_targets.yaml``): as given when it exists there or is
    absolute, else relative to the project (the folder holding ``configs/``), where the
    committed results are; the given path if neither exists (the caller says what is missing).
    In an installed package the folder holding ``configs/`` is the package, so ``configs/...``
    names the configs it ships, from any working folder."""
    given = Path(str(value))
    if given.is_absolute() or given.exists():
        return given
    project = CONFIG_DIR.parent / given
    return project if project.exists() else given
