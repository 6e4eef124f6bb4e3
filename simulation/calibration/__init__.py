"""Pattern-oriented calibration by approximate Bayesian computation (``make calibrate``).

Prior draws of every behavioural weight (:mod:`.prior`) are each simulated on the runs the
targets read (:mod:`.targets`: sourced numbers, elicited ranges and the validation's
qualitative patterns, all at once); the draws whose outputs come closest to every target at
once form the posterior ensemble (:mod:`.abc`). :mod:`.simulate` runs the draws through the
experiment layer, chunk by chunk, resuming after an interruption; :mod:`.report` writes
``results/calibration.md`` and ``results/calibration/``.
"""
