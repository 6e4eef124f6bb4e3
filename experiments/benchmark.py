"""How fast the model is, against the performance targets: ``make bench``.

    python experiments/benchmark.py                 # every target; writes results/benchmarks.md
    python experiments/benchmark.py --quick --output /tmp/bench.md   # seconds: the smoke test
    python experiments/benchmark.py --only startup  # the start-up row alone (about a minute)

Measured in one process (India in a child process, for its peak memory), warm-up excluded,
medians of repeated runs:

* **Tamil Nadu at full scale**: construction and 120 months (target: under 2 s);
* **all of India** as one national config (780 districts, 7,000 blocks, 255,000 Gram
  Panchayats on Madhya Pradesh's context): construction and 120 months, and peak memory
  (targets: under 60 s, under 8 GB);
* **against a per-agent implementation** of the same rules: the loop-based reference of the
  test suite (``tests/reference_step.py``: every officer, tie, Gram Panchayat and community
  visited one at a time, the same draws), per month, at about 20,000 agents, with the two
  results compared (target: at least 100x);
* **near the floor**: a model month against one ``np.bincount`` pass over the tie arrays
  (target: at most 15x), each month timed next to the passes, the ratio the median of the
  pairs' (with its middle half: on a shared machine, speed drifts between measurements);
* **linear growth**: per-month time for countries of 8, 20, 80 and 400 districts in India's
  proportions (50x in ties), and the fitted exponent of time against ties (target: close to 1);
* **light start-up**: a one-month toy run as a whole process (``python -m simulation months=1
  scale=0.1``, which writes every output, the figure included) against ``python -c "import
  numpy, pandas, matplotlib"``, the two run alternately, the ratio of their medians (target: at
  most 3x). Alone: ``python experiments/benchmark.py --only startup``, which updates that row of
  the table in place.

Writes a Markdown table (machine, date, each target, measured value, ratio, pass or fail) and a
log-log figure of per-month time against ties.
"""

import argparse
import contextlib
import dataclasses
import gc
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
from matplotlib.figure import Figure

from simulation import cores
from simulation.config import load_config
from simulation.distributions import beta_quantile
from simulation.loop import advance, draw_month
from simulation.model import CollaborationModel
from simulation.output_folder import write_atomically, write_text_atomically

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))  # the per-agent reference lives with the tests
from measuring import cpu_model, median_seconds  # noqa: E402
from reference_step import reference_month  # noqa: E402

DEFAULT = ROOT / "results" / "benchmarks.md"
INDIA = [
    "state=madhya_pradesh",
    "state.structure.lgd_state=null",
    "state.structure.districts=780",
    "state.structure.blocks=7000",
    "state.structure.gram_panchayats=255000",
]


def national(districts: int) -> list[str]:
    """A country of ``districts`` districts in India's proportions (9 blocks per district,
    36 Gram Panchayats per block) on Madhya Pradesh's context, at full scale."""
    return [
        "state=madhya_pradesh",
        "scale=1.0",
        "state.structure.lgd_state=null",
        f"state.structure.districts={districts}",
        f"state.structure.blocks={9 * districts}",
        f"state.structure.gram_panchayats={327 * districts}",
    ]


def config(*overrides: str, months: int = 120):
    return load_config([*overrides, f"months={months}", "progress=false"])


def full_run(overrides: list[str], months: int) -> tuple[float, float, int]:
    """Seconds to build, seconds to run ``months``, and ties, of one model."""
    cfg = config(*overrides, months=months)
    start = time.perf_counter()
    model = CollaborationModel(cfg)
    built = time.perf_counter()
    model.run_for(months)
    return built - start, time.perf_counter() - built, len(model.world.ties)


def state_run(overrides: list[str], months: int, repeats: int) -> dict:
    runs = [full_run(overrides, months) for _ in range(repeats + 1)][1:]  # first is warm-up
    build = statistics.median(r[0] for r in runs)
    run = statistics.median(r[1] for r in runs)
    return {"build": build, "run": run, "total": build + run, "ties": runs[0][2]}


def india_run(overrides: list[str], months: int) -> dict:
    """The national run in a child process: its wall times and its own peak memory."""
    code = (
        "import json, resource, sys, time\n"
        "sys.path.insert(0, sys.argv[1])\n"
        "from benchmark import full_run\n"
        "b, r, ties = full_run(json.loads(sys.argv[2]), int(sys.argv[3]))\n"
        "peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024\n"
        "print(json.dumps({'build': b, 'run': r, 'total': b + r, 'ties': ties, 'peak': peak}))\n"
    )
    out = subprocess.run(
        [
            sys.executable,
            "-c",
            code,
            str(Path(__file__).parent),
            json.dumps(overrides),
            str(months),
        ],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


#: What every Python program of the project pays anyway: the libraries of its tables and figures.
BASELINE = "import numpy, pandas, matplotlib"
#: The one-month toy run of the start-up target (every output written, the figure included).
TOY_RUN = ["months=1", "scale=0.1", "progress=false"]


TABLE_HEAD = "| target | goal | measured | ratio | verdict |\n|---|---|---|---|---|"


def startup(repeats: int, folder: Path, warm_up: bool = True) -> dict:
    """Median wall time of the toy run as a whole process, and of the baseline's imports.

    The two alternate (a shared machine's speed drifts, and then drifts for both), after one
    warm-up of each (which also compiles the loops if numba's cache is cold; ``warm_up=False``
    for the smoke run, whose number is not a measurement). Each toy run writes to a new folder
    under ``folder``. Both run this checkout's code and interpreter."""
    env = os.environ | {
        "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))
    }

    def timed(command: list[str]) -> float:
        start = time.perf_counter()
        subprocess.run(command, check=True, cwd=ROOT, env=env, capture_output=True)
        return time.perf_counter() - start

    base, toy = [], []
    first = 0 if warm_up else 1
    for i in range(first, repeats + 1):
        b = timed([sys.executable, "-c", BASELINE])
        t = timed(
            [sys.executable, "-m", "simulation", *TOY_RUN, f"output_dir={folder / f'run-{i}'}"]
        )
        if i:  # the first pair is the warm-up
            base.append(b)
            toy.append(t)
    b, t = statistics.median(base), statistics.median(toy)
    return {"baseline": b, "toy": t, "ratio": t / b, "pairs": repeats}


def startup_row(s: dict, verdict) -> tuple[str, ...]:
    return (
        "Start-up: one-month toy run as a process (`python -m simulation months=1 scale=0.1`)",
        "<= 3x",
        f'{s["toy"]:.2f} s against {s["baseline"]:.2f} s for `python -c "{BASELINE}"`, '
        f"medians of {s['pairs']} alternating pairs",
        f"{s['ratio']:.1f}x",
        verdict(s["ratio"] <= 3),
    )


def replace_row(text: str, row: str) -> str:
    """``text`` (a benchmarks table) with the row of the same target replaced by ``row``, or
    ``row`` added at the end of the table."""
    lines = text.splitlines()
    target = row.split(" | ")[0]
    for i, line in enumerate(lines):
        if line.split(" | ")[0] == target:
            lines[i] = row
            return "\n".join(lines) + "\n"
    last = lines.index(TABLE_HEAD.splitlines()[0])
    while last + 1 < len(lines) and lines[last + 1].startswith("|"):
        last += 1
    lines.insert(last + 1, row)
    return "\n".join(lines) + "\n"


def per_month(overrides: list[str], repeats: int) -> tuple[float, int, CollaborationModel]:
    """Median seconds of one model month (after a warm-up month), and the ties."""
    model = CollaborationModel(config(*overrides, months=1200))
    model.step()
    return median_seconds(model.step, repeats), len(model.world.ties), model


@contextlib.contextmanager
def threads(n: int):
    """Months in this block use ``n`` threads (``PHC_THREADS``)."""
    before = os.environ.get("PHC_THREADS")
    os.environ["PHC_THREADS"] = str(n)
    try:
        yield
    finally:
        if before is None:
            del os.environ["PHC_THREADS"]
        else:
            os.environ["PHC_THREADS"] = before


@dataclasses.dataclass
class Paired:
    """Months timed each next to the floor (bincount passes), one pair after another: a
    shared machine's speed drifts over seconds, and a ratio of two medians taken at
    different moments would carry that drift. The ratio is the median of the pairs', with
    the middle half of them."""

    month: float  # median seconds
    floor: float
    ratio: float
    low: float  # quartiles of the pairs' ratios
    high: float
    pairs: int


def paired_floor(model: CollaborationModel, pairs: int) -> Paired:
    """``pairs`` months of ``model``, each followed by the median of 9 bincount passes."""
    t, n = model.world.ties, model.world.nodes.n

    def floor():
        np.bincount(t.src, weights=t.strength, minlength=n)

    model.step()  # warm-up
    months, floors = [], []
    for _ in range(pairs):
        start = time.perf_counter()
        model.step()
        months.append(time.perf_counter() - start)
        floors.append(median_seconds(floor, 9))
    ratios = np.array(months) / np.array(floors)
    low, high = np.quantile(ratios, [0.25, 0.75])
    return Paired(
        statistics.median(months),
        statistics.median(floors),
        float(np.median(ratios)),
        float(low),
        float(high),
        pairs,
    )


def against_reference(overrides: list[str], repeats: int) -> dict:
    """A month of the vectorised model against the per-agent reference, same state and draws."""
    model = CollaborationModel(config(*overrides))
    model.step()
    world, p, iv = model.world, model.config.processes, model.interventions
    agents = world.nodes.n
    draws = draw_month(model._streams, world)

    def vector():
        w = world.copy()
        advance(w, draws, p, iv)
        return w

    def loops():
        w = world.copy()
        reference_month(w, draws, p, iv)
        return w

    v, r = vector(), loops()
    difference = float(np.max(np.abs(v.ties.strength - r.ties.strength)))
    fast = median_seconds(vector, repeats)
    slow = median_seconds(loops, max(1, repeats // 5))
    return {"agents": agents, "vector": fast, "reference": slow, "difference": difference}


#: Where a profile attributes time: (label, file name ending, function name).
CONSTRUCTION = (
    (
        "the world's arrays (stakeholders, ties, institutions)",
        "simulation/array_model.py",
        "build_world",
    ),
    ("the networkx graph of the network space", "simulation/network.py", "stakeholder_graph"),
    ("Mesa's network space (one cell per node)", "discrete_space/network.py", "__init__"),
    ("Mesa agents (one per stakeholder)", "mesa/agent.py", "create_agents"),
)
MONTH = (
    ("random numbers for the month", "simulation/loop.py", "draw_month"),
    ("turnover", "processes/turnover.py", "step"),
    ("health's internal coordination", "processes/coordination.py", "step"),
    ("engagement", "processes/engagement.py", "step"),
    ("joint action", "processes/joint_action.py", "step"),
    ("adaptation", "processes/adaptation.py", "step"),
    ("mindset", "processes/mindset.py", "step"),
    ("Gram Panchayat phases", "processes/panchayat.py", "step"),
    ("village platform and frontline triad", "processes/village.py", "step"),
    ("reach", "processes/reach.py", "step"),
    ("monitoring", "processes/monitoring.py", "step"),
    ("indicators", "simulation/indicators.py", "measure"),
    ("Mesa data collection", "mesa/datacollection.py", "collect"),
)


def profile_shares(statement, parts) -> tuple[float, list[tuple[str, float]]]:
    """Total profiled seconds of ``statement`` and each part's share of it (cumulative time)."""
    import cProfile
    import pstats

    gc.collect()  # earlier models' reference cycles are not this statement's cost
    profiler = cProfile.Profile()
    profiler.runcall(statement)
    stats = pstats.Stats(profiler).stats
    total = max(v[3] for v in stats.values())
    shares = []
    for label, path, name in parts:
        seconds = sum(
            v[3] for (file, _, func), v in stats.items() if func == name and file.endswith(path)
        )
        shares.append((label, seconds / total))
    return total, shares


def where_time_goes(overrides: list[str]) -> list[str]:
    """Profile one construction and 12 months; a Markdown account of where the time goes."""
    cfg = config(*overrides)
    CollaborationModel(cfg)  # warm-up
    built_total, built = profile_shares(lambda: CollaborationModel(cfg), CONSTRUCTION)
    gc.collect()
    model = CollaborationModel(cfg)
    start = time.perf_counter()
    model.materialise()
    mesa_objects = time.perf_counter() - start
    model = CollaborationModel(cfg)
    model.run_for(2)
    month_total, month = profile_shares(lambda: model.run_for(12), MONTH)
    lines = [
        f"Construction (profiled: {built_total:.2f} s; the profiler slows Python-level code "
        "more than numpy, so shares are approximate):",
        "",
        *[f"- {label}: {share:.0%}" for label, share in built],
        "",
        "Mesa's agents and network space are made only when something asks for them (a batch "
        f"run never does); making them takes {mesa_objects:.2f} s more (not profiled).",
        "",
        f"A month (profiled: {month_total / 12 * 1000:.1f} ms):",
        "",
        *[f"- {label}: {share:.0%}" for label, share in month],
    ]
    return lines


def floor_account(model: CollaborationModel, floor: float, repeats: int) -> list[str]:
    """Where a month at the largest size goes, in milliseconds and in bincount passes: each
    process (profiled), and the numerical primitives whose results the model reproduces to
    the last bit (timed on their own, the same sizes as in a month)."""
    world = model.world
    t, off = world.ties, world.nodes.officers
    month_total, month = profile_shares(lambda: model.run_for(6), MONTH)
    per_month = month_total / 6
    month_draws = draw_month(model._streams, world)
    count = sum(getattr(month_draws, f.name).size for f in dataclasses.fields(month_draws))
    draws = median_seconds(lambda: draw_month(model._streams, world), repeats)
    x = -np.clip(np.random.default_rng(1).normal(0, 2, (2, t.n_forum)), -30, 30)
    out = np.empty_like(x)
    exp = median_seconds(lambda: np.exp(x, out=out), repeats * 4)
    leavers = round(float((1.0 / off.mean_tenure).sum()))
    u = np.random.default_rng(2).random(leavers)
    means = off.orientation_mean[:leavers]
    quantiles = 4 * median_seconds(lambda: beta_quantile(u, means), repeats * 4)
    primitives = draws + exp + quantiles

    def ms(seconds: float) -> str:
        return f"{seconds * 1000:.1f} ms, {seconds / floor:.1f}x"

    def per_value(seconds: float, values: int) -> str:
        ns = seconds / values * 1e9
        return f"{ns:.1f} ns a value" if ns < 1000 else f"{ns / 1000:.1f} us a value"

    return [
        f"A month at {len(t):,} ties (profiled: {per_month * 1000:.1f} ms; one bincount pass "
        f"{floor * 1e6:.0f} us):",
        "",
        *[f"- {label}: {ms(share * per_month)}" for label, share in month],
        "",
        "Three numerical primitives inside those are the same calls as before any speed work, "
        "so that on a given processor every result is the same to the last bit as before (the "
        "validation's run table among them); timed on their own in one thread, together they "
        f"take {ms(primitives)}:",
        "",
        f"- the month's uniform random numbers ({count:,}, numpy's PCG64): {ms(draws)} "
        f"({per_value(draws, count)});",
        f"- numpy's exp in the logit choice of both sides of {t.n_forum:,} forum ties: {ms(exp)} "
        f"({per_value(exp, x.size)});",
        f"- scipy's inverse Beta CDF for the four attributes of about {leavers:,} newcomers "
        f"(officers transferred in a month): {ms(quantiles)} "
        f"({per_value(quantiles, 4 * leavers)}).",
        "",
        "numpy computes exp with its AVX-512 loops where the processor has them, else with the "
        "C library's exp, one value at a time: "
        + ("here, AVX-512." if avx512() else "here, the C library's (no AVX-512)."),
    ]


def avx512() -> bool:
    """Whether numpy runs its AVX-512 loops (its exp among them) on this processor."""
    from numpy._core._multiarray_umath import __cpu_features__  # numpy >= 2 (pyproject.toml)

    return bool(__cpu_features__.get("AVX512F"))


def fit_exponent(ties: list[int], seconds: list[float]) -> float:
    return float(np.polyfit(np.log(ties), np.log(seconds), 1)[0])


def scaling_figure(points: list[tuple[int, float]], exponent: float) -> Figure:
    fig = Figure(figsize=(6, 4.2), layout="constrained")
    ax = fig.add_subplot()
    x, y = np.array([p[0] for p in points]), np.array([p[1] for p in points]) * 1000
    ax.loglog(x, y, "o-", label=f"model month (fitted exponent {exponent:.2f})")
    ax.loglog(x, y[0] * x / x[0], "--", color="grey", label="linear from the smallest")
    ax.set_xlabel("ties")
    ax.set_ylabel("milliseconds per month")
    ax.set_title("Cost per month against the size of the state", fontsize=10)
    ax.legend(fontsize=8)
    return fig


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="tiny sizes: a smoke test")
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--output", type=Path, default=DEFAULT)
    parser.add_argument(
        "--only",
        choices=["startup"],
        help="measure one target and update its row of --output (the others are kept)",
    )
    args = parser.parse_args(argv)
    q = args.quick
    repeats = 1 if q else args.repeats

    def verdict(ok: bool) -> str:
        return "pass" if ok else "**fail**"

    if args.only == "startup":
        print("start-up ...", flush=True)
        with tempfile.TemporaryDirectory() as folder:
            measured = startup(repeats, Path(folder), warm_up=not q)
            row = "| " + " | ".join(startup_row(measured, verdict)) + " |"
        old = args.output.read_text() if args.output.exists() else None
        if old is None or not any(line.startswith("| ") for line in old.splitlines()):
            old = f"# Benchmarks\n\n{TABLE_HEAD}\n"
        text = replace_row(old, row)
        write_text_atomically(args.output, text)
        print(row)
        return
    months = 3 if q else 120
    tn = ["state=tamil_nadu", f"scale={0.02 if q else 1.0}"]
    india = [*INDIA, f"scale={0.01 if q else 1.0}"]
    districts = [1, 3] if q else [8, 20, 80, 400]  # national proportions, 50x in size
    reference_scale = 0.02 if q else 0.5  # about 20,000 agents in Tamil Nadu

    started = time.perf_counter()
    print("Tamil Nadu, full scale ...", flush=True)
    state = state_run(tn, months, repeats if q else 3)
    print("all of India (child process) ...", flush=True)
    nation = india_run(india, months)
    print("per-agent reference ...", flush=True)
    ref = against_reference(["state=tamil_nadu", f"scale={reference_scale}"], repeats)
    print("scaling and the floor ...", flush=True)
    points = []
    for d in districts:
        seconds, ties, model = per_month(national(d), repeats * 4)
        points.append((ties, seconds))
    exponent = fit_exponent([p[0] for p in points], [p[1] for p in points])
    paired = paired_floor(model, repeats * 4)
    with threads(1):
        alone = paired_floor(model, repeats * 4)
    print("start-up ...", flush=True)
    with tempfile.TemporaryDirectory() as folder:
        start_up = startup(repeats, Path(folder), warm_up=not q)
    print("profile ...", flush=True)
    profile = where_time_goes(tn)
    account = floor_account(model, paired.floor, repeats)
    speedup = ref["reference"] / ref["vector"]

    rows = [
        (
            "Tamil Nadu, full scale, 120 months (construction included)",
            "< 2 s",
            f"{state['total']:.2f} s ({state['build']:.2f} s building, {state['ties']:,} ties)",
            f"{state['total'] / 2:.2f} of the budget",
            verdict(state["total"] < 2),
        ),
        (
            "All of India, 120 months (construction included)",
            "< 60 s",
            f"{nation['total']:.1f} s ({nation['build']:.1f} s building, {nation['ties']:,} ties)",
            f"{nation['total'] / 60:.2f} of the budget",
            verdict(nation["total"] < 60),
        ),
        (
            "All of India, peak memory",
            "< 8 GB",
            f"{nation['peak'] / 1e9:.2f} GB",
            f"{nation['peak'] / 8e9:.2f} of the budget",
            verdict(nation["peak"] < 8e9),
        ),
        (
            f"Per-agent reference, one month at {ref['agents']:,} agents",
            ">= 100x",
            f"{ref['reference'] * 1000:.0f} ms against {ref['vector'] * 1000:.1f} ms "
            f"(largest difference in tie strength {ref['difference']:.1e})",
            f"{speedup:.0f}x",
            verdict(speedup >= 100),
        ),
        (
            f"Model month against one bincount pass over {points[-1][0]:,} ties",
            "<= 15x",
            f"{paired.month * 1000:.1f} ms against {paired.floor * 1e6:.0f} us, "
            f"{paired.pairs} months each timed next to the floor ({cores.threads()} threads; "
            f"in one thread {alone.month * 1000:.1f} ms, {alone.ratio:.0f}x)",
            f"{paired.ratio:.1f}x (middle half {paired.low:.1f}-{paired.high:.1f}x)",
            verdict(paired.ratio <= 15),
        ),
        (
            f"Growth with size: exponent over {len(points)} sizes spanning "
            f"{points[-1][0] / points[0][0]:.0f}x in ties",
            "about 1 (<= 1.1)",
            ", ".join(f"{t:,}: {s * 1000:.1f} ms" for t, s in points),
            f"{exponent:.2f}",
            verdict(exponent <= 1.1),
        ),
        startup_row(start_up, verdict),
    ]
    lines = [
        "# Benchmarks",
        "",
        "Regenerate with `make bench` (`python experiments/benchmark.py`)."
        + (" **This is a smoke run (`--quick`) at tiny sizes, not the targets.**" if q else ""),
        f"Measured {datetime.now(UTC):%Y-%m-%d %H:%M} UTC on {cpu_model()}, "
        f"{os.cpu_count()} cores, Python {platform.python_version()}; medians after a "
        f"warm-up; {time.perf_counter() - started:.0f} s in all. Months on large networks use "
        f"{cores.threads()} threads (`PHC_THREADS`; `simulation/cores.py`), with the same "
        "results as one.",
        "",
        TABLE_HEAD,
        *[f"| {' | '.join(row)} |" for row in rows],
        "",
        "![cost per month against size](benchmarks.png)",
        "",
        f"## Where the time goes (Tamil Nadu, scale {tn[1].split('=')[1]})",
        "",
        *profile,
        "",
        "## The floor, part by part (the largest size)",
        "",
        *account,
        "",
    ]
    text = "\n".join(lines)
    figure = scaling_figure(points, exponent)
    write_atomically(
        args.output.with_suffix(".png"), lambda tmp: figure.savefig(tmp, format="png", dpi=100)
    )
    write_text_atomically(args.output, text)
    print(text)


if __name__ == "__main__":
    main()
