"""This project's Hydra plugins, for ``python -m simulation -m`` sweeps.

- ``checked_sweeper.py``: Hydra's basic sweeper without its serial second composition of
  every job (``hydra/sweeper: checked``);
- ``local_launcher.py``: joblib's process pool running each job from the run config the sweep
  checked, without Hydra's per-job composition (``hydra/launcher: local``, configured in
  ``configs/hydra/launcher/local.yaml``).
"""
