"""The run config's uncertain parameters: which ones a draw may vary, and their declared ranges.

The state files and the processes' parameters hold judgements, not measurements. Both the
validation's robustness draws (``validation/perturbation.py``) and the planner's uncertainty
draws (``planning/uncertainty.py``) vary the same parameters: every float parameter with a
declared range under the sections below. Structure (real counts), lists, switches and the
interventions are never varied: interventions are the levers the studies compare.
"""

from __future__ import annotations

import functools

from simulation.config import RunConfig
from simulation.parameters import Bound, declared_parameters, declared_type

#: Config sections whose numeric parameters a draw varies.
PERTURBED_SECTIONS = (
    "state.context",
    "state.health_leaders",
    "state.allied_departments",
    "state.collectors",
    "state.gram_panchayats",
    "state.communities",
    "processes",
)


@functools.cache
def perturbable(focal: tuple[str, ...] = ()) -> tuple[str, ...]:
    """Dotted keys of the float parameters a draw varies, minus those under ``focal`` keys."""
    keys = []
    for key, f in declared_parameters(RunConfig):
        if not key.startswith(PERTURBED_SECTIONS):
            continue
        if any(key == k or key.startswith(k + ".") for k in focal):
            continue
        if f.metadata.get("bound") is None or declared_type(RunConfig, key) is not float:
            continue
        keys.append(key)
    return tuple(keys)


@functools.cache
def _bounds() -> dict[str, Bound]:
    return {
        key: f.metadata["bound"]
        for key, f in declared_parameters(RunConfig)
        if f.metadata.get("bound") is not None
    }


def bound_of(key: str) -> Bound:
    """The declared range of the parameter at dotted ``key``."""
    return _bounds()[key]
