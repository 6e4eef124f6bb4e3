"""How fast the trainer's dashboard steps and renders, in the process and in a browser.

    python experiments/benchmark_dashboard.py            # writes results/dashboard_benchmark.md
    python experiments/benchmark_dashboard.py --clicks 10 --output /tmp/bench.md

In the process (median of ``--repeats`` after a warm-up), on the dashboard's default model
(one district of Tamil Nadu at full detail), at month 60:

* a month of the plain collaboration model (the baseline every other time is divided by);
* a month of the dashboard's model after a live event (it also steps the twin without it);
* drawing one block's network, and the pair of plots the page opens on, into the PNGs the page
  shows.

In a browser (headless Chromium on a dashboard started on a free port): the time from a click
on Step to the page showing the next month's readout, over ``--clicks`` clicks, first with one
session open, then while a second session plays its own model at the default speed.
"""

import argparse
import platform
import statistics
from datetime import UTC, datetime
from pathlib import Path

from measuring import median_seconds

from simulation.dashboard import views
from simulation.dashboard.pilot import Pilot
from simulation.dashboard.scenes import Settings, compose
from simulation.dashboard.serving import chromium, serve
from simulation.dashboard.session import TrainingRoomModel
from simulation.model import CollaborationModel
from simulation.output_folder import write_text_atomically

ROOT = Path(__file__).resolve().parents[1]
DEFAULT = ROOT / "results" / "dashboard_benchmark.md"
MONTH = 60


def in_process(repeats: int) -> dict[str, float]:
    plain = CollaborationModel(compose(Settings()))
    plain.run_for(MONTH)
    room = TrainingRoomModel()
    room.run_for(MONTH - 12)
    room.fire("transfer_dho")
    room.run_for(12)
    series, twin, label = room.timeseries(), room.twin.timeseries(), room.twin.label
    marks = [(f.month, f.label) for f in room.fired]
    pic = views.picture(room.world, 0)
    network = views.NetworkCanvas(room.world, pic)
    indicators = views.IndicatorCanvas()
    return {
        "model month (plain model, baseline)": median_seconds(plain.step, repeats),
        "model month (dashboard model with its twin)": median_seconds(room.step, repeats),
        "network of one block: new figure to PNG": median_seconds(
            lambda: views.png(views.network_figure(room.world, views.picture(room.world, 0))),
            repeats,
        ),
        "network of one block: updated in place to PNG (the page)": median_seconds(
            lambda: views.png(network.update(views.picture(room.world, 0)).fig), repeats
        ),
        "pair of plots: new figure to PNG": median_seconds(
            lambda: views.png(views.IndicatorCanvas().update(series, twin, label, marks).fig),
            repeats,
        ),
        "pair of plots: updated in place to PNG (the page)": median_seconds(
            lambda: views.png(indicators.update(series, twin, label, marks).fig), repeats
        ),
    }


#: Clicks Step in the page and resolves, in the browser's own clock, when the readout shows
#: the next month: no round trips of the test driver in the measurement.
CLICK_TO_READOUT = """
() => new Promise((resolve) => {
  const readout = document.querySelector('.phc-readout');
  const before = readout.innerText;
  const step = [...document.querySelectorAll('button')].find(b => b.innerText.trim() === 'STEP'
                                                              || b.innerText.trim() === 'Step');
  const start = performance.now();
  const observer = new MutationObserver(() => {
    const now = document.querySelector('.phc-readout');
    if (now && now.innerText !== before) {
      observer.disconnect();
      resolve(performance.now() - start);
    }
  });
  observer.observe(document.body, {subtree: true, childList: true, characterData: true});
  step.click();
})
"""


def click_latencies(pilot: Pilot, clicks: int) -> list[float]:
    """Seconds from a click on Step to the next month's readout, per click."""
    out = []
    for _ in range(clicks):
        out.append(pilot.page.evaluate(CLICK_TO_READOUT) / 1000)
        pilot.page.wait_for_timeout(100)  # let the images of this month arrive
    return out


def in_browser(clicks: int) -> dict[str, list[float]]:
    with serve() as url, chromium() as browser:
        one = Pilot(browser.new_context().new_page(), url).open()
        alone = click_latencies(one, clicks)
        other = Pilot(browser.new_context().new_page(), url).open()
        other.button("▶").click()
        try:
            busy = click_latencies(one, clicks)
        finally:
            other.button("❚❚").click()
        played = other.month()
    return {"one session": alone, f"while another session plays ({played} months)": busy}


def report(process: dict[str, float], browser: dict[str, list[float]], args) -> str:
    base = process["model month (plain model, baseline)"]
    lines = [
        "# Dashboard benchmark",
        "",
        "Regenerate with `python experiments/benchmark_dashboard.py` (or `make bench-dashboard`).",
        f"Measured {datetime.now(UTC):%Y-%m-%d %H:%M} UTC on {platform.machine()}, "
        f"Python {platform.python_version()}, {platform.system()}.",
        "",
        "## In the process",
        "",
        f"The dashboard's default model (one district of Tamil Nadu at full detail) at month "
        f"{MONTH}; median of {args.repeats} after a warm-up.",
        "",
        "| what | median (ms) | ratio to a plain model month |",
        "|---|---:|---:|",
    ]
    for what, seconds in process.items():
        lines.append(f"| {what} | {seconds * 1000:.2f} | {seconds / base:.1f} |")
    render = sum(v for k, v in process.items() if "(the page)" in k)
    new = sum(v for k, v in process.items() if "new figure" in k)
    lines += [
        "",
        f"Per month the page draws both figures in {render * 1000:.0f} ms, {render / base:.0f} "
        f"times a model month: the model is not what a room waits for. Updating the figures in "
        f"place instead of drawing new ones ({new * 1000:.0f} ms) is {new / render:.1f} times "
        "faster.",
        "",
        "## In a browser",
        "",
        f"Headless Chromium; time from a click on Step to the page showing the next month's "
        f"readout, measured in the page (server: model month, both figures, sending them; "
        f"browser: receiving and showing them), {args.clicks} clicks.",
        "",
        "| sessions | median (ms) | 90th percentile (ms) | slowest (ms) |",
        "|---|---:|---:|---:|",
    ]
    for what, times in browser.items():
        ms = sorted(t * 1000 for t in times)
        p90 = ms[min(len(ms) - 1, round(0.9 * (len(ms) - 1)))]
        lines.append(f"| {what} | {statistics.median(ms):.0f} | {p90:.0f} | {ms[-1]:.0f} |")
    return "\n".join(lines) + "\n"


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=30)
    parser.add_argument("--clicks", type=int, default=30)
    parser.add_argument("--output", type=Path, default=DEFAULT)
    args = parser.parse_args(argv)
    if args.repeats < 1 or args.clicks < 1:
        parser.error("--repeats and --clicks must be at least 1")
    text = report(in_process(args.repeats), in_browser(args.clicks), args)
    write_text_atomically(args.output, text)
    print(text)


if __name__ == "__main__":
    main()
