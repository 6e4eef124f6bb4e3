"""The local launcher: a sweep's jobs on this machine's cores, each run as directly as it can be.

Hydra's joblib launcher hands every job to Hydra's own job machinery in the worker: it composes
the job's config again from the YAML files, sets up logging and a working directory, and calls
the task function, which turns the config into a run config and runs the job. For this model
that cost more than a default run itself (100 default jobs on one worker took 62.1 s with it
and 32.5 s without: ``make bench-sweeps`` on a 2-core AMD EPYC at commits 4852c03 and 15ec5be),
and it repeats work already done: the sweep callback (``simulation.sweep.callback``) composed
and validated every job's run config before the sweep began
(``simulation.sweep.plan.check_jobs``).

This launcher sends each job's checked run config to the experiment layer's pool
(:func:`simulation.experiment.evaluate.evaluate`: joblib's processes, with the ``n_jobs``
and ``batch_size`` of ``configs/hydra/launcher/local.yaml``; the joblib launcher's other
options are not used) and runs it with :func:`simulation.sweep.jobs.run_sweep_job`, as the
task function would and as
:func:`simulation.sweep.engine.run_sweep` does. The results are the same to the last bit (a
job's results live under the hash of its run config); what a job skips is Hydra's per-job
machinery, so per-job callbacks (``on_job_start``, ``on_job_end``) are not called. The Ray and
SLURM launchers (``hydra/launcher=ray``, ``submitit_slurm``) keep Hydra's whole job path.
Selected in ``configs/hydra/launcher/local.yaml``.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from pathlib import Path

from hydra.core.utils import JobReturn, JobStatus, configure_log, filter_overrides, setup_globals

from simulation.experiment.checking import checked_configs
from simulation.sweep.hydra_private import JoblibLauncher

log = logging.getLogger(__name__)


def run_job(config, overrides: list[str], sweep_dir: Path, number: int) -> JobReturn:
    """Run one job of the sweep (recording a failure rather than raising, as every job does);
    its return for Hydra's sweeper, with the job's overrides and status only."""
    # The model is imported here, in the worker: Hydra imports this module to compose any
    # config, and loading a config must not import the model (tests/test_structure.py).
    from simulation.sweep.jobs import run_sweep_job

    ret = JobReturn(overrides=overrides, task_name="simulation", status=JobStatus.COMPLETED)
    ret.return_value = run_sweep_job(config, overrides, sweep_dir, number).status
    return ret


class LocalLauncher(JoblibLauncher):
    """The joblib launcher's options and process pool; jobs run from their checked configs."""

    def launch(self, job_overrides: Sequence[Sequence[str]], initial_job_idx: int):
        # joblib here, not at the top: Hydra imports this module for every command, a single
        # run included, which needs no pool (experiments/benchmark.py --only startup)
        from simulation.experiment.evaluate import evaluate, values
        from simulation.sweep.hydra_private import process_joblib_cfg

        setup_globals()
        configure_log(self.config.hydra.hydra_logging, self.config.hydra.verbose)
        sweep_dir = Path(str(self.config.hydra.sweep.dir))
        sweep_dir.mkdir(parents=True, exist_ok=True)
        joblib_cfg = dict(self.joblib)
        joblib_cfg["backend"] = "loky"
        process_joblib_cfg(joblib_cfg)
        jobs = [list(overrides) for overrides in job_overrides]
        configs = checked_configs(jobs)  # the callback's, when it checked these very jobs
        log.info(f"Joblib.Parallel({joblib_cfg}) is launching {len(jobs)} jobs")
        for idx, overrides in enumerate(jobs):
            log.info(f"\t#{idx} : {' '.join(filter_overrides(overrides))}")
        evaluations = evaluate(
            configs,
            run_job,
            workers=joblib_cfg.get("n_jobs", -1),
            progress=False,  # the sweep callback's bar counts the jobs
            batch_size=joblib_cfg.get("batch_size", "auto"),
            extra=[
                (overrides, sweep_dir, initial_job_idx + idx) for idx, overrides in enumerate(jobs)
            ],
        )
        return values(evaluations)
