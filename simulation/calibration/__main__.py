"""``python -m simulation.calibration [key=value ...]`` (``make calibrate``): the calibration.

Examples::

    python -m simulation.calibration                        # the full one (~40 min, 2 cores)
    python -m simulation.calibration draws=100 accept=20    # a quick look, in results/scratch/
    python -m simulation.calibration output=/tmp/cal targets=my_targets.yaml

Writes ``<output>/calibration.md`` and ``<output>/calibration/`` (the posterior ensemble, every
draw, tables, figures); see ``configs/calibration.yaml`` for every setting. Stopped part way, the
same command resumes: finished chunks of draws are kept in ``<output>/.calibration-progress-*``
until the report is written.
"""

import time
from datetime import date
from pathlib import Path

from hydra.core.config_store import ConfigStore
from omegaconf import DictConfig, OmegaConf
from omegaconf.errors import OmegaConfBaseException

from simulation.calibration.settings import COMMITTED, Settings
from simulation.command_line import command, describe, refuse
from simulation.config_folder import project_file
from simulation.parameters import ConfigError
from simulation.scratch import SCRATCH, scratch_folder

ConfigStore.instance().store(name="calibration_schema", node=Settings)


@command(
    "calibration",
    "python -m simulation.calibration",
    "the calibration: every behavioural weight against sourced numbers, elicited ranges and "
    "the validation's patterns, by approximate Bayesian computation",
)
def main(cfg: DictConfig) -> None:
    from simulation.calibration.prior import build_prior, calibrated_keys
    from simulation.calibration.simulate import check_draws
    from simulation.calibration.targets import load_targets
    from simulation.config import load_config
    from simulation.experiment.scenario import lookup

    try:
        settings = OmegaConf.to_object(cfg).check()
        targets = load_targets(project_file(settings.targets), settings.months)
        base = load_config(["progress=false"])
        defaults = {k: lookup(base, k) for k in calibrated_keys()}
        prior = build_prior(
            defaults, settings.spread_assumption, settings.spread_sourced, dict(settings.priors)
        )
        check_draws(targets, prior, settings)  # every run's overrides, every draw's weights
    except ConfigError as error:
        refuse(str(error))
    except OmegaConfBaseException as error:
        refuse(describe(error))

    partial = settings.partial()
    # where finished chunks wait: beside the output, or for a partial run with no output given
    # in results/scratch/ itself, so that the same command finds them again (its output folder
    # is new each time)
    progress_beside = SCRATCH if partial and settings.output is None else None
    if settings.output is None:
        settings.output = str(scratch_folder("calibration", partial)) if partial else COMMITTED
    if partial:
        differs = "; ".join(d.describe() for d in partial)
        print(f"Partial calibration ({differs}): writing to {settings.output}/", flush=True)

    from simulation.calibration import report
    from simulation.calibration.simulate import clean_up, simulate
    from simulation.experiment.evaluate import available_workers
    from simulation.identity import model_identity

    try:
        claim = report.claim_output(settings.output)  # before any run
    except ConfigError as error:
        refuse(str(error))
    identity = model_identity()
    workers = settings.workers or available_workers()
    started = time.perf_counter()
    beside = progress_beside or Path(settings.output)
    table, info = simulate(targets, prior, settings, beside, identity)
    minutes = (time.perf_counter() - started) / 60.0
    meta = {
        "date": date.today().isoformat(),
        "minutes": round(minutes, 1),
        "workers": workers if settings.ray is None else f"Ray ({settings.ray})",
        **info["record"],
        "model_identity": identity,
        "partial": "; ".join(d.describe() for d in partial),
        "defaults": prior.default.tolist(),
        "sourced": prior.sourced.tolist(),
    }
    if not partial:  # the full calibration, which is committed: the behaviour it was made with
        from simulation.behaviour import behaviour_fingerprint

        meta["behaviour_fingerprint"] = behaviour_fingerprint()
    path = report.write(settings.output, table, targets, prior, settings, meta, claim)
    clean_up(info)
    where = f"Ray ({settings.ray})" if settings.ray else f"{workers} workers"
    print(f"\n{meta['runs']} runs ({meta['runs_now']} now) in {minutes:.1f} min on {where}")
    print(f"Report: {path}\nPosterior and tables: {Path(settings.output) / report.DATA}/")


if __name__ == "__main__":
    main()
