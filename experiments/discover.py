"""Scenario discovery (PRIM) on a sweep: where does collaboration collapse or never take off?

    python -m simulation -m sweep=collapse                  # the sweep (384 runs, ~4 min)
    python experiments/discover.py                          # boxes for results/sweeps/collapse
    python experiments/discover.py sweep_dir=results/sweeps/block_models below=null \\
        above=0.9 outcome=name_sake_share                   # where meetings are for name's sake

Settings are in ``configs/discover.yaml``. Writes ``boxes.md``, ``boxes.csv``,
``trajectory.csv`` and ``boxes.png`` to ``output`` (default ``<sweep_dir>/discovery/``). The
method is in ``simulation/analysis/discovery.py``. A partial discovery (an outcome, threshold or
PRIM setting other than ``configs/discover.yaml``'s, see :func:`partial`) writes, unless
``output`` is given, to a new folder of ``results/scratch/``, never over a sweep's
``discovery/`` (``results/sweeps/collapse/discovery/`` is committed); its ``boxes.md`` says at
the top that it is partial.
"""

from pathlib import Path

import pandas as pd
from omegaconf import DictConfig

from simulation import output_folder
from simulation.analysis import discovery
from simulation.analysis.figures import discovery_figure
from simulation.command_line import command, setting
from simulation.output_folder import write_atomically, write_text_atomically
from simulation.parameters import ConfigError
from simulation.scratch import Difference, Setting, differences, full_study, study_folder

#: The settings of the committed discovery; the sweep it reads is not one of them.
STUDY_KEYS = ("outcome", "below", "above", "boxes", "min_density", "peel_alpha")


def partial(cfg: DictConfig, full: DictConfig) -> list[Difference]:
    """How a discovery differs from the default one (empty: it is the default one).

    The one rule of what ``<sweep_dir>/discovery/`` may be replaced by: the outcome,
    threshold and PRIM settings of ``configs/discover.yaml``, on any sweep.
    """
    rules = [Setting(k, full[k]) for k in STUDY_KEYS]
    return differences({k: cfg[k] for k in STUDY_KEYS}, rules)


def read_jobs(table: Path) -> pd.DataFrame:
    """The sweep's job table, or a :class:`ConfigError` naming the file, saying it is not a
    readable table and which command writes it again (the sweep, run again in its folder,
    skips the jobs already done and rebuilds its tables from ``jobs/``)."""
    try:
        return pd.read_parquet(table)
    except (OSError, ValueError) as error:  # pyarrow's ArrowInvalid is a ValueError
        raise ConfigError(
            f"{table} is not a readable table ({type(error).__name__}: "
            f"{str(error).splitlines()[0] if str(error) else 'unreadable'}); allowed: a sweep's "
            f"job table, written again by running its sweep again: {_sweep_command(table.parent)}"
        ) from None


def _sweep_command(sweep_dir: Path) -> str:
    """The command that made the sweep in ``sweep_dir`` (from its ``multirun.yaml``)."""
    overrides = ["..."]
    try:
        from omegaconf import OmegaConf

        overrides = list(OmegaConf.load(sweep_dir / "multirun.yaml").hydra.overrides.task)
    except Exception:  # no or an unreadable multirun.yaml: the general form
        pass
    return f"python -m simulation -m {' '.join(overrides)} hydra.sweep.dir={sweep_dir}"


@command(
    "discover",
    "python experiments/discover.py",
    "scenario discovery (PRIM) on a finished sweep: where do runs fail?",
)
def main(cfg: DictConfig) -> None:
    table = Path(cfg.sweep_dir) / "jobs.parquet"
    setting(cfg, "boxes", int, 1)
    min_density = setting(cfg, "min_density", float, 0, 1)
    peel_alpha = setting(cfg, "peel_alpha", float, 0, 0.5)
    if min_density <= 0 or not 0 < peel_alpha < 0.5:
        raise ConfigError(
            f"min_density = {cfg.min_density}, peel_alpha = {cfg.peel_alpha}, boxes = "
            f"{cfg.boxes}; allowed: min_density in (0, 1], peel_alpha in (0, 0.5), boxes >= 1"
        )
    if not table.is_file():
        raise ConfigError(
            f"sweep_dir = {cfg.sweep_dir!r} holds no jobs.parquet; allowed: the directory "
            "of a finished sweep (python -m simulation -m ...)"
        )
    jobs, y = discovery.failures(read_jobs(table), cfg.outcome, cfg.below, cfg.above)
    x = discovery.inputs(jobs)
    found = partial(cfg, full_study("discover"))
    output = study_folder("discover", cfg.output, found)
    # never replace what this project did not write
    claim = output_folder.claim(output, "discovery", overwrite=True, option="output")

    side = f"below {cfg.below}" if cfg.below is not None else f"above {cfg.above}"
    description = f"{cfg.outcome} (last-year mean) {side}"
    boxes, trajectory = discovery.discover(
        x, y, boxes=cfg.boxes, min_density=cfg.min_density, peel_alpha=cfg.peel_alpha
    )
    claim.record(["boxes.md", "boxes.csv", "trajectory.csv", "boxes.png"])
    text = discovery.report(boxes, y, description, [d.describe() for d in found])
    write_text_atomically(output / "boxes.md", text)
    limits = pd.concat(
        [
            b.limits.assign(box=i, coverage=b.coverage, density=b.density)
            for i, b in enumerate(boxes, start=1)
        ]
        or [pd.DataFrame()],
        ignore_index=True,
    )
    write_atomically(output / "boxes.csv", lambda p: limits.to_csv(p, index=False))
    write_atomically(output / "trajectory.csv", lambda p: trajectory.to_csv(p, index=False))
    if boxes:
        figure = discovery_figure(
            trajectory, [b.limits for b in boxes], f"Where {description}: PRIM boxes"
        )
        write_atomically(
            output / "boxes.png",
            lambda p: figure.savefig(p, format="png", dpi=100, metadata={"Software": None}),
        )
    print(text)
    print(f"Written to {output}/ (boxes.md, boxes.csv, trajectory.csv, boxes.png)")


if __name__ == "__main__":
    main()
