"""What the model reports each month: one number per indicator, read off the world's arrays.

``INDICATORS`` names and explains each; :func:`measure` computes them all at once (vectorised),
and the model's Mesa ``DataCollector`` records them month by month.

Two rules make an indicator mean the same in every scenario and at every scale:

* **Fixed denominators.** Each indicator averages over a set of ties or stakeholders chosen by
  tie kind or stakeholder kind (``ties.py``, ``stakeholders.py``), never by which pairs a forum
  brings together this month (that changes with the scenario). A pair that no forum brings
  together still counts, with its strength as it is.
* **One weighting rule.** Every district is simulated at every scale, so a district-level
  stakeholder or tie weighs 1; a block-level one, and every Gram Panchayat, community and
  Gram Panchayat tie, weighs its block's ``block_weight`` (how many of its district's blocks
  the simulated block stands for; 1 at scale 1). Every mean is a weighted mean, and a rate
  "per block" is a weighted total over the weighted number of blocks: both estimate the
  state-wide quantity whatever the share of blocks simulated.

Counts that grow with the simulated size (meetings, joint actions, transfers) are reported as
rates per district, per block or per officer. The groups each indicator averages over are the
:class:`Selections`, listed once per tie set; :data:`DENOMINATORS` names the groups of each
indicator, so a test can check that no scenario changes them.
"""

from dataclasses import dataclass

import numpy as np

from simulation.processes.convening import agenda_setters
from simulation.processes.monitoring import reported_strength
from simulation.stakeholders import ALLIED_SECTORS, SECTOR_LABELS, Kind, Sector
from simulation.ties import TieKind, forum_owner
from simulation.world import World

SECTOR_COLUMNS = {
    s: f"engaged_{s.name.lower()}" for s in ALLIED_SECTORS
}  # e.g. Sector.WCD -> engaged_wcd

#: Month: a forum whose pairs met in a month "sat" once; a quarter has three months.
MONTHS_PER_QUARTER = 3

INDICATORS: dict[str, str] = {
    "collaboration_district": "mean strength of every district health-to-sector pair (the "
    "district health officer with each district department), whether or not a committee "
    "brings the pair together this month",
    "collaboration_block": "mean strength of every block health-to-sector pair (the block "
    "medical officer with each block department), weighted by the blocks each simulated block "
    "stands for",
    "collaboration_rdpr_platform": "mean strength of the Block Development Officer's pairs with "
    "WCD, Education, WASH and Animal husbandry (a forum only under RDPR-led convergence; not "
    "health's collaboration), weighted by block",
    "collaboration_reported_district": "collaboration_district as leaders report it (a pair "
    "whose forum met is reported stronger than it is)",
    "collaboration_reported_block": "collaboration_block as leaders report it",
    "reporting_gap_district": "collaboration_reported_district minus collaboration_district",
    "reporting_gap_block": "collaboration_reported_block minus collaboration_block",
    "sector_breadth": "allied sectors per block (0-5) with a joint action this month with "
    "health or with another allied sector at block level (joint actions with Gram Panchayats "
    "not counted), weighted by block",
    **{
        col: f"share of blocks where {SECTOR_LABELS[s]} acted jointly with health or another "
        "sector this month (weighted by block)"
        for s, col in SECTOR_COLUMNS.items()
    },
    "joint_actions_per_district": "joint actions per district per month on district "
    "health-to-sector pairs",
    "joint_actions_per_block": "joint actions per block per month on block health-to-sector "
    "pairs and the Block Development Officer's pairs (weighted by block)",
    "gp_joint_actions_per_block": "joint actions per block per month between block departments "
    "and Gram Panchayats (weighted by block)",
    "committee_meetings_per_quarter_district": "times per quarter a district's health "
    "committee sits (at least one of its pairs met in the month; 0-3), over every district",
    "committee_meetings_per_quarter_block": "times per quarter a block's health committee "
    "sits (0-3), over every block (weighted by block)",
    "pair_meetings_per_block": "pairs that met per block per month in district and block "
    "forums (district pairs spread over the state's blocks; weighted by block; what meetings "
    "cost)",
    "meetings_with_action_share": "share of pair meetings at district and block level that "
    "ended with a joint action (weighted by block)",
    "name_sake_share": "share of pair meetings at district and block level held without a "
    "joint action ('for name's sake'; 1 minus meetings_with_action_share)",
    "allied_engagement": "mean chance that allied departments invest effort on their health "
    "committee pairs (district and block), weighted by block",
    "trust_in_health": "mean trust of allied departments in health on every health committee "
    "pair (district and block), weighted by block",
    "power_gap": "mean power difference across every forum pair (district, block and Gram "
    "Panchayat), times power asymmetry, weighted by block",
    "holistic_orientation": "mean orientation of all officers but the Collector (0 clinical, 1 "
    "holistic), weighted by block",
    "holistic_orientation_health": "mean orientation of health leaders, weighted by block",
    "willingness_allied": "mean willingness of allied departments to collaborate, weighted by "
    "block",
    **{
        f"gp_phase_{k}": f"share of Gram Panchayats in engagement phase {k} (weighted by block)"
        for k in range(5)
    },
    "gp_phase_mean": "mean Gram Panchayat engagement phase (0-4), weighted by block",
    "panchayat_collaboration": "mean strength of every Gram Panchayat - block department pair, "
    "weighted by block",
    "panchayat_voice": "mean chance that Gram Panchayats invest effort on their pairs with "
    "block departments, weighted by block",
    "reach_vulnerable": "mean service reach of vulnerable communities, weighted by block",
    "reach_other": "mean service reach of other communities, weighted by block",
    "coverage": "population-weighted mean service reach (community's share of its Gram "
    "Panchayat times its block's weight)",
    "equity_gap": "reach of other minus reach of vulnerable communities",
    "voice_vulnerable": "mean voice of vulnerable communities, weighted by block",
    "health_leaders_transferred": "share of health leaders transferred this month (weighted "
    "by block)",
    "officers_transferred": "share of officers transferred this month (weighted by block)",
    "district_committees_met": "share of district committees (every district health-to-sector "
    "pair) that met this month, whoever convened them",
    "collector_chaired_met": "share of district committees (every district health-to-sector "
    "pair) that met this month with the District Collector in the chair (0 where the district "
    "health officer convenes)",
    "vhsnc_functioning": "mean functioning of VHSNCs (their monthly chance to meet and work), "
    "weighted by block: an outcome, from the state's value at the start",
    "vhsnc_met": "share of VHSNCs that met this month, weighted by block",
    "vhsnc_gp_present": "share of VHSNCs that met this month with their Gram Panchayat's "
    "representative present (of every VHSNC), weighted by block",
    "untied_funds_used": "mean share of a VHSNC's annual untied fund spent over the last 12 "
    "months (in the first year: over the months so far), of every VHSNC's grant, weighted by "
    "block",
    "frontline_joint_work": "share of villages (Gram Panchayats) whose ASHA, Anganwadi worker "
    "and ANM worked jointly this month, weighted by block",
    "frontline_cohesion": "mean cohesion of the frontline triads (ASHA, Anganwadi worker, ANM), "
    "weighted by block",
    "forums_reformed": "share of meso-level pairs (every district and block pair, forum or "
    "not) whose reviewing forum a district's periodic review, on what leaders reported, "
    "turned into a problem-solving one (cumulative)",
    "forums_dropped": "share of meso-level pairs whose problem-solving forum a district's "
    "review, on what leaders reported, wound up (cumulative)",
    "agenda_set_by_collector": "who sets the agenda: share of district and block pair meetings "
    "whose agenda the District Collector set (weighted by block)",
    "agenda_set_by_health": "who sets the agenda: share of district and block pair meetings "
    "whose agenda a health leader set (district health officer, block medical officer)",
    "agenda_set_by_allied": "who sets the agenda: share of district and block pair meetings "
    "whose agenda another department set (e.g. the Block Development Officer on an RDPR-led "
    "platform)",
    "agenda_set_holistic": "who sets the agenda: share of district and block pair meetings "
    "whose agenda-setter is holistic (orientation above 0.5), weighted by block",
    "health_engagement_others_committees": "mean chance the district health officer invests "
    "effort in the district committees other departments run (nutrition/ICDS, school health, "
    "sanitation), over every such pair",
    "health_engagement_own_committees": "mean chance the district health officer invests effort "
    "in the district committees health runs, over every such pair",
    "willingness_collector": "mean willingness of District Collectors, learned from the "
    "committees they chaired (their chance to convene one follows it)",
    "health_name_sake_others_committees": "share of meetings of district committees other "
    "departments run that ended without a joint action ('for name's sake' seen from health's "
    "side)",
    "health_internal_coordination": "mean coordination within each district's health "
    "department (its District Health Society and programme officers working as one, 0-1), over "
    "every district",
    "health_readiness_district": "mean health readiness of the districts ('house in order': the "
    "state's resources and the health department's internal coordination, 0-1)",
}

#: The range each indicator can take, ``(low, high)``: strengths, trust, willingness,
#: orientation, voice and reach move by convex steps within [0, 1] (processes/), shares are
#: shares, sector breadth counts the five allied sectors, GP phases run 0-4, a forum sits at
#: most once a month, gaps are differences of two [0, 1] quantities, and joint actions per unit
#: are bounded by the pairs per unit (5 per district; 9 at block level; 4 per Gram Panchayat,
#: whose number per block is not bounded). Intervals over replicates
#: (simulation.sweep.gather.t_interval) stay within these.
BOUNDS: dict[str, tuple[float, float]] = {
    "collaboration_district": (0.0, 1.0),
    "collaboration_block": (0.0, 1.0),
    "collaboration_rdpr_platform": (0.0, 1.0),
    "collaboration_reported_district": (0.0, 1.0),
    "collaboration_reported_block": (0.0, 1.0),
    "reporting_gap_district": (-1.0, 1.0),
    "reporting_gap_block": (-1.0, 1.0),
    "sector_breadth": (0.0, float(len(ALLIED_SECTORS))),
    **{col: (0.0, 1.0) for col in SECTOR_COLUMNS.values()},
    "joint_actions_per_district": (0.0, 5.0),
    "joint_actions_per_block": (0.0, 9.0),
    "gp_joint_actions_per_block": (0.0, np.inf),
    "committee_meetings_per_quarter_district": (0.0, float(MONTHS_PER_QUARTER)),
    "committee_meetings_per_quarter_block": (0.0, float(MONTHS_PER_QUARTER)),
    "pair_meetings_per_block": (0.0, np.inf),
    "meetings_with_action_share": (0.0, 1.0),
    "name_sake_share": (0.0, 1.0),
    "allied_engagement": (0.0, 1.0),
    "trust_in_health": (0.0, 1.0),
    "power_gap": (0.0, np.inf),
    "holistic_orientation": (0.0, 1.0),
    "holistic_orientation_health": (0.0, 1.0),
    "willingness_allied": (0.0, 1.0),
    **{f"gp_phase_{k}": (0.0, 1.0) for k in range(5)},
    "gp_phase_mean": (0.0, 4.0),
    "panchayat_collaboration": (0.0, 1.0),
    "panchayat_voice": (0.0, 1.0),
    "reach_vulnerable": (0.0, 1.0),
    "reach_other": (0.0, 1.0),
    "coverage": (0.0, 1.0),
    "equity_gap": (-1.0, 1.0),
    "voice_vulnerable": (0.0, 1.0),
    "health_leaders_transferred": (0.0, 1.0),
    "officers_transferred": (0.0, 1.0),
    "district_committees_met": (0.0, 1.0),
    "collector_chaired_met": (0.0, 1.0),
    "forums_reformed": (0.0, 1.0),
    "forums_dropped": (0.0, 1.0),
    "vhsnc_functioning": (0.0, 1.0),
    "vhsnc_met": (0.0, 1.0),
    "vhsnc_gp_present": (0.0, 1.0),
    "untied_funds_used": (0.0, 1.0),
    "frontline_joint_work": (0.0, 1.0),
    "frontline_cohesion": (0.0, 1.0),
    "agenda_set_by_collector": (0.0, 1.0),
    "agenda_set_by_health": (0.0, 1.0),
    "agenda_set_by_allied": (0.0, 1.0),
    "agenda_set_holistic": (0.0, 1.0),
    "health_engagement_others_committees": (0.0, 1.0),
    "health_engagement_own_committees": (0.0, 1.0),
    "willingness_collector": (0.0, 1.0),
    "health_name_sake_others_committees": (0.0, 1.0),
    "health_internal_coordination": (0.0, 1.0),
    "health_readiness_district": (0.0, 1.0),
}


def bounds(name: str) -> tuple[float, float]:
    """The range of the indicator ``name`` (unbounded for a quantity not listed)."""
    return BOUNDS.get(name, (-np.inf, np.inf))


#: The indicators a policy reader looks at first: printed after a run, summarised per
#: condition after a sweep.
HEADLINE = (
    "collaboration_district",
    "collaboration_block",
    "sector_breadth",
    "meetings_with_action_share",
    "gp_phase_mean",
    "reach_vulnerable",
    "reach_other",
    "equity_gap",
)


@dataclass
class Group:
    """Ties or stakeholders an indicator averages over, each with its weight.

    ``where`` is the slice of the array the indicator reads (ties, nodes, officers, blocks, ...)
    from the first member to the last, and ``weight`` a weight for each element of that slice,
    0 for the elements between members that are not members: a mean is then one dot product
    over a contiguous view, with no gather and no copy."""

    where: slice
    weight: np.ndarray
    total: float  # sum of the weights
    members: np.ndarray  # the members' indices

    @classmethod
    def of(cls, index: np.ndarray, weight: np.ndarray) -> "Group":
        """The group of ``index`` (ascending) with ``weight`` (one per member)."""
        index = np.asarray(index, np.int64)
        weight = np.asarray(weight, float)
        if not len(index):
            return cls(where=slice(0, 0), weight=weight, total=0.0, members=index)
        first = int(index[0])
        dense = np.zeros(int(index[-1]) + 1 - first)
        dense[index - first] = weight
        return cls(
            where=slice(first, int(index[-1]) + 1),
            weight=dense,
            total=float(weight.sum()),
            members=index,
        )

    @property
    def member_weights(self) -> np.ndarray:
        """The members' weights, in member order."""
        return self.weight[self.members - self.where.start]

    def mean(self, values: np.ndarray) -> float:
        """Weighted mean of ``values`` (indexed like the array the group indexes) over it."""
        return self.total_of(values) / self.total if self.total else 0.0

    def total_of(self, values: np.ndarray) -> float:
        """Weighted sum of ``values`` over the group. ``einsum``, not ``@``: a dot product goes
        to BLAS, whose threads contend with the model's own (measured 7 ms against 0.2 ms for
        a whole-state Uttar Pradesh tie array)."""
        return float(np.einsum("i,i", values[self.where], self.weight))


@dataclass
class Selections:
    """The groups the indicators average over, with their weights (:data:`DENOMINATORS`).

    They follow from the tie set, the stakeholders' kinds and the blocks' weights alone, none
    of which changes during a run or with the scenario; so they are listed once per world."""

    ties: object  # the Ties they were listed for
    groups: dict[str, Group]
    tie_district: np.ndarray  # district of each DISTRICT_COMMITTEE tie (in group order)
    tie_block: np.ndarray  # block of each BLOCK_COMMITTEE tie (in group order)
    n_districts: int
    power_gap: float  # weighted mean power difference over every forum tie

    def __getitem__(self, name: str) -> Group:
        return self.groups[name]


#: The groups each indicator averages over (keys of :attr:`Selections.groups`).
DENOMINATORS: dict[str, tuple[str, ...]] = {
    "collaboration_district": ("district_committee",),
    "collaboration_block": ("block_committee",),
    "collaboration_rdpr_platform": ("block_rdpr",),
    "collaboration_reported_district": ("district_committee",),
    "collaboration_reported_block": ("block_committee",),
    "reporting_gap_district": ("district_committee",),
    "reporting_gap_block": ("block_committee",),
    "sector_breadth": ("blocks",),
    **{col: ("blocks",) for col in SECTOR_COLUMNS.values()},
    "joint_actions_per_district": ("district_committee", "districts"),
    "joint_actions_per_block": ("block_meso", "blocks"),
    "gp_joint_actions_per_block": ("panchayat_ties", "blocks"),
    "committee_meetings_per_quarter_district": ("districts",),
    "committee_meetings_per_quarter_block": ("blocks",),
    "pair_meetings_per_block": ("meso", "blocks"),
    "meetings_with_action_share": ("meso",),
    "name_sake_share": ("meso",),
    "allied_engagement": ("committee",),
    "trust_in_health": ("committee",),
    "power_gap": ("forum",),
    "holistic_orientation": ("officers_not_collector",),
    "holistic_orientation_health": ("health_leaders",),
    "willingness_allied": ("allied_departments",),
    **{f"gp_phase_{k}": ("panchayats",) for k in range(5)},
    "gp_phase_mean": ("panchayats",),
    "panchayat_collaboration": ("panchayat_ties",),
    "panchayat_voice": ("panchayat_ties",),
    "reach_vulnerable": ("vulnerable",),
    "reach_other": ("other",),
    "coverage": ("communities",),
    "equity_gap": ("vulnerable", "other"),
    "voice_vulnerable": ("vulnerable",),
    "health_leaders_transferred": ("health_leaders",),
    "officers_transferred": ("officers",),
    "district_committees_met": ("district_committee",),
    "collector_chaired_met": ("district_committee",),
    "forums_reformed": ("meso",),
    "forums_dropped": ("meso",),
    "vhsnc_functioning": ("panchayats",),
    "vhsnc_met": ("panchayats",),
    "vhsnc_gp_present": ("panchayats",),
    "untied_funds_used": ("panchayats",),
    "frontline_joint_work": ("panchayats",),
    "frontline_cohesion": ("panchayats",),
    "agenda_set_by_collector": ("meso",),
    "agenda_set_by_health": ("meso",),
    "agenda_set_by_allied": ("meso",),
    "agenda_set_holistic": ("meso",),
    "health_engagement_others_committees": ("others_committees",),
    "health_engagement_own_committees": ("own_committees",),
    "willingness_collector": ("districts",),
    "health_name_sake_others_committees": ("others_committees",),
    "health_internal_coordination": ("districts",),
    "health_readiness_district": ("districts",),
}


def selections(world: World) -> Selections:
    """The world's :class:`Selections`, listed on first use (and anew for a new tie set)."""
    s = world.derived.get("indicators")
    if s is not None and s.ties is world.ties:
        return s
    t, n = world.ties, world.nodes
    f = t.forum
    kind = t.kind[f]
    w_tie = world.tie_weights()[f]
    w_node = world.node_weights()
    off = n.n_officers
    c = n.communities
    community_nodes = n.community_offset + np.arange(len(c))

    def ties_where(mask: np.ndarray) -> Group:
        return Group.of(np.flatnonzero(mask), w_tie[mask])

    def nodes_where(index: np.ndarray, extra: np.ndarray | float = 1.0) -> Group:
        return Group.of(index, w_node[index] * extra)

    officer_kind = n.kind[:off]
    groups = {
        "district_committee": ties_where(kind == TieKind.DISTRICT_COMMITTEE),
        "block_committee": ties_where(kind == TieKind.BLOCK_COMMITTEE),
        "block_rdpr": ties_where(kind == TieKind.BLOCK_RDPR),
        "committee": ties_where(
            (kind == TieKind.DISTRICT_COMMITTEE) | (kind == TieKind.BLOCK_COMMITTEE)
        ),
        "block_meso": ties_where((kind == TieKind.BLOCK_COMMITTEE) | (kind == TieKind.BLOCK_RDPR)),
        "meso": ties_where(np.arange(t.n_forum) < t.n_meso),
        "panchayat_ties": ties_where(kind == TieKind.PANCHAYAT),
        "forum": ties_where(np.ones(t.n_forum, bool)),
        "districts": Group.of(
            np.arange(len(n.district_collector)), np.ones(len(n.district_collector))
        ),
        "blocks": Group.of(np.arange(n.n_blocks), n.block_weight),
        "officers": nodes_where(np.arange(off)),
        "officers_not_collector": nodes_where(np.flatnonzero(officer_kind != Kind.COLLECTOR)),
        "health_leaders": nodes_where(np.flatnonzero(officer_kind == Kind.HEALTH_LEADER)),
        "allied_departments": nodes_where(np.flatnonzero(n.kind == Kind.ALLIED_DEPARTMENT)),
        "panchayats": Group.of(
            np.arange(len(n.panchayats)), w_node[n.gp_offset : n.community_offset]
        ),
        # Communities are indexed in community order (not node order).
        "vulnerable": Group.of(np.flatnonzero(c.vulnerable), w_node[community_nodes][c.vulnerable]),
        "other": Group.of(np.flatnonzero(~c.vulnerable), w_node[community_nodes][~c.vulnerable]),
        "communities": Group.of(np.arange(len(c)), w_node[community_nodes] * c.weight),
        # District committees another department runs, and those health runs (ties.py).
        "others_committees": ties_where(
            (kind == TieKind.DISTRICT_COMMITTEE) & (forum_owner(t, n) != Sector.HEALTH)
        ),
        "own_committees": ties_where(
            (kind == TieKind.DISTRICT_COMMITTEE) & (forum_owner(t, n) == Sector.HEALTH)
        ),
    }
    forum = groups["forum"]
    gap = np.abs(n.power[t.src[f]] - n.power[t.dst[f]])
    s = world.derived["indicators"] = Selections(
        ties=t,
        groups=groups,
        tie_district=n.district[t.src[groups["district_committee"].members]],
        tie_block=t.block[groups["block_committee"].members],
        n_districts=len(n.district_collector),
        power_gap=forum.mean(gap),
    )
    return s


def acted_jointly(world: World, action: np.ndarray) -> np.ndarray:
    """Per stakeholder (bool): whether it acted jointly this month with health or another
    allied sector, i.e. is an end of a meso tie with a joint action; joint actions with Gram
    Panchayats do not count. ``action`` is this month's joint action per forum tie."""
    t = world.ties
    on_meso = np.flatnonzero(action[: t.n_meso])
    joined = np.zeros(world.nodes.n, bool)
    joined[t.src[on_meso]] = True
    joined[t.dst[on_meso]] = True
    return joined


def _forum_sat(met: np.ndarray, unit: np.ndarray, n_units: int) -> np.ndarray:
    """Per unit (district or block): whether at least one of its pairs met (bool)."""
    return np.bincount(unit, weights=met, minlength=n_units) > 0


def measure(world: World, processes) -> dict[str, float]:
    """Every indicator for the world as it stands after a month's step."""
    t, n, ev = world.ties, world.nodes, world.events
    sel = selections(world)
    f = t.forum
    strength = t.strength[f]
    dc, bc, rd = sel["district_committee"], sel["block_committee"], sel["block_rdpr"]
    meso, blocks, districts = sel["meso"], sel["blocks"], sel["districts"]
    panchayat_ties, committee = sel["panchayat_ties"], sel["committee"]

    reported = reported_strength(world, processes.monitoring)  # meso ties: forum's first
    real_d, real_b = dc.mean(strength), bc.mean(strength)
    rep_d, rep_b = dc.mean(reported), bc.mean(reported)

    met = ev.met[f].astype(float)
    action = ev.joint_action[f] if ev.joint_action is not None else np.zeros(t.n_forum, bool)
    acted = action.astype(float)

    engaged = acted_jointly(world, action)[n.block_departments]  # (blocks, 5)
    sectors = engaged.sum(axis=1).astype(float)

    sat_d = _forum_sat(met[dc.members], sel.tie_district, sel.n_districts)
    sat_b = _forum_sat(met[bc.members], sel.tie_block, n.n_blocks)

    meetings = meso.total_of(met)
    with_action = meso.total_of(met * acted)
    action_share = with_action / meetings if meetings else 0.0

    phase = n.panchayats.phase
    gps = sel["panchayats"]
    phase_share = np.bincount(phase[gps.members], gps.member_weights, minlength=5) / gps.total
    c = n.communities
    vulnerable, other = sel["vulnerable"], sel["other"]
    reach_v, reach_o = vulnerable.mean(c.reach), other.mean(c.reach)
    left = world.left if world.left is not None else np.zeros(n.n_officers, bool)
    left = left.astype(float)
    orientation = n.officers.orientation
    reformed, dropped = np.zeros(t.n_forum), np.zeros(t.n_forum)
    if world.forums is not None:  # the districts' review decisions (monitoring.py)
        reformed[: t.n_meso] = world.forums.reformed
        dropped[: t.n_meso] = world.forums.dropped

    out = {
        "collaboration_district": real_d,
        "collaboration_block": real_b,
        "collaboration_rdpr_platform": rd.mean(strength),
        "collaboration_reported_district": rep_d,
        "collaboration_reported_block": rep_b,
        "reporting_gap_district": rep_d - real_d,
        "reporting_gap_block": rep_b - real_b,
        "sector_breadth": blocks.mean(sectors),
        **{
            col: blocks.mean(engaged[:, j].astype(float))
            for j, col in enumerate(SECTOR_COLUMNS.values())
        },
        "joint_actions_per_district": dc.total_of(acted) / districts.total,
        "joint_actions_per_block": sel["block_meso"].total_of(acted) / blocks.total,
        "gp_joint_actions_per_block": panchayat_ties.total_of(acted) / blocks.total,
        "committee_meetings_per_quarter_district": MONTHS_PER_QUARTER
        * districts.mean(sat_d.astype(float)),
        "committee_meetings_per_quarter_block": MONTHS_PER_QUARTER
        * blocks.mean(sat_b.astype(float)),
        "pair_meetings_per_block": meetings / blocks.total,
        "meetings_with_action_share": action_share,
        "name_sake_share": 1.0 - action_share if meetings else 0.0,
        # On committee ties the health leader is src, the allied department dst.
        "allied_engagement": committee.mean(ev.p_dst[f]),
        "trust_in_health": committee.mean(t.trust_dst[f]),
        "power_gap": world.context.power_asymmetry * sel.power_gap,
        "holistic_orientation": sel["officers_not_collector"].mean(orientation),
        "holistic_orientation_health": sel["health_leaders"].mean(orientation),
        "willingness_allied": sel["allied_departments"].mean(n.willingness),
        **{f"gp_phase_{k}": phase_share[k] for k in range(5)},
        "gp_phase_mean": gps.mean(phase.astype(float)),
        "panchayat_collaboration": panchayat_ties.mean(strength),
        "panchayat_voice": panchayat_ties.mean(ev.p_dst[f]),
        "reach_vulnerable": reach_v,
        "reach_other": reach_o,
        "coverage": sel["communities"].mean(c.reach),
        "equity_gap": reach_o - reach_v,
        "voice_vulnerable": vulnerable.mean(c.voice),
        "health_leaders_transferred": sel["health_leaders"].mean(left),
        "officers_transferred": sel["officers"].mean(left),
        "health_internal_coordination": districts.mean(n.health_coordination),
        "health_readiness_district": districts.mean(n.district_readiness),
        "forums_reformed": meso.mean(reformed),
        "forums_dropped": meso.mean(dropped),
        "vhsnc_functioning": gps.mean(n.panchayats.vhsnc_functioning),
        "vhsnc_met": gps.mean(n.panchayats.vhsnc_met.astype(float)),
        "vhsnc_gp_present": gps.mean(n.panchayats.gp_present.astype(float)),
        "untied_funds_used": gps.mean(n.panchayats.fund_year),
        "frontline_joint_work": gps.mean(n.panchayats.triad_joint.astype(float)),
        "frontline_cohesion": gps.mean(n.panchayats.triad_cohesion),
    }
    return {k: float(v) for k, v in (out | forum_leadership(world, sel, met, acted)).items()}


def _share(group: Group, numerator: np.ndarray, denominator: np.ndarray) -> float:
    """Weighted share of ``denominator`` (per tie) that is also ``numerator``; 0 if none."""
    total = group.total_of(denominator)
    return group.total_of(numerator * denominator) / total if total else 0.0


def dho_chaired_met(world: World) -> float:
    """Share of district committee pairs that met this month with the district health officer
    setting the agenda (in the chair): the counterpart of ``collector_chaired_met``, for the
    dashboard's "Agenda and chairs" plot. Not an indicator of :func:`measure` (a new column
    there would change every run's table); NaN before the first month."""
    if world.events is None:
        return np.nan
    t = world.ties
    f = t.forum
    # On a district committee the district health officer is the src end (ties.py).
    by_dho = (setters_now(world) == t.src[f]).astype(float)
    return selections(world)["district_committee"].mean(world.events.met[f] * by_dho)


def setters_now(world: World) -> np.ndarray:
    """Who set each forum tie's agenda this month: the engagement step's record when it is of
    the world's current design, else worked out again (:func:`agenda_setters`)."""
    c = world.derived.get("engagement")
    fresh = c is not None and c.institutions is world.institutions
    return c.setter if fresh else agenda_setters(world)


def forum_leadership(world: World, sel: Selections, met: np.ndarray, acted: np.ndarray) -> dict:
    """Who convenes district committees and sets forums' agendas, and what health gets from
    the committees other departments run (``processes/convening.py``, ``ties.py``). ``met`` and
    ``acted`` are this month's meetings and joint actions per forum tie (float)."""
    t, n, ev = world.ties, world.nodes, world.events
    f = t.forum
    setter = setters_now(world)
    kind_of_setter = n.kind[setter]
    holistic = n.officers.orientation[np.minimum(setter, n.n_officers - 1)] > 0.5
    dc, meso, others = sel["district_committee"], sel["meso"], sel["others_committees"]
    collector = (kind_of_setter == Kind.COLLECTOR).astype(float)
    health = n.is_health[setter].astype(float)
    return {
        "district_committees_met": dc.mean(met),
        "collector_chaired_met": dc.mean(met * collector),
        "agenda_set_by_collector": _share(meso, collector, met),
        "agenda_set_by_health": _share(meso, health, met),
        "agenda_set_by_allied": _share(
            meso, (kind_of_setter == Kind.ALLIED_DEPARTMENT).astype(float), met
        ),
        "agenda_set_holistic": _share(meso, holistic.astype(float), met),
        # On district committees the district health officer is the src end.
        "health_engagement_others_committees": others.mean(ev.p_src[f]),
        "health_engagement_own_committees": sel["own_committees"].mean(ev.p_src[f]),
        "willingness_collector": sel["districts"].mean(n.willingness[n.district_collector]),
        "health_name_sake_others_committees": _share(others, 1.0 - acted, met),
    }
