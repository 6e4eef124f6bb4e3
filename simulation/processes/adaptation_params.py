"""Parameters of the adaptation process (``adaptation.py``).

Declared apart from the process's compiled loops, so that a run config can be read and
checked without importing numba or the model (``simulation/config.py`` imports only these).
"""

from dataclasses import dataclass

from simulation.parameters import param

BM = "Bush-Mosteller reinforcement learning (Macy and Flache 2002)"


@dataclass
class AdaptationParams:
    learning_rate: float = param(
        0.1,
        0,
        1,
        doc="Bush-Mosteller learning rate",
        evidence=f"assumption (value); mechanism: {BM}",
    )
    aspiration: float = param(
        0.0,
        -1,
        1,
        doc="payoff that neither pleases nor disappoints",
        evidence=f"assumption: neutral (0), a gain pleases and a loss disappoints; {BM}",
    )
    mission_value: float = param(
        0.5,
        0,
        2,
        doc="worth of a joint outcome to one's own mandate",
        evidence="assumption (value); mechanism: 'I've got a certain mandate I must do'",
    )
    credit_value: float = param(
        0.5,
        0,
        2,
        doc="worth of being credited for a joint outcome",
        evidence="assumption (value); mechanism: 'they will hold the health department "
        "accountable, but not the Department of Women and Child Development'",
    )
    recognition_value: float = param(
        0.3,
        0,
        2,
        doc="worth of recognition to a Gram Panchayat",
        evidence="assumption (value); mechanism: 'For some it's monetary funding, for some it's "
        "recognition, for some it's pride'",
    )
    effort_cost: float = param(
        0.4,
        0,
        2,
        doc="cost of effort per unit of workload",
        evidence="assumption (value); mechanism: 'For me it's a waste of time to participate "
        "in such committees'",
    )
    sanction: float = param(
        0.3,
        0,
        2,
        doc="cost of staying away per unit of pressure",
        evidence="assumption (value); mechanism: political leadership 'leading to "
        "accountability and regular monitoring'",
    )
    floor: float = param(
        0.02,
        0.001,
        0.2,
        doc="willingness never goes below this or above 1 - it",
        evidence="assumption: a technical bound that keeps learned willingness off 0 and 1",
    )
