"""Declaring model parameters: default, unit, valid range and the evidence behind each.

Every configurable number in the model is declared with :func:`param`, so that its range is
checked before a run starts (:func:`check_ranges`) and the model documentation can list it.
A value outside its range stops the run with one message naming the key, the value and what
is allowed (:class:`ConfigError`).
"""

from __future__ import annotations

import collections
import dataclasses
import functools
import math
import typing
from dataclasses import dataclass, field
from enum import Enum
from typing import Any


class ConfigError(ValueError):
    """A configuration that cannot be run: names the key, the value and what is allowed."""


@dataclass(frozen=True)
class Bound:
    """A closed or half-open interval of allowed values."""

    low: float | None = None
    high: float | None = None
    low_open: bool = False
    high_open: bool = False

    def admits(self, value: float) -> bool:
        if isinstance(value, float) and math.isnan(value):
            return False
        if self.low is not None and (value <= self.low if self.low_open else value < self.low):
            return False
        return not (
            self.high is not None and (value >= self.high if self.high_open else value > self.high)
        )

    def describe(self) -> str:
        left = "(" if self.low_open else "["
        right = ")" if self.high_open else "]"
        low = "-inf" if self.low is None else _number(self.low)
        high = "inf" if self.high is None else _number(self.high)
        return f"{left}{low}, {high}{right}"


def _number(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else str(x)


def param(
    default: Any,
    low: float | None = None,
    high: float | None = None,
    *,
    unit: str = "",
    doc: str = "",
    evidence: str = "",
    low_open: bool = False,
    high_open: bool = False,
) -> Any:
    """Declare a parameter field with its valid range, unit, meaning and source.

    ``evidence`` names the finding or source the parameter represents; where the sources are
    silent it says so, and the value is then an assumption to vary in sensitivity analysis.
    """
    metadata = {
        "bound": Bound(low, high, low_open, high_open),
        "unit": unit,
        "doc": doc,
        "evidence": evidence,
    }
    if isinstance(default, (list, dict)):
        return field(default_factory=lambda: type(default)(default), metadata=metadata)
    return field(default=default, metadata=metadata)


def check_ranges(config: Any, prefix: str = "") -> None:
    """Raise :class:`ConfigError` for the first declared parameter outside its range.

    Walks nested dataclasses; ``prefix`` is the dotted key of ``config`` in the whole config.
    """
    for f in dataclasses.fields(config):
        value = getattr(config, f.name)
        key = f"{prefix}{f.name}"
        if dataclasses.is_dataclass(value):
            check_ranges(value, key + ".")
            continue
        bound: Bound | None = f.metadata.get("bound")
        if bound is None or value is None or isinstance(value, (bool, str, Enum)):
            continue
        values = value if isinstance(value, (list, tuple)) else [value]
        for v in values:
            if not bound.admits(v):
                unit = f.metadata.get("unit")
                raise ConfigError(
                    f"{key} = {value!r} is out of range; allowed: {bound.describe()}"
                    + (f" ({unit})" if unit else "")
                )


def declared_parameters(config_type: type, prefix: str = "") -> list[tuple[str, dataclasses.Field]]:
    """Every declared parameter of a config dataclass type, as (dotted key, field)."""
    hints = typing.get_type_hints(config_type)
    out = []
    for f in dataclasses.fields(config_type):
        ftype = hints.get(f.name)
        if isinstance(ftype, type) and dataclasses.is_dataclass(ftype):
            out.extend(declared_parameters(ftype, f"{prefix}{f.name}."))
        else:
            out.append((f"{prefix}{f.name}", f))
    return out


def declared_type(config_type: type, key: str) -> Any:
    """The annotated type of the field at dotted ``key`` of a config dataclass type."""
    owner = config_type
    *path, last = key.split(".")
    for part in path:
        owner = typing.get_type_hints(owner)[part]
    return typing.get_type_hints(owner).get(last)


@functools.cache
def _record_type(config_type: type) -> type:
    hints = typing.get_type_hints(config_type)
    names = [f.name for f in dataclasses.fields(config_type) if hints[f.name] is float]
    record = collections.namedtuple(f"{config_type.__name__}Record", names)
    record.__module__ = __name__
    globals()[record.__name__] = record  # importable by name, so compiled loops can be cached
    return record


def as_record(params: Any) -> tuple:
    """The number-valued parameters of a process's parameters, as a named tuple under the same
    names, which compiled (numba) loops can read: ``p.trust_drift`` means the same inside a
    compiled loop as outside it."""
    record = _record_type(type(params))
    return record(*(float(getattr(params, name)) for name in record._fields))
