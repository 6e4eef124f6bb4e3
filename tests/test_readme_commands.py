"""Every command in README.md runs as written.

The commands are read from the README itself: every line of a ```sh block (comments dropped,
backslash continuations joined) and every ``$ `` line of another code block, whose following
lines are the output the README promises. Each is classified by what it runs, and checked in
a quick mode in a fresh working folder (every default output under ``results/`` lands there):

- a single run (``python -m simulation ...``, ``make run``): run as written with ``months=13``
  and no progress bar, so it is short; ``--cfg job`` runs unchanged;
- a sweep (``-m``, ``make discover``): expanded and checked by the sweep's own check (every
  job's config), then stopped before the first job; the job count the README gives is checked;
- the validation (``make validate``) and the calibration (``make calibrate``): settings
  composed and checked, then stopped before the study runs;
- the planner's comparison (``experiments/compare_scenarios.py`` or ``-m simulation.planning``)
  and the sensitivity analysis: run as written with 2 seeds (or 2 samples), 13 months (and the
  comparison at scale 0.1), in this process;
- scenario discovery: run as written on the committed sweep it reads (copied into the
  working folder), as a fresh clone has it;
- the dashboard: its options parsed and checked (a server is tested in test_dashboard.py);
- ``make`` targets: the target must exist in the Makefile, and its recipe's commands are
  checked as above; ``make test`` is this suite; ``make bench`` answers ``--help``;
- installs and cluster start-up (``pip install '.[extra]'``, ``ray start``): the extra must be
  declared in pyproject.toml; nothing is installed or started (``pip install .``, the package
  itself, is built and installed by test_package.py).

A README command that fits none of these fails :func:`test_every_readme_command_is_known`, so
the README cannot gain a command no test runs.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import sys
import tomllib
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.command_harness import REPO, message_lines, run_command, traceback_problems

README = REPO / "README.md"
MAKEFILE = REPO / "Makefile"
QUICK_MONTHS = "months=13"  # past the default training month (12), so every example is valid
PLACEHOLDERS = {"<yours>": "debug"}  # the README's placeholders, filled for the check


@dataclass(frozen=True)
class Example:
    """One command of the README, with the output it promises (``$`` examples only)."""

    line: str
    comment: str = ""
    expected: tuple[str, ...] | None = None


def readme_examples(text: str) -> list[Example]:
    """The README's commands: ```sh blocks and ``$ `` lines of other code blocks."""
    examples, block, fence = [], None, ""
    for raw in text.splitlines():
        if raw.startswith("```"):
            if block is None:
                block, fence = [], raw[3:].strip()
            else:
                examples += _sh_block(block) if fence == "sh" else _prompt_block(block)
                block = None
            continue
        if block is not None:
            block.append(raw)
    return examples


def _sh_block(lines: list[str]) -> list[Example]:
    out, pending = [], ""
    for line in lines:
        if line.rstrip().endswith("\\"):
            pending += line.rstrip()[:-1] + " "
            continue
        line, pending = pending + line, ""
        command, comment = _split_comment(line)
        if command.strip():
            out.append(Example(" ".join(command.split()), comment))
    return out


def _split_comment(line: str) -> tuple[str, str]:
    """A shell line without its comment (a ``#`` outside quotes after a space), and the comment."""
    quote = None
    for i, ch in enumerate(line):
        if quote:
            quote = None if ch == quote else quote
        elif ch in "'\"":
            quote = ch
        elif ch == "#" and (i == 0 or line[i - 1].isspace()):
            return line[:i], line[i + 1 :].strip()
    return line, ""


def _prompt_block(lines: list[str]) -> list[Example]:
    out = []
    for line in lines:
        if line.startswith("$ "):
            out.append(Example(line[2:].strip(), "", ()))
        elif out and out[-1].expected is not None:
            out[-1] = Example(out[-1].line, "", (*out[-1].expected, line))
    return out


def make_recipes(text: str) -> dict[str, list[str]]:
    """Each Makefile target's recipe lines."""
    recipes, target = {}, None
    for line in text.splitlines():
        match = re.match(r"^([A-Za-z][\w-]*):(?!=)", line)
        if match:
            target = match.group(1)
            recipes[target] = []
        elif line.startswith("\t") and target:
            recipes[target].append(line.strip())
        elif line.strip() and not line.startswith("#"):
            target = None
    return recipes


def make_defaults(text: str) -> dict[str, str]:
    return dict(re.findall(r"^(\w+) \?= (\S+)$", text, flags=re.M))


def expand_make(words: list[str]) -> list[str]:
    """The shell commands ``make WORDS`` runs: the target's recipe with variables filled."""
    text = MAKEFILE.read_text()
    recipes = make_recipes(text)
    variables = {"BIN": ".venv/bin", "ARGS": "", **make_defaults(text)}
    targets = [w for w in words if "=" not in w] or ["help"]
    variables |= dict(w.split("=", 1) for w in words if "=" in w)
    commands = []
    for target in targets:
        assert target in recipes, f"make {target}: no such target in the Makefile"
        for line in recipes[target]:
            commands.append(re.sub(r"\$\((\w+)\)", lambda m: variables.get(m.group(1), ""), line))
    return commands


# ------------------------------------------------------------------------------ the checks
@dataclass
class Context:
    """What a check needs: the working folder and pytest's monkeypatch."""

    cwd: Path
    monkeypatch: pytest.MonkeyPatch
    #: the comparison's runs, shared by its examples: each reuses the runs another made
    #: (they are cached by config hash, as in ``results/comparisons/runs/``)
    shared_runs: Path


def set_arg(args: list[str], key: str, value: str) -> list[str]:
    """``args`` with ``key=value`` replacing any value the README gives (a quick mode)."""
    return [a for a in args if not a.startswith(f"{key}=")] + [f"{key}={value}"]


def expect_success(outcome) -> None:
    problems = traceback_problems(outcome)
    if outcome.code != 0:
        problems.append(f"exit status {outcome.code}, expected 0")
    assert not problems, "\n".join(problems) + "\n" + outcome.describe()


def check_run(args: list[str], ctx: Context, example: Example) -> None:
    if "--cfg" in args:
        outcome = run_command("simulation", args, ctx.cwd)
        expect_success(outcome)
        assert "interventions:" in outcome.stdout
        return
    outcome = run_command("simulation", [*args, QUICK_MONTHS, "progress=false"], ctx.cwd)
    expect_success(outcome)
    assert list((ctx.cwd / "results").rglob("summary.json")), outcome.describe()


class Checked(SystemExit):
    """Raised (as exit status 0) once a sweep or study has been checked, before it runs."""


def check_sweep(args: list[str], ctx: Context, example: Example) -> None:
    import hydra_plugins.phc_collaboration.local_launcher as local_launcher
    import simulation.experiment.checking as checking
    import simulation.sweep.callback  # noqa: F401  (imported, so that its check is patched)

    counted = []
    original = checking.check_jobs

    def check_then_stop(jobs):
        original(jobs)
        counted.append(len(jobs))
        raise Checked(0)

    def never_launch(self, *args, **kwargs):
        raise AssertionError("the sweep was launched: its check was not found to stop it")

    # wherever the sweep's check is called from, it stops the sweep once it has passed
    for module in list(sys.modules.values()):
        if getattr(module, "check_jobs", None) is original:
            ctx.monkeypatch.setattr(module, "check_jobs", check_then_stop)
    ctx.monkeypatch.setattr(local_launcher.LocalLauncher, "launch", never_launch)
    args = [a for a in args if a != "..."]  # "..." stands for the user's own sweep
    sweep_dir = f"hydra.sweep.dir={ctx.cwd}/sweep"
    cluster = [a for a in args if a in ("hydra/launcher=slurm", "hydra/launcher=ray_cluster")]
    if cluster:
        # Run as written where there is no cluster, it is refused in one line before anything
        # is written; then, with the cluster taken as present, the sweep itself is checked.
        import simulation.experiment.clusters as clusters

        if cluster[0].endswith("slurm"):
            present = shutil.which("srun") is not None
        else:
            present = bool(os.environ.get("RAY_ADDRESS") or clusters._current_cluster())
        if not present:
            refused = run_command("simulation", [*args, sweep_dir], ctx.cwd)
            assert refused.code == 2 and "cluster" in refused.stderr.lower(), refused.describe()
            assert not traceback_problems(refused), refused.describe()
            assert not (ctx.cwd / "sweep").exists(), refused.describe()
        ctx.monkeypatch.setattr(clusters, "check_cluster", lambda launcher: None)
    outcome = run_command("simulation", [*args, sweep_dir], ctx.cwd)
    expect_success(outcome)
    assert counted, f"the sweep was not checked\n{outcome.describe()}"
    stated = re.search(r"(\d[\d,]*) (?:jobs|runs)", example.comment)
    if stated:
        assert counted[0] == int(stated.group(1).replace(",", "")), (
            f"the README says {stated.group(0)}; the sweep has {counted[0]} jobs"
        )


def check_validation(args: list[str], ctx: Context, example: Example) -> None:
    import simulation.validation.study as study

    def stop(patterns, settings):
        raise Checked(0)

    ctx.monkeypatch.setattr(study, "run", stop)
    expect_success(run_command("simulation.validation", args, ctx.cwd))


def check_calibration(
    args: list[str], ctx: Context, example: Example, module: str = "simulation.calibration"
) -> None:
    """Settings, targets, prior and every draw's config checked, then stopped before the
    first run; with ``ray=auto`` and no cluster here, refused in one line, nothing written.
    The screening and the Sobol stage (``simulation.calibration.screening``, ``.sobol``):
    their design made, then stopped; the Sobol stage from the committed screening's indices."""
    import simulation.calibration.simulate as simulate
    import simulation.experiment.clusters as clusters

    def stop(*_args, **_kwargs):
        raise Checked(0)

    ray = [a for a in args if a.startswith("ray=") and a != "ray=local"]
    if ray and not (os.environ.get("RAY_ADDRESS") or clusters._current_cluster()):
        refused = run_command("simulation.calibration", args, ctx.cwd)
        assert refused.code == 2 and "no Ray cluster" in refused.stderr, refused.describe()
        assert not traceback_problems(refused), refused.describe()
        assert not (ctx.cwd / "results").exists(), refused.describe()
    if ray:  # then, with the cluster taken as present, the calibration itself is checked
        ctx.monkeypatch.setattr(clusters, "check_ray_head", lambda *a, **k: None)
    ctx.monkeypatch.setattr(simulate, "simulate", stop)
    if module == "simulation.calibration.sobol":
        screening = ctx.cwd / "results" / "screening"
        screening.mkdir(parents=True, exist_ok=True)
        shutil.copy(REPO / "results" / "screening" / "indices.csv", screening)
    expect_success(run_command(module, args, ctx.cwd))


def check_dashboard(args: list[str], ctx: Context, example: Example) -> None:
    from simulation.dashboard.__main__ import parse

    options = parse(args)
    assert 1 <= options.port <= 65535


def check_compare(
    args: list[str], ctx: Context, example: Example, program="experiments/compare_scenarios.py"
) -> None:
    scenarios = REPO / "configs" / "scenarios"
    shutil.copy(scenarios / "rdpr_led_cmu_deliverables.yaml", ctx.cwd / "my_plan.yaml")
    quick = set_arg(set_arg(set_arg(args, "seeds", "2"), "months", "13"), "workers", "1")
    quick = [
        *set_arg(quick, "scale", "0.1"),
        "progress=false",
        f"runs_dir={ctx.shared_runs}/${{hydra:runtime.choices.state}}",
    ]
    outcome = run_command(program, quick, ctx.cwd)
    expect_success(outcome)
    assert list((ctx.cwd / "results").rglob("report.html")), outcome.describe()


def check_sensitivity(args: list[str], ctx: Context, example: Example) -> None:
    quick = set_arg(set_arg(set_arg(args, "samples", "2"), "months", "13"), "workers", "1")
    outcome = run_command("experiments/sensitivity.py", [*quick, "progress=false"], ctx.cwd)
    expect_success(outcome)
    assert list((ctx.cwd / "results").rglob("indices.csv")), outcome.describe()


def check_discover(args: list[str], ctx: Context, example: Example) -> None:
    given = dict(a.split("=", 1) for a in args if "=" in a)
    sweep_dir = given.get("sweep_dir", "results/sweeps/collapse")
    committed = REPO / sweep_dir
    assert (committed / "jobs.parquet").is_file(), (
        f"{example.line}: reads {sweep_dir}/jobs.parquet, which a fresh clone does not have "
        "(the README must say which sweep to run first, or the sweep must be committed)"
    )
    shutil.copytree(committed, ctx.cwd / sweep_dir, ignore=shutil.ignore_patterns("discovery"))
    outcome = run_command("experiments/discover.py", args, ctx.cwd)
    expect_success(outcome)
    assert list(ctx.cwd.rglob("boxes.md")), outcome.describe()


def check_benchmark(args: list[str], ctx: Context, example: Example, script: str) -> None:
    outcome = run_command(script, ["--help"], ctx.cwd)
    expect_success(outcome)


def check_install(words: list[str], ctx: Context, example: Example) -> None:
    extras = tomllib.loads((REPO / "pyproject.toml").read_text())["project"][
        "optional-dependencies"
    ]
    for word in words[2:]:
        if word == ".":  # the project itself: tests/test_package.py installs its wheel
            continue
        match = re.fullmatch(r"\.\[([\w,]+)\]", word)
        assert match, f"{example.line}: installs something other than this project's extras"
        for extra in match.group(1).split(","):
            assert extra in extras, f"pip install: no extra {extra!r} in pyproject.toml"


#: Commands run outside the project (a cluster's own tool), known by their exact text.
EXTERNAL = {"ray start --head": "starts a Ray cluster's head node (Ray's own command)"}


def classify(line: str):
    """The check for one shell command, or ``None`` when the command is unknown."""
    words = shlex.split(line)
    while words and re.fullmatch(r"[A-Z_]+=\S*", words[0]):  # VAR=value before a command
        words = words[1:]
    for placeholder, value in PLACEHOLDERS.items():
        words = [w.replace(placeholder, value) for w in words]
    if not words:
        return None
    if words[0] == "make":
        commands = expand_make(words[1:])
        if any(" -m pytest" in c for c in commands):
            return [("the test suite (make test) runs this very test", None)]
        checks = [classify(c) for c in commands]
        return None if any(c is None for c in checks) else [c for cs in checks for c in cs]
    if words[0] in ("python", ".venv/bin/python"):
        args = words[1:]
        if args[:2] == ["-m", "simulation"]:
            rest = args[2:]
            return (
                [("sweep", lambda ctx, ex: check_sweep(rest, ctx, ex))]
                if rest[:1] == ["-m"]
                else [("run", lambda ctx, ex: check_run(rest, ctx, ex))]
            )
        if args[:2] == ["-m", "simulation.validation"]:
            return [("validation", lambda ctx, ex: check_validation(args[2:], ctx, ex))]
        if args[1:2] in (["simulation.calibration.screening"], ["simulation.calibration.sobol"]):
            stage = args[1]
            return [("screening", lambda ctx, ex: check_calibration(args[2:], ctx, ex, stage))]
        if args[:2] == ["-m", "simulation.calibration"]:
            return [("calibration", lambda ctx, ex: check_calibration(args[2:], ctx, ex))]
        if args[:2] == ["-m", "simulation.planning"]:
            planning = args[2:]
            return [
                (
                    "comparison",
                    lambda ctx, ex: check_compare(planning, ctx, ex, "simulation.planning"),
                )
            ]
        if args[:2] == ["-m", "simulation.dashboard"]:
            return [("dashboard", lambda ctx, ex: check_dashboard(args[2:], ctx, ex))]
        scripts = {
            "experiments/compare_scenarios.py": check_compare,
            "experiments/sensitivity.py": check_sensitivity,
            "experiments/discover.py": check_discover,
        }
        if args and args[0] in scripts:
            check = scripts[args[0]]
            return [(args[0], lambda ctx, ex: check(args[1:], ctx, ex))]
        if args and re.fullmatch(r"experiments/benchmark\w*\.py", args[0]):
            return [(args[0], lambda ctx, ex: check_benchmark(args[1:], ctx, ex, args[0]))]
        return None
    if words[:2] == ["pip", "install"]:
        return [("install", lambda ctx, ex: check_install(words, ctx, ex))]
    if " ".join(words) in EXTERNAL:
        return [(EXTERNAL[" ".join(words)], None)]
    return None


EXAMPLES = readme_examples(README.read_text())
SHELL = [e for e in EXAMPLES if e.expected is None]
PROMPTS = [e for e in EXAMPLES if e.expected is not None]


def test_the_readme_has_commands():
    """The extraction finds the README's examples (a broken parser would test nothing)."""
    lines = [e.line for e in SHELL]
    assert len(SHELL) >= 25, lines
    assert "make run" in lines
    assert any(line.endswith("interventions.accountability=deliverables") for line in lines)
    assert len(PROMPTS) >= 2


def test_every_readme_command_is_known():
    """Every command is one this test knows how to check: a new kind fails here."""
    unknown = []
    for example in EXAMPLES:
        try:
            if classify(example.line) is None:
                unknown.append(example.line)
        except AssertionError as error:
            unknown.append(f"{example.line}: {error}")
    assert not unknown, "README commands no test checks:\n" + "\n".join(unknown)


@pytest.fixture(scope="module")
def shared_runs(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("comparison_runs")


@pytest.mark.parametrize("example", SHELL, ids=[e.line[:90] for e in SHELL])
def test_readme_command_runs_as_written(example, tmp_path, monkeypatch, shared_runs):
    checks = classify(example.line)
    if checks is None:
        pytest.fail(f"unknown README command: {example.line}")
    for name, check in checks:
        if check is not None:
            check(Context(tmp_path, monkeypatch, shared_runs), example)
        else:
            assert name  # a documented reason not to run it


@pytest.mark.parametrize("example", PROMPTS, ids=[e.line for e in PROMPTS])
def test_readme_error_example_prints_what_it_shows(example, tmp_path):
    """The README's error examples: exit status 2 and exactly the lines the README shows."""
    words = shlex.split(example.line)
    assert words[:3] == [".venv/bin/python", "-m", "simulation"], example.line
    outcome = run_command("simulation", words[3:], tmp_path)
    problems = traceback_problems(outcome)
    if outcome.code != 2:
        problems.append(f"exit status {outcome.code}, expected 2")
    shown = [line for line in example.expected if line.strip()]
    if message_lines(outcome.stderr) != shown:
        problems.append(f"stderr differs from the README's {shown}")
    assert not problems, "\n".join(problems) + "\n" + outcome.describe()
    assert not any(tmp_path.iterdir())
