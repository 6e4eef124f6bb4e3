"""Writing a run's results to its own directory, atomically.

A run directory holds ``timeseries.parquet`` and ``timeseries.csv`` (one row per month),
``summary.json`` (final and last-year values, sizes, seeds, the config hash and the model
identity of :mod:`simulation.identity`), ``config.yaml`` (the exact resolved config),
``indicators.png``, and ``districts.csv`` and ``blocks.csv`` (where the run ended, by
district and block under the directory's names, :mod:`simulation.places`). Files are written
into a temporary sibling directory
that replaces the target only when complete: a run stopped at any moment leaves either the
previous results or the new ones, never a mix or a half-written file.

The run command claims its folder first (:mod:`simulation.output_folder`): a folder holding
anything but an earlier run is refused, an earlier run is replaced only with
``overwrite=true`` (and then only the files its manifest ``.phc-output.json`` lists), and with
no ``output_dir`` each run gets a folder of its own (see :func:`choose_run_directory`).
"""

import hashlib
import json
import os
import shutil
import tempfile
from pathlib import Path

from simulation import __version__
from simulation.config import as_yaml, replace
from simulation.identity import model_identity
from simulation.output_folder import Claim
from simulation.run import RunResult

RESULTS_DIR = Path("results") / "runs"
FILES = (
    "timeseries.parquet",
    "timeseries.csv",
    "summary.json",
    "config.yaml",
    "indicators.png",
    "districts.csv",
    "blocks.csv",
)


def config_hash(config) -> str:
    """A short hash of everything in the config that can change results."""
    return hash_text(as_yaml(replace(config, output_dir=None, progress=False)))


def hash_text(resolved_yaml: str) -> str:
    """The config hash of a resolved config's YAML (one without output_dir and progress)."""
    return hashlib.sha256(resolved_yaml.encode("utf-8")).hexdigest()[:10]


def run_directory(config) -> Path:
    """Where a run's results go: ``output_dir`` if set, else one directory per config."""
    if config.output_dir:
        return Path(config.output_dir)
    state = config.state.name.lower().replace(" ", "_")
    return RESULTS_DIR / f"{state}-seed{config.seed}-r{config.replicate}-{config_hash(config)}"


def choose_run_directory(config, overwrite: bool = False) -> Path:
    """The folder the run command writes to.

    ``output_dir`` if set (the caller claims it, which refuses a folder in use). Without it,
    :func:`run_directory`'s folder named by the config; if that holds an earlier run and
    ``overwrite`` is false, the first free ``<name>-2``, ``<name>-3``, ... instead, so that an
    earlier run is never replaced silently.
    """
    directory = run_directory(config)
    if config.output_dir or overwrite or not os.path.lexists(directory):
        return directory
    number = 2
    while os.path.lexists(directory.with_name(f"{directory.name}-{number}")):
        number += 1
    return directory.with_name(f"{directory.name}-{number}")


def write_run(
    result: RunResult,
    directory: Path,
    *,
    figure: bool = True,
    csv: bool = True,
    extra: dict[str, str] | None = None,
    resolved: tuple[str, str] | None = None,
    claim: Claim | None = None,
) -> Path:
    """Write every output of ``result`` into ``directory`` atomically; return the directory.

    A sweep job leaves out the figure and the CSV copy (``figure=False, csv=False``): thousands
    of runs need only the Parquet table and the summary. ``extra`` adds text files by name.
    ``resolved`` is the config's YAML and hash when the caller has them already (rendering a
    config takes longer than a short run's other output).

    With a ``claim`` (:func:`simulation.output_folder.claim`, made before the run) the folder
    gets a manifest and may replace the earlier run the claim allows. Without one (a sweep
    job) ``directory`` must be new: an occupied one raises :class:`OSError` and is left as it
    is. Either way a failed write leaves no staging folder behind.
    """
    directory = Path(directory)
    directory.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{directory.name}.", dir=directory.parent))
    try:
        config = result.config
        text, key = resolved or (as_yaml(config), config_hash(config))
        result.timeseries.to_parquet(staging / "timeseries.parquet", index=False)
        if csv:
            result.timeseries.to_csv(staging / "timeseries.csv", index=False)
            for name, table in (("districts", result.districts), ("blocks", result.blocks)):
                if table is not None:
                    table.to_csv(staging / f"{name}.csv", index=False, float_format="%.6g")
        summary = {
            "state": config.state.name,
            "seed": config.seed,
            "replicate": config.replicate,
            "months": config.months,
            "scale": config.scale,
            "config_hash": key,
            "model_identity": model_identity(),
            "model_version": __version__,
            "counts": result.counts,
            **result.summary(),
        }
        (staging / "summary.json").write_text(json.dumps(summary, indent=2) + "\n")
        (staging / "config.yaml").write_text(text)
        for name, content in (extra or {}).items():
            (staging / name).write_text(content)
        if figure:
            from simulation.figures import indicators_figure  # matplotlib: only when drawn

            title = f"{config.state.name} (scale {config.scale}, seed {config.seed})"
            indicators_figure(result.timeseries, title).savefig(
                staging / "indicators.png", dpi=100, metadata={"Software": None}
            )
        if claim is not None:
            claim.place(staging)
        else:
            os.chmod(staging, 0o755)
            os.replace(staging, directory)  # fails if another complete run is there
    except BaseException as error:
        shutil.rmtree(staging, ignore_errors=True)
        if isinstance(error, OSError) and str(error.filename or "").startswith(str(staging)):
            # name the file the user will look for, not the staging copy that is gone
            error.filename = str(directory / Path(error.filename).relative_to(staging))
        raise
    return directory
