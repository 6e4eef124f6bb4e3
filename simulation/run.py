"""Running one simulation from a config to a per-month table: the one way to run the model."""

from dataclasses import dataclass

import pandas as pd
from tqdm.auto import tqdm

from simulation.config import RunConfig
from simulation.model import CollaborationModel


@dataclass
class RunResult:
    """What one run produced: its config, one row per month, and the size of the state."""

    config: RunConfig
    timeseries: pd.DataFrame
    counts: dict[str, int]

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
    """Build the model for ``config`` and simulate ``config.months`` months."""
    model = CollaborationModel(config)
    show = config.progress if progress is None else progress
    label = f"{config.state.name}, seed {config.seed}"
    with tqdm(total=config.months, desc=label, unit="month", disable=not show) as bar:
        for _ in range(config.months):
            model.step()
            bar.update()
    return RunResult(config=config, timeseries=model.timeseries(), counts=model.counts())
