"""Compare scenarios over an ensemble of seeds: the numbers of the planner's report.

Each scenario runs on the same replicates (common random numbers: replicate ``r`` of every
scenario shares its districts, blocks and random draws), so a scenario's difference from the
status quo is paired by replicate. Outcomes are means over the last 12 months of a run.

* :func:`outcome_table`: mean and Student-t 95% interval per scenario, and the paired
  difference from the status quo with its interval (kept inside the outcome's range:
  :func:`simulation.statistics.t_interval`);
* :func:`ranking`: the scenarios ranked against each other, not only against the status quo
  (which may collapse): each one's share of replicates in which it is the best, and its lead
  over the next one, paired by replicate, with its interval;
* :func:`level_reached`: the month a run first reaches a stated level, and whether it stays
  above it through the last 12 months;
* :func:`beats`: the probability that a scenario does better than the status quo (share of
  replicates, Wilson 95% interval) and the months until it does for good;
* :func:`trajectories`: median and 10-90% band across replicates, month by month;
* :func:`collapse`: the share of replicates where collaboration collapsed, and
  :func:`collapse_conditions`: what those runs had in common early on;
* :func:`cost_table`: cost per block per year and gain per unit cost.
"""

from dataclasses import dataclass

import numpy as np
import pandas as pd

from simulation.indicators import bounds
from simulation.planning.scenarios import STATUS_QUO
from simulation.statistics import t_interval, wilson

#: The report's outcomes, their labels, and whether higher is better (``simulation.indicators``
#: defines each; the report prints the definitions).
OUTCOMES: dict[str, tuple[str, bool]] = {
    "collaboration_district": ("Collaboration, district health-to-sector pairs", True),
    "collaboration_block": ("Collaboration, block health-to-sector pairs", True),
    "collaboration_rdpr_platform": (
        "Block Development Officer's pairs with sectors (RDPR-led platform's own; not health's)",
        True,
    ),
    "sector_breadth": ("Sector breadth (allied sectors per block acting jointly, of 5)", True),
    "joint_actions_per_block": ("Joint actions per block per month (block departments)", True),
    "gp_joint_actions_per_block": ("Joint actions with Gram Panchayats per block per month", True),
    "gp_phase_mean": ("Gram Panchayat phase reached (0-4)", True),
    "gp_phase_advanced": ("Gram Panchayats in phase 3 or 4 (share)", True),
    "reach_vulnerable": ("Reach of the vulnerable", True),
    "meetings_with_action_share": ("Meetings that end with a joint action (share)", True),
    "committee_meetings_per_quarter_block": ("Block health committee meetings per quarter", True),
    "committee_meetings_per_quarter_district": (
        "District health committee meetings per quarter",
        True,
    ),
    "vhsnc_functioning": ("VHSNC functioning (monthly chance to meet and work)", True),
    "frontline_joint_work": ("Villages whose ASHA, AWW and ANM worked jointly (share)", True),
    "untied_funds_used": ("VHSNC untied funds spent over 12 months (share of the grant)", True),
    "reporting_gap_block": (
        "Reporting gap, block pairs (reported minus real collaboration)",
        False,
    ),
}
#: The collaboration outcome the report's "does it beat the status quo", collapse and
#: value-for-money sections read: block-level pairs, where every block model acts and most of
#: a state's pairs are.
COLLABORATION = "collaboration_block"
SECTORS = {
    "engaged_wcd": "WCD/ICDS",
    "engaged_rdpr": "RDPR",
    "engaged_education": "Education",
    "engaged_wash": "Water and sanitation",
    "engaged_animal_husbandry": "Animal husbandry",
}
#: Early signs compared between collapsed and other runs (months 1-24 unless said).
EARLY_SIGNS = {
    "health_leader_transfers": "transfers per health leader post, months 1-24",
    "officer_transfers": "transfers per officer post, months 1-24",
    "trust_in_health_12": "allied trust in health at month 12",
    "willingness_allied_12": "allied willingness at month 12",
    "allied_engagement_y1": "allied engagement, first year",
    "collaboration_block_12": "block collaboration at month 12",
}
LAST_MONTHS = 12
#: The level of block collaboration (:data:`COLLABORATION`) whose reaching and holding the
#: report shows: runs start near 0.27, and a run collapsed below ``collapse_below`` (0.2).
REACH_LEVEL = 0.4


def outcome_bounds(outcome: str) -> tuple[float, float]:
    """The range an outcome of the report can take (its intervals stay inside it)."""
    return (0.0, 1.0) if outcome == "gp_phase_advanced" else bounds(outcome)


def share(successes: int, n: int) -> tuple[float, float, float]:
    """A share and its Wilson 95% interval (:func:`simulation.statistics.wilson`)."""
    return (successes / n if n else np.nan), *wilson(successes, n)


def share_of_runs(hits: pd.Series, per_draw: int = 1) -> tuple[float, float, float]:
    """The share of runs where ``hits`` (indexed by replicate) holds, with its 95% interval.

    With one seed per draw the runs are independent: Wilson's interval (:func:`share`). With
    seeds nested in draws (``per_draw`` > 1) they are not, so the interval resamples whole
    draws (a cluster bootstrap, percentile, :func:`scipy.stats.bootstrap`); when every run
    agrees, Wilson's interval over the draws."""
    from scipy import stats

    hits = hits.astype(bool)
    n = len(hits)
    if per_draw == 1 or n == 0:
        return share(int(hits.sum()), n)
    group = draw_of(hits, per_draw)
    wins = hits.groupby(group).sum().to_numpy(dtype=float)
    sizes = hits.groupby(group).size().to_numpy(dtype=float)
    p = float(wins.sum() / sizes.sum())
    if len(wins) < 2:  # one draw: nothing to resample
        return share(int(hits.sum()), n)
    if p in (0.0, 1.0):
        _, low, high = share(len(wins) if p else 0, len(wins))
        return p, low, high
    result = stats.bootstrap(
        (wins, sizes),
        lambda w, m, axis: w.sum(axis=axis) / m.sum(axis=axis),
        paired=True,
        vectorized=True,
        n_resamples=2000,
        method="percentile",
        rng=np.random.default_rng(0),
    )
    return p, float(result.confidence_interval.low), float(result.confidence_interval.high)


def run_outcomes(runs: pd.DataFrame) -> pd.DataFrame:
    """One row per run (scenario, replicate): each outcome's mean over the last 12 months."""
    runs = runs.assign(gp_phase_advanced=runs["gp_phase_3"] + runs["gp_phase_4"])
    last = runs[runs["month"] > runs.groupby("job")["month"].transform("max") - LAST_MONTHS]
    cols = [*OUTCOMES, *SECTORS]
    return last.groupby(["scenario", "replicate"], sort=False)[cols].mean().reset_index()


def by_replicate(outcomes: pd.DataFrame, outcome: str) -> pd.DataFrame:
    """``outcome`` with one row per replicate (in order) and one column per scenario: replicate
    ``r`` of every scenario shares its district and chance events, so a row's scenarios are
    compared with each other (paired)."""
    return outcomes.pivot(index="replicate", columns="scenario", values=outcome)


def draw_of(x: pd.Series, per_draw: int) -> np.ndarray:
    """The draw of the assumptions each replicate of ``x`` (indexed by replicate) ran under:
    replicates ``g k`` to ``g k + k - 1`` (k = ``per_draw``, ``uncertainty.seeds_per_draw``)
    share draw ``g`` of the posterior's weights and the state's parameters, and differ only in
    chance."""
    return x.index.to_numpy() // per_draw


def draw_means(x: pd.Series, per_draw: int) -> np.ndarray:
    """The means of ``x`` (indexed by replicate) over each draw's seeds (:func:`draw_of`): the
    seeds of one draw are not independent of each other, so the draws are the units an
    interval counts."""
    if per_draw == 1:
        return x.to_numpy()
    return x.groupby(draw_of(x, per_draw)).mean().to_numpy()


def outcome_table(
    outcomes: pd.DataFrame, outcome: str, order: list[str], per_draw: int = 1
) -> pd.DataFrame:
    """Per scenario: runs, mean [95% CI], and the paired difference from status quo [95% CI]
    (Student t over the draws' means: :func:`draw_means`)."""
    a, b = outcome_bounds(outcome)  # a difference of two such values lies in (a - b, b - a)
    wide = by_replicate(outcomes, outcome)
    rows = []
    for name in order:
        x = wide[name].dropna()
        mean, low, high = t_interval(draw_means(x, per_draw), (a, b))
        row = {"scenario": name, "runs": len(x), "mean": mean, "low": low, "high": high}
        if name == STATUS_QUO:
            row |= {"difference": 0.0, "difference_low": np.nan, "difference_high": np.nan}
        else:
            d = (wide[name] - wide[STATUS_QUO]).dropna()
            d, dl, dh = t_interval(draw_means(d, per_draw), (a - b, b - a))
            row |= {"difference": d, "difference_low": dl, "difference_high": dh}
        rows.append(row)
    return pd.DataFrame(rows)


def sector_table(outcomes: pd.DataFrame, order: list[str]) -> pd.DataFrame:
    """Per scenario, the share of blocks where each allied sector acts jointly (means)."""
    table = outcomes.groupby("scenario", sort=False)[list(SECTORS)].mean().loc[order]
    return table.rename(columns=SECTORS).reset_index()


def months_until_better(ours: np.ndarray, theirs: np.ndarray, higher_is_better: bool) -> float:
    """First month from which the 12-month rolling mean stays better to the end (NaN: never)."""
    roll = lambda x: pd.Series(x).rolling(LAST_MONTHS, min_periods=1).mean().to_numpy()  # noqa: E731
    better = roll(ours) > roll(theirs) if higher_is_better else roll(ours) < roll(theirs)
    if not better[-1]:
        return np.nan
    worse = np.flatnonzero(~better)
    return float(worse[-1] + 2) if len(worse) else 1.0


def beats(
    runs: pd.DataFrame, outcomes: pd.DataFrame, order: list[str], outcome: str, per_draw: int = 1
):
    """Probability of doing better than the status quo on ``outcome`` at the end (share of
    runs, :func:`share_of_runs`), and the months until the scenario is better for good (median
    over replicates that get there)."""
    _, higher = OUTCOMES[outcome]
    series = {
        (s, r): g[outcome].to_numpy()
        for (s, r), g in runs.sort_values("month").groupby(["scenario", "replicate"])
    }
    wide = by_replicate(outcomes, outcome)
    rows = []
    for name in order:
        if name == STATUS_QUO:
            continue
        d = (wide[name] - wide[STATUS_QUO]).dropna()
        p, low, high = share_of_runs(d > 0 if higher else d < 0, per_draw)
        reps = sorted(r for s, r in series if s == name)
        months = np.array(
            [
                months_until_better(series[name, r], series[STATUS_QUO, r], higher)
                for r in reps
                if (STATUS_QUO, r) in series
            ]
        )
        got = months[~np.isnan(months)]
        rows.append(
            {
                "scenario": name,
                "p_better": p,
                "p_low": low,
                "p_high": high,
                "replicates": len(d),
                "months_median": float(np.median(got)) if len(got) else np.nan,
                "never": int(np.isnan(months).sum()),
            }
        )
    return pd.DataFrame(rows)


def ranking(
    outcomes: pd.DataFrame, order: list[str], outcome: str = COLLABORATION, per_draw: int = 1
):
    """The scenarios ranked against each other on ``outcome`` (best first).

    Per scenario: its mean, the number of replicates in which it is the best of all scenarios
    (paired by replicate: replicate ``r`` of every scenario shares its district and chance
    events; a tie counts for each tied scenario), and its lead over the next scenario in the
    ranking, paired by replicate, with a Student-t 95% interval over the draws' means
    (:func:`draw_means`; NaN for the last one).
    """
    _, higher = OUTCOMES[outcome]
    a, b = outcome_bounds(outcome)
    wide = by_replicate(outcomes, outcome)[order].dropna()
    best = wide.max(axis=1) if higher else wide.min(axis=1)
    means = wide.mean().sort_values(ascending=not higher)
    ranked = list(means.index)
    rows = []
    for i, name in enumerate(ranked):
        row = {
            "scenario": name,
            "rank": i + 1,
            "mean": float(means[name]),
            "best": int((wide[name] == best).sum()),
            "replicates": len(wide),
            "next": None,
            "lead": np.nan,
            "lead_low": np.nan,
            "lead_high": np.nan,
        }
        if i + 1 < len(ranked):
            sign = 1 if higher else -1
            d = sign * (wide[name] - wide[ranked[i + 1]])
            lead, low, high = t_interval(draw_means(d, per_draw), (a - b, b - a))
            row |= {"next": ranked[i + 1], "lead": lead, "lead_low": low, "lead_high": high}
        rows.append(row)
    return pd.DataFrame(rows)


def first_month_at(series: np.ndarray, months: np.ndarray, level: float) -> float:
    """The first month ``series`` is at or above ``level`` (NaN: never)."""
    at = np.flatnonzero(series >= level)
    return float(months[at[0]]) if len(at) else np.nan


def level_reached(
    runs: pd.DataFrame, order: list[str], level: float = REACH_LEVEL, outcome: str = COLLABORATION
) -> pd.DataFrame:
    """Per scenario: in how many replicates ``outcome`` reaches ``level``, the median month it
    first does (over those replicates), and in how many it holds: stays at or above ``level``
    in every one of the last 12 months."""
    rows = []
    for name in order:
        reached, held, total = [], 0, 0
        for _, g in runs[runs.scenario == name].sort_values("month").groupby("replicate"):
            x, months = g[outcome].to_numpy(), g["month"].to_numpy()
            total += 1
            reached.append(first_month_at(x, months, level))
            held += bool((x[-LAST_MONTHS:] >= level).all())
        got = np.array(reached)[~np.isnan(reached)] if reached else np.array([])
        rows.append(
            {
                "scenario": name,
                "level": level,
                "replicates": total,
                "reached": len(got),
                "month_median": float(np.median(got)) if len(got) else np.nan,
                "held": held,
            }
        )
    return pd.DataFrame(rows)


def trajectories(runs: pd.DataFrame, outcome: str) -> pd.DataFrame:
    """Per scenario and month: median and 10% and 90% quantiles across replicates."""
    g = runs.groupby(["scenario", "month"], sort=False)[outcome]
    return pd.DataFrame(
        {"median": g.median(), "q10": g.quantile(0.1), "q90": g.quantile(0.9)}
    ).reset_index()


def early_signs(runs: pd.DataFrame) -> pd.DataFrame:
    """Per run, what its first two years looked like (see ``EARLY_SIGNS``)."""
    g = runs.groupby(["scenario", "replicate"], sort=False)
    early = runs[runs.month <= 24].groupby(["scenario", "replicate"], sort=False)
    first = runs[runs.month <= 12].groupby(["scenario", "replicate"], sort=False)
    at12 = runs[runs.month == 12].set_index(["scenario", "replicate"])
    out = pd.DataFrame(
        {
            "health_leader_transfers": early["health_leaders_transferred"].sum(),
            "officer_transfers": early["officers_transferred"].sum(),
            "trust_in_health_12": at12["trust_in_health"],
            "willingness_allied_12": at12["willingness_allied"],
            "allied_engagement_y1": first["allied_engagement"].mean(),
            "collaboration_block_12": at12[COLLABORATION],
        }
    )
    return out.reindex(g.size().index).reset_index()


@dataclass(frozen=True)
class Collapse:
    """Collapse shares per scenario, and what collapsed runs had in common."""

    threshold: float
    shares: pd.DataFrame
    conditions: pd.DataFrame
    collapsed_runs: int


def collapse(
    runs: pd.DataFrame,
    outcomes: pd.DataFrame,
    order,
    threshold: float,
    draws=None,
    per_draw: int = 1,
) -> Collapse:
    """A run *collapsed* when its last-year block collaboration (:data:`COLLABORATION`) is
    below ``threshold``.

    ``draws`` (replicate x uncertain parameter) are compared along with the early signs.
    """
    down = outcomes[COLLABORATION] < threshold
    rows = []
    for name in order:
        mask = outcomes.scenario == name
        hits = pd.Series(down[mask].to_numpy(), index=outcomes.loc[mask, "replicate"].to_numpy())
        p, low, high = share_of_runs(hits, per_draw)
        rows.append(
            {
                "scenario": name,
                "collapsed": int(down[mask].sum()),
                "runs": int(mask.sum()),
                "share": p,
                "low": low,
                "high": high,
            }
        )
    signs = early_signs(runs).merge(
        outcomes[["scenario", "replicate"]].assign(collapsed=down.to_numpy()),
        on=["scenario", "replicate"],
    )
    labels = dict(EARLY_SIGNS)
    if draws is not None and len(draws.columns):
        signs = signs.merge(draws.reset_index(), on="replicate")
        labels = {key: f"`{key}` (drawn)" for key in draws.columns} | labels
    return Collapse(
        threshold, pd.DataFrame(rows), collapse_conditions(signs, labels), int(down.sum())
    )


def collapse_conditions(signs: pd.DataFrame, labels: dict[str, str] = EARLY_SIGNS) -> pd.DataFrame:
    """What collapsed runs had in common early on, beyond what their scenario explains.

    Only scenarios where some runs collapsed and others did not take part. Each early sign is
    taken relative to its scenario's mean, then its mean in collapsed and in other runs is
    compared, in pooled standard deviations (largest difference first). Empty when no scenario
    has both kinds of run.
    """
    mixed = signs.groupby("scenario")["collapsed"].transform(lambda c: 0 < c.sum() < len(c))
    signs = signs[mixed.astype(bool)]
    columns = ["sign", "collapsed", "others", "standardised_difference", "runs_collapsed"]
    if signs.empty:
        return pd.DataFrame(columns=columns)
    keys = list(labels)
    relative = signs[keys] - signs.groupby("scenario")[keys].transform("mean")
    a, b = relative[signs.collapsed.to_numpy()], relative[~signs.collapsed.to_numpy()]
    rows = []
    for key, label in labels.items():
        x, y = a[key].to_numpy(float), b[key].to_numpy(float)
        var = lambda v: np.var(v, ddof=1) if len(v) > 1 else 0.0  # noqa: E731
        sd = np.sqrt((var(x) + var(y)) / 2)
        rows.append(
            {
                "sign": label,
                "collapsed": x.mean(),
                "others": y.mean(),
                "standardised_difference": (x.mean() - y.mean()) / sd if sd > 0 else 0.0,
                "runs_collapsed": len(x),
            }
        )
    out = pd.DataFrame(rows)
    return out.reindex(out.standardised_difference.abs().sort_values(ascending=False).index)


def cost_table(costs: pd.DataFrame, outcomes: pd.DataFrame, order: list[str]) -> pd.DataFrame:
    """Per scenario: mean cost per block per year (INR), the extra over status quo, and the
    gain in block collaboration (:data:`COLLABORATION`) per INR 1 lakh of extra cost per block
    per year."""
    rows = []
    base = costs.loc[costs.scenario == STATUS_QUO, "per_block_year"].mean()
    wide = by_replicate(outcomes, COLLABORATION)
    for name in order:
        c = costs.loc[costs.scenario == name, "per_block_year"].mean()
        extra = c - base
        gain = 0.0
        if name != STATUS_QUO:  # paired by replicate
            gain = float((wide[name] - wide[STATUS_QUO]).dropna().to_numpy().mean())
        rows.append(
            {
                "scenario": name,
                "cost_per_block_year": c,
                "extra_per_block_year": extra,
                "gain": gain,
                "gain_per_lakh": gain / (extra / 1e5) if extra > 0 else np.nan,
            }
        )
    return pd.DataFrame(rows)


def split(d: pd.Series, per_draw: int, bounds: tuple[float, float]) -> dict:
    """Where the spread of one paired difference comes from, chance or the drawn assumptions.

    ``d`` is the difference per replicate (indexed by replicate), grouped by the draw of the
    assumptions each ran under (:func:`draw_of`). A one-way random-effects
    analysis of variance (Searle, Casella and McCulloch 1992, ch. 3) splits the variance of a
    single district's difference into chance (within draws) and the assumptions (between
    draws, less what chance puts there). The mean's 95% interval is Student t over the draws'
    means (the draws are the independent units); *range* holds 90% of the replicates'
    differences: what one simulated district may see, both sources together; *draws ahead*
    counts the draws whose mean difference over their seeds is above 0 (so with few seeds per
    draw, chance is still in it). With ``per_draw`` = 1 the two sources cannot be told apart
    (NaN)."""
    group = draw_of(d, per_draw)
    means = d.groupby(group).mean()
    mean, low, high = t_interval(means.to_numpy(), bounds)
    out = {
        "mean": mean,
        "low": low,
        "high": high,
        "range_low": float(d.quantile(0.05)),
        "range_high": float(d.quantile(0.95)),
        "draws_ahead": int((means > 0).sum()),
        "draws": len(means),
        "sd_chance": np.nan,
        "sd_assumptions": np.nan,
        "share_assumptions": np.nan,
    }
    sizes = d.groupby(group).size()
    if per_draw > 1 and (sizes > 1).sum() > 1:
        within = float(((d - d.groupby(group).transform("mean")) ** 2).sum())
        chance = within / (len(d) - len(means))
        # a draw's mean of n seeds carries chance / n of variance: the mean of 1/n over draws
        # (draws may run fewer seeds: the last one, or after a failed run)
        assumptions = max(0.0, float(means.var(ddof=1)) - chance * float((1.0 / sizes).mean()))
        total = chance + assumptions
        out |= {
            "sd_chance": float(np.sqrt(chance)),
            "sd_assumptions": float(np.sqrt(assumptions)),
            "share_assumptions": assumptions / total if total > 0 else np.nan,
        }
    return out


def sources(
    outcomes: pd.DataFrame, rank: pd.DataFrame, per_draw: int, outcome: str = COLLABORATION
) -> pd.DataFrame:
    """:func:`split` for each scenario against the status quo and for each scenario's lead
    over the next in the ranking (:func:`ranking`); ``higher is better`` is taken into account,
    so a positive difference is always the first scenario doing better."""
    _, higher = OUTCOMES[outcome]
    a, b = outcome_bounds(outcome)
    wide = by_replicate(outcomes, outcome)
    sign = 1 if higher else -1
    pairs = [(s, STATUS_QUO, "against the status quo") for s in rank.scenario if s != STATUS_QUO]
    pairs += [  # the last one has no next (None, or NaN in a column of text)
        (r.scenario, r.next, "lead over the next")
        for r in rank.itertuples()
        if isinstance(r.next, str)
    ]
    rows = []
    for first, second, kind in pairs:
        d = (sign * (wide[first] - wide[second])).dropna()
        rows.append(
            {"scenario": first, "against": second, "kind": kind}
            | split(d, per_draw, (a - b, b - a))
        )
    return pd.DataFrame(rows)
