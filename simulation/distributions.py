"""Turning uniform draws into agent attributes.

Every random attribute is drawn as a uniform number and transformed by an inverse CDF. The
number of draws then never depends on parameter values, and the same draw maps to a higher
value when the mean is higher: two runs that differ only in a parameter share their random
numbers (common random numbers), so their difference is the parameter's effect, not noise.
"""

import numpy as np
from scipy.special import betaincinv

#: Concentration (a + b) of attribute distributions: 12 gives a standard deviation of about
#: 0.13 around a mean of 0.5. The sources give no spread; this is an assumption.
CONCENTRATION = 12.0


def beta_quantile(u: np.ndarray, mean: np.ndarray | float, concentration: float = CONCENTRATION):
    """A value in (0, 1) around ``mean``: the ``u``-quantile of a Beta with that mean."""
    mean = np.clip(mean, 0.005, 0.995)
    return betaincinv(mean * concentration, (1.0 - mean) * concentration, u)


def months_in_post(u: np.ndarray, mean_tenure: np.ndarray | float) -> np.ndarray:
    """Months already served by an officer met at a random time, for a given mean tenure.

    With a constant monthly hazard of leaving, time already in post is geometric with the same
    mean as the whole tenure (the memoryless property).
    """
    hazard = 1.0 / np.asarray(mean_tenure, dtype=float)
    return np.floor(np.log1p(-u) / np.log1p(-np.minimum(hazard, 0.999))).astype(np.int64)
