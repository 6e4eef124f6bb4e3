"""Running the project's commands as a user types them, in this process, and judging the result.

A ``python -m simulation`` costs about 4 s of start-up in a new process; the same command run
here, through :mod:`runpy` with ``__name__ == "__main__"`` and ``sys.argv`` set, costs a
fraction of a second and goes through exactly the same code (Hydra's ``@hydra.main``, its
error reporting, the project's checks). :func:`run_command` does that and returns what a user
would see: the exit status, stdout and stderr (an uncaught exception is turned into the
traceback and exit status 1 that Python would give).

:func:`snapshot` records every file and folder under a location (size and modification time),
so a test can assert that a refused command wrote nothing and removed nothing.
:func:`input_error_problems` holds the one rule every refused input must meet (COMMON.md):
exit status 2, exactly one non-empty line on stderr, starting with ``Configuration error: ``
and naming the key or file, and no Python traceback anywhere.
"""

from __future__ import annotations

import contextlib
import importlib.util
import io
import logging
import os
import runpy
import subprocess
import sys
import traceback
import warnings
from dataclasses import dataclass
from pathlib import Path

from hydra.core.global_hydra import GlobalHydra

REPO = Path(__file__).resolve().parents[1]
#: Commands by the name a user types them: a module for ``python -m``, else a script path.
MODULES = (
    "simulation",
    "simulation.validation",
    "simulation.calibration",
    "simulation.calibration.screening",
    "simulation.calibration.sobol",
    "simulation.dashboard",
    "simulation.planning",
)


@dataclass(frozen=True)
class Outcome:
    """What a user sees of one command: exit status and both streams."""

    command: tuple[str, ...]
    code: int
    stdout: str
    stderr: str

    def describe(self) -> str:
        return (
            f"$ {' '.join(self.command)}\nexit {self.code}\n"
            f"--- stdout (end) ---\n{self.stdout[-1500:]}\n"
            f"--- stderr (end) ---\n{self.stderr[-2500:]}"
        )


def _exit_code(error: SystemExit, stderr: io.StringIO) -> int:
    """The status Python gives for ``sys.exit(code)``; a message is printed, as Python does."""
    code = error.code
    if code is None:
        return 0
    if isinstance(code, int):
        return code
    print(code, file=stderr)
    return 1


def _show_warning(message, category, filename, lineno, file=None, line=None) -> None:
    """Print a warning on (the redirected) stderr, as a fresh interpreter does."""
    sys.stderr.write(warnings.formatwarning(message, category, filename, lineno, line))


def run_command(target: str, args: list[str] | tuple[str, ...], cwd: Path) -> Outcome:
    """Run ``python -m TARGET ARGS`` (a module in :data:`MODULES`) or ``python TARGET ARGS``
    (a script path relative to the repository) in this process, in folder ``cwd``.

    Hydra's global state is cleared first, warnings are shown as a fresh interpreter shows
    them (on stderr, not raised), and the working folder, ``sys.argv``, ``sys.path``, the
    environment and the root logger (which Hydra sets up) are restored after.
    """
    GlobalHydra.instance().clear()
    script = None if target in MODULES else str(REPO / target)
    saved_argv, saved_cwd, saved_env = sys.argv[:], os.getcwd(), dict(os.environ)
    root = logging.getLogger()
    saved_logging = (root.level, root.handlers[:])
    os.environ.pop("HYDRA_FULL_ERROR", None)
    out, err = io.StringIO(), io.StringIO()
    code = 0
    try:
        os.chdir(cwd)
        sys.argv = [script or target, *args]
        # as Python does: a script's folder first on the path, else the working folder
        sys.path.insert(0, str(Path(script).parent) if script else str(cwd))
        with (
            contextlib.redirect_stdout(out),
            contextlib.redirect_stderr(err),
            warnings.catch_warnings(),
        ):
            warnings.simplefilter("default")
            warnings.showwarning = _show_warning
            try:
                if script is None:
                    # as in a new process: runpy warns if another test imported it already
                    sys.modules.pop(f"{target}.__main__", None)
                    spec = importlib.util.find_spec(target)
                    if spec is not None and spec.submodule_search_locations is None:
                        sys.modules.pop(target, None)  # a module run with -m, not a package
                    runpy.run_module(target, run_name="__main__", alter_sys=True)
                else:
                    runpy.run_path(script, run_name="__main__")
            except SystemExit as error:
                code = _exit_code(error, err)
            except BaseException:  # what Python itself would print for an uncaught exception
                traceback.print_exc(file=err)
                code = 1
    finally:
        sys.path.pop(0)
        sys.argv = saved_argv
        os.chdir(saved_cwd)
        os.environ.clear()
        os.environ.update(saved_env)
        root.setLevel(saved_logging[0])
        root.handlers[:] = saved_logging[1]
        GlobalHydra.instance().clear()
    shown = ("python", *(["-m", target] if script is None else [target]), *args)
    return Outcome(shown, code, out.getvalue(), err.getvalue())


def run_process(
    target: str, args: list[str], cwd: Path, env: dict[str, str] | None = None, timeout=60
) -> Outcome:
    """The same command in a new Python process, for what is read at start-up (environment
    variables) or must not run in the test process (a server)."""
    environment = {**os.environ, "PYTHONPATH": str(REPO), **(env or {})}
    environment.pop("HYDRA_FULL_ERROR", None)
    command = [sys.executable, *(["-m", target] if target in MODULES else [str(REPO / target)])]
    done = subprocess.run(
        [*command, *args],
        cwd=cwd,
        env=environment,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    shown = ("python", *command[1:], *args)
    return Outcome(shown, done.returncode, done.stdout, done.stderr)


def snapshot(*roots: Path) -> dict[str, tuple]:
    """Every folder and file under ``roots``: path -> (kind, size, modification time)."""
    seen = {}
    for root in roots:
        if not root.exists():
            continue
        for folder, dirs, files in os.walk(root):
            for name in dirs:
                seen[os.path.join(folder, name)] = ("dir",)
            for name in files:
                path = os.path.join(folder, name)
                stat = os.lstat(path)
                seen[path] = ("file", stat.st_size, stat.st_mtime_ns)
    return seen


def changes(before: dict, after: dict) -> list[str]:
    """What was added, removed or changed between two snapshots, one line each."""
    lines = [f"added {p}" for p in sorted(after.keys() - before.keys())]
    lines += [f"removed {p}" for p in sorted(before.keys() - after.keys())]
    lines += [f"changed {p}" for p in sorted(before.keys() & after.keys()) if before[p] != after[p]]
    return lines


def message_lines(text: str) -> list[str]:
    """The non-empty lines of an output stream."""
    return [line for line in text.splitlines() if line.strip()]


def traceback_problems(outcome: Outcome) -> list[str]:
    """A Python traceback anywhere in what the user sees."""
    return [
        f"traceback on {name}"
        for name, text in (("stdout", outcome.stdout), ("stderr", outcome.stderr))
        if "Traceback (most recent call last)" in text
    ]


def input_error_problems(outcome: Outcome, names: tuple[str, ...]) -> list[str]:
    """How a refused input breaks the rule: exit 2, one non-empty stderr line starting with
    ``Configuration error: `` and naming each of ``names`` (case-insensitive), no traceback."""
    problems = traceback_problems(outcome)
    if outcome.code != 2:
        problems.append(f"exit status {outcome.code}, expected 2")
    lines = message_lines(outcome.stderr)
    if len(lines) != 1:
        problems.append(f"{len(lines)} non-empty stderr lines, expected exactly 1")
    first = lines[0] if lines else ""
    if not first.startswith("Configuration error: "):
        problems.append(f"stderr does not start with 'Configuration error: ': {first[:120]!r}")
    text = outcome.stderr.lower()
    problems += [f"the message does not name {n!r}" for n in names if n.lower() not in text]
    return problems


def run_failure_problems(outcome: Outcome, names: tuple[str, ...]) -> list[str]:
    """How a failure while running or writing breaks the rule: exit 1, a last stderr line
    starting with ``Error: `` naming each of ``names``, no traceback."""
    problems = traceback_problems(outcome)
    if outcome.code != 1:
        problems.append(f"exit status {outcome.code}, expected 1")
    lines = message_lines(outcome.stderr)
    errors = [line for line in lines if line.startswith("Error: ")]
    if len(errors) != 1:
        problems.append(f"{len(errors)} stderr lines start with 'Error: ', expected exactly 1")
    text = " ".join(errors).lower()
    problems += [f"the message does not name {n!r}" for n in names if n.lower() not in text]
    return problems
