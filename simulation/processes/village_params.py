"""Parameters of the village platform and the frontline triad (``village.py``).

Declared apart from the process's compiled loops, so that a run config can be read and
checked without importing numba or the model (``simulation/config.py`` imports only these).
"""

from dataclasses import dataclass

from simulation.parameters import param

VHSNC = (
    "VHSNCs 'in every village are expected to pull together actors across sectors, including "
    "the health sector and PRIs'"
)
HUB = (
    "Anganwadi Centres 'the primary hub for convergent health action'; 'Anganwadi Centres, "
    "HWCs, and PHCs are directed to collaborate with' PRIs"
)
PHASES = (
    "GP involvement 'starting with orientation on their roles ... leading later to ... planning'"
)
FRONTLINE = (
    "'effective interpersonal communication among frontline providers leads to smooth "
    "collaboration'"
)


@dataclass
class VillageParams:
    """How a Gram Panchayat's Village Health, Sanitation and Nutrition Committee (VHSNC) and
    its frontline triad (the ASHA, the Anganwadi worker and the ANM) work."""

    gp_attendance_floor: float = param(
        0.2,
        0,
        1,
        doc="chance the Gram Panchayat's representative attends a VHSNC meeting at phase 0",
        evidence=f"assumption (value); mechanism: {PHASES}",
    )
    gp_attendance_per_phase: float = param(
        0.2,
        0,
        1,
        doc="added chance per engagement phase (phase 4: floor + 4 x this, at most 1)",
        evidence=f"assumption (value); mechanism: {PHASES}",
    )
    untied_spend: float = param(
        0.25,
        0,
        1,
        doc="share of a VHSNC's annual untied fund one meeting with the GP present spends "
        "(the account needs the GP's signature: verify)",
        evidence="assumption (value); 'insufficient financial management' of VHSNCs; joint "
        "signatories from NHM guidelines (verify)",
    )
    triad_supervision_floor: float = param(
        0.3,
        0,
        1,
        doc="share of the triad's chance of joint work that does not need the block's "
        "health-WCD convergence (the block medical officer and the CDPO, who supervise the "
        "ANM and the Anganwadi worker)",
        evidence=f"assumption (value); mechanism: {HUB}",
    )
    triad_meeting_boost: float = param(
        0.2,
        0,
        1,
        doc="added chance of joint work in a month the VHSNC met",
        evidence=f"assumption (value); mechanism: {VHSNC}",
    )
    cohesion_growth: float = param(
        0.1,
        0,
        1,
        unit="per month",
        doc="share of the gap to 1 a month of joint work adds to the triad's cohesion",
        evidence=f"assumption (value); mechanism: {FRONTLINE}",
    )
    cohesion_decay: float = param(
        0.03,
        0,
        1,
        unit="per month",
        doc="share of the triad's cohesion a month without joint work costs",
        evidence=f"assumption (value); mechanism: {FRONTLINE}",
    )
    functioning_adjustment: float = param(
        0.05,
        0,
        1,
        unit="per month",
        doc="share of the gap to its target a VHSNC's functioning closes each month",
        evidence=f"assumption (value); mechanism: {VHSNC}",
    )
    phase_lift: float = param(
        0.3,
        0,
        1,
        doc="how much a Gram Panchayat's engagement since the start (per four phases) lifts "
        "its VHSNC's functioning",
        evidence=f"assumption (value); mechanism: {VHSNC}; {PHASES}",
    )
    triad_lift: float = param(
        0.3,
        0,
        1,
        doc="how much the frontline triad's cohesion since the start lifts its VHSNC's functioning",
        evidence=f"assumption (value); mechanism: {HUB}",
    )
