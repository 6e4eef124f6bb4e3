"""Issue 19, points 1-3: the District Collector convenes, power enables as well as silences,
and "for name's sake" seen from health's side (``simulation/processes/convening.py``).

Every test is a paired contrast over a seed ensemble (common random numbers), asserting the
sign of an effect whose 95% interval excludes zero; small runs keep the file fast.
"""

from ensembles import contrast, level

#: Small ensembles: a twentieth of Kerala's blocks (every district), 30 months, eight seeds.
SMALL = {"months": 30, "seeds": 8, "scale": 0.05}


def assert_positive(c):
    assert c.low > 0, f"expected a positive effect, got {c}"


def assert_negative(c):
    assert c.high < 0, f"expected a negative effect, got {c}"


def test_a_holistic_collector_convenes_more_district_committees():
    """Whether a district committee meets follows its convenor, the Collector: a holistic one
    (orientation 0.8) calls them more often than a narrow one (0.2)."""
    c = contrast(
        ["state.collectors.holistic_orientation=0.2"],
        ["state.collectors.holistic_orientation=0.8"],
        "district_committees_met",
        **SMALL,
    )
    assert_positive(c)


def test_the_collector_learns_whether_committees_are_worth_calling():
    """The Collector's willingness learns from the committees it chaired: under the status quo
    (review-only committees, few joint actions) it falls below where it starts (0.5); with
    deliverables, whose committees act more, it is higher and committees meet more often."""
    assert level([], "willingness_collector", **SMALL).high < 0.5
    assert_positive(
        contrast(
            [], ["interventions.accountability=deliverables"], "willingness_collector", **SMALL
        )
    )
    assert_positive(
        contrast(
            [], ["interventions.accountability=deliverables"], "district_committees_met", **SMALL
        )
    )


def test_the_convenor_lever_hands_district_committees_to_health():
    """With the district health officer as convenor, no committee is chaired by the Collector
    and health sets every agenda; the committees meet less (no authority over the other
    departments, his own workload)."""
    lever = ["interventions.district_convenor=health_officer"]
    assert_negative(contrast([], lever, "collector_chaired_met", **SMALL))
    assert_positive(contrast([], lever, "agenda_set_by_health", **SMALL))
    assert_negative(contrast([], lever, "district_committees_met", **SMALL))


def _tripled_asymmetry(orientation: float, indicator: str):
    """Effect on ``indicator`` of power asymmetry 0.3 -> 0.9 when the powerful (Collectors,
    health leaders, and allied officers such as the Block Development Officer) have mean
    orientation ``orientation``."""
    leaders = [
        f"state.collectors.holistic_orientation={orientation}",
        f"state.health_leaders.holistic_orientation={orientation}",
        f"state.allied_departments.holistic_orientation={orientation}",
    ]
    return contrast(
        [*leaders, "state.context.power_asymmetry=0.3"],
        [*leaders, "state.context.power_asymmetry=0.9"],
        indicator,
        **SMALL,
    )


def test_power_enables_under_holistic_leaders_and_silences_under_narrow_ones():
    """Power sets agendas and convenes as well as silencing the weak: tripling the asymmetry
    raises collaboration where the powerful are holistic (their agendas give the others a
    stake) and lowers it where they are narrow (agendas kept to their own sector, beside the
    silencing)."""
    assert_positive(_tripled_asymmetry(0.8, "collaboration_district"))
    assert_positive(_tripled_asymmetry(0.8, "collaboration_block"))
    assert_negative(_tripled_asymmetry(0.2, "collaboration_block"))


def test_health_has_little_stake_in_committees_other_departments_run():
    """'For me it's a waste of time to participate in such committees ... there are no actions
    specified for the health department': with full credit on every committee health would
    engage more in those other departments run; with deliverables, which assign health its
    actions there too, the cut does not apply at all."""
    full = ["processes.engagement.health_credit_visiting=1.0"]
    assert_negative(contrast(full, [], "health_engagement_others_committees", **SMALL))
    deliverables = ["interventions.accountability=deliverables"]
    c = contrast(
        [*deliverables, *full], deliverables, "health_engagement_others_committees", **SMALL
    )
    assert c.low == c.high == 0.0, c
