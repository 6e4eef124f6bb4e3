"""Running one simulation from a config to a per-month table: the one way to run the model.

Many runs (a study, a sweep) are evaluated by :func:`simulation.experiment.evaluate.evaluate`,
whose tasks call :func:`run`."""

import sys
from dataclasses import dataclass

import pandas as pd
from tqdm.auto import tqdm

from simulation import compilation
from simulation.array_model import ArrayModel
from simulation.config import RunConfig
from simulation.places import block_table, district_table


@dataclass
class RunResult:
    """What one run produced: its config, one row per month, and the size of the state."""

    config: RunConfig
    timeseries: pd.DataFrame
    counts: dict[str, int]
    #: Where the run ended, one row per district and per simulated block (``places.py``).
    districts: pd.DataFrame | None = None
    blocks: pd.DataFrame | None = None

    def summary(self) -> dict:
        """Final values and means over the last twelve months, by indicator."""
        ts = self.timeseries.drop(columns="month")
        return {
            "final": {k: _plain(v) for k, v in ts.iloc[-1].items()},
            "last_year_mean": {k: _plain(v) for k, v in ts.iloc[-12:].mean().items()},
        }


def _plain(value):
    value = float(value)
    return int(value) if value.is_integer() and abs(value) < 2**53 else round(value, 10)


def run(config: RunConfig, progress: bool | None = None) -> RunResult:
    """Build the model for ``config`` and simulate ``config.months`` months.

    With a progress bar, when the compiled loops are not in numba's cache (the first run after
    a change), it says so and runs the first month (which compiles them) before the bar starts,
    so that the bar's estimate is the run's and not the compiler's."""
    model = ArrayModel(config)  # the model without Mesa, which a run does not need
    show = config.progress if progress is None else progress
    label = f"{config.state.name}, seed {config.seed}"
    done = 0
    if show and config.months and not compilation.cached():
        print(compilation.MESSAGE, file=sys.stderr, flush=True)
        model.step()
        done = 1
    with tqdm(total=config.months, initial=done, desc=label, unit="month", disable=not show) as bar:
        for _ in range(done, config.months):
            model.step()
            bar.update()
    return RunResult(
        config=config,
        timeseries=model.timeseries(),
        counts=model.counts(),
        districts=district_table(model.world),
        blocks=block_table(model.world),
    )
