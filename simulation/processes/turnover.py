"""Leadership turnover: officers are transferred, and newcomers start with weak ties.

Finding: "Stable tenures of health administrators allowed time for leaders to understand health
sector functioning, identify challenges, and establish priorities for multisectoral
collaboration" (Singh et al. 2024). Senior civil servants spend about 16 months in a post on
average, with a 53% chance of a new posting in any year (Iyer and Mani 2012, Review of
Economics and Statistics 94(3)); no tenure data exist for district or block health officers.

Each officer leaves with a constant monthly hazard 1 / (mean tenure of the role). The newcomer
is drawn afresh from the role's profile (orientation, communication, management, willingness),
is not in a PDIA team, and keeps only ``newcomer_tie_retention`` of each tie's strength. Trust
on those ties, in both directions, restarts from what the two sides' departments generally
feel (``trust_anchors`` in ``engagement.py``: towards health, set by its readiness); on
hierarchical ties, from ``newcomer_trust``.
"""

from dataclasses import dataclass

import numpy as np
from numba import njit
from numba.extending import register_jitable

from simulation import cores
from simulation.distributions import beta_quantile
from simulation.processes.turnover_params import TurnoverParams
from simulation.world import World


def step(
    world: World,
    p: TurnoverParams,
    u_leave: np.ndarray,
    u_new: np.ndarray,
    anchors: tuple[np.ndarray, np.ndarray],
) -> None:
    """Transfer officers out with their role's hazard and post newcomers in their place.

    ``anchors`` is the (src, dst) trust each side of a forum tie starts from.
    """
    off = world.nodes.officers
    leave = leaves(u_leave, off.mean_tenure)
    off.tenure += 1
    transfer(world, p, leave, u_new, anchors)


@register_jitable
def leaves(u, mean_tenure):
    """Whether an officer is transferred this month, for its uniform draw ``u``: a constant
    monthly hazard of 1 / (its role's mean tenure)."""
    return u < 1.0 / mean_tenure


@register_jitable
def newcomer_tie(strength, retention):
    """A tie's strength when a newcomer takes one of its ends: ``retention`` of it is kept."""
    return strength * retention


@register_jitable
def handed_over_retention(retention, focal_points, p: TurnoverParams):
    """The share of a forum tie's strength a newcomer keeps: ``newcomer_tie_retention``, and,
    where a central management unit has named focal points, ``focal_point_handover`` of the
    rest as well (the focal point briefs the newcomer and carries the tie's work over)."""
    return retention + p.focal_point_handover * (1.0 - retention) * focal_points


def transfer(
    world: World,
    p: TurnoverParams,
    leave: np.ndarray,
    u_new: np.ndarray,
    anchors: tuple[np.ndarray, np.ndarray],
) -> None:
    """Transfer the officers in ``leave`` (bool per officer) and post newcomers in their place.

    ``u_new`` holds four uniform numbers per officer for a newcomer's orientation,
    communication, management and willingness.
    """
    n, t = world.nodes, world.ties
    off = n.officers
    off.tenure[leave] = 0
    idx = np.flatnonzero(leave)
    means = (
        off.orientation_mean,
        off.communication_mean,
        off.management_mean,
        off.willingness_mean,
    )
    listing = world.derived.get("officer_ties")
    if listing is None:
        listing = world.derived["officer_ties"] = OfficerTies.of(world)
    # A newcomer's four attributes, and the renewal of the leavers' ties. Each inverse Beta
    # CDF costs about what a hundred simple per-tie steps do, so a month with many transfers
    # does the five side by side.
    *attributes, _ = cores.at_once(
        [lambda j=j: beta_quantile(u_new[j, idx], means[j][idx]) for j in range(4)]
        + [lambda: listing.renew(idx, t, p, anchors, world.institutions.cmu_focal_points)],
        100 * len(idx),
    )
    orientation, communication, management, willingness = attributes
    off.orientation[idx] = orientation
    off.anchor[idx] = off.orientation[idx]
    off.communication[idx] = communication
    off.management[idx] = management
    n.willingness[idx] = willingness
    off.practising_pdia[idx] = False
    off.pdia_months[idx] = 0
    off.pdia_failures[idx] = 0
    world.left = leave


@dataclass
class OfficerTies:
    """Each officer's ties, listed once per run (the tie set never changes), so that a
    month's transfers touch only their own ties: officer k's are ``ties[offsets[k]:offsets[k+1]]``.
    """

    offsets: np.ndarray
    ties: np.ndarray
    renewed: np.ndarray  # per tie: the last transfer round that renewed it
    rounds: int = 0

    @classmethod
    def of(cls, world: World) -> "OfficerTies":
        t, k = world.ties, world.nodes.n_officers
        end = np.concatenate([t.src, t.dst])
        tie = np.concatenate([np.arange(len(t)), np.arange(len(t))])
        mine = end < k
        order = np.argsort(end[mine], kind="stable")
        offsets = np.zeros(k + 1, np.int64)
        np.cumsum(np.bincount(end[mine], minlength=k), out=offsets[1:])
        return cls(offsets, tie[mine][order], np.zeros(len(t), np.int64))

    def renew(
        self, newcomers: np.ndarray, t, p: TurnoverParams, anchors, focal_points: bool = False
    ) -> None:
        """Every tie of a newcomer keeps ``newcomer_tie_retention`` of its strength, a forum tie
        more where focal points hand it over (:func:`handed_over_retention`), once even with
        newcomers at both ends; its trust restarts from the anchors on forum ties and from
        ``newcomer_trust`` on the others."""
        self.rounds += 1
        _renew(
            newcomers,
            self.offsets,
            self.ties,
            self.renewed,
            self.rounds,
            (t.strength, t.trust_src, t.trust_dst, t.n_forum),
            anchors,
            (
                p.newcomer_tie_retention,
                handed_over_retention(p.newcomer_tie_retention, focal_points, p),
            ),
            p.newcomer_trust,
        )


@njit(cache=True, nogil=True)
def _renew(newcomers, offsets, ties, renewed, round_, state, anchors, retentions, trust):
    """:meth:`OfficerTies.renew`, tie by tie; ``renewed`` marks the ties this round has done."""
    strength, trust_src, trust_dst, n_forum = state
    anchor_src, anchor_dst = anchors
    retention, forum_retention = retentions
    for k in newcomers:
        for j in range(offsets[k], offsets[k + 1]):
            i = ties[j]
            if renewed[i] == round_:
                continue
            renewed[i] = round_
            if i < n_forum:
                strength[i] = newcomer_tie(strength[i], forum_retention)
                trust_src[i], trust_dst[i] = anchor_src[i], anchor_dst[i]
            else:
                strength[i] = newcomer_tie(strength[i], retention)
                trust_src[i], trust_dst[i] = trust, trust
