"""Run every scenario over the same replicates, through the sweep machinery.

Jobs are checked before the first runs, cached by config hash and model identity (running the
comparison again skips complete runs made by the same model, reruns those another model made,
and resumes an interrupted one; see :mod:`simulation.sweep.jobs`) and run on every core; the
result is one run table (run x month) labelled by scenario and replicate, with each run's cost.
"""

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from simulation.array_model import ArrayModel
from simulation.experiment.checking import check_jobs
from simulation.experiment.scenario import Scenario
from simulation.planning import uncertainty
from simulation.planning.costs import UnitCosts, run_cost
from simulation.sweep.engine import run_sweep


@dataclass(frozen=True)
class Ensemble:
    """The comparison's runs: ``runs`` (one row per run and month), ``jobs`` (one per run,
    with its config hash, model identity and whether it replaced another model's results),
    ``costs`` (one per run) and the failures, if any."""

    runs: pd.DataFrame
    jobs: pd.DataFrame
    costs: pd.DataFrame
    failed: pd.DataFrame
    configs: dict[str, object]  # scenario -> resolved config of its replicate 0
    draws: pd.DataFrame  # replicate -> the uncertain parameters it ran with (may be empty)


def job_list(
    scenarios: list[Scenario], base: list[str], replicates: int, draws: pd.DataFrame | None = None
) -> list[list[str]]:
    """One job per scenario and replicate, scenario by scenario; replicate ``r`` runs with the
    same draw of the uncertain parameters under every scenario."""
    draws = pd.DataFrame(index=range(replicates)) if draws is None else draws
    return [
        [*base, *uncertainty.overrides(draws, r), *s.overrides, f"replicate={r}"]
        for s in scenarios
        for r in range(replicates)
    ]


def run(
    scenarios: list[Scenario],
    base: list[str],
    replicates: int,
    runs_dir: Path,
    costs: UnitCosts,
    workers: int = -1,
    progress: bool = True,
    draws: pd.DataFrame | None = None,
) -> Ensemble:
    draws = (
        pd.DataFrame(index=pd.RangeIndex(replicates, name="replicate")) if draws is None else draws
    )
    jobs = job_list(scenarios, base, replicates, draws)
    configs = check_jobs(jobs)  # raises ConfigError before anything runs
    labels = [(s.name, r) for s in scenarios for r in range(replicates)]
    records = run_sweep(
        jobs, runs_dir, workers=workers, progress=progress, label="scenarios", configs=configs
    )
    table = pd.DataFrame(
        {
            "job": [r.number for r in records],
            "scenario": [labels[r.number][0] for r in records],
            "replicate": [labels[r.number][1] for r in records],
            "config_hash": [r.config_hash for r in records],
            "model_identity": [r.model_identity for r in records],
            "status": [r.status for r in records],
            "replaced": [r.replaced for r in records],
            "seconds": [r.seconds for r in records],
        }
    )
    series = pd.read_parquet(Path(runs_dir) / "timeseries.parquet")
    # the sweep's parameter columns come before config_hash; month and indicators after it
    monthly = list(series.columns[series.columns.get_loc("config_hash") + 1 :])
    done = table[table.status != "failed"]
    runs = done[["job", "scenario", "replicate", "config_hash"]].merge(
        series[["config_hash", *monthly]], on="config_hash"
    )
    counts = {}
    rows = []
    for job in done.itertuples():
        config = configs[job.job]
        if job.replicate not in counts:  # the structure depends on the replicate only
            counts[job.replicate] = ArrayModel(config).counts()
        cost = run_cost(config, counts[job.replicate], runs[runs.job == job.job], costs)
        rows.append({"scenario": job.scenario, "replicate": job.replicate, **cost})
    first = {s.name: configs[i * replicates] for i, s in enumerate(scenarios)}
    failed = table[table.status == "failed"]
    return Ensemble(runs, table, pd.DataFrame(rows), failed, first, draws)
