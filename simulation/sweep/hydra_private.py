"""The parts of Hydra's private API the project uses, in one place, pinned and tested.

Hydra's public plugin API (``hydra.plugins``) lets a sweeper or launcher be written from
scratch; the project instead extends Hydra's own basic sweeper and joblib launcher, which live
in private modules. Every such use is imported from here and nowhere else
(``tests/test_hydra_private_api.py`` checks it), and the versions are pinned in
``pyproject.toml`` (``hydra-core>=1.3.2,<1.4``, ``hydra-joblib-launcher>=1.2,<1.3``). What the
project relies on, each checked by that test:

- :class:`BasicSweeper` (``hydra._internal.core_plugins.basic_sweeper``):
  ``split_arguments(overrides, max_batch_size)`` expands ``key=a,b`` overrides into batches of
  jobs, in the order Hydra launches them (:func:`simulation.sweep.plan.job_overrides`); the
  project's sweeper subclasses it and overrides ``sweep(arguments)`` and
  ``validate_batch_is_legal(batch)``, which ``sweep`` calls before each batch, and reads
  ``self.config``.
- :class:`JoblibLauncher` (``hydra_plugins.hydra_joblib_launcher.joblib_launcher``, a public
  module of the plugin, whose attributes ``config`` and ``joblib`` are set by ``setup``) and
  :func:`process_joblib_cfg` (its private ``_core``), which turns the launcher's YAML settings
  into ``joblib.Parallel`` arguments in place.

If an upgrade of Hydra moves any of these, the test fails and names what moved; the fix is here
and in the two plugins of ``hydra_plugins/phc_collaboration/``.
"""

import importlib

__all__ = ["process_joblib_cfg"]  # and BasicSweeper, JoblibLauncher (__getattr__ below)

#: Where each class lives. Hydra's scan of its plugins executes each plugin module again, in
#: place, making new class objects: a class kept from an earlier import would be a stale
#: one, and a subclass of it fails in ``super()`` ("obj must be an instance or subtype of
#: type"). So each class is looked up in its module when it is imported from here.
_CLASSES = {
    "BasicSweeper": "hydra._internal.core_plugins.basic_sweeper",
    "JoblibLauncher": "hydra_plugins.hydra_joblib_launcher.joblib_launcher",
}


def __getattr__(name: str):
    if name in _CLASSES:
        return getattr(importlib.import_module(_CLASSES[name]), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def process_joblib_cfg(settings: dict) -> None:
    """The joblib launcher's ``process_joblib_cfg(settings)``, imported when a sweep launches:
    its module imports joblib, which Hydra's scan of the launchers would otherwise load for
    every command, a single run included (``experiments/benchmark.py --only startup``)."""
    from hydra_plugins.hydra_joblib_launcher._core import process_joblib_cfg as process

    process(settings)
