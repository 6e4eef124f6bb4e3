"""A sweep's folder: which sweep it belongs to, and which launch is using it now.

A sweep folder (``hydra.sweep.dir``) holds one sweep's job folders and the tables gathered
from them, so two rules keep what is in it whole:

- **One sweep per folder.** ``sweep.json`` lists the jobs of the sweep that first used the
  folder: their overrides and config hashes (the names of their job folders). A launch whose
  jobs include every one of them is the same sweep, resumed (complete jobs are skipped), or an
  extension of it (more replicates, another value: nothing is lost, the tables gain rows), and
  its list becomes the folder's. A launch that would leave any of them out is another sweep and
  is refused before it starts: its tables would replace the folder's and the jobs it left out
  would be orphaned. A folder of an earlier version, without ``sweep.json``, is known by its
  job folders; a folder holding files no sweep writes is refused.
- **One launch at a time.** The launching process holds an exclusive lock on ``.lock``
  (``fcntl.flock``, with its process id in the file) from the start of the sweep to its end; a
  second launch into the folder is refused with that process id instead of running every job
  again. The operating system releases the lock when the process ends, however it ends. The
  lock is the launching process's: the jobs (joblib's workers, Ray, SLURM) never touch it.
"""

from __future__ import annotations

import fcntl
import json
import os
from collections.abc import Sequence
from pathlib import Path
from typing import IO

from simulation.config import RunConfig
from simulation.parameters import ConfigError
from simulation.results import write_text_atomically
from simulation.sweep.jobs import FAILED, JOBS, PROGRESS, job_config, read_records

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


def job_hashes(configs: Sequence[RunConfig]) -> list[str]:
    """The config hash of each job, the name of its folder under ``jobs/``."""
    return [job_config(config)[2] for config in configs]


def owned_jobs(sweep_dir: Path) -> dict[str, list[str]]:
    """The jobs of the sweep that owns ``sweep_dir``, by config hash (overrides, if known).

    From ``sweep.json``; for a folder of an earlier version without it, from its job folders
    and the records of its last launch. Raises :class:`ConfigError` for a folder that holds
    files no sweep writes."""
    sweep_dir = Path(sweep_dir)
    manifest = sweep_dir / MANIFEST
    if manifest.is_file():
        try:
            entries = json.loads(manifest.read_text())["jobs"]
            return {e["config_hash"]: list(e["overrides"]) for e in entries}
        except (ValueError, KeyError, TypeError) as error:
            raise ConfigError(
                f"{manifest} is not a sweep's list of jobs ({error}); {CHOOSE_ANOTHER}"
            ) from None
    if not sweep_dir.is_dir():
        return {}
    foreign = sorted(
        p.name for p in sweep_dir.iterdir() if p.name not in SWEEP_ENTRIES and p.name[0] != "."
    )
    jobs: dict[str, list[str]] = {}
    if (sweep_dir / JOBS).is_dir():
        jobs |= {p.name: [] for p in (sweep_dir / JOBS).iterdir() if p.name[0] != "."}
    if (sweep_dir / PROGRESS).is_dir():
        jobs |= {r.config_hash: list(r.overrides) for r in read_records(sweep_dir)}
    if foreign and not jobs:
        raise ConfigError(
            f"hydra.sweep.dir = {str(sweep_dir)!r} holds files no sweep wrote (e.g. "
            f"{foreign[0]!r}); allowed: a new or empty folder, or one of this sweep; "
            f"{CHOOSE_ANOTHER}"
        )
    return jobs


def check_owner(sweep_dir: Path, hashes: Sequence[str]) -> dict[str, list[str]]:
    """Raise :class:`ConfigError` unless the jobs ``hashes`` include every job of the sweep
    that owns ``sweep_dir``; return that sweep's jobs."""
    owned = owned_jobs(sweep_dir)
    left_out = [h for h in owned if h not in set(hashes)]
    if left_out:
        example = " ".join(owned[left_out[0]]) or f"jobs/{left_out[0]}"
        raise ConfigError(
            f"sweep folder {str(sweep_dir)!r} belongs to another sweep of {len(owned)} jobs, "
            f"{len(left_out)} of them not in this one (e.g. {example}); to resume or extend "
            f"that sweep, give all its jobs again; else {CHOOSE_ANOTHER}"
        )
    return owned


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

    def claim(self, jobs: Sequence[Sequence[str]], configs: Sequence[RunConfig]) -> SweepFolder:
        """Check that the folder may hold the sweep of ``jobs`` (their checked ``configs``),
        lock it and list the jobs in it; raise :class:`ConfigError` before writing anything if
        it may not be used."""
        hashes = job_hashes(configs)
        check_owner(self.directory, hashes)  # before the folder or its lock is made
        self.lock()
        try:
            owned = check_owner(self.directory, hashes)  # again, now that no one else can write
            listed = [
                {"config_hash": h, "overrides": list(job)}
                for h, job in zip(hashes, jobs, strict=True)
            ]
            if set(owned) != set(hashes) or not (self.directory / MANIFEST).is_file():
                text = json.dumps({"jobs": listed}, indent=1) + "\n"
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
