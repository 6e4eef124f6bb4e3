"""A sweep's folder: which sweep it belongs to, and which launch is using it now.

A sweep folder (``hydra.sweep.dir``) holds one sweep's job folders and the tables gathered
from them, so two rules keep what is in it whole:

- **One sweep per folder.** ``sweep.json`` lists the jobs of the sweep that uses the folder,
  each as its overrides (one job a line). A job is known by the values its overrides set, as
  the job table has them (in any order, ``progress=`` aside, ``0.10`` the same as ``0.1``). A
  launch whose jobs include every one of them is the same sweep, resumed (complete jobs are
  skipped), or an extension of it (more replicates, another value: nothing is lost, the tables
  gain rows), and its list becomes the folder's. A launch that would leave any of them out is
  another sweep and is refused before it starts: its tables would replace the folder's and the
  jobs it left out would be orphaned. Jobs are known by their overrides, not by their config
  hashes, so the same command still resumes its sweep after a change to the model's config
  (its jobs then run again, under new hashes). A folder of an earlier version, without
  ``sweep.json``, is known by its job folders' ``job.json``, its last launch's records and its
  job table (so the committed studies, tables only, are protected too); a folder holding files
  no sweep writes is refused.
- **One launch at a time.** The launching process holds an exclusive lock on ``.lock``
  (``fcntl.flock``, with its process id in the file) from the start of the sweep to its end; a
  second launch into the folder is refused with that process id instead of running every job
  again. The operating system releases the lock when the process ends, however it ends. The
  lock is the launching process's: the jobs (joblib's workers, Ray, SLURM) never touch it.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
from collections.abc import Sequence
from pathlib import Path
from typing import IO

import numpy as np
import pandas as pd

from simulation.output_folder import write_text_atomically
from simulation.parameters import ConfigError
from simulation.sweep.gather import parameters, swept_keys
from simulation.sweep.jobs import FAILED, JOB_FILE, JOBS, PROGRESS, read_records

#: The list of the folder's jobs.
MANIFEST = "sweep.json"
#: The file the launching process locks.
LOCK = ".lock"
#: What sweeps write in their folder (the tables, Hydra's and submitit's files, discovery's
#: default output); anything else, in a folder without a manifest, is someone else's.
SWEEP_ENTRIES = frozenset(
    {
        JOBS,
        FAILED,
        PROGRESS,
        MANIFEST,
        LOCK,
        "multirun.yaml",
        ".submitit",
        "timeseries.parquet",
        "jobs.parquet",
        "conditions.csv",
        "conditions.md",
        "discovery",
    }
)
CHOOSE_ANOTHER = "choose another folder with hydra.sweep.dir=<new folder>"


def job_key(overrides: Sequence[str]) -> tuple[str, ...]:
    """What identifies a job within its sweep: the values its overrides set (in any order,
    ``progress=`` aside, ``0.10`` the same as ``0.1``), as the job table has them."""
    return _key(parameters(overrides))


def _key(values: dict[str, object]) -> tuple[str, ...]:
    return tuple(sorted(f"{key}={_value(value)}" for key, value in values.items()))


def _value(value: object) -> str:
    if value is None or value is pd.NA or (isinstance(value, float) and value != value):
        return "null"
    if isinstance(value, (bool, np.bool_)):
        return str(bool(value)).lower()
    if isinstance(value, (int, float, np.integer, np.floating)):
        text = repr(float(value))  # 1 and 1.0 alike: a column may hold both as one type
        return text.removesuffix(".0")
    return str(value)


def _table_jobs(sweep_dir: Path) -> dict[tuple[str, ...], str]:
    """The jobs of a sweep's job table, for a folder that holds only its tables (the committed
    studies in a fresh clone)."""
    try:
        table = pd.read_parquet(sweep_dir / "jobs.parquet")
        keys = swept_keys(table)
        rows = (_key({k: row[k] for k in keys}) for _, row in table.iterrows())
    except Exception:  # not a job table: the folder's other files decide
        return {}
    return {key: " ".join(key) for key in rows}


def owned_jobs(sweep_dir: Path) -> dict[tuple[str, ...], str]:
    """The jobs of the sweep that owns ``sweep_dir`` (each shown as its overrides).

    From ``sweep.json``; for a folder of an earlier version without it, from its job folders
    and the records of its last launch. Raises :class:`ConfigError` for a folder that holds
    files no sweep writes."""
    sweep_dir = Path(sweep_dir)
    manifest = sweep_dir / MANIFEST
    if manifest.is_file():
        try:
            listed = json.loads(manifest.read_text())["jobs"]
            return {job_key(job): " ".join(job) for job in listed}
        except (ValueError, KeyError, TypeError) as error:
            raise ConfigError(
                f"{manifest} is not a sweep's list of jobs ({error}); {CHOOSE_ANOTHER}"
            ) from None
    if not sweep_dir.is_dir():
        return {}
    foreign = sorted(
        p.name for p in sweep_dir.iterdir() if p.name not in SWEEP_ENTRIES and p.name[0] != "."
    )
    jobs: dict[tuple[str, ...], str] = {}
    for path in sorted(sweep_dir.glob(f"{JOBS}/[!.]*/{JOB_FILE}")):
        with contextlib.suppress(OSError, ValueError, KeyError):
            overrides = json.loads(path.read_text())["overrides"]
            jobs[job_key(overrides)] = " ".join(overrides)
    with contextlib.suppress(OSError, ValueError, TypeError):
        jobs |= {job_key(r.overrides): " ".join(r.overrides) for r in read_records(sweep_dir)}
    if (sweep_dir / "jobs.parquet").is_file():
        jobs = _table_jobs(sweep_dir) | jobs
    if foreign and not jobs:
        raise ConfigError(
            f"hydra.sweep.dir = {str(sweep_dir)!r} holds files no sweep wrote (e.g. "
            f"{foreign[0]!r}); allowed: a new or empty folder, or one of this sweep; "
            f"{CHOOSE_ANOTHER}"
        )
    return jobs


def check_owner(sweep_dir: Path, jobs: Sequence[Sequence[str]]) -> None:
    """Raise :class:`ConfigError` unless ``jobs`` include every job of the sweep that owns
    ``sweep_dir``."""
    owned = owned_jobs(sweep_dir)
    ours = {job_key(job) for job in jobs}
    left_out = [key for key in owned if key not in ours]
    if left_out:
        raise ConfigError(
            f"sweep folder {str(sweep_dir)!r} belongs to another sweep of {len(owned)} jobs, "
            f"{len(left_out)} of them not in this one (e.g. {owned[left_out[0]]}); to resume "
            f"or extend that sweep, give all its jobs again; else {CHOOSE_ANOTHER}"
        )


class SweepFolder:
    """A sweep folder claimed by this process: locked, and listing this sweep's jobs."""

    def __init__(self, sweep_dir: Path) -> None:
        self.directory = Path(sweep_dir)
        self._lock: IO[str] | None = None

    def __getstate__(self) -> dict:
        # a launcher may pickle the callback that holds this; the lock stays here
        return {**self.__dict__, "_lock": None}

    def lock(self) -> SweepFolder:
        """Take the folder's lock, or raise :class:`ConfigError` naming the process holding
        it. Creates the folder if need be."""
        self.directory.mkdir(parents=True, exist_ok=True)
        handle = open(self.directory / LOCK, "a+")  # noqa: SIM115 - held until release()
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            holder = handle.read().strip() or "unknown"
            handle.close()
            raise ConfigError(
                f"sweep folder {str(self.directory)!r} is in use by process {holder} (a sweep "
                f"running now); wait for it to end, or {CHOOSE_ANOTHER}"
            ) from None
        handle.seek(0)
        handle.truncate()
        handle.write(f"{os.getpid()}\n")
        handle.flush()
        self._lock = handle
        return self

    def claim(self, jobs: Sequence[Sequence[str]]) -> SweepFolder:
        """Check that the folder may hold the sweep of ``jobs``, lock it and list the jobs in
        it; raise :class:`ConfigError` before writing anything if it may not be used."""
        check_owner(self.directory, jobs)  # before the folder or its lock is made
        self.lock()
        try:
            check_owner(self.directory, jobs)  # again, now that no other launch can write
            lines = ",\n".join(f"  {json.dumps(list(job))}" for job in jobs)
            text = f'{{"jobs": [\n{lines}\n]}}\n'
            write_text_atomically(self.directory / MANIFEST, text)
        except BaseException:
            self.release()
            raise
        return self

    def release(self) -> None:
        """Let go of the lock (the process's end does too)."""
        if self._lock is not None:
            fcntl.flock(self._lock, fcntl.LOCK_UN)
            self._lock.close()
            self._lock = None
