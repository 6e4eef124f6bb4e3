"""Parameters of the mindset diffusion process (``mindset.py``).

Declared apart from the process's compiled loops, so that a run config can be read and
checked without importing numba or the model (``simulation/config.py`` imports only these).
"""

from dataclasses import dataclass

from simulation.parameters import param

FJ = "Friedkin-Johnsen opinion dynamics (stubbornness toward an initial view)"


@dataclass
class MindsetParams:
    influence_rate: float = param(
        0.05,
        0,
        1,
        unit="per month",
        doc="pull of trusted peers' views",
        evidence=f"assumption (value); mechanism: {FJ}",
    )
    stubbornness: float = param(
        0.03,
        0,
        1,
        unit="per month",
        doc="pull back to one's anchor (makes didactic gains fade)",
        evidence=f"assumption (value); mechanism: {FJ}",
    )
    didactic_shift: float = param(
        0.15,
        0,
        1,
        doc="share of the gap to 1 closed by didactic training",
        evidence="assumption (value); mechanism: participants would move 'beyond traditional "
        "didactic approaches to teaching'",
    )
    pdia_round_months: float = param(
        3.0,
        1,
        24,
        unit="months",
        doc="length of a PDIA round: a practising team plans, acts and reflects once in it",
        evidence="assumption (value: a quarter, the rhythm of the block and district review "
        "meetings); mechanism: teams 'plan convergent action, reflect on progress, adapt, and "
        "then act again'",
    )
    pdia_success_base: float = param(
        0.2,
        0,
        1,
        unit="per round",
        doc="chance a PDIA round succeeds for a team with no practising cross-sector partner "
        "and no failed round behind it",
        evidence="assumption (value: with the two terms below about two rounds in five "
        "succeed in a full PDIA training, team support averaging about 0.2); mechanism: PDIA "
        "works problems through in rounds that may fail",
    )
    pdia_success_team: float = param(
        0.5,
        0,
        1,
        unit="per round, per unit team support",
        doc="added chance of success per unit of team support (mean strength x trust of the "
        "officer's ties to practising cross-sector partners, 0-1)",
        evidence="assumption (value: a fully tied team succeeds about three times as often "
        "as a lone officer); mechanism: PDIA teams 'plan convergent action' across "
        "departments",
    )
    pdia_reflect_gain: float = param(
        0.15,
        0,
        1,
        unit="per round, per failed round",
        doc="added chance of success per round failed since the team's last success",
        evidence="assumption (value: two or three failures make the next round likelier to "
        "work than not); mechanism: teams 'reflect on progress, adapt, and then act again'",
    )
    pdia_growth: float = param(
        0.15,
        0,
        1,
        unit="per successful round",
        doc="share of the gap to 1 of orientation closed by a successful PDIA round",
        evidence="assumption (value: with two rounds in five succeeding and failures bringing "
        "pdia_failure_share, a round brings on average about what three months of the former "
        "flat bonus of 0.03 a month did)",
    )
    pdia_anchor_growth: float = param(
        0.1,
        0,
        1,
        unit="per successful round",
        doc="share of the gap to 1 of the anchor closed by a successful PDIA round (lasting "
        "change)",
        evidence="assumption (value: a round brings on average about what three months of the "
        "former flat bonus of 0.02 a month did, as for pdia_growth)",
    )
    pdia_tie_growth: float = param(
        0.25,
        0,
        1,
        unit="per successful round",
        doc="share of the gap to 1 of a team tie's strength closed by a successful round",
        evidence="assumption (value: a round brings on average about what three months of the "
        "former flat 0.05 a month did, as for pdia_growth)",
    )
    pdia_failure_share: float = param(
        0.25,
        0,
        1,
        doc="share of a successful round's gains (orientation, anchor, team ties) that a "
        "failed round brings",
        evidence="assumption (value: a failure teaches something, a success much more); "
        "mechanism: 'reflect ..., adapt, and then act again'",
    )
    pdia_dropout: float = param(
        0.02,
        0,
        1,
        unit="per month",
        doc="chance a practising team gives up in a month with no failed round behind it",
        evidence="assumption (value: with pdia_give_up the average is near the former flat "
        "0.03 a month)",
    )
    pdia_give_up: float = param(
        0.01,
        0,
        1,
        unit="per month, per failed round",
        doc="added monthly chance of giving up per round failed since the team's last success",
        evidence="assumption (value: three failures in a row make giving up a month two and a "
        "half times as likely); mechanism: repeated failure wears a team down",
    )
    joint_training_tie_boost: float = param(
        0.15,
        0,
        1,
        doc="share of the gap to 1 that joint training closes on trainees' ties",
        evidence="assumption (value); mechanism: KILA, 'team trainings of all the sectors "
        "involved and the elected representatives'",
    )
    shock_practice_gain: float = param(
        0.02,
        0,
        1,
        unit="per joint action",
        doc="share of the gap to 1 of an officer's orientation and anchor (lasting change) "
        "closed by each joint action it takes part in during a shock; 0 switches the lesson off",
        evidence="assumption (value: a joint action under a shock teaches what a month of PDIA "
        "practice does, pdia_anchor_growth); mechanism: the pandemic 'has already provided two "
        "years of on-the-job training for enabling multi-sectoral convergence'",
    )
