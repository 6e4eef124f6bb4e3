"""The planner's report: the same content as Markdown and as one self-contained HTML file.

:func:`write_report` computes every table (``comparison.py``), draws the figures, and writes,
into a staging folder that replaces ``output`` only when complete:

* ``report.md`` with ``figures/*.png`` beside it, and ``report.html`` with the figures inside
  it (opens in a browser from a file, no server);
* ``outcomes.csv`` (every table row), ``runs.csv`` (each run's outcomes and cost), and
  ``scenarios/<name>.yaml`` (each scenario's resolved config), so anyone can check or redo it.
"""

import base64
import html as html_module
import json
import platform
import re
import shutil
import subprocess
import tempfile
import textwrap
from datetime import UTC, datetime
from importlib.metadata import version
from pathlib import Path

import markdown
import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from simulation import output_folder
from simulation.config import as_yaml
from simulation.escaping import code_fence, html_text, markdown_code, markdown_text
from simulation.experiment.scenario import Scenario
from simulation.indicators import INDICATORS
from simulation.planning import comparison as cmp
from simulation.planning import summary
from simulation.planning.ensemble import Ensemble
from simulation.planning.scenarios import STATUS_QUO

ROOT = Path(__file__).resolve().parents[2]
COLOURS = [f"C{i}" for i in range(10)]
#: Outcomes drawn over time.
TRAJECTORIES = (
    "collaboration_district",
    "collaboration_block",
    "sector_breadth",
    "gp_phase_mean",
    "reach_vulnerable",
)
#: Definitions of the report's outcomes that are not indicators of their own.
DERIVED = {"gp_phase_advanced": "share of Gram Panchayats in engagement phase 3 or 4"}


def definition_lines() -> list[str]:
    """What each outcome of the report means, and why older reports' numbers do not compare."""
    lines = [
        "### What the numbers measure",
        "",
        "Each outcome is one of the model's indicators (`simulation/indicators.py`). Every "
        "one averages over a set of pairs or stakeholders that is the same in every scenario "
        "(a pair that no forum brings together still counts, with its strength as it is), and "
        "weighs each simulated block by the number of its district's blocks it stands for, so "
        "it estimates the same state-wide quantity at every scale.",
        "",
        "| outcome | what it measures |",
        "|---|---|",
    ]
    for key in [*cmp.OUTCOMES, *cmp.SECTORS]:
        text = DERIVED.get(key) or INDICATORS[key]
        lines.append(f"| {markdown_code(key)} | {markdown_text(text)} |")
    return [
        *lines,
        "",
        "Earlier reports' `collaboration_index` is not comparable with these numbers: it "
        "averaged over the pairs a forum brought together, a set that changed with the scenario "
        "and, through the mix of district and block pairs, with the scale.",
        "",
    ]


def fmt(x: float, digits: int = 3) -> str:
    return "n/a" if x is None or not np.isfinite(x) else f"{x:.{digits}f}"


def interval(mean, low, high, digits=3, signed=False) -> str:
    m = f"{mean:+.{digits}f}" if signed and np.isfinite(mean) else fmt(mean, digits)
    if not (np.isfinite(low) and np.isfinite(high)):
        return m
    return f"{m} [{fmt(low, digits)}, {fmt(high, digits)}]"


def code_version() -> str:
    """The git commit of the code, with ``+changes`` if the work tree differs from it."""
    try:
        commit = subprocess.run(
            ["git", "rev-parse", "HEAD"], cwd=ROOT, capture_output=True, text=True, check=True
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "status", "--porcelain", "--", "simulation", "configs"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown (not a git checkout)"
    return commit + (" +changes in simulation/ or configs/" if dirty else "")


def value_for_money(row) -> str:
    """Gain per INR 1 lakh of extra cost, or what to say when there is no extra cost."""
    if row.scenario == STATUS_QUO:
        return "(reference)"
    if row.extra_per_block_year <= 0:
        return "better at no extra cost" if row.gain > 0 else "no extra cost, no gain"
    return fmt(row.gain_per_lakh, 3)


def uncertainty_lines(draws: pd.DataFrame, settings: dict) -> list[str]:
    """What each seed drew of the parameters the planner does not know."""
    if draws.empty or not len(draws.columns):
        return [
            "Every seed runs at the state's own parameter values (no uncertainty drawn).",
            "",
        ]
    spread = settings.get("uncertainty", {}).get("spread")
    posterior = settings.get("uncertainty", {}).get("posterior")
    weights = [k for k in draws.columns if k.startswith("processes.")]
    context = [k for k in draws.columns if k not in weights]
    lines = [
        "What the planner does not know about the state is part of the comparison: each seed "
        f"also draws these parameters within {spread:.0%} of the state's values (a Latin "
        "hypercube over the draws, clipped to each parameter's range), the same draw under "
        "every scenario."
        if spread is not None
        else "Each seed also draws these parameters (the same draw under every scenario).",
        "",
        "| parameter | lowest drawn | highest drawn |",
        "|---|---:|---:|",
    ]
    for key in context:
        lines.append(f"| {markdown_code(key)} | {draws[key].min():g} | {draws[key].max():g} |")
    if weights:
        distinct = len(draws[weights].drop_duplicates())
        per_draw = seeds_per_draw(settings)
        which = "draw *r*" if per_draw == 1 else f"draw *r* // {per_draw}"
        lines += [
            "",
            f"How actors decide is uncertain too: seed *r* also runs with the {len(weights)} "
            f"behavioural weights of {which} of the calibration's posterior "
            f"({markdown_code(str(posterior))}; {distinct} distinct draws, {per_draw} seed(s) "
            "each, which share the state's drawn parameters too), so each difference and each "
            "chance of one scenario beating another spans the posterior as well as the seeds.",
        ]
    return [*lines, ""]


def trajectory_figure(
    runs, scenarios: list[Scenario], outcome: str, label: str, level: float | None = None
) -> Figure:
    """Median and 10-90% band of ``outcome`` per scenario, month by month (and ``level``, the
    level the report's ranking asks about, as a dotted line)."""
    fig = Figure(figsize=(9, 4.8), layout="constrained")
    ax = fig.add_subplot()
    t = cmp.trajectories(runs, outcome)
    for colour, s in zip(COLOURS, scenarios, strict=False):
        d = t[t.scenario == s.name]
        ax.fill_between(d.month, d.q10, d.q90, color=colour, alpha=0.15, lw=0)
        ax.plot(
            d.month,
            d["median"],
            color=colour,
            lw=2 if s.name == STATUS_QUO else 1.4,
            ls="--" if s.name == STATUS_QUO else "-",
            label=plain(s.label),
        )
    if level is not None:
        ax.axhline(level, color="grey", lw=1, ls=":")
        ax.annotate(
            f"level {level:g}", (0.01, level), xycoords=("axes fraction", "data"), va="bottom"
        )
    ax.set_xlabel("month")
    ax.set_ylabel(textwrap.fill(label, 40))
    ax.set_title(f"{label}: median and 10-90% band across simulated districts", fontsize=11)
    ax.legend(fontsize=9, loc="center left", bbox_to_anchor=(1.01, 0.5), frameon=False)
    return fig


def difference_figure(tables: dict[str, pd.DataFrame], scenarios: list[Scenario]) -> Figure:
    """One panel per outcome: each scenario's difference from status quo with its interval."""
    keys = list(tables)
    rows = (len(keys) + 2) // 3
    labels = [plain(s.label) for s in scenarios if s.name != STATUS_QUO]
    fig = Figure(figsize=(11, rows * (0.35 * len(labels) + 1.2)), layout="constrained")
    axes = fig.subplots(rows, 3, sharey=True, squeeze=False).ravel()
    y = np.arange(len(labels))
    for ax, key in zip(axes, keys, strict=False):
        t = tables[key]
        t = t[t.scenario != STATUS_QUO]
        err = np.vstack([t.difference - t.difference_low, t.difference_high - t.difference])
        ax.errorbar(t.difference, y, xerr=err, fmt="o", color="C0", ms=4, capsize=3)
        ax.axvline(0, color="grey", lw=0.8)
        name, higher = cmp.OUTCOMES[key]
        ax.set_title(
            textwrap.fill(f"{name} ({'higher' if higher else 'lower'} is better)", 40), fontsize=8
        )
        ax.tick_params(labelsize=7)
    for ax in axes[len(keys) :]:
        ax.axis("off")
    axes[0].set_yticks(y, labels)
    axes[0].invert_yaxis()
    fig.suptitle("Difference from status quo: mean and 95% interval, paired by seed", fontsize=10)
    return fig


def plain(text: str) -> str:
    """A user's text for a figure, shown as typed (``$`` would start matplotlib's mathtext)."""
    return text.replace("$", r"\$")


def figure_png(fig: Figure) -> bytes:
    path = Path(tempfile.mkstemp(suffix=".png")[1])
    try:
        fig.savefig(path, dpi=110)
        return path.read_bytes()
    finally:
        path.unlink(missing_ok=True)


def _setting(override: str) -> str:
    """One override of a scenario as the report's table shows it: an interventions preset by
    name, an intervention without its ``interventions.`` prefix, any other key in full."""
    key, _, value = override.partition("=")
    if key == "interventions":
        return f"{markdown_code(value)} preset"
    return markdown_code(f"{key.removeprefix('interventions.')}={value}")


def build(ensemble: Ensemble, scenarios: list[Scenario], settings: dict, command: str):
    """The report's Markdown, its figures (name -> PNG bytes) and its tables.

    The report opens with a plain-language summary and reads, up to its appendix, as a
    planner would say it (:mod:`simulation.planning.summary`): labels, rounded numbers, counts
    of simulated districts. Config keys, unrounded numbers and statisticians' terms are in the
    appendix."""
    order = [s.name for s in scenarios]
    label = {s.name: markdown_text(s.label) for s in scenarios}
    runs = ensemble.runs
    outcomes = cmp.run_outcomes(runs)
    per_draw = seeds_per_draw(settings)
    tables = {o: cmp.outcome_table(outcomes, o, order, per_draw) for o in cmp.OUTCOMES}
    beat = cmp.beats(runs, outcomes, order, cmp.COLLABORATION, per_draw)
    costs = cmp.cost_table(ensemble.costs, outcomes, order)
    fall = cmp.collapse(runs, outcomes, order, settings["collapse_below"], ensemble.draws, per_draw)
    rank = cmp.ranking(outcomes, order, per_draw=per_draw)
    origin = cmp.sources(outcomes, rank, per_draw)
    levels = cmp.level_reached(runs, order)
    figures = {
        "differences.png": figure_png(difference_figure(tables, scenarios)),
        **{
            f"trajectory_{o}.png": figure_png(
                trajectory_figure(
                    runs.assign(gp_phase_advanced=runs.gp_phase_3 + runs.gp_phase_4),
                    scenarios,
                    o,
                    cmp.OUTCOMES[o][0],
                    cmp.REACH_LEVEL if o == cmp.COLLABORATION else None,
                )
            )
            for o in TRAJECTORIES
        },
    }
    md = [
        f"# {markdown_text(title(settings))}",
        "",
        *partial_lines(settings),
        *summary.summary_lines(
            outcomes, rank, levels, fall.shares, costs, ensemble.draws, label, settings, origin
        ),
        f"*Made on {settings['date']}. Every number is a simulation's, not a measurement: "
        "the model encodes what Singh et al. (2024) found in interviews, so read the report "
        "for how the options compare, not for the values to expect. The appendix has the "
        "details for an analyst.*",
        "",
        "## The scenarios",
        "",
        "| scenario | what it does |",
        "|---|---|",
    ]
    for s in scenarios:
        md.append(f"| **{label[s.name]}** | {markdown_text(s.description)} |")
    md += ["", *summary.ranking_lines(rank, levels, fall.shares, beat, label, settings)]
    md += summary.units_lines(outcomes, order, label)
    md += summary.earlier_lines(outcomes, order, label)
    sectors = cmp.sector_table(outcomes, order)
    md += [
        "### Which sectors act jointly",
        "",
        "Share of blocks where each other sector took a joint action with health or with "
        "another sector in a month (joint actions with Gram Panchayats not counted).",
        "",
        "| scenario | " + " | ".join(cmp.SECTORS.values()) + " |",
        "|---|" + "---:|" * len(cmp.SECTORS),
    ]
    for row in sectors.itertuples(index=False):
        md.append(f"| {label[row[0]]} | " + " | ".join(f"{v:.0%}" for v in row[1:]) + " |")
    md += [
        "",
        "## Over time",
        "",
        "Each line is the middle simulated district (median); the shaded band holds 8 in 10 "
        "of them.",
        "",
    ]
    for o in TRAJECTORIES:
        md += [f"![{markdown_text(cmp.OUTCOMES[o][0])}](figures/trajectory_{o}.png)", ""]
    md += [
        "## What it costs",
        "",
        "**The unit costs are illustrative**: the sources give no costs, so these are round "
        "orders of magnitude, to be replaced by a state's own figures (the appendix lists "
        "them). A run's cost counts what it did: officers trained, committee and platform "
        "meetings actually held, blocks with a platform, departments with deliverables, "
        "awards, data system.",
        "",
        "| scenario | cost per block per year (INR) | extra over status quo "
        "| gain in block collaboration | gain per INR 1 lakh extra per block per year |",
        "|---|---:|---:|---:|---:|",
    ]
    for row in costs.itertuples():
        md.append(
            f"| {label[row.scenario]} | {row.cost_per_block_year:,.0f} | "
            f"{row.extra_per_block_year:+,.0f} | {row.gain:+.2f} | {value_for_money(row)} |"
        )
    md += [
        "",
        "## What could go wrong",
        "",
        f"A run *collapsed* when its block collaboration over the last year was below "
        f"{fall.threshold:.2f} (in the first month of the runs it averages "
        f"{runs.loc[runs.month == 1, cmp.COLLABORATION].mean():.2f}): collaboration fell "
        "apart or never took off. This concerns the departments' ties at district and block "
        "level; Gram Panchayat phases and reach are in the tables above.",
        "",
        "| scenario | collapsed |",
        "|---|---:|",
    ]
    for row in fall.shares.itertuples():
        md.append(f"| {label[row.scenario]} | {row.collapsed} of {row.runs} |")
    md += [
        "",
        "What collapsed runs had in common (when some runs of a scenario collapse and others "
        "do not) is in the appendix.",
        "",
        *appendix_lines(ensemble, scenarios, settings, command, tables, beat, fall, label, origin),
    ]
    flat = pd.concat(
        [t.assign(outcome=o) for o, t in tables.items()]
        + [
            beat.assign(outcome=f"p_better_{cmp.COLLABORATION}"),
            rank.assign(outcome=f"rank_{cmp.COLLABORATION}"),
            levels.assign(outcome=f"level_{cmp.COLLABORATION}"),
            costs.assign(outcome="cost"),
            fall.shares.assign(outcome="collapse"),
            origin.assign(outcome=f"sources_{cmp.COLLABORATION}"),
        ],
        ignore_index=True,
    )
    per_run = outcomes.merge(ensemble.costs, on=["scenario", "replicate"]).merge(
        ensemble.jobs[["scenario", "replicate", "config_hash", "model_identity"]],
        on=["scenario", "replicate"],
    )
    if len(ensemble.draws.columns):
        per_run = per_run.merge(ensemble.draws.reset_index(), on="replicate")
    return "\n".join(md) + "\n", figures, flat, per_run


#: The heading of the report's appendix: what follows it is for an analyst.
APPENDIX = "## Appendix: details for an analyst"


def seeds_per_draw(settings: dict) -> int:
    """How many seeds each draw of the assumptions runs (``uncertainty.seeds_per_draw``)."""
    return int((settings.get("uncertainty") or {}).get("seeds_per_draw", 1))


def sources_lines(origin: pd.DataFrame, label: dict[str, str], per_draw: int) -> list[str]:
    """The appendix's table of where each difference's uncertainty comes from."""
    draws = int(origin.draws.iloc[0]) if len(origin) else 0
    lines = [
        "### Where the uncertainty of each difference comes from",
        "",
        f"On {markdown_code(cmp.COLLABORATION)} (last 12 months; a positive difference is the "
        f"first scenario doing better). The seeds run {draws} draws of the assumptions (the "
        "calibration's posterior and the state's uncertain parameters), "
        f"{per_draw} seed(s) each. *Mean [95% CI]*: Student t over the draws' means. *90% of "
        "districts*: the range holding 90% of single simulated districts' differences, both "
        "sources together. *Spread from chance* and *from the assumptions*: standard "
        "deviations from a one-way random-effects analysis of variance (seeds within draws; "
        "`simulation/planning/comparison.py`, `split`), and the assumptions' share of the "
        "variance. *Ahead in draws*: the draws whose mean over their seeds is above 0: how "
        "often the first scenario is ahead across the posterior, each draw judged on its "
        "seeds' mean (so chance is still in it).",
        "",
    ]
    if per_draw == 1:
        lines += [
            "Each draw ran one seed, so chance and the assumptions cannot be told apart here "
            "(rerun with `uncertainty.seeds_per_draw=2` or more).",
            "",
        ]
    lines += [
        "| difference | mean [95% CI] | 90% of districts | spread from chance "
        "| spread from the assumptions | assumptions' share | ahead in draws |",
        "|---|---|---|---:|---:|---:|---:|",
    ]
    for r in origin.itertuples():
        what = "status quo" if r.kind == "against the status quo" else label[r.against]
        lines.append(
            f"| {label[r.scenario]} minus {what} | {interval(r.mean, r.low, r.high, signed=True)} "
            f"| {r.range_low:+.3f} to {r.range_high:+.3f} | {fmt(r.sd_chance)} "
            f"| {fmt(r.sd_assumptions)} | {fmt(r.share_assumptions, 2)} "
            f"| {r.draws_ahead} of {r.draws} |"
        )
    return [*lines, ""]


def dependence_lines(settings: dict, label: dict[str, str]) -> list[str]:
    """The appendix's table of the weights each difference depends on most (Sobol total
    indices, :mod:`simulation.planning.dependence`), for the compared scenarios."""
    from simulation.planning.dependence import plain_weight, target_of

    records = settings.get("sensitivity")
    if not records:
        return []
    rows = []
    for scenario in settings["scenarios"]:
        for against in settings["scenarios"]:
            top = [r for r in records if r["target"] == target_of(scenario, against)]
            if top:
                weights = "; ".join(
                    f"{markdown_text(plain_weight(r['weight']))} ({markdown_code(r['weight'])}, "
                    f"{r['ST']:.2f})"
                    for r in top
                )
                rows.append(f"| {label[scenario]} minus {label[against]} | {weights} |")
    if not rows:
        return []
    path = (settings.get("uncertainty") or {}).get("sensitivity")
    return [
        "### What the differences depend on most",
        "",
        "Of how departments decide: the behavioural weights with the largest Sobol total index "
        "(the share of the difference's variance a weight accounts for, alone and with the "
        f"others) in {markdown_code(str(path))} (`python -m simulation.calibration.sobol`: "
        "Bihar, scale 0.1, the weights the Morris screening ranks highest, each over the "
        "calibration's prior range).",
        "",
        "| difference | weights (total index) |",
        "|---|---|",
        *rows,
        "",
    ]


def appendix_lines(
    ensemble, scenarios, settings, command, tables, beat, fall, label, origin
) -> list:
    """The appendix: how the numbers are made (in statisticians' terms), the config keys of
    each scenario and of the drawn parameters, unrounded tables with intervals, and how to
    regenerate the report."""
    n = settings["seeds"]
    md = [
        APPENDIX,
        "",
        f"*{len(scenarios)} scenarios, each run on the same {n} seeds (districts drawn at random "
        f"from the state's structure, at scale {settings['scale']}), {settings['months']} months "
        "(a simulated district is a seed).*",
        "",
        "How to read it: every number is a mean over the last 12 months of a run, then over "
        "seeds, with a 95% interval (Student t over the draws of the assumptions, each the "
        "mean of its seeds; see *Where the uncertainty of each difference comes from*). "
        "Differences are paired: seed *r* of "
        "a scenario and seed *r* of another share the same district and the same chance "
        "events, so the difference is the scenario's effect. An interval that excludes 0 is a "
        "difference the ensemble can tell apart; it is a statement about the model, which "
        "encodes the qualitative findings of Singh et al. (2024), not a forecast. The ranking's "
        "*lead over the next* is the paired difference from the scenario ranked below, with "
        "its Student-t 95% interval.",
        "",
        *uncertainty_lines(ensemble.draws, settings),
        "### The scenarios' settings",
        "",
        "| scenario | settings |",
        "|---|---|",
    ]
    for s in scenarios:
        sets = ", ".join(_setting(o) for o in s.overrides)
        md.append(f"| {label[s.name]} ({markdown_code(s.name)}) | {sets or 'none'} |")
    md += ["", *definition_lines()]
    md += sources_lines(origin, label, seeds_per_draw(settings))
    md += dependence_lines(settings, label)
    md += ["### Differences from status quo", "", "![differences](figures/differences.png)", ""]
    for o, t in tables.items():
        name, higher = cmp.OUTCOMES[o]
        md += [
            f"### {name}",
            "",
            f"{markdown_code(o)}; {'higher' if higher else 'lower'} is better.",
            "",
            "| scenario | runs | mean [95% CI] | difference from status quo [95% CI] |",
            "|---|---:|---|---|",
        ]
        for row in t.itertuples():
            diff = (
                "(reference)"
                if row.scenario == STATUS_QUO
                else interval(row.difference, row.difference_low, row.difference_high, signed=True)
            )
            md.append(
                f"| {label[row.scenario]} | {row.runs} | {interval(row.mean, row.low, row.high)} "
                f"| {diff} |"
            )
        md.append("")
    md += [
        "### Does it beat the status quo, and when?",
        "",
        f"Probability that the scenario's {markdown_code(cmp.COLLABORATION)} (last 12 months) "
        "is higher than status quo's on the same seed, with a 95% interval (Wilson's; when "
        "seeds share draws, a bootstrap over whole draws); and the "
        "month from which its 12-month rolling mean stays above status quo's to the end "
        "(median over the seeds where it does; *never* counts the others). When the status "
        "quo collapses, these say little: see the ranking.",
        "",
        "| scenario | P(better than status quo) [95% CI] | months until better for good | never |",
        "|---|---|---:|---:|",
    ]
    for row in beat.itertuples():
        md.append(
            f"| {label[row.scenario]} | {interval(row.p_better, row.p_low, row.p_high, 2)} "
            f"| {fmt(row.months_median, 0)} | {row.never} of {row.replicates} |"
        )
    md += [
        "",
        "### Collapse: shares and what collapsed runs had in common",
        "",
        f"Collapsed: {markdown_code(cmp.COLLABORATION)} over the last 12 months below "
        f"{fall.threshold:g}; share with a 95% interval (Wilson's; when seeds share draws, a "
        "bootstrap over whole draws).",
        "",
        "| scenario | collapsed | share [95% CI] |",
        "|---|---:|---|",
    ]
    for row in fall.shares.itertuples():
        md.append(
            f"| {label[row.scenario]} | {row.collapsed} of {row.runs} "
            f"| {interval(row.share, row.low, row.high, 2)} |"
        )
    md.append("")
    if len(fall.conditions):
        md += [
            f"What the {int(fall.conditions.runs_collapsed.iloc[0])} collapsed runs of scenarios "
            "that sometimes collapse and sometimes do not had in common: the parameters their "
            "seed drew, and their first two years. Each is taken relative to its scenario's "
            "mean (so the scenario itself is not what is found), then compared between "
            "collapsed and other runs, in pooled standard deviations, largest difference first:",
            "",
            "| condition (relative to its scenario's mean) | collapsed runs | other runs "
            "| standardised difference |",
            "|---|---:|---:|---:|",
        ]
        for row in fall.conditions.itertuples():
            md.append(
                f"| {row.sign} | {row.collapsed:+.3f} | {row.others:+.3f} "
                f"| {row.standardised_difference:+.2f} |"
            )
    else:
        md.append(
            "No scenario has both collapsed and other runs, so there is nothing to contrast "
            "within a scenario: where a scenario collapses, it collapses on every seed (its "
            "design, not chance, is what goes wrong); rerun with more seeds to look closer."
        )
    failed = ensemble.failed
    md += [
        "",
        "### Unit costs",
        "",
        "From `configs/costs/illustrative.yaml`, documented in `simulation/planning/costs.py`: "
        + ", ".join(f"{markdown_code(k)} = {v:g}" for k, v in settings["costs"].items())
        + ".",
        "",
        "### How to regenerate this report",
        "",
        code_fence(command, "sh"),
        "",
        f"- Generated {settings['date']} by {markdown_code(command)}",
        f"- Code version: `{settings['code_version']}`",
        f"- Seeds: base seed {settings['seed']}, replicates 0 to {n - 1} (each replicate draws "
        "its random streams from (seed, replicate) with numpy's SeedSequence)",
        f"- Python {platform.python_version()}, Mesa {version('mesa')}, numpy {version('numpy')}",
        "- Each scenario's resolved configuration is in `scenarios/<name>.yaml`; each run's "
        "config hash, model identity, outcomes and cost are in `runs.csv`; every table row is in "
        "`outcomes.csv`.",
        f"- Runs: {len(ensemble.jobs)} ({(ensemble.jobs.status == 'ran').sum()} run now, "
        f"{(ensemble.jobs.status == 'skipped').sum()} reused from an earlier run of the same "
        f"config by the same model, {ensemble.jobs.replaced.sum()} recomputed because the model "
        "changed, "
        f"{len(failed)} failed).",
    ]
    if len(failed):
        md.append(
            "- **Failed runs are left out of every table**: "
            + ", ".join(
                f"{markdown_text(r.scenario)} seed {r.replicate}" for r in failed.itertuples()
            )
        )
    return md


HTML = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{title}</title>
<style>
body {{ font-family: system-ui, sans-serif; max-width: 1100px; margin: 2em auto; padding: 0 1em;
       line-height: 1.45; color: #222; }}
h1 {{ font-size: 1.6em; }}
table {{ border-collapse: collapse; margin: 0.8em 0; font-size: 0.9em; }}
th, td {{ border: 1px solid #ccc; padding: 0.3em 0.6em; vertical-align: top; }}
th {{ background: #f2f2f2; }}
img {{ max-width: 100%; }}
code {{ background: #f5f5f5; padding: 0 0.2em; }}
pre {{ background: #f5f5f5; padding: 0.8em; overflow-x: auto; }}
</style></head><body>
{body}
</body></html>
"""


def title(settings: dict) -> str:
    """The report's title (plain text: escape it for Markdown or HTML)."""
    return f"Block convergence models and reforms in {settings['state_name']}: a comparison"


def partial_lines(settings: dict) -> list[str]:
    """What makes this comparison partial (``settings["partial"]``), said at the top."""
    found = settings.get("partial") or []
    if not found:
        return []
    return [
        "**Partial comparison, not the full study**: "
        + "; ".join(markdown_text(d) for d in found)
        + ". Its numbers are a quick look; the full comparison is the one with the default "
        "settings (`configs/compare.yaml`).",
        "",
    ]


def html(md: str, figures: dict[str, bytes], title: str | None = None) -> str:
    """The report as one HTML file, its figures embedded as data URIs.

    Every user string in ``md`` is escaped already (``simulation.escaping``), so the Markdown
    converter writes no HTML of the user's; ``title`` is plain text, escaped here.
    """
    body = markdown.markdown(md, extensions=["tables", "fenced_code"])
    for name, png in figures.items():
        data = base64.b64encode(png).decode()
        body = body.replace(f'src="figures/{name}"', f'src="data:image/png;base64,{data}"')
    if title is None:  # the first heading, as the reader sees it
        title = html_module.unescape(re.sub(r"<[^>]*>", "", re.search(r"<h1>(.*?)</h1>", body)[1]))
    return HTML.format(title=html_text(title), body=body)


def claim_report(output: Path) -> output_folder.Claim:
    """Check, before any run, that the report folder ``output`` is new, empty or a report
    this project wrote (which is replaced); raises ConfigError otherwise."""
    return output_folder.claim(output, "comparison", overwrite=True, option="output")


def write_report(
    ensemble: Ensemble,
    scenarios: list[Scenario],
    settings: dict,
    command: str,
    output: Path,
    claim: output_folder.Claim | None = None,
) -> Path:
    """Write the report folder ``output`` atomically (staging folder, then renames).

    ``claim`` is :func:`claim_report`'s, made before the runs; without it the folder is claimed
    here. Only files of an earlier report (its manifest lists them) are replaced."""
    output = Path(output)
    claim = claim or claim_report(output)
    md, figures, flat, per_run = build(ensemble, scenarios, settings, command)
    output.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{output.name}.", dir=output.parent))
    try:
        (staging / "figures").mkdir()
        for name, png in figures.items():
            (staging / "figures" / name).write_bytes(png)
        (staging / "report.md").write_text(md)
        (staging / "report.html").write_text(html(md, figures, title(settings)))
        flat.to_csv(staging / "outcomes.csv", index=False)
        per_run.to_csv(staging / "runs.csv", index=False)
        (staging / "scenarios").mkdir()
        for name, config in ensemble.configs.items():
            (staging / "scenarios" / f"{name}.yaml").write_text(as_yaml(config))
        (staging / "settings.json").write_text(json.dumps(settings, indent=2, default=str))
        claim.place(staging, command)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return output


def now() -> str:
    return f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC"


def settings_of(
    ensemble: Ensemble,
    scenarios: list[Scenario],
    seeds: int,
    costs,
    collapse_below: float = 0.1,
) -> dict:
    """What the report says about how it was made, read off the ensemble's own configs."""
    first = next(iter(ensemble.configs.values()))
    return {
        "state": first.state.name.lower().replace(" ", "_"),
        "state_name": first.state.name,
        "seeds": int(seeds),
        "seed": int(first.seed),
        "months": int(first.months),
        "scale": float(first.scale),
        "collapse_below": float(collapse_below),
        "costs": dict(vars(costs)),
        "scenarios": [s.name for s in scenarios],
        "date": now(),
        "code_version": code_version(),
    }
