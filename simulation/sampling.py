"""Draws of uncertain parameters: one Latin hypercube for every study that draws them.

A draw multiplies each uncertain parameter by a factor in [1 - spread, 1 + spread]. The
factors come from ``scipy.stats.qmc.LatinHypercube`` over all the parameters at once, so
every parameter's range is covered evenly across the draws. The validation's robustness
draws (:mod:`simulation.validation.perturbation`) and the planner's uncertainty draws
(:mod:`simulation.planning.uncertainty`) both call :func:`latin_hypercube_factors`; which
parameters may be drawn, and their ranges, is :mod:`simulation.uncertain_parameters`.

(The sensitivity analysis samples with SALib's own designs, Morris trajectories and
Saltelli's scheme for Sobol' indices: those are not Latin hypercubes, and their estimators
need their own designs.)
"""

from __future__ import annotations

import numpy as np


def latin_hypercube_factors(
    parameters: int, draws: int, spread: float, seed: int | np.random.Generator
) -> np.ndarray:
    """``draws`` rows of ``parameters`` factors in [1 - spread, 1 + spread].

    Column j is parameter j; the same ``seed`` gives the same factors. ``seed`` is handed to
    ``LatinHypercube`` as it is, and scipy makes different streams from an integer and from
    ``numpy.random.default_rng`` of the same integer: the validation's robustness draws pass
    a generator, the planner's uncertainty draws an integer, so that both keep the draws of
    their committed results."""
    return 1.0 + spread * (2.0 * latin_hypercube(parameters, draws, seed) - 1.0)


def latin_hypercube(parameters: int, draws: int, seed: int | np.random.Generator) -> np.ndarray:
    """``draws`` rows of ``parameters`` values in [0, 1), a Latin hypercube (each column's
    range cut into ``draws`` equal strata, one value in each). The calibration's prior draws
    map it onto each parameter's prior range (:mod:`simulation.calibration.prior`)."""
    from scipy.stats import qmc

    if parameters == 0:
        return np.empty((draws, 0))
    return qmc.LatinHypercube(d=parameters, seed=seed).random(draws)
