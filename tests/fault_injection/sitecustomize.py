"""Injects a failure into sweep jobs, for the tests of a sweep's failure handling.

Put this directory first on PYTHONPATH and set PHC_FAIL_JOBS to ``state:replicate`` pairs
(``bihar:1,kerala:0``): every Python process then starts with the model's run replaced by
one that raises for those jobs, in the launching process and in every worker alike. The model
itself is untouched; the sweep machinery sees an ordinary exception.
"""

import os

_targets = {t for t in os.environ.get("PHC_FAIL_JOBS", "").split(",") if t}
if _targets:
    import simulation.sweep.jobs as _jobs

    _run = _jobs.run

    def _failing_run(config, progress=None):
        if f"{config.state.name.lower()}:{config.replicate}" in _targets:
            raise RuntimeError(
                f"injected failure in {config.state.name}, replicate {config.replicate}"
            )
        return _run(config, progress)

    _jobs.run = _failing_run
