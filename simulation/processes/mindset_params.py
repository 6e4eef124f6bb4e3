"""Parameters of the mindset diffusion process (``mindset.py``).

Declared apart from the process's compiled loops, so that a run config can be read and
checked without importing numba or the model (``simulation/config.py`` imports only these).
"""

from dataclasses import dataclass

from simulation.parameters import param


@dataclass
class MindsetParams:
    influence_rate: float = param(0.05, 0, 1, unit="per month", doc="pull of trusted peers' views")
    stubbornness: float = param(
        0.03, 0, 1, unit="per month", doc="pull back to one's anchor (makes didactic gains fade)"
    )
    didactic_shift: float = param(
        0.15, 0, 1, doc="share of the gap to 1 closed by didactic training"
    )
    pdia_growth: float = param(
        0.03, 0, 1, unit="per month", doc="orientation gain while practising"
    )
    pdia_anchor_growth: float = param(
        0.02, 0, 1, unit="per month", doc="anchor gain while practising PDIA (lasting change)"
    )
    pdia_dropout: float = param(
        0.03, 0, 1, unit="per month", doc="chance a trainee stops practising"
    )
    pdia_tie_growth: float = param(
        0.05, 0, 1, unit="per month", doc="team ties' gain while practising"
    )
    joint_training_tie_boost: float = param(
        0.15, 0, 1, doc="share of the gap to 1 that joint training closes on trainees' ties"
    )
    shock_practice_gain: float = param(
        0.02,
        0,
        1,
        unit="per joint action",
        doc="share of the gap to 1 of an officer's orientation and anchor (lasting change) "
        "closed by each joint action it takes part in during a shock; 0 switches the lesson off",
        evidence="assumption (value: a joint action under a shock teaches what a month of PDIA "
        "practice does, pdia_anchor_growth); mechanism: the pandemic 'has already provided two "
        "years of on-the-job training for enabling multi-sectoral convergence'",
    )
