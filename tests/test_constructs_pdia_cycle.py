"""Issue 19, point 8: PDIA is a cycle, not a bonus.

PDIA teams "break down their problems into its root causes, identify entry points, search for
possible solutions, plan convergent action, reflect on progress, adapt, and then act again"
(Singh et al. 2024). A practising team works in rounds (``mindset.round_due``); a round
succeeds with a chance that grows with how strong and trusted the officer's ties to its
practising cross-sector partners are (``mindset.team_support``) and with each round failed
since the last success (``mindset.round_success_chance``); a success moves orientation, anchor
and the team's ties more than a failure does (``mindset.pdia_round``,
``mindset.team_tie_growth``), and unresolved failures make a team likelier to give up
(``mindset.keeps_practising``).

Contrasts over a seed ensemble, each with its effect and a paired t 95% interval
(scipy.stats); small and short runs keep the file fast.
"""

from dataclasses import dataclass
from functools import cache

import numpy as np
import pytest
from conftest import small_config
from ensembles import paired

from simulation.model import CollaborationModel
from simulation.processes import mindset
from simulation.processes.mindset_params import MindsetParams

SEEDS = 7
MONTHS = 48
START = 6  # training in month 7; measured 41 months on
PDIA = (
    "interventions.training=pdia",
    f"interventions.training_start_month={START}",
    "interventions.training_coverage=1.0",
)
NONE = ("interventions.training=none",)
NEVER_SUCCEEDS = (
    "processes.mindset.pdia_success_base=0",
    "processes.mindset.pdia_success_team=0",
    "processes.mindset.pdia_reflect_gain=0",
)


@dataclass
class Run:
    rounds: np.ndarray  # per round ended: (team support, failures before it, succeeded)
    orientation: np.ndarray  # officers at the end
    anchor: np.ndarray
    stayed: np.ndarray  # in post since before the training


def _support(world, practising) -> np.ndarray:
    """Each officer's team support before the month, as the model computes it."""
    t, k = world.ties, len(practising)
    m = t.n_meso
    s, d = t.src[:m], t.dst[:m]
    both = practising[s] & practising[d]
    w_src = t.strength[:m][both] * t.trust_src[:m][both]
    w_dst = t.strength[:m][both] * t.trust_dst[:m][both]
    w = np.bincount(s[both], w_src, minlength=k) + np.bincount(d[both], w_dst, minlength=k)
    n = np.bincount(s[both], minlength=k) + np.bincount(d[both], minlength=k)
    return np.array([mindset.team_support(w[i], n[i]) for i in range(k)])


@cache
def run(overrides: tuple[str, ...], seed: int) -> Run:
    model = CollaborationModel(small_config(*overrides, f"seed={seed}", scale=0.1, months=MONTHS))
    world = model.world
    off = world.nodes.officers
    p = model.config.processes.mindset
    rounds = []
    for _ in range(MONTHS):
        practising, failures = off.practising_pdia.copy(), off.pdia_failures.copy()
        months = off.pdia_months.copy()
        support = _support(world, practising)
        model.step()
        left = world.left[: len(off)]
        for i in np.flatnonzero(practising & ~left):
            if mindset.round_due(months[i] + 1, p):
                # after a round the failure count is 0 exactly when it succeeded
                rounds.append((support[i], failures[i], off.pdia_failures[i] == 0))
    stayed = off.tenure >= MONTHS - START
    return Run(np.array(rounds).reshape(-1, 3), off.orientation.copy(), off.anchor.copy(), stayed)


def success_rates(r: Run) -> tuple[float, float]:
    """Share of rounds that succeeded among the less and the better tied half of the teams."""
    support, ok = r.rounds[:, 0], r.rounds[:, 2].astype(bool)
    high = support > np.median(support)
    return ok[~high].mean(), ok[high].mean()


def test_better_tied_teams_succeed_more_often():
    rates = np.array([success_rates(run(PDIA, s)) for s in range(SEEDS)])
    effect = paired(rates[:, 1], rates[:, 0])
    print("success rate, better minus less tied half of the teams:", effect)
    assert all(len(run(PDIA, s).rounds) > 100 for s in range(SEEDS))
    assert effect.low > 0.03, effect


def test_the_lasting_gain_comes_from_successful_rounds():
    """Against no training, the anchor of officers who lived the training (in post since
    before it) gains much less when no round can succeed."""

    def gain(overrides, s):
        r, base = run(overrides, s), run(NONE, s)
        stayed = r.stayed & base.stayed
        return r.anchor[stayed].mean() - base.anchor[stayed].mean()

    full = [gain(PDIA, s) for s in range(SEEDS)]
    failing = [gain(PDIA + NEVER_SUCCEEDS, s) for s in range(SEEDS)]
    effect = paired(full, failing)
    print("lasting anchor gain of PDIA:", paired(full, np.zeros(SEEDS)))
    print("with no round succeeding:", paired(failing, np.zeros(SEEDS)))
    print("difference:", effect)
    assert paired(full, np.zeros(SEEDS)).low > 0
    assert effect.low > 0
    assert np.mean(failing) < 0.5 * np.mean(full), (np.mean(failing), np.mean(full))
    assert all(not run(PDIA + NEVER_SUCCEEDS, s).rounds[:, 2].any() for s in range(SEEDS))


P = MindsetParams()


def test_a_round_ends_every_round_months():
    due = [m for m in range(1, 13) if mindset.round_due(m, P)]
    assert due == [3, 6, 9, 12]
    assert P.pdia_round_months == 3


def test_team_support_is_the_mean_weight_of_the_team_ties():
    assert mindset.team_support(1.2, 3) == pytest.approx(0.4)
    assert mindset.team_support(0.0, 0) == 0.0


def test_success_grows_with_support_and_with_failures_and_is_capped():
    chance = mindset.round_success_chance
    assert chance(0.0, 0, P) == pytest.approx(P.pdia_success_base)
    assert chance(0.5, 0, P) > chance(0.0, 0, P)
    assert chance(0.0, 2, P) > chance(0.0, 1, P) > chance(0.0, 0, P)
    assert chance(1.0, 100, P) == 1.0


def test_a_success_moves_more_than_a_failure():
    o, a = 0.4, 0.3
    so, sa = mindset.pdia_round(o, a, True, P)
    fo, fa = mindset.pdia_round(o, a, False, P)
    assert so > fo > o and sa > fa > a
    assert fo - o == pytest.approx(P.pdia_failure_share * (so - o))
    s = 0.3
    assert mindset.team_tie_growth(s, True, P) > mindset.team_tie_growth(s, False, P) > s


def test_failures_count_until_a_success_and_wear_a_team_down():
    assert mindset.failures_after_round(2, False) == 3
    assert mindset.failures_after_round(2, True) == 0
    u = P.pdia_dropout + 0.5 * P.pdia_give_up  # goes on after no failure, not after one
    assert mindset.keeps_practising(u, 0, P)
    assert not mindset.keeps_practising(u, 1, P)
    assert not mindset.keeps_practising(0.999, 1000, P)
