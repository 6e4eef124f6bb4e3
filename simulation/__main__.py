"""Command line: ``python -m simulation [key=value ...]`` runs one simulation and writes results.

Examples::

    python -m simulation
    python -m simulation state=kerala scale=0.2 seed=7 interventions.training=pdia
    python -m simulation interventions=recommended months=60
    python -m simulation --cfg job          # print the resolved config and exit
    python -m simulation output_dir=results/mine overwrite=true   # replace an earlier run there

Results go to ``output_dir``, which must be new, empty or (with ``overwrite=true``) an earlier
run of this command; without ``output_dir``, to a new folder under ``results/runs/`` named by
the config (``-2``, ``-3``, ... if that is taken). Nothing the project did not write is ever
replaced (see ``simulation/output_folder.py``).

With ``-m`` (Hydra's multirun) it runs a sweep, one job per combination, on every local core::

    python -m simulation -m state=kerala,bihar interventions.training=none,didactic,pdia \
        replicate='range(20)'
    python -m simulation -m sweep=training_by_state       # a sweep file in configs/sweep/

Each job writes to ``<sweep dir>/jobs/<config hash>/``; when the sweep ends its results are
gathered into tables (see ``simulation/sweep/``).

Exit status 0 when done, 2 when the input is refused before any work (one line starting
``Configuration error:``), 1 when a run or a write fails (``Error:``): see
``simulation/command_line.py``.
"""

import sys
import time

from hydra.core.hydra_config import HydraConfig
from hydra.types import RunMode
from omegaconf import DictConfig
from omegaconf.errors import OmegaConfBaseException

from simulation.command_line import command, describe, refuse
from simulation.config import to_run_config
from simulation.indicators import HEADLINE
from simulation.parameters import ConfigError


@command(
    "config",
    "python -m simulation",
    "one run of the model (with -m, a sweep: one job per combination)",
)
def main(cfg: DictConfig) -> None:
    try:
        config = to_run_config(cfg)
    except ConfigError as error:
        refuse(str(error))
    except OmegaConfBaseException as error:  # raised after Hydra composed the config
        refuse(describe(error))

    hydra_config = HydraConfig.get()
    if hydra_config.mode == RunMode.MULTIRUN:
        from simulation.sweep.jobs import run_sweep_job

        run_sweep_job(
            config, hydra_config.overrides.task, hydra_config.sweep.dir, hydra_config.job.num
        )
        return

    from simulation.output_folder import claim, write_error
    from simulation.results import choose_run_directory, write_run
    from simulation.run import run

    directory = choose_run_directory(config, cfg.overwrite)
    # before the run: a folder in use, unwritable or full is refused
    folder = claim(directory, "run", overwrite=cfg.overwrite)
    started = time.perf_counter()
    result = run(config)
    try:
        directory = write_run(result, directory, claim=folder)
    except OSError as error:
        print(write_error(error, directory), file=sys.stderr)
        sys.exit(1)
    seconds = time.perf_counter() - started

    counts = result.counts
    print(
        f"\n{config.state.name}: {counts['districts']} districts, {counts['blocks']} blocks, "
        f"{counts['GramPanchayat']} Gram Panchayats, {counts['ties']} ties; "
        f"{config.months} months in {seconds:.1f} s"
    )
    final = result.summary()["last_year_mean"]
    print("Mean over the last 12 months:")
    for key in HEADLINE:
        print(f"  {key:28s} {final[key]:.3f}")
    print(f"\nResults in {directory}/")
    for name in ("timeseries.parquet", "timeseries.csv"):
        print(f"  {name:20s} one row per month, one column per indicator")
    print(f"  {'summary.json':20s} final and last-year values, sizes, seeds")
    print(f"  {'config.yaml':20s} the exact resolved config")
    print(f"  {'indicators.png':20s} figure of the main indicators over time")
    print(f"  {'districts.csv':20s} where each district ended: its committee, its blocks")
    print(f"  {'blocks.csv':20s} where each simulated block ended, by name")


if __name__ == "__main__":
    main()
