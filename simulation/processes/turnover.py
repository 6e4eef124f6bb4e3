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

from simulation.distributions import beta_quantile
from simulation.parameters import param
from simulation.world import World


@dataclass
class TurnoverParams:
    newcomer_tie_retention: float = param(
        0.4, 0, 1, doc="share of a tie's strength that survives a transfer at either end"
    )
    newcomer_trust: float = param(0.5, 0, 1, doc="trust on a newcomer's hierarchical ties")


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
    leave = u_leave < 1.0 / off.mean_tenure
    off.tenure += 1
    transfer(world, p, leave, u_new, anchors)


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
    off.orientation[idx] = beta_quantile(u_new[0, idx], off.orientation_mean[idx])
    off.anchor[idx] = off.orientation[idx]
    off.communication[idx] = beta_quantile(u_new[1, idx], off.communication_mean[idx])
    off.management[idx] = beta_quantile(u_new[2, idx], off.management_mean[idx])
    n.willingness[idx] = beta_quantile(u_new[3, idx], off.willingness_mean[idx])
    off.practising_pdia[idx] = False

    touched = ties_of(world, idx)
    t.strength[touched] *= p.newcomer_tie_retention
    t.trust_src[touched] = p.newcomer_trust
    t.trust_dst[touched] = p.newcomer_trust
    reset = touched[touched < t.n_forum]
    t.trust_src[reset] = anchors[0][reset]
    t.trust_dst[reset] = anchors[1][reset]
    world.left = leave


def ties_of(world: World, officers: np.ndarray) -> np.ndarray:
    """The ties the given officers are on, each once, in tie order.

    The tie set never changes, so each officer's ties are listed once per run (kept in
    ``world.derived``) and a month's transfers touch only their own ties."""
    listing = world.derived.get("officer_ties")
    if listing is None:
        listing = world.derived["officer_ties"] = _list_officer_ties(world)
    offsets, ties = listing
    starts, ends = offsets[officers], offsets[officers + 1]
    lengths = ends - starts
    position = np.arange(lengths.sum()) + np.repeat(starts - np.cumsum(lengths) + lengths, lengths)
    return np.unique(ties[position])


def _list_officer_ties(world: World) -> tuple[np.ndarray, np.ndarray]:
    """Each officer's ties as one sorted list: officer k's are ``ties[offsets[k]:offsets[k+1]]``."""
    t, k = world.ties, world.nodes.n_officers
    end = np.concatenate([t.src, t.dst])
    tie = np.concatenate([np.arange(len(t)), np.arange(len(t))])
    mine = end < k
    order = np.argsort(end[mine], kind="stable")
    offsets = np.zeros(k + 1, np.int64)
    np.cumsum(np.bincount(end[mine], minlength=k), out=offsets[1:])
    return offsets, tie[mine][order]
