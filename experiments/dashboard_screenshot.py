"""Screenshots of the training room and the planner's report, at a projector's sizes.

    python experiments/dashboard_screenshot.py                 # every screenshot, both sizes
    python experiments/dashboard_screenshot.py --sizes 1280x720 --output /tmp/shots

Starts the dashboard on a free loopback port and opens it in headless Chromium (the system's,
see ``simulation/dashboard/serving.py``). For each window size (default 1280x720 and
1920x1080), writes into ``<output>/<size>/``:

* ``initial.png``: the page as it opens;
* ``scenario.png``: the scenario's fourteen controls, opened over the page with PDIA chosen;
* ``preset_<name>.png``: each preset after 24 months;
* ``event_<name>.png``: each live event's effect: the "Doctor-led committee" scene, 24 months,
  the event, 12 more months (the run without the event drawn faint);
* ``report.png``: the first screen of the planner's report (``--report``).

and ``results/dashboard/dashboard.png`` (the README's picture: the transfer of the district
health officer at 1920x1080). Each file is written to a temporary file, then renamed into
place. The report's screenshot needs a report with its plain-language summary (made by this
version of ``make compare``); an older one is not pictured, and the exit status is 1.
"""

import argparse
import sys
from pathlib import Path

from simulation.dashboard.pilot import Pilot
from simulation.dashboard.scenes import PRESETS
from simulation.dashboard.serving import chromium, serve
from simulation.events import EVENTS
from simulation.output_folder import write_atomically

ROOT = Path(__file__).resolve().parents[1]
DEFAULT = ROOT / "results" / "dashboard" / "screenshots"
README_PICTURE = ROOT / "results" / "dashboard" / "dashboard.png"
REPORT = ROOT / "results" / "comparisons" / "bihar" / "report.html"
SIZES = ("1280x720", "1920x1080")
BEFORE, AFTER = 24, 12


def size(text: str) -> tuple[int, int]:
    """``1280x720`` -> (1280, 720)."""
    try:
        width, height = (int(x) for x in text.lower().split("x"))
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not WIDTHxHEIGHT, e.g. 1280x720") from None
    if not (320 <= width <= 7680 and 240 <= height <= 4320):
        raise argparse.ArgumentTypeError(f"{text!r} is outside 320x240 to 7680x4320")
    return width, height


def save(path: Path, png: bytes) -> None:
    write_atomically(path, lambda tmp: tmp.write_bytes(png))
    print(f"wrote {path} ({len(png) / 1024:.0f} KiB)")


def shoot(browser, url: str, width: int, height: int, folder: Path) -> dict[str, bytes]:
    """Every dashboard screenshot at one size; returns them by name."""
    shots = {}

    def page_at():
        page = browser.new_page(viewport={"width": width, "height": height})
        return Pilot(page, url).open()

    def take(pilot, name: str) -> None:
        pilot.page.mouse.move(0, 0)
        pilot.settle()
        shots[name] = pilot.page.screenshot(full_page=False)
        save(folder / f"{name}.png", shots[name])
        pilot.page.close()

    take(page_at(), "initial")
    pilot = page_at()
    pilot.open_scenario()
    pilot.button("PDIA").click()  # a training chosen: all fourteen controls, one change waiting
    pilot.pending("training of officers: none → PDIA")
    take(pilot, "scenario")
    for key, preset in PRESETS.items():
        pilot = page_at()
        pilot.load_preset(preset.label)
        pilot.step(BEFORE)
        take(pilot, f"preset_{key}")
    for key, label in EVENTS.items():
        pilot = page_at()
        pilot.load_preset(PRESETS["doctor_led_committee"].label)
        pilot.step(BEFORE)
        pilot.fire(label)
        pilot.step(AFTER)
        take(pilot, f"event_{key}")
    return shots


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--output", type=Path, default=DEFAULT, help=f"default {DEFAULT}")
    parser.add_argument(
        "--sizes", type=size, nargs="+", default=[size(s) for s in SIZES], help="WIDTHxHEIGHT"
    )
    parser.add_argument("--report", type=Path, default=REPORT, help=f"default {REPORT}")
    args = parser.parse_args(argv)
    report = args.report.resolve()
    has_summary = report.is_file() and "<h2>In short</h2>" in report.read_text()
    with serve() as url, chromium() as browser:
        for width, height in args.sizes:
            folder = args.output / f"{width}x{height}"
            shots = shoot(browser, url, width, height, folder)
            if (width, height) == (1920, 1080) and args.output == DEFAULT:
                save(README_PICTURE, shots["event_transfer_dho"])
            if has_summary:
                page = browser.new_page(viewport={"width": width, "height": height})
                page.goto(report.as_uri())
                save(folder / "report.png", page.screenshot(full_page=False))
                page.close()
    if not has_summary:
        print(
            f"Error: {report} has no plain-language summary (made before it, or missing): "
            "its first screen is not pictured; regenerate it with make compare",
            file=sys.stderr,
        )
        sys.exit(1)


if __name__ == "__main__":
    main()
