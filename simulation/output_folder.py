"""Output folders: the project writes only where it may, and replaces only what it wrote.

Every folder the project writes an output into gets a manifest, ``.phc-output.json``: which
kind of output it is (``run``, ``validation``, ``comparison``, ``sensitivity``,
``discovery``), the command that wrote it, the model version, the date, and the list of the
files and subfolders (``name/``) it wrote. The manifest is how the project knows a file is its
own; anything it does not list belongs to the user and is never replaced or removed.

Two steps, each writer of the project takes them:

1. :func:`claim` the folder **before any work**. It raises :class:`ConfigError` (one line
   naming the folder and how to choose another) if the folder

   * holds anything that is not a previous output of this project (a user's file, a
     different kind of output, or files written before manifests existed);
   * holds a previous output and ``overwrite`` is false;
   * cannot be written (a file is created and removed in the nearest existing folder: as
     root, permission bits alone say nothing), or has less than :data:`MIN_FREE_BYTES` free.

   A writer that also writes files next to its folder (the validation report writes
   ``validation.md`` beside ``validation/``) names them in ``beside``: each must be absent or
   listed by the folder's manifest.

2. Write. Either stage the complete output in a folder and :meth:`Claim.place` it (a new
   folder is renamed into place in one step; an existing one has exactly the entries its old
   manifest lists replaced, the manifest written last), or, for writers that write file by
   file, :meth:`Claim.record` the manifest first and then write only the entries it lists.

A write that fails (disk full, permission) raises :class:`OSError`; :func:`write_error` turns
it into the one line a command prints (``Error: could not write <path>: <reason>``).
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import sys
import tempfile
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from simulation.parameters import ConfigError

#: The manifest's name in every output folder the project writes.
MANIFEST = ".phc-output.json"
#: Free space a claimed location must have (bytes): a run needs about 1 MB, a validation
#: study about 20 MB; less than this means the disk is as good as full.
MIN_FREE_BYTES = 50 * 2**20
#: What each kind of output is called in messages.
KINDS = {
    "run": "run",
    "validation": "validation study",
    "comparison": "scenario comparison",
    "sensitivity": "sensitivity analysis",
    "discovery": "scenario discovery",
    "calibration": "calibration",
    "screening": "Morris screening",
}
#: Prefix of the project's own temporary folders inside an output folder.
RETIRED = ".phc-retired."


def read_manifest(folder: Path) -> dict | None:
    """The manifest of ``folder``, or None if it has none (or an unreadable one)."""
    try:
        data = json.loads((Path(folder) / MANIFEST).read_text())
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) and isinstance(data.get("files"), list) else None


def _entry(path: Path) -> str:
    return path.name + "/" if path.is_dir() and not path.is_symlink() else path.name


def _listing(names: list[str], limit: int = 4) -> str:
    shown = ", ".join(names[:limit])
    return shown + (f" and {len(names) - limit} more" if len(names) > limit else "")


def _nearest_existing(path: Path) -> Path:
    path = Path(os.path.abspath(path))
    while not os.path.lexists(path):
        path = path.parent
    return path


def command_line() -> str:
    """The command being run, as a user would type it (recorded in manifests)."""
    program = Path(sys.argv[0]).name if sys.argv and sys.argv[0] else "python"
    if program == "__main__.py":
        program = "python -m " + Path(sys.argv[0]).resolve().parent.name
    return " ".join([program, *sys.argv[1:]])


@dataclass(frozen=True)
class Claim:
    """A folder the project may write an output of ``kind`` into (see :func:`claim`)."""

    folder: Path
    kind: str
    #: Entries of the folder that the previous output's manifest lists (may be replaced).
    previous: tuple[str, ...] = ()
    #: Files written next to the folder, in its parent.
    beside: tuple[str, ...] = field(default=())

    def manifest(self, files: list[str], command: str | None = None) -> str:
        from simulation import __version__

        data = {
            "kind": self.kind,
            "command": command or command_line(),
            "model_version": __version__,
            "date": f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC",
            "files": sorted(files),
        }
        if self.beside:
            data["beside"] = list(self.beside)
        return json.dumps(data, indent=2) + "\n"

    def record(self, files: list[str], command: str | None = None) -> Path:
        """Write the manifest listing ``files`` (kept with the previous ones), for writers that
        write file by file: called before writing, so that a stopped writer's files stay the
        project's."""
        listed = sorted(set(files) | set(self.previous))
        self.folder.mkdir(parents=True, exist_ok=True)
        return write_text_atomically(self.folder / MANIFEST, self.manifest(listed, command))

    def place(self, staging: Path, command: str | None = None) -> Path:
        """Move the complete output in ``staging`` into the claimed folder; return the folder.

        A folder that is absent (or empty) is replaced by ``staging`` in one rename. Otherwise
        the entries the old manifest lists are moved aside, the new ones moved in, the manifest
        written last and the old entries deleted: nothing the manifest does not list is touched.
        ``staging`` must be on the same file system (a hidden sibling of the folder).
        """
        staging, folder = Path(staging), self.folder
        files = [_entry(p) for p in staging.iterdir() if p.name != MANIFEST]
        (staging / MANIFEST).write_text(self.manifest(files, command))
        os.chmod(staging, 0o755)
        if not folder.exists() or (folder.is_dir() and not any(folder.iterdir())):
            os.replace(staging, folder)
            return folder
        old = read_manifest(folder)
        listed = {n.rstrip("/") for n in (old or {}).get("files", [])} if old else set()
        clash = [
            n.rstrip("/") for n in files if n.rstrip("/") not in listed and (folder / n).exists()
        ]
        if clash:  # appeared while the output was computed: the user's, so left alone
            raise FileExistsError(
                f"{folder / clash[0]} appeared during the run and is not this project's"
            )
        retired = Path(tempfile.mkdtemp(prefix=RETIRED, dir=folder))
        try:
            for name in [*listed, MANIFEST]:
                if os.path.lexists(folder / name):
                    os.replace(folder / name, retired / name)
            for name in files:
                os.replace(staging / name.rstrip("/"), folder / name.rstrip("/"))
            os.replace(staging / MANIFEST, folder / MANIFEST)
        finally:
            shutil.rmtree(retired, ignore_errors=True)
        shutil.rmtree(staging, ignore_errors=True)
        return folder


def claim_study(output: Path | str, name: str, option: str = "output", value: str | None = None):
    """Claim a study's data folder ``<output>/<name>/`` and its report ``<output>/<name>.md``
    before the study runs (the validation, the calibration, the sensitivity stages): absent,
    or a study of the same kind this project wrote, which is replaced; a folder holding
    anything else is a :class:`ConfigError` naming ``option`` = ``value`` (the setting that
    chose ``output``). The study then writes both through :func:`publishing`."""
    return claim(
        Path(output) / name,
        name,
        overwrite=True,
        beside=(f"{name}.md",),
        option=option,
        value=str(output) if value is None else value,
    )


@contextlib.contextmanager
def publishing(output: Path | str, claim: Claim, report: str):
    """Write a study's data folder and its report (``<output>/<folder>/`` and
    ``<output>/<report>``) so that neither is ever half-written.

    Yields the data folder and the report's path in a hidden staging folder inside ``output``
    (the data folder named as the claimed one); once the block ends, the data folder goes in
    by ``claim.place`` (its manifest written last) and the report by one rename. If the block
    raises, nothing is placed and the staging folder is removed."""
    output = Path(output)
    output.mkdir(parents=True, exist_ok=True)
    name = claim.folder.name
    staging = Path(tempfile.mkdtemp(prefix=f".{name}.", dir=output))
    try:
        data = staging / name
        data.mkdir()
        yield data, staging / report
        claim.place(data)
        os.replace(staging / report, output / report)
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def claim(
    folder: Path | str,
    kind: str,
    *,
    overwrite: bool = False,
    beside: tuple[str, ...] = (),
    option: str = "output_dir",
    value: str | None = None,
    replace_hint: str = "overwrite=true",
) -> Claim:
    """Check, before any work, that an output of ``kind`` may be written into ``folder``.

    ``option`` and ``value`` are how the user named the folder (for the message; ``value``
    defaults to the folder); ``replace_hint`` is how they allow replacing a previous output.
    Raises :class:`ConfigError` if the folder may not be used (see the module's docstring);
    writes nothing (a probe file is created and removed at once).
    """
    folder = check_path(folder, option)
    said = f"{option} = {value or str(folder)!r}"
    if value is not None and Path(value) != folder:
        said = f"{option} = {value!r} ({folder})"
    if os.path.lexists(folder) and not folder.is_dir():
        raise ConfigError(f"{said} is a file, not a folder; allowed: a new or empty folder")
    previous: tuple[str, ...] = ()
    if folder.is_dir():
        manifest = read_manifest(folder)
        listed = {n.rstrip("/") for n in manifest["files"]} if manifest else set()
        entries = sorted(
            _entry(p)
            for p in folder.iterdir()
            if p.name != MANIFEST and not p.name.startswith(RETIRED)
        )
        foreign = [e for e in entries if e.rstrip("/") not in listed]
        if foreign:
            raise ConfigError(
                f"{said} holds files this project did not write ({_listing(foreign)}); "
                "allowed: a new or empty folder, or an earlier output of this project "
                f"(set {option} to another folder)"
            )
        if manifest and manifest.get("kind") != kind:
            raise ConfigError(
                f"{said} holds a {KINDS.get(manifest.get('kind'), 'different')} output of this "
                f"project, not a {KINDS.get(kind, kind)}; "
                "allowed: a new or empty folder, or an earlier output of the same kind "
                f"(set {option} to another folder)"
            )
        if entries and not overwrite:
            raise ConfigError(
                f"{said} holds an earlier {KINDS.get(kind, kind)} of this project; "
                f"allowed: a new or empty folder, or {replace_hint} to replace that output"
            )
        previous = tuple(manifest["files"]) if manifest else ()
        owned_beside = set(manifest.get("beside", [])) if manifest else set()
    else:
        owned_beside = set()
    for name in beside:
        path = folder.parent / name
        if os.path.lexists(path) and name not in owned_beside:
            raise ConfigError(
                f"{said}: {path} exists and was not written by this project; "
                f"allowed: a folder where it is absent (set {option} to another folder)"
            )
    check_writable(folder, said)
    return Claim(folder, kind, previous, tuple(beside))


def check_path(value, option: str) -> Path:
    """``value`` as a folder path, or a :class:`ConfigError` if it cannot be one: not text (an
    interpolation such as ``${state}`` that gave a whole section), empty, holding a control
    character, or with a name or a length the file system refuses. For every option that
    names a folder (``output``, ``runs_dir``), before any work: else it fails after the runs."""
    text = value if isinstance(value, (str, os.PathLike)) else None
    shown = repr(_shortened(str(value)))
    hint = ""
    if "{" in str(value) or not isinstance(value, (str, os.PathLike)):
        hint = (
            " (an interpolation gave a whole section: ${state} is the state's settings; "
            "its name is ${hydra:runtime.choices.state})"
        )
    if text is None:
        problem = f"is a {type(value).__name__}, not a folder path"
    else:
        text = os.fspath(text)
        longest = max((len(os.fsencode(n)) for n in Path(text).parts), default=0)
        name_max, path_max = _limits(Path(text))
        if not text.strip():
            problem = "is empty"
        elif any(ord(c) < 32 or ord(c) == 127 for c in text):
            problem = "holds a control character (a line break?)"
        elif longest > name_max:
            problem = f"holds a name of {longest} bytes (at most {name_max})"
        elif len(os.fsencode(text)) > path_max:
            problem = f"is {len(os.fsencode(text))} bytes long (at most {path_max})"
        else:
            return Path(text)
    raise ConfigError(f"{option} = {shown} {problem}{hint}; allowed: a folder path")


def _limits(path: Path) -> tuple[int, int]:
    """The longest file name and path the file system at ``path`` takes (POSIX: 255, 4096)."""
    try:
        base = str(_nearest_existing(path.absolute()))
        return os.pathconf(base, "PC_NAME_MAX"), os.pathconf(base, "PC_PATH_MAX")
    except (OSError, ValueError, AttributeError):  # no pathconf (Windows) or no such name
        return 255, 4096


def _shortened(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 3] + "..."


def check_writable(folder: Path, said: str) -> None:
    """Refuse a location that cannot be written or is nearly full, by really creating a file."""
    base = _nearest_existing(folder)
    if not base.is_dir():
        raise ConfigError(f"{said} is inside {base}, which is a file; allowed: a folder path")
    try:
        handle, probe = tempfile.mkstemp(prefix=".phc-probe.", dir=base)
    except OSError as error:
        raise ConfigError(
            f"{said} cannot be written (creating a file in {base} failed: "
            f"{error.strerror or error}); "
            "allowed: a folder you can write to"
        ) from None
    os.close(handle)
    os.unlink(probe)
    free = shutil.disk_usage(base).free
    if free < MIN_FREE_BYTES:
        raise ConfigError(
            f"{said} has only {free / 2**20:.0f} MB free at {base}; "
            f"allowed: a location with at least {MIN_FREE_BYTES // 2**20} MB free"
        )


def write_error(error: OSError, where: Path | str) -> str:
    """The one line a command prints when writing its output failed."""
    path = error.filename or where
    reason = error.strerror or str(error)
    return f"Error: could not write {path}: {reason}"


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
