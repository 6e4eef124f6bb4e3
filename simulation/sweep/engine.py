"""Running a sweep's jobs from Python, with the same job machinery as a Hydra multirun.

Sensitivity analysis and notebooks build their list of jobs in code (a SALib sample is not a
grid); :func:`run_sweep` runs them exactly as ``python -m simulation -m`` would: every job
validated first, results by config hash (complete jobs are skipped, failures recorded), on
joblib's process pool, with a progress bar, then gathered into the same tables. The folder is
locked while the jobs run (a second run into it is refused, see ``folder.py``); unlike a
Hydra multirun, callers here (the planner's ensembles, sensitivity analysis) choose their own
folders and their own jobs in them, so the folder is not tied to one list of jobs.
"""

from __future__ import annotations

import shutil
from collections.abc import Sequence
from pathlib import Path

from joblib import Parallel, delayed
from tqdm.auto import tqdm

from simulation.sweep.folder import SweepFolder
from simulation.sweep.gather import write_tables
from simulation.sweep.jobs import PROGRESS, JobRecord, run_sweep_job
from simulation.sweep.plan import check_jobs


def run_sweep(
    jobs: Sequence[Sequence[str]],
    sweep_dir: Path,
    workers: int = -1,
    progress: bool = True,
    label: str = "sweep",
) -> list[JobRecord]:
    """Run every job (a list of overrides each) into ``sweep_dir``; gather the tables.

    ``workers`` is joblib's ``n_jobs``: -1 for every core, 1 to run in this process. Records
    come back in job order, whatever the number of workers.
    """
    sweep_dir = Path(sweep_dir)
    configs = check_jobs(jobs)  # raises ConfigError before anything runs
    folder = SweepFolder(sweep_dir).lock()  # ConfigError if another launch is using it
    try:
        shutil.rmtree(sweep_dir / PROGRESS, ignore_errors=True)
        tasks = (
            delayed(run_sweep_job)(config, job, sweep_dir, number)
            for number, (config, job) in enumerate(zip(configs, jobs, strict=True))
        )
        records = []
        with tqdm(total=len(configs), desc=label, unit="job", disable=not progress) as bar:
            for record in Parallel(n_jobs=workers, return_as="generator")(tasks):
                records.append(record)
                bar.update()
                if record.status == "failed":
                    bar.set_postfix(failed=sum(r.status == "failed" for r in records))
        write_tables(sweep_dir)
    finally:
        folder.release()
    return records
