"""The training room's model: one district, live events, and the run it is compared with.

:class:`TrainingRoomModel` is the collaboration model built from the dashboard's
:class:`~simulation.dashboard.scenes.Settings`, with keyword arguments as Mesa's run controls
(``ModelController``) expect. It adds what a room needs:

* :meth:`~TrainingRoomModel.fire` applies a live event (``simulation/events.py``) now, between
  two months, and starts a *twin*: the same run, from the same state and the same random
  numbers, without the event. The twin steps along with the model, so the faint line on the
  plots is exactly what the event changed.
* a lock, so that events from the page and steps from the play loop never interleave.

The same settings, seed and events in the same months give the same run.
"""

import copy
import threading
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from simulation import events
from simulation.dashboard.scenes import CONTROLS, Settings, compose
from simulation.dashboard.views import ROOM_COLUMNS, room_series
from simulation.indicators import measure
from simulation.loop import advance, draw_month
from simulation.model import CollaborationModel
from simulation.randomness import stream

#: A pandemic shock from the page lasts two years at full intensity (the config's defaults).
SHOCK_MONTHS = 24
SHOCK_INTENSITY = 1.0


@dataclass
class Twin:
    """The run without the latest event: its own copy of the world, streams and interventions."""

    label: str
    month: int  # the month the event happened after
    world: object
    streams: dict
    interventions: list
    processes: object
    history: pd.DataFrame  # the shared months before the event
    rows: list[dict] = field(default_factory=list)

    def step(self) -> None:
        draws = draw_month(self.streams, self.world)
        advance(self.world, draws, self.processes, self.interventions)
        self.rows.append(measure(self.world, self.processes) | room_series(self.world))

    def timeseries(self) -> pd.DataFrame:
        after = pd.DataFrame(self.rows)
        if len(after):
            after.insert(0, "month", np.arange(self.month + 1, self.month + 1 + len(after)))
        return pd.concat([self.history, after], ignore_index=True)


@dataclass(frozen=True)
class Comparison:
    """A finished run kept for comparison after a reset."""

    label: str
    series: pd.DataFrame

    @classmethod
    def previous_run(cls, model: "TrainingRoomModel") -> "Comparison":
        with model.lock:
            series = model.timeseries()
        return cls(f"previous run ({model.describe()})", series)


@dataclass(frozen=True)
class Fired:
    """An event as the page lists it: when and what."""

    month: int
    name: str
    label: str
    detail: str


class TrainingRoomModel(CollaborationModel):
    """One district of a state at full detail, as the dashboard shows it.

    Unlike a batch run it does not stop by itself: the room pauses it.

    Args:
        settings: the dashboard's controls (default: Tamil Nadu, status quo), or anything
            whose ``value`` holds them (the page's reactive variable, so that Mesa's Reset
            button builds the model from the controls as they stand).
        **controls: individual controls instead of, or on top of, ``settings``
            (``power_asymmetry=0.8``); a bad one raises ``ValueError`` naming it.
    """

    def __init__(self, settings: Settings | None = None, **controls):
        # Mesa's Reset also passes the model's ``scenario``; this model's scenario is ``settings``.
        controls.pop("scenario", None)
        settings = getattr(settings, "value", settings) or Settings()
        self.settings = settings.changed(**controls).resolved()
        super().__init__(compose(self.settings))
        self.lock = threading.RLock()
        self.twin: Twin | None = None
        self.fired: list[Fired] = []
        self._event_stream = stream(self.config.seed, self.config.replicate, "events")
        self._room: list[dict[str, float]] = []

    def step(self) -> None:
        with self.lock:
            super().step()
            self._room.append(room_series(self.world))
            self.running = True
            if self.twin is not None:
                self.twin.step()

    def timeseries(self) -> pd.DataFrame:
        """The indicators month by month, with the room's own series: each sector's share of
        silent spectators in committees (``silent_<sector>``) and the departments' trust in the
        district health officer (``trust_in_dho``; :func:`~simulation.dashboard.views.
        room_series`)."""
        frame = super().timeseries()
        columns = list(ROOM_COLUMNS)
        return frame.join(pd.DataFrame(self._room, index=frame.index, columns=columns))

    def describe(self) -> str:
        """The settings in a few words, for a legend ("Bihar, power asymmetry 0.8, tenure 14
        months, health alone, training PDIA, review, block model RDPR-led, seed 42")."""
        s = self.settings
        shown = {key: CONTROLS[key].shown(getattr(s, key)) for key in CONTROLS}
        return (
            f"{self.config.state.name}, power asymmetry {s.power_asymmetry:g}, tenure "
            f"{s.tenure_months:g} months, {shown['accountability']}, training "
            f"{shown['training']}, {shown['committee_scope']}, block model "
            f"{shown['block_convergence']}, seed {s.seed}"
        )

    def fire(self, name: str, district: int = 0) -> Fired:
        """Apply the live event ``name`` (a key of ``events.EVENTS``) now."""
        if name not in events.EVENTS:
            raise ValueError(f"unknown event {name!r}; the events are {', '.join(events.EVENTS)}")
        with self.lock:
            self.twin = Twin(
                label=f"the same run without '{events.EVENTS[name]}' in month {self.month}",
                month=self.month,
                world=copy.deepcopy(self.world),
                streams=copy.deepcopy(self._streams),
                interventions=copy.deepcopy(self.interventions),
                processes=self.config.processes,
                history=self.timeseries(),
            )
            detail = self._apply(name, district)
            fired = Fired(self.month, name, events.EVENTS[name], detail)
            self.fired.append(fired)
            return fired

    def _apply(self, name: str, district: int) -> str:
        w, p = self.world, self.config.processes
        if name == "transfer_dho":
            events.transfer_district_health_officer(w, p, district, self._event_stream)
            return (
                "district health officer posted elsewhere; a newcomer takes the post and must "
                "earn the departments' trust again"
            )
        if name == "pdia_cycle":
            n = events.start_pdia_cycle(w, p, district)
            return f"{n} officers practising PDIA together"
        if name == "deliverables":
            self.interventions = events.assign_deliverables(self.interventions)
            self.redesign()
            return "every department has deliverables and targets"
        self.interventions = events.pandemic_shock(
            self.interventions, self.month, SHOCK_MONTHS, SHOCK_INTENSITY
        )
        return f"whole-of-government pressure for {SHOCK_MONTHS} months"
