"""The administrative structure of a state: districts, their blocks, and their Gram Panchayats.

Where the state file names its rows of the Local Government Directory
(``structure.lgd_state``), districts get their real blocks, with names, from
``configs/data/lgd_blocks.csv`` (Ministry of Panchayati Raj, Local Government Directory,
retrieved 11 March 2022; see ``configs/data/SOURCES.md``): Bihar's 38 districts have between 5
and 27 blocks each, not 14 each. A config without a ``lgd_state`` (an all-India or made-up
state) spreads its ``districts`` and ``blocks`` totals as evenly as they allow, the remainders
going to randomly chosen districts.

Gram Panchayats per block are not in the data available to the project: the state's total
(``structure.gram_panchayats``) is spread over its blocks as evenly as it allows, the remainders
going to randomly chosen blocks. **That split is an assumption, not sourced.**

``scale`` in (0, 1] keeps ``max(1, round(scale * n))`` of the ``n`` blocks of each district,
chosen at random, with all their Gram Panchayats. Every district stays. Each kept block stands
for ``n / kept`` blocks of its district (its *weight*), so a block-level indicator, averaged
with these weights, estimates the same state-wide quantity at every scale
(``simulation/indicators.py``); ``scale = 1`` is the whole state, every weight 1.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np

from simulation.config_folder import CONFIG_DIR, shown
from simulation.parameters import ConfigError

#: The project's copy of the Local Government Directory's blocks of the nine states.
LGD_BLOCKS = CONFIG_DIR / "data" / "lgd_blocks.csv"
LGD_COLUMNS = (
    "state",
    "lgd_state_code",
    "lgd_district_code",
    "district",
    "lgd_block_code",
    "block",
)


@dataclass(frozen=True)
class Blocks:
    """A state's real districts and blocks, in the file's order (district by district)."""

    district_names: tuple[str, ...]
    block_names: tuple[str, ...]
    block_district: np.ndarray  # district index of each block

    @property
    def per_district(self) -> np.ndarray:
        return np.bincount(self.block_district, minlength=len(self.district_names))


@cache
def _table(path: Path) -> dict[str, list[tuple[str, str, str, str]]]:
    """Rows of the blocks file by state: (district code, district, block code, block)."""
    import csv

    where = shown(path)
    if not path.is_file():
        raise ConfigError(f"{where}: no such blocks file; allowed: the project's copy of the LGD")
    by_state: dict[str, list[tuple[str, str, str, str]]] = {}
    try:
        with path.open(newline="", encoding="utf-8") as f:
            reader = csv.DictReader(f)
            missing = [c for c in LGD_COLUMNS if c not in (reader.fieldnames or ())]
            if missing:
                raise ConfigError(
                    f"{where}: columns {missing} missing; allowed: a table with columns "
                    f"{', '.join(LGD_COLUMNS)}"
                )
            for line, row in enumerate(reader, start=2):
                values = [(row[c] or "").strip() for c in LGD_COLUMNS]
                empty = [c for c, v in zip(LGD_COLUMNS, values, strict=True) if not v]
                if empty:
                    raise ConfigError(
                        f"{where} line {line}: {', '.join(empty)} empty (state {values[0]!r}, "
                        f"district {values[3]!r}); allowed: every column filled"
                    )
                state, _, district_code, district, block_code, block = values
                by_state.setdefault(state, []).append((district_code, district, block_code, block))
    except (OSError, UnicodeDecodeError, csv.Error) as error:
        raise ConfigError(f"{where}: cannot be read as a table ({error})") from None
    return by_state


@cache
def state_blocks(lgd_state: str, path: Path = LGD_BLOCKS) -> Blocks:
    """The real districts and blocks of ``lgd_state`` (a key of the blocks file's ``state``).

    Listed once per process: every config's check (:func:`check_structure`) and every
    world's build read them; the array is read-only, so no caller can change the next one's."""
    rows = _table(Path(path)).get(lgd_state)
    if not rows:
        known = sorted(_table(Path(path)))
        raise ConfigError(
            f"state.structure.lgd_state = {lgd_state!r} has no blocks in {shown(path)}; "
            f"allowed: {', '.join(known)}, or null to spread the totals evenly"
        )
    districts: dict[str, int] = {}
    names: list[str] = []
    block_names, block_district = [], []
    for district_code, district, _, block in rows:
        if district_code not in districts:
            districts[district_code] = len(names)
            names.append(district.title())
        block_names.append(block.title())
        block_district.append(districts[district_code])
    order = np.argsort(np.asarray(block_district), kind="stable")  # district by district
    district_of_block = np.asarray(block_district, np.int32)[order]
    district_of_block.setflags(write=False)
    return Blocks(
        district_names=tuple(names),
        block_names=tuple(block_names[i] for i in order),
        block_district=district_of_block,
    )


def check_structure(structure) -> None:
    """Raise :class:`ConfigError` if the state's totals disagree with its blocks file (or with
    each other), naming the key, the value and what is allowed. ``structure`` is a
    :class:`simulation.config.StructureConfig`."""
    s = structure
    if s.lgd_state is not None:
        blocks = state_blocks(s.lgd_state)
        for key, real in (
            ("districts", len(blocks.district_names)),
            ("blocks", len(blocks.block_names)),
        ):
            if getattr(s, key) != real:
                raise ConfigError(
                    f"state.structure.{key} = {getattr(s, key)} disagrees with the Local "
                    f"Government Directory's {real} for {s.lgd_state!r}; allowed: {real}, or "
                    "state.structure.lgd_state=null to spread made-up totals evenly"
                )
    if s.blocks < s.districts:
        raise ConfigError(
            f"state.structure.blocks = {s.blocks} is smaller than state.structure.districts = "
            f"{s.districts}; allowed: at least one block per district"
        )
    if s.gram_panchayats < s.blocks:
        raise ConfigError(
            f"state.structure.gram_panchayats = {s.gram_panchayats} is smaller than "
            f"state.structure.blocks = {s.blocks}; allowed: at least one Gram Panchayat per block"
        )


@dataclass(frozen=True)
class AdministrativeStructure:
    """Districts, blocks and Gram Panchayats of the simulated (possibly sampled) state.

    ``block_district[b]`` is the district of kept block ``b``; ``block_weight[b]`` how many of
    its district's blocks it stands for; ``gp_block[g]`` the block of Gram Panchayat ``g``.
    Blocks are numbered district by district, GPs block by block. ``district_names`` and
    ``block_names`` are the directory's (title case), or ``District 1``... for made-up totals.
    """

    n_districts: int
    block_district: np.ndarray
    block_weight: np.ndarray
    gp_block: np.ndarray
    district_names: tuple[str, ...] = ()
    block_names: tuple[str, ...] = ()

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
    def sample(cls, structure, scale: float, rng: np.random.Generator) -> AdministrativeStructure:
        """The state's districts and blocks (real ones, or its totals spread evenly), its Gram
        Panchayats spread over blocks, then ``scale`` of each district's blocks kept.
        ``structure`` is a :class:`simulation.config.StructureConfig`."""
        if structure.lgd_state is not None:
            real = state_blocks(structure.lgd_state)
            districts = len(real.district_names)
            blocks_per_district = real.per_district.astype(np.int64)
            district_names, block_names = real.district_names, real.block_names
        else:
            districts = structure.districts
            blocks_per_district = _spread(structure.blocks, districts, rng)
            district_names = tuple(f"District {i + 1}" for i in range(districts))
            block_names = tuple(
                f"Block {j + 1} of district {i + 1}"
                for i, n in enumerate(blocks_per_district)
                for j in range(n)
            )
        total_blocks = int(blocks_per_district.sum())
        gps_per_block = _spread(structure.gram_panchayats, total_blocks, rng)
        block_district_full = np.repeat(np.arange(districts), blocks_per_district)

        kept_blocks, weights = [], []
        start = 0
        for n in blocks_per_district:
            keep = n if scale >= 1.0 else max(1, round(scale * n))
            chosen = np.sort(rng.permutation(n)[:keep]) + start
            kept_blocks.append(chosen)
            weights.append(np.full(keep, n / keep))
            start += n
        kept = np.concatenate(kept_blocks)
        return cls(
            n_districts=districts,
            block_district=block_district_full[kept].astype(np.int32),
            block_weight=np.concatenate(weights),
            gp_block=np.repeat(np.arange(len(kept)), gps_per_block[kept]).astype(np.int32),
            district_names=district_names,
            block_names=tuple(block_names[i] for i in kept),
        )


def _spread(total: int, units: int, rng: np.random.Generator) -> np.ndarray:
    """Split ``total`` over ``units`` as evenly as possible; remainders go to random units."""
    counts = np.full(units, total // units, dtype=np.int64)
    counts[rng.permutation(units)[: total % units]] += 1
    return counts
