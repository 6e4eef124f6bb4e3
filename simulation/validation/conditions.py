"""Experimental conditions: a state plus a few settings, applied to a composed run config.

A condition names its settings as dotted config keys (``interventions.training`` = ``"pdia"``),
the same keys as on the command line, so a reader of the validation report can rerun any
condition with ``python -m simulation state=<state> <key>=<value> ...``. Configs are composed
with Hydra once per state and copied for each condition, which keeps thousands of runs cheap.
"""

from __future__ import annotations

import copy
import dataclasses
from dataclasses import dataclass, field
from enum import Enum
from functools import lru_cache
from typing import Any

from simulation.config import RunConfig, load_config, validate
from simulation.parameters import ConfigError
from simulation.validation.perturbation import rescale


@dataclass(frozen=True)
class FromState:
    """A setting's value taken from another state's file (e.g. Tamil Nadu's health cadre)."""

    state: str

    def __str__(self) -> str:
        return f"as in {self.state}"


@dataclass(frozen=True)
class Condition:
    """One arm of an experiment: a label, the state it runs in, and its settings."""

    label: str
    state: str | None = None  # None: the pattern's state (or the robustness draw's)
    settings: tuple[tuple[str, Any], ...] = field(default_factory=tuple)


@lru_cache(maxsize=32)
def _state_config(state: str, scale: float, months: int) -> RunConfig:
    return load_config([f"state={state}", f"scale={scale}", f"months={months}", "progress=false"])


def state_config(state: str, scale: float, months: int) -> RunConfig:
    """A fresh copy of the composed default config for ``state``."""
    return copy.deepcopy(_state_config(state, scale, months))


def lookup(config: Any, key: str) -> Any:
    """The value at dotted ``key`` of a config dataclass."""
    value = config
    for part in key.split("."):
        if not dataclasses.is_dataclass(value) or not hasattr(value, part):
            raise ConfigError(f"{key} is not a config key; see simulation/PARAMETERS.md")
        value = getattr(value, part)
    return value


def assign(config: Any, key: str, value: Any) -> None:
    """Set dotted ``key`` of ``config`` in place, converting ``value`` to the field's type."""
    *path, last = key.split(".")
    owner = lookup(config, ".".join(path)) if path else config
    if not dataclasses.is_dataclass(owner) or not hasattr(owner, last):
        raise ConfigError(f"{key} is not a config key; see simulation/PARAMETERS.md")
    current = getattr(owner, last)
    if isinstance(current, Enum) and not isinstance(value, Enum):
        try:
            value = type(current)[value]
        except KeyError:
            allowed = ", ".join(m.name for m in type(current))
            raise ConfigError(f"{key} = {value!r} is not allowed; allowed: {allowed}") from None
    elif isinstance(current, bool) or dataclasses.is_dataclass(current):
        pass
    elif isinstance(current, float):
        value = float(value)
    elif isinstance(current, int) and not isinstance(value, bool):
        value = int(value)
    setattr(owner, last, copy.deepcopy(value))


def configure(
    condition: Condition,
    state: str,
    *,
    scale: float,
    months: int,
    seed: int,
    replicate: int = 0,
    factors: dict[str, float] | None = None,
) -> RunConfig:
    """The validated run config of ``condition`` in ``state`` (unless the condition names one).

    ``factors`` (dotted key -> multiplier, see ``perturbation.py``) rescale parameters from
    the state's own defaults first; the condition's settings then apply, so the focal
    parameter is always the condition's.
    """
    state = condition.state or state
    config = state_config(state, scale, months)
    if factors:
        rescale(config, factors)
    for key, value in condition.settings:
        if isinstance(value, FromState):
            value = lookup(_state_config(value.state, scale, months), key)  # assign copies
        assign(config, key, value)
    config.seed, config.replicate = seed, replicate
    return validate(config)
