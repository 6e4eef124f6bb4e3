"""Whether the cluster a sweep's launcher needs is there, checked before anything is written.

Hydra's SLURM launcher (``hydra/launcher=slurm``, submitit's) and Ray launchers
(``hydra/launcher=ray_cluster``) are the command-line road to clusters. Without a scheduler,
submitit stops with a traceback ("Could not detect srun"), and Ray with another once the sweep
has begun; :func:`check_cluster` refuses such a sweep first, in one line (a
:class:`~simulation.parameters.ConfigError`: exit status 2, nothing written), from the sweep
callback's check of the launcher (:func:`simulation.sweep.plan.check_launcher`).
"""

from __future__ import annotations

import os
import shutil
import socket
import tempfile
from pathlib import Path
from urllib.parse import urlsplit

from simulation.parameters import ConfigError

#: Seconds to wait for a Ray head to answer.
CONNECT_SECONDS = 3.0
#: Where ``ray start --head`` writes the address of the cluster on this machine (Ray's own).
RAY_CURRENT_CLUSTER = "ray/ray_current_cluster"


def check_cluster(launcher) -> None:
    """Raise :class:`ConfigError` if ``launcher`` (``hydra.launcher``) needs a cluster that is
    not there: a SLURM launcher without ``srun`` on the path, a Ray launcher whose head does
    not answer. A local launcher (joblib, ``ray_local``, ``submitit_local``) passes."""
    target = str(launcher.get("_target_", ""))
    if target.endswith("SlurmLauncher") and shutil.which("srun") is None:
        raise ConfigError(
            "hydra/launcher=slurm needs a SLURM cluster and there is none here (no srun on the "
            "path); allowed: run it on the cluster's login node, or leave hydra/launcher out to "
            "run on this machine's cores"
        )
    if target.endswith("RayLauncher"):
        init = (launcher.get("ray") or {}).get("init") or {}
        address = init.get("address")
        if address is not None:
            check_ray_head(str(address))


def check_ray_head(
    address: str,
    key: str = "hydra.launcher.ray.init.address",
    local: str = "hydra/launcher=ray_local",
) -> None:
    """Raise :class:`ConfigError` unless the Ray head at ``address`` answers (``auto``: the
    ``RAY_ADDRESS`` environment variable, else the cluster ``ray start`` began here). ``key``
    is the setting that named it, ``local`` how to run on this machine instead."""
    given = address
    if address == "auto":
        address = os.environ.get("RAY_ADDRESS") or _current_cluster()
        if not address:
            raise ConfigError(
                f"{key} = 'auto': no Ray cluster is running here (none "
                "started with `ray start --head`, no RAY_ADDRESS); allowed: the address of a "
                f"running head (<host>:6379 or ray://<host>:10001), or {local}"
            )
    host, port = _host_port(address)
    try:
        with socket.create_connection((host, port), timeout=CONNECT_SECONDS):
            pass
    except (OSError, ValueError) as error:
        raise ConfigError(
            f"{key} = {given!r}: the Ray head at {host}:{port} does not "
            f"answer ({error}); allowed: the address of a running head (start it with "
            f"`ray start --head`), or {local}"
        ) from None


def _current_cluster() -> str | None:
    path = Path(tempfile.gettempdir()) / RAY_CURRENT_CLUSTER
    try:
        return path.read_text().strip() or None
    except OSError:
        return None


def _host_port(address: str) -> tuple[str, int]:
    """Host and port of ``<host>:<port>`` or ``ray://<host>:<port>`` (Ray's default ports)."""
    parts = urlsplit(address if "://" in address else f"gcs://{address}")
    default = 10001 if parts.scheme == "ray" else 6379
    try:
        return parts.hostname or "127.0.0.1", parts.port or default
    except ValueError:
        raise ConfigError(
            f"hydra.launcher.ray.init.address = {address!r} is not an address; allowed: "
            "<host>:<port>, ray://<host>:<port> or auto"
        ) from None
