"""The prior: every behavioural weight, uniform over a range around its default.

The behavioural weights are the float parameters of ``processes.*`` with a declared range
(:func:`simulation.uncertain_parameters.perturbable`): how officers, departments and Gram
Panchayats decide, learn and act. The state files' context values are not calibrated: they
are the study's ordinal judgements of each state, which the targets compare states by.

A declared range is what the code can run (often [0, 1], or [0, 10] for a weight), not what is
plausible, so each weight's prior is uniform on ``default x [1 - spread, 1 + spread]``, cut to
its declared range: ``spread`` is ``spread_assumption`` (0.5) where the parameter's evidence
says its value is an assumption, and ``spread_sourced`` (0.2, informative) where a source gives
it. ``priors`` in the settings replaces a weight's range by ``[low, high]``. A weight whose
default is 0 (a mechanism switched off by default) has a zero-width prior and stays at 0.
Draws are a Latin hypercube (:func:`simulation.sampling.latin_hypercube`) over all weights.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from simulation.parameters import ConfigError
from simulation.uncertain_parameters import bound_of, perturbable

#: Config sections whose float parameters the calibration draws.
CALIBRATED_SECTIONS = ("processes.",)


@dataclass(frozen=True)
class Prior:
    """Uniform priors: one (low, high) per key, with the default and whether it is sourced."""

    keys: tuple[str, ...]
    low: np.ndarray
    high: np.ndarray
    default: np.ndarray
    sourced: np.ndarray  # bool: the evidence gives the value (an informative prior)

    @property
    def varied(self) -> np.ndarray:
        """Keys whose prior has some width."""
        return self.high > self.low

    def draw(self, draws: int, seed: int) -> np.ndarray:
        """``draws`` rows, one value per key: a Latin hypercube mapped onto the ranges."""
        from simulation.sampling import latin_hypercube

        unit = latin_hypercube(len(self.keys), draws, seed)
        return self.low + unit * (self.high - self.low)


def evidence_of(key: str) -> str:
    from simulation.config import RunConfig
    from simulation.parameters import declared_parameters

    return dict(declared_parameters(RunConfig))[key].metadata.get("evidence", "") or ""


def is_sourced(evidence: str) -> bool:
    """A parameter's value is sourced when its evidence names a source and nowhere calls the
    value an assumption ("assumption (value); mechanism: ...", "sources silent; assumption")."""
    text = evidence.strip().lower()
    return bool(text) and "assumption" not in text


def calibrated_keys() -> tuple[str, ...]:
    """The behavioural weights: float ``processes.*`` parameters with a declared range."""
    return tuple(k for k in perturbable() if k.startswith(CALIBRATED_SECTIONS))


def build_prior(
    defaults: dict[str, float],
    spread_assumption: float,
    spread_sourced: float,
    overrides: dict[str, list[float]],
) -> Prior:
    """The prior around ``defaults`` (key -> the run config's value), with ``overrides``
    (key -> [low, high]) replacing a weight's range. Raises :class:`ConfigError` naming the
    key for an override of an unknown key, of the wrong shape or outside the declared range."""
    keys = calibrated_keys()
    for key, value in overrides.items():
        where = f"priors.{key}"
        if key not in keys:
            close = [k for k in keys if k.rsplit(".", 1)[-1] == key.rsplit(".", 1)[-1]]
            hint = f" (did you mean {close[0]}?)" if close else ""
            raise ConfigError(
                f"{where} is not a behavioural weight{hint}; allowed: a float parameter "
                "under processes.* (simulation/PARAMETERS.md)"
            )
        ok = (
            isinstance(value, (list, tuple))
            and len(value) == 2
            and all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in value)
            and all(math.isfinite(v) for v in value)
            and value[0] <= value[1]
        )
        if not ok:
            raise ConfigError(f"{where} = {value!r}; allowed: [low, high] with low <= high")
        bound = bound_of(key)
        if not (bound.admits(float(value[0])) and bound.admits(float(value[1]))):
            raise ConfigError(
                f"{where} = {list(value)!r} leaves the declared range; allowed: within "
                f"{bound.describe()}"
            )
    low, high, default, sourced = [], [], [], []
    for key in keys:
        d = float(defaults[key])
        src = is_sourced(evidence_of(key))
        if key in overrides:
            lo, hi = (float(v) for v in overrides[key])
        else:
            s = spread_sourced if src else spread_assumption
            lo, hi = d * (1 - s), d * (1 + s)
            lo, hi = min(lo, hi), max(lo, hi)  # a negative default
            bound = bound_of(key)
            lo = lo if bound.low is None else max(lo, bound.low)
            hi = hi if bound.high is None else min(hi, bound.high)
            if not bound.admits(lo) or not bound.admits(hi):  # an open end: keep the default
                lo = hi = d
        low.append(lo)
        high.append(hi)
        default.append(d)
        sourced.append(src)
    return Prior(keys, np.array(low), np.array(high), np.array(default), np.array(sourced))


def set_values(config, keys: tuple[str, ...], values) -> None:
    """Set each weight of ``keys`` to its value in ``values``, in place."""
    from simulation.experiment.scenario import lookup

    for key, value in zip(keys, values, strict=True):
        section, name = key.rsplit(".", 1)
        setattr(lookup(config, section), name, float(value))
