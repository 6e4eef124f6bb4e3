"""What the benchmark scripts share: a timer and the name of the machine's processor."""

import platform
import statistics
import time
from pathlib import Path


def median_seconds(action, repeats: int) -> float:
    """Median wall time of ``action`` over ``repeats`` runs after one warm-up run."""
    action()
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def cpu_model() -> str:
    """The processor's model name (from /proc/cpuinfo where there is one)."""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine() or "unknown"
