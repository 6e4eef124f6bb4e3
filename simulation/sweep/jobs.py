"""One job of a sweep: run a config once, or find that it already ran, or record why it failed.

A job's results live in ``<sweep>/jobs/<config hash>/``, named by a hash of the resolved config
(:func:`simulation.results.config_hash`), and are written atomically: the directory exists only
once it is complete. A complete job is reused (``skipped``) only if the model that made it is
the running one (its ``summary.json``'s model identity, :mod:`simulation.identity`); one made by
another model is run again and its folder replaced (``ran``, with ``replaced`` set). So
re-running a sweep that was stopped, or that had failures, runs only what is missing, and
re-running it after a change to the model recomputes what the change made stale.
A job that raises leaves ``<sweep>/failed/<config hash>.json`` (its overrides, config, error
and traceback) and lets the other jobs finish.

Each job also leaves a small marker in ``<sweep>/.progress/`` (its number, status and config
hash) that the sweep's progress bar counts and the gathering step reads, in job order.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import time
import traceback
from dataclasses import asdict, dataclass, field
from pathlib import Path

from simulation.config import RunConfig, as_yaml, replace
from simulation.identity import model_identity
from simulation.output_folder import write_text_atomically
from simulation.results import hash_text, write_run
from simulation.run import run

JOBS = "jobs"
FAILED = "failed"
PROGRESS = ".progress"
#: The file in a job directory that records the overrides that made the job.
JOB_FILE = "job.json"


@dataclass(frozen=True)
class JobRecord:
    """What became of one job of a sweep: ``ran``, ``skipped`` (already complete, by the same
    model) or ``failed``; ``replaced`` if it ran because the complete results in its folder were
    made by another model (another model identity), which its new results replaced."""

    number: int
    status: str
    config_hash: str
    overrides: tuple[str, ...]
    seconds: float = 0.0
    model_identity: str = ""
    replaced: bool = False
    #: the run's settings (:func:`settings`), columns of the sweep's tables
    settings: dict = field(default_factory=dict)

    def to_json(self) -> str:
        return json.dumps({**asdict(self), "seconds": round(self.seconds, 3)})


def is_complete(directory: Path) -> bool:
    """True if a job's results are all there (they are written as one atomic directory)."""
    return (directory / "summary.json").is_file() and (directory / "timeseries.parquet").is_file()


def made_by(directory: Path) -> str | None:
    """The model identity of the complete job in ``directory`` (``""`` if its summary names
    none: an earlier version wrote it), or None if there is no complete job there."""
    if not is_complete(directory):
        return None
    try:
        summary = json.loads((directory / "summary.json").read_text())
    except (OSError, ValueError):
        return ""  # unreadable: treated as another model's, and replaced
    return str(summary.get("model_identity", ""))


#: The settings of every run, columns of a sweep's tables whether swept or not.
SETTINGS = ("state", "scale", "months", "seed", "replicate")


def settings(config: RunConfig) -> dict:
    """A run's settings (:data:`SETTINGS`): its state (as ``state=`` names it), scale,
    months, seed and replicate."""
    return {
        "state": config.state.name.lower().replace(" ", "_"),
        "scale": float(config.scale),
        "months": int(config.months),
        "seed": int(config.seed),
        "replicate": int(config.replicate),
    }


def job_config(config: RunConfig) -> tuple[RunConfig, str, str]:
    """A job's run config as a sweep runs it (no progress bar, no output folder of its own),
    its resolved YAML and its config hash, which names the job's folder."""
    config = replace(config, progress=False, output_dir=None)
    text = as_yaml(config)  # rendered once: the config file and its hash
    return config, text, hash_text(text)


def run_sweep_job(
    config: RunConfig, overrides: list[str] | tuple[str, ...], sweep_dir: Path, number: int
) -> JobRecord:
    """Run one job of the sweep in ``sweep_dir`` unless its results are complete already.

    Never raises for a failure of the simulation itself: the failure is written down and the
    record says so, so that one bad job does not stop a sweep of thousands.
    """
    sweep_dir = Path(sweep_dir)
    config, text, key = job_config(config)
    directory = sweep_dir / JOBS / key
    overrides = tuple(overrides)
    started = time.perf_counter()
    identity = model_identity()
    found = made_by(directory)
    replaced = found is not None and found != identity
    if found == identity:
        status = "skipped"
    else:
        aside = set_aside(directory) if replaced else None
        try:
            result = run(config, progress=False)
            job = {"overrides": list(overrides), "config_hash": key, "model_identity": identity}
            try:
                extra = {JOB_FILE: json.dumps(job, indent=2) + "\n"}
                write_run(
                    result, directory, figure=False, csv=False, extra=extra, resolved=(text, key)
                )
            except OSError:
                # the same config ran in another worker at the same time (a sample can repeat a
                # point) and its results, identical to these, took the place first
                if made_by(directory) != identity:
                    raise
            (sweep_dir / FAILED / f"{key}.json").unlink(missing_ok=True)
            status = "ran"
        except Exception as error:  # recorded, and the sweep goes on
            with contextlib.suppress(OSError):  # a full disk: the job's missing marker says so
                record_failure(sweep_dir, key, text, overrides, error)
            status = "failed"
        if aside is not None:
            if status == "failed":  # the old results stay rather than none
                with contextlib.suppress(OSError):
                    os.rename(aside, directory)
            shutil.rmtree(aside, ignore_errors=True)
    seconds = time.perf_counter() - started
    record = JobRecord(
        number, status, key, overrides, seconds, identity, replaced, settings(config)
    )
    # a job that could leave no marker is counted, and named, at the end of the sweep
    with contextlib.suppress(OSError):
        write_text_atomically(sweep_dir / PROGRESS / f"{number:06d}.json", record.to_json() + "\n")
    return record


def set_aside(directory: Path) -> Path | None:
    """Move another model's results out of the job's folder (to a hidden sibling, deleted once
    the new results are in place), so that the new ones can take its place atomically; None
    if another worker moved them first."""
    aside = directory.with_name(f".{directory.name}.stale-{os.getpid()}")
    try:
        os.rename(directory, aside)
    except FileNotFoundError:
        return None
    return aside


def record_failure(
    sweep_dir: Path, key: str, config_yaml: str, overrides: tuple[str, ...], error: BaseException
) -> Path:
    """Write what failed and why: overrides, the resolved config (its YAML and hash ``key``),
    the error and its traceback."""
    failure = {
        "config_hash": key,
        "overrides": list(overrides),
        "error": f"{type(error).__name__}: {error}",
        "traceback": "".join(traceback.format_exception(error)),
        "config": config_yaml,
    }
    path = Path(sweep_dir) / FAILED / f"{key}.json"
    return write_text_atomically(path, json.dumps(failure, indent=2) + "\n")


def read_records(sweep_dir: Path) -> list[JobRecord]:
    """The job records of the latest launch of the sweep in ``sweep_dir``, in job order."""
    records = []
    for path in sorted((Path(sweep_dir) / PROGRESS).glob("[0-9]*.json")):
        data = json.loads(path.read_text())
        records.append(JobRecord(**{**data, "overrides": tuple(data["overrides"])}))
    return records
