"""The policy choices a state or district can make; each is a config value of the same name."""

from enum import Enum


class Accountability(Enum):
    """Who answers for joint outcomes.

    ``health_only``: outcomes such as infant deaths are blamed on health alone (the status quo
    the sources describe); ``shared``: departments share credit and blame; ``deliverables``:
    actions and targets are assigned to each department and tracked.
    """

    health_only = "health_only"
    shared = "shared"
    deliverables = "deliverables"


class Training(Enum):
    """Training in multisectoral collaboration for district and block officers."""

    none = "none"
    didactic = "didactic"  # classroom teaching: a one-off shift that fades
    pdia = "pdia"  # Problem Driven Iterative Adaptation: team cycles that go on while practised


class CommitteeScope(Enum):
    """What district and block committees do when they meet."""

    review = "review"  # review expenditure and infrastructure progress (the status quo)
    problem_solving = "problem_solving"  # participatory platforms for joint problem solving


class ConvergenceModel(Enum):
    """Who leads a block convergence platform with one integrated package per block."""

    none = "none"
    health_led = "health_led"
    rdpr_led = "rdpr_led"
    gp_task_force = "gp_task_force"


class DistrictConvenor(Enum):
    """Who convenes and chairs the district's inter-departmental committees.

    ``collector``: the District Collector, as the study describes ("the responsibility of ...
    District Collectors"; Collectors "are administratively responsible for all sectors");
    ``health_officer``: the district health officer calls the committees himself, with a
    doctor's power but no authority over the other departments.
    """

    collector = "collector"
    health_officer = "health_officer"


class EngagementMode(Enum):
    """How health leaders engage the other departments at district and block level.

    ``committees``: all-hands committees of health with every department, each month (the
    status quo); ``bilateral``: "every stakeholder need not sit together all the time ... we
    approach one department one at a time": the health leader works with one department at a
    time, in turn, with an implementation plan that states what is needed from it.
    """

    committees = "committees"
    bilateral = "bilateral"
