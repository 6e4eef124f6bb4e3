"""Pattern-oriented validation: does the model reproduce, from its mechanisms, what the field found?

Following pattern-oriented modelling (Grimm et al. 2005, *Science* 310:987), several patterns
reported by the sources are tested at once, each as a controlled experiment over a seed
ensemble (conditions that differ only in the focal parameter, with common random numbers), and
again over random settings of every other parameter (robustness). ``patterns.py`` declares the
patterns; ``python -m simulation.validation`` (``make validate``) runs them and writes
``results/validation.md`` with a figure per pattern.
"""
