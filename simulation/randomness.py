"""Named random streams: the same seed gives the same draws, whatever else changes.

Each stream's seed comes from the run's (seed, replicate) and a hash of the stream's name, so
adding a process or an intervention leaves every other stream unchanged, and every stream
draws the same count of uniform numbers each month whatever the parameters: conditions that
share a seed and replicate share their random numbers (common random numbers).
"""

import functools
import zlib

import numpy as np


def stream(seed: int, replicate: int, name: str) -> np.random.Generator:
    """The random generator of stream ``name`` in replicate ``replicate`` of base ``seed``."""
    key = zlib.crc32(name.encode("utf-8"))
    return np.random.default_rng(np.random.SeedSequence(entropy=seed, spawn_key=(replicate, key)))


def fillers(generator: np.random.Generator, arrays: list[np.ndarray]) -> list:
    """Calls that fill ``arrays`` with the uniform numbers ``generator`` would draw into them
    one after the other, in any order or side by side: each fills from its own copy of the
    generator, moved ahead to where its array's numbers start (PCG64 jumps ahead exactly; one
    uniform number is one step). ``generator`` itself is moved past them all at once."""
    bit_generator = generator.bit_generator
    if not isinstance(bit_generator, np.random.PCG64):  # cannot jump: one after the other
        return [lambda: [generator.random(out=a) for a in arrays]]
    calls, ahead = [], 0
    for array in arrays:
        copy = np.random.PCG64()
        copy.state = bit_generator.state
        copy.advance(ahead)
        calls.append(functools.partial(np.random.Generator(copy).random, out=array))
        ahead += array.size
    bit_generator.advance(ahead)
    return calls
