"""Parameters of the reach and equity process (``reach.py``).

Declared apart from the process's compiled loops, so that a run config can be read and
checked without importing numba or the model (``simulation/config.py`` imports only these).
"""

from dataclasses import dataclass

from simulation.parameters import param


@dataclass
class ReachParams:
    adjustment: float = param(0.1, 0, 1, unit="per month", doc="pace at which reach follows target")
    health_weight: float = param(0.4, 0, 1, doc="share of access the health system provides")
    panchayat_weight: float = param(0.4, 0, 1, doc="share of access the GP's phase provides")
    tie_weight: float = param(0.2, 0, 1, doc="share of access the GP's block ties provide")
    equity_orientation: float = param(0.5, 0, 1, doc="how far a holistic leader offsets exclusion")
    voice_floor: float = param(0.3, 0, 1, doc="voice a functioning VHSNC gives at phase 0")
    voice_adjustment: float = param(
        0.1, 0, 1, unit="per month", doc="pace at which voice follows its target"
    )
    link_adjustment: float = param(
        0.1, 0, 1, unit="per month", doc="pace at which GP - community ties follow theirs"
    )
