"""Sobol indices of the behavioural weights the Morris screening ranks highest.

``python -m simulation.calibration.sobol [base=256] [top=12] [scale=0.1] [workers=0]
[output=results]`` (settings: ``configs/sobol.yaml``) writes ``<output>/sobol.md`` and
``<output>/sobol/`` (indices, convergence, figure, design and run table).

The second stage of a two-stage global sensitivity analysis (Saltelli et al. 2008, ch. 3-4):
the Morris screening (:mod:`.screening`, every one of the 123 weights) says which weights move
the planner's differences at all; this stage apportions the differences' variance among the
``top`` of them, each over its prior range (the calibration's prior, :mod:`.prior`), the other
weights at their defaults. The weights are taken in order of their largest mu* relative to the
top mu* of the same difference, so a weight that matters to a small difference (RDPR-led
against the status quo) counts as much as one that matters to a large one.

Design: Saltelli's scheme on a scrambled Sobol sequence (SALib's ``sobol`` sample, first-order
and total indices only), ``base`` base samples of ``top + 2`` points each. The points of one
base sample share their chance events (``replicate`` = the base sample: common random numbers),
so the differences between them are the weights' doing; chance still varies between base
samples and takes its share of the variance, which no weight explains. Every point runs the runs
of ``configs/screening_targets.yaml`` (as the screening) through the calibration's runner, so
the stage resumes after an interruption and gives the same numbers on any number of workers.

Indices (Jansen's total and Saltelli's 2010 first-order estimators, SALib) come with bootstrap
95% intervals. Convergence is shown by the indices from the first quarter and half of the base
samples, and checked: a first-order index above its total index beyond their intervals is
reported as not converged.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
from hydra.core.config_store import ConfigStore
from omegaconf import DictConfig, OmegaConf
from omegaconf.errors import OmegaConfBaseException

from simulation.calibration.prior import Prior
from simulation.calibration.screening import DATA as SCREENING
from simulation.calibration.stage import STAGE, StageSettings
from simulation.calibration.targets import Targets
from simulation.command_line import command
from simulation.parameters import ConfigError, param

DATA = "sobol"
#: The share of the base samples the convergence columns use, besides all of them.
FRACTIONS = (0.25, 0.5)


def chosen_weights(morris: pd.DataFrame, top: int) -> list[str]:
    """The ``top`` weights with the largest mu* relative to the largest mu* of the same
    difference (each weight's best over the differences), largest first."""
    relative = morris["mu_star"] / morris.groupby("target")["mu_star"].transform("max")
    best = relative.groupby(morris["weight"]).max().sort_values(ascending=False, kind="stable")
    return list(best.index[:top])


def design(prior: Prior, weights: list[str], base: int, seed: int):
    """Saltelli's design over ``weights`` (others at their default): the points (one row per
    point, one column per prior key), each point's replicate (its base sample) and SALib's
    problem."""
    from SALib.sample import sobol

    index = {k: j for j, k in enumerate(prior.keys)}
    problem = {
        "num_vars": len(weights),
        "names": list(weights),
        "bounds": [[float(prior.low[index[k]]), float(prior.high[index[k]])] for k in weights],
    }
    points = sobol.sample(problem, base, calc_second_order=False, seed=seed)
    full = np.tile(prior.default, (len(points), 1))
    for j, key in enumerate(weights):
        full[:, index[key]] = points[:, j]
    replicates = np.arange(len(points)) // (len(weights) + 2)
    return full, replicates, problem


def indices(values: pd.DataFrame, problem: dict, names: list[str], seed: int) -> pd.DataFrame:
    """One row per (difference, weight, base samples used): S1 and ST with their bootstrap 95%
    half-widths, from the first quarter, the first half and all of the base samples."""
    from SALib.analyze import sobol

    per = problem["num_vars"] + 2
    base = len(values) // per
    rows = []
    for name in names:
        y = values[name].to_numpy(dtype=float)
        for used in sorted({max(2, int(base * f)) for f in FRACTIONS} | {base}):
            got = sobol.analyze(
                problem,
                y[: used * per],
                calc_second_order=False,
                num_resamples=1000,
                seed=seed,
            )
            for j, key in enumerate(problem["names"]):
                rows.append(
                    {
                        "target": name,
                        "weight": key,
                        "base_samples": used,
                        "S1": float(got["S1"][j]),
                        "S1_conf": float(got["S1_conf"][j]),
                        "ST": float(got["ST"][j]),
                        "ST_conf": float(got["ST_conf"][j]),
                    }
                )
    return pd.DataFrame(rows)


def not_converged(result: pd.DataFrame) -> pd.DataFrame:
    """Rows (all base samples) whose first-order index exceeds the total index beyond both
    intervals: the sign that the sample is too small for that index."""
    full = result[result["base_samples"] == result["base_samples"].max()]
    beyond = (full["S1"] - full["S1_conf"]) > (full["ST"] + full["ST_conf"])
    return full[beyond]


def render(
    result: pd.DataFrame, targets: Targets, meta: dict, values: pd.DataFrame, top: int = 12
) -> str:
    from simulation.escaping import markdown_code, markdown_text

    label = {t.name: t.statement for t in targets.targets}
    full_n = int(result["base_samples"].max())
    fractions = sorted(set(result["base_samples"]) - {full_n})
    bad = not_converged(result)
    lines = [
        "# Sobol indices: how much of each planner's difference each weight explains",
        "",
        f"Regenerate with `python -m simulation.calibration.sobol` ({meta['runs']:,} runs, "
        f"{meta['minutes']} min on {meta['workers']} workers, {meta['date']}). The second "
        f"stage after the Morris screening (`screening.md`): the {meta['weights']} weights it "
        f"ranks highest, each over its prior range, the other weights at their defaults; "
        f"Saltelli's design with {full_n} base samples ({meta['points']:,} points); Bihar at "
        f"scale {meta['scale']:g}, 120 months; block collaboration in the last year. The "
        "points of one base sample share their chance events. How it works: "
        "`simulation/calibration/sobol.py`.",
        "",
        "*S1*: the share of the difference's variance the weight explains alone; *ST*: its "
        "share with all its interactions (± bootstrap 95% half-widths). What no weight "
        "explains (1 minus the sum of S1, less interactions) is chance and the interactions. "
        f"*ST from {', '.join(str(n) for n in fractions)} base samples*: convergence.",
        "",
        (
            f"**Convergence:** at {full_n} base samples, no first-order index lies above its "
            "total index beyond their intervals."
            if bad.empty
            else f"**Not converged:** at {full_n} base samples, {len(bad)} first-order "
            "indices lie above their total index beyond their intervals: "
            + ", ".join(f"{markdown_code(r.weight)} on {r.target}" for r in bad.itertuples())
            + "."
        ),
        "",
    ]
    for name in result["target"].unique():
        rows = result[(result["target"] == name)]
        full = rows[rows["base_samples"] == full_n].set_index("weight")
        v = values[name].to_numpy()
        lines += [
            f"## {markdown_text(label.get(name, name))}",
            "",
            f"Over the {len(v):,} points: mean {v.mean():+.3f}, standard deviation "
            f"{v.std(ddof=1):.3f}, above 0 at {int((v > 0).sum()):,}. The {len(full)} "
            f"weights' first-order indices sum to {full['S1'].sum():.2f}.",
            "",
            "| Weight | S1 ± | ST ± | "
            + " | ".join(f"ST, {n} base samples" for n in fractions)
            + " |",
            "|---|---|---|" + "---|" * len(fractions),
        ]
        for weight, r in full.sort_values("ST", ascending=False).head(top).iterrows():
            early = [
                rows[(rows["base_samples"] == n) & (rows["weight"] == weight)]["ST"].iloc[0]
                for n in fractions
            ]
            lines.append(
                f"| {markdown_code(weight)} | {r['S1']:.3f} ± {r['S1_conf']:.3f} "
                f"| {r['ST']:.3f} ± {r['ST_conf']:.3f} | "
                + " | ".join(f"{e:.3f}" for e in early)
                + " |"
            )
        lines.append("")
    lines += ["![S1 and ST, and ST as base samples grow](sobol/indices.png)", ""]
    return "\n".join(lines)


def figure(result: pd.DataFrame, targets: Targets):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    label = {t.name: t.statement for t in targets.targets}
    names = list(result["target"].unique())
    full_n = result["base_samples"].max()
    fig, axes = plt.subplots(2, len(names), figsize=(4.4 * len(names), 8.4), squeeze=False)
    for col, name in enumerate(names):
        rows = result[result["target"] == name]
        full = rows[rows["base_samples"] == full_n].sort_values("ST")
        short = [w.removeprefix("processes.") for w in full["weight"]]
        y = np.arange(len(full))
        ax = axes[0, col]
        ax.barh(y + 0.2, full["ST"], 0.4, xerr=full["ST_conf"], label="ST", color="C0")
        ax.barh(y - 0.2, full["S1"], 0.4, xerr=full["S1_conf"], label="S1", color="C1")
        ax.set_yticks(y, short)
        ax.set_title(textwrap.fill(label.get(name, name), 34), fontsize=9)
        ax.tick_params(labelsize=7)
        ax.legend(fontsize=8)
        ax = axes[1, col]
        for weight in full["weight"].iloc[::-1][:5]:
            w = rows[rows["weight"] == weight].sort_values("base_samples")
            ax.errorbar(
                w["base_samples"],
                w["ST"],
                yerr=w["ST_conf"],
                marker="o",
                capsize=3,
                label=weight.removeprefix("processes."),
            )
        ax.set_xscale("log", base=2)
        ax.set_xlabel("base samples")
        ax.set_ylabel("ST")
        ax.tick_params(labelsize=8)
        ax.legend(fontsize=6)
    fig.tight_layout()
    return fig


def reread(output: Path | str) -> tuple[str, str]:
    """(committed report, the report rendered again from the committed indices and runs)."""
    from simulation.calibration import stage

    return stage.reread(output, DATA, render)


def read_screening(output: Path) -> pd.DataFrame:
    """The Morris indices this stage starts from (``<output>/screening/indices.csv``)."""
    from simulation.calibration import stage

    path = output / SCREENING / "indices.csv"
    return stage.read_indices(
        path,
        {"target", "weight", "mu_star"},
        ("mu_star",),
        f"output = {str(output)!r}: the Morris screening's {path}",
        "a folder where python -m simulation.calibration.screening wrote screening/ (run it first)",
    )


@dataclass
class SobolSettings(StageSettings):
    """The Sobol stage; ``configs/sobol.yaml`` mirrors it."""

    base: int = param(
        256,
        8,
        2**20,
        doc="base samples: a power of 2 (a Sobol sequence's balance, and a quarter of it for "
        "the convergence columns)",
        evidence=STAGE,
    )
    top: int = param(12, 2, 1000, doc="weights taken from the screening", evidence=STAGE)

    def check(self) -> SobolSettings:
        super().check()
        if self.base & (self.base - 1):
            raise ConfigError(
                f"base = {self.base} is not allowed; allowed: a power of 2, 8 or more (a Sobol "
                "sequence's balance, and a quarter of it for the convergence columns)"
            )
        return self


ConfigStore.instance().store(name="sobol_schema", node=SobolSettings)


@command(
    "sobol",
    "python -m simulation.calibration.sobol",
    "Sobol indices of the behavioural weights the Morris screening ranks highest",
)
def main(cfg: DictConfig) -> None:
    from simulation.calibration import stage
    from simulation.command_line import describe, refuse
    from simulation.output_folder import claim_study

    try:
        settings = OmegaConf.to_object(cfg).check()
        targets, prior = stage.inputs()
        varied = {k for k, v in zip(prior.keys, prior.varied, strict=True) if v}
        screening = read_screening(Path(settings.output))
        chosen = chosen_weights(screening, len(varied))
        weights = [w for w in chosen if w in varied][: settings.top]
        if len(weights) < 2:
            raise ConfigError(
                f"output = {settings.output!r}: the screening names {len(weights)} weight(s) "
                "the prior varies; allowed: a screening of this model's weights (rerun it)"
            )
        folder = claim_study(settings.output, DATA)
    except ConfigError as error:
        refuse(str(error))
    except OmegaConfBaseException as error:
        refuse(describe(error))
    points, replicates, problem = design(prior, weights, settings.base, settings.seed)
    # four base samples per chunk
    runs = stage.simulate_design(
        DATA, targets, prior, points, settings, (len(weights) + 2) * 4, replicates
    )
    result = indices(runs.values, problem, [t.name for t in targets.targets], settings.seed)
    meta = stage.record(
        runs, settings, points=len(points), base_samples=settings.base, weights=len(weights)
    )
    report = render(result, targets, meta, runs.values)
    stage.publish(DATA, settings, folder, runs, result, meta, figure(result, targets), report)


if __name__ == "__main__":
    main()
