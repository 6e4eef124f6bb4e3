"""Does ``scale`` change what an indicator estimates? Every indicator, and every scenario's
difference from the status quo, at scales 0.1, 0.25 and 1, over the same seeds.

    python experiments/scale_invariance.py                 # Bihar and Tamil Nadu, 20 seeds
    python experiments/scale_invariance.py --seeds 30 --states bihar kerala
    python experiments/scale_invariance.py --seeds 3 --months 24 --output /tmp/scale.md

Each run simulates 120 months of one state under one of the planner's scenarios
(``configs/scenarios/``) at the state's own parameter values; a run's number is its indicator's
mean over the last 12 months. For each state, scale and indicator the table gives the mean over
seeds with Student's t 95% interval; a scenario's difference from the status quo is paired by
seed. A scale *disagrees* with the whole state (scale 1) on a quantity when Welch's 95% interval
of the difference between the two scales' means excludes 0 *and* the difference is larger than
a tolerance a planner would not notice: 1% of the indicator's range (0.01 on a 0-1 scale, 0.05
allied sectors of 5), or 2% of the whole state's mean for a count without an upper end. Over
dozens of rows, 1 in 20 intervals excludes 0 by chance alone: the tolerance keeps such a
disagreement from deciding the default scale. The smallest scale that agrees on every headline
indicator and every headline difference is the one a study may default to.

Writes ``results/scale_invariance.md`` and, beside it, ``results/scale_invariance.csv`` (one row
per state, scale, scenario and indicator), atomically.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np
import pandas as pd

from simulation.config import load_config
from simulation.experiment.evaluate import evaluate, values
from simulation.indicators import HEADLINE, INDICATORS, bounds
from simulation.output_folder import write_atomically, write_text_atomically
from simulation.parameters import ConfigError
from simulation.planning.scenarios import STATUS_QUO, load_scenarios
from simulation.run import run
from simulation.statistics import difference_interval, t_interval

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_OUTPUT = ROOT / "results" / "scale_invariance.md"
SCALES = (0.1, 0.25, 1.0)
COMMAND = "python experiments/scale_invariance.py"


def last_year(config) -> dict[str, float]:
    """One run's mean of every indicator over its last twelve months."""
    series = run(config, progress=False).timeseries
    return series.drop(columns="month").iloc[-12:].mean().to_dict()


def measure(states, scales, seeds: int, months: int, workers: int, scenarios=None) -> pd.DataFrame:
    """One row per state, scale, scenario and seed, one column per indicator. ``scenarios``:
    names in ``configs/scenarios/`` (default: every one), the status quo always included."""
    keys, runs = [], []
    for state in states:
        for scenario in load_scenarios(scenarios, state=state):
            for scale in scales:
                for seed in range(seeds):
                    keys.append((state, scale, scenario.name, seed))
                    runs.append(
                        [
                            f"state={state}",
                            f"scale={scale}",
                            f"months={months}",
                            f"seed={seed}",
                            "progress=false",
                            *scenario.overrides,
                        ]
                    )
    results = values(
        evaluate(runs, last_year, workers=workers, label="scale study", progress=workers != 1)
    )
    index = pd.MultiIndex.from_tuples(keys, names=["state", "scale", "scenario", "seed"])
    return pd.DataFrame(results, index=index)


def summarise(table: pd.DataFrame) -> pd.DataFrame:
    """Per state, scale, scenario (``status_quo`` for levels; ``X - status_quo`` for paired
    differences) and indicator: mean, interval and whether it agrees with scale 1."""
    rows = []
    for (state, scale), block in table.groupby(level=["state", "scale"]):
        base = block.xs(STATUS_QUO, level="scenario")
        for scenario, arm in block.groupby(level="scenario"):
            arm = arm.droplevel(["state", "scale", "scenario"])
            for name in INDICATORS:
                if scenario == STATUS_QUO:
                    label, x = STATUS_QUO, arm[name].to_numpy()
                    limits = bounds(name)
                else:
                    label = f"{scenario} - {STATUS_QUO}"
                    x = (arm[name] - base.droplevel(["state", "scale"])[name]).to_numpy()
                    low, high = bounds(name)
                    limits = (low - high, high - low)
                mean, lo, hi = t_interval(x, limits)
                rows.append(
                    dict(
                        state=state,
                        scale=scale,
                        quantity=label,
                        indicator=name,
                        mean=mean,
                        low=lo,
                        high=hi,
                        values=x,
                    )
                )
    out = pd.DataFrame(rows)
    whole = out[out.scale == 1.0].set_index(["state", "quantity", "indicator"])["values"]
    agree, d_low, d_high, chance = [], [], [], []
    for r in out.itertuples():
        reference = whole[(r.state, r.quantity, r.indicator)]
        low, high = difference_interval(r.values, reference)
        d_low.append(low)
        d_high.append(high)
        apart = not np.isnan(low) and not low <= 0 <= high
        allowed = tolerance(r.indicator, np.mean(reference))
        noticeable = abs(np.mean(r.values) - np.mean(reference)) > allowed
        agree.append(bool(r.scale == 1.0 or not (apart and noticeable)))
        chance.append(0.0 if r.scale == 1.0 else chance_of_a_mark(r.values, reference, allowed))
    out["vs_whole_low"], out["vs_whole_high"], out["agrees"] = d_low, d_high, agree
    out["chance_of_a_mark"] = chance
    return out.drop(columns="values")


def chance_of_a_mark(x: np.ndarray, reference: np.ndarray, allowed: float) -> float:
    """The chance that a row is marked as disagreeing if the scale changed nothing: that
    Welch's t of the difference of means (true difference 0) passes both its 95% critical
    value and the tolerance ``allowed``. Rows whose standard error is small beside the
    tolerance (most block indicators) are almost never marked by chance; rows over a state's
    few dozen districts, whose standard error is near the tolerance, are in about 1 in 20."""
    from scipy import stats

    x, y = np.asarray(x, dtype=float), np.asarray(reference, dtype=float)
    vx, vy = x.var(ddof=1) / len(x), y.var(ddof=1) / len(y)
    se = float(np.sqrt(vx + vy))
    if not se > 0:
        return 0.0
    df = (vx + vy) ** 2 / (vx**2 / (len(x) - 1) + vy**2 / (len(y) - 1))
    cut = max(float(stats.t.ppf(0.975, df)), allowed / se)
    return float(2 * stats.t.sf(cut, df))


def tolerance(name: str, whole_mean: float) -> float:
    """The largest difference from the whole state a planner would not notice: 1% of the
    indicator's range, or 2% of the whole state's mean where the range has no upper end."""
    low, high = bounds(name)
    if np.isfinite(low) and np.isfinite(high):
        return 0.01 * (high - low)
    return 0.02 * abs(whole_mean)


def headline(summary: pd.DataFrame) -> pd.DataFrame:
    return summary[summary.indicator.isin(HEADLINE)]


def smallest_agreeing_scale(summary: pd.DataFrame) -> dict[str, float]:
    """Per state: the smallest scale agreeing with scale 1 on every headline row."""
    out = {}
    for state, rows in headline(summary).groupby("state"):
        ok = rows.groupby("scale").agrees.all()
        out[state] = float(min(s for s, good in ok.items() if good))
    return out


def _cell(r: pd.Series) -> str:
    interval = "" if np.isnan(r["low"]) else f" [{r['low']:.3f}, {r['high']:.3f}]"
    mark = "" if r["agrees"] else " **≠**"
    return f"{r['mean']:.3f}{interval}{mark}"


def report(summary: pd.DataFrame, seeds: int, months: int, command: str) -> str:
    best = smallest_agreeing_scale(summary)
    scales = sorted(summary.scale.unique())
    lines = [
        "# Does `scale` change what an indicator estimates?",
        "",
        f"Regenerate with `{command}`. {seeds} seeds per state, scale and scenario; "
        f"{months} months; each number is a run's mean over its last 12 months, averaged over "
        "seeds, with Student's t 95% interval. Scenario differences are paired by seed. "
        "**≠** marks a scale whose mean differs from the whole state's (scale 1): Welch's 95% "
        "interval of the difference excludes 0, and the difference exceeds 1% of the "
        "indicator's range (2% of the whole state's mean for an open-ended count).",
        "",
        "## Headline",
        "",
    ]
    for state, scale in best.items():
        rows = headline(summary[summary.state == state])
        bad = rows[~rows.agrees]
        lines.append(
            f"- **{state}**: the smallest scale that agrees with the whole state on every "
            f"headline indicator and difference is **{scale:g}**"
            + (
                f"; {len(bad)} of {len(rows)} headline rows disagree at a smaller scale."
                if len(bad)
                else "."
            )
        )
    everything = summary[summary.scale < 1.0]
    by_scale = "; ".join(
        f"at {scale:g}, {int((~rows.agrees).sum())} marked where {rows.chance_of_a_mark.sum():.1f}"
        " would be by chance"
        for scale, rows in everything.groupby("scale")
    )
    lines += [
        f"- Over every indicator and difference: {int(everything.agrees.sum())} of "
        f"{len(everything)} rows at scales below 1 agree with scale 1. If scale changed "
        f"nothing, about {everything.chance_of_a_mark.sum():.1f} rows would still be marked "
        "**≠** by chance alone (each row's chance that Welch's t passes both its 95% critical "
        f"value and the tolerance, summed; column `chance_of_a_mark` of the CSV): {by_scale}. "
        "A few marks are therefore no evidence that a scale changes an estimate; a mark that "
        "persists with more seeds would be.",
        "",
    ]
    for state, rows in summary.groupby("state"):
        for quantity, part in rows.groupby("quantity", sort=False):
            if quantity != STATUS_QUO and not part.indicator.isin(HEADLINE).any():
                continue
            lines += [f"## {state}: {quantity}", ""]
            header = "| indicator | " + " | ".join(f"scale {s:g}" for s in scales) + " |"
            lines += [header, "|---" * (len(scales) + 1) + "|"]
            shown = INDICATORS if quantity == STATUS_QUO else HEADLINE
            for name in shown:
                cells = part[part.indicator == name].set_index("scale")
                lines.append(
                    f"| {name} | "
                    + " | ".join(_cell(cells.loc[s]) for s in scales if s in cells.index)
                    + " |"
                )
            lines.append("")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--states", nargs="+", default=["bihar", "tamil_nadu"])
    parser.add_argument("--seeds", type=int, default=20)
    parser.add_argument("--months", type=int, default=120)
    parser.add_argument("--scales", type=float, nargs="+", default=list(SCALES))
    parser.add_argument("--workers", type=int, default=0, help="0: every core")
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT)
    args = parser.parse_args(argv)
    if 1.0 not in args.scales:
        print("Configuration error: --scales must include 1 (the whole state)", file=sys.stderr)
        return 2
    if args.seeds < 3:
        print(f"Configuration error: --seeds = {args.seeds}; allowed: 3 or more", file=sys.stderr)
        return 2
    try:
        for state in args.states:
            load_config([f"state={state}", f"months={args.months}"])
    except ConfigError as error:
        print(f"Configuration error: {error}", file=sys.stderr)
        return 2
    table = measure(args.states, sorted(args.scales), args.seeds, args.months, args.workers)
    summary = summarise(table)
    given = sys.argv[1:] if argv is None else argv
    text = report(summary, args.seeds, args.months, " ".join([COMMAND, *given]))
    write_text_atomically(args.output, text + "\n")
    write_atomically(
        args.output.with_suffix(".csv"), lambda path: summary.to_csv(path, index=False)
    )
    print(f"Wrote {args.output} and {args.output.with_suffix('.csv')}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
