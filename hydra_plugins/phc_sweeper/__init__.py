"""Hydra plugin of this project: the sweeper of ``python -m simulation -m`` (see checked_sweeper)."""
