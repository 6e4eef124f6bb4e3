"""Simulating the prior draws: every draw on every run the targets read, chunk by chunk.

Draw ``i`` sets every behavioural weight to its value in row ``i`` of the prior's Latin
hypercube and runs each of the target file's runs with ``replicate = i`` (so draws differ in
their random streams too, as an ABC of a stochastic model needs). Runs of one draw that come
out as the same config (a pattern's base condition that is also a state's status quo) run once.

Draws go through the experiment layer (:func:`simulation.experiment.evaluate.evaluate`) ``chunk``
at a time; each finished chunk is written at once, atomically, to a progress folder beside the
output, named by a key of everything that decides its numbers (the model's identity, the target
file's runs and windows, the prior, the settings). A rerun after an interruption reuses every
finished chunk of the same key, so no finished draw is lost; a chunk of another model or plan is
never reused. Results do not depend on the number of workers (each run is fully determined by
its config).
"""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import numpy as np
import pandas as pd

from simulation.calibration.prior import Prior
from simulation.calibration.settings import Settings
from simulation.calibration.targets import Targets
from simulation.config_folder import shown
from simulation.parameters import ConfigError

PROGRESS = ".calibration-progress-"


def column(window: tuple[str, str, int, int]) -> str:
    """The run table's column of one mean: ``run|indicator|first-last``."""
    run, indicator, first, last = window
    return f"{run}|{indicator}|{first}-{last}"


def plan_key(
    targets: Targets,
    prior: Prior,
    settings: Settings,
    identity: str,
    design=None,
    replicates=None,
) -> str:
    """What decides a chunk's numbers, hashed: a chunk is reused only under the same key."""
    plan = {
        "design": None if design is None else hashlib.sha256(design.tobytes()).hexdigest(),
        "identity": identity,
        "runs": {n: list(r.overrides) for n, r in targets.runs.items()},
        "windows": [column(w) for w in targets.windows()],
        "prior": [prior.keys, prior.low.tolist(), prior.high.tolist()],
        "settings": [
            settings.draws,
            settings.chunk,
            settings.scale,
            settings.months,
            settings.seed,
        ],
    }
    if replicates is not None:  # only when given, so that earlier plans keep their keys
        plan["replicates"] = [int(r) for r in replicates]
    return hashlib.sha256(json.dumps(plan, sort_keys=True).encode()).hexdigest()[:16]


def window_means(config, windows: tuple[tuple[str, int, int], ...]) -> tuple[float, ...]:
    """Simulate ``config`` and return the mean of each (indicator, first, last) window."""
    from simulation.run import run

    frame = run(config, progress=False).timeseries
    month = frame["month"].to_numpy()
    out = []
    for indicator, first, last in windows:
        values = frame[indicator].to_numpy(dtype=float)[(month >= first) & (month <= last)]
        out.append(float(values.mean()))
    return tuple(out)


def draw_configs(targets: Targets, prior: Prior, values: np.ndarray, draw: int, settings):
    """The unique configs of one draw and, per run name, the index of its config."""
    from simulation.calibration.prior import set_values
    from simulation.experiment.scenario import Scenario, run_config
    from simulation.results import config_hash

    base = [
        f"scale={settings.scale}",
        f"months={settings.months}",
        "progress=false",
        f"seed={settings.seed}",
        f"replicate={draw}",
    ]
    configs, where, index = [], {}, {}
    for name, spec in targets.runs.items():
        scenario = Scenario(name=name, label=name, overrides=spec.overrides)
        try:
            config = run_config(scenario, base, prepare=lambda c: set_values(c, prior.keys, values))
        except ConfigError as error:
            raise ConfigError(f"{shown(Path(targets.path))}: runs.{name}: {error}") from None
        key = config_hash(config)
        if key not in index:
            index[key] = len(configs)
            configs.append(config)
        where[name] = index[key]
    return configs, where


def check_draws(
    targets: Targets, prior: Prior, settings: Settings, design: np.ndarray | None = None
) -> None:
    """Before any run: every run of the first draw makes a valid config, and so does every
    draw's weights on the first run (a prior whose draws break one of the config's
    cross-checks, such as a review's drop level above its reform level, is refused naming the
    draw). The draws differ only in ``processes.*``, so each draw copies just that section."""
    import copy
    import dataclasses

    from simulation.calibration.prior import set_values
    from simulation.config import validate

    draws = prior.draw(settings.draws, settings.seed) if design is None else design
    configs, _ = draw_configs(targets, prior, draws[0], 0, settings)
    base = configs[0]
    for d in range(1, len(draws)):
        config = dataclasses.replace(base, processes=copy.deepcopy(base.processes))
        try:
            set_values(config, prior.keys, draws[d])
            validate(config)
        except ConfigError as error:
            raise ConfigError(
                f"prior draw {d}: {error}; allowed: priors whose every draw is a valid config "
                "(narrow the weights the message names with priors=...)"
            ) from None


def simulate(
    targets: Targets,
    prior: Prior,
    settings: Settings,
    beside: Path,
    identity: str,
    design: np.ndarray | None = None,
    label: str = "calibration",
    replicates: np.ndarray | None = None,
) -> tuple[pd.DataFrame, dict]:
    """The run table: one row per draw (draw, every weight, every mean the targets read),
    and a record of the work (runs, chunks reused, minutes). ``design`` gives the draws' weights
    (one row per draw, one column per prior key: the screening's Morris trajectories); by
    default they are the prior's Latin hypercube of ``settings.draws`` rows. ``replicates``
    gives each draw's random streams (``replicate=``); by default draw ``i`` runs replicate
    ``i``. Draws given one replicate share their chance events (common random numbers: the
    points of one Sobol base sample)."""
    from tqdm.auto import tqdm

    from simulation.experiment.evaluate import evaluate
    from simulation.experiment.evaluate import values as must_succeed
    from simulation.output_folder import write_atomically

    key = plan_key(targets, prior, settings, identity, design, replicates)
    work = Path(beside) / f"{PROGRESS}{key}"
    stale = [p for p in Path(beside).glob(f"{PROGRESS}*") if p.is_dir() and p != work]
    if stale and settings.progress:
        print(
            f"Not reusing {len(stale)} progress folder(s) of another model or plan "
            f"({', '.join(str(p) for p in stale)}; delete them when no calibration uses them)"
        )
    draws = prior.draw(settings.draws, settings.seed) if design is None else design
    if len(draws) != settings.draws:
        raise ValueError(f"the design has {len(draws)} rows for draws = {settings.draws}")
    stream = np.arange(settings.draws) if replicates is None else np.asarray(replicates)
    if len(stream) != settings.draws:
        raise ValueError(f"{len(stream)} replicates for draws = {settings.draws}")
    windows = targets.windows()
    by_run: dict[str, list[int]] = {}
    for i, (run, *_rest) in enumerate(windows):
        by_run.setdefault(run, []).append(i)
    chunks = [
        range(start, min(start + settings.chunk, settings.draws))
        for start in range(0, settings.draws, settings.chunk)
    ]
    done = [c for c, _ in enumerate(chunks) if (work / f"chunk-{c:05d}.parquet").exists()]
    per_draw = len(draw_configs(targets, prior, draws[0], 0, settings)[0])
    total = per_draw * settings.draws
    reused = per_draw * sum(len(chunks[c]) for c in done)
    if done and settings.progress:
        print(f"Resuming: {len(done)} of {len(chunks)} chunks already simulated ({reused} runs)")
    bar = tqdm(
        total=total, initial=reused, desc=label, unit="run",
        disable=not settings.progress, smoothing=0.05,
    )  # fmt: skip
    ran = 0
    with bar:
        for c, chunk in enumerate(chunks):
            path = work / f"chunk-{c:05d}.parquet"
            if path.exists():
                continue
            configs, extra, layout = [], [], []
            for d in chunk:
                cs, where = draw_configs(targets, prior, draws[d], int(stream[d]), settings)
                # each unique config measures every window of the runs that map to it
                asked: dict[int, list[tuple[str, int, int]]] = {}
                for run, idx in where.items():
                    for i in by_run.get(run, []):
                        w = windows[i][1:]
                        if w not in asked.setdefault(idx, []):
                            asked[idx].append(w)
                first = len(configs)
                configs += cs
                extra += [(tuple(asked.get(j, [])),) for j in range(len(cs))]
                layout.append((d, first, where, asked))
            results = must_succeed(
                evaluate(
                    configs,
                    window_means,
                    workers=settings.workers,
                    extra=extra,
                    bar=bar,
                    ray=settings.ray,
                )
            )
            ran += len(configs)
            rows = []
            for d, first, where, asked in layout:
                row = {"draw": d, **dict(zip(prior.keys, draws[d].tolist(), strict=True))}
                for i, (run, indicator, lo, hi) in enumerate(windows):
                    idx = where[run]
                    pos = asked[idx].index((indicator, lo, hi))
                    row[column(windows[i])] = results[first + idx][pos]
                rows.append(row)
            frame = pd.DataFrame(rows)
            write_atomically(path, lambda tmp, f=frame: f.to_parquet(tmp, index=False))
    table = pd.concat(
        [pd.read_parquet(work / f"chunk-{c:05d}.parquet") for c in range(len(chunks))],
        ignore_index=True,
    )
    record = {"runs": total, "runs_now": ran, "runs_reused": reused, "runs_per_draw": per_draw}
    return table, {"record": record, "work": str(work)}


def clean_up(info: dict) -> None:
    """Remove this calibration's progress folder once its output is written (another
    calibration's, which may be running, is left alone)."""
    shutil.rmtree(info["work"], ignore_errors=True)
