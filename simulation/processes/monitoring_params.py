"""Parameters of the monitoring process (``monitoring.py``).

Declared apart from the process's compiled loops, so that a run config can be read and
checked without importing numba or the model (``simulation/config.py`` imports only these).
"""

from dataclasses import dataclass

from simulation.parameters import param

SOFTWARE = "'Two different departments had different software ... some discrepancies in the data'"


@dataclass
class MonitoringParams:
    clash_rate: float = param(
        0.15,
        0,
        1,
        doc="chance a joint review ends in a data clash at full discrepancy",
        evidence="assumption (value); mechanism: blaming other data sources 'can lead to "
        "stakeholder clashes'",
    )
    clash_trust_loss: float = param(
        0.15,
        0,
        1,
        doc="share of trust a data clash costs each side",
        evidence="assumption (value); mechanism: data discrepancies 'eventually leads to lack "
        "of ownership and stakeholder engagement issues'",
    )
    self_report_bias: float = param(
        0.5,
        0,
        1,
        doc="share of the gap to 1 a met forum reports",
        evidence="assumption (value); mechanism: 'asking leaders to judge and report on the "
        "success of their own initiatives' (Graham et al. 2018)",
    )
    harmonisation_verification: float = param(
        0.5,
        0,
        1,
        doc="share of bias harmonised data removes",
        evidence=f"assumption (value); mechanism: {SOFTWARE}",
    )
    cmu_verification: float = param(
        0.3,
        0,
        1,
        doc="share of bias a CMU's reviews remove",
        evidence="assumption (value); mechanism: 'periodic progress reviews' against 'asking "
        "leaders to judge and report on the success of their own initiatives'",
    )
    review_months: int = param(
        12,
        0,
        1200,
        unit="months",
        doc="months between a district's reviews of its forums (0: forums are never reviewed)",
        evidence="assumption (value); mechanism: 'feedback systems like periodic progress reviews'",
    )
    reform_below: float = param(
        0.15,
        0,
        1,
        doc="mean reported strength over a review period below which a district turns a "
        "forum that only reviews into a problem-solving one",
        evidence="assumption (value); mechanism: the editorial's warning against 'asking "
        "leaders to judge and report on the success of their own initiatives'",
    )
    drop_below: float = param(
        0.05,
        0,
        1,
        doc="mean reported strength below which a district winds up a forum that already "
        "solves problems",
        evidence="assumption (value); mechanism: 'rationalise their numbers'",
    )
