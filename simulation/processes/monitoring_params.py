"""Parameters of the monitoring process (``monitoring.py``).

Declared apart from the process's compiled loops, so that a run config can be read and
checked without importing numba or the model (``simulation/config.py`` imports only these).
"""

from dataclasses import dataclass

from simulation.parameters import param


@dataclass
class MonitoringParams:
    clash_rate: float = param(
        0.15, 0, 1, doc="chance a joint review ends in a data clash at full discrepancy"
    )
    clash_trust_loss: float = param(0.15, 0, 1, doc="share of trust a data clash costs each side")
    self_report_bias: float = param(0.5, 0, 1, doc="share of the gap to 1 a met forum reports")
    harmonisation_verification: float = param(
        0.5, 0, 1, doc="share of bias harmonised data removes"
    )
    cmu_verification: float = param(0.3, 0, 1, doc="share of bias a CMU's reviews remove")
