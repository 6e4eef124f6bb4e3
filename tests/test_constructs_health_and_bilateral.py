"""Issue 19, points 4 and 10: health is not one actor; engagement need not be all-hands.

Point 4 ("put our house in order first ... build internal collaboration ... within the health
department"; the District Health Societies as "the central forum"): each district's health
department has an internal coordination that its District Health Society's meetings build,
as far as the district health officer manages and knows the post, and that a transfer sets
back (``processes/coordination.py``); the district's readiness, which others' trust in health
follows, moves with it.

Point 10 ("every stakeholder need not sit together all the time ... we approach one department
one at a time"): under ``interventions.engagement_mode=bilateral`` a health leader meets one
department at a time, in turn, with an implementation plan that gives it a stake, and without
the all-hands committee burden (``engagement.bilateral_rate``, ``engagement.plan_credit``).

Behaviour tests are paired contrasts over a seed ensemble (common random numbers), each with
its effect and 95% interval; small and short runs keep the file fast.
"""

import numpy as np
from conftest import small_config
from ensembles import contrast

from simulation.model import CollaborationModel
from simulation.processes import coordination, engagement
from simulation.processes.coordination_params import CoordinationParams
from simulation.stakeholders import ALLIED_SECTORS
from simulation.ties import TieKind

SMALL = {"months": 36, "window": (25, 36), "seeds": 6, "scale": 0.05}
BILATERAL = "interventions.engagement_mode=bilateral"


def assert_positive(c):
    assert c.low > 0, f"expected a positive effect, got {c}"


def assert_negative(c):
    assert c.high < 0, f"expected a negative effect, got {c}"


# --------------------------------------------------------------------------- point 4
def test_a_strengthened_health_society_builds_coordination_and_others_trust_in_health():
    """District Health Societies that meet monthly coordinate health within itself, and the
    house in order raises allied departments' trust in health."""
    strengthened = ["interventions.health_society_strengthened=true"]
    c = contrast([], strengthened, "health_internal_coordination", **SMALL)
    assert_positive(c)
    assert_positive(contrast([], strengthened, "trust_in_health", **SMALL))


def test_transfers_of_district_health_officers_set_coordination_back():
    """Short tenures: each transfer costs coordination, and a newcomer builds little of it."""
    c = contrast(
        ["state.health_leaders.tenure_months=36"],
        ["state.health_leaders.tenure_months=6"],
        "health_internal_coordination",
        **SMALL,
    )
    assert_negative(c)


def test_management_capacity_builds_coordination():
    """A district health officer who manages well makes the society's meetings count."""
    c = contrast(
        ["state.health_leaders.management=0.2"],
        ["state.health_leaders.management=0.8"],
        "health_readiness_district",
        **SMALL,
    )
    assert_positive(c)


def test_the_coordination_rule_falls_at_a_transfer_and_grows_with_a_meeting():
    p = CoordinationParams()
    rule = coordination.coordination_after_month
    kept = rule(0.6, False, False, 0.5, 1.0, 1.0, p)
    assert kept == 0.6  # no meeting, no transfer, full readiness: nothing moves
    assert rule(0.6, True, False, 0.5, 1.0, 1.0, p) == 0.6 * p.transfer_retention
    assert rule(0.6, False, True, 0.5, 1.0, 1.0, p) > kept
    assert rule(0.6, False, True, 0.5, 0.0, 1.0, p) == kept  # a newcomer knows nobody yet
    assert rule(0.6, False, False, 0.5, 1.0, 0.2, p) < kept  # operational challenges erode


def test_a_live_transfer_of_the_district_health_officer_sets_coordination_back():
    """The dashboard's transfer event costs the district's coordination what a monthly
    transfer does, and its readiness follows."""
    from simulation import events

    model = CollaborationModel(small_config(scale=0.05, months=6))
    model.run_for(3)
    world, p = model.world, model.config.processes
    n = world.nodes
    before = n.health_coordination.copy()
    events.transfer_district_health_officer(world, p, 0, np.random.default_rng(0))
    assert n.health_coordination[0] == before[0] * p.coordination.transfer_retention
    np.testing.assert_array_equal(n.health_coordination[1:], before[1:])
    expected = coordination.district_readiness(
        world.context.health_readiness, n.health_coordination[0], p.coordination
    )
    assert n.district_readiness[0] == expected


# --------------------------------------------------------------------------- point 10
def test_bilateral_engagement_raises_allied_departments_engagement():
    """A stake from the implementation plan and no all-hands burden: departments invest more
    when they meet."""
    assert_positive(contrast([], [BILATERAL], "allied_engagement", **SMALL))


def test_bilateral_engagement_meets_one_department_at_a_time():
    """Each health leader meets at most one department a month, the one whose turn it is, and
    each department in turn over a full rotation; the indicators keep their pairs."""
    spell = 2
    model = CollaborationModel(
        small_config(
            BILATERAL,
            f"processes.engagement.bilateral_spell_months={spell}",
            scale=0.05,
            months=10,
        )
    )
    world, p = model.world, model.config.processes.engagement
    t = world.ties
    kind = t.kind[: t.n_forum]
    committee = (kind == TieKind.DISTRICT_COMMITTEE) | (kind == TieKind.BLOCK_COMMITTEE)
    slot = world.institutions.bilateral_slot
    assert (slot[committee] >= 0).all() and (slot[~committee] < 0).all()
    leader = t.src[: t.n_forum]
    met_per_pair = np.zeros(t.n_forum, int)
    rotation = spell * len(ALLIED_SECTORS)
    for month in range(1, rotation + 1):
        model.step()
        met = world.events.met & committee
        turn = engagement.bilateral_turn(month, p)
        assert (slot[met] == turn).all()
        assert np.bincount(leader[met], minlength=world.nodes.n).max() <= 1
        met_per_pair += met
    # bilateral_meeting_rate is 1: every pair met in each month of its turn, and no other
    assert (met_per_pair[committee] == spell).all()


def test_bilateral_engagement_holds_a_fifth_of_the_pair_meetings():
    """The same pairs meet, one department at a time: a fifth as many pair meetings (what
    meetings cost)."""
    c = contrast([], [BILATERAL], "pair_meetings_per_block", **SMALL)
    assert_negative(c)
