"""Interventions: policy changes that share one small interface and compose as a list.

Each intervention may ``shape`` the institutional design (``institutions.py``) when the model is
built, and may ``act`` at the start of each month (training that starts in a given month, a
shock window). A scenario is data: the ``interventions`` config, turned into a list by
:func:`from_config`. The recommendations each one represents are from Singh et al. 2024:

* accountability: assign deliverables and targets to each department;
* committees: rationalise district committees; make committees problem-solving platforms;
* block convergence: one integrated package per block, led by health, RDPR or GP task forces;
* central management unit: uniform guidelines, focal points, periodic progress reviews,
  troubleshooting and bottom-up feedback from the state;
* Gram Panchayat awards (Kerala's, "could be replicated in other states");
* data harmonisation: one data system instead of duplicate ones;
* training: didactic or PDIA, for district and block officers first;
* a shock: a pandemic-like period of whole-of-government pressure (COVID-19), and of "on-the-job
  training for enabling multi-sectoral convergence";
* who convenes district committees: the District Collector, as the study describes, or the
  district health officer;
* a strengthened District Health Society: "put our house in order first" (``coordination.py``);
* bilateral engagement: "we approach one department one at a time", with an implementation plan.
"""

from dataclasses import dataclass

import numpy as np

from simulation.institutions import Institutions
from simulation.policies import (
    Accountability,
    CommitteeScope,
    ConvergenceModel,
    DistrictConvenor,
    EngagementMode,
    Training,
)
from simulation.processes import mindset
from simulation.stakeholders import ALLIED_SECTORS, Sector
from simulation.ties import TieKind
from simulation.world import World

CONVERGENCE_MODELS = list(ConvergenceModel)


class Intervention:
    """A policy change. Override ``shape`` (design), ``act`` (monthly action), or both."""

    name = "intervention"

    def shape(self, institutions: Institutions, world: World) -> None:
        """Set the institutional design this intervention creates."""

    def act(self, world: World, processes) -> None:
        """Do what this intervention does in ``world.month`` (called before the processes)."""


@dataclass
class AccountabilityRegime(Intervention):
    regime: Accountability
    name = "accountability"

    def shape(self, institutions, world):
        institutions.accountability = self.regime
        if self.regime is Accountability.deliverables:
            institutions.deliverables[world.ties.meso] = True


@dataclass
class CommitteeDesign(Intervention):
    scope: CommitteeScope
    district_committees: int
    name = "committees"

    def shape(self, institutions, world):
        institutions.district_committees = self.district_committees
        if self.scope is CommitteeScope.problem_solving:
            m = world.ties.meso
            institutions.problem_solving[m] |= institutions.in_forum[m]


@dataclass
class BlockConvergence(Intervention):
    """A block convergence platform with one integrated package in a share of blocks.

    Health-led: the block medical officer convenes the block departments. RDPR-led: the block
    RDPR officer convenes health and the other departments, and works with each Gram Panchayat
    ("implemented with increased participation of local self-governments and steered by local
    rural development departments"). GP task force: each Gram Panchayat's task force works with
    the block's health, WCD, WASH and RDPR officers. In every case the platform meets monthly,
    solves problems and spells out "who will do what".
    """

    model: ConvergenceModel
    coverage: float
    name = "block_convergence"

    def shape(self, institutions, world):
        if self.model is ConvergenceModel.none:
            return
        t = world.ties
        selected = world.lottery_block < self.coverage
        institutions.block_model[selected] = CONVERGENCE_MODELS.index(self.model)
        kind = t.kind[t.forum]
        in_block = np.zeros(t.n_forum, bool)
        in_block[t.meso] = selected[np.maximum(t.block[t.meso], 0)] & (t.block[t.meso] >= 0)
        in_block[t.panchayat] = selected[t.block[t.panchayat]]
        if self.model is ConvergenceModel.health_led:
            platform = in_block & (kind == TieKind.BLOCK_COMMITTEE)
        elif self.model is ConvergenceModel.rdpr_led:
            rdpr = world.nodes.block_departments[:, ALLIED_SECTORS.index(Sector.RDPR)]
            rdpr_node = np.zeros(world.nodes.n, bool)
            rdpr_node[rdpr] = True
            health_rdpr = (kind == TieKind.BLOCK_COMMITTEE) & rdpr_node[t.dst[t.forum]]
            gp_rdpr = (kind == TieKind.PANCHAYAT) & rdpr_node[t.src[t.forum]]
            platform = in_block & ((kind == TieKind.BLOCK_RDPR) | health_rdpr | gp_rdpr)
        else:
            platform = in_block & (kind == TieKind.PANCHAYAT)
            institutions.task_force |= selected[world.nodes.panchayats.block]
        institutions.platform |= platform
        institutions.in_forum |= platform
        institutions.problem_solving |= platform
        institutions.deliverables |= platform


@dataclass
class CentralManagementUnit(Intervention):
    """A state central management unit with the functions the study lists: "sharing uniform
    guidelines; identifying focal points at each district, block, and sub-block level ...;
    establishing feedback systems like periodic progress reviews; and conducting
    troubleshooting exercises" (Singh et al. 2024). Each function is a flag the processes read."""

    guidelines: bool = True
    focal_points: bool = True
    reviews: bool = True
    troubleshooting: bool = True
    name = "central_management_unit"

    def shape(self, institutions, world):
        institutions.central_management_unit = True
        institutions.cmu_guidelines = self.guidelines
        institutions.cmu_focal_points = self.focal_points
        institutions.cmu_reviews = self.reviews
        institutions.cmu_troubleshooting = self.troubleshooting


class PanchayatAwards(Intervention):
    name = "gp_awards"

    def shape(self, institutions, world):
        institutions.gp_awards = True


class DataHarmonisation(Intervention):
    name = "data_harmonisation"

    def shape(self, institutions, world):
        institutions.data_harmonisation = True


@dataclass
class OfficerTraining(Intervention):
    """Train every officer of a share of districts (district and block level) at a start month."""

    method: Training
    coverage: float
    start_month: int
    joint: bool
    name = "training"

    def act(self, world, processes):
        if world.month != self.start_month + 1 or self.method is Training.none:
            return
        trainees = (world.lottery_district < self.coverage)[
            world.nodes.district[: world.nodes.n_officers]
        ]
        mindset.train(world, processes.mindset, self.method, trainees, self.joint)


@dataclass
class Shock(Intervention):
    """A pandemic-like window of whole-of-government pressure from ``start_month``, whose joint
    work is also practice: officers who take part in it learn for good
    (``mindset.shock_practice``)."""

    start_month: int
    duration_months: int
    intensity: float
    name = "shock"

    def act(self, world, processes):
        inst = world.institutions
        inst.shock_active = (
            self.start_month < world.month <= self.start_month + self.duration_months
        )
        inst.shock_intensity = self.intensity


@dataclass
class DistrictChair(Intervention):
    """Who convenes and chairs the district committees (``processes/convening.py``)."""

    convenor: DistrictConvenor
    name = "district_convenor"

    def shape(self, institutions, world):
        institutions.district_convenor = self.convenor


class HealthSociety(Intervention):
    """District Health Societies that meet monthly, where the programme officers coordinate
    within health (``coordination.py``)."""

    name = "health_society"

    def shape(self, institutions, world):
        institutions.health_society_strengthened = True


class BilateralEngagement(Intervention):
    """Health leaders engage the departments one at a time instead of in all-hands committees.

    Every district and block health-to-sector pair outside a convergence platform is engaged
    bilaterally: it meets only in its turn (``engagement.bilateral_rate``), carries no
    committee burden, and its department gets a stake from an implementation plan
    (``engagement.plan_credit``). The rotation follows the departments' order
    (``ALLIED_SECTORS``); each district and block starts at its own place in it (its index),
    so that a state's departments are not all approached in the same months. A pair's
    ``bilateral_slot`` is the turn at which it meets.
    """

    name = "engagement_mode"

    def shape(self, institutions, world):
        slot = bilateral_slots(world, institutions.platform)
        institutions.bilateral_slot = slot
        institutions.in_forum |= slot >= 0


def bilateral_slots(world: World, platform: np.ndarray) -> np.ndarray:
    """Per forum tie: its turn (0-4) in its health leader's rotation when it is a district or
    block health-to-sector pair outside a platform; -1 for every other tie."""
    t, n = world.ties, world.nodes
    f = t.forum
    kind = t.kind[f]
    src_health, dst_health = n.is_health[t.src[f]], n.is_health[t.dst[f]]
    department = np.where(src_health, t.dst[f], t.src[f])
    pair = (
        ((kind == TieKind.DISTRICT_COMMITTEE) | (kind == TieKind.BLOCK_COMMITTEE))
        & (src_health != dst_health)
        & ~platform
    )
    column = np.full(len(Sector), -1)
    column[list(ALLIED_SECTORS)] = np.arange(len(ALLIED_SECTORS))
    place = column[n.sector[department]]
    pair &= place >= 0
    unit = np.where(kind == TieKind.DISTRICT_COMMITTEE, n.district[department], t.block[f])
    slot = (place - unit) % len(ALLIED_SECTORS)
    return np.where(pair, slot, -1).astype(np.int8)


def from_config(config) -> list[Intervention]:
    """The interventions a :class:`simulation.config.RunConfig` asks for, in a fixed order."""
    iv = config.interventions
    out: list[Intervention] = [
        AccountabilityRegime(iv.accountability),
        CommitteeDesign(iv.committee_scope, iv.district_committees),
        BlockConvergence(iv.block_convergence, iv.block_convergence_coverage),
    ]
    if iv.central_management_unit:
        out.append(
            CentralManagementUnit(
                iv.cmu_guidelines, iv.cmu_focal_points, iv.cmu_reviews, iv.cmu_troubleshooting
            )
        )
    if iv.gp_awards or config.state.gram_panchayats.awards:
        out.append(PanchayatAwards())
    if iv.data_harmonisation:
        out.append(DataHarmonisation())
    if iv.training is not Training.none:
        out.append(
            OfficerTraining(
                iv.training, iv.training_coverage, iv.training_start_month, iv.training_joint
            )
        )
    if iv.shock_start_month is not None:
        out.append(Shock(iv.shock_start_month, iv.shock_duration_months, iv.shock_intensity))
    if iv.district_convenor is not DistrictConvenor.collector:
        out.append(DistrictChair(iv.district_convenor))
    if iv.health_society_strengthened:
        out.append(HealthSociety())
    if iv.engagement_mode is EngagementMode.bilateral:
        out.append(BilateralEngagement())  # after the platforms, which it leaves alone
    return out


def design(world: World, interventions: list[Intervention]) -> Institutions:
    """The institutional design the interventions create, starting from the status quo."""
    institutions = Institutions.status_quo(
        world.ties, world.nodes.n_blocks, len(world.nodes.panchayats)
    )
    for intervention in interventions:
        intervention.shape(institutions, world)
    return institutions
