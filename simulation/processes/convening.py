"""Convening and agenda-setting: who calls a forum, whether it meets, and whose agenda it serves.

Rules of the engagement process (``engagement.py`` calls them before each side weighs a
meeting; ``adaptation.py`` lets a Collector learn from the committees it chaired). Findings
represented (Singh et al. 2024, BMC Health Services Research 24:634):

* Inter-departmental committees at district level "are the responsibility of ... District
  Collectors"; Collectors "are administratively responsible for all sectors and have defined
  processes for collaboration". So the Collector convenes: whether a district committee meets
  follows the Collector's willingness (learned), orientation, familiarity with the post and
  workload (every committee it chairs adds to it), in the same logit choice every stakeholder
  makes (:func:`convening_utility`, :func:`convening_chance`). A lever
  (``interventions.district_convenor``) hands the committees to the district health officer.
* "Power plays a role through local leadership's influence in setting agendas, convening
  stakeholders, and ensuring accountability" (the abstract). The powerful side of a forum (the
  Collector at district, otherwise the more powerful end: the block medical officer, the Block
  Development Officer on an RDPR-led platform, a block officer with a Gram Panchayat) sets its
  agenda (:func:`agenda_setter`). A holistic setter's agenda gives the others a stake; a narrow
  one's serves its own sector, and the others have less reason to invest
  (:func:`agenda_stake`). Both grow with the setter's power and the state's power asymmetry,
  beside the silencing of the weaker side (``engagement.utility``'s power penalty).
"""

import numpy as np
from numba.extending import register_jitable

from simulation.policies import DistrictConvenor
from simulation.ties import TieKind


def agenda_setter(kind, src, dst, power_src, power_dst, collector, collector_convenes):
    """Who convenes a forum tie's forum and sets its agenda (a node, per tie; works on scalars
    and arrays alike): a district committee's convenor (its district's Collector, or the
    district health officer, its src end, when he convenes); any other forum's more powerful
    end (the src end on a tie)."""
    stronger = np.where(power_dst > power_src, dst, src)
    chair = collector if collector_convenes else src
    return np.where(kind == TieKind.DISTRICT_COMMITTEE, chair, stronger)


def agenda_setters(world) -> np.ndarray:
    """:func:`agenda_setter` of every forum tie (int64 per forum tie), for the world's design."""
    t, n = world.ties, world.nodes
    f = t.forum
    src, dst = t.src[f].astype(np.int64), t.dst[f].astype(np.int64)
    return agenda_setter(
        t.kind[f],
        src,
        dst,
        n.power[src],
        n.power[dst],
        n.district_collector[n.district[src]],
        world.institutions.district_convenor is DistrictConvenor.collector,
    ).astype(np.int64)


@register_jitable
def agenda_stake(setter_is_me, setter_power, setter_orientation, asymmetry):
    """The stake a forum's agenda gives one side, before ``agenda_weight``: the setter's power
    times the state's power asymmetry, times (for the setter itself) how narrowly it keeps the
    agenda to its own sector, 1 - orientation; (for the others) 2 x orientation - 1, positive
    under a holistic setter whose agenda gives them a stake, negative under a narrow one whose
    agenda serves another sector."""
    reach = asymmetry * setter_power
    if setter_is_me:
        return reach * (1.0 - setter_orientation)
    return reach * (2.0 * setter_orientation - 1.0)


@register_jitable
def convening_utility(pressure, motivation, familiarity, load, p):
    """Situational utility of calling a committee this month, for its convenor: the pressure
    it carries, its orientation and familiarity with the post against its workload (every
    committee it chairs included), on the engagement utility's weights (works on arrays)."""
    u = p.baseline + p.pressure_weight * pressure
    u += p.orientation_weight * (motivation - 0.5)
    u += p.familiarity_weight * (familiarity - 0.5)
    u -= p.workload_weight * (load - 0.5)
    return u


def convening_chance(willingness_logit, utility, p):
    """Chance a district committee meets this month: ``district_meeting_rate`` times the
    convenor's logit choice, sigmoid(logit(willingness) + utility). Arrays in, numpy's exp."""
    return p.district_meeting_rate * (1.0 / (1.0 + np.exp(-(willingness_logit + utility))))
