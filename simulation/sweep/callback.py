"""Hydra callback around a multirun: check every job first, show progress, gather at the end.

Before the first job: every job's config and the launcher's settings are checked, and the
sweep folder is claimed (``folder.py``: locked, and refused if it holds another sweep); any of
these refused exits 2 with one line, before anything is written. At the end: the tables are
gathered; a failed job, a job that left no record or a table that could not be written exits 1
with one line on stderr naming what failed and where. Hydra turns an exception raised in a
callback into a warning, so this callback catches its own failures and exits itself.

Registered in ``configs/config.yaml`` under ``hydra.callbacks``, so every
``python -m simulation -m ...`` gets it, whichever launcher runs the jobs.
"""

from __future__ import annotations

import shutil
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

from hydra.experimental.callback import Callback
from omegaconf import DictConfig

from simulation.parameters import ConfigError

if TYPE_CHECKING:
    from simulation.sweep.folder import SweepFolder
    from simulation.sweep.progress import SweepProgress

# Hydra builds this callback for every run, a single run too; what a sweep needs (pandas, the
# tables, the jobs' records) is imported when a sweep starts, not in a single run's start-up.


class SweepCallback(Callback):
    """Validates a sweep before it starts, shows its progress, and gathers its results."""

    def __init__(self, progress: bool = True) -> None:
        self.progress_enabled = progress
        self.progress: SweepProgress | None = None
        self.folder: SweepFolder | None = None
        self.jobs = 0
        self.started = 0.0

    def __getstate__(self) -> dict:
        # Launchers pickle Hydra's context, callbacks included, to send jobs to workers;
        # the progress bar's thread and the folder's lock stay in the launching process.
        return {**self.__dict__, "progress": None, "folder": None}

    def on_multirun_start(self, config: DictConfig, **kwargs: Any) -> None:
        from simulation.experiment.checking import check_jobs
        from simulation.sweep.folder import SweepFolder
        from simulation.sweep.jobs import PROGRESS
        from simulation.sweep.plan import check_launcher, job_overrides
        from simulation.sweep.progress import SweepProgress

        sweep_dir = Path(config.hydra.sweep.dir)
        jobs = job_overrides(config)
        try:
            check_launcher(config.hydra.launcher)
            check_jobs(jobs)
            self.folder = SweepFolder(sweep_dir).claim(jobs)
        except ConfigError as error:
            refuse(error)
        except OSError as error:  # a folder that cannot be written: nothing has run yet
            refuse(ConfigError(f"hydra.sweep.dir = {str(sweep_dir)!r} cannot be used: {error}"))
        # markers of an earlier launch of the same sweep belong to that launch
        shutil.rmtree(sweep_dir / PROGRESS, ignore_errors=True)
        print(f"Sweep of {len(jobs)} jobs into {sweep_dir}/", flush=True)
        self.jobs = len(jobs)
        self.started = time.perf_counter()
        self.progress = SweepProgress(sweep_dir, len(jobs), self.progress_enabled).start()

    def on_multirun_end(self, config: DictConfig, **kwargs: Any) -> None:
        """Gather the tables and report; exit 1 with one line on stderr if a job or a table
        failed (Hydra would only warn about an exception raised here)."""
        try:
            self._end(Path(config.hydra.sweep.dir))
        finally:
            if self.folder is not None:
                self.folder.release()

    def _end(self, sweep_dir: Path) -> None:
        from simulation.sweep.gather import INTERVAL_LEGEND, summary_markdown, write_tables
        from simulation.sweep.jobs import FAILED, PROGRESS, read_records

        if self.progress is not None:
            self.progress.stop()
        problems = []
        summary = None
        try:
            records = read_records(sweep_dir)
        except (OSError, ValueError) as error:
            records = []
            problems.append(f"the jobs' records in {sweep_dir / PROGRESS}/ are unreadable: {error}")
        try:
            summary = write_tables(sweep_dir)
        except Exception as error:  # any failure is reported, and exits 1
            problems.append(
                f"the sweep's tables could not be written in {sweep_dir}/: "
                f"{type(error).__name__}: {error}"
            )
        statuses = [r.status for r in records]
        seconds = time.perf_counter() - self.started
        print(
            f"\n{len(records)} jobs in {seconds:.1f} s: {statuses.count('ran')} ran, "
            f"{statuses.count('skipped')} already complete, {statuses.count('failed')} failed "
            f"({sum(r.replaced for r in records)} recomputed because the model changed)"
        )
        if summary is not None and statuses.count("failed") < len(records):
            print("\nOutcomes per condition (last-year mean [95% interval over replicates]):\n")
            print(summary_markdown(summary))
            print(INTERVAL_LEGEND)
        if summary is not None:
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
            first = failed[0]
            problems.insert(
                0,
                f"{len(failed)} of {self.jobs or len(records)} jobs failed (first: "
                f"#{first.number} {' '.join(first.overrides)}; errors in {sweep_dir / FAILED}/)",
            )
        missing = (self.jobs or len(records)) - len(records)
        if missing > 0:
            problems.append(
                f"{missing} of {self.jobs} jobs left no record in {sweep_dir / PROGRESS}/ "
                "(stopped, or the disk is full)"
            )
        if problems:
            fail("; ".join(problems))


def refuse(error: ConfigError) -> NoReturn:
    """Stop before any work: one line on stderr, exit status 2."""
    print(f"Configuration error: {error}", file=sys.stderr)
    sys.exit(2)


def fail(message: str) -> NoReturn:
    """Stop after a failure while running or writing: one line on stderr, exit status 1."""
    print(f"Error: {message}", file=sys.stderr)
    sys.exit(1)
