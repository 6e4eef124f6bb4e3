"""Global sensitivity analysis of the model with SALib: which parameters matter, for which outcome.

    python experiments/sensitivity.py                       # Morris screening, ~100 runs
    python experiments/sensitivity.py method=sobol          # Sobol' indices, 64 x 11 runs
    python experiments/sensitivity.py method=sobol samples=128 state=bihar workers=2

Settings and the parameter space are in ``configs/sensitivity.yaml``. Writes, in ``output``
(default ``results/sensitivity/<method>/``): ``indices.csv``, ``indices.md``, ``indices.png``,
``design.parquet`` (the sample and each run's outcomes) and ``runs/`` (the runs as a sweep, so
that an interrupted analysis resumes where it stopped). The method is in
``simulation/analysis/sensitivity.py``.

A partial analysis (settings other than ``configs/sensitivity.yaml``'s, see :func:`partial`,
e.g. fewer samples, shorter runs or another state) writes, unless ``output`` is given, to a new
folder of ``results/scratch/``, never over ``results/sensitivity/<method>/``; its
``indices.md`` says at the top that it is partial.
"""

import sys
import time

import pandas as pd
from omegaconf import DictConfig, OmegaConf

from simulation import output_folder
from simulation.analysis import sensitivity as sa
from simulation.command_line import chosen, command, setting
from simulation.experiment.checking import check_jobs
from simulation.indicators import INDICATORS
from simulation.output_folder import write_atomically
from simulation.parameters import ConfigError
from simulation.scratch import Difference, Setting, differences, full_study, study_folder
from simulation.sweep.engine import run_sweep

DEFAULT_SAMPLES = {"morris": 10, "sobol": 64}
#: Settings of the committed analysis of each method (besides samples: at least the default).
STUDY_KEYS = ("levels", "seed", "replicate", "scale", "months", "fixed", "outcomes")


def partial(cfg: DictConfig, full: DictConfig, state_settings: list[str]) -> list[Difference]:
    """How an analysis differs from the committed one of its method (empty: it is that one).

    The one rule of what ``results/sensitivity/<method>/`` may be replaced by: at least the
    default samples, and the default levels, seed, replicate, state (with its own settings),
    scale, months, fixed overrides, outcomes (any order) and parameter space of
    ``configs/sensitivity.yaml``.
    """

    def values(c: DictConfig, changed: list[str]) -> dict:
        out = {"samples": int(c.samples or DEFAULT_SAMPLES.get(c.method, 0))}
        out |= {k: OmegaConf.to_container(c[k]) if k in ("fixed",) else c[k] for k in STUDY_KEYS}
        out["outcomes"] = sorted(map(str, c.outcomes))
        out["parameters"] = OmegaConf.to_container(c.parameters)
        out["state"] = str(c.state.name)
        out["state settings"] = sorted(changed)
        return out

    defaults = values(full, [])
    rules = [Setting(k, v, at_least=k == "samples") for k, v in defaults.items()]
    return differences(values(cfg, state_settings), rules)


def check_outcomes(outcomes) -> None:
    """Refuse ``outcomes`` unless it is a non-empty list of the model's indicators (each run's
    table has one column per indicator: anything else could only fail after every run)."""
    names = list(outcomes) if OmegaConf.is_list(outcomes) else None
    unknown = [str(o) for o in names or [] if str(o) not in INDICATORS]
    if not names or unknown:
        shown = ", ".join(unknown) if unknown else repr(outcomes)
        raise ConfigError(
            f"outcomes = {shown} is not allowed; allowed: a list of the model's indicators "
            f"(simulation/indicators.py): {', '.join(INDICATORS)}"
        )


@command(
    "sensitivity",
    "python experiments/sensitivity.py",
    "global sensitivity analysis (SALib, Morris or Sobol'): which parameters matter",
)
def main(cfg: DictConfig) -> None:
    method = cfg.method
    state, state_settings = chosen("state")  # state=bihar state.context.power_asymmetry=0.7
    samples = DEFAULT_SAMPLES.get(method, 0)
    if cfg.samples is not None:
        samples = setting(cfg, "samples", int, 2)
    levels = setting(cfg, "levels", int, 2)
    seed = setting(cfg, "seed", int, 0)
    check_outcomes(cfg.outcomes)
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
    found = partial(cfg, full_study("sensitivity", [f"method={method}"]), state_settings)
    output = study_folder(f"sensitivity-{method}", cfg.output, found)
    # never replace what this project did not write
    claim = output_folder.claim(output, "sensitivity", overwrite=True, option="output")

    claim.record(["design.parquet", "indices.csv", "indices.md", "indices.png", "runs/"])
    if found:
        print(f"Partial analysis ({'; '.join(d.describe() for d in found)})")
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
    paths = sa.write_outputs(table, method, output, [d.describe() for d in found])
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
