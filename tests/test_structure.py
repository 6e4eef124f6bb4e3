"""The package's layering rules hold: imports run down from the model's step to its data.

- Loading and checking a config imports neither numba, mesa nor the model: the processes'
  parameters live in light modules (``simulation/processes/<process>_params.py``).
- Only the model's step imports a process's compiled loops; data modules (``ties.py``,
  ``world.py``, ``config.py``, ...) and the studies do not.
- Planning does not import validation (what both need is in ``uncertain_parameters.py``).
- No two modules import each other, directly or through others, at import time.

Imports are read from the source with :mod:`ast` (every import, including those inside
functions), and checked once in a fresh interpreter (``sys.modules``).
"""

import ast
import subprocess
import sys
from pathlib import Path

import networkx as nx

ROOT = Path(__file__).parents[1]
PACKAGE = ROOT / "simulation"

#: The model's step and its builder: the only modules outside ``processes/`` that may import a
#: process's compiled loops.
STEP = {
    "simulation.model",
    "simulation.array_model",
    "simulation.loop",
    "simulation.events",
    "simulation.interventions",
    "simulation.agents",
    "simulation.indicators",
    "simulation.compilation",
}


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(p): p for p in PACKAGE.rglob("*.py")}


def imports(path: Path, top_level_only: bool = False) -> set[str]:
    """The modules of this package that ``path`` imports (``from a import b`` counts as
    ``a.b`` when ``a.b`` is a module of the package, else as ``a``)."""
    tree = ast.parse(path.read_text())
    nodes = tree.body if top_level_only else ast.walk(tree)
    found = set()
    for node in nodes:
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            for alias in node.names:
                sub = f"{node.module}.{alias.name}"
                found.add(sub if sub in MODULES else node.module)
    return {name for name in found if name in MODULES}


def test_the_rules_see_the_package():
    assert len(MODULES) > 50
    assert "simulation.processes.reach" in imports(PACKAGE / "array_model.py")
    assert "simulation.processes.mindset" in imports(PACKAGE / "interventions.py")


def test_loading_a_config_imports_no_numba_mesa_or_model():
    code = (
        "import sys\n"
        "from simulation.config import load_config\n"
        "load_config(['state=kerala', 'months=2'])\n"
        "heavy = ['numba', 'mesa', 'simulation.model', 'simulation.world']\n"
        "heavy += [m for m in sys.modules if m.startswith('simulation.processes.')\n"
        "          and not m.endswith('_params')]\n"
        "print(sorted(m for m in heavy if m in sys.modules))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True
    )
    assert out.stdout.strip() == "[]", out.stdout


def test_only_the_step_imports_a_process():
    offenders = {
        name: sorted(
            m
            for m in imports(path)
            if m.startswith("simulation.processes.") and not m.endswith("_params")
        )
        for name, path in MODULES.items()
        if name not in STEP and not name.startswith("simulation.processes")
    }
    assert {k: v for k, v in offenders.items() if v} == {}


def test_process_parameters_are_light():
    for name, path in MODULES.items():
        if name.endswith("_params"):
            assert not any(m.startswith("simulation.processes") for m in imports(path)), name
            tree = ast.parse(path.read_text())
            named = {a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
            named |= {n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)}
            assert not any(m.split(".")[0] in ("numba", "numpy") for m in named), name


def test_planning_does_not_import_validation():
    offenders = {
        name: sorted(m for m in imports(path) if m.startswith("simulation.validation"))
        for name, path in MODULES.items()
        if name.startswith("simulation.planning")
    }
    assert {k: v for k, v in offenders.items() if v} == {}


def test_no_import_cycle_at_import_time():
    graph = nx.DiGraph()
    for name, path in MODULES.items():
        graph.add_node(name)
        graph.add_edges_from(
            (name, m) for m in imports(path, top_level_only=True) if m != "simulation"
        )
    assert list(nx.simple_cycles(graph)) == []


def test_a_run_from_the_command_line_imports_no_mesa_or_process_pool():
    """``python -m simulation`` steps the model's arrays (``array_model.py``) without Mesa, and
    Hydra's scan of the launchers does not import joblib: each costs more than a short run's
    months (``experiments/benchmark.py --only startup``)."""
    code = (
        "import atexit, runpy, sys, tempfile\n"
        "heavy = ['mesa', 'networkx', 'joblib', 'simulation.model', 'simulation.agents']\n"
        "atexit.register(lambda: print(sorted(m for m in heavy if m in sys.modules)))\n"
        "out = tempfile.mkdtemp()\n"
        "sys.argv = ['simulation', 'state=kerala', 'months=1', 'scale=0.02',\n"
        "            'progress=false', f'output_dir={out}/run']\n"
        "runpy.run_module('simulation', run_name='__main__')\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True
    )
    assert out.stdout.strip().splitlines()[-1] == "[]", out.stdout + out.stderr
