"""The validation report: ``results/validation.md``, a figure per pattern, and the data behind it.

Everything in the report is computed from the saved run table (``validation/runs.parquet``)
and the run's metadata (``validation/meta.json``) by :func:`render`, so the report can be
recomputed from what is committed, and a test checks that it is. Files are written into a
staging folder and moved into place only when all are complete.

After a change to this file or ``figures.py`` only, ``python -m simulation.validation.report``
re-renders ``results/validation.md`` and the figures from the stored table without rerunning.
"""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path

import numpy as np
import pandas as pd
from scipy import stats

from simulation import output_folder
from simulation.escaping import markdown_text
from simulation.indicators import INDICATORS
from simulation.validation.alternatives import ALTERNATIVES
from simulation.validation.figures import pattern_figure
from simulation.validation.patterns import PATTERNS, Pattern
from simulation.validation.perturbation import draw_factors, perturbable
from simulation.validation.settings import Settings
from simulation.validation.study import (
    CONTROLS,
    ControlResult,
    PatternResult,
    analyse,
    analyse_controls,
    pattern_seed,
)

DATA = "validation"  # sub-folder of the output folder with figures and tables


def _fmt(x: float) -> str:
    return f"{x:+.3f}" if abs(x) >= 0.001 or x == 0 else f"{x:+.1e}"


def _effect(est) -> str:
    if not np.isfinite(est.low):  # one seed: no bootstrap interval
        return f"{_fmt(est.value)} (one seed: no interval)"
    return f"{_fmt(est.value)} [{_fmt(est.low)}, {_fmt(est.high)}]"


def _direction(d: int) -> str:
    return "> 0" if d > 0 else "< 0"


def _conditions(p: Pattern) -> str:
    keys = list(dict.fromkeys(k for c in p.conditions for k in c.keys))
    where = "each in its own state" if all(c.state for c in p.conditions) else f"in {p.state}"
    arms = ", ".join(f"*{c.label}*" for c in p.conditions)
    varied = f" (varying `{'`, `'.join(keys)}`)" if keys else ""
    return f"{arms}; {where}{varied}"


def _robust(c) -> str:
    if not len(c.robustness):
        return "not run"
    low, high = c.share_interval
    return f"{c.share:.0%} ({c.held}/{len(c.robustness)}; 95% CI {low:.0%}-{high:.0%})"


def render(
    results: list[PatternResult],
    settings: Settings,
    meta: dict,
    controls: list[ControlResult] | tuple = (),
) -> str:
    """The report as Markdown; a partial study (see ``Settings.partial``) says so at the top."""
    n_runs = meta["runs"]
    partial = settings.partial(list(PATTERNS))
    lines = [
        "# Pattern-oriented validation",
        "",
        *_partial_lines(partial),
        "Does the model reproduce, from its mechanisms, the patterns the source study reports? "
        "Each pattern is a controlled experiment: conditions that differ only in the focal "
        "parameter, run over the same seeds (common random numbers). Effects carry 95% "
        "bias-corrected bootstrap intervals over seeds; a claim *holds* when its interval lies "
        "on the side the finding predicts, *fails* when it lies on the other side, and is "
        "*inconclusive* otherwise. Robustness repeats each experiment in random settings of "
        "every non-focal parameter and reports the share of draws in which the predicted "
        "direction holds. Knockouts switch off the mechanism a claim is attributed to. "
        "Alternative models, each the model with one mechanism taken out, should fail the "
        "patterns: a pattern every alternative reproduces as well is *not diagnostic* and does "
        "not count as evidence. Negative controls are levers that must do nothing.",
        "",
        f"Regenerate with `make validate` (`python -m simulation.validation`); "
        f"{n_runs} runs took {meta['minutes']:.1f} min on {meta['workers']} worker processes "
        f"({meta['date']}).{_made_by(meta)}",
        "",
        f"Settings (`configs/validation.yaml`): {settings.seeds} seeds per condition; "
        f"{settings.draws} robustness draws per pattern, each with {settings.robustness_seeds} "
        f"seeds per condition and every non-focal parameter scaled by a Latin-hypercube factor "
        f"in [{1 - settings.spread:g}, {1 + settings.spread:g}] (clipped to its range), cycling "
        f"through at least three states; knockouts with {settings.knockout_seeds} seeds; "
        f"alternative models with {settings.alternative_seeds} seeds per condition; negative "
        f"controls with {settings.control_seeds} seeds; "
        f"scale {settings.scale:g} (one block in {round(1 / settings.scale)} per district, at "
        f"least one), 120 months; base seed {settings.seed}; {settings.resamples} bootstrap "
        "resamples.",
        "",
        *_indicator_lines(results),
        "## Summary",
        "",
        "| # | Pattern | Finding (Singh et al. 2024) | Conditions | Output measured "
        "| Effect [95% CI] | Verdict | Robustness: direction holds | Diagnostic |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for k, r in enumerate(results, 1):
        p, c = r.pattern, r.claims[0]
        lines.append(
            f"| {k} | [{p.title}](#{k}-{_anchor(p.title)}) | {p.finding} | {_conditions(p)} | "
            f"`{p.measures[c.claim.measure].describe()}`: {c.claim.statistic.text} "
            f"(expected {_direction(c.claim.direction)}) | {_effect(c.estimate)} | "
            f"**{r.verdict}** | {_robust(c)} | {_diagnostic(r)} |"
        )
    failing = [r for r in results if r.verdict != "reproduced"]
    lines += ["", "## Patterns not fully reproduced", ""]
    if failing:
        for r in failing:
            bad = [c for c in r.claims if c.verdict != "holds"]
            for c in bad:
                lines.append(
                    f"- {r.pattern.title}: *{c.claim.statement}* {c.verdict} "
                    f"({_effect(c.estimate)})."
                )
    elif partial:
        run = ", ".join(r.pattern.title.split(":")[0] for r in results)
        lines.append(
            f"None of the patterns run in this partial study ({run}): each of their claims "
            "holds at the defaults."
        )
    else:
        lines.append("None: every claim of every pattern holds at the defaults.")
    weak = [(r, c) for r in results for c in r.claims if len(c.robustness) and c.share < 0.9]
    if weak:
        lines += ["", "Claims whose direction holds in fewer than 90% of robustness draws:", ""]
        lines += [
            f"- {r.pattern.title}: *{c.claim.statement}*: {_robust(c)}. The effect across "
            f"draws goes with: {_associated(r, c, settings)}"
            for r, c in weak
        ]
    lines += _alternative_lines(results, settings)
    lines += _control_lines(controls, settings)
    for k, r in enumerate(results, 1):
        lines += _detail(k, r)
    return "\n".join(lines) + "\n"


def _diagnostic(r: PatternResult) -> str:
    """Whether a pattern counts as evidence, with the alternatives that fail it."""
    if r.diagnostic is None:
        return "not run"
    if r.diagnostic:
        return f"yes (not reproduced by {len(r.failed_by)} of {len(r.alternatives)} alternatives)"
    if r.verdict != "reproduced" or not all(v == "holds" for v in r.at_alternatives_size):
        return "no (the model does not reproduce it at the alternatives' seeds)"
    if any(not a.reproduces for a in r.alternatives):
        return "**no**: only alternatives that delete the rule it is written into fail it"
    return "**no**: every alternative reproduces it"


def _alternative_lines(results: list[PatternResult], settings: Settings) -> list[str]:
    """The table of alternative models x patterns, and the count of diagnostic patterns."""
    tried = [r for r in results if r.alternatives]
    if not tried:
        return []
    heads = " | ".join(f"{k} {r.pattern.title.split(':')[0]}" for k, r in enumerate(tried, 1))
    lines = [
        "",
        "## Alternative models that should fail",
        "",
        "A pattern is evidence for the model's mechanisms only if a plausible model without "
        "them does not reproduce it. Each alternative is the model with one mechanism taken "
        "out (`simulation/validation/alternatives.py`), run on every pattern's experiment "
        f"with {settings.alternative_seeds} seeds per condition. A cell says whether the "
        "alternative reproduces the pattern (every claim holds) or not: how many claims are "
        "reversed (interval on the wrong side of zero) and how many are left without a "
        "direction (interval across zero, or exactly zero). The row *This model, same seeds* "
        "is the model itself on the same replicates: where it does not reproduce a pattern at "
        "that size, the comparison says nothing. An alternative that sets a parameter of the "
        "single rule a pattern is written into (`Pattern.written_in`: power, accountability, "
        "committees, house in order) deletes that rule, so its failing the pattern is circular "
        "and marked *(deletes the rule)*. A pattern that no other alternative fails is **not "
        "diagnostic**.",
        "",
        f"| Alternative: what it lacks | {heads} |",
        "|---" * (len(tried) + 1) + "|",
    ]
    for a, alt in enumerate(ALTERNATIVES.values()):
        cells = []
        for r in tried:
            cells.append(_alternative_cell(r, r.alternatives[a]))
        lines.append(f"| {alt.label}: {alt.lacks} | " + " | ".join(cells) + " |")
    same = [
        "reproduces"
        if all(v == "holds" for v in r.at_alternatives_size)
        else f"does not ({sum(v != 'holds' for v in r.at_alternatives_size)} claims)"
        for r in tried
    ]
    lines.append("| *This model, same seeds* | " + " | ".join(same) + " |")
    verdicts = ["yes" if r.diagnostic else "**no**" for r in tried]
    lines.append("| **Diagnostic** | " + " | ".join(verdicts) + " |")
    count = sum(bool(r.diagnostic) for r in tried)
    lines += [
        "",
        f"**{count} of {len(tried)} patterns are diagnostic**: the model reproduces them and at "
        "least one alternative model that keeps the rule they are written into does not. "
        + (
            "Not diagnostic: "
            + "; ".join(r.pattern.title for r in tried if not r.diagnostic)
            + ". They do not count as evidence for the mechanisms."
            if count < len(tried)
            else ""
        ),
    ]
    return lines


def _alternative_cell(r: PatternResult, result) -> str:
    """One cell of the alternatives table: reproduces, or how its claims fare."""
    if result.reproduces:
        return "reproduces"
    n = len(result.verdicts)
    reversed_ = sum(v == "fails" for v in result.verdicts)
    open_ = sum(v == "inconclusive" for v in result.verdicts)
    parts = [f"{k} of {n} reversed" for k in (reversed_,) if k]
    parts += [f"{k} of {n} without a direction" for k in (open_,) if k]
    tail = " *(deletes the rule)*" if r.deletes_the_rule(result.alternative) else ""
    return f"**does not reproduce**: {', '.join(parts)}{tail}"


def _control_lines(controls, settings: Settings) -> list[str]:
    """The negative controls' table."""
    if not len(controls):
        return []
    lines = [
        "",
        "## Negative controls",
        "",
        "Levers the model's design says must not move the indicator, each against the status "
        f"quo on the same {settings.control_seeds} seeds (common random numbers, so *does "
        "nothing* means equal to the last bit in every seed).",
        "",
        "| Lever | Why it must do nothing | State | Indicator (last year) "
        "| Largest difference | Does nothing |",
        "|---|---|---|---|---|---|",
    ]
    for c in controls:
        largest = float(np.max(np.abs(c.differences))) if len(c.differences) else 0.0
        overrides = ", ".join(f"`{o}`" for o in c.control.overrides)
        lines.append(
            f"| {c.control.label} ({overrides}) | {c.control.why} | {c.control.state} | "
            f"`{c.control.indicator}` | {largest:.3g} | "
            f"{'yes' if c.does_nothing else '**no**'} |"
        )
    return lines


def _indicator_lines(results: list[PatternResult]) -> list[str]:
    """What each indicator the patterns measure means (``simulation/indicators.py``)."""
    used = dict.fromkeys(m.indicator for r in results for m in r.pattern.measures.values())
    lines = [
        "## Indicators measured",
        "",
        "Each indicator averages over a set of pairs or stakeholders that is the same in every "
        "condition, and weighs each simulated block by the number of its district's blocks it "
        "stands for (`simulation/indicators.py`). Earlier reports' `collaboration_index` (over "
        "the pairs a forum brought together, a set that changed with the scenario) is not "
        "comparable with these.",
        "",
        "| Indicator | What it measures |",
        "|---|---|",
    ]
    lines += [f"| `{k}` | {markdown_text(INDICATORS[k])} |" for k in used if k in INDICATORS]
    return [*lines, ""]


def _made_by(meta: dict) -> str:
    """Which model made the study: its behaviour fingerprint, if the study has one."""
    if "behaviour_fingerprint" not in meta:
        return ""
    return (
        f" Behaviour fingerprint `{meta['behaviour_fingerprint']}` (`simulation/behaviour.py`: "
        "a hash of a small fixed ensemble's indicators; the test suite fails if the model "
        "now behaves otherwise than when this report was made)."
    )


def _partial_lines(partial) -> list[str]:
    """The top of a partial study's report: what differs from the committed study."""
    if not partial:
        return []
    return [
        "**Partial study, not the committed validation**: "
        + "; ".join(markdown_text(d.describe()) for d in partial)
        + ". Its verdicts are a quick look at the patterns run; the committed study is "
        "`results/validation.md` (`make validate`).",
        "",
    ]


def _associated(r: PatternResult, c, settings: Settings, top: int = 3) -> str:
    """The drawn parameters most rank-correlated with a claim's statistic across draws."""
    keys = perturbable(r.pattern.focal)
    draws = draw_factors(keys, settings.draws, settings.spread, pattern_seed(settings, r.pattern))
    factors = np.array([[d[k] for k in keys] for d in draws])
    rho = np.array(
        [stats.spearmanr(factors[:, j], c.robustness).statistic for j in range(len(keys))]
    )
    order = np.argsort(-np.abs(np.nan_to_num(rho)))[:top]
    return "; ".join(f"`{keys[j]}` (Spearman ρ {rho[j]:+.2f})" for j in order) + (
        f" (out of {len(keys)} parameters drawn, so |ρ| below about 0.4 can be chance)."
    )


def _anchor(title: str) -> str:
    keep = "".join(ch.lower() if ch.isalnum() or ch in " -" else "" for ch in title)
    return keep.replace(" ", "-")


def _detail(k: int, r: PatternResult) -> list[str]:
    p = r.pattern
    out = [
        "",
        f"## {k}. {p.title}",
        "",
        f"**Finding** ({p.source}): {p.finding}.",
        "",
        f"**Mechanism in the model**: {p.mechanism}",
        "",
        f"**Conditions**: {_conditions(p)}.",
        "",
        "| Claim | Statistic | Expected | Effect [95% CI] | Verdict | Robustness |",
        "|---|---|---|---|---|---|",
    ]
    for c in r.claims:
        out.append(
            f"| {c.claim.statement} | {c.claim.statistic.text} on "
            f"`{p.measures[c.claim.measure].describe()}` | {_direction(c.claim.direction)} | "
            f"{_effect(c.estimate)} | {c.verdict} | {_robust(c)} |"
        )
    out += ["", "Means per condition, with 95% bootstrap (BCa) intervals:", ""]
    measures = list(p.measures)
    out.append("| Condition | " + " | ".join(measures) + " |")
    out.append("|---" * (len(measures) + 1) + "|")
    m = r.means.set_index(["condition", "measure"])
    for label in p.labels:
        cells = [
            f"{m.loc[(label, x), 'mean']:.3f} [{m.loc[(label, x), 'low']:.3f}, "
            f"{m.loc[(label, x), 'high']:.3f}]"
            for x in measures
        ]
        out.append(f"| {label} | " + " | ".join(cells) + " |")
    if r.knockouts:
        out += [
            "",
            "Knockouts (the same experiment with a mechanism switched off):",
            "",
            "| Switched off | Settings | Claim | Effect with it | Effect without it "
            "| Claim without it |",
            "|---|---|---|---|---|---|",
        ]
        for ko in r.knockouts:
            settings = ", ".join(f"`{o}`" for o in ko.knockout.overrides)
            with_it = next(c.estimate for c in r.claims if c.claim is ko.claim)
            out.append(
                f"| {ko.knockout.mechanism} | {settings} | {ko.claim.statement} | "
                f"{_effect(with_it)} | {_effect(ko.estimate)} | {ko.verdict} |"
            )
    out += ["", f"![{p.title}]({DATA}/{p.key}.png)"]
    return out


def analyse_all(runs: pd.DataFrame, settings: Settings) -> list[PatternResult]:
    keys = [k for k in dict.fromkeys(runs.pattern) if k != CONTROLS]
    return [analyse(runs, PATTERNS[key], settings) for key in keys]


def claim_output(output: Path) -> output_folder.Claim:
    """Check, before the study runs, that ``output`` may take ``validation.md`` and
    ``validation/``: absent, or a validation study this project wrote (which is replaced);
    raises ConfigError otherwise (see :mod:`simulation.output_folder`)."""
    return output_folder.claim_study(output, DATA)


def write(
    output: Path,
    results: list[PatternResult],
    runs: pd.DataFrame,
    series: pd.DataFrame,
    settings: Settings,
    meta: dict,
    claim: output_folder.Claim | None = None,
) -> Path:
    """Write ``validation.md`` and ``validation/`` (figures, tables, metadata) atomically.

    ``claim`` is :func:`claim_output`'s, made before the study ran; without it the output is
    claimed here. Only a validation study this project wrote is replaced."""
    output = Path(output)
    claim = claim or claim_output(output)
    with output_folder.publishing(output, claim, "validation.md") as (data, text):
        runs.to_parquet(data / "runs.parquet", index=False)
        series.to_parquet(data / "series.parquet", index=False)
        stored = {**meta, "settings": asdict(settings)}
        (data / "meta.json").write_text(json.dumps(stored, indent=2) + "\n")
        for r in results:
            pattern_figure(r, series, settings.spread).savefig(
                data / f"{r.pattern.key}.png", dpi=90, metadata={"Software": None}
            )
        text.write_text(render(results, settings, meta, analyse_controls(runs)))
    return output / "validation.md"


def _read(output: Path) -> tuple[pd.DataFrame, pd.DataFrame, Settings, dict]:
    """The run table, series, settings and metadata (without settings) of a written study."""
    output = Path(output)
    meta = json.loads((output / DATA / "meta.json").read_text())
    settings = Settings(**meta.pop("settings"))
    runs = pd.read_parquet(output / DATA / "runs.parquet")
    series = pd.read_parquet(output / DATA / "series.parquet")
    return runs, series, settings, meta


def load(output: Path) -> tuple[list[PatternResult], Settings, dict]:
    """The analysed results, settings and metadata of a written study."""
    runs, _, settings, meta = _read(output)
    return analyse_all(runs, settings), settings, meta


def reread(output: Path) -> tuple[str, str]:
    """(committed report, the report recomputed from the committed table and metadata)."""
    runs, _, settings, meta = _read(output)
    results = analyse_all(runs, settings)
    committed = (Path(output) / "validation.md").read_text()
    return committed, render(results, settings, meta, analyse_controls(runs))


def readme_table(results: list[PatternResult]) -> list[str]:
    """The short table the README quotes: headline effect, verdict, robustness per pattern."""
    rows = [
        "| Pattern | Headline effect at the defaults [95% CI] | Verdict | Holds in draws "
        "| Diagnostic |",
        "|---|---|---|---|---|",
    ]
    for r in results:
        c = r.claims[0]
        share = f"{c.share:.0%} of {len(c.robustness)}" if len(c.robustness) else "not run"
        rows.append(
            f"| {r.pattern.title} | {c.claim.statement}: {_effect(c.estimate)} | {r.verdict} "
            f"| {share} | {_diagnostic(r)} |"
        )
    return rows


def rewrite(output: Path) -> Path:
    """Re-render the report and figures from a written study's table, without running it.

    For changes to the report's or figures' code only: the numbers come from the table.
    """
    runs, series, settings, meta = _read(output)
    return write(output, analyse_all(runs, settings), runs, series, settings, meta)


if __name__ == "__main__":  # python -m simulation.validation.report [output folder]
    import sys

    print(rewrite(Path(sys.argv[1] if len(sys.argv) > 1 else "results")))
