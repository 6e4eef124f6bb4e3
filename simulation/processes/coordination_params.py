"""Parameters of health's internal coordination (``coordination.py``).

Declared apart from the process's compiled loops, so that a run config can be read and
checked without importing numba or the model (``simulation/config.py`` imports only these).
"""

from dataclasses import dataclass

from simulation.parameters import param

HOUSE = (
    "'put our house in order first, address operational challenges, build internal "
    "collaboration ... for program officers to coordinate and converge within the health "
    "department'"
)
DHS = "District Health Societies in NHM 'function as the central forum' in the district"
TENURE = "'Stable tenures of health administrators allowed time for leaders to understand'"


@dataclass
class CoordinationParams:
    """How a district's health department (its District Health Society and the directorate's
    programme officers) comes to work as one, and how much of health's readiness that is."""

    society_meeting_rate: float = param(
        0.5,
        0,
        1,
        unit="per month",
        doc="chance a District Health Society meets in a month (programme officers together)",
        evidence=f"assumption (value); mechanism: {DHS}",
    )
    strengthened_meeting_rate: float = param(
        1.0,
        0,
        1,
        unit="per month",
        doc="the same, for a strengthened District Health Society (the lever)",
        evidence=f"assumption (value); mechanism: {DHS}",
    )
    growth: float = param(
        0.4,
        0,
        1,
        unit="per meeting",
        doc="share of the gap to full coordination a meeting closes, at full management and "
        "familiarity of the district health officer",
        evidence=f"assumption (value); mechanism: {HOUSE}",
    )
    erosion: float = param(
        0.1,
        0,
        1,
        unit="per month",
        doc="share of coordination operational challenges erode in a month, at readiness 0 "
        "(none at readiness 1)",
        evidence="assumption",
    )
    transfer_retention: float = param(
        0.5,
        0,
        1,
        doc="share of coordination kept when the district health officer is transferred",
        evidence=f"assumption (value); mechanism: {TENURE}",
    )
    readiness_share: float = param(
        0.5,
        0,
        1,
        doc="share of a district's health readiness that is internal coordination (the rest "
        "is the state's manpower, financing and logistics, state.context.health_readiness)",
        evidence="assumption",
    )
