"""Agent-based simulation of multisectoral collaboration for primary health care in India."""

from simulation.config import RunConfig, load_config
from simulation.model import CollaborationModel
from simulation.parameters import ConfigError

__all__ = ["CollaborationModel", "ConfigError", "RunConfig", "load_config"]
__version__ = "0.1.0"
