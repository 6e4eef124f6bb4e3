"""Parameters of the Gram Panchayat engagement process (``panchayat.py``).

Declared apart from the process's compiled loops, so that a run config can be read and
checked without importing numba or the model (``simulation/config.py`` imports only these).
"""

from dataclasses import dataclass

from simulation.parameters import param


@dataclass
class PanchayatParams:
    advance_rate: float = param(0.08, 0, 1, unit="per month", doc="chance to advance, full support")
    ladder: list[float] = param(
        [1.0, 0.75, 0.5, 0.3], 0, 1, doc="relative ease of moving from phase 0, 1, 2 and 3 up"
    )
    slip_rate: float = param(0.03, 0, 1, unit="per month", doc="chance to slip back, full neglect")
    task_force_facilitation: float = param(0.5, 0, 2, doc="support a GP task-force platform adds")
    training_boost: float = param(1.0, 0, 5, doc="relative gain in advancing with trained members")
    recognition_boost: float = param(1.0, 0, 5, doc="relative gain in advancing with recognition")
    award_gain: float = param(0.3, 0, 1, doc="share of the gap to 1 an award closes")
    recognition_decay: float = param(
        0.05, 0, 1, unit="per month", doc="fading of recognition not renewed by an award"
    )
