"""User strings in reports are shown as text: no script runs, no link or image appears, and
Markdown tables keep their columns (``simulation/escaping.py``).

The planner's report is made from a real, tiny comparison (2 scenarios x 2 seeds x 3 months
at scale 0.1) whose scenario file a user wrote with HTML and Markdown in its label, its
description and its file name; the HTML report is parsed, not searched as text.
"""

import html
import re
from html.parser import HTMLParser

import numpy as np
import pandas as pd
import pytest
import yaml

from simulation.analysis import discovery
from simulation.analysis import sensitivity as sa
from simulation.escaping import code_fence, markdown_code, markdown_text
from simulation.planning import ensemble, report
from simulation.planning.costs import unit_costs
from simulation.planning.scenarios import load_scenarios
from simulation.sweep.gather import summary_markdown

SCRIPT = "<script>alert(1)</script>"
MARKDOWN = "| x | [link](javascript:alert(1)) ![img](http://e/x.png)"
#: Also a mathtext trap for the figures' legends ($ starts matplotlib's mathematics).
LABEL = f"{SCRIPT} {MARKDOWN} costs $5 and $\\frac"
DESCRIPTION = f"{MARKDOWN} {SCRIPT} <img src=x onerror=alert(2)> *bold* `code` # heading"
FILE_NAME = "plan<b>x|y`z"
STATE_NAME = "Bihar <script>alert(3)</script>"
COMMAND = "python experiments/compare_scenarios.py 'compare=[<script>]' '```' 'x=|'"


class Elements(HTMLParser):
    """Every element, attribute and text of an HTML document, and each table's row widths."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []
        self.text: list[str] = []
        self.tables: list[list[int]] = []  # per table, the number of cells in each row

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        if tag == "table":
            self.tables.append([])
        elif tag == "tr":
            self.tables[-1].append(0)
        elif tag in ("td", "th"):
            self.tables[-1][-1] += 1

    def handle_data(self, data):
        self.text.append(data)


def parse(text: str) -> Elements:
    parser = Elements()
    parser.feed(text)
    parser.close()
    return parser


def assert_inert(page: Elements) -> None:
    """No script, no event handler, no javascript: URL, no image from outside the file."""
    for tag, attrs in page.tags:
        assert tag not in ("script", "iframe", "object", "embed", "form", "base", "link"), tag
        for name, value in attrs.items():
            assert not name.startswith("on"), (tag, name, value)
            assert "javascript:" not in re.sub(r"\s", "", (value or "").lower()), (tag, name)
        if tag == "img":
            assert attrs["src"].startswith("data:image/png;base64,"), attrs["src"][:60]
        assert tag != "a", f"no report links anywhere: {attrs}"


def markdown_tables(text: str) -> list[list[int]]:
    """Per Markdown table, the number of cells in each row (``\\|`` does not split a cell)."""
    tables, current = [], []
    for line in [*text.splitlines(), ""]:
        if line.startswith("|"):
            current.append(len(re.split(r"(?<!\\)\|", line.strip()[1:-1])))
        elif current:
            tables.append(current)
            current = []
    return tables


@pytest.fixture(scope="module")
def planner_report(tmp_path_factory):
    """A tiny comparison with a user's scenario file full of HTML and Markdown."""
    tmp = tmp_path_factory.mktemp("escaping")
    scenario = tmp / f"{FILE_NAME}.yaml"
    scenario.write_text(
        yaml.safe_dump(
            {
                "label": LABEL,
                "description": DESCRIPTION,
                "interventions": {"block_convergence": "rdpr_led"},
            }
        )
    )
    scenarios = load_scenarios(["status_quo", str(scenario)], state="bihar")
    assert scenarios[1].label == LABEL and scenarios[1].name == FILE_NAME
    costs = unit_costs({})
    base = ["state=bihar", "scale=0.1", "months=3", "seed=42"]
    runs = ensemble.run(scenarios, base, 2, tmp / "runs", costs, 1, False)
    settings = report.settings_of(runs, scenarios, 2, costs) | {"state_name": STATE_NAME}
    return report.write_report(runs, scenarios, settings, COMMAND, tmp / "report")


def test_the_planners_html_report_runs_nothing_a_user_wrote(planner_report):
    page = parse((planner_report / "report.html").read_text())
    assert_inert(page)
    assert {tag for tag, _ in page.tags} >= {"html", "style", "table", "img", "h1"}
    text = "".join(page.text)
    # shown as the user typed it, as text
    for typed in (LABEL, SCRIPT, "![img](http://e/x.png)", "<img src=x onerror=alert(2)>"):
        assert typed in text
    head = (planner_report / "report.html").read_text().split("</title>")[0]
    assert html.unescape(head.split("<title>")[1]) == report.title({"state_name": STATE_NAME})
    assert COMMAND in text


def test_the_planners_tables_keep_their_columns(planner_report):
    md = (planner_report / "report.md").read_text()
    prose = md[: md.index("## How to regenerate")]  # the command's code block shows it as typed
    links = re.search(r"(?<!\\)\]\(", prose.split("## What")[0])  # the figures come after
    assert "<script" not in prose.lower() and not links
    tables = markdown_tables(md)
    assert len(tables) >= 8
    for rows in tables:
        assert len(set(rows)) == 1, rows
    scenarios = tables[0]
    assert scenarios == [2, 2, 2, 2]  # header, rule, status quo, the user's scenario
    page = parse((planner_report / "report.html").read_text())
    assert len(page.tables) == len(tables)
    for rows in page.tables:
        assert len(set(rows)) == 1, rows


def test_the_command_cannot_close_its_code_block(planner_report):
    md = (planner_report / "report.md").read_text()
    block = md[md.index("## How to regenerate") :]
    fence = re.search(r"^(`{3,})sh$", block, re.M)[1]
    assert len(fence) > 3 and f"\n{COMMAND}\n{fence}\n" in block


def test_markdown_text_leaves_identifiers_and_plain_text_as_they_are():
    for plain in ("state.context.power_asymmetry", "collaboration_block", "rdpr_led, shared"):
        assert markdown_text(plain) == plain
    assert markdown_text("a_") == "a\\_" and markdown_text("_a_") == "\\_a\\_"
    assert markdown_text("two\nlines\r\n") == "two lines "
    assert markdown_code("interventions.training=pdia") == "`interventions.training=pdia`"
    assert markdown_code("a|b") == "a\\|b" and markdown_code("a`b") == "a\\`b"
    assert code_fence("````").startswith("`````\n")


def test_sensitivity_indices_escape_names(tmp_path):
    table = pd.DataFrame(
        {
            "outcome": [SCRIPT, "collaboration_block"],
            "parameter": [MARKDOWN, "state.context.power_asymmetry"],
            "constant_outcome": False,
            "mu_star": [0.1, 0.2],
            "mu_star_conf": [0.01, 0.02],
            "sigma": [0.1, 0.1],
            "mu": [0.1, 0.1],
        }
    )
    paths = sa.write_outputs(table, "morris", tmp_path, partial=[f"state {SCRIPT}"])
    md = paths["md"].read_text()
    assert "<script" not in md and "**Partial analysis" in md
    assert "| state.context.power_asymmetry " in md
    assert {len(r) for r in [markdown_tables(md)[0]]} == {4} and len(
        set(markdown_tables(md)[0])
    ) == 1


def test_discovery_boxes_escape_parameters_and_values():
    limits = pd.DataFrame(
        [{"parameter": MARKDOWN, "values": f"{SCRIPT}, shared"}],
        columns=["parameter", "low", "high", "sweep_low", "sweep_high", "values"],
    )
    box = discovery.Box(limits=limits, coverage=0.5, density=0.9, mass=0.3, runs=10)
    md = discovery.report([box], np.array([True, False]), f"{SCRIPT} below 0.1", [MARKDOWN])
    assert "<script" not in md and "**Partial discovery" in md
    for rows in markdown_tables(md):
        assert set(rows) == {3}, rows


def test_sweep_summary_escapes_swept_values():
    summary = pd.DataFrame(
        {"state": [SCRIPT, "bihar"], "note|key": [MARKDOWN, "x"], "replicates": [2, 2]}
    )
    summary["collaboration_block"] = [0.3, 0.4]
    summary["collaboration_block_low"] = [0.2, 0.3]
    summary["collaboration_block_high"] = [0.4, 0.5]
    md = summary_markdown(summary, outcomes=["collaboration_block"])
    assert "<script" not in md and not re.search(r"(?<!\\)\]\(", md)
    assert set(markdown_tables(md)[0]) == {4}
