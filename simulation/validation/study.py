"""The validation study: plan every run, run them in one pool, and analyse the results.

Two parts per pattern:

* **ensemble**: every condition at the defaults of the pattern's state, over ``seeds``
  replicates shared by all conditions (common random numbers);
* **robustness**: ``draws`` random settings of the non-focal parameters (``perturbation.py``),
  cycling through the pattern's states; in each draw every condition runs with the same
  ``robustness_seeds`` replicates, and a claim's direction "holds" in the draw when its
  statistic has the predicted sign.

All runs land in one long table (one row per run and measure), from which :func:`analyse`
computes every number of the report, so the report can be recomputed from the saved table.
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from simulation import statistics as intervals
from simulation.experiment.scenario import run_config
from simulation.statistics import Estimate, wilson
from simulation.validation import patterns as arms
from simulation.validation.alternatives import (
    ALTERNATIVES,
    NEGATIVE_CONTROLS,
    Alternative,
    NegativeControl,
)
from simulation.validation.ensemble import Job, Measure, run_jobs
from simulation.validation.patterns import LAST_YEAR, MONTHS, Claim, Knockout, Pattern
from simulation.validation.perturbation import draw_factors, perturbable, rescale
from simulation.validation.settings import Settings
from simulation.validation.statistics import bootstrap

ENSEMBLE, ROBUSTNESS, KNOCKOUT = "ensemble", "robustness", "knockout"
ALTERNATIVE, CONTROL = "alternative", "control"
#: The ``pattern`` value of the negative controls' rows in the run table (not a pattern).
CONTROLS = "negative_controls"
#: Robustness draws use replicates from here on, apart from the ensemble's.
ROBUSTNESS_REPLICATES = 100_000


@dataclass(frozen=True)
class Planned:
    pattern: str
    part: str
    draw: int
    state: str
    condition: str
    replicate: int
    job: Job


def pattern_seed(settings: Settings, pattern: Pattern) -> int:
    """The seed of a pattern's robustness draws and bootstrap."""
    return settings.seed * 1_000_003 + zlib.crc32(pattern.key.encode())


def plan(patterns: list[Pattern], settings: Settings) -> list[Planned]:
    """Every run of the study, in a fixed order."""
    out: list[Planned] = []
    for pattern in patterns:
        for replicate in range(settings.seeds):
            for condition in pattern.conditions:
                out.append(
                    _planned(
                        pattern, ENSEMBLE, -1, pattern.state, condition, replicate, {}, settings
                    )
                )
        for k, knockout in enumerate(pattern.knockouts):
            knocked = pattern.knocked_out(knockout)
            for replicate in range(settings.knockout_seeds):
                for condition in knocked.conditions:
                    out.append(
                        _planned(
                            pattern, KNOCKOUT, k, pattern.state, condition, replicate, {}, settings
                        )
                    )
        for a, alt in enumerate(ALTERNATIVES.values()):
            for replicate in range(settings.alternative_seeds):
                for c in pattern.conditions:
                    arm = c.with_overrides(*alt.overrides)
                    out.append(
                        _planned(
                            pattern, ALTERNATIVE, a, pattern.state, arm, replicate, {}, settings
                        )
                    )
        keys = perturbable(pattern.focal)
        draws = draw_factors(keys, settings.draws, settings.spread, pattern_seed(settings, pattern))
        for d, factors in enumerate(draws):
            state = pattern.states[d % len(pattern.states)]
            for j in range(settings.robustness_seeds):
                replicate = ROBUSTNESS_REPLICATES + d * settings.robustness_seeds + j
                for condition in pattern.conditions:
                    out.append(
                        _planned(
                            pattern, ROBUSTNESS, d, state, condition, replicate, factors, settings
                        )
                    )
    if patterns and settings.control_seeds:
        out += plan_controls(settings)
    return out


#: The two arms of a negative control.
BASE_ARM, LEVER_ARM = "status quo", "lever"


def plan_controls(settings: Settings) -> list[Planned]:
    """The negative controls' runs: each control's state at the status quo and with its lever,
    on the same replicates."""
    out = []
    for k, c in enumerate(NEGATIVE_CONTROLS.values()):
        measures = {"value": Measure(c.indicator, *LAST_YEAR)}
        pair = (arms.condition(BASE_ARM), arms.condition(LEVER_ARM).with_overrides(*c.overrides))
        for replicate in range(settings.control_seeds):
            for arm in pair:
                base = [f"state={c.state}", f"scale={settings.scale}", f"months={MONTHS}"]
                base += ["progress=false", f"seed={settings.seed}", f"replicate={replicate}"]
                job = Job(run_config(arm, base), measures)
                out.append(Planned(CONTROLS, CONTROL, k, c.state, arm.label, replicate, job))
    return out


def _planned(pattern, part, draw, state, condition, replicate, factors, settings) -> Planned:
    # the draw's factors rescale the state's own defaults first; the condition's overrides
    # then apply, so the focal parameter is always the condition's
    base = [f"state={state}", f"scale={settings.scale}", f"months={MONTHS}", "progress=false"]
    base += [f"seed={settings.seed}", f"replicate={replicate}"]
    prepare = (lambda config: rescale(config, factors)) if factors else None
    config = run_config(condition, base, prepare=prepare)
    series = pattern.series if part == ENSEMBLE else ()
    job = Job(config, pattern.measures, series)
    return Planned(
        pattern.key, part, draw, condition.state or state, condition.label, replicate, job
    )


def run(patterns: list[Pattern], settings: Settings) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Run the study: (one row per run and measure, one row per recorded series and month)."""
    return run_planned(plan(patterns, settings), settings)


def run_planned(planned: list[Planned], settings: Settings) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Run ``planned`` runs (:func:`plan`, :func:`plan_controls`) into the study's two tables."""
    outcomes = run_jobs(
        [p.job for p in planned], settings.workers, settings.progress, label="validation runs"
    )
    rows, series = [], []
    for p, outcome in zip(planned, outcomes, strict=True):
        key = dict(
            pattern=p.pattern,
            part=p.part,
            draw=p.draw,
            state=p.state,
            condition=p.condition,
            replicate=p.replicate,
        )
        rows.extend({**key, "measure": m, "value": v} for m, v in outcome.values.items())
        for indicator, values in outcome.series.items():
            series.append(
                pd.DataFrame(
                    {
                        **{k: [v] * len(values) for k, v in key.items()},
                        "indicator": indicator,
                        "month": np.arange(1, len(values) + 1),
                        "value": values,
                    }
                )
            )
    runs = pd.DataFrame(rows)
    table = pd.concat(series, ignore_index=True) if series else pd.DataFrame()
    return runs, table


# --------------------------------------------------------------------------- analysis
def arrays(runs: pd.DataFrame, pattern: Pattern) -> tuple[dict[str, np.ndarray], dict[str, int]]:
    """Per measure, values as (conditions, replicates), and the row of each condition."""
    data = {}
    for measure in pattern.measures:
        sub = runs[runs.measure == measure]
        wide = sub.pivot(index="condition", columns="replicate", values="value")
        data[measure] = wide.loc[list(pattern.labels)].to_numpy(dtype=float)
    return data, {label: k for k, label in enumerate(pattern.labels)}


@dataclass
class ClaimResult:
    claim: Claim
    estimate: Estimate
    verdict: str  # holds, fails, inconclusive
    robustness: np.ndarray  # the statistic in each draw
    held: int  # draws in which the predicted direction holds

    @property
    def share(self) -> float:
        return self.held / len(self.robustness) if len(self.robustness) else float("nan")

    @property
    def share_interval(self) -> tuple[float, float]:
        return wilson(self.held, len(self.robustness))


@dataclass
class KnockoutResult:
    knockout: Knockout
    claim: Claim
    estimate: Estimate  # the claim's statistic with the mechanism switched off
    verdict: str


@dataclass
class AlternativeResult:
    """A pattern's experiment under an alternative model: each claim's estimate and verdict."""

    alternative: Alternative
    estimates: list[Estimate]
    verdicts: list[str]

    @property
    def reproduces(self) -> bool:
        """Whether the alternative reproduces the pattern: every claim holds."""
        return all(v == "holds" for v in self.verdicts)


@dataclass
class PatternResult:
    pattern: Pattern
    claims: list[ClaimResult]
    means: pd.DataFrame  # condition x measure: mean and 95% bootstrap interval
    draw_states: list[str]
    knockouts: list[KnockoutResult]
    alternatives: list[AlternativeResult] = field(default_factory=list)
    # the model itself on the alternatives' replicates only: each claim's verdict at that size
    at_alternatives_size: list[str] = field(default_factory=list)

    def deletes_the_rule(self, alternative: Alternative) -> bool:
        """Whether ``alternative`` sets a parameter of the single rule the pattern is written
        into (``Pattern.written_in``): its failing the pattern is then circular."""
        keys = {o.partition("=")[0] for o in alternative.overrides}
        return bool(keys & set(self.pattern.written_in))

    @property
    def failed_by(self) -> list[Alternative]:
        """The alternative models that do not reproduce the pattern without deleting the rule
        it is written into."""
        return [
            a.alternative
            for a in self.alternatives
            if not a.reproduces and not self.deletes_the_rule(a.alternative)
        ]

    @property
    def diagnostic(self) -> bool | None:
        """Whether the pattern is evidence for the model's mechanisms: the model reproduces it,
        also on the alternatives' few replicates, and at least one alternative model does not
        (None when no alternative was run)."""
        if not self.alternatives:
            return None
        comparable = all(v == "holds" for v in self.at_alternatives_size)
        return self.verdict == "reproduced" and comparable and bool(self.failed_by)

    @property
    def verdict(self) -> str:
        verdicts = [c.verdict for c in self.claims]
        if all(v == "holds" for v in verdicts):
            return "reproduced"
        if verdicts[0] == "holds":
            return "partly reproduced"
        return "not reproduced"


def verdict(estimate: Estimate, direction: int) -> str:
    """``holds`` if the interval lies on the predicted side of zero, ``fails`` if opposite."""
    if direction * estimate.low > 0 and direction * estimate.high > 0:
        return "holds"
    if direction * estimate.low < 0 and direction * estimate.high < 0:
        return "fails"
    return "inconclusive"


def analyse(runs: pd.DataFrame, pattern: Pattern, settings: Settings) -> PatternResult:
    """Every number the report shows for ``pattern``, from the run table."""
    mine = runs[runs.pattern == pattern.key]
    ensemble = mine[mine.part == ENSEMBLE]
    data, index = arrays(ensemble, pattern)
    seed = pattern_seed(settings, pattern)
    robust = mine[mine.part == ROBUSTNESS]
    draws = sorted(robust.draw.unique())
    draw_data = [arrays(robust[robust.draw == d], pattern)[0] for d in draws]
    claims = []
    for claim in pattern.claims:
        est = bootstrap(claim.statistic, data, index, resamples=settings.resamples, seed=seed)
        stats = np.array([claim.statistic(dd, index) for dd in draw_data], dtype=float)
        held = int(np.sum(np.sign(stats) == claim.direction))
        claims.append(ClaimResult(claim, est, verdict(est, claim.direction), stats, held))
    means = _condition_means(data, index, pattern, settings.resamples, seed)
    own_states = all(c.state for c in pattern.conditions)
    states = ["all" if own_states else robust[robust.draw == d].state.iloc[0] for d in draws]
    knocked = mine[mine.part == KNOCKOUT]
    knockouts = []
    for k, knockout in enumerate(pattern.knockouts if len(knocked) else ()):
        ko_data, _ = arrays(knocked[knocked.draw == k], pattern)
        claim = pattern.claims[knockout.claim]
        est = bootstrap(claim.statistic, ko_data, index, resamples=settings.resamples, seed=seed)
        knockouts.append(KnockoutResult(knockout, claim, est, verdict(est, claim.direction)))
    alternatives = []
    tried = mine[mine.part == ALTERNATIVE]
    for a, alt in enumerate(ALTERNATIVES.values() if len(tried) else ()):
        alt_data, _ = arrays(tried[tried.draw == a], pattern)
        estimates = [
            bootstrap(c.statistic, alt_data, index, resamples=settings.resamples, seed=seed)
            for c in pattern.claims
        ]
        verdicts = [verdict(e, c.direction) for e, c in zip(estimates, pattern.claims, strict=True)]
        alternatives.append(AlternativeResult(alt, estimates, verdicts))
    at_size = []
    if alternatives:
        few = ensemble[ensemble.replicate < settings.alternative_seeds]
        few_data, _ = arrays(few, pattern)
        for c in pattern.claims:
            e = bootstrap(c.statistic, few_data, index, resamples=settings.resamples, seed=seed)
            at_size.append(verdict(e, c.direction))
    return PatternResult(pattern, claims, means, states, knockouts, alternatives, at_size)


@dataclass
class ControlResult:
    """A negative control: the lever's effect on its indicator, seed by seed."""

    control: NegativeControl
    differences: np.ndarray  # lever minus status quo, per replicate

    @property
    def does_nothing(self) -> bool:
        """Whether the lever left the indicator exactly as it was, in every replicate."""
        return bool(np.all(self.differences == 0.0))


def analyse_controls(runs: pd.DataFrame) -> list[ControlResult]:
    """Every negative control in the run table."""
    mine = runs[(runs.pattern == CONTROLS) & (runs.part == CONTROL)]
    out = []
    for k, c in enumerate(NEGATIVE_CONTROLS.values() if len(mine) else ()):
        wide = mine[mine.draw == k].pivot(index="replicate", columns="condition", values="value")
        out.append(ControlResult(c, (wide[LEVER_ARM] - wide[BASE_ARM]).to_numpy(dtype=float)))
    return out


def _condition_means(data, index, pattern, resamples, seed) -> pd.DataFrame:
    """Each condition's mean of each measure, with its BCa bootstrap interval over seeds."""
    rows = []
    for measure, values in data.items():
        for label, k in index.items():
            est = intervals.bootstrap(
                lambda seeds, x=values[k]: x[seeds].mean(-1),
                values.shape[1],
                resamples=resamples,
                seed=seed,
            )
            rows.append(
                dict(
                    condition=label,
                    measure=measure,
                    mean=values[k].mean(),
                    low=est.low,
                    high=est.high,
                    level=pattern.levels.get(label, np.nan),
                )
            )
    return pd.DataFrame(rows)
