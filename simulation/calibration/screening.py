"""Morris screening of every behavioural weight on the planner's differences and ranking.

``python -m simulation.calibration.screening [trajectories=12] [scale=0.1] [workers=0]
[output=results]`` (settings: ``configs/screening.yaml``) writes ``<output>/screening.md`` and
``<output>/screening/`` (indices, figure, design and run table).

Each weight varied by the calibration's prior (:mod:`.prior`) moves over its prior range on a
4-level grid along Morris trajectories (SALib's ``morris`` design; Morris 1991, Campolongo et
al. 2007); every point of a trajectory is simulated on the runs of
``configs/screening_targets.yaml`` (Bihar's status quo, health-led and RDPR-led convergence and
the full package, 120 months, common random numbers within a point), through the calibration's
runner, so it resumes after an interruption and gives the same numbers on any number of
workers. For each difference, mu* (the mean absolute elementary effect, in the difference's
units over the weight's whole prior range) ranks the weights; sigma measures how much a weight's
effect changes with the others (interactions or non-linearity). Convergence is shown by the same
indices from the first half of the trajectories, and by how many of the top ten weights the
two share.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
from hydra.core.config_store import ConfigStore
from omegaconf import DictConfig, OmegaConf
from omegaconf.errors import OmegaConfBaseException

from simulation.calibration.prior import Prior
from simulation.calibration.stage import STAGE, StageSettings
from simulation.calibration.targets import Targets
from simulation.command_line import command
from simulation.parameters import ConfigError, param

DATA = "screening"
LEVELS = 4


def design(prior: Prior, trajectories: int, seed: int) -> tuple[np.ndarray, dict]:
    """The Morris design over the varied weights (others at their default): one row per point,
    one column per prior key; and SALib's problem."""
    from SALib.sample import morris

    varied = [k for k, v in zip(prior.keys, prior.varied, strict=True) if v]
    index = {k: j for j, k in enumerate(prior.keys)}
    problem = {
        "num_vars": len(varied),
        "names": varied,
        "bounds": [[float(prior.low[index[k]]), float(prior.high[index[k]])] for k in varied],
    }
    # rounded: a grid level is low + k (high - low) / 3, whose last bit would otherwise put a
    # weight a hair beyond the prior's end (where another weight's range begins)
    points = np.round(morris.sample(problem, trajectories, num_levels=LEVELS, seed=seed), 12)
    full = np.tile(prior.default, (len(points), 1))
    for j, key in enumerate(varied):
        full[:, index[key]] = points[:, j]
    return full, problem


def indices(
    table: pd.DataFrame, values: pd.DataFrame, problem: dict, names: list[str], seed: int
) -> pd.DataFrame:
    """One row per (difference, weight): mu*, its 95% half-width, sigma, and mu* from the
    first half of the trajectories."""
    from SALib.analyze import morris

    x = table[problem["names"]].to_numpy()
    per = problem["num_vars"] + 1
    half = (len(x) // per // 2) * per
    rows = []
    for name in names:
        y = values[name].to_numpy()
        full = morris.analyze(problem, x, y, num_levels=LEVELS, seed=seed)
        early = morris.analyze(problem, x[:half], y[:half], num_levels=LEVELS, seed=seed)
        for j, key in enumerate(problem["names"]):
            rows.append(
                {
                    "target": name,
                    "weight": key,
                    "mu_star": float(full["mu_star"][j]),
                    "mu_star_conf": float(full["mu_star_conf"][j]),
                    "sigma": float(full["sigma"][j]),
                    "mu_star_half": float(early["mu_star"][j]),
                }
            )
    return pd.DataFrame(rows)


def agreement(result: pd.DataFrame, name: str, top: int = 10) -> int:
    """How many of the top ``top`` weights by mu* the first half of the trajectories shares."""
    rows = result[result["target"] == name]
    full = set(rows.nlargest(top, "mu_star")["weight"])
    early = set(rows.nlargest(top, "mu_star_half")["weight"])
    return len(full & early)


def render(
    result: pd.DataFrame, targets: Targets, meta: dict, values: pd.DataFrame, top: int = 8
) -> str:
    from simulation.escaping import markdown_code, markdown_text

    label = {t.name: t.statement for t in targets.targets}
    lines = [
        "# Morris screening: which behavioural weights the planner's conclusions depend on",
        "",
        f"Regenerate with `python -m simulation.calibration.screening` ({meta['runs']:,} runs, "
        f"{meta['minutes']} min on {meta['workers']} workers, {meta['date']}). "
        f"{meta['trajectories']} trajectories over the {meta['weights']} weights the "
        f"calibration's prior varies (each over its prior range, {LEVELS} levels); Bihar at "
        f"scale {meta['scale']:g}, 120 months; block collaboration in the last year. How it "
        "works: `simulation/calibration/screening.py`.",
        "",
        "*mu\\**: mean absolute elementary effect of moving the weight across its prior range, "
        "in the difference's units (± 95% bootstrap half-width); *sigma*: how much that effect "
        "changes with the other weights; *first half*: mu\\* from the first half of the "
        "trajectories (convergence).",
        "",
    ]
    for name in result["target"].unique():
        rows = result[result["target"] == name].nlargest(top, "mu_star")
        v = values[name].to_numpy()
        lines += [
            f"## {markdown_text(label.get(name, name))}",
            "",
            f"Over the {len(v):,} points of the design: from {v.min():+.3f} to {v.max():+.3f}, "
            f"above 0 at {int((v > 0).sum()):,} of them. Top {top} weights of "
            f"{meta['weights']}; the first half of the trajectories shares "
            f"{agreement(result, name)} of the top 10.",
            "",
            "| Weight | mu* ± | sigma | mu*, first half |",
            "|---|---|---|---|",
        ]
        for _, r in rows.iterrows():
            lines.append(
                f"| {markdown_code(r['weight'])} | {r['mu_star']:.3f} ± {r['mu_star_conf']:.3f} "
                f"| {r['sigma']:.3f} | {r['mu_star_half']:.3f} |"
            )
        lines.append("")
    lines += ["![mu* of the top weights](screening/indices.png)", ""]
    return "\n".join(lines)


def figure(result: pd.DataFrame, targets: Targets, top: int = 8):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    label = {t.name: t.statement for t in targets.targets}
    names = list(result["target"].unique())
    fig, axes = plt.subplots(1, len(names), figsize=(4.2 * len(names), 4.2), squeeze=False)
    for ax, name in zip(axes.flat, names, strict=True):
        rows = result[result["target"] == name].nlargest(top, "mu_star")[::-1]
        short = [w.removeprefix("processes.") for w in rows["weight"]]
        ax.barh(short, rows["mu_star"], xerr=rows["mu_star_conf"], color="C0")
        ax.set_title(label.get(name, name), fontsize=9, wrap=True)
        ax.tick_params(labelsize=8)
        ax.set_xlabel("mu*")
    fig.tight_layout()
    return fig


def reread(output: Path | str) -> tuple[str, str]:
    """(committed report, the report rendered again from the committed indices and runs)."""
    from simulation.calibration import stage

    return stage.reread(output, DATA, render)


@dataclass
class ScreeningSettings(StageSettings):
    """The Morris screening; ``configs/screening.yaml`` mirrors it."""

    trajectories: int = param(
        12,
        4,
        10_000,
        doc="Morris trajectories (at least 4: the convergence check needs 2 in each half)",
        evidence=STAGE,
    )


ConfigStore.instance().store(name="screening_schema", node=ScreeningSettings)


@command(
    "screening",
    "python -m simulation.calibration.screening",
    "Morris screening of every behavioural weight on the planner's differences and ranking",
)
def main(cfg: DictConfig) -> None:
    from simulation.calibration import stage
    from simulation.command_line import describe, refuse
    from simulation.output_folder import claim_study

    try:
        settings = OmegaConf.to_object(cfg).check()
        targets, prior = stage.inputs()
        folder = claim_study(settings.output, DATA)
    except ConfigError as error:
        refuse(str(error))
    except OmegaConfBaseException as error:
        refuse(describe(error))
    points, problem = design(prior, settings.trajectories, settings.seed)
    # one trajectory per chunk
    runs = stage.simulate_design(DATA, targets, prior, points, settings, problem["num_vars"] + 1)
    result = indices(
        runs.table, runs.values, problem, [t.name for t in targets.targets], settings.seed
    )
    meta = stage.record(
        runs, settings, trajectories=settings.trajectories, weights=problem["num_vars"]
    )
    report = render(result, targets, meta, runs.values)
    stage.publish(DATA, settings, folder, runs, result, meta, figure(result, targets), report)


if __name__ == "__main__":
    main()
