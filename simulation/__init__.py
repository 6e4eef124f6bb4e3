"""Agent-based simulation of multisectoral collaboration for primary health care in India.

The names below are loaded when first used, so that ``import simulation.config`` (or any
light module) does not import the model, mesa or numba.
"""

import importlib

__all__ = ["CollaborationModel", "ConfigError", "RunConfig", "load_config"]
__version__ = "0.1.0"

_HOME = {
    "CollaborationModel": "simulation.model",
    "ConfigError": "simulation.parameters",
    "RunConfig": "simulation.config",
    "load_config": "simulation.config",
}


def __getattr__(name: str):
    if name in _HOME:
        return getattr(importlib.import_module(_HOME[name]), name)
    raise AttributeError(f"module 'simulation' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted([*globals(), *_HOME])
