"""Parameters of the leadership turnover process (``turnover.py``).

Declared apart from the process's compiled loops, so that a run config can be read and
checked without importing numba or the model (``simulation/config.py`` imports only these).
"""

from dataclasses import dataclass

from simulation.parameters import param

TENURE = "'Stable tenures of health administrators allowed time for leaders to understand'"


@dataclass
class TurnoverParams:
    newcomer_tie_retention: float = param(
        0.4,
        0,
        1,
        doc="share of a tie's strength that survives a transfer at either end",
        evidence=f"assumption (value: a newcomer loses most of a tie); mechanism: {TENURE}",
    )
    newcomer_trust: float = param(
        0.5,
        0,
        1,
        doc="trust on a newcomer's hierarchical ties",
        evidence="assumption: neutral trust (0.5) for a stranger; sources silent",
    )
    focal_point_handover: float = param(
        0.5,
        0,
        1,
        doc="share of what a transfer would cost a forum tie that a named focal point hands "
        "over to the newcomer, under a central management unit that names focal points",
        evidence="assumption (value); mechanism: CMU functions, 'identifying focal points at "
        "each district, block, and sub-block level'; 'Stable tenures of health "
        "administrators allowed time for leaders to understand'",
    )
