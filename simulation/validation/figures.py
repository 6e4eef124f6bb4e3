"""One figure per pattern: the experiment at the defaults, and the robustness draws."""

from __future__ import annotations

import textwrap

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from simulation.validation.patterns import COLLABORATION, TRAINING_START
from simulation.validation.study import PatternResult

STATE_COLOURS = {
    "kerala": "tab:green",
    "chhattisgarh": "tab:olive",
    "tamil_nadu": "tab:blue",
    "karnataka": "tab:cyan",
    "odisha": "tab:purple",
    "madhya_pradesh": "tab:pink",
    "bihar": "tab:red",
    "uttar_pradesh": "tab:brown",
    "jharkhand": "tab:orange",
    "all": "tab:gray",
}


def pattern_figure(result: PatternResult, series: pd.DataFrame, spread: float) -> Figure:
    """Left: the ensemble at the defaults (means, 95% intervals); right: robustness draws."""
    p = result.pattern
    wide = p.figure == "grid"
    fig = Figure(figsize=(13 if wide else 11, 4.2), layout="constrained")
    axes = fig.subplots(1, 3 if wide else 2, width_ratios=[1, 1, 0.8] if wide else [1.3, 1])
    fig.suptitle(f"{p.title}: {result.verdict}", fontsize=12)
    if p.figure == "levels":
        _levels(axes[0], result)
    elif p.figure == "grid":
        _grid(axes[0], result, "collaboration")
        _grid(axes[1], result, "vulnerable voice")
    elif p.figure == "series":
        _series(axes[0], result, series)
    else:
        _conditions(axes[0], result)
    _robustness(axes[-1], result, spread)
    return fig


def _means(result: PatternResult, measure: str) -> pd.DataFrame:
    m = result.means
    return m[m.measure == measure].set_index("condition").loc[list(result.pattern.labels)]


def _headline_measure(result: PatternResult) -> str:
    return result.pattern.claims[0].measure


def _conditions(ax, result: PatternResult) -> None:
    measures = [
        m
        for m in result.pattern.measures
        if m not in ("sector breadth",)  # on another scale; shown in the table
    ]
    labels = list(result.pattern.labels)
    x = np.arange(len(labels))
    width = 0.8 / len(measures)
    for k, measure in enumerate(measures):
        d = _means(result, measure)
        pos = x + (k - (len(measures) - 1) / 2) * width
        ax.bar(pos, d["mean"], width * 0.9, label=measure, alpha=0.85)
        ax.errorbar(
            pos,
            d["mean"],
            yerr=[d["mean"] - d["low"], d["high"] - d["mean"]],
            fmt="none",
            color="black",
            capsize=3,
        )
    if len(labels) <= 6:
        ticks = [label.replace(", ", ",\n").replace(" + ", "\n+ ") for label in labels]
        ax.set_xticks(x, ticks, fontsize="small")
    else:
        ax.set_xticks(x, labels, fontsize="small", rotation=35, ha="right")
    ax.set_ylabel(measures[0] if len(measures) == 1 else "share / mean, last year")
    if len(measures) > 1:
        ax.legend(fontsize="small")
    ax.set_title(f"At the defaults ({result.pattern.state if not _own(result) else 'each state'})")


def _own(result: PatternResult) -> bool:
    return all(c.state for c in result.pattern.conditions)


def _levels(ax, result: PatternResult) -> None:
    measure = _headline_measure(result)
    d = _means(result, measure)
    ax.fill_between(d["level"], d["low"], d["high"], alpha=0.3, label="95% interval")
    ax.plot(d["level"], d["mean"], marker="o", label="mean over seeds")
    key = result.pattern.conditions[0].keys[0]
    ax.set(xlabel=key.split(".")[-1].replace("_", " "), ylabel=measure)
    ax.set_xticks(d["level"])
    ax.legend(fontsize="small")
    ax.set_title(f"At the defaults ({result.pattern.state})")


def _grid(ax, result: PatternResult, measure: str) -> None:
    d = _means(result, measure)
    for leaders, colour in (("clinical", "tab:red"), ("holistic", "tab:green")):
        rows = d.loc[[f"low power, {leaders}", f"high power, {leaders}"]]
        x = [0, 1]
        ax.errorbar(
            x,
            rows["mean"],
            yerr=[rows["mean"] - rows["low"], rows["high"] - rows["mean"]],
            marker="o",
            capsize=3,
            color=colour,
            label=f"{leaders} health leaders",
        )
    ax.set_xticks([0, 1], ["low power asymmetry", "high power asymmetry"])
    ax.set(ylabel=measure, title=f"{measure} ({result.pattern.state})")
    ax.legend(fontsize="small")


def _series(ax, result: PatternResult, series: pd.DataFrame) -> None:
    s = series[(series.pattern == result.pattern.key) & (series.indicator == COLLABORATION)]
    for label in result.pattern.labels:
        sub = s[s.condition == label].pivot(index="month", columns="replicate", values="value")
        q = sub.quantile([0.1, 0.5, 0.9], axis=1)
        ax.fill_between(sub.index, q.loc[0.1], q.loc[0.9], alpha=0.2)
        ax.plot(sub.index, q.loc[0.5], label=label)
    ax.axvline(TRAINING_START, color="gray", ls=":", label="training")
    for name, alpha in (("collaboration, 2 years on", 0.2), ("collaboration, 4 years on", 0.1)):
        m = result.pattern.measures[name]
        ax.axvspan(m.first, m.last, color="gray", alpha=alpha, label=name.split(", ")[1])
    ax.set(xlabel="month", ylabel=COLLABORATION, xlim=(0, 120))
    ax.set_title(f"Median and 10-90% of seeds ({result.pattern.state})")
    ax.legend(fontsize="small")


def _robustness(ax, result: PatternResult, spread: float) -> None:
    c = result.claims[0]
    states = np.array(result.draw_states)
    names = list(dict.fromkeys(states))
    rng = np.random.default_rng(0)
    for k, state in enumerate(names):
        values = c.robustness[states == state]
        ax.scatter(
            values,
            k + rng.uniform(-0.2, 0.2, len(values)),
            s=14,
            color=STATE_COLOURS.get(state, "tab:gray"),
        )
    ax.axvline(0.0, color="black", lw=0.8)
    shown = ["every state\nin the conditions" if n == "all" else n.replace("_", " ") for n in names]
    ax.set_yticks(range(len(names)), shown)
    low, high = c.share_interval
    ax.set_title(
        f"{len(c.robustness)} draws, ±{spread:.0%}: direction holds in {c.share:.0%}\n"
        f"(95% CI {low:.0%}-{high:.0%})",
        fontsize="medium",
    )
    ax.set_xlabel(textwrap.fill(c.claim.statistic.text, 60), fontsize="small")
