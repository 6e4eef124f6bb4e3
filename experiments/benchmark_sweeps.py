"""Benchmark of sweep throughput: a Hydra multirun (joblib launcher) on 1 worker and on 2 workers.

    python experiments/benchmark_sweeps.py                  # 100 jobs, 120 months, 3 repeats
    python experiments/benchmark_sweeps.py --jobs 200 --months 60 --repeats 5
    python experiments/benchmark_sweeps.py --quick --output /tmp/bench.md   # smoke test

Each repetition runs the whole command a user types,
``python -m simulation -m state=tamil_nadu replicate='range(N)' months=M ...`` (the default
run, N times), as a
subprocess into a new, empty sweep directory (a sweep skips jobs that are complete already),
and times its wall clock: Hydra's start-up, the check of every job, the jobs, and the gathering
of the tables. It also sums the jobs' own run times (``<sweep>/.progress/*.json``), so the
report separates parallel efficiency from fixed overhead. After one warm-up run (not counted)
the repetitions alternate 1, 2, 1, 2, ... workers so that drift in the machine affects both.

Writes ``results/sweep_benchmark.md`` (or ``--output``): the median wall time and jobs per
minute for each worker count, the speed-up of 2 workers over 1 against the target of 1.8x,
whether the gathered job tables are identical across worker counts, and the machine.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pandas as pd
from measuring import cpu_model

from simulation.output_folder import write_text_atomically

ROOT = Path(__file__).resolve().parent.parent
COMMAND = "python experiments/benchmark_sweeps.py"
WORKERS = (1, 2)
TARGET_SPEEDUP = 1.8
#: The state of the default run (configs/config.yaml), at its default scale.
STATE = "tamil_nadu"
DEFAULT_OUTPUT = ROOT / "results" / "sweep_benchmark.md"
#: Columns of ``jobs.parquet`` that may legitimately differ between launches.
VOLATILE_COLUMNS = ("status", "seconds")
#: The sweep callback's own timing line: from the start of the multirun to the gathered tables.
SWEEP_LINE = re.compile(r"^(\d+) jobs in ([0-9.]+) s:", re.MULTILINE)


@dataclass(frozen=True)
class Measurement:
    """One timed sweep: its wall clock, the callback's sweep phase, and the jobs' own time."""

    workers: int
    wall: float
    cpu: float
    other_cpu: float | None
    sweep_phase: float | None
    job_seconds: float
    jobs_table: pd.DataFrame


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--jobs", type=int, default=100, help="jobs per sweep (default 100)")
    parser.add_argument(
        "--months", type=int, default=120, help="months per job (default 120, a default run)"
    )
    parser.add_argument("--repeats", type=int, default=3, help="timed runs per worker count")
    parser.add_argument(
        "--output", type=Path, default=DEFAULT_OUTPUT, help="Markdown report to write"
    )
    parser.add_argument(
        "--quick", action="store_true", help="smoke test: 8 jobs, 12 months, 1 repeat"
    )
    args = parser.parse_args(argv)
    if args.quick:
        args.jobs, args.months, args.repeats = 8, 12, 1
    if args.jobs < 1 or args.months < 1 or args.repeats < 1:
        parser.error("--jobs, --months and --repeats must be at least 1")
    return args


def grid(jobs: int) -> list[str]:
    """Overrides for a sweep of ``jobs`` replicates of the default run (Tamil Nadu, scale 0.1)."""
    return [f"state={STATE}", f"replicate=range({jobs})"]


def sweep_command(jobs: int, months: int, workers: int, sweep_dir: Path) -> list[str]:
    return [
        sys.executable,
        "-m",
        "simulation",
        "-m",
        *grid(jobs),
        f"months={months}",
        "progress=false",
        f"hydra.sweep.dir={sweep_dir}",
        f"hydra.launcher.n_jobs={workers}",
    ]


def read_job_seconds(sweep_dir: Path, expected: int) -> float:
    """The summed run time of the sweep's jobs; fails unless every job ran."""
    records = [json.loads(p.read_text()) for p in (sweep_dir / ".progress").glob("*.json")]
    statuses = [r["status"] for r in records]
    if len(records) != expected or set(statuses) != {"ran"}:
        raise RuntimeError(f"expected {expected} jobs that ran, found statuses {statuses}")
    return sum(r["seconds"] for r in records)


def children_cpu() -> float:
    """CPU seconds (user + system) of this process's finished children and their children."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def machine_busy() -> float | None:
    """CPU seconds the whole machine has spent busy since boot (``/proc/stat``), if known."""
    try:
        fields = Path("/proc/stat").read_text().split("\n", 1)[0].split()
    except OSError:
        return None
    ticks = [int(x) for x in fields[1:9]]  # user nice system idle iowait irq softirq steal
    busy = sum(ticks) - ticks[3] - ticks[4]
    return busy / os.sysconf("SC_CLK_TCK")


def run_sweep(jobs: int, months: int, workers: int) -> Measurement:
    """Run one sweep as a subprocess into a new empty directory and time it."""
    with tempfile.TemporaryDirectory(prefix="sweep_benchmark_") as tmp:
        sweep_dir = Path(tmp) / "sweep"
        command = sweep_command(jobs, months, workers, sweep_dir)
        busy_before, cpu_before = machine_busy(), children_cpu()
        started = time.perf_counter()
        done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)
        wall = time.perf_counter() - started
        busy, cpu = machine_busy(), children_cpu() - cpu_before
        other_cpu = None
        if busy is not None and busy_before is not None:
            other_cpu = max(busy - busy_before - cpu, 0.0)
        if done.returncode != 0:
            sys.stderr.write(done.stdout + done.stderr)
            raise RuntimeError(f"sweep failed (exit {done.returncode}): {' '.join(command)}")
        line = SWEEP_LINE.search(done.stdout)
        return Measurement(
            workers=workers,
            wall=wall,
            cpu=cpu,
            other_cpu=other_cpu,
            sweep_phase=float(line.group(2)) if line else None,
            job_seconds=read_job_seconds(sweep_dir, jobs),
            jobs_table=pd.read_parquet(sweep_dir / "jobs.parquet"),
        )


def benchmark(jobs: int, months: int, repeats: int) -> list[Measurement]:
    """A warm-up run, then ``repeats`` runs per worker count, alternating worker counts."""
    print(f"warm-up: 2 jobs, {months} months, 1 worker (not counted)", flush=True)
    run_sweep(2, months, 1)
    measurements = []
    total = repeats * len(WORKERS)
    for index in range(total):
        workers = WORKERS[index % len(WORKERS)]
        m = run_sweep(jobs, months, workers)
        measurements.append(m)
        print(
            f"[{index + 1}/{total}] {workers} worker(s): {m.wall:.1f} s wall, "
            f"{jobs / m.wall * 60:.0f} jobs/min, {m.job_seconds:.1f} s summed job time, "
            f"{m.cpu:.1f} CPU s, {fmt(m.other_cpu)} CPU s used by other processes",
            flush=True,
        )
    return measurements


def comparable(table: pd.DataFrame) -> pd.DataFrame:
    return table.drop(columns=[c for c in VOLATILE_COLUMNS if c in table.columns])


def tables_identical(measurements: list[Measurement]) -> bool:
    """True if every run's job table equals the first 1-worker run's (volatile columns aside)."""
    reference = comparable(next(m for m in measurements if m.workers == 1).jobs_table)
    return all(comparable(m.jobs_table).equals(reference) for m in measurements)


def median(values: list[float | None]) -> float | None:
    known = [v for v in values if v is not None]
    return statistics.median(known) if known else None


def summarise(measurements: list[Measurement], jobs: int) -> dict[int, dict[str, float | None]]:
    """Per worker count: median wall, jobs/min, sweep phase, summed job time and overhead."""
    summary = {}
    for workers in WORKERS:
        runs = [m for m in measurements if m.workers == workers]
        wall = median([m.wall for m in runs])
        job_seconds = median([m.job_seconds for m in runs])
        summary[workers] = {
            "runs": len(runs),
            "wall": wall,
            "jobs_per_min": jobs / wall * 60,
            "sweep_phase": median([m.sweep_phase for m in runs]),
            "cpu": median([m.cpu for m in runs]),
            "job_seconds": job_seconds,
            # wall time not explained by the jobs if they were spread perfectly over the workers
            "overhead": wall - job_seconds / workers,
        }
    return summary


def machine() -> dict[str, str]:
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    return {
        "CPU": cpu_model(),
        "Cores available": str(len(os.sched_getaffinity(0))),
        "Date (UTC)": datetime.now(UTC).strftime("%Y-%m-%d %H:%M"),
        "Python": platform.python_version(),
        "Platform": platform.platform(),
        "Load average (1, 5, 15 min) after the runs": load,
    }


def fmt(value: float | None, digits: int = 1) -> str:
    return "n/a" if value is None else f"{value:.{digits}f}"


def results_table(summary: dict[int, dict[str, float | None]]) -> str:
    rows = [
        "| Workers | Runs | Wall s (median) | Jobs/min | Sweep phase s | Summed job s "
        "| Overhead s | CPU s |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for workers, s in summary.items():
        rows.append(
            f"| {workers} | {s['runs']} | {fmt(s['wall'])} | {fmt(s['jobs_per_min'], 0)} "
            f"| {fmt(s['sweep_phase'])} | {fmt(s['job_seconds'])} | {fmt(s['overhead'])} "
            f"| {fmt(s['cpu'])} |"
        )
    return "\n".join(rows)


def runs_table(measurements: list[Measurement], jobs: int) -> str:
    rows = [
        "| # | Workers | Wall s | Jobs/min | Sweep phase s | Summed job s | CPU s | Other CPU s |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for number, m in enumerate(measurements, 1):
        rows.append(
            f"| {number} | {m.workers} | {m.wall:.1f} | {jobs / m.wall * 60:.0f} "
            f"| {fmt(m.sweep_phase)} | {m.job_seconds:.1f} | {m.cpu:.1f} | {fmt(m.other_cpu)} |"
        )
    return "\n".join(rows)


def start_up(summary: dict[str, float | None]) -> float | None:
    """Seconds of a sweep before its first job: Python, Hydra, the imports, the check."""
    if summary["sweep_phase"] is None:
        return None
    return summary["wall"] - summary["sweep_phase"]


def speedups(summary: dict[int, dict[str, float | None]]) -> dict[str, float | None]:
    one, two = summary[1], summary[2]
    phase = None
    if one["sweep_phase"] and two["sweep_phase"]:
        phase = one["sweep_phase"] / two["sweep_phase"]
    return {
        "wall": two["jobs_per_min"] / one["jobs_per_min"],
        "sweep_phase": phase,
        "per_job": one["job_seconds"] / two["job_seconds"],
    }


def report(
    args: argparse.Namespace,
    measurements: list[Measurement],
    identical: bool,
    info: dict[str, str],
) -> str:
    summary = summarise(measurements, args.jobs)
    ratio = speedups(summary)
    verdict = "PASS" if ratio["wall"] >= TARGET_SPEEDUP else "FAIL"
    command = " ".join(sweep_command(args.jobs, args.months, 2, Path("<new dir>"))[1:])
    lines = [
        "# Sweep throughput: 1 vs 2 workers",
        "",
        f"A sweep of {args.jobs} jobs ({' '.join(grid(args.jobs))}, months={args.months}) "
        f"run as `python {command}` (and `n_jobs=1`), each time into a new empty sweep "
        f"directory; {args.repeats} timed run(s) per worker count, alternating 1, 2, 1, 2, ... "
        "after one warm-up run. Wall time is the whole command: Hydra start-up, the check of "
        "every job, the jobs, and gathering the tables.",
        "",
        results_table(summary),
        "",
        f"**Speed-up (2-worker jobs/min ÷ 1-worker jobs/min): {ratio['wall']:.2f}x "
        f"— target {TARGET_SPEEDUP}x: {verdict}**",
        "",
        f"Results identical across worker counts: {'yes' if identical else 'no'} "
        f"(`jobs.parquet` of every run against the first 1-worker run, ignoring "
        f"{', '.join(f'`{c}`' for c in VOLATILE_COLUMNS)}).",
        "",
        "Columns: *sweep phase* is the sweep callback's own timing, from after its check of "
        "every job to the gathered tables (worker start-up, the jobs, gathering), so wall − "
        "sweep phase is start-up (imports, Hydra) and the callback's check of every job. "
        "*Summed job s* adds up each job's own run time (`.progress/*.json`: simulation, "
        "writing, config hash). *Overhead* = wall − summed job "
        "s ÷ workers: the time not explained by the jobs if they were spread perfectly over "
        "the workers. *CPU s*: user + system CPU time of the whole command, workers included. "
        "*Other CPU s*: CPU time the rest of the machine used during the run (`/proc/stat` "
        "busy time minus the command's own); well above zero means other work competed for "
        "the cores and the run is not clean.",
        "",
        f"- Speed-up of the sweep phase alone: {fmt(ratio['sweep_phase'], 2)}x",
        f"- Per-job time, 1 worker ÷ 2 workers: {ratio['per_job']:.2f} "
        "(below 1 means each job runs slower when two run at once)",
        "",
        "Where the rest goes: each job runs from the run config the sweep checked before it "
        "began (`hydra/launcher: local`, `hydra_plugins/phc_collaboration/local_launcher.py`), "
        "without Hydra composing it again in the worker, so the workers spend their time on "
        "the jobs. What is left is fixed: the launching process starts Python and Hydra, "
        "imports the model and checks every job before any worker starts"
        + (
            f" ({startup:.1f} s with 1 worker: wall − sweep phase)"
            if (startup := start_up(summary[1])) is not None
            else ""
        )
        + ", and each worker starts Python and imports the model with its first job. Where "
        "two jobs at once share the memory bandwidth (per-job time above), each runs slower "
        "too. The longer each job, the closer to 2x (`--months`).",
        "",
        "## Runs",
        "",
        runs_table(measurements, args.jobs),
        "",
        "## Machine",
        "",
        *[f"- {key}: {value}" for key, value in info.items()],
        "",
        f"Regenerate with `{COMMAND}`"
        + ("" if not args.quick else " (this report: `--quick`)")
        + ".",
        "",
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    args = parse_args(argv)
    output = args.output.resolve()
    print(
        f"Benchmark: {args.jobs} jobs x {args.months} months, {args.repeats} repeat(s) "
        f"per worker count {WORKERS}",
        flush=True,
    )
    measurements = benchmark(args.jobs, args.months, args.repeats)
    text = report(args, measurements, tables_identical(measurements), machine())
    write_text_atomically(output, text)
    print("\n" + text)
    print(f"Written to {output}")


if __name__ == "__main__":
    main()
