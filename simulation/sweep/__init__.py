"""Sweeps: many runs of the model over a grid of parameters, as Hydra multiruns.

``python -m simulation -m key=a,b ...`` (or ``sweep=<file in configs/sweep/>``) runs one job per
combination with Hydra's launcher (joblib on every local core by default; Ray or SLURM for a
cluster). The modules, in the order a sweep uses them:

- ``plan.py``: the sweep's jobs, all validated before the first one starts;
- ``jobs.py``: one job: its results directory by config hash, skipping what is complete,
  recording failures;
- ``progress.py``: the progress bar over jobs done, failed and skipped;
- ``gather.py``: the run table, the job table and the condition summary;
- ``callback.py``: the Hydra callback that ties these together around a multirun;
- ``engine.py``: the same jobs run from Python (sensitivity analysis, notebooks).
"""
