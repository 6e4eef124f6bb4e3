"""Alternative models that should fail the patterns, and levers that should do nothing.

A pattern counts as evidence for the model's mechanisms only if a plausible model without them
does not reproduce it (Grimm et al. 2005, pattern-oriented modelling: patterns filter models).
Each alternative below is the model with one mechanism taken out, as overrides on the run
config; the validation runs every pattern's experiment under every alternative. A pattern that
every alternative reproduces as well is *not diagnostic*: it says nothing for the mechanisms
and the report does not count it as evidence.

A negative control is a lever that the model's design says must not move collaboration (a
setting of an intervention that is not in place, or a quantity nothing reads back); the
validation checks that it does not, to the last bit, under common random numbers.
"""

from __future__ import annotations

from dataclasses import dataclass

from simulation.experiment.scenario import override

#: The engagement utility's weights (``processes.engagement``): all zero, a stakeholder's
#: choice to invest effort is its learned willingness alone, blind to its situation.
UTILITY_WEIGHTS = (
    "credit_weight",
    "pressure_weight",
    "recognition_weight",
    "trust_weight",
    "strength_weight",
    "orientation_weight",
    "familiarity_weight",
    "soft_power_weight",
    "workload_weight",
    "power_weight",
    "agenda_weight",
)


@dataclass(frozen=True)
class Alternative:
    """The model with one mechanism taken out."""

    key: str
    label: str
    lacks: str  # what the alternative model leaves out, in words
    overrides: tuple[str, ...]


def alternative(key: str, label: str, lacks: str, *settings: tuple[str, object]) -> Alternative:
    return Alternative(key, label, lacks, tuple(override(k, v) for k, v in settings))


ALTERNATIVES: dict[str, Alternative] = {
    a.key: a
    for a in (
        alternative(
            "no_learning",
            "No learning",
            "willingness never learns from payoffs (Bush-Mosteller learning rate 0)",
            ("processes.adaptation.learning_rate", 0.0),
        ),
        alternative(
            "no_peer_influence",
            "No peer influence",
            "orientations do not move along trusted ties (influence rate 0)",
            ("processes.mindset.influence_rate", 0.0),
        ),
        alternative(
            "random_engagement",
            "Random engagement",
            "every weight of the engagement utility is 0: a stakeholder invests effort by its "
            "learned willingness alone, blind to credit, pressure, trust, power and workload",
            *((f"processes.engagement.{w}", 0.0) for w in UTILITY_WEIGHTS),
        ),
        alternative(
            "power_only_silences",
            "Power as pure penalty",
            "the powerful set no agenda (agenda weight 0): power only silences the weaker side",
            ("processes.engagement.agenda_weight", 0.0),
        ),
        alternative(
            "no_tie_loss_at_transfer",
            "No tie loss at transfer",
            "a newcomer keeps every tie's full strength (retention 1)",
            ("processes.turnover.newcomer_tie_retention", 1.0),
        ),
        alternative(
            "no_collector",
            "No Collector",
            "the district health officer convenes district committees, and no Collector "
            "brings political pressure to them",
            ("interventions.district_convenor", "health_officer"),
            ("processes.engagement.collector_pressure", 0.0),
        ),
        alternative(
            "no_credit",
            "No credit",
            "credit for joint outcomes is worth nothing, in the choice and in the payoff",
            ("processes.engagement.credit_weight", 0.0),
            ("processes.adaptation.credit_value", 0.0),
        ),
    )
}


@dataclass(frozen=True)
class NegativeControl:
    """A lever that must not move ``indicator``: the status quo against the status quo with
    ``overrides``, in ``state``, on the same seeds."""

    key: str
    label: str
    why: str  # why the design says it does nothing
    overrides: tuple[str, ...]
    state: str = "odisha"
    indicator: str = "collaboration_block"


def control(key: str, label: str, why: str, *settings: tuple[str, object]) -> NegativeControl:
    return NegativeControl(key, label, why, tuple(override(k, v) for k, v in settings))


NEGATIVE_CONTROLS: dict[str, NegativeControl] = {
    c.key: c
    for c in (
        control(
            "shock_intensity_without_shock",
            "A shock's intensity, with no shock",
            "no shock window is set, so its intensity is never applied",
            ("interventions.shock_intensity", 3.0),
        ),
        control(
            "training_month_without_training",
            "A training month, with no training",
            "no training is chosen, so its start month is never read",
            ("interventions.training_start_month", 60),
        ),
        control(
            "cmu_functions_without_cmu",
            "CMU functions switched, with no CMU",
            "a CMU's functions act only when a CMU exists",
            ("interventions.cmu_reviews", False),
            ("interventions.cmu_guidelines", False),
        ),
        control(
            "untied_fund_spending",
            "VHSNC untied-fund spending",
            "what a VHSNC spends is an output: no rule reads it back",
            ("processes.village.untied_spend", 1.0),
        ),
    )
}
