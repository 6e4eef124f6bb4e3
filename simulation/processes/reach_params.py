"""Parameters of the reach and equity process (``reach.py``).

Declared apart from the process's compiled loops, so that a run config can be read and
checked without importing numba or the model (``simulation/config.py`` imports only these).
"""

from dataclasses import dataclass

from simulation.parameters import param

OWN = (
    "'If systems want to reach marginalised and vulnerable communities, health systems "
    "representatives cannot do it on their own'"
)
PACE = "assumption: a pace (about a year to follow most of a change); sources silent"


@dataclass
class ReachParams:
    adjustment: float = param(
        0.1, 0, 1, unit="per month", doc="pace at which reach follows target", evidence=PACE
    )
    health_weight: float = param(
        0.4,
        0,
        1,
        doc="share of access the health system provides",
        evidence=f"assumption (value); mechanism: {OWN}",
    )
    panchayat_weight: float = param(
        0.4,
        0,
        1,
        doc="share of access the GP's phase provides",
        evidence="assumption (value); mechanism: 'Local leaders from Panchayat, tribal heads etc. "
        "are needed to bring health staff and communities together'",
    )
    tie_weight: float = param(
        0.2,
        0,
        1,
        doc="share of access the GP's block ties provide",
        evidence=f"assumption (value); mechanism: {OWN}",
    )
    equity_orientation: float = param(
        0.5,
        0,
        1,
        doc="how far a holistic leader offsets exclusion",
        evidence="assumption (value); mechanism: 'Local leaders need to adopt empathetic, equity "
        "driven approaches'",
    )
    voice_floor: float = param(
        0.3,
        0,
        1,
        doc="voice a functioning VHSNC gives at phase 0",
        evidence="assumption (value); mechanism: 'giving local people a voice in decisions'; "
        "hierarchies limit marginalised members' voice (Scott et al. 2017)",
    )
    voice_adjustment: float = param(
        0.1,
        0,
        1,
        unit="per month",
        doc="pace at which voice follows its target",
        evidence=PACE,
    )
    link_adjustment: float = param(
        0.1,
        0,
        1,
        unit="per month",
        doc="pace at which GP - community ties follow theirs",
        evidence=PACE,
    )
