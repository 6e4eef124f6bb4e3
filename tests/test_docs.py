"""The documentation tells the truth about the code and its committed results."""

import json
import math
import re
import shlex
from pathlib import Path

import pandas as pd
from hydra.core.override_parser.overrides_parser import OverridesParser

from simulation.config import CommandConfig, load_config
from simulation.document import OUTPUT, render
from simulation.experiment.checking import check_jobs
from simulation.indicators import INDICATORS
from simulation.loop import PROCESSES
from simulation.parameters import declared_parameters
from simulation.results import write_run
from simulation.run import run
from simulation.sweep.hydra_private import BasicSweeper

ROOT = Path(__file__).parents[1]
README = (ROOT / "README.md").read_text()


def test_parameter_reference_is_generated_from_the_code():
    assert OUTPUT.read_text() == render(), "run: python -m simulation.document"


def test_every_parameter_names_its_evidence():
    """Every declared parameter of a run (the run command's options too) says what it rests
    on: a source, a finding, "assumption ..." or that it is a run option, never nothing."""
    blank = [
        key
        for key, f in declared_parameters(CommandConfig)
        if not str(f.metadata.get("evidence", "")).strip()
    ]
    assert not blank, f"give these an evidence= text: {blank}"


def test_readme_starts_with_the_two_commands():
    first_block = README.split("```")[1]
    assert "make run" in first_block.splitlines()[1]
    assert "make test" in first_block.splitlines()[2]


def test_readme_command_lines_compose():
    commands = re.findall(r"\.venv/bin/python -m simulation ((?:[^\n\\]|\\\n)*)", README)
    assert len(commands) >= 4
    sweeps = 0
    for command in commands:
        words = shlex.split(command.replace("\\\n", " ").split("#")[0])
        args = [a for a in words if not a.startswith(("-", "hydra")) and "=" in a]
        if any(a.startswith("scale=2") or "lecture" in a for a in args):
            continue
        if "-m" in words:  # a sweep: every job of it must compose and validate
            overrides = OverridesParser.create().parse_overrides(args)
            [jobs] = BasicSweeper.split_arguments(overrides, None)
            assert check_jobs(jobs)
            sweeps += 1
        elif args:
            load_config(args)
    assert sweeps >= 3


def test_readme_lists_every_indicator():
    for name in INDICATORS:
        assert name in README, name


def test_odd_describes_every_process():
    odd = (ROOT / "simulation" / "ODD.md").read_text()
    for name in PROCESSES:
        assert f"processes/{name}.py" in odd, name


#: How far a committed number may be from a fresh one: the last digits only. Across processor
#: families numpy runs different vectorised exp and log (README, Reproducibility), so a run
#: made on one machine can differ from the same run on another in the last bit.
LAST_DIGITS = 1e-12


def same_but_last_digits(fresh, committed) -> bool:
    """Whether two parsed results are the same: equal text, keys and integers, and floats
    equal but for the last digits (:data:`LAST_DIGITS`)."""
    if isinstance(fresh, dict) and isinstance(committed, dict):
        return fresh.keys() == committed.keys() and all(
            same_but_last_digits(fresh[k], committed[k]) for k in fresh
        )
    if isinstance(fresh, list) and isinstance(committed, list):
        return len(fresh) == len(committed) and all(
            same_but_last_digits(a, b) for a, b in zip(fresh, committed, strict=True)
        )
    if isinstance(fresh, float) or isinstance(committed, float):
        return math.isclose(fresh, committed, rel_tol=LAST_DIGITS, abs_tol=LAST_DIGITS)
    return fresh == committed


def test_last_digits_tell_a_stale_result_from_another_processor():
    assert same_but_last_digits({"a": [0.1 + 0.2, 3], "b": "x"}, {"a": [0.3, 3], "b": "x"})
    assert not same_but_last_digits({"a": [0.3001, 3]}, {"a": [0.3, 3]})  # a model change
    assert not same_but_last_digits({"a": [0.3, 4]}, {"a": [0.3, 3]})  # integers exactly
    assert not same_but_last_digits({"a": 0.3, "b": 1.0}, {"a": 0.3})  # the same columns
    assert not same_but_last_digits({"b": "y"}, {"b": "x"})


def test_committed_example_is_what_the_code_produces_and_the_readme_quotes_it(tmp_path):
    committed = json.loads((ROOT / "results/example/summary.json").read_text())
    fresh_dir = write_run(run(load_config(["progress=false"])), tmp_path / "example")
    fresh = json.loads((fresh_dir / "summary.json").read_text())
    # the numbers, not which code made them (a rename changes the model identity, not them)
    assert committed.pop("model_identity") and fresh.pop("model_identity")
    assert same_but_last_digits(fresh, committed), "regenerate with: make example"
    fresh_table = pd.read_csv(fresh_dir / "timeseries.csv")
    committed_table = pd.read_csv(ROOT / "results/example/timeseries.csv")
    assert same_but_last_digits(
        fresh_table.to_dict(orient="list"), committed_table.to_dict(orient="list")
    ), "regenerate with: make example"
    quoted = committed["last_year_mean"]
    example = README.split("## Example", 1)[1].split("## From Python", 1)[0]
    for key, digits in (
        ("collaboration_district", 3),
        ("collaboration_block", 3),
        ("collaboration_reported_block", 3),
        ("meetings_with_action_share", 2),
        ("sector_breadth", 2),
        ("gp_phase_mean", 2),
        ("reach_vulnerable", 2),
        ("reach_other", 2),
    ):
        assert f"{quoted[key]:.{digits}f}" in example, (key, quoted[key])


def test_readme_sweep_query_reproduces_the_table_it_shows(monkeypatch, capsys):
    """The README's DuckDB query, run on the committed sweep table, prints the README's table."""
    block = next(b for b in README.split("```python")[1:] if "pivot (select state" in b)
    code, after = block.split("```", 1)
    shown = "\n".join(line for line in after.strip().splitlines() if line.startswith("|"))
    monkeypatch.chdir(ROOT)
    exec(code, {})
    assert capsys.readouterr().out.strip() == shown


def test_readme_dashboard_numbers_are_the_committed_benchmark():
    """The responsiveness the README quotes is what `make bench-dashboard` last wrote."""
    bench = (ROOT / "results" / "dashboard_benchmark.md").read_text()
    para = README[README.index("**Responsiveness**") :].split("\n\n")[0]
    median, busy = re.search(r"in (\d+) ms \(median in the browser; (\d+) ms while", para).groups()
    assert re.search(rf"\| one session \| {median} \|", bench)
    assert re.search(rf"\| while another session plays \(\d+ months\) \| {busy} \|", bench)
    month, draw = re.search(
        r"month takes ([\d.]+) ms; drawing the two figures, (\d+) ms", para
    ).groups()
    plain = re.search(r"\| model month \(plain model, baseline\) \| ([\d.]+) \|", bench)[1]
    assert f"{float(plain):.1f}" == month
    assert f"both figures in {draw} ms" in bench


def test_readme_comparison_table_is_the_committed_report():
    """The comparison table the README quotes is in the report `make compare` last wrote."""
    report = (ROOT / "results" / "comparisons" / "bihar" / "report.md").read_text()
    para = README[README.index("## The planner's comparison") :]
    rows = [
        line
        for line in para[: para.index("A planner's own scenario")].splitlines()
        if line.startswith("| ") and "[" in line
    ]
    assert len(rows) >= 8
    for row in rows:
        assert row in report
    collapsed = re.search(
        r"health-led\s+convergence collapses \(block collaboration below ([\d.]+)\) "
        r"in (\d+) of (\d+)",
        para,
    ).groups()
    assert f"below {collapsed[0]} (in the first month" in report
    assert f"| Health-led block convergence | {collapsed[1]} of {collapsed[2]} |" in report


def test_readme_benchmark_table_is_the_committed_one():
    """The benchmark table the README quotes is what `make bench` last wrote."""
    bench = (ROOT / "results" / "benchmarks.md").read_text()
    committed = [line for line in bench.splitlines() if line.startswith("|")]
    section = README[README.index("## Performance") : README.index("## Reproducibility")]
    quoted = [line for line in section.splitlines() if line.startswith("|")]
    assert quoted == committed and len(quoted) == 9
