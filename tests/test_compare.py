"""The planner's comparison: scenario files, the ensemble, and the report's numbers.

The report's numbers are checked against the runs' own files (each job's
``timeseries.parquet``), recomputed here with numpy and scipy, not with the code under test.
"""

import json
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import yaml
from scipy import stats

from simulation.indicators import INDICATORS
from simulation.parameters import ConfigError
from simulation.planning import comparison, ensemble
from simulation.planning.costs import unit_costs
from simulation.planning.scenarios import available, load_scenario, load_scenarios
from tests.command_harness import Outcome, run_command

ROOT = Path(__file__).parents[1]
BASE = ["state=bihar", "scale=0.1", "months=36", "seed=42"]


def compare(tmp_path: Path, *args: str) -> Outcome:
    """``python experiments/compare_scenarios.py ARGS`` as typed, run in this process (the same
    code as a new process, without its start-up of a few seconds)."""
    return run_command(
        "experiments/compare_scenarios.py",
        [f"output={tmp_path / 'report'}", f"runs_dir={tmp_path / 'runs'}", "progress=false", *args],
        ROOT,
    )


@pytest.fixture(scope="module")
def small_report(tmp_path_factory):
    """The default comparison (every standard scenario) on 6 seeds of 36 months, at scale 0.1:
    3 draws of the assumptions, 2 seeds each."""
    tmp = tmp_path_factory.mktemp("compare")
    out = compare(tmp, "seeds=6", "months=36", "scale=0.1")
    assert out.code == 0, out.stderr
    return tmp


def md_table(text: str, heading: str) -> pd.DataFrame:
    """The first Markdown table after ``heading``."""
    after = text[text.index(heading) :]
    lines = [line for line in after.splitlines() if line.startswith("|")]
    block = []
    for line in after.splitlines()[after.splitlines().index(lines[0]) :]:
        if not line.startswith("|"):
            break
        block.append([cell.strip() for cell in line.strip("|").split("|")])
    return pd.DataFrame(block[2:], columns=block[0])


def numbers(cell: str) -> list[float]:
    return [float(x) for x in re.findall(r"[-+]?\d+\.\d+", cell)]


def test_every_scenario_file_runs(tmp_path):
    scenarios = load_scenarios(state="bihar")
    assert {s.name for s in scenarios} == set(available())
    assert len(scenarios) >= 8
    result = ensemble.run(
        scenarios, [*BASE[:2], "months=24", "seed=42"], 2, tmp_path, unit_costs({}), 2, False
    )
    assert result.failed.empty
    assert result.runs.groupby("scenario").job.nunique().to_dict() == {s.name: 2 for s in scenarios}
    assert (result.runs.groupby("job").month.max() == 24).all()


def test_report_numbers_are_the_runs_recomputed_independently(small_report):
    text = (small_report / "report" / "report.md").read_text()
    runs = pd.read_csv(small_report / "report" / "runs.csv")
    # each run's last-year block collaboration, straight from the job's own file
    own = {}
    for row, series in job_series(small_report):
        assert len(series) == 36
        own[row.scenario, row.replicate] = series.collaboration_block.iloc[-12:].mean()
    table = md_table(text, "### Collaboration, block health-to-sector pairs")
    labels = dict(zip(table.scenario, range(len(table)), strict=True))
    assert len(labels) == runs.scenario.nunique() == len(available())
    status_quo = np.array([own["status_quo", r] for r in range(6)])
    names = list(runs.drop_duplicates("scenario").scenario)
    for name, label in zip(names, table.scenario, strict=True):
        # seeds 0-1, 2-3 and 4-5 share a draw of the assumptions (seeds_per_draw: 2): the
        # interval counts the 3 draws' means, not 6 independent seeds
        x = by_draw(np.array([own[name, r] for r in range(6)]))
        low, high = stats.t.interval(0.95, 2, loc=x.mean(), scale=stats.sem(x))
        shown = numbers(table.loc[labels[label], "mean [95% CI]"])
        same_or_kept_inside(shown, x.mean(), low, high, (0, 1))
        if name != "status_quo":
            d = x - by_draw(status_quo)
            if np.ptp(d) == 0:  # a lever that leaves this outcome alone (the DHO convening)
                dl = dh = d.mean()
            else:
                dl, dh = stats.t.interval(0.95, 2, loc=d.mean(), scale=stats.sem(d))
            diff = numbers(table.loc[labels[label], "difference from status quo [95% CI]"])
            same_or_kept_inside(diff, d.mean(), dl, dh, (-1, 1))
    # the probability of beating status quo: share of seeds, paired
    beat = md_table(text, "## Does it beat the status quo")
    for name, label in zip(names[1:], beat.scenario, strict=True):
        wins = np.mean([own[name, r] > own["status_quo", r] for r in range(6)])
        assert numbers(beat.loc[beat.scenario == label].iloc[0, 1])[0] == pytest.approx(wins)


def test_the_everyday_units_are_the_runs_last_year_in_those_units(small_report):
    """The table "in everyday units" holds, for each scenario and unit, the mean over its runs
    of each run's last-year mean, read from the job's own file and rounded as the table shows
    it (a share as a whole percentage); and each unit is explained under the table."""
    from simulation.planning.summary import UNITS

    text = (small_report / "report" / "report.md").read_text()
    last_year = {}
    for row, series in job_series(small_report):
        last_year.setdefault(row.scenario, []).append(series[list(UNITS)].iloc[-12:].mean())
    heading = "## What each scenario changes, in everyday units"
    table = md_table(text, heading).set_index("scenario")
    assert list(table.columns) == [UNITS[k][0] for k in UNITS]
    assert set(table.index) == {label_of(name) for name in last_year}
    for name, rows in last_year.items():
        mean = pd.concat(rows, axis=1).mean(axis=1)
        for key, (column, digits, _) in UNITS.items():
            cell = table.loc[label_of(name), column]
            if digits is None:  # a share, as a percentage
                assert cell.endswith("%"), cell
                assert float(cell[:-1]) == pytest.approx(100 * mean[key], abs=0.5 + 1e-9)
            else:
                assert float(cell) == pytest.approx(mean[key], abs=0.5 * 10**-digits + 1e-9)
    meanings = text.split(heading)[1].split("What the units mean:")[1].split("\n## ")[0]
    for column, _, meaning in UNITS.values():
        assert f"{column[0].upper()}{column[1:]}*: {meaning}." in meanings


def job_series(report_dir: Path):
    """Each run of the comparison in ``report_dir`` (a row of its runs.csv) with its monthly
    series, read from the job's own file rather than from the report's tables."""
    runs = pd.read_csv(report_dir / "report" / "runs.csv")
    for row in runs.itertuples():
        path = report_dir / "runs" / "jobs" / row.config_hash / "timeseries.parquet"
        yield row, pd.read_parquet(path)


def same_or_kept_inside(shown, mean, low, high, bounds) -> None:
    """A reported mean [interval] is Student's t interval; where that leaves the outcome's
    range (3 draws make wide intervals), the report keeps it inside the range instead."""
    if bounds[0] <= low and high <= bounds[1]:
        assert shown == pytest.approx([mean, low, high], abs=6e-4)
    else:
        assert shown[0] == pytest.approx(mean, abs=6e-4)
        assert bounds[0] <= shown[1] <= shown[0] <= shown[2] <= bounds[1]
        assert shown[1] == pytest.approx(max(low, bounds[0]), abs=0.25)  # about as wide


def by_draw(x: np.ndarray) -> np.ndarray:
    """Six seeds' values as the means of their draws of the assumptions: seeds 0-1, 2-3, 4-5."""
    return x.reshape(3, 2).mean(axis=1)


def sections(md: str) -> tuple[str, str, str]:
    """The report's summary ("## In short" up to the next heading), everything before the
    appendix, and the appendix."""
    from simulation.planning.report import APPENDIX

    body, appendix = md.split(APPENDIX)
    summary = body.split("## In short")[1].split("\n## ")[0]
    return summary, body, appendix


def label_of(name: str) -> str:
    return yaml.safe_load((ROOT / "configs" / "scenarios" / f"{name}.yaml").read_text())["label"]


def test_the_summary_names_the_scenario_it_ranks_first(small_report):
    """The report opens with at most 10 plain lines that name the scenario with the highest
    block collaboration in outcomes.csv, with its value, and hold no config key, no unrounded
    number and no statistician's term; the appendix holds them."""
    md = (small_report / "report" / "report.md").read_text()
    flat = pd.read_csv(small_report / "report" / "outcomes.csv")
    table = flat[(flat.outcome == "collaboration_block") & flat["runs"].notna()]
    first = table.loc[table["mean"].idxmax()]
    summary, body, appendix = sections(md)
    lines = [line for line in summary.splitlines()[1:] if line.strip()]
    assert 5 <= len(lines) <= 10, lines
    assert f"**Ranked first:** {label_of(first.scenario)}, with block collaboration at " in summary
    assert f"at {first['mean']:.2f} on a 0-1 scale" in summary
    assert md.index("## In short") < md.index("## The scenarios")  # the report opens with it
    # plain language: no key, no code, no long decimals, no statistician's terms
    keys = [*INDICATORS, *available(), "state.", "interventions."]
    shown = re.sub(r"!\[[^]]*\]\(figures/[^)]*\)", "", body.split("## In short")[1])
    for text in (summary, shown):  # (a figure's file name is no text a reader sees)
        assert "`" not in text
        assert not [k for k in keys if k in text]
        assert not re.search(r"\d\.\d{4,}", text)
        for term in ("Student", "pooled", "standard deviation", "Wilson", "replicate", "CI]"):
            assert term not in text
    words = ("posterior", "prior", "sensitivity analysis", "draws", "median", "variance")
    for term in words:  # the summary's words
        assert not re.search(rf"\b{term}\b", summary), (term, summary)
    assert "95%" not in summary  # "19 times in 20"
    # which the appendix keeps, for an analyst
    assert "`state.context.power_asymmetry`" in appendix
    assert "Student t" in appendix and "`collaboration_block`" in appendix
    assert "`rdpr_led`" in appendix
    html = (small_report / "report" / "report.html").read_text()
    short = html.split("<h2>In short</h2>")[1].split("<h2>")[0]
    assert 5 <= short.count("<li>") <= 10


def test_the_hand_out_reads_in_a_browser_summary_first(small_report):
    """report.html as a planner opens it, in Chromium on a 1280x800 laptop screen: the title
    and the whole plain-language summary on the first screen, text of at least 14 px, no code
    or config key from the summary to the appendix, every figure drawn, and the everyday-units
    table a table with a column per unit."""
    from simulation.dashboard.serving import chromium
    from simulation.planning.summary import UNITS

    with chromium() as browser:
        page = browser.new_page(viewport={"width": 1280, "height": 800})
        page.goto((small_report / "report" / "report.html").as_uri())
        heading = page.locator("h2", has_text="In short")
        summary = page.locator("h2:has-text('In short') + ul > li")
        assert 5 <= summary.count() <= 10
        for element in (page.locator("h1"), heading, summary.last):
            box = element.bounding_box()
            assert box is not None and box["y"] >= 0 and box["y"] + box["height"] <= 800, box
        sizes = page.evaluate(
            """() => [...document.querySelectorAll('p, li, td, th')]
                 .map(e => parseFloat(getComputedStyle(e).fontSize))"""
        )
        assert min(sizes) >= 14, min(sizes)
        before_appendix = page.evaluate(
            """() => {
                 const appendix = [...document.querySelectorAll('h2')]
                   .find(h => h.textContent.startsWith('Appendix'));
                 let text = '', codes = 0;  // from the summary on (a partial note names a file)
                 const short = [...document.querySelectorAll('h2')]
                   .find(h => h.textContent === 'In short');
                 for (let e = short; e && e !== appendix;
                      e = e.nextElementSibling) {
                   text += e.innerText + '\\n';
                   codes += e.querySelectorAll('code').length;
                 }
                 return [text, codes];
               }"""
        )
        text, codes = before_appendix
        assert codes == 0
        assert not [k for k in [*INDICATORS, "state.context", "interventions."] if k in text]
        images = page.locator("img")
        assert images.count() >= 2
        for i in range(images.count()):
            assert images.nth(i).evaluate("img => img.complete && img.naturalWidth > 0")
        table = page.locator("h2:has-text('in everyday units') ~ table").first
        headers = [t.strip() for t in table.locator("th").all_inner_texts()]
        assert headers == ["scenario", *(UNITS[k][0] for k in UNITS)]


def test_the_report_says_which_earlier_conclusion_changed(small_report):
    """Beside earlier reports' ranking (RDPR-led above health-led on a collaboration index),
    the report says in words which of the two leads on health's block pairs and which on
    sector breadth, as the outcome table's means have it."""
    md = (small_report / "report" / "report.md").read_text()
    flat = pd.read_csv(small_report / "report" / "outcomes.csv")
    part = md.split("## Compared with earlier reports")[1].split("\n## ")[0]
    health, rdpr = label_of("health_led"), label_of("rdpr_led")
    assert f"ranked {rdpr} above {health}" in part
    for outcome, words in (
        ("collaboration_block", "between health and the other sectors in a block"),
        ("sector_breadth", "how many other sectors act jointly in a block"),
    ):
        means = flat[(flat.outcome == outcome) & flat["runs"].notna()].set_index("scenario")["mean"]
        first = "health_led" if means["health_led"] >= means["rdpr_led"] else "rdpr_led"
        line = next(x for x in part.splitlines() if words in x)
        assert f"{label_of(first)} leads ({means[first]:.2f} against" in line


def test_the_scenarios_are_ranked_against_each_other_and_against_a_level(small_report):
    """The ranking (best of all in each seed, paired) and the month block collaboration first
    reaches 0.4 and whether it holds through the last year, recomputed from each job's file."""
    md = (small_report / "report" / "report.md").read_text()
    runs = pd.read_csv(small_report / "report" / "runs.csv")
    series = {
        (row.scenario, row.replicate): pd.read_parquet(
            small_report / "runs" / "jobs" / row.config_hash / "timeseries.parquet"
        )
        for row in runs.itertuples()
    }
    last = {k: s.collaboration_block.iloc[-12:].mean() for k, s in series.items()}
    names = list(runs.drop_duplicates("scenario").scenario)
    table = md_table(md, "## How the scenarios rank against each other")
    means = {name: np.mean([last[name, r] for r in range(6)]) for name in names}
    assert list(table.scenario) == [label_of(n) for n in sorted(names, key=lambda n: -means[n])]
    for name in names:
        row = table.loc[table.scenario == label_of(name)].iloc[0]
        best = sum(last[name, r] >= max(last[o, r] for o in names) for r in range(6))
        assert row["best of all in"] == f"{best} of 6"
        firsts = [
            s.month[s.collaboration_block >= 0.4].min()
            for (n, _), s in series.items()
            if n == name and (s.collaboration_block >= 0.4).any()
        ]
        expected = f"month {np.median(firsts):.0f} ({len(firsts)} of 6)" if firsts else "never"
        assert row["reaches 0.40"] == expected
        held = sum(
            (s.collaboration_block.iloc[-12:] >= 0.4).all()
            for (n, _), s in series.items()
            if n == name
        )
        assert row["holds it"] == f"{held} of 6"
    # the leader's lead over the second, paired by seed
    first, second = table.scenario.iloc[:2]
    a, b = (next(n for n in names if label_of(n) == x) for x in (first, second))
    d = by_draw(np.array([last[a, r] - last[b, r] for r in range(6)]))
    low, high = stats.t.interval(0.95, 2, loc=d.mean(), scale=stats.sem(d))
    assert numbers(table["lead over the next"].iloc[0]) == pytest.approx(
        [d.mean(), low, high], abs=6e-3
    )
    # collapse and "better than status quo" side by side are explained
    collapsed = int(table.loc[table.scenario == "Status quo", "collapsed"].iloc[0].split()[0])
    if collapsed:
        assert "*better than status quo* only says a scenario collapses less" in md


def test_report_is_self_contained_and_says_how_to_regenerate_it(small_report):
    html = (small_report / "report" / "report.html").read_text()
    md = (small_report / "report" / "report.md").read_text()
    assert 'src="figures/' not in html
    assert (
        html.count('src="data:image/png;base64,')
        == len(list((small_report / "report" / "figures").glob("*.png")))
        >= 5
    )
    assert not re.search(r"(src|href)=\"https?://", html)  # opens offline, from a file
    assert "python experiments/compare_scenarios.py" in md and "seeds=6" in md
    assert re.search(r"Code version: `[0-9a-f]{40}", md)
    assert "replicates 0 to 5" in md
    assert "illustrative" in md
    for name in available():
        assert (small_report / "report" / "scenarios" / f"{name}.yaml").is_file()
    assert not [p for p in (small_report).iterdir() if p.name.startswith(".")]


def test_intervals_shrink_as_seeds_grow(tmp_path):
    scenarios = load_scenarios(["status_quo", "rdpr_led", "gp_task_force"], state="bihar")
    widths = {}
    for seeds in (4, 16):
        result = ensemble.run(scenarios, BASE, seeds, tmp_path, unit_costs({}), 2, False)
        outcomes = comparison.run_outcomes(result.runs)
        for outcome in ("collaboration_block", "sector_breadth", "reach_vulnerable"):
            t = comparison.outcome_table(outcomes, outcome, [s.name for s in scenarios])
            widths[seeds, outcome] = (t.high - t.low).to_numpy()
    ratios = np.concatenate(
        [
            widths[16, o] / widths[4, o]
            for o in ("collaboration_block", "sector_breadth", "reach_vulnerable")
        ]
    )
    # t(0.975, 15)/4 against t(0.975, 3)/2: about a third, give or take the spread's own noise
    # (with 4 seeds a standard deviation is often underestimated: one scenario's interval may
    # not shrink, so each outcome's ratios are judged together)
    assert np.all(ratios.reshape(3, -1).mean(axis=1) < 1)
    assert np.median(ratios) < 0.6


BAD = [
    ("colour: red\nlabel: x\n", "unknown key 'colour'"),
    ("label: x\ninterventions:\n  trainig: pdia\n", "interventions.trainig is not an intervention"),
    (
        "label: x\ninterventions:\n  training: yoga\n",
        "interventions.training: Invalid value 'yoga'",
    ),
    (
        "label: x\ninterventions:\n  training_coverage: 2\n",
        "interventions.training_coverage = 2.0 is out of range",
    ),
    ("label: x\nbase: everything\n", "base = 'everything' is not allowed"),
    ("label: [unclosed\n", "not valid YAML"),
    ("- a list\n", "expected a mapping"),
    ("interventions: {}\n", "label = None"),
    ("label: x\ndescription: {a: 1}\n", "description = {'a': 1}; allowed: a text"),
]


@pytest.mark.parametrize(("text", "message"), BAD)
def test_a_bad_scenario_file_is_named_with_its_key(tmp_path, text, message):
    path = tmp_path / "my_plan.yaml"
    path.write_text(text)
    with pytest.raises(ConfigError) as error:
        load_scenario(path, "bihar")
    assert "my_plan.yaml" in str(error.value)
    assert message in str(error.value)


def test_the_app_stops_on_a_bad_scenario_before_running_anything(tmp_path):
    bad = tmp_path / "my_plan.yaml"
    bad.write_text("label: mine\ninterventions:\n  block_convergence: district_led\n")
    out = compare(tmp_path, "seeds=3", f"compare=[status_quo,{bad}]")
    assert out.code == 2
    assert "my_plan.yaml" in out.stderr and "block_convergence" in out.stderr
    assert "district_led" in out.stderr
    assert not (tmp_path / "report").exists() and not (tmp_path / "runs").exists()

    out = compare(tmp_path, "seeds=3", "costs.meeting_pair=-5")
    assert out.code == 2
    assert "costs.meeting_pair = -5 is out of range" in out.stderr
    out = compare(tmp_path, "seeds=3", "compare=[status_quo,rdpr_lead]")
    assert out.code == 2 and "scenario 'rdpr_lead' is not in configs/scenarios" in out.stderr
    assert not (tmp_path / "report").exists() and not (tmp_path / "runs").exists()


def test_a_planners_own_scenario_runs_next_to_the_standard_ones(tmp_path):
    mine = tmp_path / "rdpr_with_awards.yaml"
    mine.write_text(
        "label: RDPR-led with GP awards\ninterventions:\n  block_convergence: rdpr_led\n"
        "  gp_awards: true\n"
    )
    out = compare(tmp_path, "seeds=2", "months=12", f"compare=[rdpr_led,{mine}]")
    assert out.code == 0, out.stderr
    md = (tmp_path / "report" / "report.md").read_text()
    assert "RDPR-led with GP awards" in md and "Status quo" in md
    costs = md_table(md, "## What it costs")
    awards = costs.loc[costs.scenario == "RDPR-led with GP awards"].iloc[0]
    plain = costs.loc[costs.scenario == "RDPR-led block convergence"].iloc[0]
    money = lambda cell: float(cell.replace(",", "").replace("+", ""))  # noqa: E731
    assert money(awards.iloc[1]) > money(plain.iloc[1])  # the awards cost money


def test_uncertain_parameters_are_drawn_once_per_draw_for_every_scenario(small_report):
    """The default comparison runs 2 seeds on each draw of the assumptions (the state's
    parameters and the posterior's weights): seeds 0-1, 2-3 and 4-5 of 6."""
    runs = pd.read_csv(small_report / "report" / "runs.csv")
    drawn = [c for c in runs.columns if c.startswith("state.")]
    weights = [c for c in runs.columns if c.startswith("processes.")]
    assert len(drawn) >= 5 and len(weights) > 100
    per_seed = runs.groupby("replicate")[drawn + weights].nunique()
    assert (per_seed == 1).all().all()  # the same draw under every scenario: paired
    per_draw = runs.groupby(runs.replicate // 2)[drawn + weights].nunique()
    assert (per_draw == 1).all().all()  # two seeds, one draw
    firsts = runs.drop_duplicates("replicate").set_index("replicate")
    assert (firsts.loc[[0, 2, 4], drawn].nunique() == 3).all()  # three draws
    from simulation.config import load_config
    from simulation.planning.uncertainty import value_at

    state = load_config(["state=bihar"])
    for key in drawn:
        values = firsts.loc[[0, 2, 4], key].to_numpy()
        base = value_at(state, key)
        assert np.all(np.abs(values / base - 1) <= 0.3 + 1e-3)  # within the spread
        strata = np.floor((values / base - 0.7) / 0.6 * 3).clip(0, 2)
        assert sorted(strata) == [0, 1, 2]  # a Latin hypercube: one draw per third


def test_a_bad_uncertainty_setting_is_named(tmp_path):
    out = compare(tmp_path, "seeds=3", "uncertainty.parameters=[state.context.weather]")
    assert out.code == 2
    assert "'state.context.weather' is not an uncertain parameter" in out.stderr
    out = compare(tmp_path, "seeds=3", "uncertainty.spread=1.5")
    assert out.code == 2 and "uncertainty.spread = 1.5" in out.stderr
    assert not (tmp_path / "report").exists() and not (tmp_path / "runs").exists()


def test_the_report_is_the_same_whatever_the_number_of_workers(tmp_path):
    tables = {}
    for workers in (1, 2):
        out = compare(
            tmp_path / str(workers),
            "seeds=4",
            "months=24",
            "scale=0.1",
            "compare=[status_quo,rdpr_led,full_package]",
            f"workers={workers}",
        )
        assert out.code == 0, out.stderr
        report = tmp_path / str(workers) / "report"
        tables[workers] = (
            (report / "outcomes.csv").read_bytes(),
            (report / "runs.csv").read_bytes(),
            (report / "report.md").read_text().split("## The scenarios")[1].split("## How to")[0],
        )
    assert tables[1] == tables[2]


def test_a_partial_comparison_goes_to_scratch_and_says_so(tmp_path):
    """Fewer seeds or scenarios than configs/compare.yaml never replace the committed report."""
    args = ["seeds=2", "months=3", "compare=[status_quo,health_led]", "workers=1"]
    out = run_command("experiments/compare_scenarios.py", [*args, "progress=false"], tmp_path)
    assert out.code == 0, out.stderr
    [scratch] = (tmp_path / "results" / "scratch").iterdir()
    assert scratch.name.startswith("compare-seeds2-")
    assert not (tmp_path / "results" / "comparisons" / "bihar").exists()
    md = (scratch / "report.md").read_text()
    top = md.split("## The scenarios")[0]
    assert "**Partial comparison, not the full study**" in top
    assert "seeds 2 (full study: 400)" in top and "months 3 (full study: 120)" in top
    assert "compare \\[health_led,status_quo\\]" in top
    assert json.loads((scratch / "settings.json").read_text())["partial"][0].startswith("seeds 2")


def test_the_full_comparison_says_nothing_of_being_partial():
    """The committed report has no partial note, and its settings are the defaults."""
    assert "Partial" not in (ROOT / "results" / "comparisons" / "bihar" / "report.md").read_text()
    assert "partial" not in json.loads(
        (ROOT / "results" / "comparisons" / "bihar" / "settings.json").read_text()
    )


def test_the_split_of_a_differences_spread_finds_the_variances_it_was_given():
    """Differences made of a draw's effect (sd 0.08) and chance (sd 0.03), 2 seeds on each of
    400 draws: the random-effects split recovers both within a fifth, the draws ahead count
    draws, not seeds, and with one seed per draw the sources are not told apart."""
    rng = np.random.default_rng(7)
    effect = 0.1 + rng.normal(0, 0.08, 400)
    d = pd.Series(np.repeat(effect, 2) + rng.normal(0, 0.03, 800))
    got = comparison.split(d, 2, (-1, 1))
    assert got["sd_assumptions"] == pytest.approx(0.08, rel=0.2)
    assert got["sd_chance"] == pytest.approx(0.03, rel=0.2)
    assert got["share_assumptions"] == pytest.approx(0.08**2 / (0.08**2 + 0.03**2), abs=0.05)
    means = d.groupby(d.index // 2).mean()
    assert got["draws"] == 400 and got["draws_ahead"] == int((means > 0).sum())
    low, high = stats.t.interval(0.95, 399, loc=means.mean(), scale=stats.sem(means))
    assert [got["low"], got["high"]] == pytest.approx([low, high])
    assert got["range_low"] < got["low"] < got["high"] < got["range_high"]
    alone = comparison.split(d, 1, (-1, 1))
    assert np.isnan(alone["sd_chance"]) and np.isnan(alone["share_assumptions"])
    # chance alone: the assumptions' share is near 0
    noise = comparison.split(pd.Series(rng.normal(0, 0.05, 800)), 2, (-1, 1))
    assert noise["share_assumptions"] < 0.15


def test_the_report_says_where_each_differences_uncertainty_comes_from(small_report):
    md = (small_report / "report" / "report.md").read_text()
    summary, _, appendix = sections(md)
    assert "### Where the uncertainty of each difference comes from" in appendix
    table = md_table(appendix, "### Where the uncertainty of each difference comes from")
    scenarios = len(available())
    assert len(table) == 2 * (scenarios - 1)  # against the status quo, and each lead
    for row in table.itertuples():
        assert row[-1].endswith(" of 3")  # ahead in draws: 3 draws of 2 seeds
        assert row[-2] == "n/a" or 0 <= float(row[-2]) <= 1  # n/a: no spread at all
    assert re.search(r"It leads under \d of 3 guesses at what is not known", summary)
    outcomes = pd.read_csv(small_report / "report" / "outcomes.csv")
    assert (outcomes.outcome == "sources_collaboration_block").sum() == len(table)


def test_a_share_over_seeds_nested_in_draws_resamples_whole_draws():
    """Two seeds per draw that always agree carry the information of one: the interval is as
    wide as for the draws alone, wider than Wilson's over every seed; one seed per draw is
    Wilson's interval as before."""
    from simulation.statistics import wilson

    draws = np.arange(100) % 3 == 0  # 34 of 100 draws
    hits = pd.Series(np.repeat(draws, 2))  # each draw's two seeds agree
    p, low, high = comparison.share_of_runs(hits, 2)
    assert p == pytest.approx(0.34)
    naive = wilson(68, 200)
    alone = wilson(34, 100)
    assert high - low > 1.2 * (naive[1] - naive[0])
    assert high - low == pytest.approx(alone[1] - alone[0], rel=0.25)
    assert comparison.share_of_runs(hits, 1) == (0.34, *naive)
    # every run agrees: Wilson's interval over the draws
    assert comparison.share_of_runs(pd.Series([True] * 200), 2)[1:] == wilson(100, 100)


def test_a_bad_sensitivity_file_is_named_before_any_run(tmp_path, capsys):
    from simulation.planning.dependence import read_sensitivity

    good = "target,weight,base_samples,S1,ST\nx,processes.joint_action.growth,256,0.2,0.3\n"
    (tmp_path / "ok.csv").write_text(good)
    assert read_sensitivity(tmp_path / "ok.csv")["ST"].tolist() == [0.3]
    cases = {
        "not_a_number.csv": (good.replace(",0.3", ",high"), "column ST, row 2: 'high'"),
        "unknown.csv": (
            good.replace("joint_action.growth", "joint_action.speed"),
            "'processes.joint_action.speed' is not a behavioural weight",
        ),
        "no_column.csv": ("target,weight\nx,y\n", "no column ['ST', 'base_samples']"),
    }
    for name, (text, message) in cases.items():
        (tmp_path / name).write_text(text)
        with pytest.raises(ConfigError, match=re.escape(message)):
            read_sensitivity(tmp_path / name)
    # a missing file only leaves the weights unnamed (the report's text), and says so
    assert read_sensitivity(tmp_path / "missing.csv") is None
    assert "will not name the weights" in capsys.readouterr().out
    out = compare(tmp_path, "seeds=3", f"uncertainty.sensitivity={tmp_path / 'unknown.csv'}")
    assert out.code == 2 and "uncertainty.sensitivity" in out.stderr
    assert "Traceback" not in out.stderr and not (tmp_path / "runs").exists()
