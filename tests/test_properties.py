"""Over random parameter draws the state stays in bounds and no indicator is NaN."""

import numpy as np
from conftest import small_config
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from simulation.indicators import BOUNDS
from simulation.model import CollaborationModel
from simulation.processes.adaptation import bush_mosteller
from simulation.processes.engagement import EngagementParams, utility

unit = st.floats(0.0, 1.0)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    state=st.sampled_from(["kerala", "bihar", "karnataka"]),
    asymmetry=unit,
    readiness=unit,
    political=unit,
    discrepancy=unit,
    tenure=st.floats(1.0, 240.0),
    accountability=st.sampled_from(["health_only", "shared", "deliverables"]),
    convergence=st.sampled_from(["none", "health_led", "rdpr_led", "gp_task_force"]),
    training=st.sampled_from(["none", "didactic", "pdia"]),
    scope=st.sampled_from(["review", "problem_solving"]),
    shock=st.booleans(),
    seed=st.integers(0, 2**32 - 1),
)
def test_state_stays_in_bounds_with_no_nan(
    state,
    asymmetry,
    readiness,
    political,
    discrepancy,
    tenure,
    accountability,
    convergence,
    training,
    scope,
    shock,
    seed,
):
    config = small_config(
        f"state.context.power_asymmetry={asymmetry}",
        f"state.context.health_readiness={readiness}",
        f"state.context.political_leadership={political}",
        f"state.context.data_discrepancy={discrepancy}",
        f"state.health_leaders.tenure_months={tenure}",
        f"interventions.accountability={accountability}",
        f"interventions.block_convergence={convergence}",
        f"interventions.training={training}",
        f"interventions.committee_scope={scope}",
        f"interventions.shock_start_month={2 if shock else 'null'}",
        "interventions.training_start_month=1",
        f"seed={seed}",
        state=state,
        scale=0.05,
        months=18,
    )
    model = CollaborationModel(config)
    model.run_for(18)
    ts = model.timeseries()
    assert not ts.isna().any().any()
    for name, (low, high) in BOUNDS.items():
        assert ts[name].between(low, high).all(), name
    w = model.world
    for values in (
        w.ties.strength,
        w.ties.trust_src,
        w.ties.trust_dst,
        w.nodes.willingness,
        w.nodes.officers.orientation,
        w.nodes.officers.anchor,
        w.nodes.communities.reach,
        w.nodes.communities.voice,
    ):
        assert np.all((values >= 0) & (values <= 1)) and not np.isnan(values).any()
    assert w.nodes.panchayats.phase.min() >= 0 and w.nodes.panchayats.phase.max() <= 4
    for level in ("district", "block"):
        reported, real = ts[f"collaboration_reported_{level}"], ts[f"collaboration_{level}"]
        assert (reported >= real - 1e-12).all()


def _utility(**changes):
    base = dict(
        credit=0.5,
        overlap=0.5,
        pressure=0.3,
        recognition=0.0,
        trust=0.5,
        strength=0.4,
        motivation=0.4,
        familiarity=0.7,
        partner_soft_power=0.3,
        load=0.6,
        power=0.4,
        partner_power=0.8,
        partner_motivation=0.3,
        asymmetry=0.5,
    )
    return utility(EngagementParams(), **(base | changes))


@given(low=unit, high=unit)
def test_engagement_falls_with_asymmetry_and_less_so_under_holistic_partners(low, high):
    low, high = sorted((low, high))
    clinical = _utility(asymmetry=low) - _utility(asymmetry=high)
    holistic = _utility(asymmetry=low, partner_motivation=0.9) - _utility(
        asymmetry=high, partner_motivation=0.9
    )
    assert clinical >= 0 and holistic >= 0
    assert holistic <= clinical + 1e-12


@given(low=unit, high=unit)
def test_engagement_rises_with_credit_trust_and_pressure_and_falls_with_workload(low, high):
    low, high = sorted((low, high))
    for key, sign in (("credit", 1), ("trust", 1), ("pressure", 1), ("load", -1)):
        assert sign * (_utility(**{key: high}) - _utility(**{key: low})) >= 0


@given(w=unit, stimulus=st.floats(-1.0, 1.0), engaged=st.booleans())
def test_bush_mosteller_keeps_willingness_a_probability(w, stimulus, engaged):
    new = w + bush_mosteller(np.array(w), np.array(engaged), np.array(stimulus))
    assert -1e-12 <= new <= 1 + 1e-12
    if stimulus > 0:  # a satisfying action becomes more likely
        assert (new >= w) if engaged else (new <= w)
