"""Configuration schema: typed dataclasses with units, defaults and valid ranges.

Groups mirror the code: ``state`` (one YAML file per state in ``configs/state/``: structure and
context), ``interventions`` (policy levers, ``interventions.py``), ``processes`` (one section
per monthly process, each declared in ``processes/<process>_params.py``, a light module that
imports no numba), and top-level run options. Each dataclass is registered with Hydra's
ConfigStore, so a misspelt key or a wrong type fails when the config is composed;
:func:`validate` then checks ranges and combinations before anything runs.
"""

import dataclasses
import enum
import functools
import types
import typing
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from hydra import compose, initialize_config_dir
from hydra.core.config_store import ConfigStore
from hydra.core.global_hydra import GlobalHydra
from omegaconf import MISSING, DictConfig, OmegaConf
from omegaconf._utils import get_omega_conf_dumper
from omegaconf.errors import MissingMandatoryValue

from simulation.config_folder import CONFIG_DIR
from simulation.parameters import ConfigError, check_ranges, param
from simulation.policies import (
    Accountability,
    CommitteeScope,
    ConvergenceModel,
    DistrictConvenor,
    EngagementMode,
    Training,
)
from simulation.processes.adaptation_params import AdaptationParams
from simulation.processes.coordination_params import CoordinationParams
from simulation.processes.engagement_params import EngagementParams
from simulation.processes.joint_action_params import JointActionParams
from simulation.processes.mindset_params import MindsetParams
from simulation.processes.monitoring_params import MonitoringParams
from simulation.processes.panchayat_params import PanchayatParams
from simulation.processes.reach_params import ReachParams
from simulation.processes.turnover_params import TurnoverParams
from simulation.processes.village_params import VillageParams

SILENT = "sources silent; assumption"
RUN_OPTION = "run option, not a model quantity"


# --------------------------------------------------------------------------- state context
@dataclass
class StructureConfig:
    """The state's administrative units: its real districts and blocks from the Local Government
    Directory (``lgd_state``), or made-up totals spread evenly (``lgd_state: null``)."""

    districts: int = param(
        MISSING,
        1,
        1000,
        doc="districts (with lgd_state: must equal the directory's count)",
        evidence="Local Government Directory, blocks as of 11 March 2022 (configs/data/)",
    )
    blocks: int = param(
        MISSING,
        1,
        20000,
        doc="blocks (with lgd_state: must equal the directory's count)",
        evidence="Local Government Directory, blocks as of 11 March 2022 (configs/data/)",
    )
    gram_panchayats: int = param(
        MISSING,
        1,
        300000,
        doc="Gram Panchayats (village governments)",
        evidence="Local Government Directory, 'State wise Administrative Units & PRIs' (date "
        "not shown; Uttar Pradesh: gram sabhas, up.gov.in); split over blocks not sourced",
    )
    source: str = field(
        default=MISSING,
        metadata={
            "doc": "where the counts come from",
            "evidence": "text citing the counts' sources, not a model quantity",
        },
    )
    lgd_state: str | None = field(
        default=None,
        metadata={
            "doc": "the state's key in configs/data/lgd_blocks.csv: districts get their real "
            "blocks; null spreads the districts and blocks totals evenly",
            "evidence": "Local Government Directory (configs/data/lgd_blocks.csv); a key, not a "
            "model quantity",
        },
    )


@dataclass
class ContextConfig:
    """State-level conditions."""

    power_asymmetry: float = param(
        0.5,
        0,
        1,
        doc="how much formal power differences shape forums",
        evidence="power sits with civil servants and doctors ('silent spectator')",
    )
    health_readiness: float = param(
        0.5,
        0,
        1,
        doc="manpower, financing and logistics in health ('house in order')",
        evidence="'We need to put our house in order first'",
    )
    political_leadership: float = param(
        0.4,
        0,
        1,
        doc="ownership by political leaders, felt as pressure and monitoring",
        evidence="polio, Mission Indradhanush, JE in UP, COVID-19 in Odisha",
    )
    data_discrepancy: float = param(
        0.5,
        0,
        1,
        doc="how far separate data systems disagree (scales data clashes)",
        evidence="'the same cohort ... in two different software ... discrepancies'",
    )
    initial_tie_strength: float = param(
        0.3, 0, 1, doc="mean strength of meso cross-sector ties at the start", evidence=SILENT
    )


@dataclass
class HealthLeadersConfig:
    """District health officers and block medical officers (the 'cadre' of a state)."""

    tenure_months: float = param(
        18.0,
        1,
        240,
        unit="months",
        doc="mean tenure in post",
        evidence="no data for health officers; IAS officers ~16 months (Iyer and Mani 2012)",
    )
    holistic_orientation: float = param(
        0.35,
        0,
        1,
        doc="mean orientation, 0 clinical to 1 holistic and equity-driven",
        evidence="clinicians 'over-prioritise clinical care'",
    )
    communication: float = param(
        0.5,
        0,
        1,
        doc="'intuitive communication', soft power",
        evidence="success 'hinged on health leadership's soft power and effective communication'",
    )
    management: float = param(
        0.5,
        0,
        1,
        doc="public health management capacity",
        evidence="Tamil Nadu's public health management cadre",
    )
    willingness: float = param(0.5, 0, 1, doc="initial propensity to collaborate", evidence=SILENT)
    workload: float = param(
        0.6, 0, 1, doc="competing priorities of the post", evidence="excessive workloads"
    )
    district_power: float = param(
        0.8,
        0,
        1,
        doc="formal power of a district health officer",
        evidence="power sits with doctors at district and block level",
    )
    block_power: float = param(
        0.7,
        0,
        1,
        doc="formal power of a block medical officer (a doctor)",
        evidence="'Doctors believe that we are the bosses'",
    )


@dataclass
class AlliedDepartmentsConfig:
    """WCD/ICDS, RDPR, Education, Water and Sanitation and Animal Husbandry officers."""

    tenure_months: float = param(24.0, 1, 240, unit="months", doc="mean tenure", evidence=SILENT)
    holistic_orientation: float = param(
        0.3,
        0,
        1,
        doc="mean orientation: health is also their business",
        evidence="narrow departmental mandates: 'keep your health to yourself'",
    )
    communication: float = param(0.5, 0, 1, doc="skill at making the case", evidence=SILENT)
    management: float = param(0.5, 0, 1, doc="management capacity", evidence=SILENT)
    willingness: float = param(0.4, 0, 1, doc="initial propensity to collaborate", evidence=SILENT)
    workload: float = param(
        0.6,
        0,
        1,
        doc="competing priorities of the post",
        evidence="excessive workloads, competing priorities",
    )
    power: float = param(
        0.45,
        0,
        1,
        doc="formal power of an allied department officer",
        evidence="inter-departmental hierarchies",
    )
    rdpr_block_power: float = param(
        0.6,
        0,
        1,
        doc="formal power of the block RDPR officer (Block Development Officer)",
        evidence="RDPR, 'the ministry responsible for local governance'",
    )


@dataclass
class CollectorsConfig:
    """District Collectors."""

    tenure_months: float = param(
        16.0,
        1,
        240,
        unit="months",
        doc="mean tenure of a District Collector",
        evidence="IAS officers ~16 months (Iyer and Mani 2012)",
    )
    power: float = param(
        1.0,
        0,
        1,
        doc="formal power of the District Collector",
        evidence="'administratively responsible for all sectors'",
    )
    holistic_orientation: float | None = param(
        None,
        0,
        1,
        doc="mean orientation of Collectors (0 narrow: committees review expenditure; 1 "
        "holistic); null: as the state's allied departments",
        evidence="sources silent; assumption (the Collector sets district committees' agenda)",
    )


@dataclass
class GramPanchayatsConfig:
    """Gram Panchayats and their VHSNCs."""

    fiscal_autonomy: float = param(
        0.3,
        0,
        1,
        doc="funds and freedom to decide; also the credit a GP reaps",
        evidence="Kerala: 'enough financial and political freedom ... and reap the benefits'",
    )
    vhsnc_functioning: float = param(
        0.3,
        0,
        1,
        doc="chance a VHSNC meets and works in a month",
        evidence="Chhattisgarh 'highly functional'; Jharkhand/Odisha irregular (Srivastava 2016)",
    )
    frontline_cohesion: float = param(
        0.4,
        0,
        1,
        doc="how well each village's ASHA, Anganwadi worker and ANM work together at the start",
        evidence="sources silent on a level (assumption); 'effective interpersonal "
        "communication among frontline providers leads to smooth collaboration'",
    )
    training: float = param(
        0.0, 0, 1, doc="joint training of elected representatives", evidence="KILA in Kerala"
    )
    awards: bool = field(
        default=False,
        metadata={"doc": "awards for GPs improving health", "evidence": "Kerala's GP awards"},
    )
    willingness: float = param(0.4, 0, 1, doc="initial propensity to collaborate", evidence=SILENT)
    workload: float = param(0.4, 0, 1, doc="competing priorities", evidence=SILENT)
    power: float = param(
        0.3,
        0,
        1,
        doc="formal power of a Gram Panchayat in forums",
        evidence="power with civil servants and doctors; Kerala's empowered panchayats",
    )
    initial_link: float = param(
        0.25,
        0,
        1,
        doc="mean strength of GP - block department ties at the start",
        evidence="Tamil Nadu: surveillance alerts from panchayats to PHCs",
    )
    initial_phases: list[float] = param(
        [0.6, 0.3, 0.1, 0.0, 0.0],
        0,
        1,
        doc="share of GPs in phases 0-4 at the start",
        evidence="phased path (Bihar, Jharkhand participants); levels assumed",
    )


@dataclass
class CommunitiesConfig:
    """Communities: the vulnerable hamlets or SHG collectives of each GP, and the rest."""

    vulnerable_share: float = param(
        0.2,
        0,
        1,
        low_open=True,
        high_open=True,
        doc="population share of vulnerable communities",
        evidence="SC and ST shares, Census 2011 (recalled; verify)",
    )
    vulnerability: float = param(
        0.6, 0, 1, doc="mean exclusion of vulnerable communities", evidence=SILENT
    )
    baseline_coverage: float = param(
        0.6, 0, 1, doc="service coverage without collaboration", evidence=SILENT
    )


@dataclass
class StateConfig:
    """A state: its real structure and the context the sources describe."""

    name: str = field(
        default=MISSING,
        metadata={
            "doc": "the state's name",
            "evidence": "a label, not a model quantity (the study's states, Singh et al. 2024)",
        },
    )
    structure: StructureConfig = field(default_factory=StructureConfig)
    context: ContextConfig = field(default_factory=ContextConfig)
    health_leaders: HealthLeadersConfig = field(default_factory=HealthLeadersConfig)
    allied_departments: AlliedDepartmentsConfig = field(default_factory=AlliedDepartmentsConfig)
    collectors: CollectorsConfig = field(default_factory=CollectorsConfig)
    gram_panchayats: GramPanchayatsConfig = field(default_factory=GramPanchayatsConfig)
    communities: CommunitiesConfig = field(default_factory=CommunitiesConfig)


# --------------------------------------------------------------------------- interventions
@dataclass
class InterventionsConfig:
    """Policy levers; the defaults are the status quo the sources describe."""

    accountability: Accountability = field(
        default=Accountability.health_only,
        metadata={
            "doc": "who answers for joint outcomes",
            "evidence": "infant deaths blamed on health, not WCD; assign deliverables",
        },
    )
    committee_scope: CommitteeScope = field(
        default=CommitteeScope.review,
        metadata={
            "doc": "what committees do when they meet",
            "evidence": "block committees review expenditure; make them problem-solving platforms",
        },
    )
    district_committees: int = param(
        12,
        1,
        40,
        doc="inter-departmental committees at district level",
        evidence="'rationalise their numbers'",
    )
    block_convergence: ConvergenceModel = field(
        default=ConvergenceModel.none,
        metadata={
            "doc": "who leads a block convergence platform",
            "evidence": "block models: RDPR-led vs health-led; Karnataka GP task forces",
        },
    )
    block_convergence_coverage: float = param(
        1.0,
        0,
        1,
        doc="share of blocks running the convergence model (a pilot covers fewer)",
        evidence="Aspirational Blocks Programme as a pilot",
    )
    training: Training = field(
        default=Training.none,
        metadata={"doc": "training of officers in collaboration", "evidence": "PDIA vs didactic"},
    )
    training_coverage: float = param(
        1.0,
        0,
        1,
        doc="share of districts whose officers are trained",
        evidence="'prioritise district and block program officers'",
    )
    training_start_month: int = param(
        12,
        0,
        1200,
        unit="month",
        doc="month training happens",
        evidence="assumption: a scenario choice, a year into the run; sources give no date",
    )
    training_joint: bool = field(
        default=True,
        metadata={
            "doc": "all departments trained together",
            "evidence": "KILA team trainings of all sectors; PDIA teams",
        },
    )
    gp_awards: bool = field(
        default=False,
        metadata={
            "doc": "awards for GPs improving health",
            "evidence": "Kerala: 'could be replicated'",
        },
    )
    central_management_unit: bool = field(
        default=False,
        metadata={
            "doc": "state unit with the functions the cmu_* switches keep (all four by default)",
            "evidence": "state committees as 'central management units'",
        },
    )
    cmu_guidelines: bool = field(
        default=True,
        metadata={
            "doc": "the CMU shares uniform guidelines: each department's part in joint work is "
            "written down, so the shared mandate is plainer (processes.engagement."
            "guideline_clarity)",
            "evidence": "CMU functions: 'sharing uniform guidelines'",
        },
    )
    cmu_focal_points: bool = field(
        default=True,
        metadata={
            "doc": "the CMU names focal points at district, block and sub-block level: a "
            "transferred officer's cross-sector ties are handed over (processes.turnover."
            "focal_point_handover)",
            "evidence": "CMU functions: 'identifying focal points at each district, block, and "
            "sub-block level'",
        },
    )
    cmu_reviews: bool = field(
        default=True,
        metadata={
            "doc": "the CMU holds periodic progress reviews: pressure on meso ties, and "
            "verified reports (processes.engagement.cmu_pressure, processes.monitoring."
            "cmu_verification)",
            "evidence": "CMU functions: 'establishing feedback systems like periodic progress "
            "reviews'",
        },
    )
    cmu_troubleshooting: bool = field(
        default=True,
        metadata={
            "doc": "the CMU troubleshoots: it repairs part of the trust a let-down costs "
            "(processes.joint_action.cmu_repair)",
            "evidence": "CMU functions: 'conducting troubleshooting exercises'",
        },
    )
    data_harmonisation: bool = field(
        default=False,
        metadata={"doc": "one data system instead of duplicates", "evidence": "duplicate software"},
    )
    shock_start_month: int | None = param(
        None,
        0,
        1200,
        unit="month",
        doc="start of a pandemic-like period; null for none",
        evidence="COVID-19 whole-of-government response",
    )
    shock_duration_months: int = param(
        24,
        1,
        1200,
        unit="months",
        doc="length of the shock",
        evidence="'two years of on-the-job training'",
    )
    shock_intensity: float = param(
        1.0,
        0,
        3,
        doc="whole-of-government pressure added during the shock",
        evidence="assumption (value: as much as full political leadership); mechanism: "
        "COVID-19 'whole of government approach deployed across all the states'",
    )
    district_convenor: DistrictConvenor = field(
        default=DistrictConvenor.collector,
        metadata={
            "doc": "who convenes and chairs district committees: whether one meets, its "
            "pressure and its agenda follow the convenor",
            "evidence": "district committees 'are the responsibility of ... District "
            "Collectors'; Collectors 'are administratively responsible for all sectors'",
        },
    )
    health_society_strengthened: bool = field(
        default=False,
        metadata={
            "doc": "District Health Societies meet monthly: programme officers coordinate "
            "within health ('put our house in order first')",
            "evidence": "District Health Societies (NHM), 'the central forum'",
        },
    )
    engagement_mode: EngagementMode = field(
        default=EngagementMode.committees,
        metadata={
            "doc": "health leaders engage departments in all-hands committees, or one at a "
            "time with an implementation plan (bilateral)",
            "evidence": "'we approach one department one at a time'",
        },
    )


# --------------------------------------------------------------------------- processes
@dataclass
class ProcessesConfig:
    """Parameters of the monthly processes, one section per module in ``processes/``."""

    turnover: TurnoverParams = field(default_factory=TurnoverParams)
    engagement: EngagementParams = field(default_factory=EngagementParams)
    joint_action: JointActionParams = field(default_factory=JointActionParams)
    adaptation: AdaptationParams = field(default_factory=AdaptationParams)
    mindset: MindsetParams = field(default_factory=MindsetParams)
    panchayat: PanchayatParams = field(default_factory=PanchayatParams)
    reach: ReachParams = field(default_factory=ReachParams)
    monitoring: MonitoringParams = field(default_factory=MonitoringParams)
    coordination: CoordinationParams = field(default_factory=CoordinationParams)
    village: VillageParams = field(default_factory=VillageParams)


# --------------------------------------------------------------------------- a run
@dataclass
class RunConfig:
    """Everything one simulation run needs."""

    state: StateConfig = MISSING
    interventions: InterventionsConfig = field(default_factory=InterventionsConfig)
    processes: ProcessesConfig = field(default_factory=ProcessesConfig)
    seed: int = param(42, 0, 2**32 - 1, doc="base seed", evidence=RUN_OPTION)
    replicate: int = param(
        0,
        0,
        10**9,
        doc="replicate number; with seed, sets every stream",
        evidence=RUN_OPTION,
    )
    months: int = param(
        120,
        1,
        1200,
        unit="months",
        doc="months simulated",
        evidence=f"{RUN_OPTION} (ten years by default)",
    )
    scale: float = param(
        0.1,
        0,
        1,
        low_open=True,
        doc="share of each district's blocks kept (1 = whole state)",
        evidence=f"{RUN_OPTION}; headline indicators agree at scales 0.1 to 1 "
        "(results/scale_invariance.md)",
    )
    output_dir: str | None = field(
        default=None,
        metadata={
            "doc": "where to write; default results/runs/<state>-seed<seed>-<hash>",
            "evidence": RUN_OPTION,
        },
    )
    progress: bool = field(
        default=True, metadata={"doc": "show a progress bar", "evidence": RUN_OPTION}
    )


@dataclass
class CommandConfig(RunConfig):
    """The run command's config: a run's config and how the command may write its results.

    ``overwrite`` changes what may be replaced, never a result, so it is kept out of
    :class:`RunConfig` (and so out of each run's ``config.yaml`` and config hash).
    """

    overwrite: bool = field(
        default=False,
        metadata={
            "doc": "replace an earlier run in output_dir (only the files it wrote); "
            "without output_dir, reuse the config's folder instead of adding -2, -3, ...",
            "evidence": RUN_OPTION,
        },
    )


def register() -> None:
    """Register the schemas with Hydra's ConfigStore (the YAML files extend them)."""
    cs = ConfigStore.instance()
    cs.store(name="base_config", node=CommandConfig)
    cs.store(group="schema", name="state", node=StateConfig)
    cs.store(group="schema", name="interventions", node=InterventionsConfig)


register()


def validate(config: RunConfig) -> RunConfig:
    """Check ranges and combinations; raise :class:`ConfigError` naming key, value, allowed."""
    check_ranges(config)
    from simulation.structure import check_structure

    check_structure(config.state.structure)
    phases = config.state.gram_panchayats.initial_phases
    if len(phases) != 5 or abs(sum(phases) - 1.0) > 1e-6:
        raise ConfigError(
            f"state.gram_panchayats.initial_phases = {list(phases)} is not allowed; "
            "allowed: five shares (phases 0 to 4) in [0, 1] that sum to 1"
        )
    ladder = config.processes.panchayat.ladder
    if len(ladder) != 4:
        raise ConfigError(
            f"processes.panchayat.ladder = {list(ladder)} is not allowed; "
            "allowed: four values in [0, 1], for moving up from phases 0, 1, 2 and 3"
        )
    iv = config.interventions
    if iv.training is not Training.none and iv.training_start_month >= config.months:
        raise ConfigError(
            f"interventions.training_start_month = {iv.training_start_month} is not allowed "
            f"with months = {config.months}; allowed: 0 to {config.months - 1}, "
            "so that training starts within the run"
        )
    if iv.shock_start_month is not None and iv.shock_start_month >= config.months:
        raise ConfigError(
            f"interventions.shock_start_month = {iv.shock_start_month} is not allowed with "
            f"months = {config.months}; allowed: 0 to {config.months - 1}, or null for no shock"
        )
    m = config.processes.monitoring
    if m.drop_below > m.reform_below:
        raise ConfigError(
            f"processes.monitoring.drop_below = {m.drop_below} is not allowed with "
            f"processes.monitoring.reform_below = {m.reform_below}; allowed: 0 to "
            f"{m.reform_below} (a forum is wound up only when reported below the level that "
            "gets it reformed)"
        )
    functions = ("cmu_guidelines", "cmu_focal_points", "cmu_reviews", "cmu_troubleshooting")
    if iv.central_management_unit and not any(getattr(iv, f) for f in functions):
        raise ConfigError(
            "interventions.central_management_unit = true is not allowed with every one of "
            f"interventions.{', '.join(functions)} = false; allowed: a CMU with at least one "
            "function, or central_management_unit = false"
        )
    r = config.processes.reach
    if r.health_weight + r.panchayat_weight + r.tie_weight <= 0:
        raise ConfigError(
            "processes.reach.health_weight + panchayat_weight + tie_weight = 0 is not allowed; "
            "allowed: a positive sum"
        )
    return config


def to_run_config(cfg: DictConfig) -> RunConfig:
    """Turn a composed Hydra config into a validated :class:`RunConfig` (the command's own
    options, such as ``overwrite``, are read from ``cfg`` by the command)."""
    try:
        config = OmegaConf.to_object(cfg)
        if not isinstance(config, RunConfig):  # composed without the schema
            config = OmegaConf.to_object(OmegaConf.merge(OmegaConf.structured(CommandConfig), cfg))
    except MissingMandatoryValue as error:
        raise ConfigError(missing_value_problem(str(error.full_key))) from None
    if type(config) is not RunConfig:
        config = RunConfig(
            **{f.name: getattr(config, f.name) for f in dataclasses.fields(RunConfig)}
        )
    return validate(config)


def missing_value_problem(key: str) -> str:
    """One line for a key the composed config leaves without a value (a state file that lacks
    it, or is empty): the file the key should be in, the key, and what is allowed there."""
    group = key.split(".", 1)[0]
    choice, file = _group_file(group)
    allowed = (
        f"{allowed_for(key)} (as in configs/{group}/kerala.yaml)"
        if group == "state"
        else allowed_for(key)
    )
    if choice is None:
        return f"{key} has no value; allowed: {allowed}"
    where = f"{group} file {choice!r} ({file or f'{group}/{choice}.yaml'})"
    if file is not None and not Path(file).read_text().strip():
        return f"{where} is empty; allowed: every key of a {group} file, e.g. {key} = {allowed}"
    return f"{where} lacks {key}; allowed: {allowed}"


def _group_file(group: str) -> tuple[str | None, str | None]:
    """The option of config ``group`` the running Hydra command chose, and the YAML file it
    was read from (``None`` for either where that is not known)."""
    from hydra.core.hydra_config import HydraConfig

    if not HydraConfig.initialized():
        return None, None
    runtime = HydraConfig.get().runtime
    choice = runtime.choices.get(group)
    if choice is None:
        return None, None
    for source in runtime.config_sources:
        candidate = Path(source.path) / group / f"{choice}.yaml"
        if source.schema == "file" and candidate.is_file():
            return str(choice), str(candidate)
    return str(choice), None


def allowed_for(key: str) -> str:
    """What the schema allows for the dotted ``key`` of a :class:`RunConfig` (a whole number,
    a number, text, ...), with the field's description where it has one."""
    owner, declared, doc = CommandConfig, None, ""
    for name in key.split("."):
        if not (isinstance(owner, type) and dataclasses.is_dataclass(owner)):
            return "a value"
        fields = {f.name: f for f in dataclasses.fields(owner)}
        if name not in fields:
            return "a value"
        declared = _field_types(owner)[name]
        doc = fields[name].metadata.get("doc", "")
        owner = declared
    kinds = {int: "a whole number", float: "a number", str: "text", bool: "true or false"}
    if isinstance(declared, type) and issubclass(declared, enum.Enum):
        kind = "one of " + ", ".join(m.name for m in declared)
    elif isinstance(declared, type) and dataclasses.is_dataclass(declared):
        kind = "a section of keys"
    else:
        kind = kinds.get(declared, "a value")
    return f"{kind} ({doc})" if doc else kind


def load_config(overrides: list[str] | tuple[str, ...] = ()) -> RunConfig:
    """Compose ``configs/config.yaml`` with command-line style overrides, and validate it.

    Example: ``load_config(["state=kerala", "scale=0.2", "interventions.training=pdia"])``.
    """
    outer = GlobalHydra.instance()
    app = outer.hydra if outer.is_initialized() else None  # called from inside a Hydra app
    outer.clear()
    try:
        with initialize_config_dir(config_dir=str(CONFIG_DIR), version_base="1.3"):
            cfg = compose(config_name="config", overrides=list(overrides))
    finally:
        if app is not None:
            GlobalHydra.instance().initialize(app)
    return to_run_config(cfg)


def as_yaml(config: RunConfig) -> str:
    """The resolved config as YAML, as written next to a run's results (and hashed to name a
    sweep job's folder): the very text of ``OmegaConf.to_yaml(OmegaConf.structured(config))``
    (tested), rendered from the dataclasses directly, in a seventh of the time (a sweep renders
    every job's config)."""
    return yaml.dump(
        _as_container(config, RunConfig),
        Dumper=get_omega_conf_dumper(),  # OmegaConf's own, as to_yaml uses
        default_flow_style=False,
        allow_unicode=True,
        sort_keys=False,
    )


@functools.cache
def _field_types(config_type: type) -> dict[str, object]:
    return typing.get_type_hints(config_type)


def _as_container(value, declared):
    """``value`` as OmegaConf's structured config of its declared type holds it, as plain
    dicts, lists and scalars: a number in a float field is a float, an enum is its name."""
    if dataclasses.is_dataclass(value):
        types_ = _field_types(type(value))
        return {
            f.name: _as_container(getattr(value, f.name), types_[f.name])
            for f in dataclasses.fields(value)
        }
    if value is None:
        return None
    if typing.get_origin(declared) in (typing.Union, types.UnionType):  # X | None
        (declared,) = [t for t in typing.get_args(declared) if t is not type(None)]
    if typing.get_origin(declared) in (list, tuple):
        (item,) = {t for t in typing.get_args(declared) if t is not Ellipsis}
        return [_as_container(v, item) for v in value]
    if isinstance(value, enum.Enum):
        return value.name
    if declared in (float, int, bool, str):  # a whole number in a float field is a float
        return declared(value)
    return value


def replace(config: RunConfig, **changes) -> RunConfig:
    """A copy of ``config`` with top-level fields changed."""
    return dataclasses.replace(config, **changes)
