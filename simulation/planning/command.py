"""The planner's comparison as a command: compare block convergence models and reforms in a
state, and write a report to hand on.

    python -m simulation.planning                       # Bihar, 12 scenarios, 200 seeds
    python -m simulation.planning state=kerala seeds=50
    python -m simulation.planning compare=[status_quo,rdpr_led,my/own_scenario.yaml]
    python -m simulation.planning costs.pdia_days=12 collapse_below=0.15

``python experiments/compare_scenarios.py`` (``make compare``) is the same command, started from
a checkout. Settings are in ``configs/compare.yaml``, scenarios in ``configs/scenarios/``, unit
costs in ``configs/costs/``. Every scenario file and every run's config is checked before the
first run (exit status 2 with one message naming the file or key). Writes ``output`` (default
``results/comparisons/<state>/``): ``report.html`` (self-contained), ``report.md`` with
``figures/``, ``outcomes.csv``, ``runs.csv``, ``scenarios/*.yaml`` and ``settings.json``. The
runs are kept in ``runs_dir``, so running it again reuses every complete run.

A partial comparison (settings other than ``configs/compare.yaml``'s, see :func:`partial`, e.g.
fewer seeds) writes, unless ``output`` is given, to a new folder of ``results/scratch/``, never
over ``results/comparisons/<state>/``; its report says at the top that it is partial.
"""

import shlex
import sys
import time
from collections.abc import Callable
from pathlib import Path

from hydra.core.hydra_config import HydraConfig
from omegaconf import DictConfig, OmegaConf

from simulation import output_folder
from simulation.behaviour import behaviour_fingerprint
from simulation.command_line import chosen, command, setting
from simulation.experiment.checking import check_jobs
from simulation.identity import model_identity
from simulation.planning import dependence, ensemble, report, uncertainty
from simulation.planning.costs import unit_costs
from simulation.planning.scenarios import STATUS_QUO, load_scenarios
from simulation.scratch import Difference, Setting, differences, full_study, study_folder


def partial(cfg: DictConfig, full: DictConfig, state_settings: list[str]) -> list[Difference]:
    """How a comparison differs from the full one of its state (empty: it is the full one).

    The one rule of what ``results/comparisons/<state>/`` may be replaced by: the default
    scenarios (in any order), at least the default seeds, and the default base seed, months,
    scale, collapse threshold, uncertainty and unit costs of ``configs/compare.yaml``, with the
    state's own settings (no ``state.<key>=...`` override).
    """

    def values(c: DictConfig, changed: list[str]) -> dict:
        return {
            "seeds": int(c.seeds),
            "compare": sorted({str(n) for n in c.compare} | {STATUS_QUO}),
            "seed": int(c.seed),
            "months": int(c.months),
            "scale": float(c.scale),
            "collapse_below": float(c.collapse_below),
            "uncertainty.spread": float(c.uncertainty.spread),
            "uncertainty.parameters": sorted(map(str, c.uncertainty.parameters)),
            "uncertainty.posterior": str(c.uncertainty.get("posterior")),
            "uncertainty.seeds_per_draw": int(c.uncertainty.get("seeds_per_draw", 1)),
            "uncertainty.sensitivity": str(c.uncertainty.get("sensitivity")),
            "costs": OmegaConf.to_container(c.costs),
            "state settings": sorted(changed),
        }

    defaults = values(full, [])
    rules = [Setting(k, v, at_least=k == "seeds") for k, v in defaults.items()]
    return differences(values(cfg, state_settings), rules)


def comparison_command(name: str) -> Callable[[], None]:
    """The comparison as a command started as ``name`` (``python -m simulation.planning`` or
    ``python experiments/compare_scenarios.py``): its ``--help`` and its report's command line
    name it as the user typed it."""

    @command(
        "compare",
        name,
        "compare scenarios in a state on the same seeds, and write a report to hand on",
    )
    def main(cfg: DictConfig) -> None:
        overrides = HydraConfig.get().overrides.task
        state, state_settings = chosen("state")  # state=kerala state.context.power_asymmetry=0.7
        setting(cfg, "seeds", int, 2)
        per_draw = setting(cfg, "uncertainty.seeds_per_draw", int, 1)
        setting(cfg, "seed", int, 0)
        setting(cfg, "collapse_below", float, 0, 1)
        costs = unit_costs(OmegaConf.to_container(cfg.costs))
        scenarios = load_scenarios(list(cfg.compare), state=state)
        base = [
            f"state={state}",
            *state_settings,
            f"scale={cfg.scale}",
            f"months={cfg.months}",
            f"seed={cfg.seed}",
        ]
        [state_config] = check_jobs([[*base, "replicate=0"]])
        posterior = uncertainty.read_posterior(cfg.uncertainty.get("posterior"))
        sensitivity = dependence.read_sensitivity(cfg.uncertainty.get("sensitivity"))
        draws = uncertainty.draw(
            state_config,
            list(cfg.uncertainty.parameters),
            float(cfg.uncertainty.spread),
            int(cfg.seeds),
            int(cfg.seed),
            posterior,
            per_draw,
        )
        if posterior is not None and int(cfg.seeds) // per_draw > len(posterior):
            print(
                f"{int(cfg.seeds) // per_draw} draws of {len(posterior)} posterior rows: draws "
                f"after the {len(posterior)}th reuse the posterior's rows from the first, so "
                "intervals that count draws count some twice (fewer seeds, or more "
                "seeds_per_draw, use each row once)"
            )
        output_folder.check_path(cfg.runs_dir, "runs_dir")  # a name, not a section
        found = partial(cfg, full_study("compare"), state_settings)
        output = study_folder("compare", cfg.output, found)
        claim = report.claim_report(output)  # never replace what we did not write

        command_text = shlex.join([*shlex.split(name), *overrides])  # as the user typed it
        if found:
            differs = "; ".join(d.describe() for d in found)
            print(f"Partial comparison ({differs})")
        print(f"{len(scenarios)} scenarios x {cfg.seeds} seeds of {state} into {output}/")
        started = time.perf_counter()
        result = ensemble.run(
            scenarios,
            base,
            int(cfg.seeds),
            Path(cfg.runs_dir),
            costs,
            cfg.workers,
            cfg.progress,
            draws,
        )
        settings = report.settings_of(
            result, scenarios, int(cfg.seeds), costs, float(cfg.collapse_below)
        ) | {"state": state, "uncertainty": OmegaConf.to_container(cfg.uncertainty)}
        settings["model_identity"] = model_identity()
        if sensitivity is not None:  # the weights each difference depends on most
            top = sensitivity.groupby("target", sort=False).head(dependence.TOP)
            settings["sensitivity"] = top.to_dict(orient="records")
        if found:
            settings["partial"] = [d.describe() for d in found]
        else:  # the full study, which is committed: the behaviour it was made with
            settings["behaviour_fingerprint"] = behaviour_fingerprint()
        out = report.write_report(result, scenarios, settings, command_text, output, claim)
        print(
            f"Report: {out / 'report.html'} and {out / 'report.md'} "
            f"({time.perf_counter() - started:.0f} s)"
        )
        if len(result.failed):
            print(
                f"{len(result.failed)} runs failed (see {cfg.runs_dir}/failed/); "
                "they are left out of the report, which says so.",
                file=sys.stderr,
            )
            sys.exit(1)

    return main
