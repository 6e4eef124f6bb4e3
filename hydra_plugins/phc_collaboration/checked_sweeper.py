"""Hydra's basic sweeper without its second, serial composition of every job.

Before launching a batch, Hydra's ``BasicSweeper`` composes the full config of every job in the
launching process, one after another, to catch composition errors early. For this model that
costs about 70 ms a job (7 s for 100 jobs, during which no worker runs), and it repeats work
already done: the sweep callback (``simulation.sweep.callback``) composes and validates every
job, ranges and combinations included, before the sweep starts (``simulation.sweep.plan``).
Everything else (grid expansion, ``hydra.sweeper.params`` from sweep files, batches, launching)
is the basic sweeper's. It also checks the launcher's settings (``hydra.launcher.n_jobs=0`` is
one line and exit status 2, not a traceback after ``multirun.yaml`` is written). Selected in
``configs/config.yaml`` as ``hydra/sweeper: checked``.
"""

import sys
from dataclasses import dataclass, field
from typing import Any

from hydra.core.config_store import ConfigStore

from simulation.parameters import ConfigError
from simulation.sweep.hydra_private import BasicSweeper
from simulation.sweep.plan import check_launcher


class CheckedSweeper(BasicSweeper):
    """The basic sweeper, trusting the sweep callback's check of every job."""

    def sweep(self, arguments: list[str]) -> Any:
        """Check the launcher's settings (the sweep callback does too, earlier), then sweep:
        a setting joblib refuses stops the sweep with one line, before Hydra writes
        ``multirun.yaml``."""
        try:
            check_launcher(self.config.hydra.launcher)
        except ConfigError as error:
            print(f"Configuration error: {error}", file=sys.stderr)
            sys.exit(2)
        return super().sweep(arguments)

    def validate_batch_is_legal(self, batch) -> None:
        """Every job was composed and validated by the sweep callback before the sweep began."""


@dataclass
class CheckedSweeperConf:
    _target_: str = "hydra_plugins.phc_collaboration.checked_sweeper.CheckedSweeper"
    max_batch_size: int | None = None
    params: dict[str, Any] | None = field(default=None)


ConfigStore.instance().store(
    group="hydra/sweeper", name="checked", node=CheckedSweeperConf, provider="phc-collaboration"
)
