"""The dashboard screenshot in the README: a teaching scene, two years on, after a transfer.

    python experiments/dashboard_screenshot.py            # writes results/dashboard/dashboard.png
    python experiments/dashboard_screenshot.py --output /tmp/page.png

Starts the dashboard on a free loopback port, opens it in headless Chromium (the system's,
see ``simulation/dashboard/serving.py``), loads the "Doctor-led committee" scene, steps 24
months, transfers the district health officer, steps 12 more, and saves the page (written to a
temporary file, then renamed into place).
"""

import argparse
from pathlib import Path

from simulation.dashboard.pilot import Pilot
from simulation.dashboard.serving import chromium, serve
from simulation.output_folder import write_atomically

ROOT = Path(__file__).resolve().parents[1]
DEFAULT = ROOT / "results" / "dashboard" / "dashboard.png"


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--output", type=Path, default=DEFAULT, help=f"default {DEFAULT}")
    parser.add_argument("--before", type=int, default=24, help="months before the transfer")
    parser.add_argument("--after", type=int, default=12, help="months after the transfer")
    args = parser.parse_args(argv)
    with serve() as url, chromium() as browser:
        page = browser.new_page(viewport={"width": 1920, "height": 1250})
        pilot = Pilot(page, url).open()
        pilot.load_preset("Doctor-led committee")
        pilot.step(args.before)
        pilot.fire("Transfer the DHO")
        pilot.step(args.after)
        page.mouse.move(0, 0)
        png = page.screenshot(full_page=False)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    write_atomically(args.output, lambda tmp: tmp.write_bytes(png))
    print(f"wrote {args.output} ({len(png) / 1024:.0f} KiB)")


if __name__ == "__main__":
    main()
