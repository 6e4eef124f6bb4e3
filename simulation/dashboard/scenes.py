"""What a trainer can set on the dashboard, and the presets that set it in one click.

:class:`Settings` holds the controls; :func:`scenario` turns them into the scenario (config
overrides, :mod:`simulation.experiment.scenario`) of one district of the chosen state at full
detail (the state's average district: its blocks and Gram Panchayats divided by its districts,
every block kept). ``CONTROLS`` gives each control its bounds and a plain-language line on
what it stands for in the field; ``PRESETS`` are the states' own contexts and the teaching
scenes.
"""

import dataclasses
from dataclasses import dataclass
from functools import cache

import pandas as pd

from simulation.config import CONFIG_DIR
from simulation.dashboard.views import SILENT_COLUMNS
from simulation.policies import (
    Accountability,
    CommitteeScope,
    ConvergenceModel,
    DistrictConvenor,
    Training,
)
from simulation.stakeholders import Sector

#: The allied sectors' silent-spectator columns (``views.SILENT_COLUMNS`` but health's).
ALLIED_SILENT_COLUMNS = tuple(c for s, c in SILENT_COLUMNS.items() if s is not Sector.HEALTH)

STATES = tuple(sorted(p.stem for p in (CONFIG_DIR / "state").glob("*.yaml")))

#: The central management unit's functions (``interventions.cmu_*``), and the dashboard's
#: choices of a unit: none, all four, or one alone.
CMU_FUNCTIONS = ("guidelines", "focal_points", "reviews", "troubleshooting")
CMU_CHOICES = ("none", "all", *CMU_FUNCTIONS)


@dataclass(frozen=True)
class Control:
    """One control on the page: its label, what it means in the field, and its bounds."""

    label: str
    explanation: str
    low: float | None = None
    high: float | None = None
    step: float | None = None
    choices: tuple[str, ...] = ()
    #: How a choice reads on a button and in a legend ("health-led", not "health_led"); a
    #: choice not named here reads with spaces for underscores.
    names: tuple[tuple[str, str], ...] = ()

    def shown(self, value) -> str:
        """``value`` as the room reads it: a state by its name, a choice by its label."""
        if value is None:  # a context control left to the state
            return "the state's own"
        if self.choices is STATES:
            return state_label(value)
        if isinstance(value, str):
            return dict(self.names).get(value, value.replace("_", " "))
        return f"{value:g}" if isinstance(value, float) else str(value)


CONTROLS: dict[str, Control] = {
    "state": Control(
        "State",
        "Whose administrative structure and context the district has: its power "
        "relations, health system readiness, cadre and panchayats.",
        choices=STATES,
    ),
    "power_asymmetry": Control(
        "Power asymmetry",
        "How much rank decides who speaks in a committee. High: doctors and collectors "
        "lead, other departments sit as 'silent spectators'.",
        0.0,
        1.0,
        0.05,
    ),
    "tenure_months": Control(
        "Mean tenure of health leaders (months)",
        "How long a district health officer or block medical officer stays in post before "
        "a transfer. Short tenure: every newcomer rebuilds ties from scratch.",
        3,
        60,
        1,
    ),
    "political_leadership": Control(
        "Political leadership",
        "Ownership by elected leaders, felt as pressure and regular reviews (polio, "
        "Mission Indradhanush, COVID-19 in Odisha).",
        0.0,
        1.0,
        0.05,
    ),
    "accountability": Control(
        "Accountability",
        "Who answers for joint outcomes: health alone (an infant death is health's "
        "fault), shared credit, or deliverables and targets for every department.",
        choices=tuple(a.value for a in Accountability),
        names=(("health_only", "health alone"), ("shared", "shared credit")),
    ),
    "training": Control(
        "Training of officers",
        "Classroom (didactic) training shifts views once and fades; PDIA has teams solve a "
        "real problem together, month after month.",
        choices=tuple(t.value for t in Training),
        names=(("didactic", "classroom"), ("pdia", "PDIA")),
    ),
    "training_start_month": Control(
        "Training starts in month",
        "When the district's officers are trained (if a training is chosen).",
        0,
        60,
        1,
    ),
    "committee_scope": Control(
        "Committee scope",
        "What committees do when they meet: review expenditure and progress, or solve "
        "problems together.",
        choices=tuple(c.value for c in CommitteeScope),
        names=(("problem_solving", "problem-solving"),),
    ),
    "block_convergence": Control(
        "Block convergence model",
        "Who convenes one integrated package in every block: the block medical officer "
        "(health-led), the Block Development Officer (RDPR-led) or each Gram Panchayat's "
        "task force.",
        choices=tuple(c.value for c in ConvergenceModel),
        names=(
            ("health_led", "health-led"),
            ("rdpr_led", "RDPR-led"),
            ("gp_task_force", "GP task forces"),
        ),
    ),
    "district_convenor": Control(
        "Who convenes district committees",
        "The District Collector, responsible for every department, calls and chairs them and "
        "sets their agenda; or the district health officer calls them himself.",
        choices=tuple(c.value for c in DistrictConvenor),
        names=(("collector", "the Collector"), ("health_officer", "the DHO")),
    ),
    "engagement_mode": Control(
        "How health engages the departments",
        "All-hands committees every month, or one department at a time, in turn, with an "
        "implementation plan saying what is needed from it ('every stakeholder need not sit "
        "together all the time').",
        choices=("committees", "bilateral"),
    ),
    "health_society": Control(
        "District Health Society",
        "Whether health puts its own house in order first: a society that meets monthly, "
        "where the programme officers coordinate within health, or as it meets now.",
        choices=("routine", "strengthened"),
    ),
    "cmu": Control(
        "State central management unit",
        "A state unit for convergence, with the functions the study lists: uniform guidelines "
        "(each department's part written down), focal points (who hands a tie over at a "
        "transfer), periodic progress reviews (pressure, and reports checked against what "
        "happened) and troubleshooting (repairing let-downs). None, all four, or one alone.",
        choices=CMU_CHOICES,
        names=(("all", "all four"),),
    ),
    "seed": Control(
        "Random seed",
        "Which of many equally likely districts. Same settings and seed: the same run.",
        0,
        9999,
        1,
    ),
}


@dataclass(frozen=True)
class Settings:
    """The dashboard's controls. ``None`` for a context value means the state's own value."""

    state: str = "tamil_nadu"
    power_asymmetry: float | None = None
    tenure_months: float | None = None
    political_leadership: float | None = None
    accountability: str = Accountability.health_only.value
    training: str = Training.none.value
    training_start_month: int = 12
    committee_scope: str = CommitteeScope.review.value
    block_convergence: str = ConvergenceModel.none.value
    seed: int = 42
    district_convenor: str = DistrictConvenor.collector.value
    engagement_mode: str = "committees"
    health_society: str = "routine"
    cmu: str = "none"

    def resolved(self) -> "Settings":
        """These settings with the state's own context values where none are given."""
        own = state_context(self.state)
        return dataclasses.replace(self, **{k: own[k] for k in own if getattr(self, k) is None})

    def changed(self, **values) -> "Settings":
        """Checked copy with some controls changed; raises ``ValueError`` naming a bad one."""
        for key, value in values.items():
            check(key, value)
            step = CONTROLS[key].step
            if isinstance(step, float) and value is not None:
                values[key] = round(float(value), 6)  # a slider's 0.6500000000000001 is 0.65
            elif isinstance(step, int) and value is not None:
                values[key] = int(value)
        return dataclasses.replace(self, **values)

    def differences(self, other: "Settings") -> list[str]:
        """What differs from ``other``, as "label: other's value → this value" (a state by
        its name, a choice by its label: "state: Bihar → Tamil Nadu")."""
        return [
            f"{CONTROLS[f.name].label.lower()}: {CONTROLS[f.name].shown(getattr(other, f.name))}"
            f" → {CONTROLS[f.name].shown(getattr(self, f.name))}"
            for f in dataclasses.fields(self)
            if getattr(self, f.name) != getattr(other, f.name)
        ]


def check(key: str, value) -> None:
    """Raise ``ValueError`` naming the control, the value and what is allowed."""
    if key not in CONTROLS:
        raise ValueError(f"unknown control {key!r}; the controls are {', '.join(CONTROLS)}")
    c = CONTROLS[key]
    if value is None and key in ("power_asymmetry", "tenure_months", "political_leadership"):
        return
    if c.choices:
        if value not in c.choices:
            raise ValueError(f"{key} = {value!r} is not one of {', '.join(c.choices)}")
        return
    if isinstance(value, bool) or not isinstance(value, int | float) or value != value:
        raise ValueError(f"{key} = {value!r} is not a number in [{c.low:g}, {c.high:g}]")
    if not c.low <= value <= c.high:
        raise ValueError(f"{key} = {value!r} is outside [{c.low:g}, {c.high:g}]")
    if isinstance(c.step, int) and value != int(value):
        raise ValueError(f"{key} = {value!r} is not a whole number in [{c.low:g}, {c.high:g}]")


@cache
def state_context(state: str) -> dict[str, float]:
    """The state's own power asymmetry, health leaders' tenure and political leadership."""
    s = _state(state)
    return {
        "power_asymmetry": s.context.power_asymmetry,
        "tenure_months": s.health_leaders.tenure_months,
        "political_leadership": s.context.political_leadership,
    }


def compose(settings: Settings):
    """The validated run configuration of these settings (``RunConfig``): their scenario's,
    applied to the state's config as composed once (:func:`~simulation.experiment.scenario.
    run_config`)."""
    from simulation.experiment.scenario import run_config

    return run_config(scenario(settings))


@cache
def _state(state: str):
    from simulation.experiment.scenario import Scenario, run_config

    if state not in STATES:
        raise ValueError(f"state = {state!r} is not one of {', '.join(STATES)}")
    return run_config(Scenario(state, state, (f"state={state}",))).state


def cmu_overrides(choice: str) -> tuple[str, ...]:
    """The interventions of the dashboard's CMU choice: no unit, one with all four functions,
    or one with a single function (to show what each does)."""
    if choice == "none":
        return ("interventions.central_management_unit=false",)
    keep = CMU_FUNCTIONS if choice == "all" else (choice,)
    return (
        "interventions.central_management_unit=true",
        *(f"interventions.cmu_{f}={'true' if f in keep else 'false'}" for f in CMU_FUNCTIONS),
    )


def scenario(settings: Settings):
    """These settings as a scenario (``Scenario``): the overrides of one district of the state
    at full detail, with these settings: a district of the state's mean size (its blocks and
    Gram Panchayats per district), not one of its real districts."""
    from simulation.experiment.scenario import Scenario

    s = settings.resolved()
    state = _state(s.state)
    d = state.structure.districts
    overrides = (
        f"state={s.state}",
        "scale=1.0",
        "state.structure.lgd_state=null",
        "state.structure.districts=1",
        f"state.structure.blocks={max(1, round(state.structure.blocks / d))}",
        f"state.structure.gram_panchayats={max(1, round(state.structure.gram_panchayats / d))}",
        f"state.context.power_asymmetry={s.power_asymmetry}",
        f"state.health_leaders.tenure_months={s.tenure_months}",
        f"state.context.political_leadership={s.political_leadership}",
        f"interventions.accountability={s.accountability}",
        f"interventions.training={s.training}",
        f"interventions.training_start_month={s.training_start_month}",
        f"interventions.committee_scope={s.committee_scope}",
        f"interventions.block_convergence={s.block_convergence}",
        f"interventions.district_convenor={s.district_convenor}",
        f"interventions.engagement_mode={s.engagement_mode}",
        "interventions.health_society_strengthened="
        + ("true" if s.health_society == "strengthened" else "false"),
        *cmu_overrides(s.cmu),
        f"seed={s.seed}",
    )
    return Scenario("dashboard", f"One district of {state.name}", overrides)


@dataclass(frozen=True)
class Lesson:
    """Where a teaching scene's lesson shows on the plots: the first month the 3-month mean of
    ``columns`` (their mean, month by month) reaches ``threshold``, marked ``mark`` on the plot
    ``panel`` (a key of ``views.PANELS``) of the pair ``pair`` (a key of ``views.PAIRS``)."""

    mark: str
    pair: str
    panel: str
    columns: tuple[str, ...]
    threshold: float

    def values(self, series: pd.DataFrame) -> pd.Series:
        """The lesson's series (the mean of its columns), month by month."""
        return series[list(self.columns)].mean(axis=1)

    def month(self, series: pd.DataFrame) -> tuple[int, float] | None:
        """The first month the lesson shows in ``series`` (one row per month) and the series'
        value then; None before it does."""
        if not len(series):
            return None
        values = self.values(series)
        reached = (values.rolling(3).mean() >= self.threshold).to_numpy()
        if not reached.any():
            return None
        i = int(reached.argmax())
        return int(series["month"].iloc[i]), float(values.iloc[i])


@dataclass(frozen=True)
class Preset:
    """One click on the page: a label, the lesson the room should take from it (one sentence),
    the settings, and (for a teaching scene) where the lesson shows on the plots."""

    label: str
    story: str
    settings: Settings
    lesson: Lesson | None = None


def state_label(state: str) -> str:
    """A state's name as people write it (``tamil_nadu`` -> ``Tamil Nadu``)."""
    return _state(state).name


#: Teaching scenes first, then every state's own context with the status quo.
PRESETS: dict[str, Preset] = {
    "doctor_led_committee": Preset(
        "Doctor-led committee",
        "Where a doctor chairs, health alone is blamed and meetings only review progress, "
        "the allied departments sit as silent spectators while health speaks.",
        Settings(
            state="bihar",
            power_asymmetry=0.85,
            accountability="health_only",
            committee_scope="review",
            block_convergence="health_led",
        ),
        Lesson(
            "a third of allied members silent",
            "Collaboration and power",
            "silent",
            ALLIED_SILENT_COLUMNS,
            1 / 3,
        ),
    ),
    "rdpr_led_block": Preset(
        "RDPR-led block",
        "When the Block Development Officer convenes every department and Gram Panchayat "
        "around one package, with deliverables for each, most allied sectors act jointly in "
        "every block.",
        Settings(
            state="chhattisgarh",
            accountability="deliverables",
            committee_scope="problem_solving",
            block_convergence="rdpr_led",
        ),
        Lesson(
            "4 of 5 sectors acting jointly",
            "Reports and breadth",
            "breadth",
            ("sector_breadth",),
            4.0,
        ),
    ),
    "after_pdia": Preset(
        "After PDIA training",
        "Officers trained together by PDIA grow more holistic while their teams practise, "
        "and transfers wear the gain away.",
        Settings(state="tamil_nadu", training="pdia", training_start_month=0),
        Lesson(
            "officers turn holistic",
            "Where events act",
            "effort",
            ("holistic_orientation",),
            0.4,
        ),
    ),
}


def lesson_of(settings: Settings) -> Lesson | None:
    """The lesson of the teaching scene these settings are (whatever the seed), if any."""
    mine = dataclasses.replace(settings.resolved(), seed=0)
    for preset in PRESETS.values():
        if dataclasses.replace(preset.settings.resolved(), seed=0) == mine:
            return preset.lesson
    return None


def state_preset(state: str) -> Preset:
    """A state's own context with the status quo interventions."""
    return Preset(
        state_label(state),
        f"One district of {state_label(state)} as the sources describe the state, with the "
        "status quo: health-only accountability, review committees, no block platform.",
        Settings(state=state),
    )
