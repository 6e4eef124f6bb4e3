"""Running a sweep's jobs from Python, with the same job machinery as a Hydra multirun.

Sensitivity analysis and notebooks build their list of jobs in code (a SALib sample is not a
grid); :func:`run_sweep` runs them exactly as ``python -m simulation -m`` would: every job
validated first, results by config hash (complete jobs are skipped, failures recorded), on the
experiment layer's pool (:mod:`simulation.experiment.evaluate`), with a progress bar, then
gathered into the same tables. The folder is locked while the jobs run (a second run into it is
refused, see ``folder.py``); unlike a Hydra multirun, callers here (the planner's ensembles,
sensitivity analysis) choose their own folders and their own jobs in them, so the folder is not
tied to one list of jobs.
"""

from __future__ import annotations

import shutil
from collections.abc import Sequence
from pathlib import Path

from simulation.experiment.checking import check_jobs
from simulation.experiment.evaluate import evaluate, values
from simulation.sweep.folder import SweepFolder
from simulation.sweep.gather import write_tables
from simulation.sweep.jobs import PROGRESS, JobRecord, run_sweep_job


def run_sweep(
    jobs: Sequence[Sequence[str]],
    sweep_dir: Path,
    workers: int = -1,
    progress: bool = True,
    label: str = "sweep",
    configs: Sequence | None = None,
) -> list[JobRecord]:
    """Run every job (a list of overrides each) into ``sweep_dir``; gather the tables.

    ``workers`` as in :func:`simulation.experiment.evaluate.evaluate`: -1 for every core, 1 to
    run in this process. Records come back in job order, whatever the number of workers.
    ``configs`` are the jobs' run configs if the caller has checked them already
    (:func:`~simulation.experiment.checking.check_jobs`); otherwise they are checked here.
    """
    sweep_dir = Path(sweep_dir)
    if configs is None:
        configs = check_jobs(jobs)  # raises ConfigError before anything runs
    elif len(configs) != len(jobs):
        raise ValueError(f"{len(configs)} configs for {len(jobs)} jobs")
    folder = SweepFolder(sweep_dir).lock()  # ConfigError if another launch is using it
    try:
        shutil.rmtree(sweep_dir / PROGRESS, ignore_errors=True)
        evaluations = evaluate(
            configs,
            run_sweep_job,
            workers=workers,
            progress=progress,
            label=label,
            unit="job",
            failed=_failed,
            extra=[(job, sweep_dir, number) for number, job in enumerate(jobs)],
        )
        records = values(evaluations)  # a job records its own failure: this raises no more
        write_tables(sweep_dir)
    finally:
        folder.release()
    return records


def _failed(record: JobRecord) -> bool:
    return record.status == "failed"
