"""``python -m simulation.validation [key=value ...]`` (``make validate``): run every pattern.

Examples::

    python -m simulation.validation                       # the full study (about 25 min, 2 cores)
    python -m simulation.validation seeds=10 draws=10     # a quicker look, in results/scratch/
    python -m simulation.validation patterns=[tenure,power] output=/tmp/check

Writes ``<output>/validation.md`` and ``<output>/validation/`` (a figure per pattern, the run
table, metadata); see ``configs/validation.yaml`` for every setting. Without ``output``, the
full study writes ``results/`` (the committed study), and a partial one (fewer seeds, draws or
patterns, see ``Settings.partial``) a new folder ``results/scratch/validation-...``; its report
says at the top that it is partial and how.
"""

import os
import time
from datetime import date

from hydra.core.config_store import ConfigStore
from omegaconf import DictConfig, OmegaConf
from omegaconf.errors import OmegaConfBaseException

from simulation.command_line import command, describe, refuse
from simulation.parameters import ConfigError
from simulation.scratch import scratch_folder
from simulation.validation.settings import COMMITTED, Settings

ConfigStore.instance().store(name="validation_schema", node=Settings)


@command(
    "validation",
    "python -m simulation.validation",
    "the validation study: every pattern the sources report, as an experiment over seeds",
)
def main(cfg: DictConfig) -> None:
    from simulation.validation.patterns import PATTERNS

    try:
        settings = OmegaConf.to_object(cfg)
        settings.check(list(PATTERNS))
    except ConfigError as error:
        refuse(str(error))
    except OmegaConfBaseException as error:  # raised after Hydra composed the config
        refuse(describe(error))

    partial = settings.partial(list(PATTERNS))
    if settings.output is None:
        settings.output = str(scratch_folder("validation", partial)) if partial else COMMITTED
    if partial:
        differs = "; ".join(d.describe() for d in partial)
        print(f"Partial validation ({differs}): writing to {settings.output}/", flush=True)

    from simulation.behaviour import behaviour_fingerprint
    from simulation.experiment.evaluate import available_workers
    from simulation.identity import model_identity
    from simulation.validation import report, study

    # before the study: never replace what this project did not write
    claim = report.claim_output(settings.output)

    patterns = [PATTERNS[k] for k in (settings.patterns or PATTERNS)]
    workers = settings.workers or available_workers()
    started = time.perf_counter()
    runs, series = study.run(patterns, settings)
    minutes = (time.perf_counter() - started) / 60.0
    meta = {
        "date": date.today().isoformat(),
        "minutes": round(minutes, 1),
        "workers": workers,
        "runs": int(runs.groupby(["pattern", "part", "draw", "condition", "replicate"]).ngroups),
        "model_identity": model_identity(),
    }
    if not partial:  # the full study, which is committed: the behaviour it was made with
        meta["behaviour_fingerprint"] = behaviour_fingerprint()
    results = report.analyse_all(runs, settings)
    path = report.write(settings.output, results, runs, series, settings, meta, claim)
    print(f"\n{meta['runs']} runs in {minutes:.1f} min on {workers} workers")
    for r in results:
        c = r.claims[0]
        print(f"  {r.verdict:18s} {r.pattern.title}  (robustness {c.share:.0%})")
    print(f"\nReport: {path}\nFigures and tables: {os.path.join(settings.output, report.DATA)}/")


if __name__ == "__main__":
    main()
