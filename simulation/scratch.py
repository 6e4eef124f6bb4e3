"""Partial studies and the scratch folder they write to.

The committed studies (the validation in ``results/validation.md``, the planner's comparison in
``results/comparisons/<state>/``, the sensitivity indices in ``results/sensitivity/<method>/``
and the scenario discovery in ``results/sweeps/collapse/discovery/``) are replaced only by a
run of the *full* study: every setting that changes what the study computes at its committed
value (counts such as seeds or draws at least the committed value). Any other run is *partial*:
unless the user names an ``output``, it writes to a new folder of ``results/scratch/``
(git-ignored), named after the study, what differs and the time, and its report says at the top
that it is partial and how.

Each study states its rule once, as a list of :class:`Setting` (the validation in
``simulation/validation/settings.py``, the others in their ``experiments/`` script), and calls
:func:`differences` and :func:`scratch_folder`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

#: Where partial studies write by default (relative to the working directory, like ``results``).
SCRATCH = Path("results") / "scratch"


@dataclass(frozen=True)
class Setting:
    """One setting of a study and its value in the full (committed) study.

    ``at_least``: a count (seeds, draws, samples) for which a larger value is still the full
    study. ``any_order``: a list whose order does not matter. ``shown``: how a report names
    the full value, if not by the value itself (e.g. ``all 9``).
    """

    key: str
    full: object
    at_least: bool = False
    any_order: bool = False
    shown: str | None = None

    def matches(self, value) -> bool:
        if self.at_least:
            return value >= self.full
        if self.any_order:
            return sorted(map(str, value)) == sorted(map(str, self.full))
        return value == self.full


@dataclass(frozen=True)
class Difference:
    """A setting of a run that differs from the full study."""

    key: str
    value: object
    full: str  # as a report shows it

    def describe(self) -> str:
        """``seeds 10 (full study: 30)``."""
        return f"{self.key} {_shown(self.value)} (full study: {self.full})"


def differences(values: dict, rules: list[Setting]) -> list[Difference]:
    """The settings in ``values`` that make a run partial, in the order of ``rules``; of a
    mapping (e.g. unit costs), each entry that differs."""
    found = []
    for rule in rules:
        value = values[rule.key]
        if rule.matches(value):
            continue
        if isinstance(value, dict) and isinstance(rule.full, dict):
            found += [
                Difference(f"{rule.key}.{k}", value.get(k), _shown(rule.full.get(k)))
                for k in dict.fromkeys([*rule.full, *value])
                if value.get(k) != rule.full.get(k)
            ]
        else:
            found.append(Difference(rule.key, value, rule.shown or _shown(rule.full)))
    return found


def scratch_folder(study: str, found: list[Difference], now: datetime | None = None) -> Path:
    """A new folder under ``results/scratch/``: ``<study>-<what differs>-<UTC time>``."""
    parts = [
        "-".join(map(str, d.value)) if isinstance(d.value, list) else f"{d.key}{_shown(d.value)}"
        for d in found
    ]
    slug = re.sub(r"[^A-Za-z0-9.]+", "-", "-".join(parts)).strip("-.")[:48].strip("-.")
    stamp = f"{(now or datetime.now(UTC)):%Y%m%d-%H%M%S}"
    base = SCRATCH / "-".join(p for p in (study, slug, stamp) if p)
    folder, n = base, 1
    while folder.exists():  # two runs in the same second: a folder each
        n += 1
        folder = base.with_name(f"{base.name}-{n}")
    return folder


def _shown(value) -> str:
    if isinstance(value, (list, tuple)):
        return "[" + ",".join(map(str, value)) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {_shown(v)}" for k, v in value.items()) + "}"
    return "null" if value is None else f"{value:g}" if isinstance(value, float) else str(value)


def given_on_command_line(key: str) -> bool:
    """Whether the running Hydra application was given ``key=...`` on its command line."""
    from hydra.core.hydra_config import HydraConfig

    return any(o.lstrip("+~").split("=", 1)[0] == key for o in HydraConfig.get().overrides.task)


def full_study(config_name: str, overrides: list[str] | None = None):
    """The running Hydra application's config ``config_name`` as committed (with only
    ``overrides``, e.g. the method that names the study's folder): the full study.

    Only inside a ``@hydra.main`` application (it composes with the application's search path).
    """
    import hydra

    return hydra.compose(config_name=config_name, overrides=overrides or [])


def study_folder(study: str, default: str, found: list[Difference], key: str = "output") -> Path:
    """Where a study writes: the user's ``output=`` if given, else ``default`` for the full
    study and a new folder of ``results/scratch/`` for a partial one."""
    from simulation.output_folder import check_path

    if given_on_command_line(key) or not found:
        return check_path(default, key)  # e.g. output=${state}: a section, not a folder name
    return scratch_folder(study, found)
