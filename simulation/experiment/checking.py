"""Every run's config checked before any run: the experiment layer's one way to turn lists of
overrides (a sweep's jobs, a comparison's scenarios by seeds, a study's runs) into checked run
configs.

:func:`check_jobs` validates every job's config (ranges and combinations, the same checks as a
single run) and raises one :class:`~simulation.parameters.ConfigError` naming the first bad job,
so that a bad value in job 731 of 1,000 stops the work at once instead of an hour later. It
composes each combination of config groups once (Hydra's composition), merges the value
overrides onto it, and sets the numbers a draw varies on a copy directly.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from omegaconf import DictConfig, OmegaConf

from simulation.config import RunConfig, load_config, replace, validate
from simulation.experiment.scenario import (
    AS_IN,
    REPLICATE_KEYS,
    Scenario,
    assign,
    is_group,
    override_key,
    pairs,
)
from simulation.parameters import ConfigError, check_ranges


def job_config(scenario: Scenario, base: Sequence[str] = (), compositions: dict | None = None):
    """The checked run config of ``scenario`` on top of ``base`` overrides, checked as a
    sweep's job (Hydra's composition and OmegaConf's merge, with their own messages): what
    :func:`simulation.experiment.scenario.run_config` gives faster, for a file a user wrote
    (a planner's scenario). ``compositions`` shares the composed config groups between calls
    (:func:`check_jobs`). ``as in <state>`` values are refused: they resolve only on a
    composed state's config."""
    overrides = (*base, *scenario.overrides)
    for key, text in pairs(overrides):
        if text.strip().startswith(AS_IN):
            raise ConfigError(
                f"{key}={text} is not allowed here; allowed: the values themselves "
                f"('{AS_IN}<state>' is resolved only on a composed state's config)"
            )
    return check_jobs([list(overrides)], compositions)[0]


#: The run configs :func:`check_jobs` checked last, by job: a sweep's launcher runs the very
#: configs its callback checked (:func:`checked_configs`) instead of composing them again.
_last_checked: dict[tuple[str, ...], RunConfig] = {}


def checked_configs(jobs: Sequence[Sequence[str]]) -> list[RunConfig]:
    """The run configs of ``jobs``: those :func:`check_jobs` checked last if it checked these
    jobs, else checked now."""
    keys = [tuple(job) for job in jobs]
    if all(key in _last_checked for key in keys):
        return [_last_checked[key] for key in keys]
    return check_jobs(jobs)


def check_jobs(jobs: Sequence[Sequence[str]], compositions: dict | None = None) -> list[RunConfig]:
    """Validate every job's config; raise :class:`ConfigError` naming the first bad job.

    Configs are composed once per combination of config groups (a state file, an
    interventions file) and the value overrides merged onto that, which is much faster than
    composing every job from scratch. ``compositions`` shares those compositions between
    calls that check jobs one at a time (a planner's scenario files, each checked with its
    own message); it is the caller's, and lives as long as the config files do not change.
    """
    composed: dict[tuple[str, ...], DictConfig] = {} if compositions is None else compositions
    checked: dict[tuple[str, ...], RunConfig] = {}
    configs = []
    for number, job in enumerate(jobs):
        groups = tuple(o for o in job if is_group(override_key(o)) or o[0] in "+~")
        values = [o for o in job if o not in groups]
        # jobs that differ only in replicate and seed share one check of everything else
        varied = {k: v for k, _, v in (o.partition("=") for o in values) if k in REPLICATE_KEYS}
        settings = [o for o in values if override_key(o) not in REPLICATE_KEYS]
        # jobs that differ only in drawn numbers (a posterior's weights, a state's uncertain
        # parameters) share the composition of everything else; the numbers are set on a copy
        numbers = _drawn_numbers(settings)
        rest = [o for o in settings if o not in numbers]
        condition = groups + tuple(rest)
        try:
            if condition not in checked:
                if groups not in composed:
                    composed[groups] = OmegaConf.structured(load_config(groups))
                cfg = OmegaConf.merge(composed[groups], OmegaConf.from_dotlist(rest))
                checked[condition] = validate(OmegaConf.to_object(cfg))
            config = checked[condition]
            if numbers:
                drawn = condition + tuple(numbers)
                if drawn not in checked:
                    checked[drawn] = _with_numbers(config, numbers)
                config = checked[drawn]
            configs.append(_with_replicate(config, varied))
        except Exception as error:
            from simulation.command_line import describe  # one line, naming key and value

            raise ConfigError(f"job #{number} ({' '.join(job)}): {describe(error)}") from error
    _last_checked.clear()
    _last_checked.update(zip((tuple(job) for job in jobs), configs, strict=True))
    return configs


#: A plain decimal number, as a draw writes one (``repr`` of a float): no leading zero before
#: other digits (YAML reads ``010`` as octal).
_NUMBER = re.compile(r"[-+]?((0|[1-9]\d*)(\.\d*)?|\.\d+)([eE][-+]?\d+)?")


def _drawn_numbers(settings: list[str]) -> list[str]:
    """The overrides that set a float parameter a draw may vary (:func:`perturbable`) to a
    plain number, each key once: these can be set on a composed config directly, with the same
    result as OmegaConf's merge (a float field takes ``float(value)``)."""
    from simulation.uncertain_parameters import perturbable

    floats = set(perturbable())
    keys = [o.partition("=")[0] for o in settings]

    def direct(o: str, key: str) -> bool:
        value = o.partition("=")[2]
        return (
            key in floats
            and keys.count(key) == 1
            and bool(_NUMBER.fullmatch(value))
            and not (value.startswith("-") and float(value) == 0)  # YAML's -0 is 0
            and not any(key.startswith(k + ".") for k in keys)  # no section set as a whole
        )

    return [o for o, key in zip(settings, keys, strict=True) if direct(o, key)]


def _with_numbers(config: RunConfig, numbers: list[str]) -> RunConfig:
    """A copy of ``config`` with each ``key=number`` of ``numbers`` set, checked as a whole."""
    import copy

    sections = {o.split(".", 1)[0] for o in numbers}
    config = replace(config, **{s: copy.deepcopy(getattr(config, s)) for s in sections})
    for o in numbers:
        key, _, value = o.partition("=")
        assign(config, key, float(value))
    return validate(config)


def _with_replicate(config: RunConfig, values: dict[str, str]) -> RunConfig:
    """``config`` with its replicate and seed set from override values, range-checked."""
    if not values:
        return config
    changes = {}
    for key, text in values.items():
        try:
            changes[key] = int(text)
        except ValueError:
            raise ConfigError(f"{key} = {text!r} is not allowed; allowed: an integer") from None
    config = replace(config, **changes)
    check_ranges(config)
    return config
