"""This project's Hydra plugins, for ``python -m simulation -m`` sweeps.

- ``checked_sweeper.py``: Hydra's basic sweeper without its serial second composition of
  every job (``hydra/sweeper: checked``);
- ``local_launcher.py``: Hydra's joblib launcher whose workers return only what the sweep
  needs (``hydra/launcher: local``, configured in ``configs/hydra/launcher/local.yaml``).
"""
