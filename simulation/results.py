"""Writing a run's results to its own directory, atomically.

A run directory holds ``timeseries.parquet`` and ``timeseries.csv`` (one row per month),
``summary.json`` (final and last-year values, sizes, seeds), ``config.yaml`` (the exact
resolved config) and ``indicators.png``. Files are written into a temporary sibling directory
that replaces the target only when complete: a run stopped at any moment leaves either the
previous results or the new ones, never a mix or a half-written file.
"""

import hashlib
import json
import os
import shutil
import tempfile
from pathlib import Path

from simulation import __version__
from simulation.config import as_yaml, replace
from simulation.run import RunResult

RESULTS_DIR = Path("results") / "runs"
FILES = ("timeseries.parquet", "timeseries.csv", "summary.json", "config.yaml", "indicators.png")


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


def write_run(
    result: RunResult,
    directory: Path,
    *,
    figure: bool = True,
    csv: bool = True,
    extra: dict[str, str] | None = None,
    resolved: tuple[str, str] | None = None,
) -> Path:
    """Write every output of ``result`` into ``directory`` atomically; return the directory.

    A sweep job leaves out the figure and the CSV copy (``figure=False, csv=False``): thousands
    of runs need only the Parquet table and the summary. ``extra`` adds text files by name.
    ``resolved`` is the config's YAML and hash when the caller has them already (rendering a
    config takes longer than a short run's other output).
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
        summary = {
            "state": config.state.name,
            "seed": config.seed,
            "replicate": config.replicate,
            "months": config.months,
            "scale": config.scale,
            "config_hash": key,
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
        swap_into_place(staging, directory)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return directory


def swap_into_place(staging: Path, directory: Path) -> None:
    """Replace ``directory`` by the complete folder ``staging`` (renames only, no copying)."""
    os.chmod(staging, 0o755)
    if not directory.exists():
        os.replace(staging, directory)
        return
    retired = Path(tempfile.mkdtemp(prefix=f".{directory.name}.old.", dir=directory.parent))
    os.replace(directory, retired / "run")
    os.replace(staging, directory)
    shutil.rmtree(retired, ignore_errors=True)


def write_atomically(path: Path, write) -> Path:
    """Create the file ``path`` by calling ``write(temporary_path)``, then rename it into place.

    A reader, or a sweep killed at any moment, sees the old file or the complete new one.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    os.close(handle)
    try:
        write(Path(temporary))
        os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return path


def write_text_atomically(path: Path, text: str) -> Path:
    """Write ``text`` to ``path`` atomically (see :func:`write_atomically`)."""
    return write_atomically(path, lambda temporary: temporary.write_text(text))
