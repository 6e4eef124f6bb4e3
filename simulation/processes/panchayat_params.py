"""Parameters of the Gram Panchayat engagement process (``panchayat.py``).

Declared apart from the process's compiled loops, so that a run config can be read and
checked without importing numba or the model (``simulation/config.py`` imports only these).
"""

from dataclasses import dataclass

from simulation.parameters import param

PHASED = (
    "'a long-term process, starting with orientation on their roles ... leading later to more "
    "complex levels of engagement'"
)
AWARDS = "Kerala's GPs 'improving public health activities ... are given financial awards'"


@dataclass
class PanchayatParams:
    advance_rate: float = param(
        0.08,
        0,
        1,
        unit="per month",
        doc="chance to advance, full support",
        evidence=f"assumption (value); mechanism: {PHASED}",
    )
    ladder: list[float] = param(
        [1.0, 0.75, 0.5, 0.3],
        0,
        1,
        doc="relative ease of moving from phase 0, 1, 2 and 3 up",
        evidence=f"assumption (values: later phases harder); mechanism: {PHASED}",
    )
    slip_rate: float = param(
        0.03,
        0,
        1,
        unit="per month",
        doc="chance to slip back, full neglect",
        evidence="assumption: sources silent on Gram Panchayats falling back",
    )
    task_force_facilitation: float = param(
        0.5,
        0,
        2,
        doc="support a GP task-force platform adds",
        evidence="assumption (value); mechanism: Karnataka's GP task forces 'were trained and "
        "supported to perform complex tasks'",
    )
    training_boost: float = param(
        1.0,
        0,
        5,
        doc="relative gain in advancing with trained members",
        evidence="assumption (value); mechanism: 'Gram Panchayats, with adequate training and "
        "support, are capable of handling complex health related activities'",
    )
    recognition_boost: float = param(
        1.0,
        0,
        5,
        doc="relative gain in advancing with recognition",
        evidence=f"assumption (value); mechanism: {AWARDS}",
    )
    award_gain: float = param(
        0.3,
        0,
        1,
        doc="share of the gap to 1 an award closes",
        evidence=f"assumption (value); mechanism: {AWARDS}",
    )
    recognition_decay: float = param(
        0.05,
        0,
        1,
        unit="per month",
        doc="fading of recognition not renewed by an award",
        evidence="assumption: sources silent on how long recognition lasts",
    )
