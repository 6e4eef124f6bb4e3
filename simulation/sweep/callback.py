"""Hydra callback around a multirun: check every job first, show progress, gather at the end.

Registered in ``configs/config.yaml`` under ``hydra.callbacks``, so every
``python -m simulation -m ...`` gets it, whichever launcher runs the jobs.
"""

from __future__ import annotations

import shutil
import sys
import time
from pathlib import Path
from typing import Any

from hydra.experimental.callback import Callback
from omegaconf import DictConfig

from simulation.parameters import ConfigError
from simulation.sweep.gather import summary_markdown, write_tables
from simulation.sweep.jobs import PROGRESS, read_records
from simulation.sweep.plan import check_jobs, job_overrides
from simulation.sweep.progress import SweepProgress


class SweepCallback(Callback):
    """Validates a sweep before it starts, shows its progress, and gathers its results."""

    def __init__(self, progress: bool = True) -> None:
        self.progress_enabled = progress
        self.progress: SweepProgress | None = None
        self.started = 0.0

    def __getstate__(self) -> dict:
        # Launchers pickle Hydra's context, callbacks included, to send jobs to workers;
        # the progress bar's thread stays in the launching process.
        return {**self.__dict__, "progress": None}

    def on_multirun_start(self, config: DictConfig, **kwargs: Any) -> None:
        sweep_dir = Path(config.hydra.sweep.dir)
        jobs = job_overrides(config)
        try:
            check_jobs(jobs)
        except ConfigError as error:
            print(f"Configuration error: {error}", file=sys.stderr)
            sys.exit(2)
        # markers of an earlier launch of the same sweep belong to that launch
        shutil.rmtree(sweep_dir / PROGRESS, ignore_errors=True)
        print(f"Sweep of {len(jobs)} jobs into {sweep_dir}/", flush=True)
        self.started = time.perf_counter()
        self.progress = SweepProgress(sweep_dir, len(jobs), self.progress_enabled).start()

    def on_multirun_end(self, config: DictConfig, **kwargs: Any) -> None:
        if self.progress is not None:
            self.progress.stop()
        sweep_dir = Path(config.hydra.sweep.dir)
        records = read_records(sweep_dir)
        summary = write_tables(sweep_dir)
        statuses = [r.status for r in records]
        seconds = time.perf_counter() - self.started
        print(
            f"\n{len(records)} jobs in {seconds:.1f} s: {statuses.count('ran')} ran, "
            f"{statuses.count('skipped')} already complete, {statuses.count('failed')} failed"
        )
        if statuses.count("failed") < len(records):
            print("\nOutcomes per condition (last-year mean [95% interval over replicates]):\n")
            print(summary_markdown(summary))
        print(f"\nResults in {sweep_dir}/")
        print("  timeseries.parquet   one row per job per month, swept parameters as columns")
        print("  jobs.parquet         one row per job: parameters, status, last-year means")
        print("  conditions.csv/.md   mean and 95% interval of each outcome per condition")
        failed = [r for r in records if r.status == "failed"]
        if failed:
            print(f"\n{len(failed)} jobs failed; errors and tracebacks in {sweep_dir}/failed/")
            for r in failed[:5]:
                print(f"  #{r.number} {' '.join(r.overrides)}")
            print("Run the same sweep again (same hydra.sweep.dir) to retry only what is missing.")
            sys.exit(1)
