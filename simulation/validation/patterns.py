"""The patterns the model must reproduce, each declared as a controlled experiment.

Every pattern quotes the finding it comes from, names the conditions (which differ only in the
focal parameter), what is measured, and the claims that make up the pattern: a statistic of
the measurements and the sign the finding predicts. ``focal`` names the keys a robustness draw
must leave alone, and ``states`` the states robustness draws cycle through (at least three).

Windows: "last year" is months 109-120 of a 120-month run (ten years: several rounds of
transfers, so the state reached reflects the mechanisms, not the starting values).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field

import numpy as np

from simulation.experiment.scenario import AS_IN, Scenario, override
from simulation.validation.ensemble import Measure
from simulation.validation.statistics import (
    Statistic,
    change_of_effect,
    difference,
    interaction,
    level,
    rank_correlation,
    retained_share_gap,
    smallest_gap,
    smallest_step,
)

MONTHS = 120
LAST_YEAR = (109, 120)
SINGH = "Singh et al. 2024, BMC Health Serv Res 24:634"


#: The collaboration indicator the patterns about health leaders and the state's context
#: measure: every block health-to-sector pair (``simulation.indicators``). Tenure, orientation,
#: power, soft power, training and the cadre act on district and block health leaders alike,
#: and block pairs are nearly all of a state's health-to-sector pairs.
COLLABORATION = "collaboration_block"


def last_year(indicator: str) -> Measure:
    return Measure(indicator, *LAST_YEAR)


@dataclass(frozen=True)
class Claim:
    """One testable statement of a pattern: ``statistic`` has the sign ``direction`` (+1/-1)."""

    statement: str
    measure: str
    statistic: Statistic
    direction: int


@dataclass(frozen=True)
class Knockout:
    """Switch off the mechanism a claim is attributed to: the claim should then vanish."""

    claim: int  # index into the pattern's claims
    overrides: tuple[str, ...]  # key=value, as on the command line
    mechanism: str  # what is switched off, in words


def knockout(claim: int, settings: tuple[tuple[str, object], ...], mechanism: str) -> Knockout:
    """A knockout of ``claim`` setting each (key, value) of ``settings``."""
    return Knockout(claim, tuple(override(k, v) for k, v in settings), mechanism)


def condition(
    label: str, settings: tuple[tuple[str, object], ...] = (), state: str | None = None
) -> Scenario:
    """One arm of an experiment: a scenario named by its label, in ``state`` (default: the
    pattern's, or the robustness draw's), setting each (key, value) of ``settings``."""
    overrides = (f"state={state}",) if state else ()
    overrides += tuple(override(k, v) for k, v in settings)
    return Scenario(name=label, label=label, overrides=overrides)


@dataclass(frozen=True)
class Pattern:
    key: str
    title: str
    finding: str
    source: str
    state: str
    conditions: tuple[Scenario, ...]
    measures: dict[str, Measure]
    claims: tuple[Claim, ...]  # the first is the headline claim
    focal: tuple[str, ...]
    states: tuple[str, ...]
    figure: str = "conditions"  # how report.py draws it: conditions, levels, grid, series
    levels: dict[str, float] = field(default_factory=dict)  # numeric level per condition
    series: tuple[str, ...] = ()  # whole indicators recorded for the figure
    mechanism: str = ""  # which rules produce the pattern, and how directly
    knockouts: tuple[Knockout, ...] = ()
    # The parameters of the single decision rule the pattern is written into, if it is one: an
    # alternative model that sets one of them deletes the rule itself, and its failing the
    # pattern is circular (it does not count for the pattern being diagnostic).
    written_in: tuple[str, ...] = ()

    @property
    def labels(self) -> tuple[str, ...]:
        return tuple(c.label for c in self.conditions)

    def knocked_out(self, knockout: Knockout) -> Pattern:
        """The same experiment with ``knockout``'s overrides added to every condition (the
        condition's own win)."""
        conditions = tuple(c.with_overrides(*knockout.overrides) for c in self.conditions)
        return dataclasses.replace(self, conditions=conditions)


def _setting(key: str, values: dict[str, object]) -> tuple[Scenario, ...]:
    return tuple(condition(label, settings=((key, value),)) for label, value in values.items())


def _rises_with(
    measure: str, levels: dict[str, float], trend: str, steps: str
) -> tuple[Claim, Claim]:
    """A monotone pattern: a positive rank correlation, and every level above the one before."""
    return (
        Claim(trend, measure, rank_correlation(measure, levels), +1),
        Claim(steps, measure, smallest_step(measure, tuple(levels)), +1),
    )


# --------------------------------------------------------------------------- 1. context
HIGH = ("kerala", "chhattisgarh", "tamil_nadu")
LOW = ("bihar", "uttar_pradesh", "jharkhand")

CONTEXT = Pattern(
    key="context",
    title="Context: the three named states collaborate more",
    finding="Kerala, Chhattisgarh and Tamil Nadu are the contexts where collaboration worked "
    "(decentralised, empowered panchayats; functional VHSNCs; a public health management cadre)",
    source=SINGH,
    state="tamil_nadu",
    conditions=tuple(condition(s, state=s) for s in HIGH + LOW),
    measures={"collaboration": last_year(COLLABORATION)},
    claims=(
        Claim(
            "each of KL, CG, TN above each of BR, UP, JH",
            "collaboration",
            smallest_gap("collaboration", HIGH, LOW),
            +1,
        ),
    ),
    focal=("state",),
    states=HIGH + LOW,
    mechanism="Emergent from the whole state file: the context values are ordinal judgements "
    "from the same study (ODD section 6), and the model was calibrated so that the named "
    "states collaborate more (ODD section 8). This pattern is therefore a consistency check "
    "of the inputs with the mechanisms, not an independent prediction.",
)

# --------------------------------------------------------------------------- 2. tenure
TENURE_KEY = "state.health_leaders.tenure_months"
TENURE_LEVELS = {"6 months": 6.0, "12 months": 12.0, "24 months": 24.0, "48 months": 48.0}

TENURE = Pattern(
    key="tenure",
    title="Tenure: longer leadership tenure, more collaboration",
    finding="'Stable tenures of health administrators allowed time for leaders to understand "
    "health sector functioning, identify challenges, and establish priorities for "
    "multisectoral collaboration'",
    source=SINGH,
    state="odisha",
    conditions=_setting(TENURE_KEY, TENURE_LEVELS),
    measures={"collaboration": last_year(COLLABORATION)},
    claims=_rises_with(
        "collaboration",
        TENURE_LEVELS,
        "collaboration rises with mean tenure (rank correlation)",
        "every longer tenure level collaborates more than the one before",
    ),
    focal=(TENURE_KEY,),
    states=("odisha", "tamil_nadu", "bihar", "karnataka"),
    figure="levels",
    levels=TENURE_LEVELS,
    mechanism="No rule mentions tenure's effect on collaboration. A transfer (turnover) keeps "
    "only part of each tie's strength and resets trust and learned willingness; a newcomer "
    "also knows the post less (familiarity in the engagement utility). Shorter tenure means "
    "more frequent resets, so ties built by joint action are lost before they pay off.",
    knockouts=(
        knockout(
            0,
            (
                ("processes.turnover.newcomer_tie_retention", 1.0),
                ("processes.engagement.familiarity_weight", 0.0),
            ),
            "ties survive transfers intact and newcomers know the post at once",
        ),
    ),
)

# --------------------------------------------------------------------------- 3. power
ASYMMETRY = "state.context.power_asymmetry"
ORIENTATION = "state.health_leaders.holistic_orientation"
POWER_CELLS = {
    "low power, clinical": (0.25, 0.2),
    "high power, clinical": (0.75, 0.2),
    "low power, holistic": (0.25, 0.7),
    "high power, holistic": (0.75, 0.7),
}


def _asymmetry_lowers(measure: str, statement: str) -> Claim:
    """Under clinical leaders, high asymmetry gives less of ``measure`` than low asymmetry."""
    return Claim(
        statement, measure, difference(measure, "high power, clinical", "low power, clinical"), -1
    )


def _holistic_shrinks_damage(measure: str, statement: str) -> Claim:
    """The damage of asymmetry to ``measure`` is smaller under holistic leaders."""
    damage = ("high power, holistic", "low power, holistic")
    return Claim(
        statement,
        measure,
        interaction(measure, *damage, "high power, clinical", "low power, clinical"),
        +1,
    )


POWER = Pattern(
    key="power",
    title="Power: asymmetry silences others, less so under holistic leaders",
    finding="'Doctors believe that we are the bosses, and if you want to collaborate, you "
    "collaborate as a silent spectator'; collaboration is easier where those in power are "
    "'empathetically oriented towards holistic approaches' ('overcoming ego with humility')",
    source=SINGH,
    state="odisha",
    conditions=tuple(
        condition(label, settings=((ASYMMETRY, a), (ORIENTATION, o)))
        for label, (a, o) in POWER_CELLS.items()
    ),
    measures={
        "collaboration": last_year(COLLABORATION),
        "panchayat voice": last_year("panchayat_voice"),
        "vulnerable voice": last_year("voice_vulnerable"),
    },
    claims=(
        _holistic_shrinks_damage(
            "collaboration",
            "holistic leaders shrink the damage power asymmetry does to collaboration",
        ),
        _asymmetry_lowers(
            "collaboration", "higher asymmetry lowers collaboration (clinical leaders)"
        ),
        _asymmetry_lowers(
            "panchayat voice",
            "higher asymmetry lowers Gram Panchayats' voice (clinical leaders)",
        ),
        _asymmetry_lowers(
            "vulnerable voice",
            "higher asymmetry lowers vulnerable communities' voice (clinical leaders)",
        ),
        _holistic_shrinks_damage(
            "vulnerable voice",
            "holistic leaders shrink the damage to vulnerable communities' voice",
        ),
    ),
    focal=(ASYMMETRY, ORIENTATION),
    states=("odisha", "tamil_nadu", "bihar", "karnataka"),
    figure="grid",
    mechanism="Encoded at the level of one decision: in the engagement utility the weaker side "
    "pays a penalty of asymmetry x (partner's power − own power) x (1 − partner's holistic "
    "orientation); beside it, a forum's agenda-setter gives each other side a stake of "
    "asymmetry x its power x (2 x its orientation − 1) (processes/convening.py). Vulnerable "
    "communities' voice is cut by asymmetry x (1 − the block medical officer's orientation) in "
    "the reach rule. The experiment tests that these survive learning, turnover and joint "
    "action to the aggregate.",
    knockouts=(
        knockout(
            0,
            (
                ("processes.engagement.power_weight", 0.0),
                ("processes.engagement.agenda_weight", 0.0),
            ),
            "no power penalty and no agenda-setting in the engagement utility",
        ),
    ),
    written_in=("processes.engagement.power_weight", "processes.engagement.agenda_weight"),
)

# --------------------------------------------------------------------------- 4. accountability
REGIMES = {"health_only": "health_only", "shared": "shared", "deliverables": "deliverables"}

ACCOUNTABILITY = Pattern(
    key="accountability",
    title="Accountability: shared credit and deliverables bring allied departments in",
    finding="'If there are infant deaths ... they will hold the health department accountable, "
    "but not the Department of Women and Child Development'; assign deliverables and targets "
    "to every department",
    source=SINGH,
    state="odisha",
    conditions=_setting("interventions.accountability", REGIMES),
    measures={"allied engagement": last_year("allied_engagement")},
    claims=(
        Claim(
            "allied engagement rises health_only < shared < deliverables",
            "allied engagement",
            smallest_step("allied engagement", tuple(REGIMES)),
            +1,
        ),
    ),
    focal=("interventions.accountability",),
    states=("odisha", "tamil_nadu", "bihar", "karnataka"),
    mechanism="Encoded at the level of one decision: the credit an allied department gets for "
    "a joint outcome (rising from health_only to shared to deliverables) enters its "
    "engagement utility and its learned payoff; deliverables also add monitoring and make "
    "joint action likelier.",
    knockouts=(
        knockout(
            0,
            (
                ("processes.engagement.credit_shared", 0.1),
                ("processes.engagement.credit_deliverables", 0.1),
            ),
            "allied departments get the same credit under every regime",
        ),
    ),
    written_in=(
        "processes.engagement.credit_weight",
        "processes.engagement.credit_health_only",
        "processes.engagement.credit_shared",
        "processes.engagement.credit_deliverables",
        "processes.adaptation.credit_value",
    ),
)

# --------------------------------------------------------------------------- 5. block models
BLOCK_MODELS = {"health-led": "health_led", "RDPR-led": "rdpr_led"}


def _mostly_wcd(condition: str) -> Statistic:
    def compute(d, i):
        c = i[condition]
        others = np.maximum(d["education engaged"][c].mean(-1), d["WASH engaged"][c].mean(-1))
        return d["WCD engaged"][c].mean(-1) - others

    return Statistic(f"{condition}: WCD − max(education, WASH)", compute)


_EQUAL_OVERLAP = tuple(
    (f"processes.engagement.mandate_overlap.{pair}", 0.5)
    for pair in (
        "health_wcd",
        "health_rdpr",
        "health_education",
        "health_wash",
        "health_animal_husbandry",
        "rdpr_wcd",
        "rdpr_education",
        "rdpr_wash",
        "rdpr_animal_husbandry",
    )
)


BLOCK = Pattern(
    key="block_models",
    title="Block convergence: RDPR-led blocks engage more sectors",
    finding="The RDPR-led block model engaged education and water and sanitation 'quite "
    "automatically'; the health-led model engaged mostly Women and Child Development",
    source=SINGH,
    state="bihar",
    conditions=tuple(
        condition(
            label,
            settings=(
                ("interventions.block_convergence", model),
                ("interventions.block_convergence_coverage", 1.0),
            ),
        )
        for label, model in BLOCK_MODELS.items()
    ),
    measures={
        "sector breadth": last_year("sector_breadth"),
        "WCD engaged": last_year("engaged_wcd"),
        "education engaged": last_year("engaged_education"),
        "WASH engaged": last_year("engaged_wash"),
        "block collaboration": last_year("collaboration_block"),
        "RDPR platform pairs": last_year("collaboration_rdpr_platform"),
    },
    claims=(
        Claim(
            "RDPR-led blocks engage more distinct sectors",
            "sector breadth",
            difference("sector breadth", "RDPR-led", "health-led"),
            +1,
        ),
        Claim(
            "RDPR-led blocks engage education more",
            "education engaged",
            difference("education engaged", "RDPR-led", "health-led"),
            +1,
        ),
        Claim(
            "RDPR-led blocks engage water and sanitation more",
            "WASH engaged",
            difference("WASH engaged", "RDPR-led", "health-led"),
            +1,
        ),
        Claim(
            "health-led blocks engage WCD more than education or WASH",
            "WCD engaged",
            _mostly_wcd("health-led"),
            +1,
        ),
    ),
    focal=("interventions.block_convergence",),
    states=("bihar", "jharkhand", "odisha", "karnataka"),
    mechanism="Emergent from four rules, none of which names a block model: mandate overlap "
    "(ICDS shares health's mother-child cohort; RDPR's remit covers schools and sanitation); "
    "the smaller power gap between the Block Development Officer and line departments than "
    "between a doctor and them; the block medical officer's heavier load where the health "
    "system is not in order, and shorter tenure; and the RDPR-led platform's work with Gram "
    "Panchayats. The knockouts take them away in turn.",
    knockouts=(
        knockout(3, _EQUAL_OVERLAP, "every department pair has the same mandate overlap"),
        knockout(
            1,
            (
                *_EQUAL_OVERLAP,
                ("processes.engagement.power_weight", 0.0),
                ("processes.engagement.agenda_weight", 0.0),
                ("processes.engagement.readiness_load", 0.0),
                ("state.health_leaders.tenure_months", 24.0),
                ("processes.engagement.mandate_overlap.panchayat_rdpr", 0.0),
            ),
            "equal overlaps, no power penalty or agenda-setting, no extra load on health, "
            "health leaders' tenure as allied officers', and no GP - RDPR mandate",
        ),
    ),
)

# --------------------------------------------------------------------------- 6. committees
COMMITTEES = Pattern(
    key="committees",
    title="Committees: review-only meetings are for name's sake",
    finding="Committees with 'no actions specified ... and no targets and outcomes ... for "
    "tracking progress' are 'multisectoral convergence for name's sake'; block committees "
    "review expenditure and are 'seldom focused on ... joint problem solving'",
    source=SINGH,
    state="odisha",
    conditions=(
        condition(
            "review, no deliverables",
            settings=(
                ("interventions.committee_scope", "review"),
                ("interventions.accountability", "health_only"),
            ),
        ),
        condition(
            "problem-solving, deliverables",
            settings=(
                ("interventions.committee_scope", "problem_solving"),
                ("interventions.accountability", "deliverables"),
            ),
        ),
    ),
    measures={"name's sake share": last_year("name_sake_share")},
    claims=(
        Claim(
            "problem-solving scope with deliverables cuts the name's-sake share",
            "name's sake share",
            difference(
                "name's sake share", "problem-solving, deliverables", "review, no deliverables"
            ),
            -1,
        ),
        Claim(
            "with review-only scope most meetings are for name's sake (share above one half)",
            "name's sake share",
            level("name's sake share", "review, no deliverables", 0.5),
            +1,
        ),
    ),
    focal=("interventions.committee_scope", "interventions.accountability"),
    states=("odisha", "tamil_nadu", "bihar", "karnataka"),
    mechanism="Encoded in the joint-action rule: a meeting where both sides invest effort yields "
    "joint action with a low probability in a review-only forum, a higher one in a "
    "problem-solving forum, and higher still with deliverables. Deliverables also raise "
    "engagement (credit, monitoring), so more meetings have both sides investing.",
    knockouts=(
        knockout(
            0,
            (
                ("processes.joint_action.problem_solving_action", 0.15),
                ("processes.joint_action.deliverables_action", 0.0),
            ),
            "scope and deliverables no longer change the chance of joint action",
        ),
    ),
    written_in=(
        "processes.joint_action.review_action",
        "processes.joint_action.problem_solving_action",
        "processes.joint_action.deliverables_action",
    ),
)

# --------------------------------------------------------------------------- 7. training
TRAINING_START = 12
TRAINING = {"none": "none", "didactic": "didactic", "PDIA": "pdia"}
TWO_YEARS = (TRAINING_START + 19, TRAINING_START + 24)  # the half-year ending two years on
FIRST_MONTHS = (TRAINING_START + 1, TRAINING_START + 6)
LATER = (TRAINING_START + 43, TRAINING_START + 48)  # four years on

TRAINING_PATTERN = Pattern(
    key="training",
    title="Training: PDIA beats didactic teaching, whose effect fades",
    finding="Training should move beyond didactic teaching to Problem Driven Iterative "
    "Adaptation: teams 'break down their problems into its root causes ... plan convergent "
    "action, reflect ..., adapt, and then act again'",
    source=SINGH,
    state="odisha",
    conditions=tuple(
        condition(
            label,
            settings=(
                ("interventions.training", method),
                ("interventions.training_start_month", TRAINING_START),
            ),
        )
        for label, method in TRAINING.items()
    ),
    measures={
        "collaboration, 2 years on": Measure(COLLABORATION, *TWO_YEARS),
        "orientation, first 6 months": Measure("holistic_orientation", *FIRST_MONTHS),
        "orientation, 4 years on": Measure("holistic_orientation", *LATER),
        "collaboration, first 6 months": Measure(COLLABORATION, *FIRST_MONTHS),
        "collaboration, 4 years on": Measure(COLLABORATION, *LATER),
    },
    claims=(
        Claim(
            "two years on, collaboration: none < didactic < PDIA",
            "collaboration, 2 years on",
            smallest_step("collaboration, 2 years on", tuple(TRAINING)),
            +1,
        ),
        Claim(
            "didactic training's effect on orientation fades (4 years on minus first 6 months)",
            "orientation, 4 years on",
            change_of_effect(
                "orientation, 4 years on", "orientation, first 6 months", "didactic", "none"
            ),
            -1,
        ),
        Claim(
            "PDIA's effect on orientation persists: still above no training 4 years on",
            "orientation, 4 years on",
            difference("orientation, 4 years on", "PDIA", "none"),
            +1,
        ),
        Claim(
            "on collaboration, PDIA keeps more of its early effect 4 years on than didactic",
            "collaboration, 4 years on",
            retained_share_gap(
                "collaboration, 4 years on",
                "collaboration, first 6 months",
                "PDIA",
                "didactic",
                "none",
            ),
            +1,
        ),
        Claim(
            "PDIA's effect on collaboration is still above no training 4 years on",
            "collaboration, 4 years on",
            difference("collaboration, 4 years on", "PDIA", "none"),
            +1,
        ),
    ),
    focal=("interventions.training",),
    states=("odisha", "tamil_nadu", "bihar", "karnataka"),
    figure="series",
    series=(COLLABORATION, "holistic_orientation"),
    mechanism="Didactic training shifts orientation once and leaves the anchor (professional "
    "formation) where it was, so stubbornness, peers' pull and the transfer of trained "
    "officers wear the gain away. PDIA teams keep practising (until they drop out or are "
    "transferred), which keeps raising orientation and the anchor and strengthens the team's "
    "cross-sector ties. The two-year ordering on collaboration is not encoded anywhere. On "
    "block collaboration both effects shrink as trained officers are transferred and "
    "teams stop practising; a one-off training of officers who stay one to three years in "
    "post does not last a decade (see the figure).",
    knockouts=(
        knockout(
            0,
            (
                ("processes.mindset.pdia_anchor_growth", 0.0),
                ("processes.mindset.pdia_dropout", 1.0),
            ),
            "PDIA teams stop practising after the first month and never move the anchor",
        ),
        knockout(
            1,
            (
                ("processes.mindset.stubbornness", 0.0),
                ("processes.mindset.influence_rate", 0.0),
                ("state.health_leaders.tenure_months", 240.0),
                ("state.allied_departments.tenure_months", 240.0),
            ),
            "no pull back to the anchor, no peer influence, officers stay 20 years",
        ),
    ),
)

# --------------------------------------------------------------------------- 8. house in order
READINESS_KEY = "state.context.health_readiness"
READINESS = {"readiness 0.2": 0.2, "readiness 0.4": 0.4, "readiness 0.6": 0.6, "readiness 0.8": 0.8}

HOUSE = Pattern(
    key="house_in_order",
    title="House in order: a ready health system earns allied trust",
    finding="'We need to put our house in order first': manpower, financing and logistics in "
    "health make other departments willing to trust and join",
    source=SINGH,
    state="odisha",
    conditions=_setting(READINESS_KEY, READINESS),
    measures={"trust in health": last_year("trust_in_health")},
    claims=_rises_with(
        "trust in health",
        READINESS,
        "allied trust in health rises with readiness (rank correlation)",
        "every higher readiness level earns more trust",
    ),
    focal=(READINESS_KEY,),
    states=("odisha", "tamil_nadu", "bihar", "karnataka"),
    figure="levels",
    levels=READINESS,
    mechanism="Encoded at the level of one rule: trust on ties with health drifts towards a "
    "level raised by readiness. Readiness also lightens health leaders' load, so they "
    "engage more and joint action builds trust further.",
    knockouts=(
        knockout(
            1,
            (("processes.engagement.readiness_trust", 0.0),),
            "readiness no longer sets the level trust in health drifts to",
        ),
    ),
    written_in=("processes.engagement.readiness_trust",),
)

# --------------------------------------------------------------------------- 9. cadre
CADRE_KEY = "state.health_leaders"
RECIPIENTS = ("bihar", "jharkhand", "uttar_pradesh")
_CADRE_LABEL = {"bihar": "Bihar", "jharkhand": "Jharkhand", "uttar_pradesh": "Uttar Pradesh"}

#: The four attributes that make up a state's health-leader profile (its "cadre").
CADRE_PARTS = {
    "tenure": "tenure_months",
    "orientation": "holistic_orientation",
    "communication": "communication",
    "management": "management",
}


def _each_part_helps(base: str, parts: tuple[str, ...]) -> Statistic:
    def compute(d, i):
        lowest = np.min([d["collaboration"][i[p]].mean(-1) for p in parts], axis=0)
        return lowest - d["collaboration"][i[base]].mean(-1)

    return Statistic(f"smallest of ({' | '.join(parts)}) − {base}", compute)


_PART_LABELS = tuple(f"Bihar + TN {part}" for part in CADRE_PARTS)

CADRE = Pattern(
    key="cadre",
    title="Replicable cadre: Tamil Nadu's public health management cadre lifts another state",
    finding="Tamil Nadu's dedicated public health management cadre, 'trained in public health "
    "and management competencies', enhanced health sector governance; participants saw it as "
    "replicable",
    source=SINGH,
    state="bihar",
    conditions=tuple(
        c
        for s in RECIPIENTS
        for c in (
            condition(f"{_CADRE_LABEL[s]}", state=s),
            condition(
                f"{_CADRE_LABEL[s]} + TN cadre",
                state=s,
                settings=((CADRE_KEY, AS_IN + "tamil_nadu"),),
            ),
        )
    )
    + tuple(
        condition(
            label,
            state="bihar",
            settings=((f"{CADRE_KEY}.{key}", AS_IN + "tamil_nadu"),),
        )
        for label, key in zip(_PART_LABELS, CADRE_PARTS.values(), strict=True)
    ),
    measures={"collaboration": last_year(COLLABORATION)},
    claims=(
        *(
            Claim(
                f"{_CADRE_LABEL[s]} collaborates more with Tamil Nadu's cadre",
                "collaboration",
                difference("collaboration", f"{_CADRE_LABEL[s]} + TN cadre", _CADRE_LABEL[s]),
                +1,
            )
            for s in RECIPIENTS
        ),
        Claim(
            "in Bihar, each of the cadre's four attributes alone raises collaboration",
            "collaboration",
            _each_part_helps("Bihar", _PART_LABELS),
            +1,
        ),
    ),
    focal=(CADRE_KEY,),
    states=RECIPIENTS,
    mechanism="Emergent: the cadre is four attributes of health leaders (longer tenure, more "
    "holistic orientation, communication and management, from configs/state/tamil_nadu.yaml), "
    "acting through turnover, the power penalty, soft power and the chance of joint action. "
    "The Bihar rows with one attribute at a time show what each contributes alone; compare "
    "their sum with the whole cadre to see whether the parts reinforce each other.",
)

PATTERNS: dict[str, Pattern] = {
    p.key: p
    for p in (
        CONTEXT,
        TENURE,
        POWER,
        ACCOUNTABILITY,
        BLOCK,
        COMMITTEES,
        TRAINING_PATTERN,
        HOUSE,
        CADRE,
    )
}
