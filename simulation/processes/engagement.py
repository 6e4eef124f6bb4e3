"""Engagement: on each forum tie that meets, each side decides whether to invest effort.

Findings represented (Singh et al. 2024, BMC Health Services Research 24:634):

* Credit and accountability: "if there are infant deaths ... they will hold the health
  department accountable, but not the Department of Women and Child Development", which makes
  convergence unsustainable; assigning deliverables and targets helps.
* Political leadership and monitoring bring accountability and regular joint reviews (polio,
  Mission Indradhanush, Japanese Encephalitis in Uttar Pradesh, COVID-19); the District
  Collector convenes district committees (whether one meets follows the Collector,
  ``convening.py``) and carries that pressure.
* A forum's agenda-setter gives the others a stake, or keeps the agenda to its own sector
  ("setting agendas, convening stakeholders", ``convening.py``).
* "For name's sake" from health's side: on a district committee another department runs,
  with "no actions specified for the health department", health has little stake.
* Workloads, competing priorities and narrow mandates: "No. Keep your health to yourself".
  Mandate overlap between the two sectors sets how much a joint outcome is worth to each.
* Soft power and "intuitive communication" of health leaders make the case to others.
* Power: doctors "believe that we are the bosses, and if you want to collaborate, you
  collaborate as a silent spectator"; collaboration is easier when those in power hold
  holistic, empathetic views ("overcoming ego with humility").
* "Put our house in order first": health-system readiness raises others' trust in health. It
  is each district's own (``coordination.py``: the state's resources and the district health
  department's internal coordination), so it moves with that coordination.
* "We approach one department one at a time": under bilateral engagement a health leader meets
  one department at a time, in turn, with an implementation plan that gives it a stake, and
  without the all-hands committee burden (:func:`bilateral_rate`, :func:`plan_credit`).
* Stable tenure lets leaders learn the system and set collaboration priorities.

The decision is a logit choice around the stakeholder's learned willingness (updated in
``adaptation.py``): P(engage) = sigmoid(logit(willingness) + U), with U the situational utility
below. It follows the integrative framework of Emerson, Nabatchi and Balogh (2012): incentives,
leadership and trust drive principled engagement.
"""

from dataclasses import dataclass

import numpy as np
from numba import njit
from numba.extending import register_jitable

from simulation import cores
from simulation.parameters import as_record
from simulation.policies import Accountability
from simulation.processes.convening import (
    agenda_setters,
    agenda_stake,
    convening_chance,
    convening_utility,
)
from simulation.processes.engagement_params import EngagementParams, MandateOverlap
from simulation.stakeholders import ALLIED_SECTORS, Sector
from simulation.ties import TieKind, forum_owner
from simulation.world import MonthEvents, World


def logit(p):
    p = np.clip(p, 1e-6, 1 - 1e-6)
    return np.log(p / (1.0 - p))


def familiarity(tenure, learning_months: float):
    """How well an officer knows the post: 0 when newly posted, towards 1 with tenure."""
    return 1.0 - np.exp(-np.asarray(tenure) / learning_months)


def forum_overlap(ties, nodes, overlap: MandateOverlap) -> np.ndarray:
    """Mandate overlap of the two sectors on every forum tie."""
    t, n = ties, nodes
    f = t.forum
    a, b = n.sector[t.src[f]], n.sector[t.dst[f]]
    table = np.zeros((len(Sector), len(Sector)))
    for name in overlap.__dataclass_fields__:
        first, second = name.split("_", 1)
        table[_SECTOR_NAMES[first], _SECTOR_NAMES[second]] = getattr(overlap, name)
    table = np.maximum(table, table.T)
    return table[a, b]


_SECTOR_NAMES = {
    "health": Sector.HEALTH,
    "wcd": Sector.WCD,
    "rdpr": Sector.RDPR,
    "education": Sector.EDUCATION,
    "wash": Sector.WASH,
    "animal_husbandry": Sector.ANIMAL_HUSBANDRY,
    "panchayat": Sector.PANCHAYAT,
}


def trust_anchors(world: World, p: EngagementParams) -> tuple[np.ndarray, np.ndarray]:
    """The trust each side of a forum tie drifts to: towards health, raised by the readiness of
    the tie's district (``nodes.district_readiness``, which moves month by month). Kept until
    a district's readiness (or ``p``) changes: turnover and engagement read the same ones."""
    t, n = world.ties, world.nodes
    readiness = n.district_readiness
    kept = world.derived.get("anchors")
    if kept is not None and kept[0] is p and kept[1] is t and np.array_equal(kept[2], readiness):
        return kept[3]
    where = world.derived.get("forum_sides")
    if where is None or where[0] is not t:  # which district, which side is health: per tie set
        f, health = t.forum, n.is_health
        where = world.derived["forum_sides"] = (
            t,
            n.district[t.src[f]],
            health[t.dst[f]],
            health[t.src[f]],
        )
    _, district, dst_health, src_health = where
    toward_health = np.array([trust_anchor(True, r, p) for r in readiness])[district]
    toward_other = trust_anchor(False, 0.0, p)
    anchor_src = np.where(dst_health, toward_health, toward_other)
    anchor_dst = np.where(src_health, toward_health, toward_other)
    world.derived["anchors"] = (p, t, readiness.copy(), (anchor_src, anchor_dst))
    return anchor_src, anchor_dst


@register_jitable
def trust_anchor(partner_is_health, health_readiness, p: EngagementParams):
    """Trust a stakeholder drifts to in a partner: ``trust_base``, raised towards a health
    partner by the health system's readiness ("put our house in order first")."""
    level = p.trust_base
    if partner_is_health:
        level = p.trust_base + p.readiness_trust * (health_readiness - 0.5)
    return min(max(level, 0.0), 1.0)


@register_jitable
def trust_drift(trust, anchor, p: EngagementParams):
    """A forum tie's trust, one side's, after a month's drift towards its anchor."""
    return trust + p.trust_drift * (anchor - trust)


@dataclass
class Drivers:
    """Per-node drivers of engagement for officers and Gram Panchayats (index = node)."""

    motivation: np.ndarray  # holistic orientation; a GP's engagement phase / 4
    familiarity: np.ndarray
    soft_power: np.ndarray
    workload: np.ndarray
    recognition: np.ndarray
    capacity: np.ndarray  # management capacity; a GP's VHSNC functioning


def drivers(world: World, p: EngagementParams) -> Drivers:
    """This month's drivers of every officer and Gram Panchayat (communities have none),
    written over last month's (nothing keeps them past the month)."""
    n = world.nodes
    off, gp = n.officers, n.panchayats
    d = world.derived.get("drivers")
    if d is None or len(d.motivation) != n.community_offset:
        d = world.derived["drivers"] = Drivers(*np.empty((6, n.community_offset)))
    _node_drivers(
        (off.orientation, familiarity(off.tenure, p.learning_months), off.communication),
        (off.workload, n.sector[: n.n_officers] == Sector.HEALTH, off.management),
        readiness_load(n.district_readiness[n.district[: n.n_officers]], p),
        (gp.phase, gp.workload, gp.recognition, gp.vhsnc_functioning),
        (d.motivation, d.familiarity, d.soft_power, d.workload, d.recognition, d.capacity),
    )
    return d


@njit(cache=True, nogil=True)
def _node_drivers(officer_view, officer_work, extra_load, panchayat, out):
    """Fills ``out`` (motivation, familiarity, soft power, workload, recognition, capacity)
    for the officers, then the Gram Panchayats. ``extra_load`` is per officer: its district's
    :func:`readiness_load`."""
    orientation, fam_officer, communication = officer_view
    workload_officer, is_health, management = officer_work
    phase, workload_gp, recognition_gp, vhsnc = panchayat
    motivation, fam, soft, workload, recognition, capacity = out
    k = len(orientation)
    for j in range(k):
        motivation[j] = orientation[j]
        fam[j] = fam_officer[j]
        soft[j] = soft_power(communication[j], fam_officer[j])
        workload[j] = officer_workload(workload_officer[j], is_health[j], extra_load[j])
        recognition[j] = 0.0
        capacity[j] = management[j]
    for j in range(len(phase)):
        motivation[k + j] = panchayat_motivation(phase[j])
        fam[k + j] = 1.0  # a Gram Panchayat is not posted: it knows its village
        soft[k + j] = 0.0
        workload[k + j] = workload_gp[j]
        recognition[k + j] = recognition_gp[j]
        capacity[k + j] = vhsnc[j]


@register_jitable
def readiness_load(health_readiness, p: EngagementParams):
    """Extra workload a health leader carries when the health system's house is not in
    order."""
    return p.readiness_load * (1.0 - health_readiness)


@register_jitable
def officer_workload(workload, is_health, readiness_load):
    """An officer's workload this month: its post's, plus ``readiness_load`` for a health
    leader."""
    return workload + (readiness_load if is_health else 0.0)


@register_jitable
def soft_power(communication, familiarity):
    """An officer's soft power ("intuitive communication"): its communication skill, as far as
    it knows the post."""
    return communication * familiarity


@register_jitable
def panchayat_motivation(phase):
    """A Gram Panchayat's motivation to engage: its engagement phase (0-4) / 4."""
    return phase / 4.0


def meeting_probability(world: World, p: EngagementParams) -> np.ndarray:
    """Chance that each forum tie's forum meets this month (:func:`meeting_rate`)."""
    t, n, inst = world.ties, world.nodes, world.institutions
    out = np.empty(t.n_forum)
    _meeting_rates(
        as_record(p),
        (t.kind, t.dst, inst.platform),
        (n.gp_offset, inst.task_force, n.panchayats.vhsnc_functioning),
        out,
    )
    return out


@register_jitable
def meeting_rate(kind, platform, task_force, vhsnc, p: EngagementParams):
    """Chance that a forum tie's forum meets in a month: a platform (convergence package or GP
    task force) meets at ``platform_meeting_rate``; otherwise district and block committees at
    their own rates, and a village's VHSNC as often as it functions (``vhsnc``)."""
    if platform:
        return p.platform_meeting_rate
    if kind == TieKind.DISTRICT_COMMITTEE:
        return p.district_meeting_rate
    if kind == TieKind.BLOCK_COMMITTEE:
        return p.block_meeting_rate
    if kind == TieKind.PANCHAYAT and not task_force:
        return vhsnc
    return p.platform_meeting_rate


@njit(cache=True)
def _meeting_rates(p, tie, panchayat, out):
    """:func:`meeting_rate` of every forum tie; a Gram Panchayat tie's GP is its dst end."""
    kind, dst, platform = tie
    gp_offset, task_force, vhsnc = panchayat
    for i in range(len(out)):
        task_force_i, vhsnc_i = False, 0.0
        if kind[i] == TieKind.PANCHAYAT:
            g = dst[i] - gp_offset
            task_force_i, vhsnc_i = task_force[g], vhsnc[g]
        out[i] = meeting_rate(kind[i], platform[i], task_force_i, vhsnc_i, p)


def allied_credit(p: EngagementParams, regime: Accountability) -> float:
    """Credit an allied department gets for a joint outcome under an accountability regime."""
    return {
        Accountability.health_only: p.credit_health_only,
        Accountability.shared: p.credit_shared,
        Accountability.deliverables: p.credit_deliverables,
    }[regime]


@register_jitable
def collector_pressure(political_leadership: float, collector_familiarity, p: EngagementParams):
    """Pressure a District Collector brings to district committees; a newcomer brings less."""
    return political_leadership * p.collector_pressure * (0.5 + 0.5 * collector_familiarity)


def credit(world: World, p: EngagementParams) -> tuple[np.ndarray, np.ndarray]:
    """Credit each side gets for a joint outcome, from the accountability regime."""
    t, n, inst = world.ties, world.nodes, world.institutions
    allied = allied_credit(p, inst.accountability)
    node_credit = np.where(n.is_health, p.health_credit, allied)[: n.community_offset]
    node_credit[n.gp_offset :] = n.panchayats.fiscal_autonomy  # "reap the benefits" (Kerala)
    f = t.forum
    c_src, c_dst = node_credit[t.src[f]], node_credit[t.dst[f]]
    c_src = visiting_credit(
        c_src, n.is_health[t.src[f]], forum_owner(t, n) == Sector.HEALTH, inst.deliverables, p
    )
    package = inst.platform
    c_src = np.where(package, np.maximum(c_src, p.package_credit), c_src)
    c_dst = np.where(package, np.maximum(c_dst, p.package_credit), c_dst)
    plan = inst.bilateral_slot >= 0  # a plan's stake for the department, not for health
    c_src = np.where(plan & ~n.is_health[t.src[f]], plan_credit(c_src, p), c_src)
    c_dst = np.where(plan & ~n.is_health[t.dst[f]], plan_credit(c_dst, p), c_dst)
    return c_src, c_dst


@register_jitable
def plan_credit(credit, p: EngagementParams):
    """A department's credit on a pair engaged bilaterally: an implementation plan states what
    is needed from it, so it gets at least ``plan_credit``."""
    return np.maximum(credit, p.plan_credit)


def bilateral_turn(month: int, p: EngagementParams) -> int:
    """Whose turn it is in month ``month`` (1, 2, ...): the place in the rotation a health
    leader has reached, moving on every ``bilateral_spell_months``."""
    return ((month - 1) // int(p.bilateral_spell_months)) % len(ALLIED_SECTORS)


def bilateral_rate(rate, slot, turn, p: EngagementParams):
    """Chance a forum tie meets this month: ``rate`` (its forum's) unless the pair is engaged
    bilaterally (``slot`` >= 0); then ``bilateral_meeting_rate`` when it is the pair's turn
    (``slot == turn``) and 0 otherwise. Per tie or for arrays of ties alike."""
    return np.where(slot < 0, rate, np.where(slot == turn, p.bilateral_meeting_rate, 0.0))


def meeting_this_month(world: World, p: EngagementParams, meeting: np.ndarray) -> np.ndarray:
    """Each forum tie's chance to meet this month: ``meeting`` (:func:`meeting_probability`),
    with the pairs engaged bilaterally meeting only in their turn (:func:`bilateral_rate`)."""
    slot = world.institutions.bilateral_slot
    if slot is None or not len(slot) or slot.max() < 0:
        return meeting
    return bilateral_rate(meeting, slot, bilateral_turn(world.month, p), p)


def visiting_credit(credit, is_health, health_owns, deliverables, p: EngagementParams):
    """Credit of one side of a forum tie (arrays or scalars): health's is cut to
    ``health_credit_visiting`` on a forum another department runs where no actions are
    assigned to health (no deliverables): "there are no actions specified for the health
    department"; with deliverables health has actions there too."""
    visiting = np.logical_and(is_health, np.logical_not(np.logical_or(health_owns, deliverables)))
    return np.where(visiting, p.health_credit_visiting, credit)


@register_jitable
def chair_pressure(political_leadership, chair_familiarity, chair_power, p: EngagementParams):
    """Pressure a district committee's convenor brings: the Collector's
    (:func:`collector_pressure`), scaled by the convenor's formal power (1 for a Collector,
    "administratively responsible for all sectors"; a district health officer's is less)."""
    return collector_pressure(political_leadership, chair_familiarity, p) * chair_power


@register_jitable
def tie_pressure(
    kind,
    chair_familiarity,
    deliverables,
    meso,
    political,
    cmu,
    shock,
    p: EngagementParams,
    chair_power,
) -> float:
    """Political pressure and monitoring felt on one forum tie this month: the convenor's on
    district committees (:func:`chair_pressure`; less from a newcomer), a share of political
    pressure at block and village, tracked deliverables, a state CMU's reviews on meso ties,
    and a shock's urgency (``shock`` is its intensity while one is on, else 0)."""
    if kind == TieKind.DISTRICT_COMMITTEE:
        out = chair_pressure(political, chair_familiarity, chair_power, p)
    elif kind == TieKind.PANCHAYAT:
        out = political * p.village_pressure
    else:
        out = political * p.block_pressure
    out = out + p.deliverables_monitoring * deliverables
    if cmu and meso:
        out += p.cmu_pressure
    if shock:
        out += shock
    return out


@dataclass
class DesignConstants:
    """Per-tie values of a run that change only with its institutional design (and its state's
    context): trust anchors, meeting probabilities, credit and committee burden. Computing them
    once per design instead of every month changes nothing but the time."""

    institutions: object
    context: object
    params: EngagementParams
    meeting: np.ndarray  # district committees': this month's convening chance (convene)
    credit: tuple[np.ndarray, np.ndarray]
    burden: np.ndarray
    setter: np.ndarray  # who convenes each forum tie's forum and sets its agenda (a node)
    committees: np.ndarray  # the forum ties of district committees (indices)
    overlap: np.ndarray  # mandate overlap as the sides see it (guided_overlap)
    villages: np.ndarray  # forum ties that meet as often as their GP's VHSNC functions
    village_gp: np.ndarray  # the GP of each of those ties


def design_constants(world: World, p: EngagementParams) -> DesignConstants:
    """This run's :class:`DesignConstants`, recomputed when the design (or anything else they
    depend on) is a new object, as after a redesign."""
    c = world.derived.get("engagement")
    if (
        c is None
        or c.institutions is not world.institutions
        or c.context is not world.context
        or c.params is not p
    ):
        inst, t, n = world.institutions, world.ties, world.nodes
        gp_tie = (t.kind[t.forum] == TieKind.PANCHAYAT) & ~inst.platform
        gp_of_tie = np.maximum(t.dst[t.forum].astype(np.int64) - n.gp_offset, 0)
        gp_tie &= ~inst.task_force[np.where(gp_tie, gp_of_tie, 0)]
        villages = np.flatnonzero(gp_tie)
        committee = world.ties.kind[world.ties.forum] == TieKind.DISTRICT_COMMITTEE
        committee &= inst.bilateral_slot < 0  # a bilateral meeting is no all-hands committee
        committee &= inst.in_forum  # a committee a district's review wound up is none (monitoring)
        c = DesignConstants(
            institutions=inst,
            context=world.context,
            params=p,
            meeting=meeting_probability(world, p),
            credit=credit(world, p),
            burden=np.where(committee, p.committee_burden * inst.district_committees, 0.0),
            setter=agenda_setters(world),
            committees=np.flatnonzero(committee),
            overlap=guided_overlap(
                world.overlap, np.arange(world.ties.n_forum) < world.ties.n_meso, inst, p
            ),
            villages=villages,
            village_gp=gp_of_tie[villages],
        )
        world.derived["engagement"] = c
    return c


def guided_overlap(overlap, meso, inst, p: EngagementParams):
    """Mandate overlap of each forum tie as its two sides see it: under a central management
    unit's uniform guidelines, which write down each department's part in joint work, a meso
    tie's overlap gains ``guideline_clarity`` of the rest to 1; otherwise the mandates' own
    overlap (works on scalars and arrays alike)."""
    clarity = p.guideline_clarity * inst.cmu_guidelines
    return np.where(meso, overlap + clarity * (1.0 - overlap), overlap)


@register_jitable
def utility(
    p: EngagementParams,
    credit,
    overlap,
    pressure,
    recognition,
    trust,
    strength,
    motivation,
    familiarity,
    partner_soft_power,
    load,
    power,
    partner_power,
    partner_motivation,
    asymmetry,
):
    """Situational utility of investing effort in a meeting, for one side of a tie.

    Terms on a 0-1 scale with a natural middle (trust, strength, orientation, familiarity,
    workload) enter as departures from 0.5, so ``baseline`` is the utility of a neutral case.
    The power penalty grows with the partner's excess power times the state's power asymmetry,
    and shrinks as the stronger partner is holistic and humble (its motivation).
    """
    power_penalty = asymmetry * np.maximum(0.0, partner_power - power) * (1.0 - partner_motivation)
    # The terms are added in this order, in place (one running array instead of a new one per
    # term: the same sums, with less memory traffic on a national network).
    u = p.baseline + p.credit_weight * credit * overlap
    u += p.pressure_weight * pressure
    u += p.recognition_weight * recognition
    u += p.trust_weight * (trust - 0.5)
    u += p.strength_weight * (strength - 0.5)
    u += p.orientation_weight * (motivation - 0.5)
    u += p.familiarity_weight * (familiarity - 0.5)
    u += p.soft_power_weight * partner_soft_power
    u -= p.workload_weight * (load - 0.5)
    u -= p.power_weight * power_penalty
    return u


def month_events(world: World, constants: DesignConstants) -> MonthEvents:
    """The record of this month's meetings, to be filled: last month's arrays, refilled in place
    (nothing keeps a past month's record; this spares asking the system for fresh memory on
    every forum tie each month), or new ones in a world's first month."""
    f = world.ties.n_forum
    ev = world.events
    if ev is None or len(ev.met) != f:
        ev = MonthEvents(
            met=np.empty(f, bool),
            engaged_src=np.empty(f, bool),
            engaged_dst=np.empty(f, bool),
            p_src=np.empty(f),
            p_dst=np.empty(f),
            load_src=np.empty(f),
            load_dst=np.empty(f),
            credit_src=constants.credit[0],
            credit_dst=constants.credit[1],
            pressure=np.empty(f),
            joint_action=np.empty(f, bool),
        )
    ev.credit_src, ev.credit_dst = constants.credit
    ev.clash = None
    world.events = ev
    return ev


def convene(world: World, p: EngagementParams, d: Drivers, will_logit, constants) -> None:
    """Each district committee's chance to meet this month, written into ``constants.meeting``:
    its convenor's :func:`convening_chance` (the Collector, or the district health officer
    under that lever), from the convenor's willingness, orientation, familiarity, workload with
    every committee it chairs, and the pressure it carries (:func:`chair_pressure`)."""
    i = constants.committees
    c = constants.setter[i]
    familiar = d.familiarity[c]
    pressure = chair_pressure(world.context.political_leadership, familiar, world.nodes.power[c], p)
    u = convening_utility(
        pressure, d.motivation[c], familiar, d.workload[c] + constants.burden[i], p
    )
    constants.meeting[i] = convening_chance(will_logit[c], u, p)


def step(world: World, p: EngagementParams, anchors, u_meet, u_src, u_dst) -> Drivers:
    """Trust drifts towards readiness-set levels; forums meet; each side decides to engage.

    ``anchors`` is :func:`trust_anchors` for this month. Returns the per-node drivers, which
    joint action and adaptation read too.

    Each forum tie is one pass of a compiled loop (:func:`_weigh`); the exponential of the
    logit choice is numpy's, between two such passes, so the chances are the same to the last
    bit as those of the whole-array formulas.
    """
    t, n, inst, ctx = world.ties, world.nodes, world.institutions, world.context
    constants = design_constants(world, p)
    d, will_logit = cores.at_once(  # side by side on a large network
        [lambda: drivers(world, p), lambda: logit(n.willingness[: n.community_offset])],
        t.n_forum,
    )
    ev = month_events(world, constants)
    convene(world, p, d, will_logit, constants)
    # A village's forum meets as often as its VHSNC functions now (processes/village.py).
    constants.meeting[constants.villages] = n.panchayats.vhsnc_functioning[constants.village_gp]
    weigh = (
        as_record(p),
        (ctx.political_leadership, ctx.power_asymmetry),
        (inst.cmu_reviews, inst.shock_intensity if inst.shock_active else 0.0),
        (t.src, t.dst, t.kind, t.n_meso, t.strength, t.trust_src, t.trust_dst),
        (inst.in_forum, inst.deliverables, constants.overlap, constants.setter),
        (
            anchors,
            meeting_this_month(world, p, constants.meeting),
            constants.credit,
            constants.burden,
        ),
        (d.motivation, d.familiarity, d.soft_power, d.workload, d.recognition, n.power),
        will_logit,
        u_meet,
        (ev.met, ev.pressure, ev.load_src, ev.load_dst, ev.p_src, ev.p_dst),
    )

    def decide(start: int, stop: int) -> None:
        """Forum ties ``start`` to ``stop - 1``, from the situation to the decisions."""
        _weigh(start, stop, *weigh)
        # p_src and p_dst now hold -x of each side's logit choice; exp in place gives
        # e = exp(-x), and the logit choice's sigmoid is 1 / (1 + e) (in _choose).
        np.exp(ev.p_src[start:stop], out=ev.p_src[start:stop])
        np.exp(ev.p_dst[start:stop], out=ev.p_dst[start:stop])
        _choose(
            start, stop, ev.met, u_src, u_dst, ev.p_src, ev.p_dst, ev.engaged_src, ev.engaged_dst
        )

    cores.spread(decide, t.n_forum)  # in pieces, one per core, on a large network
    return d


@njit(cache=True, nogil=True)
def _weigh(start, stop, p, context, state, tie, forum, constants, node, will_logit, u_meet, out):
    """Per forum tie: trust drifts to its anchors; the forum meets or not; each side weighs the
    meeting (:func:`utility`). Writes met, pressure, each side's load and exp's argument."""
    political, asymmetry = context
    cmu, shock = state
    src, dst, kind, n_meso, strength, trust_src, trust_dst = tie
    in_forum, deliverables, overlap, setter = forum
    (anchor_src, anchor_dst), meeting, (credit_src, credit_dst), burden = constants
    motivation, familiarity, soft_power, workload, recognition, power = node
    met, press, load_src, load_dst, exponent_src, exponent_dst = out
    for i in cores.items(start, stop):
        a, b, chair = src[i], dst[i], setter[i]
        trust_src[i] = trust_drift(trust_src[i], anchor_src[i], p)
        trust_dst[i] = trust_drift(trust_dst[i], anchor_dst[i], p)
        met[i] = in_forum[i] & (u_meet[i] < meeting[i])
        pressure = tie_pressure(
            kind[i],
            familiarity[chair],
            deliverables[i],
            i < n_meso,
            political,
            cmu,
            shock,
            p,
            power[chair],
        )
        press[i] = pressure
        load_src[i] = workload[a] + burden[i]
        load_dst[i] = workload[b] + burden[i]
        for me, partner, credit_me, trust_me, load_me, side in (
            (a, b, credit_src[i], trust_src[i], load_src[i], True),
            (b, a, credit_dst[i], trust_dst[i], load_dst[i], False),
        ):
            u = utility(
                p,
                credit=credit_me,
                overlap=overlap[i],
                pressure=pressure,
                recognition=recognition[me],
                trust=trust_me,
                strength=strength[i],
                motivation=motivation[me],
                familiarity=familiarity[me],
                partner_soft_power=soft_power[partner],
                load=load_me,
                power=power[me],
                partner_power=power[partner],
                partner_motivation=motivation[partner],
                asymmetry=asymmetry,
            )
            u += p.agenda_weight * agenda_stake(
                me == chair, power[chair], motivation[chair], asymmetry
            )
            if side:
                exponent_src[i] = -(will_logit[me] + u)
            else:
                exponent_dst[i] = -(will_logit[me] + u)


@njit(cache=True, nogil=True)
def _choose(start, stop, met, u_src, u_dst, p_src, p_dst, engaged_src, engaged_dst):
    """Each side's chance to engage, sigmoid = 1 / (1 + e) from e = exp(-x) held in ``p_src``
    and ``p_dst`` (replaced by the chances), and its draw against it."""
    for i in cores.items(start, stop):
        p_src[i] = 1.0 / (1.0 + p_src[i])
        p_dst[i] = 1.0 / (1.0 + p_dst[i])
        engaged_src[i] = met[i] & (u_src[i] < p_src[i])
        engaged_dst[i] = met[i] & (u_dst[i] < p_dst[i])
