"""A per-agent, loop-based reference of the monthly step: the plumbing, not the formulas.

Written the way most agent-based models are written: every officer, tie, Gram Panchayat and
community is visited one at a time. Each rule (a utility, a payoff, a chance, an update towards
a target) is written once, as a plain function in its process module (``simulation/processes``,
decorated with numba's ``register_jitable``), which the model's compiled loops inline and this
reference calls from Python. What the reference checks is everything around the rules: which
ties and agents each process visits, in which order, with which state and which uniform draw,
and how sums over ties are accumulated. It consumes the same draws as the model, and the two
must agree to the last bit (``tests/test_reference.py``).
"""

import dataclasses

import numpy as np

from simulation.distributions import beta_quantile
from simulation.interventions import OfficerTraining
from simulation.policies import DistrictConvenor, Training
from simulation.processes import adaptation as adaptation_rules
from simulation.processes import convening as convening_rules
from simulation.processes import coordination as coordination_rules
from simulation.processes import engagement as engagement_rules
from simulation.processes import joint_action as joint_rules
from simulation.processes import mindset as mindset_rules
from simulation.processes import monitoring as monitoring_rules
from simulation.processes import panchayat as panchayat_rules
from simulation.processes import reach as reach_rules
from simulation.processes import turnover as turnover_rules
from simulation.processes import village as village_rules
from simulation.stakeholders import ALLIED_SECTORS, Kind, Sector
from simulation.ties import DISTRICT_COMMITTEE_OWNER, TieKind
from simulation.world import ForumRecord


def beta_q(u, mean):
    """A newcomer's attribute: the model's inverse Beta CDF, on one officer."""
    return float(beta_quantile(np.array([u]), np.array([mean]))[0])


def logit_choice(willingness, utility):
    """Chance to engage: sigmoid(logit(willingness) + utility), with the model's logit and
    numpy's exp, each taken on an array as the model's step takes them."""
    x = engagement_rules.logit(np.array([willingness]))[0] + utility
    return 1.0 / (1.0 + np.exp(np.array([-x]))[0])


def clip(x, lo, hi):
    return min(max(x, lo), hi)


def is_health(world, node):
    return world.nodes.sector[node] == Sector.HEALTH


def tie_readiness(world, k):
    """Health readiness of forum tie ``k``'s district (its src end's)."""
    n = world.nodes
    return n.district_readiness[n.district[int(world.ties.src[k])]]


def anchor_for(world, pe, toward, k):
    """Trust a stakeholder on forum tie ``k`` drifts to when looking at node ``toward``."""
    return engagement_rules.trust_anchor(is_health(world, toward), tie_readiness(world, k), pe)


def guided_overlap(world, pe, k):
    """Mandate overlap of forum tie ``k`` as its sides see it (a CMU's guidelines)."""
    meso = k < world.ties.n_meso
    return float(engagement_rules.guided_overlap(world.overlap[k], meso, world.institutions, pe))


# ----------------------------------------------------------------------------- processes
def turnover(world, p, pe, u_leave, u_new):
    n, t = world.nodes, world.ties
    off = n.officers
    newcomer = set()
    left = np.zeros(len(off), bool)
    for i in range(len(off)):
        if turnover_rules.leaves(u_leave[i], off.mean_tenure[i]):
            left[i] = True
            newcomer.add(i)
            off.tenure[i] = 0
            off.orientation[i] = beta_q(u_new[0, i], off.orientation_mean[i])
            off.anchor[i] = off.orientation[i]
            off.communication[i] = beta_q(u_new[1, i], off.communication_mean[i])
            off.management[i] = beta_q(u_new[2, i], off.management_mean[i])
            n.willingness[i] = beta_q(u_new[3, i], off.willingness_mean[i])
            off.practising_pdia[i] = False
            off.pdia_months[i] = 0
            off.pdia_failures[i] = 0
        else:
            off.tenure[i] += 1
    for k in range(len(t)):
        a, b = int(t.src[k]), int(t.dst[k])
        if a in newcomer or b in newcomer:
            retention = p.newcomer_tie_retention
            if k < t.n_forum:
                retention = turnover_rules.handed_over_retention(
                    retention, world.institutions.cmu_focal_points, p
                )
            t.strength[k] = turnover_rules.newcomer_tie(t.strength[k], retention)
            if k < t.n_forum:
                t.trust_src[k] = anchor_for(world, pe, b, k)
                t.trust_dst[k] = anchor_for(world, pe, a, k)
            else:
                t.trust_src[k] = p.newcomer_trust
                t.trust_dst[k] = p.newcomer_trust
    world.left = left


def node_drivers(world, pe, node):
    """(motivation, familiarity, soft power, workload, recognition, capacity) of one node."""
    n = world.nodes
    if node < n.n_officers:
        off = n.officers
        fam = engagement_rules.familiarity(off.tenure[node : node + 1], pe.learning_months)[0]
        readiness = n.district_readiness[n.district[node]]
        extra = engagement_rules.readiness_load(readiness, pe)
        return (
            off.orientation[node],
            fam,
            engagement_rules.soft_power(off.communication[node], fam),
            engagement_rules.officer_workload(off.workload[node], is_health(world, node), extra),
            0.0,
            off.management[node],
        )
    g = node - n.gp_offset
    gp = n.panchayats
    motivation = engagement_rules.panchayat_motivation(gp.phase[g])
    return (motivation, 1.0, 0.0, gp.workload[g], gp.recognition[g], gp.vhsnc_functioning[g])


def agenda_setter(world, k):
    """Who convenes forum tie ``k``'s forum and sets its agenda."""
    n, t = world.nodes, world.ties
    a, b = int(t.src[k]), int(t.dst[k])
    collector = int(n.district_collector[n.district[a]])
    convenes = world.institutions.district_convenor is DistrictConvenor.collector
    return int(
        convening_rules.agenda_setter(t.kind[k], a, b, n.power[a], n.power[b], collector, convenes)
    )


def health_owns(world, k):
    """Whether health runs forum tie ``k``'s forum (district committees by their owner)."""
    n, t = world.nodes, world.ties
    if t.kind[k] == TieKind.DISTRICT_COMMITTEE:
        return DISTRICT_COMMITTEE_OWNER[Sector(n.sector[t.dst[k]])] == Sector.HEALTH
    return is_health(world, int(t.src[k]))


def node_credit(world, pe, node, platform, k, bilateral):
    n, inst = world.nodes, world.institutions
    if is_health(world, node):
        c = float(
            engagement_rules.visiting_credit(
                pe.health_credit, True, health_owns(world, k), bool(inst.deliverables[k]), pe
            )
        )
    elif n.kind[node] == Kind.GRAM_PANCHAYAT:
        c = n.panchayats.fiscal_autonomy[node - n.gp_offset]
    else:
        c = engagement_rules.allied_credit(pe, inst.accountability)
    if platform:
        c = max(c, pe.package_credit)
    if bilateral and not is_health(world, node):
        c = engagement_rules.plan_credit(c, pe)
    return c


def side_utility(world, pe, drivers, k, me, other, credit, pressure, load, trust, setter):
    mot, fam, _, _, rec, _ = drivers[me]
    o_mot, _, o_soft, _, _, _ = drivers[other]
    n, t = world.nodes, world.ties
    u = engagement_rules.utility(
        pe,
        credit=credit,
        overlap=guided_overlap(world, pe, k),
        pressure=pressure,
        recognition=rec,
        trust=trust,
        strength=t.strength[k],
        motivation=mot,
        familiarity=fam,
        partner_soft_power=o_soft,
        load=load,
        power=n.power[me],
        partner_power=n.power[other],
        partner_motivation=o_mot,
        asymmetry=world.context.power_asymmetry,
    )
    return u + pe.agenda_weight * convening_rules.agenda_stake(
        me == setter, n.power[setter], drivers[setter][0], world.context.power_asymmetry
    )


def convening(world, pe, drivers, k, setter, burden):
    """Chance district committee tie ``k`` meets: its convenor's logit choice."""
    n = world.nodes
    mot, fam, _, workload, _, _ = drivers[setter]
    pressure = engagement_rules.chair_pressure(
        world.context.political_leadership, fam, n.power[setter], pe
    )
    u = convening_rules.convening_utility(pressure, mot, fam, workload + burden, pe)
    will = engagement_rules.logit(np.array([n.willingness[setter]]))
    return float(convening_rules.convening_chance(will, np.array([u]), pe)[0])


def engagement(world, pe, u_meet, u_src, u_dst):
    n, t, inst, ctx = world.nodes, world.ties, world.institutions, world.context
    F = t.n_forum
    out = {key: np.zeros(F, bool) for key in ("met", "engaged_src", "engaged_dst")}
    out |= {
        key: np.zeros(F)
        for key in (
            "p_src",
            "p_dst",
            "load_src",
            "load_dst",
            "credit_src",
            "credit_dst",
            "pressure",
        )
    }
    for k in range(F):
        a, b = int(t.src[k]), int(t.dst[k])
        t.trust_src[k] = engagement_rules.trust_drift(
            t.trust_src[k], anchor_for(world, pe, b, k), pe
        )
        t.trust_dst[k] = engagement_rules.trust_drift(
            t.trust_dst[k], anchor_for(world, pe, a, k), pe
        )
    # Every officer's and Gram Panchayat's drivers for the month, which joint action and
    # adaptation read too.
    drivers = [node_drivers(world, pe, node) for node in range(n.community_offset)]
    out["drivers"] = drivers
    out["setter"] = [agenda_setter(world, k) for k in range(F)]
    for k in range(F):
        a, b = int(t.src[k]), int(t.dst[k])
        kind = t.kind[k]
        platform = bool(inst.platform[k])
        if kind == TieKind.PANCHAYAT:
            g = b - n.gp_offset
            village = (inst.task_force[g], n.panchayats.vhsnc_functioning[g])
        else:
            village = (False, 0.0)
        setter = agenda_setter(world, k)
        slot = int(inst.bilateral_slot[k])
        if kind == TieKind.DISTRICT_COMMITTEE and slot < 0 and inst.in_forum[k]:
            burden = pe.committee_burden * inst.district_committees
            rate = convening(world, pe, drivers, k, setter, burden)
        else:
            burden = 0.0
            rate = engagement_rules.meeting_rate(kind, platform, *village, pe)
        turn = engagement_rules.bilateral_turn(world.month, pe)
        rate = engagement_rules.bilateral_rate(rate, slot, turn, pe)
        met = bool(inst.in_forum[k]) and u_meet[k] < rate

        pressure = engagement_rules.tie_pressure(
            kind,
            drivers[setter][1],
            inst.deliverables[k],
            k < t.n_meso,
            ctx.political_leadership,
            inst.cmu_reviews,
            inst.shock_intensity if inst.shock_active else 0.0,
            pe,
            n.power[setter],
        )

        c_a = node_credit(world, pe, a, platform, k, slot >= 0)
        c_b = node_credit(world, pe, b, platform, k, slot >= 0)
        load_a = drivers[a][3] + burden
        load_b = drivers[b][3] + burden
        p_a = logit_choice(
            n.willingness[a],
            side_utility(
                world, pe, drivers, k, a, b, c_a, pressure, load_a, t.trust_src[k], setter
            ),
        )
        p_b = logit_choice(
            n.willingness[b],
            side_utility(
                world, pe, drivers, k, b, a, c_b, pressure, load_b, t.trust_dst[k], setter
            ),
        )
        out["met"][k] = met
        out["engaged_src"][k] = met and u_src[k] < p_a
        out["engaged_dst"][k] = met and u_dst[k] < p_b
        out["p_src"][k], out["p_dst"][k] = p_a, p_b
        out["load_src"][k], out["load_dst"][k] = load_a, load_b
        out["credit_src"][k], out["credit_dst"][k] = c_a, c_b
        out["pressure"][k] = pressure
    return out


def joint_action(world, p, pe, ev, u_action):
    n, t, inst = world.nodes, world.ties, world.institutions
    action = np.zeros(t.n_forum, bool)
    for k in range(t.n_forum):
        a, b = int(t.src[k]), int(t.dst[k])
        q = joint_rules.action_probability(
            inst.problem_solving[k],
            inst.deliverables[k],
            ev["drivers"][a][5],
            ev["drivers"][b][5],
            p,
        )
        ea, eb = ev["engaged_src"][k], ev["engaged_dst"][k]
        action[k] = ea and eb and u_action[k] < q
        t.strength[k] = joint_rules.tie_after_meeting(t.strength[k], ea, eb, action[k], p)
        if action[k]:
            t.trust_src[k] = joint_rules.trust_after_action(t.trust_src[k], p)
            t.trust_dst[k] = joint_rules.trust_after_action(t.trust_dst[k], p)
            n.last_joint_action[a] = world.month
            n.last_joint_action[b] = world.month
        elif ea != eb:
            loss = joint_rules.let_down_trust_loss(inst.cmu_troubleshooting, p)
            if ea:
                t.trust_src[k] = joint_rules.trust_after_let_down(t.trust_src[k], loss)
            else:
                t.trust_dst[k] = joint_rules.trust_after_let_down(t.trust_dst[k], loss)
    for k in range(t.n_forum, t.n_forum + t.n_routine):
        t.strength[k] = joint_rules.routine_regrowth(t.strength[k], p)
    ev["joint_action"] = action


def adaptation(world, p, pe, ev):
    n, t = world.nodes, world.ties
    total = {"src": {}, "dst": {}}  # each end's increments summed apart, in tie order
    count = {}
    for k in range(t.n_forum):
        if not ev["met"][k]:
            continue
        for side, node in (("src", int(t.src[k])), ("dst", int(t.dst[k]))):
            engaged = ev[f"engaged_{side}"][k]
            pay = adaptation_rules.payoff(
                engaged,
                ev["joint_action"][k],
                ev[f"credit_{side}"][k],
                guided_overlap(world, pe, k),
                ev["drivers"][node][4],
                ev[f"load_{side}"][k],
                ev["pressure"][k],
                p,
            )
            stimulus = adaptation_rules.stimulus(pay, p)
            delta = adaptation_rules.bush_mosteller(n.willingness[node], engaged, stimulus)
            total[side][node] = total[side].get(node, 0.0) + delta
            count[node] = count.get(node, 0) + 1
    for node in count:
        both = total["src"].get(node, 0.0) + total["dst"].get(node, 0.0)
        n.willingness[node] = adaptation_rules.learned_willingness(
            n.willingness[node], both, count[node], p
        )
    # Each District Collector learns from the district committees it chaired (a pair engaged
    # bilaterally is no committee the Collector convened).
    chair_total, chair_count = {}, {}
    for k in range(t.n_forum):
        chair = ev["setter"][k]
        if t.kind[k] != TieKind.DISTRICT_COMMITTEE or n.kind[chair] != Kind.COLLECTOR:
            continue
        if world.institutions.bilateral_slot[k] >= 0 or not world.institutions.in_forum[k]:
            continue
        load = (
            ev["drivers"][chair][3] + pe.committee_burden * world.institutions.district_committees
        )
        pay = adaptation_rules.payoff(
            ev["met"][k],
            ev["joint_action"][k],
            adaptation_rules.CHAIR_STAKE,
            adaptation_rules.CHAIR_STAKE,
            0.0,
            load,
            ev["pressure"][k],
            p,
        )
        delta = adaptation_rules.bush_mosteller(
            n.willingness[chair], ev["met"][k], adaptation_rules.stimulus(pay, p)
        )
        chair_total[chair] = chair_total.get(chair, 0.0) + delta
        chair_count[chair] = chair_count.get(chair, 0) + 1
    for chair, total_c in chair_total.items():
        n.willingness[chair] = adaptation_rules.learned_willingness(
            n.willingness[chair], total_c, chair_count[chair], p
        )


def mindset(world, p, u_dropout, u_round, joint_action):
    n, t, inst = world.nodes, world.ties, world.institutions
    off = n.officers
    k_off = n.n_officers
    lived = [0] * k_off  # joint actions taken part in this month, while a shock is on
    if inst.shock_active and inst.shock_intensity > 0:
        for k in range(t.n_forum):
            if joint_action[k]:
                for end in (int(t.src[k]), int(t.dst[k])):
                    if end < k_off:
                        lived[end] += 1
    num_src, num_dst = [0.0] * k_off, [0.0] * k_off
    den_src, den_dst = [0.0] * k_off, [0.0] * k_off
    degree = [0.0] * k_off
    team_w, team_n = [0.0] * k_off, [0] * k_off
    represented = world.tie_weights()
    ties = list(range(t.n_meso)) + list(range(t.n_forum, t.n_forum + t.n_routine))
    for k in ties:
        a, b = int(t.src[k]), int(t.dst[k])
        w_ab = mindset_rules.influence_weight(t.strength[k], t.trust_src[k])
        w_ba = mindset_rules.influence_weight(t.strength[k], t.trust_dst[k])
        r = represented[k]
        num_src[a] += mindset_rules.counted(w_ab, r) * off.orientation[b]
        den_src[a] += mindset_rules.counted(w_ab, r)
        num_dst[b] += mindset_rules.counted(w_ba, r) * off.orientation[a]
        den_dst[b] += mindset_rules.counted(w_ba, r)
        degree[a] += r
        degree[b] += r
        if k < t.n_meso and off.practising_pdia[a] and off.practising_pdia[b]:
            team_w[a] += w_ab
            team_w[b] += w_ba
            team_n[a] += 1
            team_n[b] += 1
    due, success = [False] * k_off, [False] * k_off
    for i in range(k_off):
        if off.practising_pdia[i]:
            off.pdia_months[i] += 1
            due[i] = mindset_rules.round_due(off.pdia_months[i], p)
            if due[i]:
                support = mindset_rules.team_support(team_w[i], team_n[i])
                chance = mindset_rules.round_success_chance(support, off.pdia_failures[i], p)
                success[i] = u_round[i] < chance
    for k in range(t.n_meso):
        a, b = int(t.src[k]), int(t.dst[k])
        if off.practising_pdia[a] and off.practising_pdia[b] and (due[a] or due[b]):
            t.strength[k] = mindset_rules.team_tie_growth(
                t.strength[k], success[a] or success[b], p
            )
    for i in range(k_off):
        num, den = num_src[i] + num_dst[i], den_src[i] + den_dst[i]
        new = mindset_rules.friedkin_johnsen(
            off.orientation[i], off.anchor[i], num, den, degree[i], p
        )
        if off.practising_pdia[i]:
            if due[i]:
                new, off.anchor[i] = mindset_rules.pdia_round(new, off.anchor[i], success[i], p)
                off.pdia_failures[i] = mindset_rules.failures_after_round(
                    off.pdia_failures[i], success[i]
                )
            off.practising_pdia[i] = mindset_rules.keeps_practising(
                u_dropout[i], off.pdia_failures[i], p
            )
        if lived[i] > 0:
            new, off.anchor[i] = mindset_rules.shock_practice(new, off.anchor[i], lived[i], p)
        off.orientation[i] = clip(new, 0.0, 1.0)


def train(world, p, method, trainees, joint):
    off, t = world.nodes.officers, world.ties
    for i in range(len(off)):
        if not trainees[i]:
            continue
        if method is Training.didactic:
            off.orientation[i] = mindset_rules.didactic_training(off.orientation[i], p)
        elif method is Training.pdia:
            off.practising_pdia[i] = True
            off.pdia_months[i] = 0
            off.pdia_failures[i] = 0
    if joint and method is not Training.none:
        for k in range(t.n_meso):
            a, b = int(t.src[k]), int(t.dst[k])
            if trainees[a] and trainees[b]:
                t.strength[k] = mindset_rules.joint_training_boost(t.strength[k], p)


def panchayat(world, p, u_phase):
    n, t, inst = world.nodes, world.ties, world.institutions
    gp = n.panchayats
    rdpr_col = ALLIED_SECTORS.index(Sector.RDPR)
    team_total = [0.0] * n.n_blocks
    team_count = [0] * n.n_blocks
    for k in range(t.n_meso):
        b = t.block[k]
        if b >= 0 and inst.in_forum[k]:
            team_total[b] += t.strength[k]
            team_count[b] += 1
    ladder = [*p.ladder, 0.0]
    for g in range(len(gp)):
        support = gp_support(world, g)
        b = gp.block[g]
        team = team_total[b] / max(team_count[b], 1)
        bmo = n.block_medical_officer[b]
        rdpr = n.block_departments[b, rdpr_col]
        orient = panchayat_rules.leaders_orientation(
            n.officers.orientation[bmo], n.officers.orientation[rdpr]
        )
        help_ = panchayat_rules.facilitation(support, team, orient, inst.task_force[g], p)
        p_up = panchayat_rules.advance_probability(
            ladder[gp.phase[g]], help_, gp.fiscal_autonomy[g], gp.training[g], gp.recognition[g], p
        )
        p_down = panchayat_rules.slip_probability(support, gp.phase[g], p)
        up, down = panchayat_rules.phase_move(u_phase[g], p_up, p_down)
        gp.phase[g] += int(up) - int(down)
        gp.recognition[g] = panchayat_rules.recognition_after(
            gp.recognition[g], up and inst.gp_awards, p
        )


def gp_support(world, g):
    """Gram Panchayat ``g``'s four ties to block departments, and their mean."""
    t = world.ties
    return panchayat_rules.block_support(*(t.strength[t.n_meso + 4 * g + j] for j in range(4)))


def reach(world, p):
    n, t, ctx = world.nodes, world.ties, world.context
    c, gp = n.communities, n.panchayats
    first_link = t.n_forum + t.n_routine
    for i in range(len(c)):
        g = c.gp[i]
        leader = n.officers.orientation[n.block_medical_officer[gp.block[g]]]
        target = reach_rules.voice_target(
            gp.vhsnc_functioning[g], gp.phase[g], c.vulnerable[i], ctx.power_asymmetry, leader, p
        )
        c.voice[i] = reach_rules.toward(c.voice[i], target, p.voice_adjustment)
        k = first_link + i
        link_target = reach_rules.community_link_target(gp.phase[g], c.voice[i])
        t.strength[k] = reach_rules.toward(t.strength[k], link_target, p.link_adjustment)
        target = reach_rules.reach_target(
            ctx.baseline_coverage,
            n.district_readiness[n.block_district[gp.block[g]]],
            leader,
            gp.phase[g],
            gp_support(world, g),
            c.vulnerability[i],
            t.strength[k],
            c.voice[i],
            p,
        )
        c.reach[i] = reach_rules.toward(c.reach[i], target, p.adjustment)


def village(world, p, u_meet, u_attend, u_triad):
    n, t = world.nodes, world.ties
    gp = n.panchayats
    slot = world.month % village_rules.FUND_MONTHS
    for g in range(len(gp)):
        # The block medical officer's tie with the block's WCD officer (the CDPO).
        convergence = None
        for k in range(t.n_meso):
            if (
                t.kind[k] == TieKind.BLOCK_COMMITTEE
                and t.block[k] == gp.block[g]
                and n.sector[t.dst[k]] == Sector.WCD
            ):
                convergence = t.strength[k]
        gp.vhsnc_met[g] = village_rules.vhsnc_meets(u_meet[g], gp.vhsnc_functioning[g])
        gp.gp_present[g] = gp.vhsnc_met[g] and u_attend[g] < village_rules.gp_attendance(
            gp.phase[g], p
        )
        spent = max(0.0, gp.fund_year[g] - gp.fund_ring[slot, g])
        spend = village_rules.untied_spending(gp.gp_present[g], spent, p)
        gp.fund_ring[slot, g] = spend
        gp.fund_year[g] = spent + spend
        chance = village_rules.triad_chance(gp.triad_cohesion[g], convergence, gp.vhsnc_met[g], p)
        gp.triad_joint[g] = u_triad[g] < chance
        gp.triad_cohesion[g] = village_rules.cohesion_after_month(
            gp.triad_cohesion[g], gp.triad_joint[g], p
        )
        target = village_rules.functioning_target(
            gp.vhsnc_base[g],
            gp.phase[g],
            gp.phase_start[g],
            gp.triad_cohesion[g],
            gp.triad_start[g],
            p,
        )
        gp.vhsnc_functioning[g] = village_rules.functioning_after_month(
            gp.vhsnc_functioning[g], target, p
        )


def monitoring(world, p, ev, u_clash):
    t, inst = world.ties, world.institutions
    chance = monitoring_rules.clash_chance(
        world.context.data_discrepancy, inst.data_harmonisation, p
    )
    for k in range(t.n_meso):
        if ev["met"][k] and u_clash[k] < chance:
            t.trust_src[k] = monitoring_rules.trust_after_clash(t.trust_src[k], p)
            t.trust_dst[k] = monitoring_rules.trust_after_clash(t.trust_dst[k], p)
    if world.forums is None:
        world.forums = ForumRecord.empty(t.n_meso)
    record = world.forums
    bias = monitoring_rules.report_bias(inst.data_harmonisation, inst.cmu_reviews, p)
    for k in range(t.n_meso):
        record.reported[k] += monitoring_rules.reported(t.strength[k], bias, ev["met"][k])
    record.months += 1
    if not monitoring_rules.review_due(world.month, p.review_months):
        return
    in_forum, problem_solving = inst.in_forum.copy(), inst.problem_solving.copy()
    for k in range(t.n_meso):
        if inst.in_forum[k] and not inst.platform[k]:
            decision = monitoring_rules.forum_decision(
                record.reported[k] / record.months, inst.problem_solving[k], p
            )
            record.reformed[k] |= decision == monitoring_rules.REFORM
            record.dropped[k] |= decision == monitoring_rules.DROP
        if record.dropped[k] and not inst.platform[k]:
            in_forum[k] = False
        if record.reformed[k]:
            problem_solving[k] = True
        record.reported[k] = 0.0
    record.months = 0
    world.institutions = dataclasses.replace(
        inst, in_forum=in_forum, problem_solving=problem_solving
    )


def coordination(world, p, learning_months, u_society):
    n, off = world.nodes, world.nodes.officers
    for d in range(len(n.district_health_officer)):
        dho = int(n.district_health_officer[d])
        fam = engagement_rules.familiarity(off.tenure[dho : dho + 1], learning_months)[0]
        n.health_coordination[d] = coordination_rules.coordination_after_month(
            n.health_coordination[d],
            world.left[dho],
            coordination_rules.society_meets(
                u_society[d], world.institutions.health_society_strengthened, p
            ),
            off.management[dho],
            fam,
            world.context.health_readiness,
            p,
        )
        n.district_readiness[d] = coordination_rules.district_readiness(
            world.context.health_readiness, n.health_coordination[d], p
        )


# ----------------------------------------------------------------------------- one month
def reference_month(world, draws, processes, interventions) -> dict:
    """Advance ``world`` one month with loops; return the month's events."""
    world.month += 1
    for intervention in interventions:
        if isinstance(intervention, OfficerTraining):
            if world.month == intervention.start_month + 1:
                trainees = np.zeros(world.nodes.n, bool)
                k = world.nodes.n_officers
                districts = world.lottery_district < intervention.coverage
                trainees[:k] = districts[world.nodes.district[:k]]
                train(world, processes.mindset, intervention.method, trainees, intervention.joint)
        else:
            intervention.act(world, processes)
    pe = processes.engagement
    turnover(world, processes.turnover, pe, draws.leave, draws.newcomer)
    coordination(world, processes.coordination, pe.learning_months, draws.society)
    ev = engagement(world, pe, draws.meet, draws.engage_src, draws.engage_dst)
    joint_action(world, processes.joint_action, pe, ev, draws.action)
    adaptation(world, processes.adaptation, pe, ev)
    mindset(world, processes.mindset, draws.dropout, draws.round, ev["joint_action"])
    panchayat(world, processes.panchayat, draws.phase)
    village(world, processes.village, draws.vhsnc, draws.attend, draws.triad)
    reach(world, processes.reach)
    monitoring(world, processes.monitoring, ev, draws.clash)
    return ev
