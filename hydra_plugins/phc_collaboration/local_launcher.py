"""Hydra's joblib launcher, with workers that send back only what the sweep uses.

After each job, Hydra's joblib launcher sends the job's ``JobReturn`` back to the launching
process, with the job's whole config and Hydra config in it. Pickling those two takes about
50 ms a job in the worker, a tenth of a default run, which a sweep on one worker (run in the
launching process, nothing pickled) never pays. Nothing in the launching process reads them:
the sweeper asks only for the return value (to raise a job's exception), and callbacks see the
configs inside the worker. This launcher is the joblib launcher with the two dropped before the
return. Selected in ``configs/hydra/launcher/local.yaml``.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from pathlib import Path

from hydra.core.singleton import Singleton
from hydra.core.utils import JobReturn, configure_log, filter_overrides, setup_globals
from hydra_plugins.hydra_joblib_launcher._core import execute_job, process_joblib_cfg
from hydra_plugins.hydra_joblib_launcher.joblib_launcher import JoblibLauncher
from joblib import Parallel, delayed

log = logging.getLogger(__name__)


def execute_lean_job(*args) -> JobReturn:
    """Run one job as the joblib launcher does; return its status and value, not its configs."""
    ret = execute_job(*args)
    ret.cfg = None
    ret.hydra_cfg = None
    return ret


class LocalLauncher(JoblibLauncher):
    """The joblib launcher (every option the same), returning lean job results."""

    def launch(self, job_overrides: Sequence[Sequence[str]], initial_job_idx: int):
        # As hydra_joblib_launcher._core.launch (1.2.0), with execute_lean_job for execute_job.
        setup_globals()
        configure_log(self.config.hydra.hydra_logging, self.config.hydra.verbose)
        sweep_dir = Path(str(self.config.hydra.sweep.dir))
        sweep_dir.mkdir(parents=True, exist_ok=True)
        joblib_cfg = dict(self.joblib)
        joblib_cfg["backend"] = "loky"  # the threading backend is incompatible with Hydra
        process_joblib_cfg(joblib_cfg)
        log.info(f"Joblib.Parallel({joblib_cfg}) is launching {len(job_overrides)} jobs")
        for idx, overrides in enumerate(job_overrides):
            log.info(f"\t#{idx} : {' '.join(filter_overrides(overrides))}")
        singleton_state = Singleton.get_state()
        return Parallel(**joblib_cfg)(
            delayed(execute_lean_job)(
                initial_job_idx + idx,
                overrides,
                self.hydra_context,
                self.config,
                self.task_function,
                singleton_state,
            )
            for idx, overrides in enumerate(job_overrides)
        )
