"""Global sensitivity analysis: which parameters move the outcomes, and by how much.

A *space* names model parameters (dotted config keys) with a range and a distribution. SALib
samples it (Morris elementary effects for screening, Saltelli's scheme for Sobol' indices); each
sample is one run of the model, run through the sweep machinery (``simulation.sweep.engine``:
validated first, cached by config hash, in parallel); SALib then estimates, per outcome:

- Morris: ``mu_star`` (mean absolute elementary effect: overall influence), its 95% bootstrap
  interval, and ``sigma`` (spread of the effects: non-linearity or interactions);
- Sobol: ``S1`` (first-order index: share of the outcome's variance a parameter explains
  alone) and ``ST`` (total index: with all its interactions), each with a 95% interval.

Every run shares one seed and replicate (common random numbers), so the indices measure the
parameters, not the luck of the draw. A parameter the model ignores under the chosen
conditions (the default space includes ``interventions.shock_intensity`` with no shock) gets
indices of zero: it marks the level below which an index means nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
from SALib.analyze import morris as morris_analysis
from SALib.analyze import sobol as sobol_analysis
from SALib.sample import morris as morris_sample
from SALib.sample import sobol as sobol_sample

from simulation.config import RunConfig
from simulation.parameters import ConfigError, declared_parameters, declared_type

METHODS = ("morris", "sobol")
DISTRIBUTIONS = ("unif", "triang", "norm", "truncnorm", "lognorm")


@dataclass(frozen=True)
class Dimension:
    """One parameter of the space: its config key, range and distribution.

    For ``unif`` the range is [low, high]. SALib's other distributions read the pair as their
    own parameters (``norm``: mean and standard deviation; see SALib's documentation).
    """

    key: str
    low: float
    high: float
    dist: str = "unif"
    integer: bool = False


def space(parameters: dict, method: str) -> list[Dimension]:
    """Check a space from the config (``{key: {low, high, dist}}``) and return its dimensions.

    Raises :class:`ConfigError` naming the key, the value and what is allowed.
    """
    if method not in METHODS:
        raise ConfigError(f"method = {method!r} is not allowed; allowed: {', '.join(METHODS)}")
    if not parameters or len(parameters) < 2:
        raise ConfigError("parameters needs at least two entries (key: {low, high})")
    declared = dict(declared_parameters(RunConfig))
    dims = []
    for key, spec in parameters.items():
        where = f"parameters.{key}"
        if key not in declared or declared[key].metadata.get("bound") is None:
            raise ConfigError(
                f"{where}: {key!r} is not a numeric model parameter; allowed: a dotted key "
                "listed in simulation/PARAMETERS.md, e.g. state.context.power_asymmetry"
            )
        kind = declared_type(RunConfig, key)
        if kind not in (int, float):
            raise ConfigError(f"{where}: {key} is of type {kind}; allowed: int or float keys")
        unknown = set(spec) - {"low", "high", "dist"}
        if unknown or "low" not in spec or "high" not in spec:
            raise ConfigError(
                f"{where} = {dict(spec)} is not allowed; allowed: low, high and optionally dist"
            )
        low, high, dist = float(spec["low"]), float(spec["high"]), spec.get("dist", "unif")
        if dist not in DISTRIBUTIONS:
            raise ConfigError(
                f"{where}.dist = {dist!r} is not allowed; allowed: {', '.join(DISTRIBUTIONS)}"
            )
        if method == "morris" and dist != "unif":
            raise ConfigError(f"{where}.dist = {dist!r} is not allowed with morris; allowed: unif")
        bound = declared[key].metadata["bound"]
        if dist == "unif":
            if not low < high:
                raise ConfigError(f"{where}: low = {low} must be below high = {high}")
            for name, value in (("low", low), ("high", high)):
                if not bound.admits(value):
                    raise ConfigError(
                        f"{where}.{name} = {value} is out of range; allowed: {bound.describe()}"
                    )
        dims.append(Dimension(key, low, high, dist, kind is int))
    return dims


def problem(dims: list[Dimension]) -> dict:
    """SALib's problem definition for ``dims``."""
    return {
        "num_vars": len(dims),
        "names": [d.key for d in dims],
        "bounds": [[d.low, d.high] for d in dims],
        "dists": [d.dist for d in dims],
    }


def sample(dims: list[Dimension], method: str, samples: int, levels: int, seed: int):
    """The design matrix: one row per run, one column per dimension."""
    if method == "morris":
        x = morris_sample.sample(problem(dims), samples, num_levels=levels, seed=seed)
    else:
        if samples < 2 or samples & (samples - 1):
            raise ConfigError(
                f"samples = {samples} is not allowed with sobol; allowed: a power of 2 (8, 16, 64)"
            )
        x = sobol_sample.sample(problem(dims), samples, calc_second_order=False, seed=seed)
    for j, d in enumerate(dims):
        if d.integer:
            x[:, j] = np.round(x[:, j])
    return x


def job_overrides(dims: list[Dimension], x: np.ndarray, base: list[str]) -> list[list[str]]:
    """One list of Hydra overrides per row of the design."""
    jobs = []
    for row in x:
        values = [
            f"{d.key}={int(v)}" if d.integer else f"{d.key}={float(v)!r}"
            for d, v in zip(dims, row, strict=True)
        ]
        jobs.append([*base, *values])
    return jobs


def analyse(
    dims: list[Dimension],
    method: str,
    x: np.ndarray,
    outputs: pd.DataFrame,
    levels: int,
    seed: int,
) -> pd.DataFrame:
    """Sensitivity indices of every outcome column of ``outputs`` (rows in design order)."""
    prob = problem(dims)
    rows = []
    for outcome in outputs.columns:
        y = outputs[outcome].to_numpy(dtype=float)
        if np.ptp(y) == 0:  # the outcome never moves: every index is zero
            for d in dims:
                rows.append({"outcome": outcome, "parameter": d.key, "constant_outcome": True})
            continue
        if method == "morris":
            res = morris_analysis.analyze(
                prob, x, y, num_levels=levels, conf_level=0.95, num_resamples=1000, seed=seed
            )
            cols = ("mu_star", "mu_star_conf", "sigma", "mu")
        else:
            res = sobol_analysis.analyze(
                prob, y, calc_second_order=False, conf_level=0.95, num_resamples=1000, seed=seed
            )
            cols = ("S1", "S1_conf", "ST", "ST_conf")
        for j, d in enumerate(dims):
            row = {"outcome": outcome, "parameter": d.key, "constant_outcome": False}
            rows.append(row | {c: float(np.asarray(res[c])[j]) for c in cols})
    table = pd.DataFrame(rows)
    main, conf = ("mu_star", "mu_star_conf") if method == "morris" else ("ST", "ST_conf")
    for c in (main, conf):
        if c not in table:
            table[c] = np.nan
    table[[main, conf]] = table[[main, conf]].fillna(0.0)
    table[f"{main}_low"] = table[main] - table[conf]
    table[f"{main}_high"] = table[main] + table[conf]
    return table


def write_outputs(
    table: pd.DataFrame, method: str, directory: Path, partial: list[str] | None = None
) -> dict[str, Path]:
    """The indices as CSV and Markdown, and a figure with one panel per outcome.

    ``partial``: how the analysis differs from the committed one, said at the top of
    ``indices.md`` (nothing for the committed analysis).
    """
    from simulation.analysis.figures import indices_figure
    from simulation.escaping import markdown_text
    from simulation.output_folder import write_atomically, write_text_atomically

    directory = Path(directory)
    paths = {
        "csv": directory / "indices.csv",
        "md": directory / "indices.md",
        "png": directory / "indices.png",
    }
    write_atomically(paths["csv"], lambda p: table.to_csv(p, index=False))
    if method == "morris":
        cols = ["outcome", "parameter", "mu_star", "mu_star_conf", "sigma"]
        text = "mu_star: mean absolute elementary effect, ± its 95% bootstrap half-width"
    else:
        cols = ["outcome", "parameter", "S1", "S1_conf", "ST", "ST_conf"]
        text = "S1 first-order and ST total Sobol' index, each ± its 95% bootstrap half-width"
    shown = table.reindex(columns=cols)
    for col in ("outcome", "parameter"):  # names from the user's space and outcomes
        shown[col] = shown[col].map(markdown_text)
    body = shown.to_markdown(index=False, floatfmt=".4f")
    note = (
        "**Partial analysis, not the committed one**: "
        + "; ".join(markdown_text(p) for p in partial)
        + ".\n\n"
        if partial
        else ""
    )
    write_text_atomically(
        paths["md"], f"# {method.capitalize()} indices\n\n{note}{text}.\n\n{body}\n"
    )
    figure = indices_figure(table, method)
    write_atomically(
        paths["png"],
        lambda p: figure.savefig(p, format="png", dpi=100, metadata={"Software": None}),
    )
    return paths
