"""Gathering a sweep's jobs into tables a researcher can query, and a summary per condition.

When a sweep ends, its jobs' results become, in the sweep directory:

- ``timeseries.parquet``: one row per job per month, every indicator, with each swept
  parameter as a column (``state``, ``interventions.training``, ``replicate``, ...);
- ``jobs.parquet``: one row per job: the parameters, status (``ran``, ``skipped`` because it
  was complete already, ``failed``), the error of a failed job, and the mean of every indicator
  over the last twelve months;
- ``conditions.csv`` and ``conditions.md``: per condition (a combination of the parameters
  other than ``replicate`` and ``seed``), the number of replicates and the mean and 95%
  interval (Student's t over replicates) of each headline outcome.

Rows are in job order, so the tables are the same whatever launcher or number of workers ran
the jobs. Each file is written atomically.
"""

from __future__ import annotations

import json
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow.parquet as pq
import yaml
from scipy import special

from simulation.escaping import markdown_text
from simulation.indicators import HEADLINE
from simulation.results import write_atomically, write_text_atomically
from simulation.sweep.jobs import FAILED, JOBS, JobRecord, read_records
from simulation.sweep.plan import REPLICATE_KEYS, override_key

#: The outcomes of the condition summary: the indicators a policy reader looks at first.
OUTCOMES = HEADLINE
#: Overrides that change how a run is shown or where it is written, not what it computes.
PRESENTATION_KEYS = ("progress", "output_dir")
#: Months at the end of a run whose mean is a job's outcome.
LAST_MONTHS = 12


def parameters(overrides: tuple[str, ...] | list[str]) -> dict[str, object]:
    """The parameter columns of a job: each override's key and its value, typed as in YAML."""
    out = {}
    for override in overrides:
        key, _, text = override.partition("=")
        try:
            value = yaml.safe_load(text)
        except yaml.YAMLError:
            value = text
        if override_key(key) in PRESENTATION_KEYS:
            continue
        out[override_key(key)] = value if isinstance(value, (int, float, str, bool)) else text
    return out


def _failure(sweep_dir: Path, record: JobRecord) -> str:
    path = sweep_dir / FAILED / f"{record.config_hash}.json"
    return json.loads(path.read_text())["error"] if path.is_file() else "unknown"


def gather(sweep_dir: Path) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The sweep's run table (job x month) and job table (one row per job), in job order."""
    sweep_dir = Path(sweep_dir)
    records = read_records(sweep_dir)
    done = [r for r in records if r.status != "failed"]
    paths = [sweep_dir / JOBS / r.config_hash / "timeseries.parquet" for r in done]
    with ThreadPoolExecutor(max_workers=4) as pool:  # Parquet reading releases the GIL
        frames = dict(zip((r.number for r in done), pool.map(_read_table, paths), strict=True))
    rows = []
    for record in records:
        row = {"job": record.number, **parameters(record.overrides)}
        row |= {"status": record.status, "config_hash": record.config_hash, "error": None}
        if record.status == "failed":
            row["error"] = _failure(sweep_dir, record)
        else:
            frame = frames[record.number]
            row |= frame.drop(columns="month").iloc[-LAST_MONTHS:].mean().to_dict()
        rows.append(row)
    jobs = pd.DataFrame(rows)
    if not frames:
        return pd.DataFrame(), jobs
    series = pd.concat(frames.values(), ignore_index=True)
    lengths = [len(f) for f in frames.values()]
    key_columns = [*jobs.columns[: jobs.columns.get_loc("status")], "config_hash"]
    keys = jobs.loc[jobs.status != "failed", key_columns]
    keys = keys.loc[keys.index.repeat(lengths)].reset_index(drop=True)
    runs = pd.concat([keys, series], axis=1)
    return runs, jobs


def _read_table(path: Path) -> pd.DataFrame:
    return pq.read_table(path).to_pandas()


def swept_keys(jobs: pd.DataFrame) -> list[str]:
    """The parameter columns of a job table, in the order they were given."""
    first = jobs.columns.get_loc("status")
    return list(jobs.columns[1:first])


def varied_keys(jobs: pd.DataFrame) -> list[str]:
    """The parameter columns that take more than one value in the sweep: its conditions."""
    return [k for k in swept_keys(jobs) if jobs[k].nunique(dropna=False) > 1]


def t_interval(x: np.ndarray) -> tuple[float, float, float]:
    """Mean and Student-t 95% interval (NaN bounds with fewer than two values).

    The t quantile is scipy.special's ``stdtrit``, the very function ``scipy.stats.t.ppf``
    calls: importing scipy.stats would cost every command-line run a second, since Hydra
    builds the sweep callback (which imports this module) for single runs too."""
    x = np.asarray(x, dtype=float)
    mean = float(x.mean())
    if len(x) < 2:
        return mean, np.nan, np.nan
    half = special.stdtrit(len(x) - 1, 0.975) * x.std(ddof=1) / np.sqrt(len(x))
    return mean, mean - half, mean + half


def condition_summary(jobs: pd.DataFrame, outcomes=OUTCOMES) -> pd.DataFrame:
    """Mean and 95% interval of each outcome per condition, over its completed replicates."""
    done = jobs[jobs.status != "failed"]
    keys = [k for k in varied_keys(jobs) if k not in REPLICATE_KEYS]
    outcomes = [o for o in outcomes if o in done.columns]
    groups = done.groupby(keys, sort=False, dropna=False) if keys else [((), done)]
    rows = []
    for values, group in groups:
        values = values if isinstance(values, tuple) else (values,)
        row = dict(zip(keys, values, strict=True)) | {"replicates": len(group)}
        for outcome in outcomes:
            mean, low, high = t_interval(group[outcome].to_numpy(dtype=float))
            row |= {outcome: mean, f"{outcome}_low": low, f"{outcome}_high": high}
        rows.append(row)
    return pd.DataFrame(rows)


def summary_markdown(summary: pd.DataFrame, outcomes=OUTCOMES) -> str:
    """The condition summary as a Markdown table: ``mean [low, high]`` per outcome."""
    outcomes = [o for o in outcomes if o in summary.columns]
    keys = list(summary.columns[: summary.columns.get_loc("replicates")])
    table = summary[[*keys, "replicates"]].copy()
    for key in keys:  # the user's swept keys and values, as text only (simulation.escaping)
        if not pd.api.types.is_numeric_dtype(table[key]):
            table[key] = table[key].map(lambda v: markdown_text(v) if isinstance(v, str) else v)
    table = table.rename(columns={key: markdown_text(key) for key in keys})
    for o in outcomes:
        low, high = summary[f"{o}_low"], summary[f"{o}_high"]
        table[o] = [
            f"{m:.3f} [{lo:.3f}, {hi:.3f}]" if np.isfinite(lo) else f"{m:.3f}"
            for m, lo, hi in zip(summary[o], low, high, strict=True)
        ]
    return table.to_markdown(index=False)


def write_tables(sweep_dir: Path) -> pd.DataFrame:
    """Gather the sweep in ``sweep_dir``, write its tables there; return the condition summary."""
    sweep_dir = Path(sweep_dir)
    runs, jobs = gather(sweep_dir)
    summary = condition_summary(jobs)
    paths = {
        "timeseries": sweep_dir / "timeseries.parquet",
        "jobs": sweep_dir / "jobs.parquet",
        "conditions_csv": sweep_dir / "conditions.csv",
        "conditions_md": sweep_dir / "conditions.md",
    }
    write_atomically(paths["timeseries"], lambda p: runs.to_parquet(p, index=False))
    write_atomically(paths["jobs"], lambda p: jobs.to_parquet(p, index=False))
    write_atomically(paths["conditions_csv"], lambda p: summary.to_csv(p, index=False))
    heading = (
        f"# Sweep {sweep_dir.name}: outcomes per condition\n\n"
        f"Mean of the last {LAST_MONTHS} months of each run; mean [95% interval] over "
        "replicates (Student's t).\n\n"
    )
    write_text_atomically(paths["conditions_md"], heading + summary_markdown(summary) + "\n")
    return summary
