"""Parameters of the adaptation process (``adaptation.py``).

Declared apart from the process's compiled loops, so that a run config can be read and
checked without importing numba or the model (``simulation/config.py`` imports only these).
"""

from dataclasses import dataclass

from simulation.parameters import param


@dataclass
class AdaptationParams:
    learning_rate: float = param(0.1, 0, 1, doc="Bush-Mosteller learning rate")
    aspiration: float = param(0.0, -1, 1, doc="payoff that neither pleases nor disappoints")
    mission_value: float = param(0.5, 0, 2, doc="worth of a joint outcome to one's own mandate")
    credit_value: float = param(0.5, 0, 2, doc="worth of being credited for a joint outcome")
    recognition_value: float = param(0.3, 0, 2, doc="worth of recognition to a Gram Panchayat")
    effort_cost: float = param(0.4, 0, 2, doc="cost of effort per unit of workload")
    sanction: float = param(0.3, 0, 2, doc="cost of staying away per unit of pressure")
    floor: float = param(0.02, 0.001, 0.2, doc="willingness never goes below this or above 1 - it")
