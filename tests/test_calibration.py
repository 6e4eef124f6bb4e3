"""The calibration (simulation/calibration/): its targets and prior refuse bad input before any
run, it resumes an interrupted run without losing a finished draw and gives the same numbers
whatever the number of workers, it recovers known weights from data the model generated
itself, and the committed posterior is what its report says."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from simulation.calibration import report
from simulation.calibration.posterior import load_posterior
from simulation.calibration.prior import build_prior, calibrated_keys
from simulation.calibration.settings import Settings
from simulation.calibration.simulate import simulate, window_means
from simulation.calibration.targets import load_targets
from simulation.config import load_config
from simulation.config_folder import project_file
from simulation.experiment.scenario import assign, lookup
from simulation.parameters import ConfigError
from tests.command_harness import run_command, traceback_problems
from tests.ray_head import needs_a_ray_head, run_on_ray_head

ROOT = Path(__file__).resolve().parents[1]
COMMITTED = ROOT / "results"

#: Two weights with separate footprints: the base level trust drifts to sets allied trust in
#: health; the growth of frontline cohesion sets the triads' cohesion.
TRUST = "processes.engagement.trust_base"
COHESION = "processes.village.cohesion_growth"
TRUTH = {TRUST: 0.65, COHESION: 0.07}
PRIOR = {TRUST: [0.25, 0.75], COHESION: [0.05, 0.15]}
SMALL = {"scale": 0.1, "months": 36}


def defaults() -> dict[str, float]:
    base = load_config(["progress=false"])
    return {k: lookup(base, k) for k in calibrated_keys()}


def only(keys: dict[str, list[float]]):
    """A prior that varies ``keys`` only: every other weight fixed at its default."""
    return build_prior(defaults(), 0.0, 0.0, keys)


def write_targets(folder: Path, text: str) -> Path:
    path = folder / "targets.yaml"
    path.write_text(textwrap.dedent(text))
    return path


def small_targets(folder: Path, trust: tuple[float, float], cohesion: tuple[float, float]):
    return write_targets(
        folder,
        f"""\
        runs:
          kerala: [state=kerala]
        targets:
          - name: trust
            kind: sourced
            indicator: trust_in_health
            of: kerala
            months: [13, 36]
            range: [{trust[0]}, {trust[1]}]
            tolerance: 0.02
            source: made by the model at known weights
          - name: cohesion
            kind: sourced
            indicator: frontline_cohesion
            of: kerala
            months: [13, 36]
            range: [{cohesion[0]}, {cohesion[1]}]
            tolerance: 0.01
            source: made by the model at known weights
        """,
    )


# --- bad input: one message naming the file and the key, before any run ---------------------


def refused(tmp_path: Path, text: str) -> str:
    path = write_targets(tmp_path, text)
    with pytest.raises(ConfigError) as caught:
        load_targets(path, 120)
    message = str(caught.value)
    assert "targets.yaml" in message
    return message


GOOD_TARGET = """\
runs:
  kerala: [state=kerala]
targets:
  - name: level
    kind: sourced
    indicator: coverage
    of: kerala
    months: [1, 12]
    range: [0.1, 0.9]
    tolerance: 0.05
    source: a source
"""


def test_the_committed_target_file_is_read_whole():
    targets = load_targets(project_file(Settings().targets), 120)
    assert len(targets.fitted) >= 20
    kinds = {t.kind for t in targets.targets}
    assert kinds == {"sourced", "elicitation", "pattern", "check"}
    # every pattern of the validation has its sign among the targets
    from simulation.validation.patterns import PATTERNS

    fitted = {t.name for t in targets.fitted}
    assert {f"pattern_{k}" for k in PATTERNS} <= fitted


def test_a_good_target_file_is_accepted(tmp_path):
    targets = load_targets(write_targets(tmp_path, GOOD_TARGET), 120)
    assert [t.name for t in targets.targets] == ["level"]


@pytest.mark.parametrize(
    ("change", "named"),
    [
        (("indicator: coverage", "indicator: happiness"), "targets.level.indicator = 'happiness'"),
        (("of: kerala", "of: goa"), "targets.level.of names the run 'goa'"),
        (("months: [1, 12]", "months: [1, 200]"), "targets.level.months = [1, 200]"),
        (("range: [0.1, 0.9]", "range: [0.9, 0.1]"), "targets.level.range = [0.9, 0.1]"),
        (("tolerance: 0.05", "tolerance: 0"), "targets.level.tolerance = 0"),
        (("kind: sourced", "kind: guess"), "targets.level.kind = 'guess'"),
        (("    source: a source\n", ""), "targets.level.source is missing"),
        (("state=kerala", "state=kerala, scale=0.5"), "runs.kerala"),
        (("range: [0.1, 0.9]", "range: [0.1, 0.9]\n    weight: 2"), "unknown key(s) ['weight']"),
    ],
)
def test_a_bad_target_names_the_key(tmp_path, change, named):
    old, new = change
    assert old in GOOD_TARGET
    message = refused(tmp_path, GOOD_TARGET.replace(old, new, 1))
    assert named in message


def test_a_target_file_that_is_not_yaml_names_the_line(tmp_path):
    message = refused(tmp_path, GOOD_TARGET.replace("months: [1, 12]", "months: [1, 12"))
    assert "line" in message


def test_a_run_no_target_reads_is_refused(tmp_path):
    text = GOOD_TARGET.replace(
        "  kerala: [state=kerala]", "  kerala: [state=kerala]\n  goa: [state=bihar]"
    )
    assert "runs.goa is read by no target" in refused(tmp_path, text)


def test_a_pattern_condition_must_exist(tmp_path):
    text = GOOD_TARGET.replace("[state=kerala]", "{pattern: tenure, condition: 7 months}")
    assert "runs.kerala.condition = '7 months'" in refused(tmp_path, text)


NFHS_TARGET = GOOD_TARGET.replace(
    "    range: [0.1, 0.9]\n", "    nfhs: {state: kerala, items: [40, 41], measure: level}\n"
)


@pytest.mark.parametrize(
    ("old", "new", "named"),
    [
        ("items: [40, 41]", "items: [40, 40]", "nfhs.items = [40, 40]"),
        ("measure: level}", "measure: level, sigmas: -1}", "nfhs.sigmas = -1"),
        ("state: kerala,", "state: [kerala],", "nfhs.state = ['kerala']"),
    ],
)
def test_a_bad_nfhs_entry_names_the_key(tmp_path, old, new, named):
    assert load_targets(write_targets(tmp_path, NFHS_TARGET), 120).targets[0].low is not None
    assert named in refused(tmp_path, NFHS_TARGET.replace(old, new))


def test_a_list_where_a_name_belongs_names_the_key(tmp_path):
    text = GOOD_TARGET.replace("[state=kerala]", "{pattern: [tenure], condition: 6 months}")
    assert "runs.kerala.pattern = ['tenure']" in refused(tmp_path, text)
    assert "targets.level.indicator = ['coverage']" in refused(
        tmp_path, GOOD_TARGET.replace("indicator: coverage", "indicator: [coverage]")
    )


def test_a_run_the_config_refuses_names_the_file_and_run_before_any_run(tmp_path):
    from simulation.calibration.simulate import check_draws

    path = write_targets(
        tmp_path, GOOD_TARGET.replace("[state=kerala]", "[state=kerala, interventions.training=x]")
    )
    targets = load_targets(path, 120)
    with pytest.raises(ConfigError, match=r"targets.yaml: runs.kerala: interventions.training"):
        check_draws(targets, only(PRIOR), Settings(draws=3, accept=2))


def test_a_prior_whose_draws_break_the_config_is_refused_naming_the_draw(tmp_path):
    from simulation.calibration.simulate import check_draws

    targets = load_targets(write_targets(tmp_path, GOOD_TARGET), 120)
    # a review may not wind up a forum above the level at which it reforms one
    prior = only(
        {
            "processes.monitoring.drop_below": [0.0, 0.3],
            "processes.monitoring.reform_below": [0.1, 0.15],
        }
    )
    with pytest.raises(ConfigError, match=r"prior draw \d+: .*drop_below"):
        check_draws(targets, prior, Settings(draws=20, accept=2))


def test_a_planner_scenario_must_exist(tmp_path):
    text = GOOD_TARGET.replace("[state=kerala]", "{scenario: nowhere_led, state: kerala}")
    assert "runs.kerala.scenario = 'nowhere_led'" in refused(tmp_path, text)


def test_a_run_may_not_set_what_the_calibration_decides(tmp_path):
    text = GOOD_TARGET.replace("[state=kerala]", "[state=kerala, seed=3]")
    assert "runs.kerala sets 'seed=3'" in refused(tmp_path, text)


def test_the_prior_draws_find_the_weight_a_result_depends_on():
    """The given-data indices single out the one weight a synthetic result depends on."""
    from simulation.calibration.sensitivity import first_order

    prior = build_prior(defaults(), 0.5, 0.2, {})
    keys = [k for k, v in zip(prior.keys, prior.varied, strict=True) if v]
    table = pd.DataFrame(prior.draw(400, seed=3), columns=prior.keys)
    rng = np.random.default_rng(0)
    x = table[TRUST].to_numpy()
    values = pd.DataFrame({"result": 4 * x + rng.normal(0, 0.05, len(x))})
    indices = first_order(table, values, prior, ["result"], seed=0).set_index("weight")
    assert set(indices.index) == set(keys)
    assert indices["S1"].idxmax() == TRUST
    assert indices.loc[TRUST, "S1"] > 0.8
    others = indices.drop(index=TRUST)
    assert (others["S1"] < 0.1).all()


@pytest.mark.parametrize(
    ("priors", "named"),
    [
        (
            {"processes.engagement.no_such_weight": [0, 1]},
            "priors.processes.engagement.no_such_weight",
        ),
        ({"trust_base": [0, 1]}, "did you mean processes.engagement.trust_base"),
        ({TRUST: [0.8, 0.2]}, f"priors.{TRUST} = [0.8, 0.2]"),
        ({TRUST: [0.5, 3.0]}, "leaves the declared range"),
    ],
)
def test_a_bad_prior_names_the_key(priors, named):
    with pytest.raises(ConfigError, match=named.replace("[", r"\[").replace("]", r"\]")):
        build_prior(defaults(), 0.5, 0.2, priors)


def test_a_posterior_that_does_not_match_the_config_is_refused(tmp_path):
    full = {k: [v, v] for k, v in defaults().items()}
    good = pd.DataFrame({"draw": [0, 1], "distance": [0.1, 0.2], **full, TRUST: [0.4, 0.6]})
    good.to_csv(tmp_path / "posterior.csv", index=False)
    assert len(load_posterior(tmp_path / "posterior.csv")) == 2
    good.drop(columns=[COHESION]).to_csv(tmp_path / "c.csv", index=False)
    with pytest.raises(ConfigError, match=rf"c.csv: no column for the weight '{COHESION}'"):
        load_posterior(tmp_path / "c.csv")
    good.assign(**{"processes.engagement.gone": [1, 2]}).to_csv(tmp_path / "a.csv", index=False)
    with pytest.raises(ConfigError, match=r"a.csv: column 'processes.engagement.gone'"):
        load_posterior(tmp_path / "a.csv")
    good.assign(**{TRUST: [0.4, 7.0]}).to_csv(tmp_path / "b.csv", index=False)
    with pytest.raises(ConfigError, match=rf"b.csv: row 2, {TRUST} = 7.0 is out of range"):
        load_posterior(tmp_path / "b.csv")


def test_the_command_refuses_bad_targets_before_any_run(tmp_path):
    bad = write_targets(tmp_path, GOOD_TARGET.replace("coverage", "happiness"))
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "simulation.calibration",
            f"targets={bad}",
            f"output={tmp_path}/out",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 2, done.stderr
    assert "Traceback" not in done.stderr
    assert "targets.level.indicator = 'happiness' is no output of the model" in done.stderr
    assert not (tmp_path / "out").exists()


# --- resuming, workers, the model that made a chunk -----------------------------------------


def test_an_interrupted_calibration_resumes_and_workers_do_not_change_it(tmp_path):
    targets = load_targets(small_targets(tmp_path, (0.2, 0.4), (0.5, 0.7)), SMALL["months"])
    prior = only(PRIOR)
    settings = Settings(draws=6, accept=2, chunk=2, workers=1, progress=False, **SMALL)
    first, info = simulate(targets, prior, settings, tmp_path, "model-a")
    assert info["record"]["runs_now"] == 6
    chunks = sorted(Path(info["work"]).glob("chunk-*.parquet"))
    assert len(chunks) == 3
    chunks[1].unlink()  # the run stopped while simulating the second chunk
    again, info2 = simulate(
        targets, prior, Settings(**{**settings.__dict__, "workers": 2}), tmp_path, "model-a"
    )
    assert info2["record"]["runs_now"] == 2 and info2["record"]["runs_reused"] == 4
    pd.testing.assert_frame_equal(first, again, check_exact=True)
    # another model: nothing is reused
    _, info3 = simulate(targets, prior, settings, tmp_path, "model-b")
    assert info3["record"]["runs_now"] == 6


# --- recovery: known weights from data the model made itself --------------------------------


def test_the_calibration_recovers_known_weights(tmp_path):
    config = load_config(
        ["state=kerala", "progress=false", *(f"{k}={v}" for k, v in SMALL.items())]
    )
    for key, value in TRUTH.items():
        assign(config, key, value)
    observed = []
    for replicate in (900, 901, 902):
        config.replicate = replicate
        observed.append(
            window_means(config, (("trust_in_health", 13, 36), ("frontline_cohesion", 13, 36)))
        )
    collaboration, vhsnc = np.mean(observed, axis=0)
    targets = load_targets(
        small_targets(
            tmp_path,
            (round(collaboration - 0.01, 4), round(collaboration + 0.01, 4)),
            (round(vhsnc - 0.005, 4), round(vhsnc + 0.005, 4)),
        ),
        SMALL["months"],
    )
    prior = only(PRIOR)
    settings = Settings(draws=160, accept=16, chunk=80, workers=1, progress=False, **SMALL)
    table, _ = simulate(targets, prior, settings, tmp_path, "recovery")
    result = report.analyse(table, targets, prior, settings.accept)
    weights = result["weights"].set_index("weight")
    for key, truth in TRUTH.items():
        row = weights.loc[key]
        low, high = PRIOR[key]
        prior_sd = (high - low) / np.sqrt(12)
        # the data narrow the weight to well under its prior spread, around the truth
        assert row["sd_ratio"] < 0.6, (key, row["sd_ratio"])
        assert abs(row["posterior_mean"] - truth) < 0.25 * prior_sd, (key, row["posterior_mean"])
        assert row["posterior_q05"] <= truth <= row["posterior_q95"], (key, row)
        assert row["constrained"]
    # the weights no target reads stay at their defaults
    untouched = [k for k in prior.keys if k not in TRUTH]
    assert (table[untouched].nunique() == 1).all()


# --- the committed calibration ----------------------------------------------------------------


def test_the_committed_report_is_what_its_files_say():
    committed, recomputed = report.reread(COMMITTED)
    assert committed == recomputed
    # the stored sensitivity indices are those of the stored draws, for one difference
    from simulation.calibration.report import _stored
    from simulation.calibration.sensitivity import first_order

    table, targets, prior, _, _ = _stored(COMMITTED)
    stored = pd.read_csv(COMMITTED / "calibration" / "sensitivity.csv")
    one = stored["target"].iloc[0]
    values = report.analyse(table, targets, prior, 2, stored)["values"]
    again = first_order(table, values, prior, [one], seed=0)
    mine = stored[stored["target"] == one].reset_index(drop=True)
    assert np.allclose(again["S1"], mine["S1"], atol=1e-5)
    posterior = load_posterior(COMMITTED / "calibration" / "posterior.csv")
    assert len(posterior) >= 200
    meta = json.loads((COMMITTED / "calibration" / "meta.json").read_text())
    assert meta["runs"] >= 10_000 and not meta["partial"]


def test_the_committed_calibration_was_made_by_a_model_that_behaves_as_this_one():
    """Rerun make calibrate when this fails: the posterior belongs to another model."""
    from simulation import behaviour

    meta = json.loads((COMMITTED / "calibration" / "meta.json").read_text())
    assert meta["behaviour_fingerprint"] == behaviour.behaviour_fingerprint(), (
        "the model behaves otherwise than when results/calibration was made: rerun "
        "`make calibrate` and commit it"
    )


# --- the same command on a Ray cluster --------------------------------------------------------

RAY_CALIBRATION = """python -m simulation.calibration ray=127.0.0.1:{port} targets={targets} \\
    draws=4 accept=2 chunk=2 scale=0.1 months=36 progress=false output={output}"""


@needs_a_ray_head
def test_the_calibration_runs_on_a_ray_cluster_with_the_same_draws(tmp_path):
    """A real Ray cluster (``ray start --head``) on loopback, in a network namespace of its own:
    ``python -m simulation.calibration ray=<head>`` gives the draws this machine's pool gives."""
    targets_file = small_targets(tmp_path, (0.6, 0.8), (0.4, 0.6))
    command = RAY_CALIBRATION.format(port=6398, targets=targets_file, output=tmp_path / "out")
    done = run_on_ray_head(command, 6398, tmp_path / "ray.log", ROOT)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    on_ray = pd.read_parquet(tmp_path / "out" / "calibration" / "draws.parquet")
    targets = load_targets(targets_file, SMALL["months"])
    prior = build_prior(defaults(), 0.5, 0.2, {})
    settings = Settings(draws=4, accept=2, chunk=2, workers=1, progress=False, **SMALL)
    here, _ = simulate(targets, prior, settings, tmp_path, "here")
    pd.testing.assert_frame_equal(on_ray, here, check_exact=True)


# --- the Morris screening of every weight -----------------------------------------------------


def test_the_screening_design_moves_only_the_varied_weights_over_their_prior():
    from simulation.calibration.screening import design

    prior = only(PRIOR)
    points, problem = design(prior, 4, seed=1)
    assert problem["names"] == [TRUST, COHESION]
    assert len(points) == 4 * (2 + 1)
    frame = pd.DataFrame(points, columns=prior.keys)
    for key, (low, high) in PRIOR.items():
        assert frame[key].min() >= low - 1e-12 and frame[key].max() <= high + 1e-12
        assert frame[key].nunique() > 1
    fixed = [k for k in prior.keys if k not in PRIOR]
    assert (frame[fixed].nunique() == 1).all()


def test_the_screening_ranks_each_weight_by_what_it_moves(tmp_path):
    """Trust's base level moves allied trust in health, frontline cohesion's growth moves the
    triads' cohesion: the screening's mu* says so, each way round."""
    from simulation.calibration import abc
    from simulation.calibration.screening import design, indices

    targets = load_targets(small_targets(tmp_path, (0, 1), (0, 1)), SMALL["months"])
    prior = only(PRIOR)
    points, problem = design(prior, 4, seed=1)
    settings = Settings(draws=len(points), accept=2, chunk=6, workers=1, progress=False, **SMALL)
    table, _ = simulate(targets, prior, settings, tmp_path, "screening", points)
    values = abc.target_values(table, targets)
    mu = indices(table, values, problem, ["trust", "cohesion"], seed=0)
    mu = mu.set_index(["target", "weight"])["mu_star"]
    assert mu["trust", TRUST] > 5 * mu["trust", COHESION]
    assert mu["cohesion", COHESION] > 5 * mu["cohesion", TRUST]


def test_the_screening_refuses_too_few_trajectories(tmp_path):
    refused = run_command(
        "simulation.calibration.screening", ["trajectories=2", "output=out"], tmp_path
    )
    assert refused.code == 2 and not traceback_problems(refused), refused.describe()
    assert "trajectories = 2 is out of range; allowed: [4, 10000]" in refused.stderr
    assert list(tmp_path.iterdir()) == []


# --- the Sobol indices of the weights the screening ranks highest -----------------------------


def test_the_sobol_stage_takes_the_weights_the_screening_ranks_highest_on_any_difference():
    """A weight that leads a small difference counts as much as one that leads a large one."""
    from simulation.calibration.sobol import chosen_weights

    morris = pd.DataFrame(
        {
            "target": ["large"] * 3 + ["small"] * 3,
            "weight": ["a", "b", "c"] * 2,
            "mu_star": [1.0, 0.5, 0.01, 0.001, 0.002, 0.02],
        }
    )
    assert chosen_weights(morris, 2) == ["a", "c"]
    assert chosen_weights(morris, 3) == ["a", "c", "b"]


def test_the_sobol_design_shares_chance_within_a_base_sample_and_moves_only_its_weights():
    from simulation.calibration.sobol import design

    prior = only(PRIOR)
    points, replicates, _ = design(prior, [TRUST, COHESION], 8, seed=1)
    assert len(points) == 8 * (2 + 2)
    assert replicates.tolist() == [i for i in range(8) for _ in range(4)]
    frame = pd.DataFrame(points, columns=prior.keys)
    for key, (low, high) in PRIOR.items():
        assert frame[key].between(low, high).all() and frame[key].nunique() > 8
    fixed = [k for k in prior.keys if k not in PRIOR]
    assert (frame[fixed].nunique() == 1).all()
    # Saltelli's blocks: A, A with B's trust, A with B's cohesion, B
    block = frame.iloc[:4][[TRUST, COHESION]].to_numpy()
    assert block[1, 0] == block[3, 0] and block[1, 1] == block[0, 1]
    assert block[2, 1] == block[3, 1] and block[2, 0] == block[0, 0]


def test_the_sobol_indices_apportion_each_output_to_the_weight_that_drives_it(tmp_path):
    """Trust's base level explains allied trust in health, frontline cohesion's growth the
    triads' cohesion: each weight's total index is large on its own output and small on the
    other's, and no first-order index lies above its total beyond their intervals."""
    from simulation.calibration import abc
    from simulation.calibration.sobol import design, indices, not_converged

    targets = load_targets(small_targets(tmp_path, (0, 1), (0, 1)), SMALL["months"])
    prior = only(PRIOR)
    points, replicates, problem = design(prior, [TRUST, COHESION], 16, seed=1)
    settings = Settings(draws=len(points), accept=2, chunk=16, workers=1, progress=False, **SMALL)
    table, _ = simulate(targets, prior, settings, tmp_path, "sobol", points, replicates=replicates)
    values = abc.target_values(table, targets)
    result = indices(values, problem, ["trust", "cohesion"], seed=0)
    full = result[result.base_samples == 16].set_index(["target", "weight"])
    assert full.loc[("trust", TRUST), "ST"] > 0.5 > full.loc[("trust", COHESION), "ST"]
    assert full.loc[("cohesion", COHESION), "ST"] > 0.5 > full.loc[("cohesion", TRUST), "ST"]
    assert not_converged(result).empty
    assert sorted(result.base_samples.unique()) == [4, 8, 16]


def test_the_sobol_stage_refuses_a_base_that_is_not_a_power_of_two_and_a_missing_screening(
    tmp_path,
):
    sobol = "simulation.calibration.sobol"
    refused = run_command(sobol, ["base=100", "output=."], tmp_path)
    assert refused.code == 2 and not traceback_problems(refused), refused.describe()
    assert "base = 100 is not allowed; allowed: a power of 2" in refused.stderr
    refused = run_command(sobol, ["output=."], tmp_path)
    assert refused.code == 2 and not traceback_problems(refused), refused.describe()
    assert "screening/indices.csv" in refused.stderr and "run it first" in refused.stderr
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    ("stage", "design"),
    [("screening", {"trajectories": 12}), ("sobol", {"base_samples": 256, "weights": 10})],
)
def test_a_committed_sensitivity_stage_is_what_its_files_say_and_this_model_made_it(stage, design):
    """The committed Morris screening and Sobol stage: each report re-renders from its files,
    the model that made them behaves as this one, their design is at least as large as the
    README says, and (Sobol) no first-order index lies above its total beyond their intervals."""
    import importlib

    from simulation import behaviour
    from simulation.calibration.sobol import not_converged

    module = importlib.import_module(f"simulation.calibration.{stage}")
    committed, again = module.reread(COMMITTED)
    assert committed == again
    meta = json.loads((COMMITTED / stage / "meta.json").read_text())
    assert meta["behaviour_fingerprint"] == behaviour.behaviour_fingerprint(), (
        f"the model behaves otherwise than when results/{stage} was made: rerun "
        f"`python -m simulation.calibration.{stage}` and commit it"
    )
    for key, least in design.items():
        assert meta[key] >= least, (key, meta[key])
    if stage == "sobol":
        assert not_converged(pd.read_csv(COMMITTED / stage / "indices.csv")).empty
