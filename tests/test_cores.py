"""Spreading a month over threads (simulation/cores.py) changes nothing but the time."""

import dataclasses

import numpy as np
import pytest
from conftest import small_config

from simulation import cores
from simulation.model import CollaborationModel
from simulation.parameters import ConfigError
from simulation.randomness import fillers


def _arrays(obj, prefix=""):
    out = {}
    for f in dataclasses.fields(obj):
        value = getattr(obj, f.name)
        if isinstance(value, np.ndarray):
            out[prefix + f.name] = value
        elif dataclasses.is_dataclass(value):
            out |= _arrays(value, prefix + f.name + ".")
    return out


def _run(config, months):
    model = CollaborationModel(config)
    model.run_for(months)
    return model.timeseries(), _arrays(model.world.nodes) | _arrays(model.world.ties)


@pytest.mark.parametrize("threads", ["2", "3"])
def test_any_number_of_threads_gives_the_same_run_bit_for_bit(monkeypatch, threads):
    """Every loop cut into pieces and every stream drawn side by side (as on a national
    network, forced here on a small one) gives the run of one thread, to the last bit: the
    indicators month by month and every final array. The recommended package exercises
    training, platforms, awards and a central management unit; a shock and transfers too."""
    config = small_config(
        "interventions=recommended", "interventions.shock_start_month=6", state="bihar"
    )
    monkeypatch.setenv("PHC_THREADS", "1")
    one_series, one_arrays = _run(config, 24)
    monkeypatch.setattr(cores, "SPREAD_FROM", 0)
    monkeypatch.setenv("PHC_THREADS", threads)
    assert cores.worth_spreading(1)
    series, arrays = _run(config, 24)
    assert series.equals(one_series)
    assert arrays.keys() == one_arrays.keys()
    for key, value in arrays.items():
        np.testing.assert_array_equal(value, one_arrays[key], err_msg=key)


@pytest.mark.parametrize("value", ["0", "two", "-1", "1.5"])
def test_a_bad_thread_count_stops_the_model_before_it_starts(monkeypatch, value):
    monkeypatch.setenv("PHC_THREADS", value)
    with pytest.raises(ConfigError, match=rf"PHC_THREADS={value!r}.*whole number, 1 or more"):
        CollaborationModel(small_config())


def test_joblib_workers_thread_count_is_honoured(monkeypatch):
    """Sweeps running jobs side by side set OMP_NUM_THREADS=1 in each worker (joblib); a month
    then stays in its own thread. PHC_THREADS, when set, wins."""
    monkeypatch.delenv("PHC_THREADS", raising=False)
    monkeypatch.setenv("OMP_NUM_THREADS", "1")
    assert cores.threads() == 1 and not cores.worth_spreading(10**9)
    monkeypatch.setenv("PHC_THREADS", "2")
    assert cores.threads() == 2


@pytest.mark.parametrize("order", ["forward", "backward"])
def test_fillers_draw_what_one_after_the_other_draws(order):
    """Arrays filled side by side, from copies of a stream moved ahead, hold the numbers the
    stream draws into them one after the other, whatever order the calls run in; the stream
    then goes on from the same place."""
    shapes = [7, (4, 5), 1, 0, 300]
    stream, reference = np.random.default_rng(11), np.random.default_rng(11)
    arrays = [np.empty(shape) for shape in shapes]
    calls = fillers(stream, arrays)
    for call in calls if order == "forward" else calls[::-1]:
        call()
    for array, shape in zip(arrays, shapes, strict=True):
        np.testing.assert_array_equal(array, reference.random(shape))
    assert stream.random() == reference.random()
