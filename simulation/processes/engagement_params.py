"""Parameters of the engagement process (``engagement.py``).

Declared apart from the process's compiled loops, so that a run config can be read and
checked without importing numba or the model (``simulation/config.py`` imports only these).
"""

from dataclasses import dataclass, field

from simulation.parameters import param

BLOCK = "RDPR-led block model engaged education and WASH; health-led mostly WCD"
VILLAGE = "VHSNCs pull together health, PRIs, WASH and nutrition"
TENURE = "'Stable tenures of health administrators allowed time for leaders to understand'"
ACCOUNT = (
    "'they will hold the health department accountable, but not the Department of Women and "
    "Child Development'"
)
LEADERS = "political leadership 'leading to accountability and regular monitoring'"
TRUST = "health inputs 'increase trust and confidence amongst the stakeholders to collaborate'"
NEUTRAL = "assumption: neutral (0), so that learned willingness and the situation decide"


@dataclass
class MandateOverlap:
    """How much a joint outcome of two sectors serves each one's own mandate, in [0, 1].

    The sources say a health-led block model engaged mostly Women and Child Development, while
    an RDPR-led one engaged education and water and sanitation "quite automatically"; and that
    narrow mandates make departments refuse ("keep your health to yourself"). The values are
    judgements consistent with those statements, not measurements.
    """

    health_wcd: float = param(0.8, 0, 1, doc="ICDS shares the mother-child cohort", evidence=BLOCK)
    health_rdpr: float = param(0.35, 0, 1, doc="health and rural development", evidence=BLOCK)
    health_education: float = param(0.3, 0, 1, doc="health and schools", evidence=BLOCK)
    health_wash: float = param(0.35, 0, 1, doc="health and water and sanitation", evidence=BLOCK)
    health_animal_husbandry: float = param(
        0.25,
        0,
        1,
        doc="One Health surveillance",
        evidence="'Keep your health to yourself' (One Health)",
    )
    rdpr_wcd: float = param(0.55, 0, 1, doc="rural development and ICDS", evidence=BLOCK)
    rdpr_education: float = param(0.7, 0, 1, doc="rural development and schools", evidence=BLOCK)
    rdpr_wash: float = param(0.8, 0, 1, doc="rural development and sanitation", evidence=BLOCK)
    rdpr_animal_husbandry: float = param(
        0.6, 0, 1, doc="rural development and livestock", evidence=BLOCK
    )
    panchayat_health: float = param(0.6, 0, 1, doc="GP and PHC / HWC", evidence=VILLAGE)
    panchayat_wcd: float = param(0.7, 0, 1, doc="GP and Anganwadi centre", evidence=VILLAGE)
    panchayat_wash: float = param(
        0.8, 0, 1, doc="GP and village water and sanitation", evidence=VILLAGE
    )
    panchayat_rdpr: float = param(
        0.9, 0, 1, doc="RDPR administers the panchayats", evidence=VILLAGE
    )


@dataclass
class EngagementParams:
    """Weights of the engagement utility and the levels institutions translate to."""

    mandate_overlap: MandateOverlap = field(default_factory=MandateOverlap)
    baseline: float = param(
        0.0,
        -5,
        5,
        doc="utility of investing effort when all else is neutral",
        evidence=NEUTRAL,
    )
    credit_weight: float = param(
        2.0,
        0,
        10,
        doc="weight of credit x mandate overlap",
        evidence=f"assumption (value); mechanism: {ACCOUNT}",
    )
    pressure_weight: float = param(
        1.5,
        0,
        10,
        doc="weight of political pressure and monitoring",
        evidence=f"assumption (value); mechanism: {LEADERS}",
    )
    recognition_weight: float = param(
        1.0,
        0,
        10,
        doc="weight of recognition (GP awards)",
        evidence="assumption (value); mechanism: 'recognition for good work was important'; "
        "Kerala's GP awards",
    )
    trust_weight: float = param(
        2.0,
        0,
        10,
        doc="weight of trust in the partner",
        evidence=f"assumption (value); mechanism: {TRUST}",
    )
    strength_weight: float = param(
        1.5,
        0,
        10,
        doc="weight of the tie's strength",
        evidence="assumption (value); mechanism: prior history as a starting condition "
        "(Ansell and Gash 2008)",
    )
    orientation_weight: float = param(
        2.0,
        0,
        10,
        doc="weight of holistic orientation",
        evidence="assumption (value); mechanism: 'the mindset ... that the responsibility of "
        "health goes beyond the clinical care'",
    )
    familiarity_weight: float = param(
        1.0,
        0,
        10,
        doc="weight of knowing the system (tenure)",
        evidence=f"assumption (value); mechanism: {TENURE}",
    )
    soft_power_weight: float = param(
        1.0,
        0,
        10,
        doc="weight of the partner's communication",
        evidence="assumption (value); mechanism: success 'hinged on health leadership's soft "
        "power and effective communication'",
    )
    workload_weight: float = param(
        2.0,
        0,
        10,
        doc="weight of workload (competing priorities)",
        evidence="assumption (value); mechanism: 'excessive workloads, competing priorities, and "
        "limited resources make it difficult to attract and sustain the interest'",
    )
    power_weight: float = param(
        5.0,
        0,
        20,
        doc="weight of the power penalty",
        evidence="assumption (value); mechanism: 'if you want to collaborate, you collaborate "
        "as a silent spectator'",
    )
    learning_months: float = param(
        6.0,
        0.5,
        60,
        unit="months",
        doc="time for a newly posted officer to learn the system",
        evidence=f"assumption (value: about half a year); mechanism: {TENURE}",
    )
    health_credit: float = param(
        1.0,
        0,
        1,
        doc="credit health gets for joint outcomes",
        evidence=f"assumption (value: full credit); mechanism: {ACCOUNT}",
    )
    credit_health_only: float = param(
        0.1,
        0,
        1,
        doc="allied credit when health alone answers",
        evidence=f"assumption (value); mechanism: {ACCOUNT}",
    )
    credit_shared: float = param(
        0.5,
        0,
        1,
        doc="allied credit under shared accountability",
        evidence="assumption (value: half); mechanism: platforms 'failed to enforce a notion of "
        "shared accountability'",
    )
    credit_deliverables: float = param(
        0.8,
        0,
        1,
        doc="allied credit with assigned deliverables",
        evidence="assumption (value); mechanism: 'assigning deliverables and targets to "
        "stakeholders, can enhance the efficiency and accountability'",
    )
    package_credit: float = param(
        0.8,
        0,
        1,
        doc="credit on a block platform's integrated package",
        evidence="assumption (value); mechanism: a block package 'correctly spelling out who "
        "will do what'",
    )
    collector_pressure: float = param(
        1.0,
        0,
        3,
        doc="share of political pressure the Collector brings",
        evidence="assumption (value: all of it); mechanism: Collectors 'are administratively "
        "responsible for all sectors'",
    )
    block_pressure: float = param(
        0.6,
        0,
        3,
        doc="share of political pressure reaching blocks",
        evidence="assumption (value: less further from the state); mechanism: orders 'shared "
        "across administrative levels and lead to action'",
    )
    village_pressure: float = param(
        0.3,
        0,
        3,
        doc="share of political pressure reaching GPs",
        evidence="assumption (value: less further from the state); mechanism: orders 'shared "
        "across administrative levels and lead to action'",
    )
    cmu_pressure: float = param(
        0.4,
        0,
        3,
        doc="supervision and progress reviews by a state CMU",
        evidence="assumption (value); mechanism: CMU functions, 'establishing feedback systems "
        "like periodic progress reviews'",
    )
    guideline_clarity: float = param(
        0.3,
        0,
        1,
        doc="share of the rest of a meso tie's mandate overlap (to 1) that a CMU's uniform "
        "guidelines make plain: each department's part in joint work is written down",
        evidence="assumption (value); mechanism: CMU functions, 'sharing uniform guidelines'; "
        "institutional factors: 'clear mandates, detailed planning'",
    )
    deliverables_monitoring: float = param(
        0.3,
        0,
        3,
        doc="monitoring that tracked targets bring",
        evidence="assumption (value); mechanism: 'no targets and outcomes are provided for "
        "tracking progress'",
    )
    committee_burden: float = param(
        0.04,
        0,
        1,
        doc="workload each district committee adds to its members",
        evidence="assumption (value: 12 committees add about 0.5); mechanism: 'rationalise their "
        "numbers'; 'a waste of time to participate in such committees'",
    )
    readiness_load: float = param(
        0.5,
        0,
        2,
        doc="extra health workload when the health system's house is not in order",
        evidence="assumption (value); mechanism: operational struggles 'impeded the quality and "
        "effectiveness of multi-sectoral collaboration'",
    )
    district_meeting_rate: float = param(
        1.0,
        0,
        1,
        unit="per month",
        doc="chance a district committee meets in a month when its convenor calls it (times "
        "the convenor's choice to call it)",
        evidence="assumption (value: a committee called meets); mechanism: district committees "
        "'are the responsibility of ... District Collectors'",
    )
    block_meeting_rate: float = param(
        1.0,
        0,
        1,
        unit="per month",
        doc="chance the block review committee meets",
        evidence="'A review committee ... meets monthly'",
    )
    platform_meeting_rate: float = param(
        1.0,
        0,
        1,
        unit="per month",
        doc="chance a convergence platform meets",
        evidence="assumption (value: monthly, as the block review committee that 'meets monthly')",
    )
    trust_base: float = param(
        0.5,
        0,
        1,
        doc="trust a stakeholder drifts to with no history",
        evidence="assumption: neutral trust (0.5) with no history; sources silent",
    )
    readiness_trust: float = param(
        0.6,
        0,
        2,
        doc="how far health-system readiness moves others' trust in health",
        evidence=f"assumption (value); mechanism: {TRUST}",
    )
    trust_drift: float = param(
        0.05,
        0,
        1,
        unit="per month",
        doc="pull of trust to that level",
        evidence="assumption: a pace (about two years to close most of the gap); sources silent",
    )
    agenda_weight: float = param(
        1.5,
        0,
        10,
        doc="weight of the stake a forum's agenda-setter gives each side (times power "
        "asymmetry and the setter's power)",
        evidence="assumption (value); mechanism: 'power plays a role through local "
        "leadership's influence in setting agendas, convening stakeholders, and ensuring "
        "accountability'",
    )
    health_credit_visiting: float = param(
        0.2,
        0,
        1,
        doc="credit health gets on a district committee another department runs, when no "
        "actions are assigned to it there",
        evidence="assumption (value); 'there are no actions specified for the health "
        "department and no targets' (a district health officer)",
    )
    bilateral_spell_months: int = param(
        3,
        1,
        120,
        unit="months",
        doc="months a health leader works with one department before the next, under "
        "bilateral engagement",
        evidence="assumption",
    )
    bilateral_meeting_rate: float = param(
        1.0,
        0,
        1,
        unit="per month",
        doc="chance a health leader meets the department whose turn it is, in a month",
        evidence="assumption",
    )
    plan_credit: float = param(
        0.6,
        0,
        1,
        doc="credit a department gets under an implementation plan stating what is needed "
        "from it (bilateral engagement)",
        evidence="assumption; 'an implementation plan with clear articulation of needs for "
        "cooperation or support from other departments is extremely useful'",
    )
