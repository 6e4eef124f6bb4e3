"""Gathering a sweep's jobs into tables a researcher can query, and a summary per condition.

When a sweep ends, its jobs' results become, in the sweep directory:

- ``timeseries.parquet``: one row per job per month, every indicator, with each swept
  parameter as a column (``state``, ``interventions.training``, ``replicate``, ...);
- ``jobs.parquet``, the run table: one row per job: the swept parameters, status (``ran``,
  ``skipped`` because it was complete already, ``failed``), its config hash and model
  identity (the model that made its results, :mod:`simulation.identity`), its settings
  whether swept or not (``state``, ``scale``, ``months``, ``seed``, ``replicate``:
  :data:`~simulation.sweep.jobs.SETTINGS`), the error of a failed job (text, null for the
  others), and the mean of every indicator over the last twelve months;
- ``conditions.csv`` and ``conditions.md``: per condition (a combination of the parameters
  other than ``replicate`` and ``seed``), the number of replicates and the mean and 95%
  interval of each headline outcome (:func:`simulation.statistics.t_interval`: Student's t
  over replicates, kept inside the range the outcome can take; none from fewer than three
  replicates).

Each swept parameter is one column of one type (:func:`parameter_column`): a key swept over
``null`` and numbers is a nullable integer or float column, not text.

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

from simulation.escaping import markdown_text
from simulation.experiment.scenario import REPLICATE_KEYS, override_key
from simulation.indicators import HEADLINE, bounds
from simulation.output_folder import write_atomically, write_text_atomically
from simulation.statistics import MIN_REPLICATES, t_interval
from simulation.sweep.jobs import FAILED, JOBS, SETTINGS, JobRecord, read_records

#: The outcomes of the condition summary: the indicators a policy reader looks at first.
OUTCOMES = HEADLINE
#: Overrides that change how a run is shown or where it is written, not what it computes.
PRESENTATION_KEYS = ("progress", "output_dir", "overwrite")
#: Months at the end of a run whose mean is a job's outcome.
LAST_MONTHS = 12


def parameters(overrides: tuple[str, ...] | list[str]) -> dict[str, object]:
    """The parameter columns of a job: each override's key and its value, typed as in YAML
    (``null`` is None; a list or mapping stays as its text)."""
    out = {}
    for override in overrides:
        key, _, text = override.partition("=")
        try:
            value = yaml.safe_load(text)
        except yaml.YAMLError:
            value = text
        if override_key(key) in PRESENTATION_KEYS:
            continue
        scalar = value is None or isinstance(value, (int, float, str, bool))
        out[override_key(key)] = value if scalar else text
    return out


def parameter_column(values: pd.Series) -> pd.Series:
    """A parameter's column with one type Parquet, pandas and DuckDB read as such.

    Values of one type keep it; with nulls among them (``key=null,36``), numbers become a
    nullable integer (``Int64``) or float (``Float64``) column and true/false a nullable
    boolean one; numbers mixed with text (``key=none,0.5``) are all written as text."""
    present = [v for v in values if v is not None and not (isinstance(v, float) and v != v)]
    kinds = {int if type(v) is not bool and isinstance(v, int) else type(v) for v in present}
    missing = len(present) < len(values)
    if not present or (len(kinds) == 1 and not missing and kinds != {bool}):
        return pd.Series(values.tolist(), index=values.index)  # as pandas types it
    if kinds == {bool}:
        return values.astype("boolean")
    if kinds == {int}:
        return values.astype("Int64")
    if kinds <= {int, float}:
        return values.astype("Float64")
    return values.map(lambda v: v if v is None or isinstance(v, str) else _text(v))


def _text(value: object) -> str:
    """A value as YAML writes it (``true``, ``0.5``), for a column of text."""
    return yaml.safe_dump(value).removesuffix("\n...\n").strip()


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
        row |= {
            "status": record.status,
            "config_hash": record.config_hash,
            "model_identity": record.model_identity,
        }
        row |= {k: record.settings.get(k) for k in SETTINGS if k not in row}
        row["error"] = None
        if record.status == "failed":
            row["error"] = _failure(sweep_dir, record)
        else:
            frame = frames[record.number]
            row |= frame.drop(columns="month").iloc[-LAST_MONTHS:].mean().to_dict()
        rows.append(row)
    jobs = pd.DataFrame(rows)
    settings = [k for k in SETTINGS if k not in swept_keys(jobs)]
    for key in [*swept_keys(jobs), *settings]:  # typed from the values (pandas makes null NaN)
        jobs[key] = parameter_column(pd.Series([row.get(key) for row in rows], dtype=object))
    jobs["error"] = jobs["error"].astype("string")  # text, even when no job failed
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


#: What a table says instead of an interval from fewer than :data:`MIN_REPLICATES` values.
TOO_FEW = "too few replicates"
#: How the intervals are made, for the tables' legends.
INTERVAL_LEGEND = (
    "Intervals: Student's t over replicates; where that would leave the range an outcome can "
    "take (shares 0-1, sector breadth 0-5, GP phase 0-4, gaps -1 to 1; BOUNDS in "
    "simulation/indicators.py), Student's t on the logit scale of that range, so the interval "
    f"stays inside it. No interval from fewer than {MIN_REPLICATES} replicates ({TOO_FEW})."
)


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
            values = group[outcome].to_numpy(dtype=float)
            mean, low, high = t_interval(values, bounds(outcome))
            row |= {outcome: mean, f"{outcome}_low": low, f"{outcome}_high": high}
        rows.append(row)
    return pd.DataFrame(rows)


def summary_markdown(summary: pd.DataFrame, outcomes=OUTCOMES) -> str:
    """The condition summary as a Markdown table: ``mean [low, high]`` per outcome."""
    outcomes = [o for o in outcomes if o in summary.columns]
    keys = list(summary.columns[: summary.columns.get_loc("replicates")])
    table = summary[[*keys, "replicates"]].astype({k: object for k in keys})
    table[keys] = table[keys].where(table[keys].notna(), "null")
    for key in keys:  # the user's swept keys and values, as text only (simulation.escaping)
        table[key] = table[key].map(lambda v: markdown_text(v) if isinstance(v, str) else v)
    table = table.rename(columns={key: markdown_text(key) for key in keys})
    cells = {}
    for o in outcomes:
        low, high = summary[f"{o}_low"], summary[f"{o}_high"]
        cells[o] = [
            f"{m:.3f} [{lo:.3f}, {hi:.3f}]" if np.isfinite(lo) else _without_interval(m, n)
            for m, lo, hi, n in zip(summary[o], low, high, summary.replicates, strict=True)
        ]
    # all at once: a sweep over many keys (the comparison's posterior draws) has many columns
    table = pd.concat([table, pd.DataFrame(cells, index=table.index)], axis=1)
    return table.to_markdown(index=False)


def _without_interval(mean: float, replicates: int) -> str:
    return f"{mean:.3f} ({TOO_FEW})" if replicates < MIN_REPLICATES else f"{mean:.3f}"


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
        f"replicates. {INTERVAL_LEGEND}\n\n"
    )
    write_text_atomically(paths["conditions_md"], heading + summary_markdown(summary) + "\n")
    return summary
