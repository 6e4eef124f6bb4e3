"""Each process pushes in the direction its finding says, all else equal.

Every test is a paired contrast over a seed ensemble; it asserts the sign of the effect with a
95% interval that excludes zero, never a hard-coded value.
"""

from ensembles import contrast, level


def assert_positive(c):
    assert c.low > 0, f"expected a positive effect, got {c}"


def assert_negative(c):
    assert c.high < 0, f"expected a negative effect, got {c}"


def test_turnover_shorter_tenure_weakens_collaboration():
    c = contrast(
        ["state.health_leaders.tenure_months=36"],
        ["state.health_leaders.tenure_months=6"],
        "collaboration_block",
    )
    assert_negative(c)


def test_engagement_power_asymmetry_silences_allied_departments():
    c = contrast(
        ["state.context.power_asymmetry=0.1"],
        ["state.context.power_asymmetry=0.9"],
        "allied_engagement",
        state="bihar",
    )
    assert_negative(c)


def test_engagement_house_in_order_raises_trust_in_health():
    c = contrast(
        ["state.context.health_readiness=0.2"],
        ["state.context.health_readiness=0.8"],
        "trust_in_health",
    )
    assert_positive(c)


def test_engagement_shared_credit_raises_allied_engagement():
    c = contrast(
        ["interventions.accountability=health_only"],
        ["interventions.accountability=shared"],
        "allied_engagement",
    )
    assert_positive(c)


def test_joint_action_problem_solving_with_deliverables_cuts_name_sake_meetings():
    c = contrast(
        [],
        [
            "interventions.committee_scope=problem_solving",
            "interventions.accountability=deliverables",
        ],
        "name_sake_share",
        months=24,
    )
    assert_negative(c)


def test_adaptation_costly_effort_lowers_willingness():
    c = contrast(
        ["processes.adaptation.effort_cost=0.1"],
        ["processes.adaptation.effort_cost=0.8"],
        "willingness_allied",
        months=36,
    )
    assert_negative(c)


def test_mindset_pdia_raises_holistic_orientation_two_years_on():
    c = contrast(
        [],
        ["interventions.training=pdia", "interventions.training_start_month=12"],
        "holistic_orientation",
        months=36,
        window=(34, 36),
    )
    assert_positive(c)


def test_mindset_didactic_gain_fades():
    soon = contrast(
        [],
        ["interventions.training=didactic", "interventions.training_start_month=6"],
        "holistic_orientation",
        months=60,
        window=(7, 9),
    )
    later = contrast(
        [],
        ["interventions.training=didactic", "interventions.training_start_month=6"],
        "holistic_orientation",
        months=60,
        window=(55, 60),
    )
    assert_positive(soon)
    assert later.mean < soon.mean / 3, f"soon {soon}, later {later}"


def test_panchayat_awards_move_gram_panchayats_up_the_phases():
    c = contrast(
        ["interventions.gp_awards=false"],
        ["interventions.gp_awards=true"],
        "gp_phase_mean",
        state="karnataka",
        months=60,
    )
    assert_positive(c)


def test_reach_functioning_vhsncs_raise_reach_of_the_vulnerable():
    c = contrast(
        ["state.gram_panchayats.vhsnc_functioning=0.2"],
        ["state.gram_panchayats.vhsnc_functioning=0.8"],
        "reach_vulnerable",
    )
    assert_positive(c)


def test_reach_vulnerable_communities_are_reached_less():
    assert_positive(level([], "equity_gap", state="bihar"))


def test_monitoring_harmonised_data_raise_trust_and_shrink_the_reporting_gap():
    trust = contrast(
        [], ["interventions.data_harmonisation=true"], "trust_in_health", state="bihar"
    )
    gap = contrast(
        [], ["interventions.data_harmonisation=true"], "reporting_gap_block", state="bihar"
    )
    assert_positive(trust)
    assert_negative(gap)


def test_design_constants_follow_a_redesign(kerala_small):
    """The per-design values engagement keeps are recomputed when the design changes mid-run
    (as a live event does), and equal a fresh computation."""
    import numpy as np

    from simulation.events import assign_deliverables
    from simulation.model import CollaborationModel
    from simulation.processes import engagement

    model = CollaborationModel(kerala_small)
    model.run_for(3)
    p = model.config.processes.engagement
    before = engagement.design_constants(model.world, p)
    assert engagement.design_constants(model.world, p) is before  # kept while the design holds
    model.interventions = assign_deliverables(model.interventions)
    model.redesign()
    after = engagement.design_constants(model.world, p)
    assert after is not before and after.institutions is model.world.institutions
    for kept, fresh in zip(after.credit, engagement.credit(model.world, p), strict=True):
        np.testing.assert_array_equal(kept, fresh)
    assert not np.array_equal(after.credit[1], before.credit[1])  # allied departments' credit
    np.testing.assert_array_equal(after.meeting, engagement.meeting_probability(model.world, p))
    assert model.world.copy().derived == {}


def test_indicator_selections_do_not_follow_a_redesign(kerala_small):
    """The indicators' selections are listed once per world and kept through a redesign (they
    depend on the tie set, not on the design); the indicators read off them equal those of a
    fresh listing."""
    from simulation.events import assign_deliverables
    from simulation.indicators import measure, selections
    from simulation.model import CollaborationModel

    model = CollaborationModel(kerala_small)
    model.run_for(3)
    before = selections(model.world)
    assert selections(model.world) is before
    model.interventions = assign_deliverables(model.interventions)
    model.redesign()
    model.step()
    assert selections(model.world) is before
    kept = measure(model.world, model.config.processes)
    model.world.derived.clear()
    assert measure(model.world, model.config.processes) == kept


def test_a_transfer_renews_each_tie_once(kerala_small):
    """When both ends of a tie are transferred in the same month, the tie keeps
    ``newcomer_tie_retention`` of its strength once, not twice; ties of officers who stay are
    untouched; forum ties restart from the trust anchors, hierarchical ones from
    ``newcomer_trust``."""
    import numpy as np

    from simulation.model import CollaborationModel
    from simulation.processes import engagement, turnover

    model = CollaborationModel(kerala_small)
    model.run_for(2)
    world, p = model.world, model.config.processes
    t, k = world.ties, world.nodes.n_officers
    meso_tie = 0  # a district committee tie: both ends are officers
    routine_tie = t.n_forum  # a supervision tie
    ends = [t.src[meso_tie], t.dst[meso_tie], t.src[routine_tie]]
    leave = np.zeros(k, bool)
    leave[ends] = True
    before = world.copy()
    anchors = engagement.trust_anchors(world, p.engagement)
    u_new = np.random.default_rng(0).random((4, k))
    turnover.transfer(world, p.turnover, leave, u_new, anchors)

    retention = p.turnover.newcomer_tie_retention
    touched = np.isin(t.src, ends) | np.isin(t.dst, ends)
    np.testing.assert_array_equal(t.strength[touched], before.ties.strength[touched] * retention)
    np.testing.assert_array_equal(t.strength[~touched], before.ties.strength[~touched])
    assert t.trust_src[meso_tie] == anchors[0][meso_tie]
    assert t.trust_dst[meso_tie] == anchors[1][meso_tie]
    assert t.trust_src[routine_tie] == p.turnover.newcomer_trust
    np.testing.assert_array_equal(t.trust_src[~touched], before.ties.trust_src[~touched])
