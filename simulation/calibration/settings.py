"""Settings of the calibration; ``configs/calibration.yaml`` mirrors this dataclass."""

from __future__ import annotations

from dataclasses import dataclass, field

from simulation.parameters import ConfigError, check_ranges, param
from simulation.scratch import Difference, Setting, differences

#: Where the full calibration writes ``calibration.md`` and ``calibration/`` (committed).
COMMITTED = "results"
#: The target file of the committed calibration.
TARGETS = "configs/calibration_targets.yaml"
STUDY = "calibration setting (configs/calibration.yaml)"


@dataclass
class Settings:
    """How big the calibration is, its prior and where it writes."""

    draws: int = param(1000, 2, 1_000_000, doc="prior draws simulated", evidence=STUDY)
    accept: int = param(
        200, 2, 1_000_000, doc="draws kept: the closest to every target at once", evidence=STUDY
    )
    chunk: int = param(
        20, 1, 100_000, doc="draws per saved chunk (what an interruption can lose)", evidence=STUDY
    )
    scale: float = param(
        0.25,
        0,
        1,
        low_open=True,
        doc="share of each district's blocks simulated",
        evidence=f"{STUDY}; the smallest scale results/scale_invariance.md supports",
    )
    months: int = param(120, 1, 1200, doc="months of every run", evidence=STUDY)
    seed: int = param(
        2024, 0, 2**32 - 1, doc="seed of the prior draws and of every run", evidence=STUDY
    )
    spread_assumption: float = param(
        0.5, 0, 1, doc="prior: ±share of the default for an assumed weight", evidence=STUDY
    )
    spread_sourced: float = param(
        0.2, 0, 1, doc="prior: ±share of the default for a sourced weight", evidence=STUDY
    )
    priors: dict[str, list[float]] = field(
        default_factory=dict,
        metadata={"doc": "weight -> [low, high], replacing its prior range", "evidence": STUDY},
    )
    targets: str = field(default=TARGETS, metadata={"doc": "the target file", "evidence": STUDY})
    workers: int = param(
        0, 0, 1024, doc="processes; 0 = every available core (of the cluster, on Ray)",
        evidence=STUDY,
    )  # fmt: skip
    ray: str | None = field(
        default=None,
        metadata={
            "doc": "run on Ray: local (a cluster on this machine), auto or the head's address "
            "(<host>:6379, ray://<host>:10001); null: this machine's pool",
            "evidence": STUDY,
        },
    )
    progress: bool = field(default=True, metadata={"doc": "show a progress bar", "evidence": STUDY})
    output: str | None = field(
        default=None,
        metadata={
            "doc": "folder for calibration.md and calibration/; null = results for the full "
            "calibration, a new folder of results/scratch/ for a partial one",
            "evidence": STUDY,
        },
    )

    def check(self) -> Settings:
        """Raise :class:`ConfigError` naming the key, the value and what is allowed."""
        check_ranges(self)
        if self.ray is not None and self.ray != "local":
            from simulation.experiment.clusters import check_ray_head

            check_ray_head(str(self.ray), "ray", "ray=local, or ray=null for this machine's pool")
        if self.accept > self.draws:
            raise ConfigError(
                f"accept = {self.accept} is more than draws = {self.draws}; allowed: "
                "accept <= draws"
            )
        return self

    def partial(self) -> list[Difference]:
        """How this run differs from the full, committed calibration (empty: it is the full
        one): at least as many draws, the same acceptance, scale, months, seed, prior and
        target file."""
        full = Settings()
        rules = [
            Setting("draws", full.draws, at_least=True),
            Setting("accept", full.accept),
            Setting("scale", full.scale),
            Setting("months", full.months),
            Setting("seed", full.seed),
            Setting("spread_assumption", full.spread_assumption),
            Setting("spread_sourced", full.spread_sourced),
            Setting("priors", full.priors),
            Setting("targets", full.targets),
        ]
        return differences({r.key: getattr(self, r.key) for r in rules}, rules)
