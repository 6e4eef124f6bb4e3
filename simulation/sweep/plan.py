"""The jobs of a sweep, known before any of them runs, and its launcher's settings.

Hydra's basic sweeper turns ``key=a,b`` overrides (on the command line or in
``hydra.sweeper.params`` of a sweep file) into the cross product of jobs. :func:`job_overrides`
expands them the same way, so the sweep's size is known for the progress bar, and the sweep's
callback checks every job's config with :func:`simulation.experiment.checking.check_jobs`
(ranges and combinations, the same checks as a single run) before the first job starts: a bad
value in job 731 of 1,000 stops the sweep at once with one message, instead of failing an hour
later.
"""

from __future__ import annotations

from hydra.core.override_parser.overrides_parser import OverridesParser
from omegaconf import DictConfig

from simulation.parameters import ConfigError


def job_overrides(config: DictConfig) -> list[list[str]]:
    """Every job of the multirun that ``config`` (Hydra's master config) describes, in order."""
    from simulation.sweep.hydra_private import BasicSweeper

    params = config.hydra.sweeper.get("params") or {}
    arguments = [f"{k}={v}" for k, v in params.items()]
    arguments += list(config.hydra.overrides.task)
    overrides = OverridesParser.create().parse_overrides(arguments)
    batches = BasicSweeper.split_arguments(overrides, None)
    return [list(job) for batch in batches for job in batch]


def check_launcher(launcher: DictConfig) -> None:
    """Raise :class:`ConfigError` for joblib settings (the local launcher's) that joblib would
    refuse only once the sweep had begun, and a cluster launcher (Ray, SLURM) whose cluster is
    not there (:func:`simulation.experiment.clusters.check_cluster`)."""
    from simulation.experiment.clusters import check_cluster

    check_cluster(launcher)
    target = str(launcher.get("_target_", ""))
    if "joblib" not in target.lower() and not target.endswith("LocalLauncher"):
        return
    n_jobs = launcher.get("n_jobs")
    if n_jobs is not None and (type(n_jobs) is not int or n_jobs == 0):
        raise ConfigError(
            f"hydra.launcher.n_jobs = {n_jobs!r} is not allowed; allowed: a number of workers "
            "(1, 2, ...), -1 for every core, -2 for all but one, ..."
        )
    batch_size = str(launcher.get("batch_size", "auto"))  # joblib's launcher keeps it as text
    if batch_size not in ("None", "auto") and not (batch_size.isdigit() and int(batch_size) > 0):
        raise ConfigError(
            f"hydra.launcher.batch_size = {batch_size} is not allowed; allowed: a number of "
            "jobs sent to a worker at a time (1, 2, ...) or 'auto'"
        )
