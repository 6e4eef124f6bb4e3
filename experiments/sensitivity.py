"""Global sensitivity analysis of the model with SALib: which parameters matter, for which outcome.

    python experiments/sensitivity.py                       # Morris screening, ~100 runs
    python experiments/sensitivity.py method=sobol          # Sobol' indices, 64 x 11 runs
    python experiments/sensitivity.py method=sobol samples=128 state=bihar workers=2

Settings and the parameter space are in ``configs/sensitivity.yaml``. Writes, in ``output``
(default ``results/sensitivity/<method>/``): ``indices.csv``, ``indices.md``, ``indices.png``,
``design.parquet`` (the sample and each run's outcomes) and ``runs/`` (the runs as a sweep, so
that an interrupted analysis resumes where it stopped). The method is in
``simulation/analysis/sensitivity.py``.
"""

import sys
import time
from pathlib import Path

import pandas as pd
from omegaconf import DictConfig, OmegaConf

from simulation.analysis import sensitivity as sa
from simulation.command_line import chosen, command, setting
from simulation.parameters import ConfigError
from simulation.results import write_atomically
from simulation.sweep.engine import run_sweep
from simulation.sweep.plan import check_jobs

DEFAULT_SAMPLES = {"morris": 10, "sobol": 64}


@command(
    "sensitivity",
    "python experiments/sensitivity.py",
    "global sensitivity analysis (SALib, Morris or Sobol'): which parameters matter",
)
def main(cfg: DictConfig) -> None:
    method = cfg.method
    state, state_settings = chosen("state")  # state=bihar state.context.power_asymmetry=0.7
    try:
        samples = DEFAULT_SAMPLES.get(method, 0)
        if cfg.samples is not None:
            samples = setting(cfg, "samples", int, 2)
        levels = setting(cfg, "levels", int, 2)
        seed = setting(cfg, "seed", int, 0)
        base = [
            f"state={state}",
            *state_settings,
            f"scale={cfg.scale}",
            f"months={cfg.months}",
            f"seed={cfg.seed}",
            f"replicate={cfg.replicate}",
            *cfg.fixed,
        ]
        dims = sa.space(OmegaConf.to_container(cfg.parameters), method)
        x = sa.sample(dims, method, samples, levels, seed)
        jobs = sa.job_overrides(dims, x, base)
        check_jobs(jobs)
    except ConfigError as error:
        print(f"Configuration error: {error}", file=sys.stderr)
        sys.exit(2)

    output = Path(cfg.output)
    print(f"{method}: {len(dims)} parameters, {len(jobs)} runs of {state} into {output}/")
    started = time.perf_counter()
    records = run_sweep(jobs, output / "runs", workers=cfg.workers, progress=cfg.progress)
    failed = [r for r in records if r.status == "failed"]
    if failed:
        print(f"{len(failed)} runs failed (see {output}/runs/failed/); no indices computed.")
        sys.exit(1)
    outcomes = pd.read_parquet(output / "runs" / "jobs.parquet")[list(cfg.outcomes)]
    design = pd.DataFrame(x, columns=[d.key for d in dims]).join(outcomes)
    write_atomically(output / "design.parquet", lambda p: design.to_parquet(p, index=False))
    table = sa.analyse(dims, method, x, outcomes, int(cfg.levels), int(cfg.seed))
    paths = sa.write_outputs(table, method, output)
    print(f"{len(jobs)} runs in {time.perf_counter() - started:.1f} s")
    main_index = "mu_star" if method == "morris" else "ST"
    order = {o: i for i, o in enumerate(cfg.outcomes)}
    top = (
        table.assign(order=table.outcome.map(order))
        .sort_values(["order", main_index], ascending=[True, False])
        .groupby("outcome", sort=False)
        .head(3)
    )
    print(f"\nThe three most influential parameters per outcome ({main_index}):")
    print(top[["outcome", "parameter", main_index, f"{main_index}_conf"]].to_markdown(index=False))
    for name in ("csv", "md", "png"):
        print(f"  {paths[name]}")


if __name__ == "__main__":
    main()
