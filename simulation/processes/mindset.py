"""Mindset diffusion: holistic orientation spreads along trusted ties and is raised by training.

Findings: clinicians "tend to over-prioritise clinical care"; collaboration is easier when
those in power are "empathetically oriented towards holistic approaches"; training should move
beyond didactic teaching to Problem Driven Iterative Adaptation (PDIA), where a cross-department
team picks a problem, "break[s] down their problems into its root causes, identify entry
points, search for possible solutions, plan convergent action, reflect ..., adapt, and then act
again"; joint training of all sectors together (KILA in Kerala) (Singh et al. 2024).

Rule: Friedkin-Johnsen opinion dynamics. Each month an officer moves towards the
trust-and-strength-weighted mean orientation of the officers it is tied to, in proportion to
how strong and trusted those ties are on average, and is pulled back towards its own anchor
(the view its professional formation gave it). Training:

* didactic: a one-off shift of orientation; the anchor is unchanged, so the gain fades;
* PDIA: a practising team works on its problem in rounds, one every ``pdia_round_months``
  months. A round succeeds with a chance that grows with how strong and trusted the
  officer's ties to its practising cross-sector partners are (its team) and with each earlier
  failed round since the last success (the team reflected and adapted); a success moves
  orientation *and* anchor and the team's cross-sector ties, a failure only a
  ``pdia_failure_share`` of that. Teams give up at a monthly rate that grows with each
  unresolved failure, or stop when a member is transferred; what moved the anchor stays;
* joint training (all departments together) also strengthens the trainees' cross-sector ties.

A shock is practice as well as pressure: "Management of COVID 19 pandemic and the whole of
government approach ... has already provided two years of on-the-job training for enabling
multi-sectoral convergence. Thus, willingness to converge for improving health outcomes is more
now" (a policymaker, Singh et al. 2024). Each joint action an officer takes part in while a
shock is on moves its orientation and its anchor towards 1 (:func:`shock_practice`), so the
lesson lasts; it leaves with the officer when he is transferred (a newcomer's anchor is drawn
afresh, ``turnover.py``), and a shock that brings no joint action teaches nothing.
"""

import numpy as np
from numba import njit
from numba.extending import register_jitable

from simulation.parameters import as_record
from simulation.policies import Training
from simulation.processes.mindset_params import MindsetParams
from simulation.world import World


def step(world: World, p: MindsetParams, u_dropout: np.ndarray, u_round: np.ndarray) -> None:
    """Orientations move along trusted ties and back to their anchors; PDIA teams practise;
    officers learn from the joint work of a shock (one compiled pass over the officers' ties,
    :func:`_influence`, then one per officer)."""
    n, t = world.nodes, world.ties
    off = n.officers
    _influence(
        as_record(p),
        (t.src, t.dst, t.strength, t.trust_src, t.trust_dst, t.n_meso, t.n_forum, t.n_routine),
        world.tie_weights(),
        (off.orientation, off.anchor, off.practising_pdia, off.pdia_months, off.pdia_failures),
        (u_dropout, u_round),
        shock_joint_actions(world),
    )


def shock_joint_actions(world: World) -> np.ndarray:
    """Per officer, how many joint actions it took part in this month if a shock is on (0 for
    everyone otherwise): the month's share of the pandemic's "on-the-job training for enabling
    multi-sectoral convergence" (Singh et al. 2024) that the officer actually lived."""
    n, t, inst = world.nodes, world.ties, world.institutions
    k = n.n_officers
    if not (inst.shock_active and inst.shock_intensity > 0):
        return np.zeros(k, np.int64)
    f = t.forum
    action = world.events.joint_action
    ends = np.concatenate([t.src[f][action], t.dst[f][action]])
    return np.bincount(ends[ends < k], minlength=k)


@njit(cache=True)
def _influence(p, tie, represented, officer, u, lived):
    """Friedkin-Johnsen on the officer ties (meso cross-sector, supervision, convening), PDIA
    rounds, and what each officer learnt from its ``lived`` joint actions during a shock.

    Each side's weight is the tie's strength times its trust in the other. The weighted sums
    are kept apart for the src and dst ends and added after, in tie order: the order of the
    sums of one weighted bincount per end. ``u`` is the month's (dropout, round) draws.

    A tie counts as many times as the ties it stands for (``represented``,
    :meth:`~simulation.world.World.tie_weights`): a district officer's supervision tie to a
    sampled block stands for one to each block of the district that block represents, so the
    district officer's view weighs its blocks as the whole district has them, at every scale.
    A PDIA team's support is a mean over its own ties, all of one level, and is not weighted.
    """
    src, dst, strength, trust_src, trust_dst, n_meso, n_forum, n_routine = tie
    o, anchor, practising, months, failures = officer
    u_dropout, u_round = u
    k = len(o)
    num_src, num_dst = np.zeros(k), np.zeros(k)
    den_src, den_dst = np.zeros(k), np.zeros(k)
    degree = np.zeros(k)  # ties, each counted as many times as it stands for
    team_w = np.zeros(k)  # weight of each officer's ties to practising cross-sector partners
    team_n = np.zeros(k, np.int64)
    for first, last in ((0, n_meso), (n_forum, n_forum + n_routine)):
        for i in range(first, last):
            a, b = src[i], dst[i]
            w_ab = influence_weight(strength[i], trust_src[i])  # weight a gives to b's view
            w_ba = influence_weight(strength[i], trust_dst[i])
            r = represented[i]
            num_src[a] += counted(w_ab, r) * o[b]
            num_dst[b] += counted(w_ba, r) * o[a]
            den_src[a] += counted(w_ab, r)
            den_dst[b] += counted(w_ba, r)
            degree[a] += r
            degree[b] += r
            if i < n_meso and practising[a] and practising[b]:
                team_w[a] += w_ab
                team_w[b] += w_ba
                team_n[a] += 1
                team_n[b] += 1
    # This month's PDIA rounds: who has one, and whether it succeeds.
    due = np.zeros(k, np.bool_)
    success = np.zeros(k, np.bool_)
    for j in range(k):
        if practising[j]:
            months[j] += 1
            due[j] = round_due(months[j], p)
            if due[j]:
                chance = round_success_chance(team_support(team_w[j], team_n[j]), failures[j], p)
                success[j] = u_round[j] < chance
    # PDIA teams' cross-sector ties grow at a round both ends practise in.
    for i in range(n_meso):
        a, b = src[i], dst[i]
        if practising[a] and practising[b] and (due[a] or due[b]):
            strength[i] = team_tie_growth(strength[i], success[a] or success[b], p)
    for j in range(k):
        new = friedkin_johnsen(
            o[j], anchor[j], num_src[j] + num_dst[j], den_src[j] + den_dst[j], degree[j], p
        )
        if practising[j]:
            if due[j]:
                new, anchor[j] = pdia_round(new, anchor[j], success[j], p)
                failures[j] = failures_after_round(failures[j], success[j])
            practising[j] = keeps_practising(u_dropout[j], failures[j], p)
        if lived[j] > 0:
            new, anchor[j] = shock_practice(new, anchor[j], lived[j], p)
        o[j] = min(max(new, 0.0), 1.0)


@register_jitable
def influence_weight(strength, trust):
    """Weight an officer gives to the view at the other end of a tie: the tie's strength times
    its trust in the other."""
    return strength * trust


@register_jitable
def counted(weight, represented):
    """A tie's weight in an officer's view, counted as many times as the ties it stands for
    (1 at full scale, where every block is simulated: the weight itself, bit for bit)."""
    return represented * weight


@register_jitable
def friedkin_johnsen(orientation, anchor, num, den, degree, p):
    """An officer's next orientation (before PDIA practice and the clip to [0, 1]).

    ``num`` and ``den`` are the sums over its ties of weight x partner's orientation and of
    weight; ``degree`` is how many ties it has (each counted as many times as it stands for).
    It moves towards the weighted mean orientation of its partners by ``influence_rate`` times
    its mean tie weight (how strong and trusted its ties are on average), and back towards its
    anchor by ``stubbornness``.
    """
    target = num / den if den > 0 else orientation
    weight = den / max(degree, 1) if degree > 0 else 0.0
    return (
        orientation
        + p.influence_rate * weight * (target - orientation)
        + p.stubbornness * (anchor - orientation)
    )


@register_jitable
def round_due(months, p):
    """Whether a practising officer whose team has practised ``months`` months (this one
    included) ends a round this month: one round every ``pdia_round_months`` months (a
    fractional length gives rounds of whole months, on average that long).

    Evidence: PDIA is iterative: teams "break down their problems into its root causes,
    identify entry points, search for possible solutions, plan convergent action, reflect on
    progress, adapt, and then act again" (Singh et al. 2024); the round's length is an
    assumption."""
    return months // p.pdia_round_months > (months - 1) // p.pdia_round_months


@register_jitable
def team_support(weight, n_team):
    """Who takes part: the mean weight (strength x trust) of an officer's ties to the
    practising officers of other sectors it is tied to, ``weight`` summed over its ``n_team``
    such ties; 0 for an officer with no practising cross-sector partner.

    Evidence: PDIA works through a cross-department team that plans "convergent action"; the
    ties it has are the meso cross-sector ties, and how strong and trusted they are is how the
    model reads "trust" and "rapport" between officers elsewhere (Singh et al. 2024)."""
    return weight / n_team if n_team > 0 else 0.0


@register_jitable
def round_success_chance(support, failures, p):
    """Chance a PDIA round succeeds: ``pdia_success_base``, plus ``pdia_success_team`` times
    the team's ``support`` (:func:`team_support`, 0-1), plus ``pdia_reflect_gain`` for each
    round failed since the team's last success (what it learnt by reflecting), capped at 1.

    Evidence: teams "reflect on progress, adapt, and then act again" (Singh et al. 2024): a
    failed round is not lost, it makes the next attempt likelier to work."""
    return min(
        p.pdia_success_base + p.pdia_success_team * support + p.pdia_reflect_gain * failures, 1.0
    )


@register_jitable
def pdia_round(orientation, anchor, success, p):
    """What a PDIA round does to an officer: orientation and anchor both grow towards 1 by
    ``pdia_growth`` and ``pdia_anchor_growth`` after a success, by ``pdia_failure_share`` of
    that after a failure (what moved the anchor stays after the team stops). Returns
    (orientation, anchor).

    Evidence: PDIA teams "plan convergent action, reflect on progress, adapt, and then act
    again" (Singh et al. 2024): views shift through the work done together. That a failure
    teaches a little and a success more is an assumption."""
    scale = 1.0 if success else p.pdia_failure_share
    return (
        orientation + scale * p.pdia_growth * (1.0 - orientation),
        anchor + scale * p.pdia_anchor_growth * (1.0 - anchor),
    )


@register_jitable
def failures_after_round(failures, success):
    """Rounds failed since the team's last success: a success clears them (the problem is
    solved and the team takes the next), a failure adds one.

    Evidence: teams "reflect ..., adapt, and then act again" on a problem until it gives way
    (Singh et al. 2024)."""
    return 0 if success else failures + 1


@register_jitable
def shock_practice(orientation, anchor, joint_actions, p):
    """A month of a shock in which an officer took part in ``joint_actions`` joint actions:
    each closes ``shock_practice_gain`` of the gap to 1 of its orientation and of its anchor,
    so what it learnt stays (it fades only if the officer's peers pull the other way, and goes
    with him when he is transferred). Returns (orientation, anchor).

    Evidence: "Management of COVID 19 pandemic and the whole of government approach ... has
    already provided two years of on-the-job training for enabling multi-sectoral convergence.
    Thus, willingness to converge for improving health outcomes is more now" (P-221201AK,
    Singh et al. 2024). The learning is in proportion to the joint work done, not to the
    shock's length: pressure that brings no joint action teaches nothing.
    """
    for _ in range(joint_actions):
        orientation = orientation + p.shock_practice_gain * (1.0 - orientation)
        anchor = anchor + p.shock_practice_gain * (1.0 - anchor)
    return orientation, anchor


@register_jitable
def team_tie_growth(strength, success, p):
    """A cross-sector tie whose two ends practise PDIA together grows towards 1 at a round:
    by ``pdia_tie_growth`` if the round succeeded at either end, by ``pdia_failure_share`` of
    that if it failed.

    Evidence: PDIA teams "plan convergent action" across departments (Singh et al. 2024);
    working a problem through together builds the ties it ran on."""
    scale = 1.0 if success else p.pdia_failure_share
    return strength + scale * p.pdia_tie_growth * (1.0 - strength)


@register_jitable
def keeps_practising(u, failures, p):
    """Whether a practising officer's team goes on next month, for its uniform draw ``u``: it
    gives up with chance ``pdia_dropout`` plus ``pdia_give_up`` for each round failed since
    its last success.

    Evidence: a team that keeps failing loses heart; PDIA asks teams to "act again" after a
    failure (Singh et al. 2024), and how many do is an assumption."""
    return u >= min(p.pdia_dropout + p.pdia_give_up * failures, 1.0)


@register_jitable
def didactic_training(orientation, p):
    """Didactic training: a one-off shift of orientation towards 1 (the anchor is unchanged,
    so the gain fades)."""
    return orientation + p.didactic_shift * (1.0 - orientation)


@register_jitable
def joint_training_boost(strength, p):
    """Joint training of both ends of a cross-sector tie strengthens it towards 1."""
    return strength + p.joint_training_tie_boost * (1.0 - strength)


def train(world: World, p: MindsetParams, method: Training, trainees: np.ndarray, joint: bool):
    """Train the officers in ``trainees`` (bool per officer) by ``method``."""
    off = world.nodes.officers
    if method is Training.didactic:
        off.orientation[trainees] = didactic_training(off.orientation[trainees], p)
    elif method is Training.pdia:
        off.practising_pdia[trainees] = True
        off.pdia_months[trainees] = 0
        off.pdia_failures[trainees] = 0
    if joint and method is not Training.none:
        t = world.ties
        m = t.meso
        trained = np.zeros(world.nodes.n, bool)
        trained[: len(trainees)] = trainees
        both = trained[t.src[m]] & trained[t.dst[m]]
        s = t.strength[m]
        s[both] = joint_training_boost(s[both], p)
