"""Running many simulations for the validation: jobs, measurements, and a worker pool.

A job is one run: a config and what to measure from it (indicator means over month windows,
and optionally whole series for figures). Jobs are independent and fully determined by their
config, so results do not depend on the number of workers or the order jobs finish in; they are
returned in the order the jobs were given.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass

import numpy as np
from tqdm.auto import tqdm

from simulation import cores
from simulation.config import RunConfig
from simulation.model import CollaborationModel


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
    model = CollaborationModel(job.config)
    model.run_for(job.config.months)
    frame = model.timeseries()
    values = {}
    for name, m in job.measures.items():
        window = frame[(frame.month >= m.first) & (frame.month <= m.last)]
        values[name] = float(window[m.indicator].mean())
    series = {name: frame[name].to_numpy(dtype=float) for name in job.series}
    return Outcome(values, series)


def available_workers() -> int:
    """Cores this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        return os.cpu_count() or 1


def run_jobs(
    jobs: Sequence[Job], workers: int = 0, progress: bool = True, label: str = "runs"
) -> list[Outcome]:
    """Run ``jobs`` on ``workers`` processes (0: every available core; 1: in this process)."""
    workers = available_workers() if workers == 0 else workers
    bar = tqdm(total=len(jobs), desc=label, unit="run", disable=not progress, smoothing=0.05)
    with bar:
        if workers == 1 or len(jobs) <= 1:
            out = []
            for job in jobs:
                out.append(run_job(job))
                bar.update()
            return out
        # spawn, not fork: the parent may hold threads (tqdm's monitor), and fork would copy them
        context = multiprocessing.get_context("spawn")
        # each worker runs its month in its own thread: the workers already share the cores
        with ProcessPoolExecutor(
            max_workers=workers, mp_context=context, initializer=cores.one_thread_per_worker
        ) as pool:
            results = []
            for outcome in pool.map(run_job, jobs, chunksize=4):
                results.append(outcome)
                bar.update()
            return results
