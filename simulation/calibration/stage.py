"""One stage of the global sensitivity analysis: what the Morris screening and the Sobol stage
share.

Both stages vary behavioural weights over the calibration's prior (:mod:`.prior`: each weight
±50% of its default, ±20% where a source gives it, within its declared range) and simulate every
point of their design on the runs of :data:`TARGETS` (Bihar's status quo, the block models
and the full package), through the calibration's runner, so a stage resumes after an
interruption and gives the same numbers on any number of workers. What differs is only the
design, the indices and their report (:mod:`.screening`, :mod:`.sobol`); this module holds the
rest, once:

* the settings every stage has (:class:`StageSettings`: ``scale``, ``workers``, ``seed``,
  ``output``; ``configs/screening.yaml`` and ``configs/sobol.yaml`` mirror the stages'
  dataclasses) and their checks, with one ``Configuration error:`` line before any run;
* the targets and the prior, and the check of every point's config before any run;
* the runs, and the record a stage keeps of them (date, minutes, workers, runs, its design,
  the model's identity and behaviour fingerprint);
* the atomic publication of ``<output>/<name>/`` and ``<output>/<name>.md``;
* rereading a committed stage, so a test can check that its report is what its files say;
* reading a stage's ``indices.csv`` with one message naming the file and what is missing.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd

from simulation.calibration.prior import Prior
from simulation.calibration.targets import Targets
from simulation.parameters import ConfigError, check_ranges, param

#: The runs and differences both stages measure.
TARGETS = "configs/screening_targets.yaml"
STAGE = "sensitivity stage setting (configs/screening.yaml, configs/sobol.yaml)"


@dataclass
class StageSettings:
    """What every stage of the sensitivity analysis takes; a stage adds its design's size."""

    scale: float = param(
        0.1, 0, 1, low_open=True, doc="share of each district's blocks simulated", evidence=STAGE
    )
    workers: int = param(
        0, 0, 1024, doc="processes; 0 = every available core", evidence=STAGE
    )  # fmt: skip
    seed: int = param(2024, 0, 2**32 - 1, doc="seed of the design and of every run", evidence=STAGE)
    output: str = field(
        default="results",
        metadata={"doc": "folder of the stage's report and data folder", "evidence": STAGE},
    )
    progress: bool = field(default=True, metadata={"doc": "show a progress bar", "evidence": STAGE})

    def check(self):
        """Raise :class:`ConfigError` naming the key, the value and what is allowed."""
        check_ranges(self)
        return self


def inputs() -> tuple[Targets, Prior]:
    """The stage's targets and the calibration's prior around this model's defaults. Raises
    :class:`ConfigError` naming the file and key."""
    from simulation.calibration.prior import build_prior, calibrated_keys
    from simulation.calibration.settings import Settings
    from simulation.calibration.targets import load_targets
    from simulation.config import load_config
    from simulation.config_folder import project_file
    from simulation.experiment.scenario import lookup

    targets = load_targets(project_file(TARGETS), 120, require_fitted=False)
    base = load_config(["progress=false"])
    defaults = {k: lookup(base, k) for k in calibrated_keys()}
    calibration = Settings()  # the calibration's prior spreads, as it declares them
    prior = build_prior(defaults, calibration.spread_assumption, calibration.spread_sourced, {})
    return targets, prior


@dataclass(frozen=True)
class Runs:
    """A stage's simulated design: the run table (one row per point), each point's values of
    the targets' differences, the runner's record, and the wall-clock minutes."""

    table: pd.DataFrame
    values: pd.DataFrame
    info: dict
    minutes: float
    identity: str


def simulate_design(
    name: str,
    targets: Targets,
    prior: Prior,
    points: np.ndarray,
    settings: StageSettings,
    chunk: int,
    replicates: np.ndarray | None = None,
) -> Runs:
    """Every point of the design on the targets' runs, each point's config checked before any
    run (a point that makes an invalid config is refused, naming it). ``replicates`` gives each
    point's random streams (by default point ``i`` runs replicate ``i``)."""
    from simulation.calibration import abc
    from simulation.calibration.settings import Settings
    from simulation.calibration.simulate import check_draws, simulate
    from simulation.command_line import refuse
    from simulation.identity import model_identity

    runner = Settings(
        draws=len(points),
        accept=2,
        scale=settings.scale,
        seed=settings.seed,
        workers=settings.workers,
        chunk=chunk,
        progress=settings.progress,
    )
    try:
        check_draws(targets, prior, runner, points)
    except ConfigError as error:
        refuse(str(error))
    identity = model_identity()
    started = time.perf_counter()
    table, info = simulate(
        targets,
        prior,
        runner,
        Path(settings.output),
        identity,
        points,
        label=name,
        replicates=replicates,
    )
    minutes = (time.perf_counter() - started) / 60.0
    return Runs(table, abc.target_values(table, targets), info, minutes, identity)


def record(runs: Runs, settings: StageSettings, **design) -> dict:
    """What a stage's ``meta.json`` says of its runs: when, how long, on how many workers, how
    many runs, its design, and which model (identity and behaviour fingerprint) made them."""
    from simulation.behaviour import behaviour_fingerprint
    from simulation.experiment.evaluate import available_workers

    return {
        "date": date.today().isoformat(),
        "minutes": round(runs.minutes, 1),
        "workers": settings.workers or available_workers(),
        "runs": runs.info["record"]["runs"],
        **design,
        "scale": settings.scale,
        "seed": settings.seed,
        "model_identity": runs.identity,
        "behaviour_fingerprint": behaviour_fingerprint(),
    }


def publish(
    name: str,
    settings: StageSettings,
    folder,
    runs: Runs,
    result: pd.DataFrame,
    meta: dict,
    figure,
    report: str,
) -> None:
    """Write ``<output>/<name>/`` (run table, indices, meta, figure) and ``<output>/<name>.md``,
    neither ever half-written; then remove the runner's progress and say where the report is."""
    from simulation.calibration.simulate import clean_up
    from simulation.output_folder import publishing

    output = Path(settings.output)
    with publishing(output, folder, f"{name}.md") as (data, text):
        runs.table.to_parquet(data / "runs.parquet", index=False)
        result.to_csv(data / "indices.csv", index=False, float_format="%.6g")
        (data / "meta.json").write_text(json.dumps(meta, indent=2) + "\n")
        figure.savefig(data / "indices.png", dpi=90, metadata={"Software": None})
        text.write_text(report)
    clean_up(runs.info)
    print(f"{meta['runs']} runs in {runs.minutes:.1f} min; report: {output / f'{name}.md'}")


def reread(
    output: Path | str,
    name: str,
    render: Callable[[pd.DataFrame, Targets, dict, pd.DataFrame], str],
) -> tuple[str, str]:
    """(a committed stage's report, the report rendered again from its indices and runs)."""
    from simulation.calibration import abc
    from simulation.calibration.targets import load_targets
    from simulation.config_folder import project_file

    output = Path(output)
    targets = load_targets(project_file(TARGETS), 120, require_fitted=False)
    meta = json.loads((output / name / "meta.json").read_text())
    result = pd.read_csv(output / name / "indices.csv")
    values = abc.target_values(pd.read_parquet(output / name / "runs.parquet"), targets)
    return (output / f"{name}.md").read_text(), render(result, targets, meta, values)


def read_indices(
    path: Path, columns: set[str], numeric: tuple[str, ...], source: str, allowed: str
) -> pd.DataFrame:
    """A stage's ``indices.csv``, its ``numeric`` columns as numbers. A file that cannot be
    read, lacks one of ``columns`` or holds a value that is not a number in a ``numeric`` one is
    a :class:`ConfigError` starting with ``source`` (the option and value that named the file),
    naming what is wrong (column and row), and saying what is ``allowed``."""
    try:
        table = pd.read_csv(path)
    except (OSError, ValueError) as error:
        raise ConfigError(f"{source} cannot be read ({error}); allowed: {allowed}") from None
    missing = columns - set(table.columns)
    if missing:
        raise ConfigError(f"{source}: no column {sorted(missing)}; allowed: {allowed}")
    for column in numeric:
        values = pd.to_numeric(table[column], errors="coerce")
        if values.isna().any():
            row = int(values.isna().to_numpy().nonzero()[0][0])
            raise ConfigError(
                f"{source}: column {column}, row {row + 2}: {table[column].iloc[row]!r} is not "
                f"a number; allowed: {allowed}"
            )
        table[column] = values
    return table
