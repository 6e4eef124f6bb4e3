"""Whether the model's compiled loops are in numba's cache, so that a run can say when they
compile.

The monthly processes (``simulation/processes/``) run loops compiled by numba, cached on disk
next to their modules (``__pycache__/*.nbi``, ``*.nbc``). With a warm cache a run starts at
once; the first run after a change to a process compiles them (about 25-40 s), during which a
progress bar would sit at month 0 and then promise an hour. :func:`cached` tells the two apart
before the first month, cheaply (it reads one small index file per loop).
"""

import dataclasses
import importlib
import pkgutil

import simulation.processes

#: What a run prints before the loops compile.
MESSAGE = "Compiling the model's loops (first run after a change, about 30 s)..."


def compiled_loops() -> list:
    """Every numba function of the processes that is cached on disk."""
    from numba.core.caching import FunctionCache
    from numba.core.registry import CPUDispatcher

    loops = []
    for info in pkgutil.iter_modules(simulation.processes.__path__):
        module = importlib.import_module(f"simulation.processes.{info.name}")
        loops += [
            value
            for value in vars(module).values()
            if isinstance(value, CPUDispatcher)
            and isinstance(getattr(value, "_cache", None), FunctionCache)  # njit(cache=True)
        ]
    return loops


def cached() -> bool:
    """Whether numba's cache holds a compiled version of every loop, for its current source.

    Reads numba's cache index (numba's own check: the index is void when the source changed).
    If numba's cache layout ever differs from the one read here, this says True: a run then
    says nothing, as before, rather than announcing a compilation that does not happen.
    """
    _declare_records()
    try:
        return all(loop._cache._cache_file._load_index() for loop in compiled_loops())
    except Exception:  # numba's layout changed: say nothing rather than something wrong
        return True


def _declare_records() -> None:
    """Create the processes' parameter records (:func:`simulation.parameters.as_record`), which
    numba's index names among the loops' argument types: reading it needs them to exist."""
    from simulation.config import ProcessesConfig
    from simulation.parameters import as_record

    processes = ProcessesConfig()
    for field in dataclasses.fields(processes):
        as_record(getattr(processes, field.name))
