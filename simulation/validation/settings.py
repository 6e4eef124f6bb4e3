"""Settings of the validation study; ``configs/validation.yaml`` mirrors this dataclass."""

from __future__ import annotations

from dataclasses import dataclass, field

from simulation.parameters import ConfigError, check_ranges, param
from simulation.scratch import Difference, Setting, differences

#: Where the full study writes ``validation.md`` and ``validation/`` (the committed study).
COMMITTED = "results"

STUDY = "setting of the validation study, not a model quantity"


@dataclass
class Settings:
    """How big the validation study is, and where it writes."""

    seeds: int = param(
        30, 2, 10000, doc="replicates per condition in each ensemble", evidence=STUDY
    )
    draws: int = param(50, 0, 10000, doc="robustness draws per pattern", evidence=STUDY)
    robustness_seeds: int = param(
        2, 1, 100, doc="replicates per condition in each draw", evidence=STUDY
    )
    knockout_seeds: int = param(
        10,
        0,
        10000,
        doc="replicates per condition with a mechanism off; 0 = no knockouts",
        evidence=STUDY,
    )
    alternative_seeds: int = param(
        6,
        0,
        10000,
        doc="replicates per condition under each alternative model (alternatives.py); 0 = none",
        evidence=STUDY,
    )
    control_seeds: int = param(
        4,
        0,
        10000,
        doc="replicates of each negative control (alternatives.py); 0 = none",
        evidence=STUDY,
    )
    spread: float = param(
        0.2,
        0,
        1,
        high_open=True,
        doc="robustness draws: ±share of defaults",
        evidence=STUDY,
    )
    scale: float = param(
        0.25,
        0,
        1,
        low_open=True,
        doc="share of each district's blocks simulated",
        evidence=f"{STUDY}; see results/scale_invariance.md",
    )
    seed: int = param(
        2024, 0, 2**32 - 1, doc="base seed of every run and of the bootstrap", evidence=STUDY
    )
    resamples: int = param(2000, 100, 100000, doc="bootstrap resamples", evidence=STUDY)
    workers: int = param(0, 0, 1024, doc="processes; 0 = every available core", evidence=STUDY)
    progress: bool = field(default=True, metadata={"doc": "show a progress bar", "evidence": STUDY})
    patterns: list[str] = field(
        default_factory=list, metadata={"doc": "patterns to run; [] = all", "evidence": STUDY}
    )
    output: str | None = field(
        default=None,
        metadata={
            "doc": "folder for validation.md and figures; null = results for the full study, "
            "a new folder of results/scratch/ for a partial one",
            "evidence": STUDY,
        },
    )

    def check(self, known: list[str]) -> Settings:
        """Raise :class:`ConfigError` naming the key, the value and what is allowed."""
        check_ranges(self)
        unknown = [p for p in self.patterns if p not in known]
        if unknown:
            raise ConfigError(
                f"patterns = {list(self.patterns)} names unknown pattern(s) {unknown}; "
                f"allowed: any of {', '.join(known)} (or [] for all)"
            )
        return self

    def partial(self, known: list[str]) -> list[Difference]:
        """How this run differs from the full, committed study (empty: it is the full study).

        The one rule of what the validation's committed results may be replaced by: every
        count at least the committed one, the same spread, scale and base seed, every pattern.
        """
        full = Settings()
        rules = [
            Setting("patterns", list(known), any_order=True, shown=f"all {len(known)}"),
            Setting("seeds", full.seeds, at_least=True),
            Setting("draws", full.draws, at_least=True),
            Setting("robustness_seeds", full.robustness_seeds, at_least=True),
            Setting("knockout_seeds", full.knockout_seeds, at_least=True),
            Setting("alternative_seeds", full.alternative_seeds, at_least=True),
            Setting("control_seeds", full.control_seeds, at_least=True),
            Setting("spread", full.spread),
            Setting("scale", full.scale),
            Setting("seed", full.seed),
            Setting("resamples", full.resamples, at_least=True),
        ]
        values = {r.key: getattr(self, r.key) for r in rules}
        values["patterns"] = list(self.patterns) or list(known)
        return differences(values, rules)
