"""The stakeholders of a state and their attributes, held as numpy arrays indexed by node.

Nodes are numbered in blocks of one kind each, officers first:
district collectors, district health officers, district allied departments, block medical
officers, block allied departments (these are the *officers*, who are posted and transferred),
then Gram Panchayats, then communities (two per Gram Panchayat: its vulnerable hamlets or SHG
collectives, and the rest). Mesa agents (``agents.py``) are views onto these arrays.
"""

from dataclasses import dataclass
from enum import IntEnum

import numpy as np

from simulation.distributions import beta_quantile, months_in_post
from simulation.structure import AdministrativeStructure


class Kind(IntEnum):
    """Type of stakeholder; each has its own Mesa agent class."""

    COLLECTOR = 0
    HEALTH_LEADER = 1
    ALLIED_DEPARTMENT = 2
    GRAM_PANCHAYAT = 3
    COMMUNITY = 4


class Sector(IntEnum):
    """The department or body a stakeholder belongs to."""

    HEALTH = 0
    WCD = 1  # Women and Child Development / ICDS
    RDPR = 2  # Rural Development and Panchayati Raj
    EDUCATION = 3
    WASH = 4  # Water and Sanitation
    ANIMAL_HUSBANDRY = 5
    ADMINISTRATION = 6  # the District Collector's office
    PANCHAYAT = 7
    COMMUNITY = 8


#: Allied departments present at district and block level, in node order.
ALLIED_SECTORS = (
    Sector.WCD,
    Sector.RDPR,
    Sector.EDUCATION,
    Sector.WASH,
    Sector.ANIMAL_HUSBANDRY,
)

#: How a field officer would name each sector.
SECTOR_LABELS = {
    Sector.HEALTH: "Health",
    Sector.WCD: "WCD/ICDS",
    Sector.RDPR: "RDPR",
    Sector.EDUCATION: "Education",
    Sector.WASH: "Water and sanitation",
    Sector.ANIMAL_HUSBANDRY: "Animal husbandry",
    Sector.ADMINISTRATION: "District administration",
    Sector.PANCHAYAT: "Gram Panchayat",
    Sector.COMMUNITY: "Community",
}


class Level(IntEnum):
    DISTRICT = 0
    BLOCK = 1
    VILLAGE = 2


@dataclass
class Officers:
    """Posted officers (collectors, health leaders, allied department heads); index = node.

    ``orientation`` runs from 0 (clinical, sectoral) to 1 (holistic, equity-driven);
    ``anchor`` is the view an officer returns to when nothing pushes (Friedkin-Johnsen).
    The ``*_mean`` arrays are the role's profile, from which a newly posted officer is drawn.
    """

    tenure: np.ndarray  # months in post
    mean_tenure: np.ndarray  # months; sets the monthly hazard of transfer
    orientation: np.ndarray
    anchor: np.ndarray
    communication: np.ndarray  # skill at making the case ("soft power")
    management: np.ndarray
    workload: np.ndarray  # competing priorities of the post
    practising_pdia: np.ndarray  # bool: in a PDIA team that is still practising
    pdia_months: np.ndarray  # int: months its PDIA team has practised (rounds = months // round)
    pdia_failures: np.ndarray  # int: PDIA rounds failed since the team's last success
    orientation_mean: np.ndarray
    communication_mean: np.ndarray
    management_mean: np.ndarray
    willingness_mean: np.ndarray

    def __len__(self) -> int:
        return len(self.tenure)


@dataclass
class Panchayats:
    """Gram Panchayats; index g is node ``gp_offset + g``.

    ``phase`` is the engagement path the sources describe: 0 none, 1 oriented on its role,
    2 promotes access to services, 3 joint planning and monitoring, 4 resource support.
    """

    phase: np.ndarray  # int8 in 0..4
    fiscal_autonomy: np.ndarray
    vhsnc_functioning: np.ndarray
    recognition: np.ndarray
    training: np.ndarray  # joint training of elected representatives (KILA-type)
    workload: np.ndarray
    block: np.ndarray
    # The village platform and the frontline triad (processes/village.py).
    vhsnc_base: np.ndarray  # the VHSNC's functioning at the start (the state's present)
    phase_start: np.ndarray  # int8: the GP's engagement phase at the start
    triad_cohesion: np.ndarray  # how well the ASHA, the Anganwadi worker and the ANM work together
    triad_start: np.ndarray  # the triad's cohesion at the start
    fund_ring: np.ndarray  # (12, GPs): share of the annual untied fund spent in each month
    fund_year: np.ndarray  # share of the annual untied fund spent over the last 12 months
    vhsnc_met: np.ndarray  # bool: the VHSNC met this month
    gp_present: np.ndarray  # bool: it met with the GP's representative present
    triad_joint: np.ndarray  # bool: the frontline triad worked jointly this month

    def __len__(self) -> int:
        return len(self.phase)


@dataclass
class Communities:
    """Communities; each Gram Panchayat g has a vulnerable one (2g) and the rest (2g + 1)."""

    gp: np.ndarray
    vulnerable: np.ndarray  # bool
    vulnerability: np.ndarray
    voice: np.ndarray
    reach: np.ndarray  # share of services reaching the community
    weight: np.ndarray  # share of the GP's population

    def __len__(self) -> int:
        return len(self.gp)


@dataclass
class Stakeholders:
    """Every node of the stakeholder network, with the attributes the processes act on."""

    kind: np.ndarray
    sector: np.ndarray
    level: np.ndarray
    district: np.ndarray
    block: np.ndarray  # -1 at district level
    power: np.ndarray  # formal power in [0, 1]
    willingness: np.ndarray  # learned propensity to collaborate (officers and GPs)
    last_joint_action: np.ndarray  # month of the last joint action with another sector
    officers: Officers
    panchayats: Panchayats
    communities: Communities
    # Where each unit's stakeholders are, by node index.
    district_collector: np.ndarray
    district_health_officer: np.ndarray
    district_departments: np.ndarray  # (districts, 5), columns in ALLIED_SECTORS order
    block_medical_officer: np.ndarray
    block_departments: np.ndarray  # (blocks, 5)
    block_district: np.ndarray
    # How many of its district's blocks each simulated block stands for (1 at scale 1):
    # block-level indicators are weighted by it (structure.py, indicators.py).
    block_weight: np.ndarray
    gp_offset: int
    community_offset: int
    # The directory's names of the districts and of the simulated blocks, in index order.
    district_names: tuple[str, ...] = ()
    block_names: tuple[str, ...] = ()
    # Per district: how far its health department (District Health Society and programme
    # officers) works as one, and its health readiness ("house in order"; coordination.py).
    health_coordination: np.ndarray | None = None
    district_readiness: np.ndarray | None = None

    @property
    def n(self) -> int:
        return len(self.kind)

    @property
    def n_officers(self) -> int:
        return len(self.officers)

    @property
    def n_blocks(self) -> int:
        return len(self.block_medical_officer)

    @property
    def is_health(self) -> np.ndarray:
        return self.sector == Sector.HEALTH


def populate(structure: AdministrativeStructure, state, rng: np.random.Generator) -> Stakeholders:
    """Create every stakeholder of ``structure`` with attributes drawn from the state's context.

    ``state`` is a :class:`simulation.config.StateConfig`. All attributes are drawn from uniform
    numbers (see ``distributions.py``) taken in a fixed order, so the same seed gives the same
    people whatever the parameter values.
    """
    d, b, g = structure.n_districts, structure.n_blocks, structure.n_gram_panchayats
    n_alloc = len(ALLIED_SECTORS)
    hl, ad, co = state.health_leaders, state.allied_departments, state.collectors

    # Officer node ranges, in order.
    collectors = np.arange(d)
    dhos = d + np.arange(d)
    district_depts = 2 * d + np.arange(d * n_alloc).reshape(d, n_alloc)
    bmos = (2 + n_alloc) * d + np.arange(b)
    block_depts = (2 + n_alloc) * d + b + np.arange(b * n_alloc).reshape(b, n_alloc)
    n_off = (2 + n_alloc) * d + (1 + n_alloc) * b
    gp_offset = n_off
    community_offset = gp_offset + g
    n = community_offset + 2 * g

    kind = np.empty(n, np.int8)
    sector = np.empty(n, np.int8)
    level = np.empty(n, np.int8)
    district = np.empty(n, np.int32)
    block = np.full(n, -1, np.int32)
    power = np.empty(n)

    allied = np.array(ALLIED_SECTORS, np.int8)
    rdpr_column = ALLIED_SECTORS.index(Sector.RDPR)

    kind[collectors], sector[collectors], level[collectors] = (
        Kind.COLLECTOR,
        Sector.ADMINISTRATION,
        Level.DISTRICT,
    )
    district[collectors] = np.arange(d)
    power[collectors] = co.power

    kind[dhos], sector[dhos], level[dhos] = Kind.HEALTH_LEADER, Sector.HEALTH, Level.DISTRICT
    district[dhos] = np.arange(d)
    power[dhos] = hl.district_power

    kind[district_depts], level[district_depts] = Kind.ALLIED_DEPARTMENT, Level.DISTRICT
    sector[district_depts] = allied[None, :]
    district[district_depts] = np.arange(d)[:, None]
    power[district_depts] = ad.power

    kind[bmos], sector[bmos], level[bmos] = Kind.HEALTH_LEADER, Sector.HEALTH, Level.BLOCK
    district[bmos] = structure.block_district
    block[bmos] = np.arange(b)
    power[bmos] = hl.block_power

    kind[block_depts], level[block_depts] = Kind.ALLIED_DEPARTMENT, Level.BLOCK
    sector[block_depts] = allied[None, :]
    district[block_depts] = structure.block_district[:, None]
    block[block_depts] = np.arange(b)[:, None]
    power[block_depts] = ad.power
    power[block_depts[:, rdpr_column]] = ad.rdpr_block_power  # the Block Development Officer

    gps = gp_offset + np.arange(g)
    kind[gps], sector[gps], level[gps] = Kind.GRAM_PANCHAYAT, Sector.PANCHAYAT, Level.VILLAGE
    district[gps] = structure.gp_district
    block[gps] = structure.gp_block

    comms = community_offset + np.arange(2 * g)
    comm_gp = np.repeat(np.arange(g), 2)
    kind[comms], sector[comms], level[comms] = Kind.COMMUNITY, Sector.COMMUNITY, Level.VILLAGE
    district[comms] = structure.gp_district[comm_gp]
    block[comms] = structure.gp_block[comm_gp]

    # Officer profiles by role.
    role_tenure = np.empty(n_off)
    orientation_mean = np.empty(n_off)
    communication_mean = np.empty(n_off)
    management_mean = np.empty(n_off)
    willingness_mean = np.empty(n_off)
    workload_mean = np.empty(n_off)
    health = np.concatenate([dhos, bmos])
    depts = np.concatenate([district_depts.ravel(), block_depts.ravel()])
    for nodes, profile in (
        (
            collectors,
            (
                co.tenure_months,
                ad.holistic_orientation
                if co.holistic_orientation is None
                else co.holistic_orientation,
                0.5,
                0.5,
                0.5,
                ad.workload,
            ),
        ),
        (
            health,
            (
                hl.tenure_months,
                hl.holistic_orientation,
                hl.communication,
                hl.management,
                hl.willingness,
                hl.workload,
            ),
        ),
        (
            depts,
            (
                ad.tenure_months,
                ad.holistic_orientation,
                ad.communication,
                ad.management,
                ad.willingness,
                ad.workload,
            ),
        ),
    ):
        (
            role_tenure[nodes],
            orientation_mean[nodes],
            communication_mean[nodes],
            management_mean[nodes],
            willingness_mean[nodes],
            workload_mean[nodes],
        ) = profile

    u = rng.random((7, n_off))
    orientation = beta_quantile(u[0], orientation_mean)
    officers = Officers(
        tenure=months_in_post(u[1], role_tenure),
        mean_tenure=role_tenure,
        orientation=orientation,
        anchor=orientation.copy(),
        communication=beta_quantile(u[2], communication_mean),
        management=beta_quantile(u[3], management_mean),
        workload=beta_quantile(u[4], workload_mean),
        practising_pdia=np.zeros(n_off, bool),
        pdia_months=np.zeros(n_off, np.int64),
        pdia_failures=np.zeros(n_off, np.int64),
        orientation_mean=orientation_mean,
        communication_mean=communication_mean,
        management_mean=management_mean,
        willingness_mean=willingness_mean,
    )
    willingness = np.zeros(n)
    willingness[:n_off] = beta_quantile(u[5], willingness_mean)

    gpc = state.gram_panchayats
    ug = rng.random((6, g))
    fiscal_autonomy = beta_quantile(ug[0], gpc.fiscal_autonomy)
    vhsnc = beta_quantile(ug[1], gpc.vhsnc_functioning)
    phase_cdf = np.cumsum(gpc.initial_phases) / np.sum(gpc.initial_phases)
    phase = np.minimum(np.searchsorted(phase_cdf, ug[2], side="right"), 4).astype(np.int8)
    panchayats = Panchayats(
        phase=phase,
        fiscal_autonomy=fiscal_autonomy,
        vhsnc_functioning=vhsnc,
        recognition=np.zeros(g),
        training=np.full(g, float(gpc.training)),
        workload=beta_quantile(ug[3], gpc.workload),
        block=structure.gp_block.copy(),
        vhsnc_base=vhsnc.copy(),
        phase_start=phase.copy(),
        triad_cohesion=np.full(g, float(gpc.frontline_cohesion)),
        triad_start=np.full(g, float(gpc.frontline_cohesion)),
        fund_ring=np.zeros((12, g)),
        fund_year=np.zeros(g),
        vhsnc_met=np.zeros(g, bool),
        gp_present=np.zeros(g, bool),
        triad_joint=np.zeros(g, bool),
    )
    willingness[gps] = beta_quantile(ug[4], gpc.willingness)
    power[gps] = gpc.power

    cc = state.communities
    uc = rng.random((2, g))
    vulnerable = np.tile([True, False], g)
    vulnerability = np.zeros(2 * g)
    vulnerability[0::2] = beta_quantile(uc[0], cc.vulnerability)
    weight = np.tile([cc.vulnerable_share, 1.0 - cc.vulnerable_share], g)
    voice = np.repeat(vhsnc, 2) * np.where(vulnerable, 0.5, 1.0)
    communities = Communities(
        gp=comm_gp.astype(np.int32),
        vulnerable=vulnerable,
        vulnerability=vulnerability,
        voice=voice,
        reach=cc.baseline_coverage * (1.0 - 0.5 * vulnerability),
        weight=weight,
    )
    # Communities hold little formal power; the vulnerable least (used for display only).
    power[comms] = np.where(vulnerable, 0.05, 0.15)

    return Stakeholders(
        kind=kind,
        sector=sector,
        level=level,
        district=district,
        block=block,
        power=power,
        willingness=willingness,
        last_joint_action=np.full(n, -10_000, np.int32),
        officers=officers,
        panchayats=panchayats,
        communities=communities,
        district_collector=collectors,
        district_health_officer=dhos,
        district_departments=district_depts,
        block_medical_officer=bmos,
        block_departments=block_depts,
        block_district=structure.block_district.copy(),
        block_weight=structure.block_weight.copy(),
        gp_offset=gp_offset,
        community_offset=community_offset,
        district_names=structure.district_names,
        block_names=structure.block_names,
        health_coordination=np.full(d, float(state.context.health_readiness)),
        district_readiness=np.full(d, float(state.context.health_readiness)),
    )
