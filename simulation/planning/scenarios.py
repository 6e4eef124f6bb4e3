"""A planner's scenarios: small YAML files in ``configs/scenarios/`` that compose interventions.

A scenario (:class:`simulation.experiment.scenario.Scenario`, read by
:func:`~simulation.experiment.scenario.read_scenario`) has a label, a description, optionally
a ``base`` (an interventions preset of ``configs/interventions/``, e.g. ``recommended``), the
interventions it sets and any other overrides::

    label: RDPR-led block convergence + CMU + deliverables
    description: The Block Development Officer convenes ...
    interventions:
      block_convergence: rdpr_led
      central_management_unit: true
      accountability: deliverables
    overrides:            # any other key, as on the command line
      - state.context.power_asymmetry=0.7

Every key and value is checked before anything runs; an error names the file and the key, the
value and what is allowed. Label and description are free text: reports show them as text
(``simulation/escaping.py``), so HTML or Markdown in them is shown, never run or rendered.
"""

from pathlib import Path

from simulation.config import CONFIG_DIR
from simulation.config_folder import shown
from simulation.experiment.checking import job_config
from simulation.experiment.scenario import Scenario, read_scenario
from simulation.parameters import ConfigError

SCENARIO_DIR = CONFIG_DIR / "scenarios"
#: The scenario every other one is compared with.
STATUS_QUO = "status_quo"


def load_scenario(path: Path, state: str, compositions: dict | None = None) -> Scenario:
    """Read and check one scenario file against ``state``; raise :class:`ConfigError` naming
    the file and key. ``compositions`` shares the composed config groups between the files
    of one comparison (:func:`~simulation.experiment.checking.check_jobs`)."""
    scenario = read_scenario(path)
    where = shown(Path(path))
    try:
        job_config(scenario, [f"state={state}"], compositions)
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
    return scenario


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
            raise ConfigError(f"scenario {name!r} is not in {shown(directory)}; allowed: {known}")
    compositions: dict = {}  # most files compose the same config groups: compose them once
    scenarios = [load_scenario(p, state, compositions) for p in paths]
    names = [s.name for s in scenarios]
    if STATUS_QUO not in names:
        scenarios.insert(0, load_scenario(directory / f"{STATUS_QUO}.yaml", state, compositions))
    duplicates = {n for n in names if names.count(n) > 1}
    if duplicates:
        raise ConfigError(f"scenarios: {sorted(duplicates)} given more than once")
    scenarios.sort(key=lambda s: s.name != STATUS_QUO)
    return scenarios
