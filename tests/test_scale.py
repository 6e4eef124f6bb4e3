"""``scale`` does not change what an indicator estimates, and the studies default to a scale
that agrees with the whole state (``results/scale_invariance.md``)."""

import sys
from pathlib import Path

import pandas as pd
import yaml

ROOT = Path(__file__).parents[1]
sys.path.insert(0, str(ROOT / "experiments"))
import scale_invariance  # noqa: E402

from simulation.config_folder import CONFIG_DIR  # noqa: E402
from simulation.indicators import HEADLINE, INDICATORS  # noqa: E402
from simulation.validation import patterns  # noqa: E402

COMMITTED = pd.read_csv(ROOT / "results" / "scale_invariance.csv")


def default_scale(config: str) -> float:
    return float(yaml.safe_load((CONFIG_DIR / config).read_text())["scale"])


def test_the_committed_table_covers_every_indicator_at_three_scales_in_two_states():
    assert set(COMMITTED.indicator) == set(INDICATORS)
    assert sorted(COMMITTED.scale.unique()) == [0.1, 0.25, 1.0]
    assert set(COMMITTED.state) == {"bihar", "tamil_nadu"}
    assert COMMITTED.low.notna().all()  # intervals: at least three seeds


def test_the_comparison_defaults_to_a_scale_that_agrees_in_every_headline_row():
    scale = default_scale("compare.yaml")
    rows = COMMITTED[(COMMITTED.scale == scale) & COMMITTED.indicator.isin(HEADLINE)]
    assert len(rows) and rows.agrees.all(), rows[~rows.agrees]


def test_the_validation_defaults_to_a_scale_that_agrees_on_what_its_claims_read():
    scale = default_scale("validation.yaml")
    read = {m.indicator for p in patterns.PATTERNS.values() for m in p.measures.values()}
    rows = COMMITTED[(COMMITTED.scale == scale) & COMMITTED.indicator.isin(read | set(HEADLINE))]
    assert len(rows) and rows.agrees.all(), rows[~rows.agrees]


def test_block_collaboration_at_a_quarter_of_the_blocks_estimates_the_whole_state():
    """Recomputed, small: Bihar, 4 seeds, 36 months, the status quo and health-led convergence
    at scales 0.25 and 1: every headline indicator and the scenario's difference from the
    status quo agree (Welch's interval, or a difference below 1% of the range), while the
    difference itself is clearly not zero."""
    table = scale_invariance.measure(
        ["bihar"], [0.25, 1.0], seeds=4, months=36, workers=1, scenarios=["health_led"]
    )
    summary = scale_invariance.summarise(table)
    rows = summary[summary.indicator.isin(HEADLINE) & (summary.scale == 0.25)]
    assert rows.agrees.all(), rows[~rows.agrees]
    whole = summary[(summary.scale == 1.0) & (summary.quantity == "health_led - status_quo")]
    effect = whole.set_index("indicator").loc["collaboration_block"]
    assert effect["low"] > 0.05  # the contrast is real, so agreement is not agreement on nothing


def test_a_district_officer_weighs_its_blocks_as_the_whole_district_has_them():
    """At a tenth of Bihar's blocks, each district officer's supervision ties, each counted as
    many times as its block stands for (``World.tie_weights``, what the mindset rule counts),
    add up to the district's real number of blocks: as many supervision ties as the same
    officer has in the whole state. At scale 1 every tie counts once."""
    import numpy as np

    from simulation.array_model import build_world
    from simulation.config import load_config
    from simulation.ties import TieKind

    def supervised(scale: float) -> tuple[dict, np.ndarray]:
        world = build_world(load_config(["state=bihar", f"scale={scale}", "progress=false"]))
        t, n = world.ties, world.nodes
        weights = world.tie_weights()
        routine = np.arange(t.n_forum, t.n_forum + t.n_routine)
        kept = routine[t.kind[routine] == TieKind.SUPERVISION]
        district_end = np.where(n.block[t.src[kept]] < 0, t.src[kept], t.dst[kept])
        keys = zip(n.district[district_end], n.sector[district_end], strict=True)
        counted: dict = {}
        for key, w in zip(keys, weights[kept], strict=True):
            counted[key] = counted.get(key, 0.0) + w
        return counted, weights

    sampled, _ = supervised(0.1)
    whole, weights = supervised(1.0)
    assert (weights == 1.0).all()
    assert len(sampled) == len(whole) > 30
    assert {k: round(v, 9) for k, v in sampled.items()} == whole
