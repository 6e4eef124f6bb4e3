"""Running many simulations for the validation: jobs and their measurements.

A job is one run: a config and what to measure from it (indicator means over month windows,
and optionally whole series for figures). Jobs are independent and fully determined by their
config, so results do not depend on the number of workers or the order jobs finish in; they are
returned in the order the jobs were given.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from simulation.config import RunConfig
from simulation.experiment.evaluate import evaluate, values
from simulation.run import run


@dataclass(frozen=True)
class Measure:
    """The mean of one indicator over months ``first`` to ``last`` (inclusive, from 1)."""

    indicator: str
    first: int
    last: int

    def describe(self) -> str:
        return f"{self.indicator}, months {self.first}-{self.last}"


@dataclass(frozen=True)
class Job:
    config: RunConfig
    measures: dict[str, Measure]
    series: tuple[str, ...] = ()


@dataclass
class Outcome:
    """What a job measured: one value per measure, and any whole series asked for."""

    values: dict[str, float]
    series: dict[str, np.ndarray]


def run_job(job: Job) -> Outcome:
    """Simulate ``job.config`` and take its measurements."""
    return measure(job.config, job.measures, job.series)


def measure(config: RunConfig, measures: dict[str, Measure], series: tuple[str, ...]) -> Outcome:
    """Simulate ``config`` and take ``measures`` and the whole ``series`` from it."""
    frame = run(config, progress=False).timeseries
    values = {}
    for name, m in measures.items():
        window = frame[(frame.month >= m.first) & (frame.month <= m.last)]
        values[name] = float(window[m.indicator].mean())
    return Outcome(values, {name: frame[name].to_numpy(dtype=float) for name in series})


def run_jobs(
    jobs: Sequence[Job], workers: int = 0, progress: bool = True, label: str = "runs"
) -> list[Outcome]:
    """Run ``jobs`` on ``workers`` processes (0: every available core; 1: in this process),
    in job order, through :func:`simulation.experiment.evaluate.evaluate`; a failed run stops
    the study (:class:`~simulation.experiment.evaluate.RunFailed`)."""
    evaluations = evaluate(
        [job.config for job in jobs],
        measure,
        workers=workers,
        progress=progress,
        label=label,
        batch_size=4,
        extra=[(job.measures, job.series) for job in jobs],
    )
    return values(evaluations)
