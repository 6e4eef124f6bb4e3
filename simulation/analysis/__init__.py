"""Analyses of many runs: sensitivity indices (SALib) and scenario discovery (PRIM)."""
