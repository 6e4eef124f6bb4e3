"""What the calibration fits: targets read from a YAML file, each tied to model outputs.

A target is a number the model must come close to, an interval it must fall in, or a sign an
effect must have (the validation's qualitative patterns), with the source it rests on. Its
value in a simulated draw is

    min over ``of`` runs of (mean of ``indicator`` over ``months``)
    - max over ``minus`` runs of (mean of ``indicator`` over ``minus_months``),

times ``multiply`` (12 turns a monthly share into a yearly one). With one run in ``of`` and
none in ``minus`` it is a level; with one in each, a difference (an effect, or a change over
time when both name the same run with different months); with several, the smallest gap
between two groups of runs (the context pattern: every named state above every other).

A draw's miss on a target is how far its value lies outside the target's ``range``, in units
of the target's ``tolerance`` (0 inside). Kinds:

- ``sourced``: a number from a cited source (NFHS, a published VHSNC study);
- ``elicitation``: a range that rests on a documented judgement, labelled as such;
- ``pattern``: the sign of one of the validation's patterns (``simulation/validation/patterns.py``);
- ``check``: reported beside the fit, never fitted (a number the calibrated weights cannot move,
  or whose link to the model is too loose to fit).

Runs are named once under ``runs``: overrides as on the command line (``state=kerala`` first),
one of the validation's pattern conditions (``pattern: tenure``, ``condition: 48 months``) or
one of the planner's scenarios in a state (``scenario: health_led``, ``state: bihar``), each
then taken from the pattern or the scenario file itself, not retyped.

Every problem in the file (YAML, an unknown key, a run no target reads, a target that reads an
unknown run or an indicator no output measures, months outside the run, an empty range) is a
:class:`~simulation.parameters.ConfigError` naming the file and the key, before any run.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import yaml

from simulation.config_folder import CONFIG_DIR, shown
from simulation.parameters import ConfigError

KINDS = ("sourced", "elicitation", "pattern", "check")
FITTED = ("sourced", "elicitation", "pattern")
TARGET_KEYS = {
    "name", "kind", "indicator", "of", "months", "minus", "minus_months", "multiply", "range",
    "tolerance", "source", "statement", "nfhs",
}  # fmt: skip
NFHS_KEYS = {"state", "items", "measure", "sigmas"}
#: Run keys the calibration's own settings set for every run (a run may not set them).
CALIBRATION_OWNS = ("scale", "months", "seed", "replicate", "progress", "output_dir")
#: The NFHS copy the ``nfhs`` targets read (``configs/data/SOURCES.md``).
NFHS_FILE = CONFIG_DIR / "data" / "nfhs_states.csv"


@dataclass(frozen=True)
class RunSpec:
    """A run every draw makes: its overrides on the draw's config (a pattern's condition is
    resolved to its overrides when the file is read)."""

    name: str
    overrides: tuple[str, ...]
    origin: str  # how the file named it: "overrides" or "pattern <key>: <condition>"


@dataclass(frozen=True)
class Target:
    """One target: which outputs measure it, the range they must fall in, and its source."""

    name: str
    kind: str
    indicator: str
    of: tuple[str, ...]
    months: tuple[int, int]
    minus: tuple[str, ...]
    minus_months: tuple[int, int]
    multiply: float
    low: float | None
    high: float | None
    tolerance: float
    source: str
    statement: str

    @property
    def fitted(self) -> bool:
        return self.kind in FITTED

    def windows(self) -> list[tuple[str, str, int, int]]:
        """(run, indicator, first month, last month) of every mean this target reads."""
        return [(r, self.indicator, *self.months) for r in self.of] + [
            (r, self.indicator, *self.minus_months) for r in self.minus
        ]

    def value(self, means: dict[tuple[str, str, int, int], object]):
        """The target's value from the means of the runs: each a draw's float, or an array of
        every draw's (the report computes all draws at once)."""
        high = np.min([means[(r, self.indicator, *self.months)] for r in self.of], axis=0)
        if not self.minus:
            return self.multiply * high
        low = np.max([means[(r, self.indicator, *self.minus_months)] for r in self.minus], axis=0)
        return self.multiply * (high - low)

    def miss(self, value: float) -> float:
        """How far ``value`` lies outside the range, in tolerances (0 inside; inf if NaN)."""
        if math.isnan(value):
            return math.inf
        below = 0.0 if self.low is None else max(0.0, self.low - value)
        above = 0.0 if self.high is None else max(0.0, value - self.high)
        return (below + above) / self.tolerance

    def describe_range(self) -> str:
        if self.low is not None and self.high is not None:
            return f"[{self.low:.3g}, {self.high:.3g}]"
        if self.low is not None:
            return f"≥ {self.low:.3g}"
        return f"≤ {self.high:.3g}"


@dataclass(frozen=True)
class Targets:
    """A target file: the runs every draw makes and the targets read from them."""

    path: str
    runs: dict[str, RunSpec]
    targets: tuple[Target, ...]
    months: int

    @property
    def fitted(self) -> tuple[Target, ...]:
        return tuple(t for t in self.targets if t.fitted)

    def windows(self) -> list[tuple[str, str, int, int]]:
        """Every (run, indicator, first, last) mean some target reads, each once, in order."""
        seen: dict[tuple[str, str, int, int], None] = {}
        for t in self.targets:
            for w in t.windows():
                seen.setdefault(w, None)
        return list(seen)


def load_targets(path: Path | str, months: int, require_fitted: bool = True) -> Targets:
    """Read and check a target file for runs of ``months`` months (see the module's docstring).
    ``require_fitted``: at least one target must be fitted (the calibration's; the screening
    reads checks only)."""
    path = Path(path)
    said = shown(path)
    try:
        text = path.read_text()
    except OSError as error:
        raise ConfigError(
            f"targets = {said!r} cannot be read ({error.strerror or error}); "
            "allowed: a YAML target file such as configs/calibration_targets.yaml"
        ) from None
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f" line {mark.line + 1}" if mark is not None else ""
        problem = getattr(error, "problem", None) or "not valid YAML"
        raise ConfigError(f"{said}{where}: {problem}; allowed: a YAML mapping") from None
    if not isinstance(data, dict) or set(data) - {"runs", "targets"}:
        extra = sorted(set(data) - {"runs", "targets"}) if isinstance(data, dict) else []
        raise ConfigError(
            f"{said}: {'unknown key(s) ' + str(extra) if extra else 'not a mapping'}; "
            "allowed: a mapping with the keys runs and targets"
        )
    runs = _runs(said, data.get("runs"))
    raw = data.get("targets")
    if not isinstance(raw, list) or not raw:
        raise ConfigError(f"{said}: targets = {raw!r}; allowed: a non-empty list of targets")
    targets = tuple(_target(said, i, t, runs, months) for i, t in enumerate(raw))
    names = [t.name for t in targets]
    twice = sorted({n for n in names if names.count(n) > 1})
    if twice:
        raise ConfigError(f"{said}: targets named twice: {twice}; allowed: one target per name")
    read = {r for t in targets for r in (*t.of, *t.minus)}
    unread = [r for r in runs if r not in read]
    if unread:
        raise ConfigError(
            f"{said}: runs.{unread[0]} is read by no target; allowed: runs that some target "
            "reads (remove it, or add a target)"
        )
    if require_fitted and not any(t.fitted for t in targets):
        raise ConfigError(f"{said}: every target is a check; allowed: at least one fitted target")
    return Targets(str(path), runs, targets, months)


def _runs(said: str, raw) -> dict[str, RunSpec]:
    from simulation.validation.patterns import PATTERNS

    if not isinstance(raw, dict) or not raw:
        raise ConfigError(f"{said}: runs = {raw!r}; allowed: a mapping of run names to runs")
    runs = {}
    for name, spec in raw.items():
        key = f"{said}: runs.{name}"
        if isinstance(spec, list) and all(isinstance(o, str) and "=" in o for o in spec):
            if not spec or not spec[0].startswith("state="):
                raise ConfigError(
                    f"{key} = {spec!r}; allowed: overrides starting with state=<state>"
                )
            owned = [o for o in spec if o.split("=", 1)[0].strip() in CALIBRATION_OWNS]
            if owned:
                raise ConfigError(
                    f"{key} sets {owned[0]!r}, which the calibration's settings decide; "
                    f"allowed: any key but {', '.join(CALIBRATION_OWNS)}"
                )
            runs[name] = RunSpec(name, tuple(spec), "overrides")
            continue
        named = ({"pattern", "condition"}, {"scenario", "state"})
        if isinstance(spec, dict) and set(spec) in named:
            for part, value in spec.items():
                if not isinstance(value, str):
                    raise ConfigError(f"{key}.{part} = {value!r}; allowed: a name, as text")
        if isinstance(spec, dict) and set(spec) == {"pattern", "condition"}:
            pattern = PATTERNS.get(spec["pattern"])
            if pattern is None:
                raise ConfigError(
                    f"{key}.pattern = {spec['pattern']!r}; allowed: one of {', '.join(PATTERNS)}"
                )
            found = {c.label: c for c in pattern.conditions}
            condition = found.get(spec["condition"])
            if condition is None:
                raise ConfigError(
                    f"{key}.condition = {spec['condition']!r}; allowed: one of "
                    f"{', '.join(repr(c) for c in found)}"
                )
            state = () if condition.state else (f"state={pattern.state}",)
            runs[name] = RunSpec(
                name,
                (*state, *condition.overrides),
                f"pattern {pattern.key}: {condition.label}",
            )
        elif isinstance(spec, dict) and set(spec) == {"scenario", "state"}:
            from simulation.experiment.scenario import read_scenario

            path = CONFIG_DIR / "scenarios" / f"{spec['scenario']}.yaml"
            if not path.is_file():
                known = sorted(p.stem for p in path.parent.glob("*.yaml"))
                raise ConfigError(
                    f"{key}.scenario = {spec['scenario']!r}; allowed: one of {', '.join(known)}"
                )
            scenario = read_scenario(path)
            runs[name] = RunSpec(
                name,
                (f"state={spec['state']}", *scenario.overrides),
                f"scenario {scenario.name} in {spec['state']}",
            )
        else:
            raise ConfigError(
                f"{key} = {spec!r}; allowed: a list of overrides (state=<state> first), "
                "{pattern: <key>, condition: <label>} or {scenario: <name>, state: <state>}"
            )
    return runs


def _target(said: str, i: int, raw, runs: dict[str, RunSpec], months: int) -> Target:
    from simulation.indicators import INDICATORS

    where = f"{said}: targets[{i}]"
    if not isinstance(raw, dict):
        raise ConfigError(f"{where} = {raw!r}; allowed: a mapping")
    if isinstance(raw.get("name"), str):
        where = f"{said}: targets.{raw['name']}"
    unknown = sorted(set(raw) - TARGET_KEYS)
    if unknown:
        raise ConfigError(
            f"{where} has unknown key(s) {unknown}; allowed: {', '.join(sorted(TARGET_KEYS))}"
        )
    for required in ("name", "kind", "indicator", "of", "months", "tolerance", "source"):
        if required not in raw:
            raise ConfigError(f"{where}.{required} is missing; allowed: see the file's header")
    kind = raw["kind"]
    if kind not in KINDS:
        raise ConfigError(f"{where}.kind = {kind!r}; allowed: one of {', '.join(KINDS)}")
    indicator = raw["indicator"]
    if not isinstance(indicator, str) or indicator not in INDICATORS or indicator == "month":
        raise ConfigError(
            f"{where}.indicator = {indicator!r} is no output of the model; allowed: an "
            "indicator of simulation/indicators.py (e.g. coverage, name_sake_share)"
        )
    of = _run_list(f"{where}.of", raw["of"], runs, empty=False)
    minus = _run_list(f"{where}.minus", raw.get("minus", []), runs, empty=True)
    window = _months(f"{where}.months", raw["months"], months)
    minus_window = _months(f"{where}.minus_months", raw.get("minus_months", raw["months"]), months)
    multiply = _number(f"{where}.multiply", raw.get("multiply", 1.0))
    tolerance = _number(f"{where}.tolerance", raw["tolerance"])
    if not tolerance > 0:
        raise ConfigError(f"{where}.tolerance = {tolerance!r}; allowed: a number > 0")
    if "nfhs" in raw:
        if "range" in raw:
            raise ConfigError(f"{where} has both range and nfhs; allowed: one of them")
        low, high = nfhs_range(f"{where}.nfhs", raw["nfhs"])
    else:
        low, high = _range(f"{where}.range", raw.get("range"))
    source = raw["source"]
    if not isinstance(source, str) or not source.strip():
        raise ConfigError(f"{where}.source = {source!r}; allowed: the source, in words")
    return Target(
        name=str(raw["name"]),
        kind=kind,
        indicator=indicator,
        of=of,
        months=window,
        minus=minus,
        minus_months=minus_window,
        multiply=multiply,
        low=low,
        high=high,
        tolerance=tolerance,
        source=source.strip(),
        statement=str(raw.get("statement", "")).strip(),
    )


def _run_list(key: str, raw, runs: dict[str, RunSpec], *, empty: bool) -> tuple[str, ...]:
    names = [raw] if isinstance(raw, str) else raw
    if not isinstance(names, list) or (not names and not empty):
        raise ConfigError(f"{key} = {raw!r}; allowed: a run name or a list of run names")
    for name in names:
        if not isinstance(name, str) or name not in runs:
            raise ConfigError(
                f"{key} names the run {name!r}, which is not under runs; allowed: one of "
                f"{', '.join(runs)}"
            )
    return tuple(names)


def _months(key: str, raw, months: int) -> tuple[int, int]:
    ok = (
        isinstance(raw, list)
        and len(raw) == 2
        and all(isinstance(m, int) and not isinstance(m, bool) for m in raw)
        and 1 <= raw[0] <= raw[1] <= months
    )
    if not ok:
        raise ConfigError(
            f"{key} = {raw!r}; allowed: [first, last] months with 1 <= first <= last <= "
            f"{months} (the calibration's months)"
        )
    return raw[0], raw[1]


def _number(key: str, raw) -> float:
    if isinstance(raw, bool) or not isinstance(raw, (int, float)) or not math.isfinite(raw):
        raise ConfigError(f"{key} = {raw!r}; allowed: a finite number")
    return float(raw)


def _range(key: str, raw) -> tuple[float | None, float | None]:
    if not isinstance(raw, list) or len(raw) != 2:
        raise ConfigError(f"{key} = {raw!r}; allowed: [low, high] (null for an open end)")
    low, high = (None if v is None else _number(key, v) for v in raw)
    if low is None and high is None:
        raise ConfigError(f"{key} = {raw!r}; allowed: at least one end given")
    if low is not None and high is not None and low > high:
        raise ConfigError(f"{key} = {raw!r}: low above high; allowed: low <= high")
    return low, high


def nfhs_summary(state: str, items: list[int]) -> dict[str, float]:
    """The NFHS composite of ``state`` over fact-sheet ``items``: mean levels (0-1) in
    2015-16 and 2019-21, the mean change, and the standard errors of the mean change and of the
    mean 2019-21 level across the items. These are the spread across services (how much the
    composite depends on which services it averages), not survey sampling error, which is
    smaller (state samples of thousands of households)."""
    import pandas as pd

    table = pd.read_csv(NFHS_FILE)
    rows = table[(table.state == state) & table.factsheet_item.isin(items)]
    change = (rows.nfhs5_total - rows.nfhs4_total) / 100.0
    return {
        "nfhs4": float(rows.nfhs4_total.mean() / 100.0),
        "nfhs5": float(rows.nfhs5_total.mean() / 100.0),
        "change": float(change.mean()),
        "se": float(change.std(ddof=1) / math.sqrt(len(change))),
        "se_level": float(rows.nfhs5_total.std(ddof=1) / 100.0 / math.sqrt(len(rows))),
        "items": len(rows),
    }


def nfhs_range(key: str, raw) -> tuple[float | None, float | None]:
    """A range from the NFHS copy: ``measure: change`` gives [-sigmas*se, change + sigmas*se]
    (collaboration may account for none of the observed change, or all of it, not more, each
    within the composite's uncertainty); ``measure: level`` gives the 2019-21 level ± sigmas
    times the level's standard error across the items."""
    import pandas as pd

    if not isinstance(raw, dict) or set(raw) - NFHS_KEYS or not {"state", "items"} <= set(raw):
        raise ConfigError(
            f"{key} = {raw!r}; allowed: a mapping with state, items and optionally measure "
            "(change or level) and sigmas"
        )
    table = pd.read_csv(NFHS_FILE)
    if not isinstance(raw["state"], str) or raw["state"] not in set(table.state):
        raise ConfigError(
            f"{key}.state = {raw['state']!r}; allowed: one of {', '.join(sorted(set(table.state)))}"
        )
    items = raw["items"]
    known = set(int(i) for i in table.factsheet_item)
    ok = (
        isinstance(items, list)
        and all(isinstance(i, int) and not isinstance(i, bool) for i in items)
        and len(set(items)) == len(items) >= 2
        and set(items) <= known
    )
    if not ok:
        raise ConfigError(
            f"{key}.items = {items!r}; allowed: two or more different fact-sheet items of "
            f"{shown(NFHS_FILE)} ({', '.join(str(i) for i in sorted(known))})"
        )
    measure = raw.get("measure", "change")
    if measure not in ("change", "level"):
        raise ConfigError(f"{key}.measure = {measure!r}; allowed: change or level")
    sigmas = _number(f"{key}.sigmas", raw.get("sigmas", 2.0))
    if not sigmas > 0:
        raise ConfigError(f"{key}.sigmas = {sigmas!r}; allowed: a number > 0")
    s = nfhs_summary(raw["state"], items)
    if measure == "change":
        return -sigmas * s["se"], s["change"] + sigmas * s["se"]
    return s["nfhs5"] - sigmas * s["se_level"], s["nfhs5"] + sigmas * s["se_level"]
