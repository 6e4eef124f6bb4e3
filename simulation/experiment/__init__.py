"""The experiment layer: what every study (validation, planning, sweeps, tests) uses to run
many simulations. :func:`simulation.experiment.evaluate.evaluate` evaluates a list of runs."""
