"""The jobs of a sweep, known before any of them runs, and checked all at once.

Hydra's basic sweeper turns ``key=a,b`` overrides (on the command line or in
``hydra.sweeper.params`` of a sweep file) into the cross product of jobs. :func:`job_overrides`
expands them the same way, so the sweep's size is known for the progress bar, and
:func:`check_jobs` validates every job's config (ranges and combinations, the same checks as a
single run) before the first job starts: a bad value in job 731 of 1,000 stops the sweep at
once with one message, instead of failing an hour later.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from hydra.core.override_parser.overrides_parser import OverridesParser
from omegaconf import DictConfig, OmegaConf

from simulation.config import RunConfig, load_config, replace, validate
from simulation.experiment.scenario import REPLICATE_KEYS, is_group, override_key
from simulation.parameters import ConfigError, check_ranges


def job_overrides(config: DictConfig) -> list[list[str]]:
    """Every job of the multirun that ``config`` (Hydra's master config) describes, in order."""
    from simulation.sweep.hydra_private import BasicSweeper

    params = config.hydra.sweeper.get("params") or {}
    arguments = [f"{k}={v}" for k, v in params.items()]
    arguments += list(config.hydra.overrides.task)
    overrides = OverridesParser.create().parse_overrides(arguments)
    batches = BasicSweeper.split_arguments(overrides, None)
    return [list(job) for batch in batches for job in batch]


def check_launcher(launcher: DictConfig) -> None:
    """Raise :class:`ConfigError` for joblib settings (the local launcher's) that joblib would
    refuse only once the sweep had begun, and a cluster launcher (Ray, SLURM) whose cluster is
    not there (:func:`simulation.experiment.clusters.check_cluster`)."""
    from simulation.experiment.clusters import check_cluster

    check_cluster(launcher)
    target = str(launcher.get("_target_", ""))
    if "joblib" not in target.lower() and not target.endswith("LocalLauncher"):
        return
    n_jobs = launcher.get("n_jobs")
    if n_jobs is not None and (type(n_jobs) is not int or n_jobs == 0):
        raise ConfigError(
            f"hydra.launcher.n_jobs = {n_jobs!r} is not allowed; allowed: a number of workers "
            "(1, 2, ...), -1 for every core, -2 for all but one, ..."
        )
    batch_size = str(launcher.get("batch_size", "auto"))  # joblib's launcher keeps it as text
    if batch_size not in ("None", "auto") and not (batch_size.isdigit() and int(batch_size) > 0):
        raise ConfigError(
            f"hydra.launcher.batch_size = {batch_size} is not allowed; allowed: a number of "
            "jobs sent to a worker at a time (1, 2, ...) or 'auto'"
        )


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

    from simulation.experiment.scenario import assign

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
