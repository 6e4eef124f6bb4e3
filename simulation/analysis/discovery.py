"""Scenario discovery: the regions of parameter space where collaboration fails.

The BMJ editorial asks to learn from failures as well as successes. Given a sweep's job table,
each run is marked a *failure* when an outcome ends below (or above) a threshold, e.g.
``collaboration_block``'s last-year mean below 0.1: collaboration collapsed or never took off.
PRIM (the patient rule induction method, Friedman and Fisher 1999, as implemented in the EMA
Workbench) then peels the swept space down to boxes, simple ranges of a few parameters, in
which failures concentrate. A box is judged by:

- coverage: the share of all failures that fall inside it;
- density: the share of runs inside it that failed;
- mass: the share of all runs inside it.

On each peeling trajectory the box chosen is the one with the highest coverage among those
with at least ``min_density``; later boxes are searched among the runs left outside earlier
ones, and each box's coverage, density and mass count only the runs no earlier box holds, so
the boxes add up: their coverages sum to the share of failures explained.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass

import numpy as np
import pandas as pd

from simulation.escaping import markdown_text
from simulation.experiment.scenario import REPLICATE_KEYS
from simulation.parameters import ConfigError
from simulation.sweep.gather import varied_keys


@dataclass
class Box:
    """One region where failure concentrates: its limits and how good a description it is."""

    limits: pd.DataFrame  # parameter, low, high (numbers) or values (categories), sweep range
    coverage: float
    density: float
    mass: float
    runs: int


def failures(jobs: pd.DataFrame, outcome: str, below: float | None, above: float | None):
    """The runs of interest: ``outcome`` (a last-year mean) below ``below`` or above ``above``."""
    done = jobs[jobs.status != "failed"]
    if outcome not in done.columns:
        allowed = [c for c in done.columns if done[c].dtype.kind == "f"]
        raise ConfigError(f"outcome = {outcome!r} is not in the sweep; allowed: {allowed}")
    if (below is None) == (above is None):
        raise ConfigError(f"below = {below}, above = {above}: set exactly one of the two")
    y = done[outcome] < below if below is not None else done[outcome] > above
    return done, y.to_numpy()


def inputs(jobs: pd.DataFrame) -> pd.DataFrame:
    """The swept parameters that vary, as PRIM's inputs (text columns become categories)."""
    keys = [k for k in varied_keys(jobs) if k not in REPLICATE_KEYS]
    if not keys:
        raise ConfigError("the sweep varies no parameter besides replicates; nothing to discover")
    x = jobs[keys].copy()
    for k in keys:
        if x[k].dtype.kind not in "if":
            x[k] = pd.Categorical(x[k].astype(str))
        else:
            x[k] = x[k].astype(float)
    return x.reset_index(drop=True)


def _limits(x: pd.DataFrame, lims: pd.DataFrame) -> pd.DataFrame:
    rows = []
    for k in x.columns:
        if isinstance(x[k].dtype, pd.CategoricalDtype):
            kept = sorted(lims[k].iloc[0])
            if len(kept) < len(x[k].cat.categories):
                rows.append({"parameter": k, "values": ", ".join(kept)})
            continue
        low, high = float(lims[k].iloc[0]), float(lims[k].iloc[1])
        if low > x[k].min() or high < x[k].max():
            rows.append(
                {
                    "parameter": k,
                    "low": low,
                    "high": high,
                    "sweep_low": float(x[k].min()),
                    "sweep_high": float(x[k].max()),
                }
            )
    return pd.DataFrame(
        rows, columns=["parameter", "low", "high", "sweep_low", "sweep_high", "values"]
    )


def inside(x: pd.DataFrame, limits: pd.DataFrame) -> np.ndarray:
    """Which runs fall inside a box's limits."""
    mask = np.ones(len(x), dtype=bool)
    for _, r in limits.iterrows():
        if isinstance(r.get("values"), str):
            mask &= x[r["parameter"]].astype(str).isin(r["values"].split(", ")).to_numpy()
        else:
            mask &= ((x[r["parameter"]] >= r["low"]) & (x[r["parameter"]] <= r["high"])).to_numpy()
    return mask


def discover(
    x: pd.DataFrame,
    y: np.ndarray,
    boxes: int = 2,
    min_density: float = 0.9,
    peel_alpha: float = 0.1,
) -> tuple[list[Box], pd.DataFrame]:
    """PRIM boxes of ``y`` over ``x``, and the peeling trajectories with the chosen boxes marked."""
    with warnings.catch_warnings():  # optional back-ends the workbench announces at import
        warnings.simplefilter("ignore")
        from ema_workbench.analysis import prim

    found, trajectories = [], []
    if y.sum() == 0:
        return found, pd.DataFrame(columns=["box", "coverage", "density", "chosen"])
    with warnings.catch_warnings():  # the workbench's own pandas deprecations
        warnings.simplefilter("ignore")
        algorithm = prim.Prim(
            x, y.astype(int), peel_alpha=peel_alpha, mass_min=0.05, update_function="guivarch"
        )
    explained = np.zeros(len(y), dtype=bool)
    for b in range(boxes):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            box = algorithm.find_box()
        if box is None:
            break
        t = box.peeling_trajectory
        dense = t[t.density >= min_density]
        i = int(dense.coverage.idxmax() if len(dense) else t.density.idxmax())
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            box.select(i)  # the next box is searched outside this one
        limits = _limits(x, box.box_lims[i])
        mask = inside(x, limits) & ~explained  # runs no earlier box holds
        if limits.empty or y[mask].sum() == 0:
            break
        found.append(
            Box(
                limits=limits,
                coverage=float(y[mask].sum() / y.sum()),
                density=float(y[mask].mean()),
                mass=float(mask.mean()),
                runs=int(mask.sum()),
            )
        )
        trajectories.append(t.assign(box=b + 1, chosen=t.index == i))
        explained |= mask
        if y[~explained].sum() == 0:
            break
    return found, pd.concat(trajectories, ignore_index=True)


def report(
    boxes: list[Box], y: np.ndarray, description: str, partial: list[str] | None = None
) -> str:
    """The boxes as Markdown: where failure lives, how much of it, how pure.

    ``partial``: how the discovery differs from the committed one, said at the top.
    """
    lines = ["# Scenario discovery: where collaboration fails", ""]
    if partial:
        lines += [
            "**Partial discovery, not the committed one**: "
            + "; ".join(markdown_text(p) for p in partial)
            + ".",
            "",
        ]
    lines += [
        f"Runs of interest: {markdown_text(description)}: {int(y.sum())} of {len(y)} runs "
        f"({y.mean():.0%}).",
        "",
        "Coverage: share of all such runs inside the box. Density: share of the box's runs "
        "that are such runs. Mass: share of all runs inside the box. A later box counts only "
        "runs that no earlier box holds. Boxes found by PRIM (EMA Workbench).",
        "",
    ]
    if not boxes:
        lines.append("No box found: the runs of interest do not concentrate in a region.")
    for b, box in enumerate(boxes, start=1):
        lines += [
            f"## Box {b}: coverage {box.coverage:.2f}, density {box.density:.2f}, "
            f"mass {box.mass:.2f} ({box.runs} runs)",
            "",
            "| parameter | in the box | swept |",
            "|---|---|---|",
        ]
        for _, r in box.limits.iterrows():
            if isinstance(r.get("values"), str):
                lines.append(
                    f"| {markdown_text(r['parameter'])} | {markdown_text(r['values'])} | |"
                )
            else:
                lines.append(
                    f"| {markdown_text(r['parameter'])} | {r['low']:.4g} to {r['high']:.4g} "
                    f"| {r['sweep_low']:.4g} to {r['sweep_high']:.4g} |"
                )
        lines.append("")
    return "\n".join(lines) + "\n"
