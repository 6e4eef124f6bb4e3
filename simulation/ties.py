"""Typed ties of the stakeholder network, held as arrays; each carries a strength in [0, 1].

Ties are ordered by kind so that each group is a contiguous slice:

=====================  ====================================================  ===============
kind                   who                                                   per
=====================  ====================================================  ===============
DISTRICT_COMMITTEE     district health officer - each district department    district (5)
BLOCK_COMMITTEE        block medical officer - each block department         block (5)
BLOCK_RDPR             block RDPR officer - WCD, Education, WASH, A. Husb.   block (4)
PANCHAYAT              health, WCD, WASH and RDPR at block - Gram Panchayat  GP (4)
SUPERVISION            district to block, within a sector                    block (6)
CONVENING              District Collector - district health and departments  district (6)
COMMUNITY              Gram Panchayat - its two communities                  GP (2)
=====================  ====================================================  ===============

The first three kinds are the *meso-level cross-sector ties* (districts and blocks, the study's
subject); with PANCHAYAT they are the *forum ties* on which stakeholders decide whether to
invest effort (``processes/engagement.py``). The tie set never changes during a run: which ties
a forum brings together is a property of the institutional design (``institutions.py``), so
the network space is never rewired.
"""

from dataclasses import dataclass
from enum import IntEnum

import numpy as np

from simulation.distributions import beta_quantile
from simulation.stakeholders import ALLIED_SECTORS, Sector, Stakeholders


class TieKind(IntEnum):
    DISTRICT_COMMITTEE = 0
    BLOCK_COMMITTEE = 1
    BLOCK_RDPR = 2
    PANCHAYAT = 3
    SUPERVISION = 4
    CONVENING = 5
    COMMUNITY = 6


#: Sectors of the block departments a Gram Panchayat is tied to, in tie order.
PANCHAYAT_PARTNERS = (Sector.HEALTH, Sector.WCD, Sector.WASH, Sector.RDPR)
#: Departments the block RDPR officer convenes under an RDPR-led convergence model.
RDPR_PARTNERS = (Sector.WCD, Sector.EDUCATION, Sector.WASH, Sector.ANIMAL_HUSBANDRY)


@dataclass
class Ties:
    """Every tie, with its state. ``trust_src`` is the src node's trust in the dst node."""

    src: np.ndarray
    dst: np.ndarray
    kind: np.ndarray
    block: np.ndarray  # -1 for district-level ties
    strength: np.ndarray
    trust_src: np.ndarray
    trust_dst: np.ndarray
    n_meso: int  # ties [0, n_meso) are meso-level cross-sector ties
    n_forum: int  # ties [0, n_forum) are forum ties (meso + PANCHAYAT)
    n_routine: int  # ties [n_forum, n_forum + n_routine) are SUPERVISION and CONVENING

    def __len__(self) -> int:
        return len(self.src)

    @property
    def meso(self) -> slice:
        return slice(0, self.n_meso)

    @property
    def forum(self) -> slice:
        return slice(0, self.n_forum)

    @property
    def panchayat(self) -> slice:
        return slice(self.n_meso, self.n_forum)


def _column(sector: Sector) -> int:
    return ALLIED_SECTORS.index(sector)


def connect(
    nodes: Stakeholders,
    state,
    routine_strength: float,
    community_link: np.ndarray,
    rng: np.random.Generator,
) -> Ties:
    """Build every tie of the state's stakeholder network, with initial strengths.

    Initial cross-sector strengths are drawn around the state's ``initial_tie_strength``
    (Gram Panchayat ties around ``gram_panchayats.initial_link``); hierarchical ties
    (supervision, convening) start at the level routine contact keeps them at; Gram Panchayat -
    community ties at ``community_link`` (one per community, in community order: the level
    the reach process's rule gives for their GP's phase and voice); trust starts neutral (0.5).
    """
    d = len(nodes.district_collector)
    b = nodes.n_blocks
    g = len(nodes.panchayats)
    dho, ddep = nodes.district_health_officer, nodes.district_departments
    bmo, bdep = nodes.block_medical_officer, nodes.block_departments
    gps = nodes.gp_offset + np.arange(g)
    gp_block = nodes.panchayats.block

    rdpr = bdep[:, _column(Sector.RDPR)]
    block_of_sector = {Sector.HEALTH: bmo} | {s: bdep[:, _column(s)] for s in ALLIED_SECTORS}

    parts = [
        # (src, dst, kind, block)
        (np.repeat(dho, 5), ddep.ravel(), TieKind.DISTRICT_COMMITTEE, np.full(5 * d, -1)),
        (np.repeat(bmo, 5), bdep.ravel(), TieKind.BLOCK_COMMITTEE, np.repeat(np.arange(b), 5)),
        (
            np.repeat(rdpr, 4),
            np.stack([bdep[:, _column(s)] for s in RDPR_PARTNERS], axis=1).ravel(),
            TieKind.BLOCK_RDPR,
            np.repeat(np.arange(b), 4),
        ),
        (
            np.stack([block_of_sector[s][gp_block] for s in PANCHAYAT_PARTNERS], axis=1).ravel(),
            np.repeat(gps, 4),
            TieKind.PANCHAYAT,
            np.repeat(gp_block, 4),
        ),
        (
            np.concatenate([dho[nodes.block_district][:, None], ddep[nodes.block_district]], 1)
            .ravel()
            .astype(np.int64),
            np.concatenate([bmo[:, None], bdep], axis=1).ravel(),
            TieKind.SUPERVISION,
            np.repeat(np.arange(b), 6),
        ),
        (
            np.repeat(nodes.district_collector, 6),
            np.concatenate([dho[:, None], ddep], axis=1).ravel(),
            TieKind.CONVENING,
            np.full(6 * d, -1),
        ),
        (
            np.repeat(gps, 2),
            nodes.community_offset + np.arange(2 * g),
            TieKind.COMMUNITY,
            np.repeat(gp_block, 2),
        ),
    ]
    src = np.concatenate([p[0] for p in parts]).astype(np.int32)
    dst = np.concatenate([p[1] for p in parts]).astype(np.int32)
    kind = np.concatenate([np.full(len(p[0]), p[2], np.int8) for p in parts])
    block = np.concatenate([p[3] for p in parts]).astype(np.int32)

    n_meso = 5 * d + 9 * b
    n_forum = n_meso + 4 * g
    n_routine = 6 * b + 6 * d
    u = rng.random(n_forum)
    strength = np.empty(len(src))
    strength[:n_meso] = beta_quantile(u[:n_meso], state.context.initial_tie_strength)
    strength[n_meso:n_forum] = beta_quantile(u[n_meso:], state.gram_panchayats.initial_link)
    strength[n_forum : n_forum + n_routine] = routine_strength
    strength[n_forum + n_routine :] = community_link
    half = np.full(len(src), 0.5)
    return Ties(
        src=src,
        dst=dst,
        kind=kind,
        block=block,
        strength=strength,
        trust_src=half,
        trust_dst=half.copy(),
        n_meso=n_meso,
        n_forum=n_forum,
        n_routine=n_routine,
    )


#: The department that owns each district committee, by the allied sector of its pair with the
#: district health officer: health sits in the nutrition/ICDS committee WCD runs, the school
#: health committee Education runs and the sanitation committee WASH runs; the District Health
#: Society (where RDPR and the panchayats sit) and One Health surveillance (with Animal
#: Husbandry) are health's own. Evidence for the mechanism: a district health officer, "For me
#: it's a waste of time to participate in such committees ... there are no actions specified
#: for the health department" (Singh et al. 2024); which department runs which committee is an
#: assumption.
DISTRICT_COMMITTEE_OWNER = {
    Sector.WCD: Sector.WCD,
    Sector.EDUCATION: Sector.EDUCATION,
    Sector.WASH: Sector.WASH,
    Sector.RDPR: Sector.HEALTH,
    Sector.ANIMAL_HUSBANDRY: Sector.HEALTH,
}


def forum_owner(ties: Ties, nodes: Stakeholders) -> np.ndarray:
    """The sector that owns each forum tie's forum (int8 per forum tie): a district
    committee's owner (:data:`DISTRICT_COMMITTEE_OWNER`, by its allied department's sector);
    any other forum is owned by its src end's sector (the block medical officer's committee,
    the Block Development Officer's platform, a block department's work with a Gram Panchayat)."""
    f = ties.forum
    owner = nodes.sector[ties.src[f]].astype(np.int8)
    table = np.arange(len(Sector), dtype=np.int8)
    for member, runs in DISTRICT_COMMITTEE_OWNER.items():
        table[member] = runs
    committee = ties.kind[f] == TieKind.DISTRICT_COMMITTEE
    owner[committee] = table[nodes.sector[ties.dst[f]][committee]]
    return owner
