"""The sweep's progress bar: jobs done of the total, failures, skipped jobs and time left.

Jobs run in other processes (joblib's workers, a Ray cluster, SLURM nodes), so the bar does not
hear from them directly: each job leaves a marker file when it ends (``jobs.py``), and a
thread in the launching process counts the markers twice a second.
"""

from __future__ import annotations

import json
import threading
from pathlib import Path

from tqdm.auto import tqdm

from simulation.sweep.jobs import PROGRESS


class SweepProgress:
    """A progress bar over the markers in ``<sweep>/.progress/`` while a sweep runs."""

    def __init__(self, sweep_dir: Path, total: int, enabled: bool = True, interval: float = 0.5):
        self.directory = Path(sweep_dir) / PROGRESS
        self.total = total
        self.interval = interval
        self.enabled = enabled
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._seen: dict[str, str] = {}

    def start(self) -> SweepProgress:
        if self.enabled:
            self._thread = threading.Thread(target=self._watch, name="sweep-progress", daemon=True)
            self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join()

    def _poll(self) -> dict[str, int]:
        for path in self.directory.glob("[0-9]*.json"):
            if path.name not in self._seen:
                try:
                    self._seen[path.name] = json.loads(path.read_text())["status"]
                except (OSError, ValueError, KeyError):  # pragma: no cover - written atomically
                    continue
        statuses = list(self._seen.values())
        return {s: statuses.count(s) for s in ("ran", "skipped", "failed")}

    def _watch(self) -> None:
        bar = tqdm(total=self.total, desc="sweep", unit="job", smoothing=0.1, mininterval=1.0)
        with bar:
            while True:
                stopping = self._stop.wait(self.interval)
                counts = self._poll()
                bar.set_postfix(counts, refresh=False)
                bar.update(sum(counts.values()) - bar.n)
                if stopping:
                    return
