"""A planner's scenarios: small YAML files in ``configs/scenarios/`` that compose interventions.

A scenario file has a label, a description, optionally a ``base`` (an interventions preset of
``configs/interventions/``, e.g. ``recommended``) and the interventions it sets::

    label: RDPR-led block convergence + CMU + deliverables
    description: The Block Development Officer convenes ...
    interventions:
      block_convergence: rdpr_led
      central_management_unit: true
      accountability: deliverables

Every key and value is checked before anything runs; an error names the file and the key, the
value and what is allowed. Label and description are free text: reports show them as text
(``simulation/escaping.py``), so HTML or Markdown in them is shown, never run or rendered.
"""

from dataclasses import dataclass, fields
from pathlib import Path

import yaml

from simulation.config import CONFIG_DIR, InterventionsConfig
from simulation.parameters import ConfigError
from simulation.sweep.plan import check_jobs

SCENARIO_DIR = CONFIG_DIR / "scenarios"
PRESET_DIR = CONFIG_DIR / "interventions"
KEYS = ("label", "description", "base", "interventions")
#: The scenario every other one is compared with.
STATUS_QUO = "status_quo"


@dataclass(frozen=True)
class Scenario:
    """A named package of interventions, as config overrides."""

    name: str
    label: str
    description: str
    overrides: tuple[str, ...]
    path: Path

    @property
    def interventions(self) -> dict[str, str]:
        """The interventions the scenario sets, as ``key: value`` (the base preset first)."""
        out = {}
        for o in self.overrides:
            key, _, value = o.partition("=")
            out["base" if key == "interventions" else key.removeprefix("interventions.")] = value
        return out


def intervention_keys() -> list[str]:
    return [f.name for f in fields(InterventionsConfig)]


def _value(value) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return str(value).lower()
    return str(value)


def load_scenario(path: Path, state: str) -> Scenario:
    """Read and check one scenario file against ``state``; raise :class:`ConfigError` naming
    the file and key."""
    path = Path(path)
    where = _shown(path)
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
        presets = sorted(p.stem for p in PRESET_DIR.glob("*.yaml"))
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
        overrides.append(f"interventions.{key}={_value(value)}")
    try:
        check_jobs([[f"state={state}", *overrides]])
    except ConfigError as error:
        cause = str(error.__cause__ or error).splitlines()[0]
        key = next(
            (
                line.split(":", 1)[1].strip()
                for line in str(error.__cause__ or "").splitlines()
                if line.strip().startswith("full_key:")
            ),
            None,
        )
        raise ConfigError(f"{where}: {key + ': ' if key else ''}{cause}") from None
    return Scenario(
        name=path.stem,
        label=label.strip(),
        description=(description or "").strip(),
        overrides=tuple(overrides),
        path=path,
    )


def available() -> list[str]:
    """The names of the scenarios in ``configs/scenarios/``."""
    return sorted(p.stem for p in SCENARIO_DIR.glob("*.yaml"))


def load_scenarios(names=None, directory: Path = SCENARIO_DIR, *, state: str):
    """The scenarios ``names`` (default: every file in ``directory``), status quo first.

    A name may also be a path to a planner's own file.
    """
    directory = Path(directory)
    if names is None:
        names = sorted(p.stem for p in directory.glob("*.yaml"))
    paths = []
    for name in names:
        candidate = Path(str(name))
        if candidate.suffix in (".yaml", ".yml"):
            paths.append(candidate)
        elif (directory / f"{name}.yaml").is_file():
            paths.append(directory / f"{name}.yaml")
        else:
            known = sorted(p.stem for p in directory.glob("*.yaml"))
            raise ConfigError(f"scenario {name!r} is not in {_shown(directory)}; allowed: {known}")
    scenarios = [load_scenario(p, state) for p in paths]
    names = [s.name for s in scenarios]
    if STATUS_QUO not in names:
        scenarios.insert(0, load_scenario(directory / f"{STATUS_QUO}.yaml", state))
    duplicates = {n for n in names if names.count(n) > 1}
    if duplicates:
        raise ConfigError(f"scenarios: {sorted(duplicates)} given more than once")
    scenarios.sort(key=lambda s: s.name != STATUS_QUO)
    return scenarios


def _shown(path: Path) -> str:
    try:
        return str(Path(path).resolve().relative_to(CONFIG_DIR.parent))
    except ValueError:
        return str(path)
