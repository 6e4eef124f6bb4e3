"""The administrative structure of a state: districts, their blocks, and their Gram Panchayats.

State files give real totals (Local Government Directory, "State wise Administrative Units &
PRIs"); how blocks split over districts and Gram Panchayats over blocks is not in those totals,
so both are spread as evenly as the totals allow, the remainders going to randomly chosen units.
``scale`` in (0, 1] keeps that share of each district's blocks (at least one per district) with
all their Gram Panchayats, for quick runs; ``scale = 1`` is the whole state.
"""

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class AdministrativeStructure:
    """Districts, blocks and Gram Panchayats of the simulated (possibly sampled) state.

    ``block_district[b]`` is the district of block ``b``; ``gp_block[g]`` the block of Gram
    Panchayat ``g``. Blocks are numbered district by district, GPs block by block.
    """

    n_districts: int
    block_district: np.ndarray
    gp_block: np.ndarray

    @property
    def n_blocks(self) -> int:
        return len(self.block_district)

    @property
    def n_gram_panchayats(self) -> int:
        return len(self.gp_block)

    @property
    def gp_district(self) -> np.ndarray:
        return self.block_district[self.gp_block]

    @classmethod
    def sample(
        cls,
        districts: int,
        blocks: int,
        gram_panchayats: int,
        scale: float,
        rng: np.random.Generator,
    ) -> "AdministrativeStructure":
        """Spread the state's totals over units, then keep ``scale`` of each district's blocks."""
        blocks_per_district = _spread(blocks, districts, rng)
        gps_per_block = _spread(gram_panchayats, blocks, rng)
        block_district_full = np.repeat(np.arange(districts), blocks_per_district)

        kept_blocks = []
        start = 0
        for n in blocks_per_district:
            keep = n if scale >= 1.0 else max(1, round(scale * n))
            chosen = np.sort(rng.permutation(n)[:keep]) + start
            kept_blocks.append(chosen)
            start += n
        kept = np.concatenate(kept_blocks)
        return cls(
            n_districts=districts,
            block_district=block_district_full[kept].astype(np.int32),
            gp_block=np.repeat(np.arange(len(kept)), gps_per_block[kept]).astype(np.int32),
        )


def _spread(total: int, units: int, rng: np.random.Generator) -> np.ndarray:
    """Split ``total`` over ``units`` as evenly as possible; remainders go to random units."""
    counts = np.full(units, total // units, dtype=np.int64)
    counts[rng.permutation(units)[: total % units]] += 1
    return counts
