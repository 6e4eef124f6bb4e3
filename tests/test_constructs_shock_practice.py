"""Issue 19, point 6: a shock is practice as well as pressure.

"Management of COVID 19 pandemic and the whole of government approach deployed across all the
states ... has already provided two years of on-the-job training for enabling multi-sectoral
convergence. Thus, willingness to converge for improving health outcomes is more now"
(P-221201AK, Singh et al. 2024). Each joint action an officer takes part in while a shock is on
moves its holistic orientation and its anchor towards 1 (``mindset.shock_practice``), so the
lesson outlasts the pressure; it leaves with the officer at a transfer, and
``processes.mindset.shock_practice_gain=0`` switches it off.

Paired contrasts over a seed ensemble (common random numbers: a run with a shock and its twin
without one draw the same numbers, and transfers do not depend on the state, so the same
officers leave in the same months), each with its effect and a paired t 95% interval
(scipy.stats); small and short runs keep the file fast.
"""

from dataclasses import dataclass
from functools import cache

import numpy as np
import pytest
from conftest import small_config
from ensembles import Contrast, paired

from simulation.model import CollaborationModel
from simulation.processes import mindset
from simulation.processes.mindset_params import MindsetParams

SEEDS = 8
MONTHS = 60  # measured 30 months (two and a half years) after the shock has ended
START, DURATION = 6, 24  # the shock is on in months 7 to 30: "two years"
SHOCK = (
    f"interventions.shock_start_month={START}",
    f"interventions.shock_duration_months={DURATION}",
)
KNOCKOUT = "processes.mindset.shock_practice_gain=0"
NO_JOINT_ACTION = (
    "processes.joint_action.review_action=0",
    "processes.joint_action.problem_solving_action=0",
    "processes.joint_action.deliverables_action=0",
    "processes.joint_action.capacity_action=0",
)


@dataclass
class Officers:
    """The officers' state at the end of a run."""

    orientation: np.ndarray
    anchor: np.ndarray
    tenure: np.ndarray


@cache
def officers(overrides: tuple[str, ...], seed: int) -> Officers:
    model = CollaborationModel(small_config(*overrides, f"seed={seed}", scale=0.1, months=MONTHS))
    for _ in range(MONTHS):
        model.step()
    off = model.world.nodes.officers
    return Officers(off.orientation.copy(), off.anchor.copy(), off.tenure.copy())


def lived_it(o: Officers) -> np.ndarray:
    """In post since before the shock began (posted in month m: tenure MONTHS - m)."""
    return o.tenure >= MONTHS - START


def joined_after(o: Officers) -> np.ndarray:
    """Posted after the shock's last month: a newcomer who has not lived it."""
    return o.tenure < MONTHS - START - DURATION


def officer_contrast(treatment, base, attribute="orientation", who=None) -> Contrast:
    """Paired t 95% interval of (treatment - base) in the officers' mean ``attribute`` (over
    the officers ``who`` selects in the base run), one pair per seed."""
    treated, untreated = [], []
    for seed in range(SEEDS):
        t, b = officers(tuple(treatment), seed), officers(tuple(base), seed)
        assert np.array_equal(t.tenure, b.tenure)  # the twins transfer the same officers
        mask = np.ones(len(b.tenure), bool) if who is None else who(b)
        treated.append(getattr(t, attribute)[mask].mean())
        untreated.append(getattr(b, attribute)[mask].mean())
    return paired(treated, untreated)


def test_officers_are_more_holistic_years_after_a_shock_than_without_one():
    """(a) Two and a half years after a two-year shock, officers' orientation is higher than
    in the twin that had no shock, most of all among those who lived through it."""
    everyone = officer_contrast(SHOCK, ())
    assert everyone.low > 0, f"expected a lasting after-effect, got {everyone}"
    lived = officer_contrast(SHOCK, (), who=lived_it)
    assert lived.low > 0, f"expected a lasting after-effect on those who lived it, got {lived}"
    assert lived.mean > everyone.mean
    anchor = officer_contrast(SHOCK, (), "anchor", who=lived_it)
    assert anchor.low > 0, f"expected the lesson in the anchor, got {anchor}"


def test_without_the_lesson_a_shock_leaves_little_behind():
    """(b) With ``shock_practice_gain=0`` the shock is only pressure: its after-effect on
    orientation is absent or a small fraction of the effect with the lesson."""
    full = officer_contrast(SHOCK, ())
    knocked_out = officer_contrast((*SHOCK, KNOCKOUT), (KNOCKOUT,))
    covers_zero = knocked_out.low <= 0 <= knocked_out.high
    assert covers_zero or knocked_out.high < 0.25 * full.mean, (
        f"knocked out: {knocked_out}; with the lesson: {full}"
    )
    lesson = officer_contrast(SHOCK, (*SHOCK, KNOCKOUT), who=lived_it)
    assert lesson.low > 0, f"expected the lesson to add to the after-effect, got {lesson}"


def test_officers_posted_after_the_shock_do_not_carry_it():
    """(c) A newcomer posted after the shock has not lived it: its anchor is the one the twin
    without a shock drew, and its orientation is raised only a little, by its peers' views,
    far less than that of the officers who lived through the shock."""
    for seed in range(SEEDS):
        t, b = officers(SHOCK, seed), officers((), seed)
        late = joined_after(b)
        assert late.sum() > 10
        np.testing.assert_array_equal(t.anchor[late], b.anchor[late])
    late = officer_contrast(SHOCK, (), who=joined_after)
    lived = officer_contrast(SHOCK, (), who=lived_it)
    assert late.mean < 0.25 * lived.mean, f"joined after: {late}; lived it: {lived}"


def test_a_shock_that_brings_no_joint_action_teaches_nothing():
    """Pressure alone teaches nothing: with no joint action possible, the shock leaves every
    anchor where the twin without the lesson has it."""
    for seed in range(2):
        with_lesson = officers((*SHOCK, *NO_JOINT_ACTION), seed)
        without = officers((*SHOCK, *NO_JOINT_ACTION, KNOCKOUT), seed)
        np.testing.assert_array_equal(with_lesson.anchor, without.anchor)
        np.testing.assert_array_equal(with_lesson.orientation, without.orientation)


@pytest.mark.parametrize("orientation, anchor", [(0.2, 0.3), (0.7, 0.5)])
def test_the_rule_grows_with_the_joint_work_done(orientation, anchor):
    p = MindsetParams()
    rule = mindset.shock_practice
    assert rule(orientation, anchor, 0, p) == (orientation, anchor)
    one, three = rule(orientation, anchor, 1, p), rule(orientation, anchor, 3, p)
    assert orientation < one[0] < three[0] < 1 and anchor < one[1] < three[1] < 1
    assert one[1] == anchor + p.shock_practice_gain * (1 - anchor)
    assert rule(orientation, anchor, 5, MindsetParams(shock_practice_gain=0.0)) == (
        orientation,
        anchor,
    )
