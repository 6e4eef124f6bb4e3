"""Which model made a result: a fingerprint of the model's code and configs.

A run's record carries its config hash (what was asked) and its **model identity** (what
answered): a hash of the source of every module that can change a run's numbers, and of the
model's config files, blind to what cannot:

- the code is hashed as its syntax tree (``ast.dump``, without line numbers) with every
  docstring and bare string statement removed, so comments, docstrings, blank lines and
  layout do not count, while a changed constant, operator, name or call does;
- the configs (``config.yaml``, ``state/``, ``interventions/``) are hashed as parsed YAML, so
  their comments and layout do not count.

A cached sweep job or comparison run is reused only when both its config hash and its model
identity match the running code (:mod:`simulation.sweep.jobs`). The identity is computed once
per process (about 0.1 s, measured in ``tests/test_model_identity.py``) from the package's own
files (``importlib.resources``) and from :data:`simulation.config.CONFIG_DIR`, so an installed
package has one too; it is kept on disk beside the bytecode, keyed by the exact text it came
from, so that the next process only reads and hashes that text.

Every module of the package is either in :data:`MODEL` or in :data:`NOT_MODEL`, each with the
reason (a test checks that none is left out, so a new module must be placed; :data:`NOT_MODEL`
may name a module a branch has not merged yet). Code identity
changes with any edit of the model's code that is not a comment or docstring, a rename
included; :mod:`simulation.behaviour` is the fingerprint of what the model *does*.
"""

from __future__ import annotations

import ast
import contextlib
import functools
import hashlib
import importlib.util
import json
import os
import sys
import tempfile
from importlib import resources
from pathlib import Path

import yaml

#: The modules that compute a run's numbers, with what each does for the run.
MODEL = {
    "agents": "the stakeholders' attributes and their draws",
    "array_model": "the model without Mesa: building the state and stepping it",
    "config": "the run config: defaults, schema, loading and validation",
    "cores": "how a month's loops are spread over threads (same results, tested)",
    "distributions": "the distributions attributes are drawn from",
    "indicators": "the indicators a run reports, month by month",
    "institutions": "the institutional arrangements the interventions set",
    "interventions": "the interventions: what each does to a run",
    "loop": "the month's order of processes and their random streams",
    "model": "the model: building the state and stepping it",
    "network": "the stakeholder graph",
    "parameters": "parameter declarations and their bounds",
    "policies": "the intervention options (accountability, training, convergence)",
    "processes": "every monthly process (each module of the package)",
    "randomness": "the random streams",
    "run": "running a config to its month-by-month table",
    "stakeholders": "the population of stakeholders",
    "structure": "the administrative structure (districts, blocks)",
    "ties": "the ties between stakeholders",
    "world": "the world's arrays and context",
}
#: The modules that only show, store, plan or launch runs: they cannot change a run's numbers.
NOT_MODEL = {
    "__init__": "the package's exports and version",
    "__main__": "the run command",
    "analysis": "sensitivity analysis and scenario discovery: studies over runs",
    "behaviour": "the behaviour fingerprint: runs the model, changes nothing in it",
    "command_line": "command-line errors and exit statuses",
    "compilation": "whether numba's cache is warm (a message only)",
    "config_folder": "where the configs are (their content is in, as CONFIGS)",
    "dashboard": "the training room's dashboard",
    "document": "the parameter reference's writer",
    "escaping": "escaping user strings in reports",
    "events": "the dashboard's live events (no batch run uses them)",
    "experiment": "evaluating a list of runs: the pool every study uses, no rule of the model",
    "figures": "the indicators figure",
    "identity": "this module",
    "output_folder": "claiming output folders",
    "places": "tables by district and block of where a run ended (reads, never changes, it)",
    "planning": "the planner's scenario comparison: runs and reports",
    "results": "writing a run's files",
    "sampling": "the Latin hypercube studies draw uncertain parameters with (overrides)",
    "scratch": "folders of partial studies",
    "statistics": "the intervals studies report (t, Wilson, BCa bootstrap)",
    "sweep": "sweep plumbing: jobs, caching, gathering, launchers",
    "uncertain_parameters": "the ranges studies draw parameters from (a run gets overrides)",
    "validation": "the validation study and its report",
    "calibration": "the calibration study: targets, prior, ABC and its report",
}
#: The model's config files and folders, under :data:`simulation.config.CONFIG_DIR`
#: (scenarios, costs, sweeps and study settings are the studies', and are not in), and the
#: data the model reads: the Local Government Directory's blocks (as text: a changed block
#: changes the model).
CONFIGS = ("config.yaml", "state", "interventions", "data/lgd_blocks.csv")
#: Hex digits of the identity.
LENGTH = 12


@functools.cache
def model_identity() -> str:
    """The running model's identity: a hash of its code (:data:`MODEL`) and configs
    (:data:`CONFIGS`), blind to comments, docstrings and layout. Cached per process, and on
    disk by the exact text it is computed from (:func:`_cached`)."""
    sources, configs = model_sources(), config_texts()
    key = _text_key(sources + configs)
    known = _cached(key)
    if known is not None:
        return known
    found = identity_of(sources, configs)
    _remember(key, found)
    return found


def identity_of(sources: list[tuple[str, str]], configs: list[tuple[str, str]]) -> str:
    """The identity of the model whose module sources and config texts these are."""
    digest = hashlib.sha256()
    for name, text in sources:
        digest.update(f"{name}\0{code_shape(text)}\0".encode())
    for name, text in configs:
        shape = text if name.endswith(".csv") else config_shape(text)
        digest.update(f"{name}\0{shape}\0".encode())
    return digest.hexdigest()[:LENGTH]


#: Where the identity of the last text seen is kept: beside this module's bytecode, as Python
#: keeps its own cache (``__pycache__``, or under ``PYTHONPYCACHEPREFIX``).
CACHE = Path(importlib.util.cache_from_source(__file__)).parent / "model_identity.txt"


def _text_key(files: list[tuple[str, str]]) -> str:
    """A hash of the exact text the identity is computed from, and of what computes it (this
    module, Python's syntax trees, the YAML parser): the same key, the same identity."""
    digest = hashlib.sha256(f"{sys.version_info[:2]}\0{yaml.__version__}\0".encode())
    digest.update(Path(__file__).read_bytes())
    for name, text in files:
        digest.update(f"{name}\0{text}\0".encode())
    return digest.hexdigest()


def _cached(key: str) -> str | None:
    """The identity kept for ``key``, if it is the one kept: parsing the model's code takes
    about 0.1 s, a tenth of a short run's start-up (``experiments/benchmark.py --only
    startup``); reading the files and hashing their text, a few milliseconds."""
    try:
        kept_key, kept = CACHE.read_text(encoding="utf-8").split()
    except (OSError, ValueError):  # none yet, unreadable, or not ours
        return None
    return kept if kept_key == key and len(kept) == LENGTH else None


def _remember(key: str, found: str) -> None:
    """Keep ``found`` for ``key``, written whole or not at all, as numba keeps the compiled
    loops beside their modules (a package installed read-only keeps nothing and computes it
    each time)."""
    try:
        CACHE.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(
            "w", dir=CACHE.parent, prefix=".model_identity.", delete=False, encoding="utf-8"
        ) as file:
            file.write(f"{key} {found}\n")
        os.replace(file.name, CACHE)
    except OSError:
        with contextlib.suppress(OSError, NameError):
            os.unlink(file.name)


def model_sources() -> list[tuple[str, str]]:
    """``(module file, source)`` of every module in :data:`MODEL`, from the package's files."""
    package = resources.files("simulation")
    out = []
    for name in sorted(MODEL):
        item = package / name
        if item.is_dir():  # a sub-package: every module in it
            files = sorted((f for f in item.iterdir() if f.name.endswith(".py")), key=_name)
            out += [(f"{name}/{f.name}", f.read_text(encoding="utf-8")) for f in files]
        else:
            out.append((f"{name}.py", (package / f"{name}.py").read_text(encoding="utf-8")))
    return out


def config_texts() -> list[tuple[str, str]]:
    """``(file, text)`` of every config file in :data:`CONFIGS`."""
    from simulation.config import CONFIG_DIR

    root = CONFIG_DIR if hasattr(CONFIG_DIR, "joinpath") else Path(CONFIG_DIR)
    out = []
    for name in CONFIGS:
        item = root / name
        if item.is_dir():
            files = sorted((f for f in item.iterdir() if f.name.endswith(".yaml")), key=_name)
            out += [(f"{name}/{f.name}", f.read_text(encoding="utf-8")) for f in files]
        else:
            out.append((name, item.read_text(encoding="utf-8")))
    return out


def _name(item) -> str:
    return item.name


def code_shape(source: str) -> str:
    """A module's syntax tree as text, without docstrings, comments, line numbers or layout."""
    tree = ast.parse(source)
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        if isinstance(body, list):
            kept = [statement for statement in body if not _bare_string(statement)]
            node.body = kept or [ast.Pass()]
    return ast.dump(tree, annotate_fields=False)


def _bare_string(statement: ast.AST) -> bool:
    """A docstring, or any string standing alone as a statement (it computes nothing)."""
    return (
        isinstance(statement, ast.Expr)
        and isinstance(statement.value, ast.Constant)
        and isinstance(statement.value.value, str)
    )


def config_shape(text: str) -> str:
    """A YAML file as its parsed content (key order kept), without comments or layout."""
    return json.dumps(yaml.load(text, Loader=_LOADER), default=str)


_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def package_modules() -> set[str]:
    """The top-level modules and sub-packages of the ``simulation`` package."""
    names = set()
    for item in resources.files("simulation").iterdir():
        if item.name.endswith(".py"):
            names.add(item.name.removesuffix(".py"))
        elif item.is_dir() and (item / "__init__.py").is_file():
            names.add(item.name)
    return names
