"""Every command-line entry point refuses bad input in one line, with the documented exit status.

Exit status (``simulation/command_line.py``, README "Exit status"): 0 done, 1 a failure while
running or writing (``Error: ...``), 2 input refused before any work
(``Configuration error: ...``). Each test runs an entry point as a user would, in this process
where it can (``main()`` with ``sys.argv`` set), and checks the status, that stderr is one line
naming the key, file or value, that no traceback reached the user and that nothing was written.
"""

import importlib.util
import os
import re
import shlex
import socket
import subprocess
import sys
import time
import urllib.request
import warnings
from pathlib import Path

import pytest
from hydra.core.global_hydra import GlobalHydra

from simulation import compilation
from simulation.command_line import command

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text()


def _script(name: str):
    spec = importlib.util.spec_from_file_location(name, ROOT / "experiments" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.main


def _module(name: str):
    return importlib.import_module(name).main


ENTRIES = {
    "simulation": lambda: _module("simulation.__main__"),
    "validation": lambda: _module("simulation.validation.__main__"),
    "calibration": lambda: _module("simulation.calibration.__main__"),
    "screening": lambda: _module("simulation.calibration.screening"),
    "sobol": lambda: _module("simulation.calibration.sobol"),
    "compare": lambda: _script("compare_scenarios"),
    "sensitivity": lambda: _script("sensitivity"),
    "discover": lambda: _script("discover"),
}


def run_entry(entry, args, capsys, monkeypatch) -> tuple[int, str, str]:
    """Run an entry point's ``main`` with ``args`` as its command line: (status, stdout, stderr)."""
    main = ENTRIES[entry]() if isinstance(entry, str) else entry
    monkeypatch.setattr(sys, "argv", ["prog", *args])
    GlobalHydra.instance().clear()
    try:
        main()
        status = 0
    except SystemExit as stop:
        status = stop.code if isinstance(stop.code, int) else 1
    finally:
        GlobalHydra.instance().clear()
    out, err = capsys.readouterr()
    return status, out, err


def assert_refused(status, err, *names):
    assert status == 2, err
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("Configuration error: "), err
    assert "Traceback" not in err
    for name in names:
        assert name in lines[0], (name, err)


def nothing_in(folder: Path) -> bool:
    return not folder.exists() or not any(folder.iterdir())


# --------------------------------------------------------------------------- item 7
def test_an_override_with_no_key_is_refused_in_one_line(tmp_path, capsys, monkeypatch):
    out = tmp_path / "out"
    status, _, err = run_entry("simulation", ["=0.1", f"output_dir={out}"], capsys, monkeypatch)
    assert_refused(status, err, "'=0.1'", "key=value")
    assert nothing_in(out)


@pytest.mark.parametrize("entry", ["simulation", "compare", "sensitivity"])
def test_a_state_file_with_a_yaml_error_is_named_with_its_line(
    entry, tmp_path, capsys, monkeypatch
):
    """A user's own state file (or a broken configs/state/*.yaml: the same loading) that is not
    valid YAML: one line with the file and the line, not Hydra's 89-line traceback."""
    (tmp_path / "state").mkdir()
    broken = tmp_path / "state" / "broken.yaml"
    broken.write_text("name: Broken\ncontext:\n  power_asymmetry: [0.5\n  workload: 1\n")
    out = tmp_path / "out"
    output = f"output_dir={out}" if entry == "simulation" else f"output={out}"
    args = ["--config-dir", str(tmp_path), "state=broken", output]
    status, _, err = run_entry(entry, args, capsys, monkeypatch)
    assert_refused(status, err, str(broken), "line 4")
    assert nothing_in(out)


def test_sensitivity_refuses_a_negative_sample_size(tmp_path, capsys, monkeypatch):
    out = tmp_path / "sensitivity"
    status, _, err = run_entry("sensitivity", ["samples=-3", f"output={out}"], capsys, monkeypatch)
    assert_refused(status, err, "samples = -3", "2 or more")
    assert nothing_in(out)


@pytest.mark.parametrize("threads", ["abc", "0", "-4"])
def test_a_bad_thread_count_is_refused_before_anything_starts(threads, tmp_path):
    out = tmp_path / "out"
    env = {**os.environ, "PYTHONPATH": str(ROOT), "PHC_THREADS": threads}
    done = subprocess.run(
        [sys.executable, "-m", "simulation", "months=2", f"output_dir={out}"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert_refused(done.returncode, done.stderr, "PHC_THREADS", repr(threads), "1 or more")
    assert nothing_in(out)


def test_the_dashboard_tells_a_bad_host_from_a_busy_port():
    def start(*args):
        return subprocess.run(
            [sys.executable, "-m", "simulation.dashboard", *args],
            env={**os.environ, "PYTHONPATH": str(ROOT)},
            capture_output=True,
            text=True,
            timeout=60,
        )

    bad = start("--host", "999.1.1.1")
    assert_refused(bad.returncode, bad.stderr, "--host = '999.1.1.1'", "127.0.0.1")
    assert "in use" not in bad.stderr
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        taken = start("--port", str(port))
    assert_refused(taken.returncode, taken.stderr, f"port {port}", "already in use")


# --------------------------------------------------------------------------- the wrapper
CASES = [
    # (entry, override, words the one line must hold)
    ("simulation", "foo=1", ["foo", "allowed", "scale"]),
    ("simulation", "interventions.foo=1", ["interventions.foo", "training"]),
    ("simulation", "scale=abc", ["scale", "'abc'"]),
    ("simulation", "interventions.training=lecture", ["interventions.training", "pdia"]),
    ("simulation", "state=nowhere", ["state=nowhere", "kerala"]),
    ("simulation", "state=1", ["state=1"]),
    ("simulation", "months=[1", ["'months=[1'"]),
    ("simulation", "sweep=nope", ["sweep=nope", "collapse"]),
    ("simulation", "hydra/launcher=nope", ["hydra/launcher=nope", "joblib"]),
    ("simulation", "scale=2", ["scale = 2", "(0, 1]"]),
    ("simulation", "-m --cfg job", ["Only one of"]),
    ("validation", "foo=1", ["foo", "seeds"]),
    ("validation", "seeds=abc", ["seeds", "'abc'"]),
    ("validation", "patterns=[nope]", ["nope"]),
    ("calibration", "foo=1", ["foo", "draws"]),
    ("calibration", "draws=abc", ["draws", "'abc'"]),
    ("calibration", "accept=2000", ["accept = 2000", "draws = 1000"]),
    ("calibration", "targets=/nonexistent.yaml", ["targets = '/nonexistent.yaml'"]),
    ("calibration", "++priors={processes.nope:[0,1]}", ["priors.processes.nope"]),
    ("screening", "foo=1", ["foo", "trajectories"]),
    ("screening", "trajectories=2", ["trajectories = 2", "[4, 10000]"]),
    ("screening", "scale=0", ["scale = 0", "(0, 1]"]),
    ("sobol", "base=100", ["base = 100", "a power of 2"]),
    ("sobol", "top=abc", ["top", "'abc'"]),
    ("sobol", "output=nowhere", ["output = 'nowhere'", "screening/indices.csv", "run it first"]),
    ("compare", "foo=1", ["foo", "seeds"]),
    ("compare", "state=nowhere", ["state=nowhere", "bihar"]),
    ("compare", "seeds=abc", ["seeds = 'abc'", "whole number"]),
    ("compare", "costs=nope", ["costs=nope", "illustrative"]),
    ("compare", "uncertainty.posterior=/no/such.csv", ["uncertainty.posterior = '/no/such.csv'"]),
    ("sensitivity", "foo=1", ["foo", "method"]),
    ("sensitivity", "state=nowhere", ["state=nowhere", "bihar"]),
    ("sensitivity", "levels=x", ["levels = 'x'"]),
    ("discover", "foo=1", ["foo", "sweep_dir"]),
    ("discover", "boxes=abc", ["boxes = 'abc'"]),
]


@pytest.mark.parametrize(("entry", "override", "words"), CASES)
def test_every_entry_refuses_bad_input_in_one_line_with_status_2(
    entry, override, words, tmp_path, capsys, monkeypatch
):
    """Hydra's own errors (unknown key, wrong type, bad enum value, missing option, grammar) and
    the commands' checks: one line and exit status 2 (Hydra alone exits 1 with several lines)."""
    monkeypatch.chdir(tmp_path)  # anything written would land here
    status, _, err = run_entry(entry, override.split(" "), capsys, monkeypatch)
    assert_refused(status, err, *words)
    assert nothing_in(tmp_path)


def test_a_failure_while_running_is_one_error_line_with_status_1(tmp_path, capsys, monkeypatch):
    @command("discover", "python test", "a task that fails while it runs")
    def failing(cfg):
        raise OSError(28, "No space left on device", str(tmp_path / "table.csv"))

    status, _, err = run_entry(failing, [], capsys, monkeypatch)
    assert status == 1
    assert err.strip().splitlines() == [err.strip()]
    assert err.startswith("Error: ") and "No space left on device" in err and "table.csv" in err
    assert "Traceback" not in err


def test_help_and_cfg_still_work(capsys, monkeypatch):
    status, out, _ = run_entry("simulation", ["--cfg", "job", "state=kerala"], capsys, monkeypatch)
    assert status == 0 and "name: Kerala" in out


# --------------------------------------------------------------------------- item 8
def test_compare_runs_in_the_state_the_readme_names(tmp_path, capsys, monkeypatch):
    """README: compare_scenarios.py state=kerala (it said "Could not override 'state'")."""
    status, out, err = run_entry(
        "compare", ["state=kerala", "seeds=50", "--cfg", "job", "--resolve"], capsys, monkeypatch
    )
    assert status == 0, err
    assert "output: results/comparisons/kerala" in out
    assert "runs_dir: results/comparisons/runs/kerala" in out
    status, out, err = run_entry(
        "compare",
        [
            "state=kerala",
            "state.context.data_discrepancy=0.7",
            "seeds=2",
            "months=12",
            "compare=[status_quo,rdpr_led]",
            "workers=1",
            "progress=false",
            f"output={tmp_path / 'report'}",
            f"runs_dir={tmp_path / 'runs'}",
        ],
        capsys,
        monkeypatch,
    )
    assert status == 0, err
    assert "of kerala" in out
    scenario = (tmp_path / "report" / "scenarios" / "status_quo.yaml").read_text()
    assert "name: Kerala" in scenario and "data_discrepancy: 0.7" in scenario


def test_the_readme_sensitivity_example_reads_as_written(capsys, monkeypatch):
    [line] = [
        ln for ln in README.splitlines() if "experiments/sensitivity.py method=sobol samples" in ln
    ]
    args = shlex.split(line.split("#")[0])[2:]
    assert "state=bihar" in args
    status, out, err = run_entry("sensitivity", [*args, "--cfg", "job"], capsys, monkeypatch)
    assert status == 0, err
    assert re.search(r"fixed:\n- interventions.training=pdia", out)
    status, out, err = run_entry(
        "sensitivity", ["state=bihar", "--cfg", "job", "--resolve"], capsys, monkeypatch
    )
    assert status == 0, err
    assert "name: Bihar" in out


def test_the_sweep_example_in_the_docstring_runs(capsys, monkeypatch):
    doc = importlib.import_module("simulation.__main__").__doc__
    assert "+sweep=" not in doc and "-m sweep=training_by_state" in doc
    status, _, err = run_entry(
        "simulation", ["sweep=training_by_state", "--cfg", "hydra"], capsys, monkeypatch
    )
    assert status == 0, err


GROUPS = {
    "simulation": ["interventions", "state", "sweep"],
    "validation": [],
    "calibration": [],
    "screening": [],
    "sobol": [],
    "compare": ["costs", "state"],
    "sensitivity": ["state"],
    "discover": [],
}


@pytest.mark.parametrize("entry", list(GROUPS))
def test_help_lists_only_the_groups_a_command_takes(entry, capsys, monkeypatch):
    status, out, _ = run_entry(entry, ["--help"], capsys, monkeypatch)
    assert status == 0
    section = out.split("== Config groups (group=option) ==")[1].split("== Config ==")[0]
    listed = [line.split("=")[0] for line in section.strip().splitlines()]
    assert listed == GROUPS[entry]
    assert "schema" not in section and "scenarios" not in section


# --------------------------------------------------------------------------- item 9
def test_the_first_run_says_the_loops_compile_and_its_bar_starts_after(tmp_path):
    """In an empty numba cache the first run says, once, that the loops compile, and its bar
    starts after month 1 (it sat at 0/12, then promised an hour); the next run, with the cache
    warm, says nothing."""

    def run(name):
        env = {**os.environ, "PYTHONPATH": str(ROOT), "NUMBA_CACHE_DIR": str(tmp_path / "numba")}
        done = subprocess.run(
            [sys.executable, "-m", "simulation", "months=12", f"output_dir={tmp_path / name}"],
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert done.returncode == 0, done.stderr
        return done.stderr

    cold = run("cold")
    assert cold.count(compilation.MESSAGE) == 1
    assert cold.index(compilation.MESSAGE) < cold.index("1/12")
    assert "0/12" not in cold
    warm = run("warm")
    assert compilation.MESSAGE not in warm
    assert "0/12" in warm


# --------------------------------------------------------------------------- item 11
def test_the_dashboard_log_has_no_samesite_cookie_warnings():
    """Solara warns on every page load over http from 127.0.0.1 (11 lines each); the dashboard
    silences that one warning and no other."""
    from simulation.dashboard.__main__ import quiet_cookie_warning
    from simulation.dashboard.serving import free_port

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        quiet_cookie_warning()
        warnings.warn("Cookies with samesite=none require https, but ...", stacklevel=1)
        warnings.warn("something else", stacklevel=1)
    assert [str(w.message) for w in caught] == ["something else"]

    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "simulation.dashboard", "--port", str(port)],
        env={**os.environ, "PYTHONPATH": str(ROOT), "PYTHONUNBUFFERED": "1"},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        deadline, pages = time.monotonic() + 90, 0
        while pages < 3 and time.monotonic() < deadline and proc.poll() is None:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5) as page:
                    pages += page.status == 200
            except OSError:
                time.sleep(0.5)
        assert pages == 3
    finally:
        proc.terminate()
        log = proc.communicate(timeout=30)[0]
    assert "samesite" not in log.lower()


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["--port", "abc"], ["--port", "'abc'"]),
        (["--port", "70000"], ["--port = 70000", "1 to 65535"]),
        (["--host", "8.8.8.8"], ["--host = '8.8.8.8'", "not an address of this machine"]),
        (["--colour", "red"], ["--colour"]),
    ],
)
def test_the_dashboard_refuses_bad_options_in_one_line(args, words, capsys):
    from simulation.dashboard.__main__ import main

    with pytest.raises(SystemExit) as stop:
        main(args)
    assert_refused(stop.value.code, capsys.readouterr().err, *words)
