"""Sweeps: many runs of the model over a grid of parameters, as Hydra multiruns.

``python -m simulation -m key=a,b ...`` (or ``sweep=<file in configs/sweep/>``) runs one job per
combination with Hydra's launcher (joblib on every local core by default; Ray or SLURM for a
cluster). The modules, in the order a sweep uses them:

- ``plan.py``: the sweep's jobs and the launcher's settings, all validated before the first
  job starts;
- ``folder.py``: the sweep folder's owner (``sweep.json``: another sweep's folder is refused)
  and its lock (a second launch into a folder in use is refused);
- ``jobs.py``: one job: its results directory by config hash, skipping what is complete,
  recording failures;
- ``progress.py``: the progress bar over jobs done, failed and skipped;
- ``gather.py``: the run table, the job table and the condition summary;
- ``callback.py``: the Hydra callback that ties these together around a multirun, and turns
  any failure (a job, a table) into exit status 1 with one line naming it;
- ``engine.py``: the same jobs run from Python (sensitivity analysis, notebooks).
"""
