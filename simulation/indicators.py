"""What the model reports each month: one number per indicator, read off the world's arrays.

``INDICATORS`` names and explains each; :func:`measure` computes them all at once (vectorised),
and the model's Mesa ``DataCollector`` records them month by month.
"""

from dataclasses import dataclass

import numpy as np

from simulation.processes.monitoring import reported_strength
from simulation.stakeholders import ALLIED_SECTORS, SECTOR_LABELS, Kind
from simulation.world import World

#: Months (the current one included) within which a joint action counts as active engagement.
#: One month: a longer window saturates and hides which sectors engage regularly.
ACTIVE_WINDOW = 1

SECTOR_COLUMNS = {
    s: f"engaged_{s.name.lower()}" for s in ALLIED_SECTORS
}  # e.g. Sector.WCD -> engaged_wcd

INDICATORS: dict[str, str] = {
    "collaboration_index": "mean strength of active meso cross-sector ties "
    "(district and block ties that a committee or platform brings together)",
    "collaboration_reported": "the same, as leaders report it (a forum that met counts)",
    "reporting_gap": "reported minus real collaboration index",
    "sector_breadth": "allied sectors per block with a joint action with another sector "
    "this month (0-5)",
    **{
        col: f"share of blocks where {SECTOR_LABELS[s]} acts jointly with another sector"
        for s, col in SECTOR_COLUMNS.items()
    },
    "allied_engagement": "mean chance that allied departments invest effort in meso forums",
    "trust_in_health": "mean trust of allied departments in health on committee ties",
    "power_gap": "mean power difference across forum ties, times power asymmetry",
    "holistic_orientation": "mean orientation of all officers (0 clinical, 1 holistic)",
    "holistic_orientation_health": "mean orientation of health leaders",
    "willingness_allied": "mean willingness of allied departments to collaborate",
    "meetings": "meso committee and platform meetings held this month",
    "meetings_name_sake": "of those, meetings without joint action ('for name's sake')",
    "name_sake_share": "share of meetings held that were for name's sake",
    "joint_actions": "joint actions on meso ties this month",
    **{f"gp_phase_{k}": f"share of Gram Panchayats in engagement phase {k}" for k in range(5)},
    "gp_phase_mean": "mean Gram Panchayat engagement phase (0-4)",
    "panchayat_collaboration": "mean strength of Gram Panchayat - block department ties",
    "panchayat_voice": "mean chance that Gram Panchayats invest effort in their forums",
    "reach_vulnerable": "mean service reach of vulnerable communities",
    "reach_other": "mean service reach of other communities",
    "coverage": "population-weighted mean service reach",
    "equity_gap": "reach of other minus reach of vulnerable communities",
    "voice_vulnerable": "mean voice of vulnerable communities",
    "turnover_health_leaders": "health leaders transferred this month",
    "turnover_officers": "officers transferred this month",
}

#: The range each indicator can take, ``(low, high)``: strengths, trust, willingness,
#: orientation, voice and reach move by convex steps within [0, 1] (processes/), shares are
#: shares, sector breadth counts the five allied sectors, GP phases run 0-4, gaps are
#: differences of two [0, 1] quantities, and counts are counts. Intervals over replicates
#: (simulation.sweep.gather.t_interval) stay within these.
BOUNDS: dict[str, tuple[float, float]] = {
    "collaboration_index": (0.0, 1.0),
    "collaboration_reported": (0.0, 1.0),
    "reporting_gap": (-1.0, 1.0),
    "sector_breadth": (0.0, float(len(ALLIED_SECTORS))),
    **{col: (0.0, 1.0) for col in SECTOR_COLUMNS.values()},
    "allied_engagement": (0.0, 1.0),
    "trust_in_health": (0.0, 1.0),
    "power_gap": (0.0, np.inf),
    "holistic_orientation": (0.0, 1.0),
    "holistic_orientation_health": (0.0, 1.0),
    "willingness_allied": (0.0, 1.0),
    "meetings": (0.0, np.inf),
    "meetings_name_sake": (0.0, np.inf),
    "name_sake_share": (0.0, 1.0),
    "joint_actions": (0.0, np.inf),
    **{f"gp_phase_{k}": (0.0, 1.0) for k in range(5)},
    "gp_phase_mean": (0.0, 4.0),
    "panchayat_collaboration": (0.0, 1.0),
    "panchayat_voice": (0.0, 1.0),
    "reach_vulnerable": (0.0, 1.0),
    "reach_other": (0.0, 1.0),
    "coverage": (0.0, 1.0),
    "equity_gap": (-1.0, 1.0),
    "voice_vulnerable": (0.0, 1.0),
    "turnover_health_leaders": (0.0, np.inf),
    "turnover_officers": (0.0, np.inf),
}


def bounds(name: str) -> tuple[float, float]:
    """The range of the indicator ``name`` (unbounded for a quantity not listed)."""
    return BOUNDS.get(name, (-np.inf, np.inf))


#: The indicators a policy reader looks at first: printed after a run, summarised per
#: condition after a sweep.
HEADLINE = (
    "collaboration_index",
    "collaboration_reported",
    "sector_breadth",
    "name_sake_share",
    "gp_phase_mean",
    "reach_vulnerable",
    "reach_other",
    "equity_gap",
)


@dataclass
class Selections:
    """Which stakeholders and ties each indicator averages over. Kinds, power and the tie set
    never change in a run; which ties a forum brings together changes only with a redesign.
    So these are listed once per institutional design, and a month only reads them."""

    institutions: object
    active: np.ndarray  # meso ties a forum brings together (bool per meso tie)
    health_src: np.ndarray  # meso ties whose src is a health leader (bool per meso tie)
    allied_src: np.ndarray  # ... whose src is an allied department
    allied_dst: np.ndarray
    power_gap: float  # mean power difference across forum ties a forum brings together
    panchayat_in_forum: np.ndarray  # indices of GP ties a forum brings together
    vulnerable: np.ndarray  # indices of vulnerable communities
    other: np.ndarray  # indices of the other communities
    population: float  # sum of community weights
    allied: np.ndarray  # indices of allied departments
    health_leader: np.ndarray  # bool per officer
    not_collector: np.ndarray  # bool per officer


def selections(world: World) -> Selections:
    """This design's :class:`Selections`, listed anew after a redesign."""
    s = world.derived.get("indicators")
    if s is not None and s.institutions is world.institutions:
        return s
    t, n, inst = world.ties, world.nodes, world.institutions
    m, f, pt = t.meso, t.forum, t.panchayat
    src, dst = t.src[m], t.dst[m]
    gap = np.abs(n.power[t.src[f]] - n.power[t.dst[f]])[inst.in_forum]
    c = n.communities
    s = world.derived["indicators"] = Selections(
        institutions=inst,
        active=inst.in_forum[m],
        health_src=n.is_health[src],  # committee ties: the health leader is src
        allied_src=n.kind[src] == Kind.ALLIED_DEPARTMENT,
        allied_dst=n.kind[dst] == Kind.ALLIED_DEPARTMENT,
        power_gap=gap.mean(),
        panchayat_in_forum=t.n_meso + np.flatnonzero(inst.in_forum[pt]),
        vulnerable=np.flatnonzero(c.vulnerable),
        other=np.flatnonzero(~c.vulnerable),
        population=c.weight.sum(),
        allied=np.flatnonzero(n.kind == Kind.ALLIED_DEPARTMENT),
        health_leader=n.kind[: n.n_officers] == Kind.HEALTH_LEADER,
        not_collector=n.kind[: n.n_officers] != Kind.COLLECTOR,
    )
    return s


def measure(world: World, processes) -> dict[str, float]:
    """Every indicator for the world as it stands after a month's step."""
    t, n, ev = world.ties, world.nodes, world.events
    sel = selections(world)
    m = t.meso
    active = sel.active
    strength = t.strength[m]
    real = strength[active].mean() if active.any() else 0.0
    reported = reported_strength(world, processes.monitoring)
    rep = reported[active].mean() if active.any() else 0.0

    engaged = (world.month - n.last_joint_action[n.block_departments]) < ACTIVE_WINDOW

    allied_p = np.concatenate(
        [ev.p_src[m][active & sel.allied_src], ev.p_dst[m][active & sel.allied_dst]]
    )

    off = n.officers
    health_leader = sel.health_leader

    met = ev.met[m]
    action = ev.joint_action[m]
    meetings = int(met.sum())
    name_sake = int((met & ~action).sum())

    phase = n.panchayats.phase
    phase_share = np.bincount(phase, minlength=5) / len(phase)
    c = n.communities
    reach_v = np.take(c.reach, sel.vulnerable).mean()
    reach_o = np.take(c.reach, sel.other).mean()
    pt = t.panchayat
    if len(sel.panchayat_in_forum) == t.n_forum - t.n_meso:  # every GP tie: no copy needed
        voice_in_forum = ev.p_dst[pt]
    else:
        voice_in_forum = np.take(ev.p_dst, sel.panchayat_in_forum)
    left = world.left if world.left is not None else np.zeros(n.n_officers, bool)

    out = {
        "collaboration_index": real,
        "collaboration_reported": rep,
        "reporting_gap": rep - real,
        "sector_breadth": engaged.sum(axis=1).mean(),
        **{col: engaged[:, j].mean() for j, col in enumerate(SECTOR_COLUMNS.values())},
        "allied_engagement": allied_p.mean() if len(allied_p) else 0.0,
        "trust_in_health": t.trust_dst[m][active & sel.health_src].mean(),
        "power_gap": world.context.power_asymmetry * sel.power_gap,
        "holistic_orientation": off.orientation[sel.not_collector].mean(),
        "holistic_orientation_health": off.orientation[health_leader].mean(),
        "willingness_allied": np.take(n.willingness, sel.allied).mean(),
        "meetings": meetings,
        "meetings_name_sake": name_sake,
        "name_sake_share": name_sake / meetings if meetings else 0.0,
        "joint_actions": int(action.sum()),
        **{f"gp_phase_{k}": phase_share[k] for k in range(5)},
        "gp_phase_mean": phase.mean(),
        "panchayat_collaboration": t.strength[pt].mean(),
        "panchayat_voice": voice_in_forum.mean() if len(voice_in_forum) else 0.0,
        "reach_vulnerable": reach_v,
        "reach_other": reach_o,
        "coverage": float((c.reach * c.weight).sum() / sel.population),
        "equity_gap": reach_o - reach_v,
        "voice_vulnerable": np.take(c.voice, sel.vulnerable).mean(),
        "turnover_health_leaders": int(left[health_leader].sum()),
        "turnover_officers": int(left.sum()),
    }
    return {k: (v if isinstance(v, int) else float(v)) for k, v in out.items()}
