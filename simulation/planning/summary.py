"""The planner's report in plain language: the summary it opens with, and its everyday units.

A district planner reads the first screen of the report, not its appendix. So these lines are
generated from the comparison's numbers but say them as a planner would: labels of scenarios,
never a config key; numbers rounded to what the ensemble can tell apart; "in 27 of 30
simulated districts" rather than a probability with a Wilson interval. Every scenario label
comes in escaped already (``simulation.escaping.markdown_text``).

* :func:`summary_lines`: at most :data:`MAX_LINES` lines: what was compared, what came out
  ahead and on what, how sure, and what it depends on;
* :func:`ranking_lines`: the scenarios ranked against each other, with the time to reach a
  level of collaboration and whether it holds, and what "collapsed" means beside "better";
* :func:`units_lines`: each scenario's outcomes in the units of the indicators (joint actions
  per block per month, committee meetings per quarter, share of meetings that end with an
  action), rounded, with what each unit means.
"""

import numpy as np
import pandas as pd

from simulation.escaping import markdown_text
from simulation.planning import comparison as cmp
from simulation.planning.scenarios import STATUS_QUO

#: The most lines the summary may have.
MAX_LINES = 10
#: The parameters a comparison may draw per seed, as a planner would name them.
PLAIN_PARAMETERS = {
    "state.context.power_asymmetry": "how unequal power is between departments",
    "state.context.health_readiness": "how ready the health department is",
    "state.context.political_leadership": "political leadership",
    "state.health_leaders.tenure_months": "how long health leaders stay in post",
    "state.health_leaders.holistic_orientation": "how broadly health leaders see health",
    "state.allied_departments.willingness": "other departments' willingness",
    "state.gram_panchayats.fiscal_autonomy": "Gram Panchayats' own funds",
}
#: The everyday-units table: outcome, column heading, digits, and what one unit means.
UNITS = {
    "joint_actions_per_block": (
        "joint actions per block per month",
        1,
        "how many times a month, in a block, health and another department (or two other "
        "departments) act together on a problem: a joint visit, a shared plan, a joint "
        "campaign",
    ),
    "gp_joint_actions_per_block": (
        "joint actions with Gram Panchayats per block per month",
        1,
        "the same, between block departments and the block's Gram Panchayats",
    ),
    "committee_meetings_per_quarter_block": (
        "block committee meetings per quarter",
        1,
        "how many times a quarter a block's health committee sits (at most 3: once a month)",
    ),
    "committee_meetings_per_quarter_district": (
        "district committee meetings per quarter",
        1,
        "the same for the district's health committees",
    ),
    "meetings_with_action_share": (
        "meetings that end with a joint action",
        None,
        "of the meetings held, the share after which the departments acted together; the "
        "others were held 'for name's sake'",
    ),
    "sector_breadth": (
        "other sectors acting jointly per block (of 5)",
        1,
        "how many of WCD/ICDS, RDPR, education, water and sanitation and animal husbandry "
        "took a joint action in a block in a month",
    ),
    "collaboration_block": (
        "block collaboration (0 to 1)",
        2,
        "how strong the working ties are between the block medical officer and each block "
        "department: 0 none, 1 the strongest the model knows",
    ),
    "gp_phase_mean": (
        "Gram Panchayat engagement phase (0 to 4)",
        1,
        "how far Gram Panchayats have come, from not engaged (0) to leading their own health "
        "work (4)",
    ),
    "reach_vulnerable": (
        "reach of the vulnerable",
        None,
        "the share of the services vulnerable communities need that reaches them",
    ),
}
#: Outcomes on which another scenario than the leader may come out ahead (said in the summary).
OTHER_OUTCOMES = (
    "joint_actions_per_block",
    "meetings_with_action_share",
    "sector_breadth",
    "gp_phase_mean",
    "reach_vulnerable",
)


def number(value: float, digits: int | None) -> str:
    """A value rounded for a planner; ``digits=None`` shows a share as a percentage."""
    if value is None or not np.isfinite(value):
        return "n/a"
    return f"{value:.0%}" if digits is None else f"{value:.{digits}f}"


def lakh(rupees: float) -> str:
    """An amount as a planner says it: ``607937`` -> ``6.1 lakh``, ``42000`` -> ``42,000``."""
    return f"{rupees / 1e5:.1f} lakh" if rupees >= 1e5 else f"{rupees:,.0f}"


def plain_parameter(key: str) -> str:
    """An uncertain parameter as a planner would name it."""
    return PLAIN_PARAMETERS.get(key, key.rsplit(".", 1)[-1].replace("_", " "))


def duration(months: int) -> str:
    """``120`` -> ``10 years``, ``18`` -> ``18 months``."""
    if months % 12 == 0:
        years = months // 12
        return f"{years} year{'s' if years > 1 else ''}"
    return f"{months} months"


def count(k: int, n: int) -> str:
    """``k of n simulated districts``."""
    return f"{k} of {n} simulated district{'s' if n != 1 else ''}"


def means(outcomes: pd.DataFrame) -> pd.DataFrame:
    """Each outcome's mean per scenario (scenario x outcome)."""
    return outcomes.groupby("scenario")[[*cmp.OUTCOMES]].mean()


def summary_lines(
    outcomes: pd.DataFrame,
    rank: pd.DataFrame,
    levels: pd.DataFrame,
    fall: pd.DataFrame,
    costs: pd.DataFrame,
    draws: pd.DataFrame,
    label: dict[str, str],
    settings: dict,
    origin: pd.DataFrame | None = None,
) -> list[str]:
    """The summary the report opens with, one Markdown bullet a line, at most :data:`MAX_LINES`.

    ``rank`` is :func:`comparison.ranking`'s on block collaboration, ``levels``
    :func:`comparison.level_reached`'s, ``fall`` the collapse shares, ``costs``
    :func:`comparison.cost_table`'s, ``origin`` :func:`comparison.sources`'s (where the
    leader's lead is uncertain from)."""
    m = means(outcomes)
    n = int(rank.replicates.iloc[0]) if len(rank) else 0
    k = len(label)
    lead = rank.iloc[0]
    first = lead.scenario
    second = rank.iloc[1].scenario if len(rank) > 1 else None
    lines = [
        f"**What was compared:** {k} ways of organising collaboration for primary health care "
        f"in {markdown_text(settings['state_name'])} (the status quo and {k - 1} reform"
        f"{'s' if k != 2 else ''}), each in the same {n} simulated district"
        f"{'s' if n != 1 else ''} over {duration(int(settings['months']))}.",
    ]
    ahead = (
        f"**Ranked first:** {label[first]}, with block collaboration at "
        f"{number(lead['mean'], 2)} on a 0-1 scale in the last year"
    )
    if second is not None:
        ahead += f", against {number(rank.iloc[1]['mean'], 2)} for {label[second]}"
    if STATUS_QUO not in (first, second) and STATUS_QUO in m.index:
        ahead += f" and {number(m.loc[STATUS_QUO, cmp.COLLABORATION], 2)} for the status quo"
    lines.append(ahead + ".")
    sure = f"**How sure:** it was the best of the {k} in {count(int(lead.best), n)}"
    if second is not None and np.isfinite(lead.lead_low):
        gap = (
            f"it leads {label[second]} by {number(lead.lead, 2)} on average (between "
            f"{number(lead.lead_low, 2)} and {number(lead.lead_high, 2)}, 19 times in 20)"
        )
        verdict = "a lead the simulations tell apart" if lead.lead_low > 0 else "too close to call"
        sure += f"; {gap}: {verdict}"
        sure += lead_sources(origin, first, second, bool(len(draws.columns))) + "."
    elif second is not None:
        sure += (
            f"; too few simulated districts ({n}, under {draws_of(n, settings)} guesses at what is "
            "not known) to say how sure its lead over the next is."
        )
    else:
        sure += "."
    lines.append(sure)
    everyday = (
        "**In everyday terms:** under it, block departments take "
        f"{number(m.loc[first, 'joint_actions_per_block'], 1)} joint actions per block per "
        f"month, block committees meet "
        f"{number(m.loc[first, 'committee_meetings_per_quarter_block'], 1)} times a quarter, "
        f"and {number(m.loc[first, 'meetings_with_action_share'], None)} of meetings end with a "
        "joint action"
    )
    if first != STATUS_QUO and STATUS_QUO in m.index:
        everyday += (
            f" (status quo: {number(m.loc[STATUS_QUO, 'joint_actions_per_block'], 1)} joint "
            f"actions, {number(m.loc[STATUS_QUO, 'meetings_with_action_share'], None)} of "
            "meetings)"
        )
    lines.append(everyday + ".")
    at = levels.set_index("scenario")
    level = number(float(levels.level.iloc[0]), 2)
    row = at.loc[first]
    if row.reached:
        reach = (
            f"**Reaching a level and holding it:** under it, block collaboration reaches {level} "
            f"in {count(int(row.reached), n)}, by month {row.month_median:.0f} in half of "
            f"those, and stays above it through the last year in {int(row.held)} of {n}"
        )
    else:
        reach = (
            f"**Reaching a level and holding it:** under it, block collaboration never reaches "
            f"{level} in {duration(int(settings['months']))}"
        )
    holding = [s for s in at.index if s != first and at.loc[s, "held"] > n / 2]
    reach += (
        f"; {len(holding)} other scenario{'s' if len(holding) != 1 else ''} hold it in most."
        if holding
        else "; no other scenario holds it in most districts."
    )
    lines.append(reach)
    lines.append(collapse_line(fall, label, n, settings))
    lines.append(other_leaders_line(m, first, label))
    cost = costs.set_index("scenario")
    if first != STATUS_QUO:
        extra = cost.loc[first, "extra_per_block_year"]
        lines.append(
            f"**Cost:** at illustrative unit costs, {label[first]} costs INR "
            f"{lakh(abs(extra))} {'more' if extra >= 0 else 'less'} per block per year than the "
            "status quo."
        )
    depends = (
        "**What it depends on:** the model's assumptions, drawn from interviews (Singh et al. "
        "2024): the comparison ranks options, it does not forecast numbers"
    )
    context = [c for c in draws.columns if not c.startswith("processes.")]
    decide = len(context) < len(draws.columns)  # how departments decide was drawn too
    if decide:  # which of the calibration's values matter most, else that they were drawn
        depends += weights_clause(settings.get("sensitivity"), first) or (
            "; how officers and departments decide was drawn from the values the data still "
            "allow (the calibration)"
        )
    if context:
        spread = (settings.get("uncertainty") or {}).get("spread")
        within = f" within {spread:.0%} of the state's values" if spread is not None else ""
        names = [plain_parameter(c) for c in context]
        shown = ", ".join(names[:2]) + (" and others" if len(names) > 2 else "")
        depends += f"; what nobody has measured ({shown}) was varied{within}"
    lines.append(depends + ".")
    return ["## In short", "", *(f"- {line}" for line in lines), ""]


def draws_of(n: int, settings: dict) -> int:
    """How many draws of the assumptions ``n`` seeds ran (``uncertainty.seeds_per_draw``)."""
    per_draw = int((settings.get("uncertainty") or {}).get("seeds_per_draw", 1))
    return -(-n // per_draw)


def weights_clause(records: list[dict] | None, first: str) -> str:
    """What the ranked-first scenario's gain over the status quo depends on most, of how
    departments decide (:mod:`simulation.planning.dependence`; empty when not analysed)."""
    from simulation.planning.dependence import plain_weight, target_of

    if not records or first == STATUS_QUO:
        return ""
    top = [r["weight"] for r in records if r["target"] == target_of(first)]
    if not top:
        return ""
    names = [markdown_text(plain_weight(w)) for w in top]
    listed = ", ".join(names[:-1]) + f" and {names[-1]}" if len(names) > 1 else names[0]
    return (
        f"; the first-ranked's gain over the status quo depends most on {listed} (of how "
        "departments decide, found for Bihar)"
    )


def lead_sources(origin: pd.DataFrame | None, first: str, second: str, drawn: bool) -> str:
    """What the summary says of where the leader's lead is uncertain from: across the
    assumptions' draws, how often it leads, and in one simulated district, how far the lead
    may go and how much of that spread the assumptions make (empty when nothing was drawn)."""
    if origin is None or origin.empty or not drawn:
        return ""
    rows = origin[(origin.scenario == first) & (origin.against == second)]
    if rows.empty:
        return ""
    r = rows.iloc[0]
    text = (
        f". It leads under {int(r.draws_ahead)} of {int(r.draws)} guesses at what is not known; "
        f"in one simulated district the lead lies between {number(r.range_low, 2)} and "
        f"{number(r.range_high, 2)} 9 times in 10"
    )
    if np.isfinite(r.share_assumptions):
        text += (
            ", almost all of that spread from what is not known"
            if r.share_assumptions >= 0.95
            else f", {number(r.share_assumptions, None)} of that spread from what is not known, "
            "the rest from chance"
        )
    return text


def collapse_line(fall: pd.DataFrame, label: dict[str, str], n: int, settings: dict) -> str:
    """What collapsed, said so that "collapsed" and "better than status quo" do not clash."""
    shares = fall.set_index("scenario")
    below = number(float(settings["collapse_below"]), 2)
    always = [s for s in shares.index if shares.loc[s, "collapsed"] == shares.loc[s, "runs"]]
    some = [s for s in shares.index if 0 < shares.loc[s, "collapsed"] < shares.loc[s, "runs"]]
    if not always and not some:
        return f"**Collapse:** no scenario's block collaboration fell below {below} in any run."
    text = f"**Collapse** (block collaboration below {below} in the last year): "
    parts = []
    if always:
        parts.append(f"{', '.join(label[s] for s in always)} in every simulated district")
    if some:
        parts.append(
            ", ".join(
                f"{label[s]} in {int(shares.loc[s, 'collapsed'])} of {int(shares.loc[s, 'runs'])}"
                for s in some
            )
        )
    text += "; ".join(parts)
    if STATUS_QUO in always:
        text += (
            "; a reform can collapse and still beat the status quo, so the scenarios are "
            "ranked against each other too"
        )
    return text + "."


def other_leaders_line(m: pd.DataFrame, first: str, label: dict[str, str]) -> str:
    """Which scenario comes out ahead on the outcomes where the first-ranked one does not."""
    ahead: dict[str, list[str]] = {}
    for outcome in OTHER_OUTCOMES:
        _, higher = cmp.OUTCOMES[outcome]
        best = m[outcome].idxmax() if higher else m[outcome].idxmin()
        if best != first:
            ahead.setdefault(best, []).append(UNITS[outcome][0])
    if not ahead:
        return (
            f"**Other outcomes:** {label[first]} also comes out ahead on "
            + ", ".join(UNITS[o][0] for o in OTHER_OUTCOMES)
            + "."
        )
    return (
        "**Ahead on other outcomes:** "
        + "; ".join(f"{label[s]} on {', '.join(names)}" for s, names in ahead.items())
        + "."
    )


def wins(row) -> int:
    """The number of seeds in which a scenario beat the status quo (a row of ``beats``)."""
    return round(row.p_better * row.replicates)


def ranking_lines(
    rank: pd.DataFrame,
    levels: pd.DataFrame,
    fall: pd.DataFrame,
    beat: pd.DataFrame,
    label: dict[str, str],
    settings: dict,
) -> list[str]:
    """The scenarios ranked against each other, with reaching and holding a level."""
    level = number(float(levels.level.iloc[0]), 2)
    below = number(float(settings["collapse_below"]), 2)
    at = levels.set_index("scenario")
    down = fall.set_index("scenario")
    # no scenario but the status quo: nothing to beat it
    better = beat.set_index("scenario") if "scenario" in beat else pd.DataFrame()
    lines = [
        "## How the scenarios rank against each other",
        "",
        "Ranked by block collaboration in the last year (0 to 1). Each simulated district "
        "is run under every scenario with the same chance events, so the scenarios can be "
        "compared district by district: *best of all in* counts the districts where a "
        "scenario beat every other one, and *lead over the next* is how far it is ahead of "
        "the scenario ranked below it, with the range that holds 95 times in 100. "
        f"*Reaches {level}* is the month block collaboration first gets to {level} (median "
        f"over the districts where it does), and *holds it* counts the districts where it "
        f"stays at {level} or above in every month of the last year. A run *collapsed* when "
        f"its block collaboration over the last year was below {below}.",
        "",
        f"| rank | scenario | block collaboration | best of all in | lead over the next "
        f"| reaches {level} | holds it | collapsed | better than status quo |",
        "|---:|---|---:|---:|---|---:|---:|---:|---:|",
    ]
    for row in rank.itertuples():
        n = row.replicates
        lead = (
            "(last)"
            if row.next is None
            else (
                f"{number(row.lead, 2)} ({number(row.lead_low, 2)} to {number(row.lead_high, 2)})"
                if np.isfinite(row.lead_low)
                else number(row.lead, 2)
            )
        )
        reached = at.loc[row.scenario]
        when = (
            f"month {reached.month_median:.0f} ({int(reached.reached)} of {n})"
            if reached.reached
            else "never"
        )
        vs = "(reference)" if row.scenario == STATUS_QUO else "n/a"
        if row.scenario in better.index:
            won = better.loc[row.scenario]
            vs = f"{wins(won)} of {int(won.replicates)}"
        lines.append(
            f"| {row.rank} | {label[row.scenario]} | {number(row.mean, 2)} | {row.best} of {n} "
            f"| {lead} | {when} | {int(reached.held)} of {n} "
            f"| {int(down.loc[row.scenario, 'collapsed'])} of {n} | {vs} |"
        )
    lines.append("")
    if STATUS_QUO in down.index and down.loc[STATUS_QUO, "collapsed"] > 0:
        both = [
            s
            for s in down.index
            if s != STATUS_QUO
            and down.loc[s, "collapsed"] > 0
            and s in better.index
            and better.loc[s, "p_better"] > 0
        ]
        note = (
            f"The status quo collapses in {int(down.loc[STATUS_QUO, 'collapsed'])} of "
            f"{int(down.loc[STATUS_QUO, 'runs'])} districts, so *better than status quo* only "
            "says a scenario collapses less or not at all; the ranking, the lead over the next "
            "scenario and *holds it* are what tell the scenarios apart."
        )
        if both:
            note += (
                " " + ", ".join(label[s] for s in both) + " collapse too in some or all "
                "districts while being *better than status quo*: their collaboration falls "
                f"below {below}, only less far than the status quo's."
            )
        lines += [note, ""]
    return lines


def units_lines(outcomes: pd.DataFrame, order: list[str], label: dict[str, str]) -> list[str]:
    """Each scenario's outcomes in everyday units (rounded means over the last year), and
    what each unit means."""
    m = means(outcomes)
    keys = list(UNITS)
    lines = [
        "## What each scenario changes, in everyday units",
        "",
        "Means over the last year of the runs and over the simulated districts.",
        "",
        "| scenario | " + " | ".join(UNITS[k][0] for k in keys) + " |",
        "|---|" + "---:|" * len(keys),
    ]
    for name in order:
        cells = [number(m.loc[name, k], UNITS[k][1]) for k in keys]
        lines.append(f"| {label[name]} | " + " | ".join(cells) + " |")
    lines += ["", "What the units mean:", ""]
    lines += [f"- *{UNITS[k][0][0].upper()}{UNITS[k][0][1:]}*: {UNITS[k][2]}." for k in keys]
    return [*lines, ""]


#: The two block convergence models earlier reports ranked, by their scenario names.
EARLIER_RANKED = ("health_led", "rdpr_led")


def earlier_lines(outcomes: pd.DataFrame, order: list[str], label: dict[str, str]) -> list[str]:
    """In words, how this comparison reads beside reports made before the indicators had fixed
    denominators (December 2026), which ranked RDPR-led convergence above health-led on a
    ``collaboration_index``: what each model leads on now. Only when both are compared."""
    health, rdpr = EARLIER_RANKED
    if health not in order or rdpr not in order:
        return []
    m = means(outcomes)

    def leader(key: str) -> tuple[str, str, str]:
        first, second = (health, rdpr) if m.loc[health, key] >= m.loc[rdpr, key] else (rdpr, health)
        return label[first], number(m.loc[first, key], 2), number(m.loc[second, key], 2)

    block, breadth = leader("collaboration_block"), leader("sector_breadth")
    return [
        "## Compared with earlier reports",
        "",
        f"Reports made before December 2026 ranked {label[rdpr]} above {label[health]} on a "
        "'collaboration index'. That index counted only the pairs a forum brought together, so "
        "a platform's own pairs entered its own score, and it weighed district and block pairs "
        "differently at different scales; its numbers do not compare with these. Measured on "
        "the pairs that exist in every scenario:",
        "",
        f"- on collaboration between health and the other sectors in a block, {block[0]} "
        f"leads ({block[1]} against {block[2]});",
        f"- on how many other sectors act jointly in a block, {breadth[0]} leads "
        f"({breadth[1]} against {breadth[2]} of 5).",
        "",
    ]
