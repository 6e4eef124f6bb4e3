"""The calibration report: ``results/calibration.md`` and ``results/calibration/``.

``calibration/draws.parquet`` holds every draw (its weights and every mean the targets read);
``posterior.csv`` the accepted draws' weights (the posterior ensemble, which later studies read
with :func:`load_posterior`); ``weights.csv`` and ``targets.csv`` the tables of the report;
``marginals.png`` and ``targets.png`` its figures; ``meta.json`` the settings and the record.
The report is rendered from these files alone (:func:`reread`), and written atomically: a
staging folder is moved into place only when complete.
"""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path

import numpy as np
import pandas as pd

from simulation import output_folder
from simulation.calibration import abc
from simulation.calibration.prior import Prior
from simulation.calibration.settings import Settings
from simulation.calibration.targets import Targets
from simulation.escaping import markdown_code, markdown_text

DATA = "calibration"
POSTERIOR = "posterior.csv"
#: Targets whose names start so are the planner's differences (reported, with their sensitivity).
PLANNER = "planner_"


def claim_output(output: Path | str) -> output_folder.Claim:
    """Check before any run that ``output`` may take ``calibration.md`` and ``calibration/``."""
    return output_folder.claim_study(output, DATA)


def analyse(
    table: pd.DataFrame,
    targets: Targets,
    prior: Prior,
    accept: int,
    sensitivity: pd.DataFrame | None = None,
) -> dict:
    """Everything the report shows, from the run table (and the sensitivity indices, if
    already computed from it: ``sensitivity.csv``)."""
    values = abc.target_values(table, targets)
    miss = abc.misses(values, targets)
    dist = abc.distance(miss, targets)
    keep = abc.accepted(dist, table["draw"].to_numpy(), accept)
    from simulation.calibration.sensitivity import first_order

    planner = [t.name for t in targets.targets if t.name.startswith(PLANNER)]
    return {
        "values": values,
        "miss": miss,
        "distance": dist,
        "keep": keep,
        "sensitivity": (
            first_order(table, values, prior, planner, seed=0)
            if sensitivity is None
            else sensitivity
        ),
        "weights": abc.weights_table(prior, table, keep),
        "targets": abc.targets_table(values, miss, targets, keep),
    }


def _num(x: float, digits: int = 3) -> str:
    return "–" if x is None or not np.isfinite(x) else f"{x:.{digits}f}"


def render(result: dict, targets: Targets, settings: Settings, meta: dict) -> str:
    w, t = result["weights"], result["targets"]
    dist, keep = result["distance"], result["keep"]
    draws = len(dist)
    eps = float(dist[keep].max())
    zero = int((dist == 0).sum())
    varied = w[np.isfinite(w["ks"])]
    constrained = varied[varied["constrained"]].sort_values("ks", ascending=False)
    fitted = t[t["kind"] != "check"]
    met = int((fitted["posterior_inside"] >= 0.5).sum())
    lines = [
        "# Calibration: the behavioural weights against every target at once",
        "",
        f"Regenerate with `make calibrate` (`python -m simulation.calibration`; "
        f"{meta['runs']:,} runs, {meta['minutes']} min on {_where(meta['workers'])}"
        f"{_resumed(meta)}, "
        f"{meta['date']}). Targets: `{markdown_text(settings.targets)}`; how they are read and "
        "the scheme: `simulation/calibration/`.",
        "",
    ]
    if meta.get("partial"):
        lines += [f"**Partial calibration** ({markdown_text(meta['partial'])}).", ""]
    lines += [
        "## Summary",
        "",
        f"- **Draws**: {draws:,} Latin-hypercube draws of {len(w)} behavioural weights "
        f"({int(np.isfinite(w['ks']).sum())} varied; {int((w['evidence'] == 'sourced').sum())} "
        f"with a sourced value, prior ±{settings.spread_sourced:.0%}, the others "
        f"±{settings.spread_assumption:.0%} of their default), each simulated on "
        f"{meta['runs_per_draw']} runs ({settings.scale:g} of each district's blocks, "
        f"{settings.months} months).",
        f"- **Accepted**: the {len(keep)} draws closest to all {len(fitted)} fitted targets at "
        f"once, {len(keep) / draws:.1%} of the draws (a rejection ABC sets how many it keeps; "
        f"the tolerance this implies is ε = {eps:.2f}, the largest accepted root mean square "
        f"miss, in target tolerances). {zero} draws meet every target's range.",
        f"- **Weights the data constrain**: {len(constrained)} of {len(varied)} (their accepted "
        "values differ from the prior, Kolmogorov-Smirnov p < 0.05 after Bonferroni); for the "
        "others no difference from the prior is detectable with these draws.",
        f"- **Targets met by most accepted draws**: {met} of {len(fitted)}; missed by most: "
        + (
            ", ".join(markdown_code(n) for n in fitted[fitted["posterior_inside"] < 0.5]["target"])
            or "none"
        )
        + ".",
        "",
        "## Targets: prior and posterior predictive",
        "",
        "Value of each target over all draws (prior) and over the accepted ones (posterior): "
        "median [5%, 95%]; *inside*: share of draws within the range; *miss*: mean accepted miss "
        "in tolerances. Kinds: sourced (a cited number), elicitation (a documented judgement), "
        "pattern (a validation pattern's sign), check (reported, not fitted).",
        "",
        "| Target | Kind | Range | Prior | Posterior | Inside (prior → posterior) | Miss "
        "| Source |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for _, r in t.iterrows():
        lines.append(
            f"| {markdown_code(r['target'])} | {r['kind']} | {r['range']} | "
            f"{_num(r['prior_median'])} "
            f"[{_num(r['prior_q05'])}, {_num(r['prior_q95'])}] | {_num(r['posterior_median'])} "
            f"[{_num(r['posterior_q05'])}, {_num(r['posterior_q95'])}] | "
            f"{r['prior_inside']:.0%} → {r['posterior_inside']:.0%} | "
            f"{_num(r['posterior_miss'], 2)} | {markdown_text(r['source'])} |"
        )
    lines += [
        "",
        "![Targets](calibration/targets.png)",
        "",
        "## Weights the data constrain",
        "",
        "Prior range, default, posterior mean and 90% interval; *sd ratio*: posterior over prior "
        "standard deviation; *default at*: the default's percentile in the posterior (outside "
        "5-95: the data move the weight away from its default).",
        "",
        "| Weight | Evidence | Prior | Default | Posterior mean [5%, 95%] | sd ratio | KS | "
        "Default at |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for _, r in constrained.iterrows():
        lines.append(_weight_row(r))
    if constrained.empty:
        lines.append("| (none) | | | | | | | |")
    lines += [
        "",
        "![Marginals](calibration/marginals.png)",
        "",
        "## Every weight",
        "",
        f"All {len(w)} weights (`calibration/weights.csv`), the most constrained first. A weight "
        "with a zero-width prior (default 0: a mechanism off by default) is not varied.",
        "",
        "| Weight | Evidence | Prior | Default | Posterior mean [5%, 95%] | sd ratio | KS | "
        "Default at |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for _, r in w.sort_values("ks", ascending=False, na_position="last").iterrows():
        lines.append(_weight_row(r))
    lines += planner_lines(result, targets)
    lines += [
        "",
        "## How to read this",
        "",
        "- The posterior is the accepted draws (`calibration/posterior.csv`): a rejection ABC "
        "(simulation/calibration/abc.py says why not SMC). A weight the data leave free keeps "
        "its prior spread: conclusions that depend on it carry that spread.",
        "- Each draw runs once per run (replicate = draw number): acceptance reflects the "
        "weights and the run's randomness together, as in any ABC of a stochastic model.",
        "- Targets marked *elicitation* rest on the project team's reading of the study, not on "
        "counts; the report names each one's source.",
        "",
    ]
    return "\n".join(lines)


def planner_lines(result: dict, targets: Targets, top: int = 5) -> list[str]:
    """The planner's differences under the posterior, and the weights they depend on."""
    names = [t.name for t in targets.targets if t.name.startswith(PLANNER)]
    if not names:
        return []
    values, keep, sens = result["values"], result["keep"], result["sensitivity"]
    label = {t.name: t.statement for t in targets.targets}
    lines = [
        "",
        "## The planner's differences under the posterior, and what they depend on",
        "",
        "Bihar, block collaboration in the last year, each draw's scenario minus its status quo "
        "(the same seed). *P(> 0)*: share of draws with a positive difference, over the prior "
        "and over the posterior (the chance one option beats the other across what the data "
        "leave uncertain, seeds included).",
        "",
        "| Difference | Prior median [5%, 95%] | Posterior median [5%, 95%] | P(> 0) prior "
        "| P(> 0) posterior |",
        "|---|---|---|---|---|",
    ]
    for n in names:
        v = values[n].to_numpy()
        p = v[keep]
        lines.append(
            f"| {markdown_text(label[n])} | {_num(np.median(v))} [{_num(np.quantile(v, 0.05))}, "
            f"{_num(np.quantile(v, 0.95))}] | {_num(np.median(p))} [{_num(np.quantile(p, 0.05))}, "
            f"{_num(np.quantile(p, 0.95))}] | {(v > 0).mean():.2f} | {(p > 0).mean():.2f} |"
        )
    lines += [
        "",
        f"Which weights each difference depends on, over the prior draws: the {top} largest "
        "first-order indices (RBD-FAST, SALib, given the Latin hypercube; share of the "
        "difference's variance the weight explains alone, ± 95% bootstrap half-width), and "
        "the same index from the first half of the draws (convergence). "
        "`simulation/calibration/sensitivity.py` says what they are not.",
        "",
        "| Difference | Weight | S1 ± | S1, first half |",
        "|---|---|---|---|",
    ]
    if sens.empty:
        lines.append("| (too few draws for indices: at least 200) | | | |")
    for n in names:
        rows = sens[sens["target"] == n].sort_values("S1", ascending=False).head(top)
        for _, r in rows.iterrows():
            lines.append(
                f"| {markdown_text(label[n])} | {markdown_code(r['weight'])} | {r['S1']:.2f} ± "
                f"{r['S1_conf']:.2f} | {r['S1_half']:.2f} |"
            )
    return lines


def _where(workers) -> str:
    return f"{workers} workers" if isinstance(workers, int) else str(workers)


def _resumed(meta: dict) -> str:
    reused = meta.get("runs_reused", 0)
    return f"; resumed, so the time is that of the last {meta['runs_now']:,} runs" if reused else ""


def _weight_row(r) -> str:
    return (
        f"| {markdown_code(r['weight'])} | {r['evidence']} | "
        f"[{_num(r['prior_low'])}, {_num(r['prior_high'])}] "
        f"| {_num(r['default'])} | {_num(r['posterior_mean'])} [{_num(r['posterior_q05'])}, "
        f"{_num(r['posterior_q95'])}] | {_num(r['sd_ratio'], 2)} | {_num(r['ks'], 2)} | "
        f"{_num(r['default_percentile'], 0)} |"
    )


def marginals_figure(table: pd.DataFrame, result: dict, count: int = 12):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    w = result["weights"]
    shown = w[np.isfinite(w["ks"])].sort_values("ks", ascending=False).head(count)
    cols = 4
    rows = max(1, int(np.ceil(len(shown) / cols)))
    fig, axes = plt.subplots(rows, cols, figsize=(14, 3.0 * rows), squeeze=False)
    keep = result["keep"]
    for ax, (_, r) in zip(axes.flat, shown.iterrows(), strict=False):
        values = table[r["weight"]].to_numpy()
        bins = np.linspace(r["prior_low"], r["prior_high"], 16)
        ax.hist(values, bins=bins, density=True, color="0.8", label="prior (all draws)")
        ax.hist(values[keep], bins=bins, density=True, histtype="step", lw=2, color="C0",
                label="posterior (accepted)")  # fmt: skip
        ax.axvline(r["default"], color="C3", ls="--", lw=1.5, label="default")
        ax.set_title(r["weight"].removeprefix("processes."), fontsize=10)
        ax.tick_params(labelsize=9)
    for ax in list(axes.flat)[len(shown) :]:
        ax.axis("off")
    axes.flat[0].legend(fontsize=8)
    fig.suptitle("The most constrained weights: prior and posterior marginals", fontsize=12)
    fig.tight_layout()
    return fig


def targets_figure(result: dict, targets: Targets):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    miss, keep = result["miss"], result["keep"]
    names = [t.name for t in targets.targets if t.fitted]
    fig, ax = plt.subplots(figsize=(10, 0.32 * len(names) + 1.5))
    y = np.arange(len(names))
    prior = [(miss[n].to_numpy() == 0).mean() for n in names]
    post = [(miss[n].to_numpy()[keep] == 0).mean() for n in names]
    ax.barh(y + 0.2, prior, height=0.4, color="0.75", label="prior (all draws)")
    ax.barh(y - 0.2, post, height=0.4, color="C0", label="posterior (accepted)")
    ax.set_yticks(y, names, fontsize=9)
    ax.invert_yaxis()
    ax.set_xlim(0, 1)
    ax.set_xlabel("share of draws inside the target's range")
    ax.legend(fontsize=9, loc="lower right")
    fig.tight_layout()
    return fig


def write(
    output: Path | str,
    table: pd.DataFrame,
    targets: Targets,
    prior: Prior,
    settings: Settings,
    meta: dict,
    claim: output_folder.Claim | None = None,
) -> Path:
    """Write ``calibration.md`` and ``calibration/`` atomically; return the report's path."""
    output = Path(output)
    claim = claim or claim_output(output)
    result = analyse(table, targets, prior, settings.accept)
    with output_folder.publishing(output, claim, "calibration.md") as (data, report):
        table.to_parquet(data / "draws.parquet", index=False)
        posterior = table.iloc[result["keep"]][["draw", *prior.keys]].copy()
        posterior.insert(1, "distance", result["distance"][result["keep"]])
        posterior.to_csv(data / POSTERIOR, index=False, float_format="%.10g")
        result["weights"].to_csv(data / "weights.csv", index=False, float_format="%.6g")
        result["targets"].to_csv(data / "targets.csv", index=False, float_format="%.6g")
        result["sensitivity"].to_csv(data / "sensitivity.csv", index=False, float_format="%.6g")
        stored = {**meta, "settings": asdict(settings), "prior": _prior_json(prior)}
        (data / "meta.json").write_text(json.dumps(stored, indent=2) + "\n")
        for name, fig in (
            ("marginals.png", marginals_figure(table, result)),
            ("targets.png", targets_figure(result, targets)),
        ):
            fig.savefig(data / name, dpi=90, metadata={"Software": None})
        report.write_text(render(result, targets, settings, meta))
    return output / "calibration.md"


def _prior_json(prior: Prior) -> dict:
    return {
        k: [float(lo), float(hi)]
        for k, lo, hi in zip(prior.keys, prior.low, prior.high, strict=True)
    }


def _stored(output: Path):
    from simulation.calibration.targets import load_targets
    from simulation.config_folder import project_file

    meta = json.loads((output / DATA / "meta.json").read_text())
    settings = Settings(**meta.pop("settings"))
    stored_prior = meta.pop("prior")
    table = pd.read_parquet(output / DATA / "draws.parquet")
    targets = load_targets(project_file(settings.targets), settings.months)
    keys = tuple(stored_prior)
    prior = Prior(
        keys,
        np.array([stored_prior[k][0] for k in keys]),
        np.array([stored_prior[k][1] for k in keys]),
        np.array(meta["defaults"]),
        np.array(meta["sourced"]),
    )
    return table, targets, prior, settings, meta


def rewrite(output: Path | str) -> Path:
    """Re-render the report, tables and figures from a written calibration's run table, without
    running it (for changes to the report's code, or a check target added to the file that
    reads only runs the draws already made)."""
    output = Path(output)
    table, targets, prior, settings, meta = _stored(output)
    return write(output, table, targets, prior, settings, meta)


def reread(output: Path | str) -> tuple[str, str]:
    """(committed report, the report recomputed from the committed files)."""
    output = Path(output)
    table, targets, prior, settings, meta = _stored(output)
    indices = pd.read_csv(output / DATA / "sensitivity.csv")  # computed from the same table
    result = analyse(table, targets, prior, settings.accept, indices)
    committed = (output / "calibration.md").read_text()
    return committed, render(result, targets, settings, meta)


if __name__ == "__main__":  # python -m simulation.calibration.report [output folder]
    import sys

    print(rewrite(Path(sys.argv[1] if len(sys.argv) > 1 else "results")))
