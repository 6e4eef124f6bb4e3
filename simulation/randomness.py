"""Named random streams: the same seed gives the same draws, whatever else changes.

Each stream's seed comes from the run's (seed, replicate) and a hash of the stream's name, so
adding a process or an intervention leaves every other stream unchanged, and every stream
draws the same count of uniform numbers each month whatever the parameters: conditions that
share a seed and replicate share their random numbers (common random numbers).
"""

import zlib

import numpy as np


def stream(seed: int, replicate: int, name: str) -> np.random.Generator:
    """The random generator of stream ``name`` in replicate ``replicate`` of base ``seed``."""
    key = zlib.crc32(name.encode("utf-8"))
    return np.random.default_rng(np.random.SeedSequence(entropy=seed, spawn_key=(replicate, key)))
