"""The validation study: every pattern reproduced in a reduced ensemble, and its machinery.

The reduced ensembles (8 seeds, scale 0.1, no robustness draws) assert the predicted direction
of every claim with a 95% bootstrap interval that excludes zero, so a change to a mechanism
that breaks a pattern fails here. The full study is ``make validate``.
"""

import dataclasses
import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from simulation.behaviour import behaviour_fingerprint
from simulation.experiment.scenario import Scenario, as_in, run_config
from simulation.statistics import wilson
from simulation.validation import report, study
from simulation.validation.alternatives import ALTERNATIVES
from simulation.validation.patterns import PATTERNS
from simulation.validation.perturbation import draw_factors, perturbable, rescale
from simulation.validation.settings import Settings
from simulation.validation.statistics import (
    bootstrap,
    difference,
    rank_correlation,
    smallest_step,
)
from tests.command_harness import run_command

ROOT = Path(__file__).resolve().parents[1]
#: Nothing but the ensemble, at scale 0.1, for a test that runs one experiment of its own.
BARE = dict(draws=0, knockout_seeds=0, alternative_seeds=0, control_seeds=0, scale=0.1)
#: In this process (workers=1): the test files already share the cores, and a pool's workers
#: would each start and import the model again; the numbers do not depend on the number of
#: workers (test_results_do_not_depend_on_the_number_of_workers).
REDUCED = Settings(seeds=8, **BARE, resamples=1000, progress=False, workers=1)


@pytest.fixture(scope="module")
def reduced_runs():
    """Every pattern at its defaults, 8 seeds per condition, in one pool of workers."""
    runs, _ = study.run(list(PATTERNS.values()), REDUCED)
    return runs


@pytest.mark.parametrize("key", list(PATTERNS))
def test_every_claim_of_the_pattern_holds_in_a_reduced_ensemble(reduced_runs, key):
    result = study.analyse(reduced_runs, PATTERNS[key], REDUCED)
    for c in result.claims:
        e = c.estimate
        direction = c.claim.direction
        assert direction * e.low > 0 and direction * e.high > 0, (
            f"{key}: '{c.claim.statement}' expected {'>' if direction > 0 else '<'} 0, got "
            f"{e.value:+.4f} [95% CI {e.low:+.4f}, {e.high:+.4f}]"
        )


@pytest.mark.parametrize(("key", "claim"), [("power", 0), ("accountability", 0)])
def test_switching_off_the_mechanism_removes_the_effect(key, claim):
    """The suite can fail: without the power penalty / the credit difference, no effect."""
    pattern = PATTERNS[key]
    knockout = next(k for k in pattern.knockouts if k.claim == claim)
    settings = Settings(seeds=4, **BARE, resamples=500, progress=False, workers=1)
    knocked = pattern.knocked_out(knockout)
    runs, _ = study.run([knocked], settings)
    result = study.analyse(runs, knocked, settings)
    e = result.claims[claim].estimate
    assert e.low <= 0 <= e.high, f"{key} survives its knockout: {e}"


@pytest.mark.parametrize(
    ("key", "alternative"),
    [("tenure", "no_tie_loss_at_transfer"), ("block_models", "random_engagement")],
)
def test_an_alternative_model_fails_the_pattern_it_should(key, alternative):
    """A pattern is evidence only if a model without the mechanism fails it, on the same seeds
    on which the model itself reproduces it (so that the failure is not a lack of seeds):
    without tie loss at a transfer, tenure no longer orders collaboration; with engagement
    blind to its situation, the block models no longer engage their sectors as the study
    found."""
    pattern = PATTERNS[key]
    overrides = ALTERNATIVES[alternative].overrides
    other = dataclasses.replace(
        pattern, conditions=tuple(c.with_overrides(*overrides) for c in pattern.conditions)
    )
    settings = Settings(seeds=6, **BARE, resamples=500, progress=False, workers=1)
    runs, _ = study.run([pattern, other], settings)
    model = study.analyse(runs[runs.index < len(runs) // 2], pattern, settings)
    assert model.verdict == "reproduced", [(c.claim.statement, c.estimate) for c in model.claims]
    result = study.analyse(runs[runs.index >= len(runs) // 2], other, settings)
    assert result.verdict != "reproduced", [(c.claim.statement, c.estimate) for c in result.claims]


def test_every_rule_a_pattern_is_written_in_is_a_parameter():
    from simulation.config import load_config

    config = load_config(["state=bihar"])
    for pattern in PATTERNS.values():
        for key in pattern.written_in:
            value = config
            for part in key.split("."):
                value = getattr(value, part)  # AttributeError: no such parameter
            assert isinstance(value, float), key


def test_negative_controls_do_nothing():
    """Each lever the design says does nothing leaves collaboration equal to the last bit."""
    settings = Settings(seeds=2, **{**BARE, "control_seeds": 1}, progress=False, workers=1)
    runs, _ = study.run_planned(study.plan_controls(settings), settings)
    controls = study.analyse_controls(runs)
    assert len(controls) == 4
    assert all(c.does_nothing for c in controls), [(c.control.key, c.differences) for c in controls]


def test_a_pattern_every_alternative_reproduces_is_not_diagnostic():
    pattern = PATTERNS["committees"]
    holds = [study.ClaimResult(c, None, "holds", np.array([]), 0) for c in pattern.claims]
    alternatives = [
        study.AlternativeResult(a, [], ["holds"] * len(pattern.claims))
        for a in ALTERNATIVES.values()
    ]
    every = study.PatternResult(
        pattern, holds, pd.DataFrame(), [], [], alternatives, ["holds"] * len(pattern.claims)
    )
    assert every.diagnostic is False and every.failed_by == []
    alternatives[0] = study.AlternativeResult(
        alternatives[0].alternative, [], ["fails"] + ["holds"] * (len(pattern.claims) - 1)
    )
    one = dataclasses.replace(every, alternatives=alternatives)
    assert one.diagnostic is True and one.failed_by == [alternatives[0].alternative]
    # The model itself must reproduce the pattern on the alternatives' seeds to compare.
    small = dataclasses.replace(one, at_alternatives_size=["inconclusive"] * len(pattern.claims))
    assert small.diagnostic is False
    assert study.PatternResult(pattern, holds, pd.DataFrame(), [], []).diagnostic is None


def test_results_do_not_depend_on_the_number_of_workers():
    patterns = [PATTERNS["accountability"], PATTERNS["committees"]]
    settings = Settings(
        seeds=2,
        draws=1,
        robustness_seeds=1,
        knockout_seeds=2,
        alternative_seeds=0,
        control_seeds=0,
        scale=0.1,
        progress=False,
    )
    one, _ = study.run(patterns, dataclasses.replace(settings, workers=1))
    two, _ = study.run(patterns, dataclasses.replace(settings, workers=2))
    pd.testing.assert_frame_equal(one, two)
    assert set(one.part) == {"ensemble", "robustness", "knockout"}


# --------------------------------------------------------------------------- robustness draws
def test_draws_vary_every_non_focal_parameter_within_the_spread():
    keys = perturbable(("state.context.power_asymmetry",))
    assert "state.context.power_asymmetry" not in keys
    assert "processes.engagement.power_weight" in keys
    assert not any(k.startswith(("state.structure", "interventions")) for k in keys)
    draws = draw_factors(keys, 50, 0.2, seed=1)
    factors = np.array([[d[k] for k in keys] for d in draws])
    assert factors.min() >= 0.8 and factors.max() <= 1.2
    # Latin hypercube: each parameter has one draw in each of 50 equal slices of the range
    slices = np.floor((factors - 0.8) / 0.4 * 50).astype(int)
    assert all(len(set(slices[:, j])) == 50 for j in range(len(keys)))


BIHAR = ["state=bihar", "scale=0.1", "months=12", "seed=1"]


def test_a_draw_scales_from_the_states_own_defaults_and_stays_in_range():
    plain = Scenario("x", "x")
    base = run_config(plain, BIHAR)
    factors = {"state.context.power_asymmetry": 1.2, "processes.adaptation.floor": 0.001}
    drawn = run_config(plain, BIHAR, prepare=lambda c: rescale(c, factors))
    assert drawn.state.context.power_asymmetry == pytest.approx(
        1.2 * base.state.context.power_asymmetry
    )
    assert drawn.processes.adaptation.floor == 0.001  # clipped to its lower bound
    config = run_config(plain, BIHAR)
    rescale(config, {"state.context.power_asymmetry": 10.0})
    assert config.state.context.power_asymmetry == 1.0


def test_a_condition_overrides_the_draw_and_can_copy_another_states_section():
    cadre = Scenario("c", "c", (as_in("state.health_leaders", "tamil_nadu"),))
    factors = {"state.health_leaders.tenure_months": 0.8}
    config = run_config(cadre, BIHAR, prepare=lambda c: rescale(c, factors))
    tamil_nadu = run_config(Scenario("t", "t", ("state=tamil_nadu",)), BIHAR)
    assert config.state.name == "Bihar"
    assert config.state.health_leaders == tamil_nadu.state.health_leaders


# --------------------------------------------------------------------------- statistics
def test_bootstrap_interval_covers_a_known_difference():
    rng = np.random.default_rng(3)
    base = rng.normal(0.0, 1.0, 40)
    data = {"y": np.vstack([base, base + 0.5 + rng.normal(0.0, 0.1, 40)])}
    index = {"a": 0, "b": 1}
    e = bootstrap(difference("y", "b", "a"), data, index, resamples=2000, seed=0)
    assert e.low < 0.5 < e.high and e.high - e.low < 0.2  # pairing removes the seed noise


def test_wilson_interval_is_the_closed_form():
    """simulation.statistics.wilson (scipy's binomtest) is Wilson's closed form, to 1e-15."""
    z = 1.959963984540054
    for n in range(1, 61):
        for k in range(n + 1):
            p = k / n
            centre = (p + z * z / (2 * n)) / (1 + z * z / n)
            half = z * np.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
            assert wilson(k, n) == pytest.approx((centre - half, centre + half), abs=1e-15)
    assert np.isnan(wilson(0, 0)).all()


def test_bootstrap_of_one_seed_has_no_interval():
    """One seed (knockout_seeds=1) gives the value with NaN bounds, not scipy's error."""
    data = {"y": np.array([[1.0], [2.0]])}
    e = bootstrap(difference("y", "b", "a"), data, {"a": 0, "b": 1}, resamples=100, seed=0)
    assert e.value == 1.0 and np.isnan(e.low) and np.isnan(e.high)
    assert study.verdict(e, 1) == "inconclusive"
    assert report._effect(e) == "+1.000 (one seed: no interval)"


def test_monotone_statistics():
    data = {"y": np.array([[1.0, 1.1], [2.0, 2.1], [2.5, 2.4]])}
    index = {"a": 0, "b": 1, "c": 2}
    assert smallest_step("y", ("a", "b", "c"))(data, index) == pytest.approx(0.4)
    assert rank_correlation("y", {"a": 1, "b": 2, "c": 3})(data, index) > 0.9
    assert smallest_step("y", ("c", "b", "a"))(data, index) < 0


# --------------------------------------------------------------------------- command and report
def test_bad_settings_stop_before_any_work(tmp_path):
    result = run_command("simulation.validation", ["patterns=[tenure,charisma]"], tmp_path)
    assert result.code == 2
    assert "patterns" in result.stderr and "charisma" in result.stderr
    assert "allowed" in result.stderr and "tenure" in result.stderr
    result = run_command("simulation.validation", ["seeds=1"], tmp_path)
    assert result.code == 2 and "seeds = 1" in result.stderr
    assert not list(tmp_path.iterdir())


def test_command_writes_report_figures_and_table(tmp_path):
    args = [
        "patterns=[house_in_order]",
        "seeds=3",
        "draws=2",
        "knockout_seeds=2",
        "alternative_seeds=1",
        "control_seeds=1",
        "resamples=200",
        "scale=0.1",
        "workers=1",
        "progress=false",
        f"output={tmp_path}",
    ]
    result = run_command("simulation.validation", args, tmp_path)
    assert result.code == 0, result.stderr
    text = (tmp_path / "validation.md").read_text()
    assert "House in order" in text and "Knockouts" in text
    assert "## Alternative models that should fail" in text and "## Negative controls" in text
    assert (tmp_path / "validation" / "house_in_order.png").stat().st_size > 10_000
    runs = pd.read_parquet(tmp_path / "validation" / "runs.parquet")
    # 4 conditions x (3 seeds + 2 draws x 2 seeds + 1 knockout x 2 seeds + 7 alternatives x 1
    # seed), and 4 negative controls x 2 arms x 1 seed
    groups = runs.groupby(["part", "draw", "condition", "replicate"]).ngroups
    assert groups == 4 * (3 + 4 + 2 + 7) + 4 * 2
    committed, recomputed = report.reread(tmp_path)
    assert committed == recomputed
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]  # no staging left
    report.rewrite(tmp_path)  # re-rendering from the stored table changes nothing
    assert (tmp_path / "validation.md").read_text() == text
    assert pd.read_parquet(tmp_path / "validation" / "runs.parquet").equals(runs)


def _files(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def test_a_partial_validation_writes_to_scratch_and_says_it_is_partial(tmp_path):
    """The README's quick look no longer replaces the committed study (issue 16, defect 2)."""
    committed = tmp_path / "results"
    committed.mkdir()
    (committed / "validation.md").write_bytes((ROOT / "results" / "validation.md").read_bytes())
    for f in (ROOT / "results" / "validation").iterdir():
        (committed / "validation").mkdir(exist_ok=True)
        (committed / "validation" / f.name).write_bytes(f.read_bytes())
    before = _files(committed)
    args = ["patterns=[tenure]", "seeds=2", "draws=1", "robustness_seeds=1", "knockout_seeds=0"]
    args += ["alternative_seeds=0", "control_seeds=0"]
    result = run_command(
        "simulation.validation", [*args, "resamples=100", "workers=1", "progress=false"], tmp_path
    )
    assert result.code == 0, result.stderr
    [scratch] = (committed / "scratch").iterdir()
    assert scratch.name.startswith("validation-tenure-seeds2-draws1-")
    assert f"writing to results/scratch/{scratch.name}/" in result.stdout
    after = _files(committed)
    assert {k: v for k, v in after.items() if not k.startswith("scratch/")} == before
    text = (scratch / "validation.md").read_text()
    top = text.split("## Summary")[0]
    assert "**Partial study, not the committed validation**" in top
    assert "patterns \\[tenure\\] (full study: all 9); seeds 2 (full study: 30)" in top
    assert "every claim of every pattern" not in text
    assert "None of the patterns run in this partial study (Tenure)" in text
    assert report.reread(scratch) == (text, text)
    assert (
        json.loads((scratch / "validation" / "meta.json").read_text())["settings"]["output"]
        == f"results/scratch/{scratch.name}"
    )


def test_only_the_full_settings_make_the_full_study():
    known = list(PATTERNS)
    assert Settings().partial(known) == []
    assert Settings(seeds=40, draws=60, patterns=known[::-1], workers=1).partial(known) == []
    assert [d.key for d in Settings(seeds=10, draws=10, patterns=known[:2]).partial(known)] == [
        "patterns",
        "seeds",
        "draws",
    ]
    assert [d.key for d in Settings(spread=0.5, scale=0.2).partial(known)] == ["spread", "scale"]
    committed = json.loads((ROOT / "results" / "validation" / "meta.json").read_text())
    assert Settings(**committed["settings"]).partial(known) == []


@pytest.fixture(scope="module")
def committed_study():
    """The committed study analysed again from its table (``report.load``), once for the
    tests that read it: the analysis of 30 seeds and 50 draws takes a while."""
    return report.load(ROOT / "results")


def test_committed_report_is_current_and_recomputes_from_its_table(committed_study):
    meta = json.loads((ROOT / "results" / "validation" / "meta.json").read_text())
    assert meta["behaviour_fingerprint"] == behaviour_fingerprint(), (
        "the model behaves otherwise than when results/validation.md was generated "
        "(simulation/behaviour.py): run `make validate` and commit results/"
    )
    # report.reread, with the analysis shared: the committed text against the one re-rendered
    committed = (ROOT / "results" / "validation.md").read_text()
    runs = pd.read_parquet(ROOT / "results" / "validation" / "runs.parquet")
    assert committed == report.render(*committed_study, study.analyse_controls(runs))
    assert "## Negative controls" in committed and "## Alternative models" in committed
    assert meta["settings"]["seeds"] >= 30 and meta["settings"]["draws"] >= 50


def test_readme_quotes_the_committed_validation(committed_study):
    results, _, _ = committed_study
    readme = (ROOT / "README.md").read_text()
    for row in report.readme_table(results):
        assert row in readme, f"README.md lacks this row of the validation table:\n{row}"
