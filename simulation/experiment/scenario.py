"""A scenario: a named set of overrides on the run config, readable from YAML.

Every study names what it runs the same way, as Hydra override strings (``key=value``, the
very text one types after ``python -m simulation``): the validation's conditions, the
planner's scenario files, the dashboard's settings and a sweep's jobs. A reader can therefore
rerun any scenario with ``python -m simulation state=<state> <override> ...``.

A scenario file (``configs/scenarios/*.yaml``, or a planner's own) holds a label, optionally a
description, and its overrides, either as a list or, for interventions, as the planner writes
them (``base`` is a preset of ``configs/interventions/``)::

    label: RDPR-led block convergence + CMU + deliverables
    description: The Block Development Officer convenes ...
    base: recommended                 # -> interventions=recommended
    interventions:                    # -> interventions.block_convergence=rdpr_led, ...
      block_convergence: rdpr_led
      central_management_unit: true
    overrides:                        # any other key, as on the command line
      - state.context.power_asymmetry=0.7

:func:`run_config` gives a scenario's checked run config. It composes with Hydra once per
combination of config groups and base settings (state, scale, months, ...) and
applies the scenario's value overrides to a copy of that: the validation makes thousands of
runs and composes a handful of times. The values are parsed by Hydra's own override parser and
converted to each field's declared type as OmegaConf would (an enum by its name, an integer in
a float field as a float, ``null`` only where the field allows it), so the config equals what
Hydra's composition gives (tested). :func:`simulation.experiment.checking.job_config` composes
a scenario with Hydra instead, as a sweep's job, with OmegaConf's own messages.

One value is special: ``as in <state>`` (:func:`as_in`) sets a key, or a whole section such as
``state.health_leaders``, to its value in another state's file ("Bihar with Tamil Nadu's
cadre"). Only :func:`run_config`'s default path resolves it; on the command line, give the
other state's values instead.
"""

from __future__ import annotations

import copy
import dataclasses
import threading
import types
import typing
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from enum import Enum
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

import yaml

from simulation.config_folder import CONFIG_DIR, shown
from simulation.parameters import ConfigError

#: The keys of a scenario file.
KEYS = ("label", "description", "base", "interventions", "overrides")
#: Keys that tell replicates apart; set on a copy of the composed config, never composed.
REPLICATE_KEYS = ("replicate", "seed")
#: The special value "the value of this key in another state's file" (see :func:`as_in`).
AS_IN = "as in "

#: Hydra's composition is global state: one composition at a time (the dashboard's sessions
#: run in threads).
COMPOSING = threading.RLock()


@dataclass(frozen=True)
class Scenario:
    """A named set of overrides on the run config (``key=value``, as on the command line)."""

    name: str
    label: str
    overrides: tuple[str, ...] = ()
    description: str = ""
    path: Path | None = None  # the file it was read from, if any

    @property
    def state(self) -> str | None:
        """The state the scenario runs in, if it names one (``state=<name>``)."""
        states = [v for k, v in pairs(self.overrides) if k == "state"]
        return states[-1] if states else None

    @property
    def keys(self) -> tuple[str, ...]:
        """The config keys the scenario sets, config groups (``state``) excluded."""
        return tuple(k for k, _ in pairs(self.overrides) if not is_group(k))

    def with_overrides(self, *overrides: str) -> Scenario:
        """The same scenario with ``overrides`` applied first (its own overrides win)."""
        return dataclasses.replace(self, overrides=(*overrides, *self.overrides))


def override(key: str, value: Any) -> str:
    """The override text that sets ``key`` to the Python ``value`` (an enum by its name)."""
    if value is None:
        text = "null"
    elif isinstance(value, bool):
        text = str(value).lower()
    elif isinstance(value, Enum):
        text = value.name
    else:
        text = str(value)
    return f"{key}={text}"


def as_in(key: str, state: str) -> str:
    """The override that sets ``key`` to its value in ``state``'s file."""
    return f"{key}={AS_IN}{state}"


def pairs(overrides: Iterable[str]) -> list[tuple[str, str]]:
    """Each override as (key, value text), Hydra's ``+``/``~`` prefixes dropped."""
    out = []
    for o in overrides:
        key, equals, value = o.partition("=")
        if not key.lstrip("+~").strip() or not (equals or o.startswith("~")):  # ~key deletes
            raise ConfigError(f"override {o!r} is not allowed; allowed: key=value")
        out.append((key.lstrip("+~").strip(), value))
    return out


def override_key(override: str) -> str:
    """The config key an override ``key=value`` sets (without Hydra's ``+``/``~`` prefixes)."""
    return override.split("=", 1)[0].lstrip("+~")


@cache
def is_group(key: str) -> bool:
    """True if ``key`` names a config group (``state``, ``interventions``), not a value."""
    return (CONFIG_DIR / key).is_dir()


# --------------------------------------------------------------------------- files
def read_scenario(path: Path | str) -> Scenario:
    """The scenario in a YAML file; :class:`ConfigError` naming the file, key, value and what is
    allowed. Checks the file's own form; :func:`run_config` checks its values."""
    path = Path(path)
    where = shown(path)
    if not path.is_file():
        raise ConfigError(f"{where}: no such scenario file")
    try:
        data = yaml.safe_load(path.read_text())
    except yaml.YAMLError as error:
        raise ConfigError(f"{where}: not valid YAML ({error})".replace("\n", " ")) from None
    if not isinstance(data, dict):
        raise ConfigError(f"{where}: expected a mapping with keys {', '.join(KEYS)}")
    for key in data:
        if key not in KEYS:
            raise ConfigError(f"{where}: unknown key {key!r}; allowed: {', '.join(KEYS)}")
    label = data.get("label")
    if not isinstance(label, str) or not label.strip():
        raise ConfigError(f"{where}: label = {label!r}; allowed: a non-empty text")
    description = data.get("description")
    if description is not None and not isinstance(description, str):
        raise ConfigError(f"{where}: description = {description!r}; allowed: a text")
    overrides = []
    base = data.get("base")
    if base is not None:
        presets = sorted(p.stem for p in (CONFIG_DIR / "interventions").glob("*.yaml"))
        if base not in presets:
            raise ConfigError(f"{where}: base = {base!r} is not allowed; allowed: {presets}")
        overrides.append(f"interventions={base}")
    interventions = data.get("interventions") or {}
    if not isinstance(interventions, dict):
        raise ConfigError(f"{where}: interventions = {interventions!r}; allowed: a mapping")
    allowed = intervention_keys()
    for key, value in interventions.items():
        if key not in allowed:
            raise ConfigError(
                f"{where}: interventions.{key} is not an intervention; allowed: {allowed}"
            )
        overrides.append(override(f"interventions.{key}", value))
    listed = data.get("overrides") or []
    if not isinstance(listed, list) or not all(isinstance(o, str) for o in listed):
        raise ConfigError(f"{where}: overrides = {listed!r}; allowed: a list of key=value texts")
    try:
        pairs(listed)
    except ConfigError as error:
        raise ConfigError(f"{where}: {error}") from None
    return Scenario(
        name=path.stem,
        label=label.strip(),
        overrides=(*overrides, *listed),
        description=(description or "").strip(),
        path=path,
    )


def scenario_yaml(scenario: Scenario) -> str:
    """The scenario as the text of a scenario file (:func:`read_scenario` reads it back)."""
    data: dict[str, Any] = {"label": scenario.label}
    if scenario.description:
        data["description"] = scenario.description
    data["overrides"] = list(scenario.overrides)
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True)


@cache
def intervention_keys() -> list[str]:
    from simulation.config import InterventionsConfig

    return [f.name for f in dataclasses.fields(InterventionsConfig)]


# --------------------------------------------------------------------------- run configs
def run_config(
    scenario: Scenario,
    base: Sequence[str] = (),
    *,
    prepare: Callable[[Any], None] | None = None,
):
    """The checked run config (``RunConfig``) of ``scenario`` on top of ``base`` overrides
    (``state=...``, ``scale=...``, ``months=...``, ``seed=...``; the scenario's own win).

    ``prepare`` changes the freshly composed config in place before the scenario's overrides
    apply (the validation's robustness draws rescale parameters so). The same config as
    Hydra's composition of the overrides (:func:`simulation.experiment.checking.job_config`,
    which checks a scenario as a sweep's job), in a few milliseconds. Raises
    :class:`ConfigError` in one line naming the key, the value and what is allowed.
    """
    from simulation.config import validate

    overrides = (*base, *scenario.overrides)
    composed, values = _split(overrides)
    config = copy.deepcopy(_composed(composed))
    if prepare is not None:
        prepare(config)
    for key, text in values:
        value = _parse(key, text)
        if isinstance(value, str) and value.startswith(AS_IN):
            other = value.removeprefix(AS_IN).strip()
            swapped = tuple(o for o in composed if not o.startswith("state="))
            value = lookup(_composed((f"state={other}", *swapped)), key)
        assign(config, key, value)
    return validate(config)


def _split(overrides: Sequence[str]) -> tuple[tuple[str, ...], list[tuple[str, str]]]:
    """(what is composed with Hydra, sorted, last one of a key winning; the value overrides
    set on a copy, in order). Config groups and the run's base settings (scale, months, ...)
    are composed; a scenario's own keys and the replicate keys are set."""
    composed: dict[str, str] = {}
    values = []
    for o, (key, text) in zip(overrides, pairs(overrides), strict=True):
        group = o[0] in "+~" or is_group(key)
        if group or ("." not in key and key not in REPLICATE_KEYS):
            composed[key] = o
        else:
            values.append((key, text))
    return tuple(sorted(composed.values())), values


@lru_cache(maxsize=64)
def _composed(overrides: tuple[str, ...]):
    """The config Hydra composes of ``overrides`` (cached: copy it before changing it)."""
    from simulation.command_line import describe
    from simulation.config import load_config

    with COMPOSING:
        try:
            return load_config(list(overrides))
        except ConfigError:
            raise
        except Exception as error:  # Hydra's and OmegaConf's, in one line
            raise ConfigError(describe(error)) from error


@cache
def _parser():
    from hydra.core.override_parser.overrides_parser import OverridesParser

    return OverridesParser.create()


@lru_cache(maxsize=4096)
def _parse(key: str, text: str) -> Any:
    """The value of ``key=text`` as Hydra reads it (cached: a study sets the same few values
    thousands of times; :func:`assign` copies what it sets)."""
    from hydra.errors import HydraException

    try:
        parsed = _parser().parse_override(f"{key}={text}")
    except HydraException as error:
        first = str(error).strip().splitlines()[0] if str(error).strip() else "not parsed"
        raise ConfigError(f"{key}={text} is not an override Hydra reads: {first}") from None
    if parsed.is_sweep_override():
        raise ConfigError(f"{key}={text} is a sweep; allowed: one value")
    return parsed.value()


def lookup(config: Any, key: str) -> Any:
    """The value at dotted ``key`` of a config dataclass."""
    value = config
    for part in key.split("."):
        if not dataclasses.is_dataclass(value) or not hasattr(value, part):
            raise ConfigError(f"{key} is not a config key; see simulation/PARAMETERS.md")
        value = getattr(value, part)
    return value


def assign(config: Any, key: str, value: Any) -> None:
    """Set dotted ``key`` of ``config`` in place, ``value`` converted to the field's declared
    type as OmegaConf converts it; :class:`ConfigError` naming key, value and what is allowed."""
    *path, last = key.split(".")
    owner = lookup(config, ".".join(path)) if path else config
    if not dataclasses.is_dataclass(owner) or last not in _field_types(type(owner)):
        raise ConfigError(f"{key} is not a config key; see simulation/PARAMETERS.md")
    declared = _field_types(type(owner))[last]
    setattr(owner, last, _converted(key, declared, value))


@cache
def _field_types(owner: type) -> dict[str, Any]:
    return typing.get_type_hints(owner)


def _converted(key: str, declared: Any, value: Any) -> Any:
    optional = typing.get_origin(declared) in (typing.Union, types.UnionType)
    if optional:
        declared = next(t for t in typing.get_args(declared) if t is not type(None))
    shown_value = "null" if value is None else repr(value)

    def refuse(allowed: str) -> typing.NoReturn:
        raise ConfigError(f"{key} = {shown_value} is not allowed; allowed: {allowed}")

    if value is None:
        if optional:
            return None
        refuse(_describe(declared))
    if dataclasses.is_dataclass(declared):
        if type(value) is not declared:
            refuse(f"a section: set its keys one by one ({key}.<key>=<value>)")
        return copy.deepcopy(value)
    if isinstance(declared, type) and issubclass(declared, Enum):
        if isinstance(value, declared):
            return value
        try:
            return declared[str(value)]
        except KeyError:
            refuse(", ".join(m.name for m in declared))
    if declared is bool:
        if isinstance(value, bool):
            return value
        refuse("true or false")
    if declared is float:
        if isinstance(value, int | float) and not isinstance(value, bool):
            return float(value)
        if isinstance(value, str):
            try:
                return float(value)
            except ValueError:
                pass
        refuse("a number")
    if declared is int:
        if isinstance(value, int) and not isinstance(value, bool):
            return value
        if isinstance(value, float) and value.is_integer():
            return int(value)
        if isinstance(value, str) and value.strip().lstrip("+-").isdigit():
            return int(value)
        refuse("an integer")
    if declared is str:
        if isinstance(value, str | int | float) and not isinstance(value, bool):
            return str(value)
        refuse("a text")
    return copy.deepcopy(value)  # lists and mappings, as given


def _describe(declared: Any) -> str:
    if isinstance(declared, type) and issubclass(declared, Enum):
        return ", ".join(m.name for m in declared)
    return {bool: "true or false", float: "a number", int: "an integer", str: "a text"}.get(
        declared, "a value"
    )
