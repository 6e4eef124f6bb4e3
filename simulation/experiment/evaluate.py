"""Evaluating a list of runs: the one way the project runs many simulations.

A run is a run config, a list of overrides or a scenario (its overrides), checked all at
once, before the first run, by :func:`simulation.experiment.checking.check_jobs`: a bad value
in run 731 stops everything at once. A task is what to do with one run's config: simulate it
and measure (the validation), simulate it into a sweep's folder (sweeps, the planner), ...
:func:`evaluate` calls the task on every run:

- on an in-process pool of workers (joblib's loky processes; ``workers=1`` runs in this
  process, ``0`` or ``-1`` on every core, ``-2`` on all but one, as joblib's ``n_jobs``);
- with results in the order of the runs, whatever the number of workers or the order runs
  finish in: each run is fully determined by its config, so results are the same to the bit;
- with a progress bar (tqdm), counting failures as they come;
- recording a failure rather than raising it: a run that raises becomes an :class:`Evaluation`
  with its error and traceback, and the other runs go on.

Each worker of a pool runs its month in one thread (joblib sets ``OMP_NUM_THREADS=1`` in its
workers, which :mod:`simulation.cores` reads): the workers already share the cores.
Hydra's Ray and SLURM launchers remain the command-line road to clusters.
"""

from __future__ import annotations

import contextlib
import os
import traceback
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from joblib import Parallel, delayed
from tqdm.auto import tqdm

#: A run: its config, the overrides that make it, or a scenario (named overrides).
Run = Any


@dataclass(frozen=True)
class Evaluation:
    """What became of one run: the task's ``value``, or the ``error`` (one line) and the
    ``traceback`` of a run that failed."""

    number: int
    value: Any = None
    error: str | None = None
    traceback: str | None = None

    @property
    def failed(self) -> bool:
        return self.error is not None


class RunFailed(RuntimeError):
    """A run of a study that needs every run failed (see :func:`values`); its ``traceback``
    is the run's."""

    def __init__(self, message: str, traceback: str | None = None):
        super().__init__(message)
        self.traceback = traceback


def available_workers() -> int:
    """Cores this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        return os.cpu_count() or 1


def configs(runs: Sequence[Run]) -> list:
    """Each run's checked config: configs as given, override lists and scenarios
    (:class:`~simulation.experiment.scenario.Scenario`, by their overrides) composed and
    validated (raises :class:`~simulation.parameters.ConfigError` before anything runs)."""
    from simulation.config import RunConfig
    from simulation.experiment.checking import check_jobs
    from simulation.experiment.scenario import Scenario

    def overrides(run) -> list[str]:
        return list(run.overrides if isinstance(run, Scenario) else run)

    lists = [(i, overrides(r)) for i, r in enumerate(runs) if not isinstance(r, RunConfig)]
    checked = dict(zip((i for i, _ in lists), check_jobs([o for _, o in lists]), strict=True))
    return [checked.get(i, r) for i, r in enumerate(runs)]


def _attempt(task: Callable, number: int, config, extra: tuple) -> Evaluation:
    try:
        return Evaluation(number, task(config, *extra))
    except Exception as error:  # recorded, and the other runs go on
        text = f"{type(error).__name__}: {error}"
        return Evaluation(number, error=text, traceback="".join(traceback.format_exception(error)))


def evaluate(
    runs: Sequence[Run],
    task: Callable[[Any], Any],
    *,
    workers: int = 0,
    progress: bool = True,
    label: str = "runs",
    unit: str = "run",
    batch_size: int | str = "auto",
    failed: Callable[[Any], bool] | None = None,
    extra: Sequence[tuple] | None = None,
    bar: Any = None,
    ray: str | None = None,
) -> list[Evaluation]:
    """``task(config, *extra[i])`` for every run ``i``, in run order, on ``workers`` processes.

    ``workers``: 1 runs in this process; 0 (or -1) uses every available core, -2 all but one.
    ``extra`` holds each run's further arguments to ``task``, if any. ``batch_size`` is how
    many runs a worker is sent at a time (joblib's). ``failed`` tells the
    progress bar which values count as failures when a task records its own (a sweep's job).
    ``bar``: a tqdm bar of a longer study (the calibration's, over its chunks) to advance
    instead of a bar of its own; it is left open. ``ray``: run on a Ray cluster instead of the
    local pool, through joblib's Ray backend: ``local`` starts one on this machine, any other
    value is the head's address (``auto``, ``<host>:6379``, ``ray://<host>:10001``; checked by
    :func:`~simulation.experiment.clusters.check_ray_head` before any run). Results are the
    same as on the local pool, in the same order."""
    configs_ = configs(runs)
    count = available_workers() if workers == 0 else workers
    extra = [()] * len(configs_) if extra is None else [tuple(e) for e in extra]
    pairs = list(enumerate(zip(configs_, extra, strict=True)))
    results: list[Evaluation] = []
    own = bar is None
    if own:
        bar = tqdm(total=len(configs_), desc=label, unit=unit, disable=not progress, smoothing=0.05)
    with bar if own else contextlib.nullcontext(bar):  # a study's bar: it closes it
        if ray is not None:
            outcomes = _on_ray(ray, task, pairs, workers, batch_size)
        elif count == 1 or len(configs_) <= 1:
            outcomes = (_attempt(task, i, c, e) for i, (c, e) in pairs)
        else:
            pool = Parallel(n_jobs=count, batch_size=batch_size, return_as="generator")
            outcomes = pool(delayed(_attempt)(task, i, c, e) for i, (c, e) in pairs)
        bad = 0
        for outcome in outcomes:
            results.append(outcome)
            bar.update()
            if outcome.failed or (failed is not None and failed(outcome.value)):
                bad += 1
                bar.set_postfix(failed=bad)
    return results


def _on_ray(address: str, task, pairs, workers: int, batch_size):
    """The runs on a Ray cluster (joblib's Ray backend), as a generator in run order."""
    import ray
    from joblib import parallel_config
    from ray.util.joblib import register_ray

    if not ray.is_initialized():
        ray.init(
            address=None if address == "local" else address,
            include_dashboard=False,
            log_to_driver=False,
            configure_logging=False,
        )
    register_ray()
    with parallel_config(backend="ray"):
        pool = Parallel(n_jobs=-1 if workers == 0 else workers, batch_size=batch_size)
        return iter(pool(delayed(_attempt)(task, i, c, e) for i, (c, e) in pairs))


def values(evaluations: Sequence[Evaluation]) -> list:
    """The values of runs that must all succeed; :class:`RunFailed` naming the first failure
    (with its traceback) otherwise."""
    for e in evaluations:
        if e.failed:
            raise RunFailed(f"run {e.number} failed: {e.error}", e.traceback)
    return [e.value for e in evaluations]
