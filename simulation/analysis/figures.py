"""Figures of the researcher's analyses: sensitivity indices and scenario-discovery boxes."""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.figure import Figure


def _short(key: str) -> str:
    """A parameter's label: the last two parts of its dotted key."""
    return ".".join(key.split(".")[-2:])


def indices_figure(table: pd.DataFrame, method: str) -> Figure:
    """One panel per outcome: each parameter's index with its 95% interval, largest on top.

    Morris: mu_star (overall influence). Sobol: total index ST (bars) and first-order S1
    (dots), so the gap shows how much of a parameter's influence is through interactions.
    """
    outcomes = list(dict.fromkeys(table["outcome"]))
    cols = min(3, len(outcomes))
    rows = int(np.ceil(len(outcomes) / cols))
    fig = Figure(figsize=(5.2 * cols, 0.35 * table["parameter"].nunique() * rows + 1.6 * rows))
    fig.set_layout_engine("constrained")
    axes = np.atleast_1d(fig.subplots(rows, cols, squeeze=False)).ravel()
    main, conf = ("mu_star", "mu_star_conf") if method == "morris" else ("ST", "ST_conf")
    for ax, outcome in zip(axes, outcomes, strict=False):
        t = table[table.outcome == outcome].sort_values(main)
        y = np.arange(len(t))
        ax.barh(y, t[main], xerr=t[conf], color="tab:blue", alpha=0.7, label=main)
        if method == "sobol":
            ax.errorbar(t["S1"], y, xerr=t["S1_conf"], fmt="o", color="black", ms=3, label="S1")
        ax.set_yticks(y, [_short(p) for p in t["parameter"]], fontsize=8)
        ax.set_title(outcome, fontsize=10)
        ax.axvline(0, color="grey", lw=0.5)
    for ax in axes[len(outcomes) :]:
        ax.set_visible(False)
    axes[0].legend(loc="lower right", fontsize=8)
    label = "Morris mu* (95% CI)" if method == "morris" else "Sobol' ST bars, S1 dots (95% CI)"
    fig.suptitle(f"Sensitivity of the outcomes to the parameters: {label}")
    return fig


def discovery_figure(trajectory: pd.DataFrame, boxes: list[pd.DataFrame], title: str) -> Figure:
    """Left: PRIM's peeling trajectory (coverage against density, the chosen boxes marked).
    Right: each chosen box's range of every restricted parameter, as a share of its sweep range.
    """
    fig = Figure(figsize=(12, 4.5), layout="constrained")
    left, right = fig.subplots(1, 2)
    for _, t in trajectory.groupby("box"):
        left.plot(t["coverage"], t["density"], "-o", ms=3, color="grey")
    for _, row in trajectory[trajectory["chosen"]].iterrows():
        left.plot(row["coverage"], row["density"], "o", ms=9, mfc="none", mec="tab:red")
        left.annotate(f"box {int(row['box'])}", (row["coverage"], row["density"]), fontsize=8)
    left.set(xlabel="coverage (share of the failures left)", ylabel="density (share failing)")
    left.set(xlim=(0, 1.02), ylim=(0, 1.02), title="Peeling trajectory")
    offset = 0
    ticks, labels = [], []
    for b, box in enumerate(boxes):
        for _, r in box.iterrows():
            ticks.append(offset)
            labels.append(f"box {b + 1}: {_short(r['parameter'])}")
            if isinstance(r.get("values"), str):  # a categorical parameter: the values kept
                right.text(0.0, offset, r["values"], va="center", fontsize=8, color=f"C{b}")
                offset += 1
                continue
            span = r["sweep_high"] - r["sweep_low"]
            low = (r["low"] - r["sweep_low"]) / span if span else 0.0
            high = (r["high"] - r["sweep_low"]) / span if span else 1.0
            right.plot([low, high], [offset, offset], lw=6, color=f"C{b}", solid_capstyle="butt")
            right.text(1.02, offset, f"{r['low']:.3g} to {r['high']:.3g}", va="center", fontsize=8)
            offset += 1
        offset += 0.5
    right.set_yticks(ticks, labels, fontsize=8)
    right.set(xlim=(0, 1.35), xlabel="share of the swept range", title="Where failure lives")
    right.invert_yaxis()
    fig.suptitle(title)
    return fig
