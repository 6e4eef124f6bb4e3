"""Where a run ends, district by district and block by block, under the directory's names.

A planner reads a state's numbers by district and block: which blocks' committees work, where
Gram Panchayats have come furthest. :func:`district_table` and :func:`block_table` give, for the
world as it stands after its last month, one row per district and one per simulated block, named
as the Local Government Directory names them (``structure.py``). The values are the same
quantities as the state's indicators (``indicators.py``), over the same tie kinds, for that unit
alone; ``stands_for`` is how many of its district's blocks a simulated block stands for (1 at
``scale=1``), the weight the state's indicators give it.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from simulation.indicators import acted_jointly
from simulation.ties import TieKind
from simulation.world import World


def _mean_by(unit: np.ndarray, values: np.ndarray, units: int) -> np.ndarray:
    """Mean of ``values`` per unit (NaN for a unit without any)."""
    total = np.bincount(unit, weights=values, minlength=units)
    count = np.bincount(unit, minlength=units)
    with np.errstate(invalid="ignore", divide="ignore"):
        return total / count


def _block_ties(world: World, kind: TieKind) -> tuple[np.ndarray, np.ndarray]:
    """The indices of the forum ties of ``kind`` and their blocks."""
    t = world.ties
    index = np.flatnonzero(t.kind[: t.n_forum] == kind)
    return index, t.block[index]


def block_table(world: World) -> pd.DataFrame:
    """One row per simulated block: its district, its name, the blocks it stands for, and where
    it stands after the last month."""
    t, n, ev = world.ties, world.nodes, world.events
    b = n.n_blocks
    committee, committee_block = _block_ties(world, TieKind.BLOCK_COMMITTEE)
    platform, platform_block = _block_ties(world, TieKind.BLOCK_RDPR)
    panchayat, panchayat_block = _block_ties(world, TieKind.PANCHAYAT)
    acted = np.zeros(t.n_forum, bool) if ev is None or ev.joint_action is None else ev.joint_action
    joined = acted_jointly(world, acted)
    gp = n.panchayats
    c = n.communities
    vulnerable = np.flatnonzero(c.vulnerable)
    names = n.district_names or tuple(f"District {i + 1}" for i in range(len(n.district_collector)))
    blocks = n.block_names or tuple(f"Block {i + 1}" for i in range(b))
    block_meso = np.concatenate([committee, platform])
    return pd.DataFrame(
        {
            "district": [names[d] for d in n.block_district],
            "block": list(blocks),
            "stands_for": n.block_weight,
            "collaboration_block": _mean_by(committee_block, t.strength[committee], b),
            "collaboration_rdpr_platform": _mean_by(platform_block, t.strength[platform], b),
            "sectors_engaged": joined[n.block_departments].sum(axis=1),
            "joint_actions": np.bincount(
                t.block[block_meso], weights=acted[block_meso], minlength=b
            ).astype(int),
            "gp_joint_actions": np.bincount(
                panchayat_block, weights=acted[panchayat], minlength=b
            ).astype(int),
            "gram_panchayats": np.bincount(gp.block, minlength=b),
            "gp_phase_mean": _mean_by(gp.block, gp.phase.astype(float), b),
            "reach_vulnerable": _mean_by(gp.block[c.gp[vulnerable]], c.reach[vulnerable], b),
        }
    )


def district_table(world: World) -> pd.DataFrame:
    """One row per district: its name, its blocks (all of them, and those simulated), and
    where its district committee and its simulated blocks stand after the last month."""
    t, n = world.ties, world.nodes
    d = len(n.district_collector)
    index = np.flatnonzero(t.kind[: t.n_forum] == TieKind.DISTRICT_COMMITTEE)
    district = n.district[t.src[index]]
    blocks = block_table(world)
    per_block = blocks.groupby(n.block_district)
    names = n.district_names or tuple(f"District {i + 1}" for i in range(d))
    return pd.DataFrame(
        {
            "district": list(names),
            "blocks": np.bincount(n.block_district, weights=n.block_weight, minlength=d)
            .round()
            .astype(int),
            "blocks_simulated": np.bincount(n.block_district, minlength=d),
            "collaboration_district": _mean_by(district, t.strength[index], d),
            "collaboration_block": per_block.collaboration_block.mean().reindex(range(d)).values,
            "sectors_engaged": per_block.sectors_engaged.mean().reindex(range(d)).values,
            "gp_phase_mean": _mean_by(
                n.block_district[n.panchayats.block], n.panchayats.phase.astype(float), d
            ),
        }
    )
